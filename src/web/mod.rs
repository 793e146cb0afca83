//! wasm-bindgen binding (wasm32 only). Thin: converts, calls `crate::core`, converts back.
//!
//! Text crosses the boundary, not values walked one by one: the JS wrapper (`pkg-config/api.js`)
//! hands leads over as `JSON.stringify` text (which also turns `Date`s into RFC 3339 strings), and
//! results come back as a tape (`core::tape`) that a short JS loop reads into the same objects
//! `JSON.parse` would give, faster. The panel, form and report bundles hand results over as ASCII
//! JSON text. The exported names are internal; users see the hand-written API in `pkg-config/`.

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
#[cfg(feature = "scorer")]
mod scorer;

pub use api::{default_model_json, parse_timestamp_ms, validate_model_json, version};
#[cfg(feature = "form")]
pub use form::FormSession;
#[cfg(feature = "panel")]
pub use panel::PanelView;
#[cfg(feature = "report")]
pub use report::ReportInput;
#[cfg(feature = "scorer")]
pub use scorer::{result_keys, Scorer};

use wasm_bindgen::prelude::wasm_bindgen;

/// Runs once when the module is instantiated: panics (which abort) at least leave a readable
/// message in the console instead of a bare `unreachable` trap.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}
