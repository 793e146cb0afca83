// `node --import ./tests/register-jsx.mjs`: lets Node import the card's .jsx (HubSpot builds cards
// itself; here esbuild turns JSX into plain calls, with React's automatic runtime as HubSpot's
// card template expects). Nothing else is transformed.
import { register } from 'node:module';

register('./jsx-hooks.mjs', import.meta.url);
