//! Drives the pure outbox (`core::outbox`) in the browser: keeps it in durable storage, posts
//! through the host, sleeps between retries, and tells the panel what changed.
//!
//! Order matters: a decision is written to the store *before* its first post, and every answer
//! from the host is written back before the panel reports it. Each change re-reads the store and
//! merges, so two panels (or two tabs) sharing a store never drop each other's decisions; an
//! in-page set of in-flight ids keeps two panels from posting the same decision at once.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::host::{error_message, DecisionStore, LeadHost};
use crate::core::outbox::{Entry, Outbox, Status, MAX_RETRY_MS};
use crate::core::{Decision, Timestamp};

/// Where the outbox lives in the store (versioned, so a future format can migrate).
pub const STORE_KEY: &str = "leadlens.outbox.v1";

thread_local! {
    /// Decisions being posted right now, by any panel on the page (a handful at most, so a Vec:
    /// a BTreeSet would cost the bundle kilobytes).
    static IN_FLIGHT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// The fallback when neither the host nor the browser offers durable storage: it survives
    /// re-rendering the panel, not a reload — and the panel says so.
    static MEMORY: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Where decisions are kept until the host confirms them.
pub enum Store {
    Host(DecisionStore),
    Local(web_sys::Storage),
    Memory,
}

impl Store {
    /// The host's store if it has one, else `localStorage` (absent in sandboxed frames and some
    /// privacy modes), else page memory.
    pub fn for_host(host: &LeadHost) -> Store {
        if let Some(store) = host.store() {
            return Store::Host(store);
        }
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .map_or(Store::Memory, Store::Local)
    }

    pub fn is_durable(&self) -> bool {
        !matches!(self, Store::Memory)
    }

    async fn read(&self) -> Result<Option<String>, String> {
        match self {
            Store::Host(store) => store.read(STORE_KEY).await,
            Store::Local(storage) => storage.get_item(STORE_KEY).map_err(|e| error_message(&e)),
            Store::Memory => Ok(MEMORY.with(|m| m.borrow().clone())),
        }
    }

    async fn write(&self, text: &str) -> Result<(), String> {
        match self {
            Store::Host(store) => store.write(STORE_KEY, text).await,
            // Throws when the quota is exhausted.
            Store::Local(storage) => storage
                .set_item(STORE_KEY, text)
                .map_err(|e| error_message(&e)),
            Store::Memory => {
                MEMORY.with(|m| *m.borrow_mut() = Some(text.to_string()));
                Ok(())
            }
        }
    }
}

/// What the panel hears after each change: the entry as stored, and whether it is durably saved.
pub struct Update<'a> {
    pub entry: &'a Entry,
    pub saved: bool,
}

/// A panel listening to a driver: what changed, and what went wrong with storage.
pub struct Listener {
    pub on_update: Box<dyn Fn(Update<'_>)>,
    pub on_error: Box<dyn Fn(String)>,
}

thread_local! {
    /// One driver per host object on the page: panels sharing a host share its outbox, so each
    /// hears about decisions the others post.
    static DRIVERS: RefCell<Vec<Weak<Driver>>> = const { RefCell::new(Vec::new()) };
}

pub struct Driver {
    host: LeadHost,
    store: Store,
    outbox: RefCell<Outbox>,
    /// Last store read or write failed: nothing is durably saved until one succeeds again.
    store_failed: Cell<bool>,
    listeners: RefCell<Vec<(u32, Rc<Listener>)>>,
    next_listener: Cell<u32>,
    /// The wake-up currently scheduled (ms since epoch) and a counter that cancels stale ones.
    wakeup_at: Cell<Option<f64>>,
    generation: Cell<u32>,
    stopped: Cell<bool>,
}

fn now() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now() as i64)
}

