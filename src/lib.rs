//! leadlens: explainable B2B lead scoring.
//!
//! [`core`] is the pure scoring engine (fit, intent, negative fit, routing, evidence). The `web`
//! module (wasm32 only) is a thin wasm-bindgen binding over it; the `leadlens` binary is the CLI.
//! See `ARCHITECTURE.md` for the code map and invariants.

pub mod core;

#[cfg(target_arch = "wasm32")]
mod web;
