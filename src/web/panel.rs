//! `<leadlens-panel>`: the evidence panel a sales reviewer sees in the CRM sidebar, and the form
//! where they record a decision.
//!
//! `pkg-config/panel.js` defines the custom element (a JS class is the only way to extend
//! `HTMLElement`) and forwards properties and lifecycle callbacks to [`PanelView`]; everything
//! else — scoring, rendering, validation, the outbox — happens here. The shadow root has two
//! parts: the result (rebuilt off-DOM and swapped in one call on every score, so it never flickers)
//! and the decision form (built once; re-scoring never touches what the reviewer is typing).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{
    CssStyleSheet, CustomEvent, CustomEventInit, Element, Event, HtmlButtonElement, HtmlElement,
    HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, Node, ShadowRoot,
};

use super::dom::{attrs, show, Dom};
use super::host::{error_message, LeadHost};
use super::outbox::{Driver, Listener, Update};
use crate::core::outbox::{Entry, Status};
use crate::core::result::{Evidence, ReviewReason, Route};
use crate::core::text::sort_small_by_key;
use crate::core::{
    self, parse_lead, DecisionDraft, DecisionId, Lead, Model, Outcome, ScoredLead, Timestamp,
};

const STYLES: &str = include_str!("panel.css");

thread_local! {
    /// One constructed stylesheet shared by every panel (adopted, so it works under a CSP
    /// without `'unsafe-inline'`).
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// The Rust half of one `<leadlens-panel>` element.
#[wasm_bindgen(js_name = PanelView)]
pub struct PanelView {
    panel: Rc<Panel>,
}

#[wasm_bindgen(js_class = PanelView)]
impl PanelView {
    /// Builds the shadow DOM skeleton for `element` inside `root`.
    #[wasm_bindgen(constructor)]
    pub fn new(element: HtmlElement, root: ShadowRoot) -> Result<PanelView, JsValue> {
        let panel = Panel::build(element, root)?;
        Ok(PanelView { panel })
    }

    /// A lead object to score directly (no host), or `null` to clear.
    #[wasm_bindgen(js_name = setLead)]
    pub fn set_lead(&self, lead: JsValue) {
        self.panel.set_lead_value(&lead);
    }

    /// A `LeadHost`, or `null` to detach.
    #[wasm_bindgen(js_name = setHost)]
    pub fn set_host(&self, host: JsValue) {
        Panel::set_host(&self.panel, host);
    }

    /// A model object or JSON text; `null` for the embedded default model.
    #[wasm_bindgen(js_name = setModel)]
    pub fn set_model(&self, model: JsValue) {
        self.panel.set_model(&model);
    }

    /// When to score: milliseconds since the epoch, or `NaN` for "the current time".
    #[wasm_bindgen(js_name = setNow)]
    pub fn set_now(&self, now_ms: f64) {
        self.panel.now.set(
            now_ms
                .is_finite()
                .then(|| Timestamp::from_millis(now_ms as i64)),
        );
        self.panel.rescore();
    }

    /// The reviewer's user id when the host does not provide one.
    #[wasm_bindgen(js_name = setReviewer)]
    pub fn set_reviewer(&self, reviewer: Option<String>) {
        *self.panel.reviewer.borrow_mut() = reviewer.filter(|r| !r.trim().is_empty());
    }

    pub fn connect(&self) {
        Panel::connect(&self.panel);
    }

    pub fn disconnect(&self) {
        self.panel.disconnect();
    }

    /// Re-reads the lead from the host (or re-scores the lead set directly).
    pub fn refresh(&self) {
        Panel::refresh(&self.panel);
    }

    /// The last result as JSON text (`undefined` before the first score).
    #[wasm_bindgen(js_name = resultJson)]
    pub fn result_json(&self) -> Option<String> {
        let result = self.panel.result.borrow();
        result.as_ref().and_then(|r| serde_json::to_string(r).ok())
    }
}

/// A DOM event listener kept alive as long as the panel.
type EventHandler = Closure<dyn FnMut(Event)>;

/// The persistent nodes of the shadow DOM.
struct Parts {
    result: Element,
    form: HtmlFormElement,
    fields: Element,
    outcomes: Vec<(Outcome, HtmlInputElement)>,
    reason: HtmlSelectElement,
    reason_label: Element,
    reason_error: Element,
    note: HtmlTextAreaElement,
    note_error: Element,
    form_error: Element,
    read_only: Element,
    submit: HtmlButtonElement,
    sync: Element,
    sync_text: Element,
    sync_action: HtmlButtonElement,
}

/// The host currently attached and what hangs off it.
struct HostLink {
    host: LeadHost,
    driver: Rc<Driver>,
    /// This panel's listener id on the (shared) driver.
    subscription: u32,
    unsubscribe: Option<Function>,
    /// Keeps the `onLeadChange` callback alive while subscribed.
    _on_change: Closure<dyn FnMut(JsValue)>,
    /// Record version as of the last read (sent with decisions for conflict detection).
    version: Option<String>,
}

/// Half-written decisions by lead id. A Vec: a reviewer has a few open at most, and a BTreeMap
/// would cost the bundle kilobytes.
#[derive(Default)]
struct Drafts(Vec<(String, DecisionDraft)>);

impl Drafts {
    fn get(&self, lead_id: &str) -> Option<&DecisionDraft> {
        self.0.iter().find(|(id, _)| id == lead_id).map(|(_, d)| d)
    }

    /// Keeps `draft` for the lead; an empty draft removes the entry.
    fn put(&mut self, lead_id: &str, draft: DecisionDraft) {
        self.0.retain(|(id, _)| id != lead_id);
        if draft != DecisionDraft::default() {
            self.0.push((lead_id.to_string(), draft));
        }
    }
}

/// What the sync line offers to do.
#[derive(Clone)]
enum SyncAction {
    None,
    Retry(String),
    ReviewAgain(Entry),
}

struct Panel {
    element: HtmlElement,
    dom: Dom,
    parts: Parts,
    model: RefCell<Rc<Model>>,
    now: Cell<Option<Timestamp>>,
    reviewer: RefCell<Option<String>>,
    /// The lead set directly (no host).
    direct_lead: RefCell<Option<Lead<'static>>>,
    lead: RefCell<Option<Lead<'static>>>,
    /// Kept owned (`ScoredLead::into_owned`): it outlives the lead it was scored from.
    result: RefCell<Option<ScoredLead<'static>>>,
    host: RefCell<Option<LeadHost>>,
    link: RefCell<Option<HostLink>>,
    /// Half-written decisions by lead id: switching leads and back restores them.
    drafts: RefCell<Drafts>,
    /// The lead whose draft the form shows.
    form_lead: RefCell<Option<String>>,
    /// Increments on every read, so a slow answer for an older read is ignored.
    read_seq: Cell<u32>,
    sync_action: RefCell<SyncAction>,
    connected: Cell<bool>,
    submitting: Cell<bool>,
    listeners: RefCell<Vec<EventHandler>>,
}

impl Panel {
    fn build(element: HtmlElement, root: ShadowRoot) -> Result<Rc<Panel>, JsValue> {
        let dom = Dom::new()?;
        adopt_styles(&root)?;
        let frame = dom.add(&root, "section", "panel")?;
        attrs(&frame, &[("aria-label", "leadlens lead score")])?;
        let result = dom.add(&frame, "div", "result")?;
        dom.text(&result, "p", "placeholder", "No lead yet.")?;
        let parts = build_form(&dom, &frame, result)?;
        let panel = Rc::new(Panel {
            element,
            dom,
            parts,
            model: RefCell::new(Rc::new(Model::default_model())),
            now: Cell::new(None),
            reviewer: RefCell::new(None),
            direct_lead: RefCell::new(None),
            lead: RefCell::new(None),
            result: RefCell::new(None),
            host: RefCell::new(None),
            link: RefCell::new(None),
            drafts: RefCell::new(Drafts::default()),
            form_lead: RefCell::new(None),
            read_seq: Cell::new(0),
            sync_action: RefCell::new(SyncAction::None),
            connected: Cell::new(false),
            submitting: Cell::new(false),
            listeners: RefCell::new(Vec::new()),
        });
        Panel::listen(&panel)?;
        panel.fill_reasons();
        panel.update_form_state();
        Ok(panel)
    }

    // ---- inputs ---------------------------------------------------------------------------

    fn set_lead_value(&self, value: &JsValue) {
        if value.is_null() || value.is_undefined() {
            *self.direct_lead.borrow_mut() = None;
            if self.host.borrow().is_none() {
                self.show_lead(None);
            }
            return;
        }
        match lead_from_js(value) {
            Ok(lead) => {
                *self.direct_lead.borrow_mut() = Some(lead.clone());
                if self.host.borrow().is_none() {
                    self.show_lead(Some(lead));
                }
            }
            Err(problem) => self.fail(problem),
        }
    }

    fn set_model(&self, value: &JsValue) {
        let model = if value.is_null() || value.is_undefined() {
            Ok(Model::default_model())
        } else {
            json_text(value, "model").and_then(|text| {
                Model::from_json(&text).map_err(|e| Problem {
                    code: "invalid_model",
                    path: e
                        .problems
                        .first()
                        .map(|p| p.path.clone())
                        .unwrap_or_default(),
                    message: e.to_string(),
                })
            })
        };
        match model {
            Ok(model) => {
                *self.model.borrow_mut() = Rc::new(model);
                self.fill_reasons();
                self.rescore();
            }
            Err(problem) => self.fail(problem),
        }
    }

    fn set_host(panel: &Rc<Panel>, value: JsValue) {
        panel.detach_host();
        if value.is_null() || value.is_undefined() {
            *panel.host.borrow_mut() = None;
            let direct = panel.direct_lead.borrow().clone();
            panel.show_lead(direct);
            return;
        }
        match LeadHost::from_js(value) {
            Ok(host) => {
                *panel.host.borrow_mut() = Some(host);
                if panel.connected.get() {
                    Panel::attach_host(panel);
                }
            }
            Err(message) => panel.fail(Problem {
                code: "host_error",
                path: String::new(),
                message,
            }),
        }
    }

    fn connect(panel: &Rc<Panel>) {
        if panel.connected.replace(true) {
            return;
        }
        if panel.host.borrow().is_some() {
            Panel::attach_host(panel);
        }
    }

    fn disconnect(&self) {
        self.connected.set(false);
        self.detach_host();
    }

    fn refresh(panel: &Rc<Panel>) {
        if panel.link.borrow().is_some() {
            Panel::read_from_host(panel);
        } else {
            panel.rescore();
        }
    }

    // ---- host -----------------------------------------------------------------------------

    fn attach_host(panel: &Rc<Panel>) {
        let Some(host) = panel.host.borrow().clone() else {
            return;
        };
        let driver = Driver::shared(&host);
        let on_update = Rc::downgrade(panel);
        let on_error = Rc::downgrade(panel);
        let subscription = driver.subscribe(Listener {
            on_update: Box::new(move |update: Update<'_>| {
                if let Some(panel) = on_update.upgrade() {
                    panel.on_outbox_update(&update);
                }
            }),
            on_error: Box::new(move |message: String| {
                if let Some(panel) = on_error.upgrade() {
                    panel.emit_error(&Problem {
                        code: "store_error",
                        path: String::new(),
                        message,
                    });
                }
            }),
        });
        let weak = Rc::downgrade(panel);
        let on_change = Closure::<dyn FnMut(JsValue)>::new(move |lead: JsValue| {
            if let Some(panel) = weak.upgrade() {
                Panel::lead_changed(&panel, lead);
            }
        });
        let unsubscribe = match host.subscribe(on_change.as_ref().unchecked_ref()) {
            Ok(unsubscribe) => unsubscribe,
            Err(message) => {
                panel.emit_error(&Problem {
                    code: "host_error",
                    path: String::new(),
                    message: format!("onLeadChange failed: {message}"),
                });
                None
            }
        };
        *panel.link.borrow_mut() = Some(HostLink {
            host,
            driver,
            subscription,
            unsubscribe,
            _on_change: on_change,
            version: None,
        });
        panel.update_form_state();
        Panel::read_from_host(panel);
    }

    fn detach_host(&self) {
        if let Some(link) = self.link.borrow_mut().take() {
            link.driver.unsubscribe(link.subscription);
            if let Some(unsubscribe) = link.unsubscribe {
                let _ = unsubscribe.call0(&JsValue::UNDEFINED);
            }
        }
    }

    fn read_from_host(panel: &Rc<Panel>) {
        Panel::load_from_host(panel, None);
    }

    /// `onLeadChange`: the host hands over the new lead; the version is read fresh.
    fn lead_changed(panel: &Rc<Panel>, lead: JsValue) {
        Panel::load_from_host(panel, Some(lead));
    }

    /// Shows the host's lead (`given`, or what `readLead` returns) with the record version. Reads
    /// are numbered so that a slow answer never replaces a newer lead.
    fn load_from_host(panel: &Rc<Panel>, given: Option<JsValue>) {
        let Some(host) = panel.link.borrow().as_ref().map(|l| l.host.clone()) else {
            return;
        };
        let seq = panel.read_seq.get().wrapping_add(1);
        panel.read_seq.set(seq);
        let panel = Rc::clone(panel);
        spawn_local(async move {
            let lead = match given {
                Some(lead) => Ok(lead),
                None => host.read_lead().await,
            };
            let version = host.record_version().await;
            if panel.read_seq.get() != seq {
                return; // a newer read is under way
            }
            match lead {
                Ok(lead) => panel.accept_host_lead(&lead, version),
                Err(message) => panel.fail(Problem {
                    code: "host_error",
                    path: String::new(),
                    message: format!("readLead failed: {message}"),
                }),
            }
        });
    }

    fn accept_host_lead(&self, lead: &JsValue, version: Option<String>) {
        if let Some(link) = self.link.borrow_mut().as_mut() {
            link.version = version;
        }
        match lead_from_js(lead) {
            Ok(lead) => self.show_lead(Some(lead)),
            Err(problem) => self.fail(problem),
        }
    }

    // ---- scoring and rendering ------------------------------------------------------------

    fn show_lead(&self, lead: Option<Lead<'static>>) {
        *self.lead.borrow_mut() = lead;
        self.rescore();
    }

    fn rescore(&self) {
        let now = self
            .now
            .get()
            .unwrap_or_else(|| Timestamp::from_millis(js_sys::Date::now() as i64));
        let model = Rc::clone(&self.model.borrow());
        // Score inside the borrow, render and emit after it: event listeners may set a new lead.
        // So the result is made to own its text (it no longer borrows the lead).
        let scored = self.lead.borrow().as_ref().map(|lead| {
            let result = core::score(lead, &model, now).map(ScoredLead::into_owned);
            (result, Heading::of(lead))
        });
        let Some((scored, heading)) = scored else {
            *self.result.borrow_mut() = None;
            let _ = self.render_placeholder("No lead yet.");
            self.switch_form_lead(None);
            self.show_sync(None, true);
            self.update_form_state();
            return;
        };
        let result = match scored {
            Ok(result) => result,
            Err(e) => {
                return self.fail(Problem {
                    code: e.code.as_str(),
                    path: e.path,
                    message: e.message,
                })
            }
        };
        if let Err(e) = self.render(&heading, &result, &model) {
            self.emit_error(&Problem {
                code: "internal_error",
                path: String::new(),
                message: format!("rendering failed: {}", error_message(&e)),
            });
        }
        self.switch_form_lead(Some(&result.lead_id));
        let detail = js_sys::JSON::parse(&result.to_ascii_json()).ok();
        *self.result.borrow_mut() = Some(result);
        self.show_sync_for_current();
        self.update_form_state();
        if let Some(detail) = detail {
            self.emit("leadlens-scored", &detail);
        }
    }

    fn render_placeholder(&self, text: &str) -> Result<(), JsValue> {
        let fragment = self.dom.document().create_document_fragment();
        self.dom.text(&fragment, "p", "placeholder", text)?;
        self.parts.result.replace_children_with_node_1(&fragment);
        Ok(())
    }

    /// Builds the whole result off-DOM, then swaps it in with one call.
    fn render(&self, heading: &Heading, result: &ScoredLead, model: &Model) -> Result<(), JsValue> {
        let dom = &self.dom;
        let fragment: Node = dom.document().create_document_fragment().into();
        let f = &fragment;

        let header = dom.add(f, "header", "lead")?;
        dom.text(&header, "h2", "lead-name", &heading.title)?;
        if let Some(company) = &heading.subtitle {
            dom.text(&header, "p", "lead-company", company)?;
        }

        let route = dom.add(f, "div", "route")?;
        let badge = dom.text(&route, "p", "badge", route_label(result.route))?;
        badge
            .class_list()
            .add_1(&format!("route-{}", result.route.as_str()))?;
        dom.text(
            &route,
            "p",
            "route-reason",
            &capitalized(&result.route_reason.text.to_string()),
        )?;

        if let Some(dq) = &result.disqualification {
            let block = dom.add(f, "div", "disqualified")?;
            attrs(&block, &[("role", "note")])?;
            dom.text(
                &block,
                "p",
                "dq-code",
                &format!("Disqualified: {}", dq.code),
            )?;
            dom.text(&block, "p", "", &dq.reason.to_string())?;
        }

        let gauges = dom.add(f, "div", "gauges")?;
        // The lead's own thresholds: its experiment variant's, when the model runs one.
        let thresholds = model.spec().routing_for(&result.lead_id).sales_review;
        let fit_note = format!("confidence {}", confidence_label(result));
        gauge(
            dom,
            &gauges,
            "Fit",
            result.fit.score,
            result.fit.band.as_str(),
            thresholds.fit,
            &fit_note,
        )?;
        let intent_note = format!(
            "{} buying signals",
            result
                .intent
                .evidence
                .iter()
                .filter(|e| e.points > 0)
                .count()
        );
        gauge(
            dom,
            &gauges,
            "Intent",
            result.intent.score,
            result.intent.band.as_str(),
            thresholds.intent,
            &intent_note,
        )?;

        if !result.review_reasons.is_empty() {
            let section = section(dom, f, "Why a person should look")?;
            let list = dom.add(&section, "ul", "reasons")?;
            for reason in &result.review_reasons {
                dom.text(&list, "li", "", review_reason_label(*reason))?;
            }
        }

        let next = section(dom, f, "Next action")?;
        dom.text(
            &next,
            "p",
            "next-action",
            &capitalized(&result.next_action.text.to_string()),
        )?;

        evidence_section(
            dom,
            f,
            "Fit",
            result.fit.score,
            &result.fit.evidence,
            "No fit evidence: the profile is empty.",
        )?;
        let intent = evidence_section(
            dom,
            f,
            "Intent",
            result.intent.score,
            &result.intent.evidence,
            "No buying signals yet.",
        )?;
        if !result.intent.notes.is_empty() {
            dom.text(&intent, "h4", "", "Stated need")?;
            let notes = dom.add(&intent, "ul", "notes")?;
            for note in &result.intent.notes {
                dom.text(&notes, "li", "", &note.to_string())?;
            }
        }

        if !result.missing.is_empty() {
            let missing = section(dom, f, "Missing data that would change the result")?;
            let list = dom.add(&missing, "ul", "missing")?;
            for field in &result.missing {
                let item = dom.add(&list, "li", "")?;
                dom.text(&item, "span", "", missing_label(field))?;
                dom.text(&item, "code", "field", field)?;
            }
        }

        let contact = result.contact_quality.quality();
        if !contact.hints.is_empty() {
            let section = section(dom, f, "Contact details to check")?;
            let list = dom.add(&section, "ul", "contact-hints")?;
            for hint in &contact.hints {
                let item = dom.add(&list, "li", "")?;
                item.set_attribute("data-code", &hint.code)?;
                dom.text(&item, "span", "", &capitalized(&hint.message))?;
                dom.text(&item, "code", "field", &hint.field)?;
            }
        }

        let footer = dom.add(f, "footer", "model")?;
        dom.text(
            &footer,
            "p",
            "",
            &format!(
                "Model {} v{} · scored {}",
                result.model.id, result.model.version, result.scored_at
            ),
        )?;
        self.parts.result.replace_children_with_node_1(&fragment);
        Ok(())
    }

    fn fail(&self, problem: Problem) {
        let text = if problem.path.is_empty() {
            problem.message.clone()
        } else {
            format!("{}: {}", problem.path, problem.message)
        };
        let _ = self.render_error(&text);
        *self.result.borrow_mut() = None;
        self.update_form_state();
        self.emit_error(&problem);
    }

    fn render_error(&self, text: &str) -> Result<(), JsValue> {
        let fragment = self.dom.document().create_document_fragment();
        let block = self.dom.add(&fragment, "div", "error")?;
        attrs(&block, &[("role", "alert")])?;
        self.dom
            .text(&block, "p", "error-title", "This lead cannot be scored")?;
        self.dom.text(&block, "p", "", text)?;
        self.parts.result.replace_children_with_node_1(&fragment);
        Ok(())
    }

    // ---- the decision form ----------------------------------------------------------------

    fn listen(panel: &Rc<Panel>) -> Result<(), JsValue> {
        let p = &panel.parts;
        for (_, radio) in &p.outcomes {
            Panel::on(panel, radio, "change", |panel, _| {
                panel.fill_reasons();
                panel.save_draft();
                panel.clear_errors();
            })?;
        }
        Panel::on(panel, &p.reason, "change", |panel, _| {
            panel.save_draft();
            panel.clear_errors();
        })?;
        Panel::on(panel, &p.note, "input", |panel, _| panel.save_draft())?;
        Panel::on(panel, &p.form, "submit", |panel, event| {
            event.prevent_default();
            Panel::submit(&panel);
        })?;
        Panel::on(panel, &p.sync_action, "click", |panel, _| {
            Panel::run_sync_action(&panel);
        })?;
        Ok(())
    }

    fn on(
        panel: &Rc<Panel>,
        target: &web_sys::EventTarget,
        kind: &str,
        handler: impl Fn(Rc<Panel>, Event) + 'static,
    ) -> Result<(), JsValue> {
        let weak = Rc::downgrade(panel);
        let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            if let Some(panel) = weak.upgrade() {
                handler(panel, event);
            }
        });
        target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
        panel.listeners.borrow_mut().push(closure);
        Ok(())
    }

    fn draft_from_form(&self) -> DecisionDraft {
        let p = &self.parts;
        let outcome = p
            .outcomes
            .iter()
            .find(|(_, radio)| radio.checked())
            .map(|(outcome, _)| *outcome);
        let reason = p.reason.value();
        DecisionDraft {
            outcome,
            reason_code: (!reason.is_empty()).then_some(reason),
            note: p.note.value(),
        }
    }

    fn put_draft_in_form(&self, draft: &DecisionDraft) {
        let p = &self.parts;
        for (outcome, radio) in &p.outcomes {
            radio.set_checked(draft.outcome == Some(*outcome));
        }
        self.fill_reasons();
        p.reason
            .set_value(draft.reason_code.as_deref().unwrap_or_default());
        p.note.set_value(&draft.note);
        self.clear_errors();
    }

    fn save_draft(&self) {
        if let Some(lead_id) = self.form_lead.borrow().clone() {
            let draft = self.draft_from_form();
            self.drafts.borrow_mut().put(&lead_id, draft);
        }
    }

    /// The form follows the lead: the same lead keeps what is typed; another lead brings back its
    /// own draft (or a blank form).
    fn switch_form_lead(&self, lead_id: Option<&str>) {
        if self.form_lead.borrow().as_deref() == lead_id {
            return;
        }
        self.save_draft();
        *self.form_lead.borrow_mut() = lead_id.map(str::to_string);
        let draft = lead_id
            .and_then(|id| self.drafts.borrow().get(id).cloned())
            .unwrap_or_default();
        self.put_draft_in_form(&draft);
    }

    /// Offers the reasons of the chosen outcome, keeping the current choice when still valid.
    fn fill_reasons(&self) {
        let p = &self.parts;
        let previous = p.reason.value();
        let outcome = self.draft_from_form().outcome;
        let model = Rc::clone(&self.model.borrow());
        let _ = self.fill_reason_options(outcome, &model);
        let required = outcome.is_some_and(Outcome::requires_reason);
        p.reason_label.set_text_content(Some(if required {
            "Reason (required)"
        } else {
            "Reason (optional)"
        }));
        p.reason.set_disabled(outcome.is_none());
        let _ = if required {
            p.reason.set_attribute("aria-required", "true")
        } else {
            p.reason.remove_attribute("aria-required")
        };
        let still_offered =
            outcome.is_some_and(|o| o.reasons(&model).iter().any(|r| r.code == previous));
        p.reason
            .set_value(if still_offered { &previous } else { "" });
    }

    fn fill_reason_options(&self, outcome: Option<Outcome>, model: &Model) -> Result<(), JsValue> {
        let fragment: Node = self.dom.document().create_document_fragment().into();
        let prompt = match outcome {
            None => "Choose an outcome first",
            Some(_) => "Choose a reason…",
        };
        let placeholder = self.dom.text(&fragment, "option", "", prompt)?;
        attrs(&placeholder, &[("value", "")])?;
        for reason in outcome.map(|o| o.reasons(model)).unwrap_or_default() {
            let option = self.dom.text(&fragment, "option", "", &reason.label)?;
            option.set_attribute("value", &reason.code)?;
        }
        self.parts.reason.replace_children_with_node_1(&fragment);
        Ok(())
    }

    fn clear_errors(&self) {
        let p = &self.parts;
        for (control, message) in [
            (p.reason.unchecked_ref::<Element>(), &p.reason_error),
            (p.note.unchecked_ref::<Element>(), &p.note_error),
        ] {
            let _ = control.remove_attribute("aria-invalid");
            message.set_text_content(None);
            let _ = show(message, false);
        }
        p.form_error.set_text_content(None);
    }

    fn update_form_state(&self) {
        let p = &self.parts;
        let writable = self
            .link
            .borrow()
            .as_ref()
            .map_or(true, |link| link.host.can_write());
        let has_result = self.result.borrow().is_some();
        let _ = show(&p.read_only, !writable);
        let enabled = writable && has_result && !self.submitting.get();
        let _ = if enabled {
            p.fields.remove_attribute("disabled")
        } else {
            p.fields.set_attribute("disabled", "")
        };
        p.submit.set_disabled(!enabled);
    }

    fn reviewer(&self) -> String {
        self.link
            .borrow()
            .as_ref()
            .and_then(|link| link.host.reviewer())
            .or_else(|| self.reviewer.borrow().clone())
            .unwrap_or_default()
    }

    fn submit(panel: &Rc<Panel>) {
        if panel.submitting.get() {
            return;
        }
        panel.clear_errors();
        let draft = panel.draft_from_form();
        let model = Rc::clone(&panel.model.borrow());
        let problems = draft.problems(&model);
        if !problems.is_empty() {
            panel.show_problems(&problems);
            return;
        }
        let Some(result) = panel.result.borrow().clone() else {
            return;
        };
        let reviewer = panel.reviewer();
        let decided_at = Timestamp::from_millis(js_sys::Date::now() as i64);
        let id = DecisionId::v7(decided_at.millis().max(0) as u64, random_bytes());
        let decision = match draft.decide(&result, &model, &reviewer, decided_at, id) {
            Ok(decision) => decision,
            Err(problem) => {
                panel.show_problems(std::slice::from_ref(&problem));
                return;
            }
        };
        let Some((driver, version)) = panel
            .link
            .borrow()
            .as_ref()
            .map(|link| (Rc::clone(&link.driver), link.version.clone()))
        else {
            panel.parts.form_error.set_text_content(Some(
                "No CRM is connected, so the decision cannot be recorded here.",
            ));
            return;
        };
        panel.submitting.set(true);
        panel.update_form_state();
        let panel = Rc::clone(panel);
        spawn_local(async move {
            driver.submit(decision, version).await;
            panel.submitting.set(false);
            if let Some(lead_id) = panel.form_lead.borrow().clone() {
                panel
                    .drafts
                    .borrow_mut()
                    .put(&lead_id, DecisionDraft::default());
            }
            panel.put_draft_in_form(&DecisionDraft::default());
            panel.update_form_state();
        });
    }

    fn show_problems(&self, problems: &[core::DraftError]) {
        let p = &self.parts;
        let mut first: Option<HtmlElement> = None;
        for problem in problems {
            let (control, message): (&HtmlElement, &Element) = match problem.field {
                "reason_code" => (p.reason.unchecked_ref(), &p.reason_error),
                "note" => (p.note.unchecked_ref(), &p.note_error),
                "outcome" => match p.outcomes.first() {
                    Some((_, radio)) => (radio.unchecked_ref(), &p.form_error),
                    None => continue,
                },
                _ => {
                    p.form_error.set_text_content(Some(&problem.message));
                    continue;
                }
            };
            if message != &p.form_error {
                let _ = control.set_attribute("aria-invalid", "true");
                let _ = show(message, true);
            }
            message.set_text_content(Some(&capitalized(&problem.message)));
            first.get_or_insert_with(|| control.clone());
        }
        if let Some(control) = first {
            let _ = control.focus();
        }
    }

    // ---- decision status ------------------------------------------------------------------

    fn on_outbox_update(self: &Rc<Self>, update: &Update<'_>) {
        let entry = update.entry;
        let status = status_name(entry.status, update.saved);
        let detail = serde_json::to_string(&DecisionDetail {
            decision: &entry.decision,
            status,
            message: entry.message.as_deref(),
            attempts: entry.attempts,
        })
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok());
        if let Some(detail) = detail {
            self.emit("leadlens-decision", &detail);
        }
        let current = self.form_lead.borrow().clone();
        if current.as_deref() == Some(entry.decision.lead_id.as_str()) {
            self.show_sync(Some(entry), update.saved);
            if entry.status == Status::Synced {
                Panel::refresh_version(self);
            }
        }
    }

    /// Our own write moved the record's version: the next decision must expect the new one, or
    /// deciding twice would look like a conflict.
    fn refresh_version(panel: &Rc<Panel>) {
        let Some(host) = panel.link.borrow().as_ref().map(|l| l.host.clone()) else {
            return;
        };
        let panel = Rc::clone(panel);
        spawn_local(async move {
            let version = host.record_version().await;
            if let Some(link) = panel.link.borrow_mut().as_mut() {
                link.version = version;
            }
        });
    }

    fn show_sync_for_current(&self) {
        let lead_id = self.form_lead.borrow().clone();
        let link = self.link.borrow();
        let (entry, saved) = match (lead_id, link.as_ref()) {
            (Some(id), Some(link)) => (link.driver.latest_for_lead(&id), link.driver.is_durable()),
            _ => (None, true),
        };
        drop(link);
        self.show_sync(entry.as_ref(), saved);
    }

    fn show_sync(&self, entry: Option<&Entry>, saved: bool) {
        let p = &self.parts;
        let Some(entry) = entry else {
            let _ = show(&p.sync, false);
            *self.sync_action.borrow_mut() = SyncAction::None;
            return;
        };
        let decision = &entry.decision;
        let what = match &decision.reason_code {
            Some(reason) => format!("{} ({reason})", outcome_label(decision.outcome)),
            None => outcome_label(decision.outcome).to_string(),
        };
        let host_message = entry.message.as_deref().unwrap_or("no details");
        let (text, action, state) = match entry.status {
            Status::Synced => (
                format!("{what}: recorded in the CRM."),
                SyncAction::None,
                "synced",
            ),
            Status::Pending if !saved => (
                format!(
                    "{what}: not yet saved. This browser offers no durable storage, so keep this \
                     page open until the CRM confirms (attempt {}).",
                    entry.attempts
                ),
                SyncAction::None,
                "unsaved",
            ),
            Status::Pending if entry.attempts == 0 => (
                format!("{what}: saved on this device, sending to the CRM…"),
                SyncAction::None,
                "pending",
            ),
            Status::Pending => (
                format!(
                    "{what}: saved on this device; the CRM did not take it yet ({host_message}). \
                     Retrying automatically (attempt {}).",
                    entry.attempts
                ),
                SyncAction::None,
                "pending",
            ),
            Status::Failed => (
                format!("{what}: the CRM refused it ({host_message}). It is kept on this device."),
                SyncAction::Retry(decision.decision_id.clone()),
                "failed",
            ),
            Status::Conflict => (
                format!(
                    "{what}: not recorded — the record changed in the CRM after you decided \
                     ({host_message}). Review the updated lead and decide again."
                ),
                SyncAction::ReviewAgain(entry.clone()),
                "conflict",
            ),
        };
        p.sync_text.set_text_content(Some(&text));
        let _ = p.sync.set_attribute("data-state", state);
        let label = match &action {
            SyncAction::None => None,
            SyncAction::Retry(_) => Some("Try again"),
            SyncAction::ReviewAgain(_) => Some("Review again"),
        };
        p.sync_action
            .set_text_content(Some(label.unwrap_or_default()));
        let _ = show(&p.sync_action, label.is_some());
        *self.sync_action.borrow_mut() = action;
        let _ = show(&p.sync, true);
    }

    fn run_sync_action(panel: &Rc<Panel>) {
        let action = panel.sync_action.borrow().clone();
        let Some(driver) = panel.link.borrow().as_ref().map(|l| Rc::clone(&l.driver)) else {
            return;
        };
        match action {
            SyncAction::None => {}
            SyncAction::Retry(id) => driver.retry(&id),
            SyncAction::ReviewAgain(entry) => {
                // The reviewer's choice comes back into the form; the lead is read fresh, so the
                // new decision carries the current record version.
                let decision = entry.decision;
                let draft = DecisionDraft {
                    outcome: Some(decision.outcome),
                    reason_code: decision.reason_code.clone(),
                    note: decision.note.clone().unwrap_or_default(),
                };
                panel
                    .drafts
                    .borrow_mut()
                    .put(&decision.lead_id, draft.clone());
                let panel = Rc::clone(panel);
                spawn_local(async move {
                    driver.discard(&decision.decision_id).await;
                    panel.show_sync(None, true);
                    if panel.form_lead.borrow().as_deref() == Some(decision.lead_id.as_str()) {
                        panel.put_draft_in_form(&draft);
                    }
                    Panel::read_from_host(&panel);
                    if let Some((_, radio)) = panel.parts.outcomes.first() {
                        let _ = radio.focus();
                    }
                });
            }
        }
    }

    // ---- events ---------------------------------------------------------------------------

    fn emit(&self, kind: &str, detail: &JsValue) {
        let init = CustomEventInit::new();
        init.set_detail(detail);
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(event) = CustomEvent::new_with_event_init_dict(kind, &init) {
            let _ = self.element.dispatch_event(&event);
        }
    }

    fn emit_error(&self, problem: &Problem) {
        let detail = serde_json::to_string(problem)
            .ok()
            .and_then(|text| js_sys::JSON::parse(&text).ok());
        if let Some(detail) = detail {
            self.emit("leadlens-error", &detail);
        }
    }
}

