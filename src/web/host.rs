//! The host interface (`LeadHost` in CONTRACTS.md and `pkg-config/index.d.ts`) seen from Rust.
//!
//! Duck-typed: the `extern "C"` block calls methods by name on whatever object the page passed,
//! so any CRM adapter — or a plain object literal — works. Everything a host returns is untrusted:
//! a method may be missing, throw, return a non-promise, or resolve to the wrong shape, and each
//! of those becomes a readable error instead of a panic.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::outbox::PostOutcome;

#[wasm_bindgen]
extern "C" {
    /// Any object with the `LeadHost` members.
    #[derive(Clone)]
    pub type LeadHost;

    #[wasm_bindgen(method, catch, js_name = readLead)]
    fn read_lead_raw(this: &LeadHost) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = postDecision)]
    fn post_decision_raw(
        this: &LeadHost,
        decision: &JsValue,
        expected_version: &JsValue,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = onLeadChange)]
    fn on_lead_change_raw(this: &LeadHost, callback: &Function) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = version)]
    fn version_raw(this: &LeadHost) -> Result<JsValue, JsValue>;

    /// `{ get(key): Promise<string|null>, set(key, value): Promise<void> }`.
    #[derive(Clone)]
    pub type DecisionStore;

    #[wasm_bindgen(method, catch, js_name = get)]
    fn get_raw(this: &DecisionStore, key: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = set)]
    fn set_raw(this: &DecisionStore, key: &str, value: &str) -> Result<JsValue, JsValue>;
}

/// Awaits what a host method returned, whether a promise or a plain value; a throw or a rejection
/// becomes `Err` with the error's message.
async fn settle(returned: Result<JsValue, JsValue>) -> Result<JsValue, String> {
    let value = returned.map_err(|e| error_message(&e))?;
    JsFuture::from(Promise::resolve(&value))
        .await
        .map_err(|e| error_message(&e))
}

/// The readable part of anything JS can throw.
pub(crate) fn error_message(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error
        .as_string()
        .unwrap_or_else(|| "the host failed without a message".to_string())
}

fn member(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn has_method(object: &JsValue, name: &str) -> bool {
    member(object, name).is_function()
}

impl LeadHost {
    /// Accepts any object with `readLead` and `postDecision` functions.
    pub fn from_js(value: JsValue) -> Result<LeadHost, String> {
        if !value.is_object() {
            return Err("host: expected an object implementing LeadHost".to_string());
        }
        for required in ["readLead", "postDecision"] {
            if !has_method(&value, required) {
                return Err(format!(
                    "host: missing the `{required}` function of LeadHost"
                ));
            }
        }
        Ok(value.unchecked_into())
    }

    /// The current record as a Lead (a JS value; the caller parses it).
    pub async fn read_lead(&self) -> Result<JsValue, String> {
        settle(self.read_lead_raw()).await
    }

    /// Subscribes to lead changes when the host supports it; returns the unsubscribe function.
    pub fn subscribe(&self, callback: &Function) -> Result<Option<Function>, String> {
        if !has_method(self, "onLeadChange") {
            return Ok(None);
        }
        let unsubscribe = self
            .on_lead_change_raw(callback)
            .map_err(|e| error_message(&e))?;
        Ok(unsubscribe.dyn_into::<Function>().ok())
    }

    /// The version of the record last read, if the host tracks versions.
    pub async fn record_version(&self) -> Option<String> {
        if !has_method(self, "version") {
            return None;
        }
        let value = settle(self.version_raw()).await.ok()?;
        // Numbers are converted by JS: Rust's float formatting would cost the bundle ~10 KB.
        value.as_string().or_else(|| {
            value
                .dyn_ref::<js_sys::Number>()
                .and_then(|n| n.to_string_with_radix(10).ok())
                .map(String::from)
        })
    }

    /// The signed-in reviewer's user id.
    pub fn reviewer(&self) -> Option<String> {
        member(self, "reviewer")
            .as_string()
            .filter(|id| !id.trim().is_empty())
    }

    /// `capabilities.write`; a host that does not say is assumed writable.
    pub fn can_write(&self) -> bool {
        let capabilities = member(self, "capabilities");
        member(&capabilities, "write").as_bool().unwrap_or(true)
    }

    /// The host's durable store, when it offers one with both methods.
    pub fn store(&self) -> Option<DecisionStore> {
        let store = member(self, "store");
        (store.is_object() && has_method(&store, "get") && has_method(&store, "set"))
            .then(|| store.unchecked_into())
    }

    /// Posts one decision (a JS object) and reads the answer. A throw or rejection counts as
    /// retryable (a network failure looks like that); an answer of the wrong shape is refused, so a
    /// broken adapter shows up instead of being retried forever.
    pub async fn post_decision(
        &self,
        decision: &JsValue,
        expected_version: Option<&str>,
    ) -> PostOutcome {
        let expected = expected_version.map_or(JsValue::UNDEFINED, JsValue::from_str);
        let answer = match settle(self.post_decision_raw(decision, &expected)).await {
            Ok(answer) => answer,
            Err(message) => return PostOutcome::Retryable(message),
        };
        let message = member(&answer, "message")
            .as_string()
            .unwrap_or_else(|| "the CRM did not say why".to_string());
        match member(&answer, "ok").as_bool() {
            Some(true) => PostOutcome::Confirmed,
            Some(false) if member(&answer, "conflict").as_bool() == Some(true) => {
                PostOutcome::Conflict(message)
            }
            Some(false) if member(&answer, "retryable").as_bool() == Some(true) => {
                PostOutcome::Retryable(message)
            }
            Some(false) => PostOutcome::Refused(message),
            None => PostOutcome::Refused(
                "the host answered postDecision without `ok: true|false`".to_string(),
            ),
        }
    }
}

impl DecisionStore {
    pub async fn read(&self, key: &str) -> Result<Option<String>, String> {
        let value = settle(self.get_raw(key)).await?;
        if value.is_null() || value.is_undefined() {
            return Ok(None);
        }
        value
            .as_string()
            .map(Some)
            .ok_or_else(|| "store.get: expected a string or null".to_string())
    }

    pub async fn write(&self, key: &str, value: &str) -> Result<(), String> {
        settle(self.set_raw(key, value)).await.map(drop)
    }
}