impl Driver {
    /// The page's driver for `host`, created (and resumed from the store) on first use.
    pub fn shared(host: &LeadHost) -> Rc<Driver> {
        let existing = DRIVERS.with(|drivers| {
            let mut drivers = drivers.borrow_mut();
            drivers.retain(|d| d.strong_count() > 0);
            drivers
                .iter()
                .filter_map(Weak::upgrade)
                .find(|d| JsValue::from(d.host.clone()) == JsValue::from(host.clone()))
        });
        if let Some(driver) = existing {
            return driver;
        }
        let driver = Rc::new(Driver {
            host: host.clone(),
            store: Store::for_host(host),
            outbox: RefCell::new(Outbox::default()),
            store_failed: Cell::new(false),
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
            wakeup_at: Cell::new(None),
            generation: Cell::new(0),
            stopped: Cell::new(true),
        });
        DRIVERS.with(|drivers| drivers.borrow_mut().push(Rc::downgrade(&driver)));
        driver
    }

    /// Adds a listener (a panel); the first one starts the driver: it loads what earlier pages
    /// left in the store, tells every listener, and resumes posting.
    pub fn subscribe(self: &Rc<Self>, listener: Listener) -> u32 {
        let id = self.next_listener.get();
        self.next_listener.set(id.wrapping_add(1));
        self.listeners.borrow_mut().push((id, Rc::new(listener)));
        let driver = Rc::clone(self);
        let starting = self.stopped.replace(false);
        spawn_local(async move {
            driver.sync_with_store(|_| ()).await;
            // Listeners run page code, which may call back in: never notify under a borrow.
            let entries = driver.outbox.borrow().entries().to_vec();
            for entry in &entries {
                driver.notify(entry);
            }
            if starting {
                driver.pump();
            }
        });
        id
    }

    /// Removes a listener; with none left, retrying stops (stored decisions stay for the next
    /// page or panel).
    pub fn unsubscribe(&self, id: u32) {
        self.listeners
            .borrow_mut()
            .retain(|(other, _)| *other != id);
        if self.listeners.borrow().is_empty() {
            self.stopped.set(true);
            self.wakeup_at.set(None);
            self.generation.set(self.generation.get().wrapping_add(1));
        }
    }

    pub fn is_durable(&self) -> bool {
        self.store.is_durable() && !self.store_failed.get()
    }

    pub fn latest_for_lead(&self, lead_id: &str) -> Option<Entry> {
        self.outbox.borrow().latest_for_lead(lead_id).cloned()
    }

    /// Stores the decision, then posts it. The returned future resolves once it is stored (or
    /// storing failed); posting continues in the background.
    pub async fn submit(self: &Rc<Self>, decision: Decision, expected_version: Option<String>) {
        let id = decision.decision_id.clone();
        self.sync_with_store(|outbox| {
            outbox.add(decision, expected_version);
        })
        .await;
        self.notify_id(&id);
        self.pump();
    }

    /// A person asked to try a failed decision again.
    pub fn retry(self: &Rc<Self>, decision_id: &str) {
        let driver = Rc::clone(self);
        let id = decision_id.to_string();
        spawn_local(async move {
            driver
                .sync_with_store(|outbox| {
                    outbox.retry_now(&id);
                })
                .await;
            driver.notify_id(&id);
            driver.pump();
        });
    }

    /// Drops a conflicted decision the reviewer is replacing with a new one.
    pub async fn discard(&self, decision_id: &str) {
        self.sync_with_store(|outbox| {
            outbox.discard(decision_id);
        })
        .await;
    }

    /// Posts everything due now, then sleeps until the next retry.
    fn pump(self: &Rc<Self>) {
        if self.stopped.get() {
            return;
        }
        let due = self.outbox.borrow().due(now());
        for id in due {
            let claimed = IN_FLIGHT.with(|f| {
                let mut in_flight = f.borrow_mut();
                let free = !in_flight.contains(&id);
                if free {
                    in_flight.push(id.clone());
                }
                free
            });
            if claimed {
                let driver = Rc::clone(self);
                spawn_local(async move {
                    driver.post(&id).await;
                    IN_FLIGHT.with(|f| f.borrow_mut().retain(|other| other != &id));
                    driver.pump();
                });
            }
        }
        self.schedule_wakeup();
    }