impl Drop for Panel {
    fn drop(&mut self) {
        self.detach_host();
    }
}

#[derive(serde::Serialize)]
struct Problem {
    code: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    path: String,
    message: String,
}

#[derive(serde::Serialize)]
struct DecisionDetail<'a> {
    decision: &'a core::Decision,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    attempts: u32,
}

fn status_name(status: Status, saved: bool) -> &'static str {
    match status {
        Status::Pending if !saved => "unsaved",
        other => other.as_str(),
    }
}

fn lead_from_js(value: &JsValue) -> Result<Lead<'static>, Problem> {
    let text = json_text(value, "lead")?;
    parse_lead(&text)
        .map(Lead::into_owned)
        .map_err(|e| Problem {
            code: e.code.as_str(),
            path: e.path,
            message: e.message,
        })
}

/// JSON text of a JS value (strings are taken as JSON text already).
fn json_text(value: &JsValue, what: &str) -> Result<String, Problem> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| Problem {
            code: "invalid_json",
            path: String::new(),
            message: format!("{what}: cannot be converted to JSON"),
        })
}

fn random_bytes() -> [u8; 10] {
    let mut bytes = [0u8; 10];
    // `crypto.getRandomValues` exists in every browser and in Node ≥ 19; if it ever does not,
    // Math.random still gives distinct ids (they only need to be unique, not secret).
    if get_random_values(&mut bytes).is_err() {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buffer: &mut [u8]) -> Result<JsValue, JsValue>;
}

