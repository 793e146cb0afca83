//! `FormSession`: the wasm side of `attachForm` (`pkg-config/form.js`). One call per coalesced
//! keystroke: form values in (JSON), everything the page needs out (JSON) — the lead, its score,
//! the next question, which conditional questions to show, hidden-field values and the submit
//! outcome. The decisions are `core::form`'s; this file only converts.

use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use super::error::WebError;
use crate::core::form::{
    is_shown, lead_from_form, next_question, Enrichment, FieldMap, FieldProblem, MappingProblem,
    NextQuestion, ShowWhen, SubmitAction,
};
use crate::core::{self, InputError, Lead, Message, Model, ScoredLead};

#[wasm_bindgen(js_name = FormSession)]
pub struct FormSession {
    model: Model,
    fields: FieldMap,
    mapping_problems: Vec<MappingProblem>,
    lead_id: String,
    /// What the page knew about the visitor; answers override it.
    known: Map<String, Value>,
    /// The enrichment hook's answer for the domain last looked up.
    enrichment: Option<Enrichment>,
    conditional: Vec<(String, ShowWhen)>,
}

#[wasm_bindgen(js_class = FormSession)]
impl FormSession {
    /// `options_json`: `{ model?: object, fields?: {name: path}, knownLead?: object, formType?:
    /// string, leadId?: string, conditional?: {name: "likely_buyer" | {fit_at_least: n} |
    /// {unless: [codes]}} }`.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> Result<FormSession, JsValue> {
        let options: Value = serde_json::from_str(options_json)
            .map_err(|e| WebError::from(InputError::from_json(e, options_json)))?;
        let model = match options.get("model").filter(|m| !m.is_null()) {
            Some(model) => Model::from_json(&model.to_string()).map_err(WebError::from)?,
            None => Model::default_model(),
        };
        let custom: Vec<(String, String)> = object_entries(options.get("fields"))
            .filter_map(|(name, path)| path.as_str().map(|p| (name.clone(), p.to_string())))
            .collect();
        let (fields, mapping_problems) = FieldMap::with(&custom);
        let mut known = options
            .get("knownLead")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        // What submitting this form means (`consultation_request`, `demo_request`…): the
        // hand-raise the visitor is about to make, scored while they type.
        if let Some(form_type) = options.get("formType").and_then(Value::as_str) {
            let form = known
                .entry("form".to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(form) = form {
                form.insert("type".to_string(), Value::from(form_type));
            }
        }
        let mut conditional = Vec::new();
        for (name, rule) in object_entries(options.get("conditional")) {
            let rule = show_rule(rule).ok_or_else(|| {
                WebError::Input(InputError::new(
                    core::ErrorCode::InvalidField,
                    format!("conditional.{name}"),
                    "expected \"likely_buyer\", {\"fit_at_least\": n} or {\"unless\": [codes]}",
                ))
            })?;
            conditional.push((name.clone(), rule));
        }
        Ok(FormSession {
            model,
            fields,
            mapping_problems,
            lead_id: options
                .get("leadId")
                .and_then(Value::as_str)
                .filter(|id| !id.trim().is_empty())
                .unwrap_or("form")
                .to_string(),
            known,
            enrichment: None,
            conditional,
        })
    }

    /// Field mappings that could not be used, as JSON `[{field, message}]`.
    #[wasm_bindgen(js_name = mappingProblems)]
    pub fn mapping_problems(&self) -> String {
        serde_json::to_string(&self.mapping_problems).unwrap_or_else(|_| "[]".to_string())
    }

    /// The lead path a form field fills, if any.
    #[wasm_bindgen(js_name = pathOf)]
    pub fn path_of(&self, field_name: &str) -> Option<String> {
        self.fields.path_of(field_name).map(str::to_string)
    }

    /// Company fields the enrichment hook returned for `domain` (`{employees, industry, …}`
    /// JSON), replacing earlier ones. They fill what the form does not say, while the lead is at
    /// that domain; typed answers win.
    #[wasm_bindgen(js_name = setEnrichment)]
    pub fn set_enrichment(&mut self, domain: &str, company_json: &str) -> Result<(), JsValue> {
        self.enrichment = Some(Enrichment::parse(domain, company_json).map_err(WebError::from)?);
        Ok(())
    }

