//! The one place where errors become JavaScript values (STYLE.md §1).
//!
//! Every error thrown to JS is a `js_sys::Error` with `name = "LeadlensError"`, a stable snake_case
//! `code` and a `path` (JSON path of the offending value, `""` for the whole input). Batch errors add
//! `errors: [{code, path, message}]`, model errors add `problems: [{path, message}]`. The JS wrapper
//! rethrows them as instances of its `LeadlensError` class with the same fields.

use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::core::display::Decimal;
use crate::core::{InputError, ModelError};

/// Everything an export can fail with.
#[derive(Debug)]
pub(crate) enum WebError {
    /// One unreadable lead.
    Input(InputError),
    /// Every unreadable element of a batch, paths prefixed with the element index (`[3].id`).
    #[cfg_attr(not(feature = "scorer"), allow(dead_code))]
    Batch(Vec<InputError>),
    /// An unreadable or invalid model, with every problem found.
    Model(ModelError),
    /// `now_ms` is not a usable instant (NaN, ±Infinity, or outside the range of a JS `Date`).
    #[cfg_attr(
        not(any(feature = "scorer", feature = "form", feature = "report")),
        allow(dead_code)
    )]
    InvalidNow(f64),
    /// A result that could not be serialised; a defect, never caused by input.
    Internal(String),
}

impl From<InputError> for WebError {
    fn from(e: InputError) -> Self {
        WebError::Input(e)
    }
}

impl From<ModelError> for WebError {
    fn from(e: ModelError) -> Self {
        WebError::Model(e)
    }
}

impl From<serde_json::Error> for WebError {
    fn from(e: serde_json::Error) -> Self {
        WebError::Internal(e.to_string())
    }
}

impl WebError {
    fn code(&self) -> &'static str {
        match self {
            WebError::Input(e) => e.code.as_str(),
            // A batch fails as a whole; its elements keep their own codes in `errors`.
            WebError::Batch(errors) => errors.first().map_or("invalid_json", |e| e.code.as_str()),
            WebError::Model(e) => e.code.as_str(),
            WebError::InvalidNow(_) => "invalid_now",
            WebError::Internal(_) => "internal_error",
        }
    }

    fn path(&self) -> &str {
        match self {
            WebError::Input(e) => &e.path,
            WebError::Batch(errors) => errors.first().map_or("", |e| e.path.as_str()),
            WebError::Model(e) => e.problems.first().map_or("", |p| p.path.as_str()),
            WebError::InvalidNow(_) | WebError::Internal(_) => "",
        }
    }

    fn message(&self) -> String {
        match self {
            WebError::Input(e) => e.to_string(),
            WebError::Batch(errors) => {
                let first = errors.first().map(ToString::to_string).unwrap_or_default();
                match errors.len() {
                    1 => format!("1 invalid lead: {first}"),
                    n => format!("{n} invalid leads (see `errors`); first: {first}"),
                }
            }
            WebError::Model(e) => e.to_string(),
            WebError::InvalidNow(ms) => {
                format!(
                    "now: expected a finite time in milliseconds since the epoch, got {}",
                    Decimal(*ms)
                )
            }
            WebError::Internal(text) => format!("internal error: {text}"),
        }
    }
}

/// The `errors` entries of a batch error.
#[derive(Serialize)]
struct ErrorItem<'a> {
    code: &'static str,
    path: &'a str,
    message: &'a str,
}

impl From<WebError> for JsValue {
    fn from(e: WebError) -> JsValue {
        let err = js_sys::Error::new(&e.message());
        err.set_name("LeadlensError");
        set(&err, "code", &e.code().into());
        set(&err, "path", &e.path().into());
        match &e {
            WebError::Batch(errors) => {
                let items: Vec<ErrorItem> = errors
                    .iter()
                    .map(|e| ErrorItem {
                        code: e.code.as_str(),
                        path: &e.path,
                        message: &e.message,
                    })
                    .collect();
                set(&err, "errors", &json_value(&items));
            }
            WebError::Model(m) => set(&err, "problems", &json_value(&m.problems)),
            _ => {}
        }
        err.into()
    }
}

fn set(target: &js_sys::Error, key: &str, value: &JsValue) {
    // Setting a property on a fresh, unfrozen Error object cannot fail.
    let _ = js_sys::Reflect::set(target, &key.into(), value);
}

/// Plain JS objects/arrays from serialisable data, via the engine's own JSON parser.
fn json_value<T: Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::UNDEFINED)
}