fn adopt_styles(root: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = SHEET.with(|sheet| -> Result<CssStyleSheet, JsValue> {
        if let Some(sheet) = sheet.borrow().as_ref() {
            return Ok(sheet.clone());
        }
        let created = CssStyleSheet::new()?;
        created.replace_sync(STYLES)?;
        *sheet.borrow_mut() = Some(created.clone());
        Ok(created)
    })?;
    root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    Ok(())
}

fn build_form(dom: &Dom, frame: &Element, result: Element) -> Result<Parts, JsValue> {
    let form: HtmlFormElement = dom.typed(frame, "form", "decision")?;
    attrs(
        &form,
        &[("novalidate", ""), ("aria-labelledby", "decision-title")],
    )?;
    let title = dom.text(&form, "h3", "", "Your decision")?;
    title.set_id("decision-title");
    dom.text(
        &form,
        "p",
        "hint",
        "The score is a recommendation. You decide.",
    )?;
    let read_only = dom.text(
        &form,
        "p",
        "read-only",
        "This CRM connection is read-only: decisions cannot be recorded here.",
    )?;
    show(&read_only, false)?;
    let fields = dom.add(&form, "fieldset", "fields")?;
    let outcome_set = dom.add(&fields, "fieldset", "outcomes")?;
    dom.text(&outcome_set, "legend", "", "Outcome")?;
    let mut outcomes = Vec::new();
    for outcome in Outcome::ALL {
        let label = dom.add(&outcome_set, "label", "outcome")?;
        let radio: HtmlInputElement = dom.typed(&label, "input", "")?;
        radio.set_type("radio");
        radio.set_name("outcome");
        radio.set_value(outcome.as_str());
        dom.text(&label, "span", "", outcome_label(outcome))?;
        outcomes.push((outcome, radio));
    }
    let reason_label = dom.text(&fields, "label", "", "Reason")?;
    reason_label.set_attribute("for", "reason")?;
    let reason: HtmlSelectElement = dom.typed(&fields, "select", "")?;
    reason.set_id("reason");
    reason.set_attribute("aria-describedby", "reason-error")?;
    let reason_error = dom.add(&fields, "p", "field-error")?;
    reason_error.set_id("reason-error");
    show(&reason_error, false)?;
    let note_label = dom.text(&fields, "label", "", "Note (optional)")?;
    note_label.set_attribute("for", "note")?;
    let note: HtmlTextAreaElement = dom.typed(&fields, "textarea", "")?;
    note.set_id("note");
    note.set_rows(3);
    attrs(
        &note,
        &[("aria-describedby", "note-error"), ("maxlength", "2000")],
    )?;
    let note_error = dom.add(&fields, "p", "field-error")?;
    note_error.set_id("note-error");
    show(&note_error, false)?;
    let submit: HtmlButtonElement = dom.typed(&fields, "button", "submit")?;
    submit.set_type("submit");
    submit.set_text_content(Some("Record decision"));
    let form_error = dom.add(&form, "p", "form-error")?;
    attrs(&form_error, &[("role", "alert")])?;

    let sync = dom.add(frame, "div", "sync")?;
    attrs(&sync, &[("role", "status"), ("aria-live", "polite")])?;
    let sync_text = dom.add(&sync, "p", "sync-text")?;
    let sync_action: HtmlButtonElement = dom.typed(&sync, "button", "sync-action")?;
    sync_action.set_type("button");
    show(&sync_action, false)?;
    show(&sync, false)?;
    Ok(Parts {
        result,
        form,
        fields,
        outcomes,
        reason,
        reason_label,
        reason_error,
        note,
        note_error,
        form_error,
        read_only,
        submit,
        sync,
        sync_text,
        sync_action,
    })
}