    /// Scores the form. `values_json`: `[[name, value], …]` in form order; `sticky_json`: names of
    /// conditional fields that must stay shown (focused or answered).
    pub fn update(
        &self,
        values_json: &str,
        sticky_json: &str,
        now_ms: f64,
    ) -> Result<String, JsValue> {
        let values: Vec<(String, String)> = serde_json::from_str(values_json)
            .map_err(|e| WebError::from(InputError::from_json(e, values_json)))?;
        let sticky: Vec<String> = serde_json::from_str(sticky_json).unwrap_or_default();
        let now = super::api::timestamp(now_ms)?;
        let mut form = lead_from_form(&self.lead_id, &values, &self.fields, Some(&self.known));
        // The lead records which fields enrichment filled (`company.enriched_fields`): their
        // evidence is marked so, here and wherever the lead goes next (the panel, the CRM).
        let enriched = self
            .enrichment
            .as_ref()
            .map(|e| e.apply(&mut form.lead))
            .unwrap_or_default();
        let result = core::score(&form.lead, &self.model, now).map_err(WebError::from)?;

        let mut shown: Vec<(&str, bool)> = Vec::with_capacity(self.conditional.len());
        for (name, rule) in &self.conditional {
            let keep = sticky.iter().any(|s| s == name);
            shown.push((name, is_shown(rule, &result, &self.model, keep)));
        }
        // Ask only what the visitor can see: unconditional fields and shown conditional ones.
        let candidates: Vec<(String, String)> = values
            .iter()
            .filter(|(name, _)| shown.iter().all(|(n, visible)| n != name || *visible))
            .filter_map(|(name, _)| {
                self.fields
                    .path_of(name)
                    .map(|path| (name.clone(), path.to_string()))
            })
            .collect();
        let next = next_question(&form, &candidates, &self.model, now, &result);
        let output = Output {
            lead: &form.lead,
            answered: &form.answered,
            problems: &form.problems,
            next_question: next,
            shown: shown.into_iter().collect(),
            hidden: Hidden::of(&result),
            submit: Submit::of(&result),
            enriched,
        };
        // The result is written by its own fast writer and spliced in first: `{"result":…,` +
        // the other members (an object with members, so its text starts with `{"`).
        let rest = serde_json::to_string(&output).map_err(WebError::from)?;
        let result = result.to_ascii_json();
        let mut text = String::with_capacity(result.len() + rest.len() + 12);
        text.push_str("{\"result\":");
        text.push_str(&result);
        text.push(',');
        text.push_str(rest.get(1..).unwrap_or("}"));
        Ok(text)
    }
}

fn object_entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

fn show_rule(rule: &Value) -> Option<ShowWhen> {
    if rule.as_str() == Some("likely_buyer") {
        return Some(ShowWhen::LikelyBuyer);
    }
    if let Some(score) = rule.get("fit_at_least").and_then(Value::as_i64) {
        return Some(ShowWhen::FitAtLeast(score.clamp(0, 100) as i32));
    }
    let codes = rule.get("unless")?.as_array()?;
    Some(ShowWhen::Unless(
        codes
            .iter()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect(),
    ))
}

#[derive(Serialize)]
struct Output<'a> {
    lead: &'a Lead<'a>,
    answered: &'a [String],
    problems: &'a [FieldProblem],
    next_question: Option<NextQuestion>,
    shown: ShownMap<'a>,
    hidden: Hidden<'a>,
    submit: Submit<'a>,
    enriched: Vec<&'static str>,
}

/// `{name: bool}` without a map type (a BTreeMap would cost the bundle kilobytes).
struct ShownMap<'a>(Vec<(&'a str, bool)>);

impl<'a> FromIterator<(&'a str, bool)> for ShownMap<'a> {
    fn from_iter<I: IntoIterator<Item = (&'a str, bool)>>(iter: I) -> Self {
        ShownMap(iter.into_iter().collect())
    }
}

impl Serialize for ShownMap<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, shown) in &self.0 {
            map.serialize_entry(name, shown)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Hidden<'a> {
    leadlens_fit: String,
    leadlens_intent: String,
    leadlens_route: &'static str,
    leadlens_disqualification: &'a str,
    leadlens_model_version: &'a str,
}

impl<'a> Hidden<'a> {
    fn of(result: &'a ScoredLead<'a>) -> Hidden<'a> {
        Hidden {
            leadlens_fit: result.fit.score.to_string(),
            leadlens_intent: result.intent.score.to_string(),
            leadlens_route: result.route.as_str(),
            leadlens_disqualification: result
                .disqualification
                .as_ref()
                .map_or("", |d| d.code.as_ref()),
            leadlens_model_version: &result.model.version,
        }
    }
}

#[derive(Serialize)]
struct Submit<'a> {
    action: SubmitAction,
    route: &'static str,
    fit: i32,
    intent: i32,
    disqualification: Option<&'a str>,
    reason: &'a Message<'a>,
}

impl<'a> Submit<'a> {
    fn of(result: &'a ScoredLead<'a>) -> Submit<'a> {
        Submit {
            action: SubmitAction::for_result(result),
            route: result.route.as_str(),
            fit: result.fit.score,
            intent: result.intent.score,
            disqualification: result.disqualification.as_ref().map(|d| d.code.as_ref()),
            reason: &result.route_reason.text,
        }
    }
}
