// Browser (and default) entry: call `await init()` once, or `initSync({ module })` with inlined bytes.
export { default } from './api.js';
export * from './api.js';
