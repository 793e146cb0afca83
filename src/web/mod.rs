//! wasm-bindgen binding (wasm32 only). Thin: converts, calls `crate::core`, converts back.