fn section(dom: &Dom, parent: &Node, title: &str) -> Result<Element, JsValue> {
    let section = dom.add(parent, "section", "part")?;
    dom.text(&section, "h3", "", title)?;
    Ok(section)
}

fn gauge(
    dom: &Dom,
    parent: &Node,
    name: &str,
    score: i32,
    band: &str,
    threshold: i32,
    note: &str,
) -> Result<(), JsValue> {
    let gauge = dom.add(parent, "div", "gauge")?;
    gauge.class_list().add_1(&format!("band-{band}"))?;
    let head = dom.add(&gauge, "p", "gauge-head")?;
    dom.text(&head, "span", "gauge-name", name)?;
    dom.text(&head, "span", "gauge-score", &score.to_string())?;
    dom.text(&head, "span", "gauge-max", "/100")?;
    let meter = dom.add(&gauge, "div", "meter")?;
    let value_text = format!("{score} of 100, {band}; sales review from {threshold}");
    attrs(
        &meter,
        &[
            ("role", "meter"),
            ("aria-label", name),
            ("aria-valuemin", "0"),
            ("aria-valuemax", "100"),
            ("aria-valuenow", &score.to_string()),
            ("aria-valuetext", &value_text),
        ],
    )?;
    // Widths go through the CSSOM, which a strict style-src allows (style attributes it does not).
    let fill: HtmlElement = dom.typed(&meter, "div", "fill")?;
    fill.style()
        .set_property("width", &format!("{}%", score.clamp(0, 100)))?;
    let mark: HtmlElement = dom.typed(&meter, "div", "threshold")?;
    mark.style()
        .set_property("left", &format!("{}%", threshold.clamp(0, 100)))?;
    dom.text(
        &gauge,
        "p",
        "gauge-band",
        &format!("{} · {note}", capitalized(band)),
    )?;
    Ok(())
}

