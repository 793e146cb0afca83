// Node entry: instantiates the module synchronously on import, so `import { score } from 'leadlens'`
// works with no init step. `init()`/`initSync()` stay exported (as no-ops) for code shared with browsers.
import { readFileSync } from 'node:fs';
import { initSync } from './web.js';

initSync({ module: readFileSync(new URL('./leadlens_wasm_bg.wasm', import.meta.url)) });

export { default } from './web.js';
export * from './web.js';
