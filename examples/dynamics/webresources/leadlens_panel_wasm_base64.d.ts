// Types of the module scripts/wasm-base64.mjs generates (the generated .js is not committed).
/** The leadlens version the wasm came from. */
export const leadlensVersion: string;
/** SHA-256 of the wasm bytes, hex. */
export const sha256: string;
/** The panel's wasm bytes. */
export function wasmBytes(): Uint8Array;
