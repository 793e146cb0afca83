//! Small DOM helpers for the panel. Text goes in through `textContent` only: nothing from a lead,
//! a model or a host is ever parsed as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node};

pub struct Dom {
    document: Document,
}

impl Dom {
    pub fn new() -> Result<Dom, JsValue> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| {
                JsValue::from_str("leadlens panel: no document (not in a browser page)")
            })?;
        Ok(Dom { document })
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    /// A new element with a class (empty: none).
    pub fn el(&self, tag: &str, class: &str) -> Result<Element, JsValue> {
        let element = self.document.create_element(tag)?;
        if !class.is_empty() {
            element.set_class_name(class);
        }
        Ok(element)
    }

    /// A new element appended to `parent`.
    pub fn add(&self, parent: &Node, tag: &str, class: &str) -> Result<Element, JsValue> {
        let element = self.el(tag, class)?;
        parent.append_child(&element)?;
        Ok(element)
    }

    /// A new element holding `text`, appended to `parent`.
    pub fn text(
        &self,
        parent: &Node,
        tag: &str,
        class: &str,
        text: &str,
    ) -> Result<Element, JsValue> {
        let element = self.add(parent, tag, class)?;
        element.set_text_content(Some(text));
        Ok(element)
    }

    /// A typed element (`HtmlSelectElement`…) appended to `parent`.
    pub fn typed<T: JsCast>(&self, parent: &Node, tag: &str, class: &str) -> Result<T, JsValue> {
        self.add(parent, tag, class)?
            .dyn_into::<T>()
            .map_err(|_| JsValue::from_str("leadlens panel: unexpected element type"))
    }
}

/// Sets several attributes (names are constants of this crate, so they are valid).
pub fn attrs(element: &Element, pairs: &[(&str, &str)]) -> Result<(), JsValue> {
    for (name, value) in pairs {
        element.set_attribute(name, value)?;
    }
    Ok(())
}

/// Shows or hides an element with the `hidden` attribute.
pub fn show(element: &Element, visible: bool) -> Result<(), JsValue> {
    if visible {
        element.remove_attribute("hidden")
    } else {
        element.set_attribute("hidden", "")
    }
}
