//! wasm-bindgen binding (wasm32 only). Thin: converts, calls `crate::core`, converts back.
//!
//! JSON text crosses the boundary in both directions: the JS wrapper (`pkg-config/api.js`) does
//! `JSON.stringify`/`JSON.parse`, which is faster than walking large nested results value by value
//! and turns `Date`s into RFC 3339 strings for free. The exported names are internal; users see the
//! hand-written API in `pkg-config/`.

mod api;
#[cfg(feature = "panel")]
mod dom;
mod error;
#[cfg(feature = "form")]
mod form;
#[cfg(feature = "panel")]
mod host;
#[cfg(feature = "panel")]
mod outbox;
#[cfg(feature = "panel")]
mod panel;
#[cfg(feature = "report")]
mod report;

pub use api::{default_model_json, parse_timestamp_ms, validate_model_json, version, Scorer};
#[cfg(feature = "form")]
pub use form::FormSession;
#[cfg(feature = "panel")]
pub use panel::PanelView;
#[cfg(feature = "report")]
pub use report::ReportInput;

use wasm_bindgen::prelude::wasm_bindgen;

/// Runs once when the module is instantiated: panics (which abort) at least leave a readable
/// message in the console instead of a bare `unreachable` trap.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}