/// "Fit evidence (+95)" and its items.
fn evidence_section(
    dom: &Dom,
    parent: &Node,
    dimension: &str,
    score: i32,
    evidence: &[Evidence],
    empty: &str,
) -> Result<Element, JsValue> {
    let section = section(
        dom,
        parent,
        &format!("{dimension} evidence ({})", signed(score)),
    )?;
    evidence_list(dom, &section, evidence, empty)?;
    Ok(section)
}

/// Evidence sorted by impact (largest |points| first; ties keep the core's order).
fn evidence_list(
    dom: &Dom,
    parent: &Node,
    evidence: &[Evidence],
    empty: &str,
) -> Result<(), JsValue> {
    if evidence.is_empty() {
        dom.text(parent, "p", "empty", empty)?;
        return Ok(());
    }
    let mut items: Vec<&Evidence> = evidence.iter().collect();
    sort_small_by_key(&mut items, |e| std::cmp::Reverse(e.points.unsigned_abs()));
    let list = dom.add(parent, "ul", "evidence")?;
    for item in items {
        let class = match item.points {
            _ if item.expired => "item expired",
            p if p > 0 => "item positive",
            p if p < 0 => "item negative",
            _ => "item zero",
        };
        let li = dom.add(&list, "li", class)?;
        li.set_attribute("data-code", &item.code)?;
        let points = dom.text(&li, "span", "points", &signed(item.points))?;
        dom.text(&points, "span", "visually-hidden", " points")?;
        dom.text(&li, "span", "label", &item.label.to_string())?;
        let source = source_line(item);
        if !source.is_empty() {
            dom.text(&li, "span", "source", &source)?;
        }
    }
    Ok(())
}

