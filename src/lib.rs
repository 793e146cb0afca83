//! leadlens: explainable B2B lead scoring.
//!
//! [`core`] is the pure scoring engine (fit, intent, negative fit, routing, evidence). The `web`
//! module (wasm32 only) is a thin wasm-bindgen binding over it; the `leadlens` binary is the CLI.
//! See `ARCHITECTURE.md` for the code map and invariants.

pub mod core;

// Public only so that `tests/web.rs` (wasm-bindgen-test) can drive the exports; JavaScript users
// go through the npm package in `pkg/`.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod web;

// The wasm allocator: Talc instead of Rust's default dlmalloc. Measured on the scoring bundle:
// 1.9 KB gzip smaller, and a score call as fast (Node, A/B in one process, both orders).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
