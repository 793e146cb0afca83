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