/// Where an item came from and how time changed it: "company.industry: logistics",
/// "events · 2026-11-10 · decayed 40 → 31", "expired: older than the look-back window".
fn source_line(item: &Evidence) -> String {
    let mut parts: Vec<String> = Vec::new();
    let value = item.value.as_ref().map(ToString::to_string);
    match (&item.field, value) {
        // Quoted text is already in the label; repeating it would double a long message.
        (Some(field), Some(value)) if item.label.to_string().contains(&value) => {
            parts.push(field.to_string())
        }
        (Some(field), Some(value)) => parts.push(format!("{field}: {value}")),
        (Some(field), None) => parts.push(field.to_string()),
        (None, Some(value)) => parts.push(value),
        (None, None) => {}
    }
    if let Some(at) = item.at {
        let text = at.to_string();
        parts.push(text.get(..10).unwrap_or(&text).to_string());
    }
    if let Some(from) = item.decayed_from {
        parts.push(format!("decayed {from} → {}", item.points));
    }
    if item.expired {
        parts.push("expired: older than the look-back window, 0 points".to_string());
    }
    if item.enriched {
        parts.push("enriched: from a data provider, not the lead".to_string());
    }
    parts.join(" · ")
}

fn signed(points: i32) -> String {
    match points {
        p if p > 0 => format!("+{p}"),
        // A real minus sign reads better than a hyphen.
        p if p < 0 => format!("\u{2212}{}", p.unsigned_abs()),
        _ => "0".to_string(),
    }
}

