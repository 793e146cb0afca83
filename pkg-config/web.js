// Browser (and default) entry: call `await init()` once, or `initSync({ module })` with inlined bytes.
// scripts/build-wasm.sh bundles this file with api.js and the wasm-bindgen glue into one module.
export { default } from './api.js';
export * from './api.js';