    async fn post(self: &Rc<Self>, id: &str) {
        let Some(entry) = self.outbox.borrow().get(id).cloned() else {
            return;
        };
        // Another tab may have confirmed it meanwhile; the merged store knows.
        self.sync_with_store(|_| ()).await;
        if self
            .outbox
            .borrow()
            .get(id)
            .map_or(true, |e| !e.is_due(now()))
        {
            return;
        }
        let decision = match serde_json::to_string(&entry.decision)
            .map_err(|e| e.to_string())
            .and_then(|text| js_sys::JSON::parse(&text).map_err(|e| error_message(&e)))
        {
            Ok(decision) => decision,
            Err(message) => {
                self.report(format!("could not prepare the decision: {message}"));
                return;
            }
        };
        let outcome = self
            .host
            .post_decision(&decision, entry.expected_version.as_deref())
            .await;
        self.sync_with_store(|outbox| {
            outbox.record(id, outcome, now());
        })
        .await;
        self.notify_id(id);
    }

    /// Merges the stored copy into ours, applies `change`, and writes the result back.
    async fn sync_with_store(&self, change: impl FnOnce(&mut Outbox)) {
        match self.store.read().await {
            Ok(Some(text)) => match Outbox::from_json(&text) {
                Ok(stored) => self.outbox.borrow_mut().merge(stored),
                // Never overwrite what we cannot read: it may hold someone's decision.
                Err(e) => {
                    self.store_failed.set(true);
                    change(&mut self.outbox.borrow_mut());
                    self.report(format!(
                        "the stored decisions under \"{STORE_KEY}\" are unreadable ({e}); \
                         new decisions are kept in this page only"
                    ));
                    return;
                }
            },
            Ok(None) => {}
            Err(message) => {
                self.store_failed.set(true);
                self.report(format!("could not read stored decisions: {message}"));
            }
        }
        change(&mut self.outbox.borrow_mut());
        let text = self.outbox.borrow().to_json();
        match self.store.write(&text).await {
            Ok(()) => self.store_failed.set(false),
            Err(message) => {
                self.store_failed.set(true);
                self.report(format!("could not save the decision: {message}"));
            }
        }
    }

    fn notify_id(&self, id: &str) {
        let entry = self.outbox.borrow().get(id).cloned();
        if let Some(entry) = entry {
            self.notify(&entry);
        }
    }

    fn listeners(&self) -> Vec<Rc<Listener>> {
        self.listeners
            .borrow()
            .iter()
            .map(|(_, l)| Rc::clone(l))
            .collect()
    }

    fn notify(&self, entry: &Entry) {
        let saved = self.is_durable();
        for listener in self.listeners() {
            (listener.on_update)(Update { entry, saved });
        }
    }

    fn report(&self, message: String) {
        for listener in self.listeners() {
            (listener.on_error)(message.clone());
        }
    }

    /// Arms one timer for the earliest pending retry (replacing a later one).
    fn schedule_wakeup(self: &Rc<Self>) {
        // In-flight posts wake the pump themselves when they finish; waiting on them here would
        // spin.
        let next = IN_FLIGHT.with(|in_flight| {
            let in_flight = in_flight.borrow();
            self.outbox
                .borrow()
                .entries()
                .iter()
                .filter(|e| e.status == Status::Pending && !in_flight.iter().any(|id| id == e.id()))
                .map(|e| e.next_attempt_at.map_or(0.0, |at| at.millis() as f64))
                .reduce(f64::min)
        });
        let Some(at) = next else {
            return;
        };
        if self.wakeup_at.get().is_some_and(|armed| armed <= at) {
            return;
        }
        let delay = (at - js_sys::Date::now()).clamp(0.0, MAX_RETRY_MS as f64);
        let generation = self.generation.get().wrapping_add(1);
        self.generation.set(generation);
        self.wakeup_at.set(Some(at));
        let driver: Weak<Driver> = Rc::downgrade(self);
        spawn_local(async move {
            sleep(delay).await;
            let Some(driver) = driver.upgrade() else {
                return;
            };
            if driver.generation.get() == generation && !driver.stopped.get() {
                driver.wakeup_at.set(None);
                driver.pump();
            }
        });
    }
}

/// A promise-based `setTimeout`.
async fn sleep(ms: f64) {
    let promise = Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32));
        if !matches!(scheduled, Some(Ok(_))) {
            // No window (a worker): resolve at once rather than never.
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}