/// First letter upper-cased. ASCII only: the texts are the model's and the core's, and Unicode
/// case tables would cost the bundle more than the whole panel.
fn capitalized(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// Who the lead is, for the panel's heading: the contact's name over the company, or whichever
/// is known, or the id.
struct Heading {
    title: String,
    subtitle: Option<String>,
}

impl Heading {
    fn of(lead: &Lead) -> Heading {
        let known = |text: &Option<Cow<'_, str>>| {
            text.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        match (known(&lead.contact.name), known(&lead.company.name)) {
            (Some(name), company) => Heading {
                title: name,
                subtitle: company,
            },
            (None, Some(company)) => Heading {
                title: company,
                subtitle: None,
            },
            (None, None) => Heading {
                title: format!("Lead {}", lead.id),
                subtitle: None,
            },
        }
    }
}

fn confidence_label(result: &ScoredLead) -> &'static str {
    match result.fit.confidence {
        core::result::Confidence::High => "high",
        core::result::Confidence::Medium => "medium",
        core::result::Confidence::Low => "low",
    }
}

fn route_label(route: Route) -> &'static str {
    match route {
        Route::SalesReview => "Sales review",
        Route::Nurture => "Nurture",
        Route::Disqualify => "Disqualify",
    }
}

fn outcome_label(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Accepted => "Accept",
        Outcome::Rejected => "Reject",
        Outcome::Recycled => "Recycle",
    }
}

fn review_reason_label(reason: ReviewReason) -> &'static str {
    match reason {
        ReviewReason::StrategicAccount => "Strategic account: always reviewed by a person",
        ReviewReason::HighValue => "High-value account",
        ReviewReason::Borderline => "Borderline: close to a sales-review threshold",
        ReviewReason::Ambiguous => "Ambiguous: strong and negative signals at once",
        ReviewReason::IncompleteProfile => "Incomplete profile: a must-have fact is unknown",
        ReviewReason::StaleEnrichment => "Company data is stale: re-check before outreach",
    }
}

fn missing_label(field: &str) -> &'static str {
    match field {
        "company.employees" => "Company size",
        "company.annual_revenue" => "Annual revenue",
        "company.industry" => "Industry",
        "company.country" => "Country",
        "company.domain" => "Company domain",
        "company.name" => "Company name",
        "contact.title" => "Job title",
        "contact.email" => "Email address",
        "contact.phone" => "Phone",
        "form.message" => "Stated need (form message)",
        "consent.email" => "Email consent",
        _ => "Field",
    }
}
