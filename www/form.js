// "Brightline Consulting — Book an operations consultation": a landing page whose form is qualified
// live by leadlens (`attachForm` from leadlens/form), plus the marketer view (`?leadlens=debug`):
// <leadlens-panel> and the form's state beside the form.
//
// The page works without leadlens. Its own submit handler is registered before leadlens is even
// imported, never waits for it, and shows the plain thank-you when no outcome is known; leadlens is
// imported dynamically, so a missing or broken package cannot stop this module from running.
// All data is rendered with textContent/createElement, never innerHTML (strict CSP; data is text).

const $ = (id) => document.getElementById(id);

const form = $('consultation-form');
const formArea = $('form-area');
const thankYou = $('thank-you');
const hint = $('suggest-hint');
const debug = new URLSearchParams(location.search).get('leadlens') === 'debug';

// One clock for the form and the panel, so both score the same lead the same way. The only event
// on this lead is the form itself (a consultation request "now"), so a fixed page-load time changes
// nothing while the visitor types.
const NOW = new Date().toISOString();

// What the page knows before the visitor types a word: the campaign's UTM tags, when the ad link
// carried them.
function knownLead() {
  const params = new URLSearchParams(location.search);
  const source = {};
  for (const [key, param] of [['channel', 'utm_source'], ['medium', 'utm_medium'], ['campaign', 'utm_campaign']]) {
    const value = params.get(param);
    if (value) source[key] = value;
  }
  return Object.keys(source).length ? { source } : {};
}

/** createElement with optional class, text and attributes; children appended in order. */
function el(tag, { className, text, attrs } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** The control named `name` in the form (first of a radio group), or null. */
function control(name) {
  const item = form.elements.namedItem(name);
  return item instanceof RadioNodeList ? item[0] ?? null : item;
}

/** The label text of a field, for the marketer view ("Company size", not "numemployees"). */
function labelOf(name) {
  const c = control(name);
  return c?.labels?.[0]?.textContent.replace('*', '').trim() || name;
}

// --- the suggested next question -------------------------------------------------------------

let suggested = null;

function setDescribedBy(element, id, on) {
  const ids = new Set((element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
  if (on) ids.add(id);
  else ids.delete(id);
  if (ids.size) element.setAttribute('aria-describedby', [...ids].join(' '));
  else element.removeAttribute('aria-describedby');
}

/**
 * Highlights the question leadlens would ask next, with a short reason under it that screen
 * readers hear with the field (aria-describedby). The DOM is touched only when the suggestion
 * changes, so typing in a field does not re-announce or flicker anything.
 */
function showNextQuestion(next) {
  const name = next?.field ?? null;
  if (name === suggested) return;
  const old = suggested && control(suggested);
  if (old) {
    old.closest('.field')?.classList.remove('suggested');
    setDescribedBy(old, hint.id, false);
  }
  suggested = name;
  const target = name && control(name);
  const wrapper = target?.closest('.field');
  if (!wrapper) {
    hint.hidden = true;
    form.append(hint);
    delete form.dataset.suggested;
    return;
  }
  wrapper.classList.add('suggested');
  wrapper.append(hint);
  hint.hidden = false;
  setDescribedBy(target, hint.id, true);
  form.dataset.suggested = name;
}

// --- after submit: the thank-you, by outcome -------------------------------------------------

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long' });
const SLOT_TIMES = [[9, 30], [11, 0], [14, 0], [16, 30]];

/** The next three working days with a few times each: the demo's fake calendar. */
function fakeSlots(from) {
  const days = [];
  const day = new Date(from);
  while (days.length < 3) {
    day.setDate(day.getDate() + 1);
    if (day.getDay() !== 0 && day.getDay() !== 6) days.push(new Date(day));
  }
  return days.map((date, i) => ({
    date,
    times: SLOT_TIMES.filter((_, j) => (i + j) % 4 !== 3).map(([h, m]) => {
      const at = new Date(date);
      at.setHours(h, m, 0, 0);
      return at;
    }),
  }));
}

const timeText = (date) => date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

function pickATime(email) {
  const status = el('p', { className: 'booked', attrs: { role: 'status', id: 'booking-status' } });
  const days = fakeSlots(new Date(NOW)).map(({ date, times }) => {
    const buttons = times.map((at) =>
      el('button', { className: 'slot', text: timeText(at), attrs: { type: 'button', 'data-slot': at.toISOString() } }),
    );
    const group = el('div', { className: 'slot-day', attrs: { role: 'group', 'aria-label': WEEKDAY.format(date) } },
      el('p', { className: 'slot-date', text: WEEKDAY.format(date), attrs: { 'aria-hidden': 'true' } }),
      el('div', { className: 'slot-times' }, ...buttons));
    return group;
  });
  const picker = el('div', { className: 'slots' }, ...days);
  picker.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-slot]');
    if (!button) return;
    for (const b of picker.querySelectorAll('button[data-slot]')) b.setAttribute('aria-pressed', String(b === button));
    const at = new Date(button.dataset.slot);
    status.textContent = `Booked: ${WEEKDAY.format(at)} at ${timeText(at)}, 45 minutes. A calendar invitation is on its way${email ? ` to ${email}` : ''}.`;
  });
  for (const b of picker.querySelectorAll('button[data-slot]')) b.setAttribute('aria-pressed', 'false');
  return [el('h3', { text: 'Pick a time' }), picker, status];
}

/** The thank-you for an outcome (`null`: leadlens had no result, so the plain thanks). */
function thankYouContent(action, answers) {
  const first = answers.get('firstname')?.trim();
  const email = answers.get('email')?.trim();
  const consent = answers.get('email_opt_in') === 'yes';
  const hello = first ? `Thanks, ${first}` : 'Thank you';
  switch (action) {
    case 'book_meeting':
      return {
        title: `${hello}: let's find a time`,
        body: [el('p', { text: 'Your request is a strong match for a consultation. Pick a 45-minute slot with a senior consultant (times in your time zone).' }), ...pickATime(email)],
      };
    case 'sales_follow_up':
      return {
        title: `${hello}: we'll be in touch`,
        body: [el('p', { text: `A consultant will review your request and contact you${email ? ` at ${email}` : ''} within one business day to arrange the call.` })],
      };
    case 'nurture':
      return {
        title: `${hello}: we've received your request`,
        body: [
          el('p', { text: "We'll look at it and reply within a few days. In the meantime, this is the guide our clients ask for most:" }),
          el('div', { className: 'offer' },
            el('p', { className: 'offer-title', text: 'The Operations Playbook' }),
            el('p', { text: '12 fixes for order-to-cash, month-end close and fulfilment, with the metrics to track each one.' }),
            el('a', { className: 'button', text: 'Get the playbook (PDF)', attrs: { href: 'https://www.brightline.example/playbook' } })),
          consent ? el('p', { className: 'muted', text: 'You will also get our monthly operations notes, as you asked.' }) : null,
        ],
      };
    case 'resources':
      return {
        title: 'Thanks for your interest in operations',
        body: [
          el('p', { text: 'Our consultations are for companies working on a live project. For study and research, these are free:' }),
          el('ul', { className: 'resources' },
            el('li', { text: 'Case library: 40 anonymised operations turnarounds' }),
            el('li', { text: 'Process-mapping templates (order-to-cash, procure-to-pay, month-end close)' }),
            el('li', { text: "Reading list from our consultants' training programme" })),
          el('a', { className: 'button', text: 'Student and research resources', attrs: { href: 'https://www.brightline.example/students' } }),
        ],
      };
    case 'careers':
      return {
        title: 'Thanks for getting in touch',
        body: [
          el('p', { text: 'Looking to join Brightline? Our open roles, and how we hire, are on the careers page.' }),
          el('a', { className: 'button', text: 'See open roles at Brightline', attrs: { href: 'https://www.brightline.example/careers' } }),
        ],
      };
    default:
      // `thank_you` (competitors, vendors, spam, unusable contacts) and the fallback when leadlens
      // is unavailable: the same plain thanks, which tells a visitor nothing about their score.
      return { title: hello, body: [el('p', { text: "We've received your message." })] };
  }
}

/** Submissions this page "sent" (there is no backend): a console handle for tests and for trying it. */
const submissions = [];
globalThis.brightline = { submissions, now: NOW };

// The outcome leadlens reported for the submission being handled, if any (set by onSubmit).
let outcome = null;

function showThankYou(action, answers, scored) {
  const { title, body } = thankYouContent(action, answers);
  const again = el('button', { className: 'button quiet', text: 'Send another request', attrs: { type: 'button' } });
  again.addEventListener('click', startOver);
  thankYou.replaceChildren(
    el('h2', { text: title, attrs: { id: 'thank-you-title', tabindex: '-1' } }),
    ...body,
    el('p', { className: 'again' }, again),
  );
  thankYou.dataset.action = action ?? 'thank_you';
  thankYou.dataset.scored = String(scored);
  formArea.hidden = true;
  thankYou.hidden = false;
  $('thank-you-title').focus();
}

function startOver() {
  form.reset();
  thankYou.hidden = true;
  thankYou.replaceChildren();
  formArea.hidden = false;
  // A reset fires no input event: score the empty form again so hints and questions follow.
  binding?.rescore();
  $('firstname').focus();
}

// Registered on the document, so it runs after every listener on the form itself — including
// leadlens's, which writes the final hidden values and reports the outcome synchronously. If it
// never ran (leadlens failed), `outcome` is null and the visitor gets the plain thank-you.
document.addEventListener('submit', (event) => {
  if (event.target !== form) return;
  const sent = outcome;
  outcome = null;
  const entries = [...new FormData(form)].map(([name, value]) => [name, String(value)]);
  // Built before preventDefault: if anything here threw, the browser would submit natively.
  const answers = new Map(entries);
  submissions.push({ entries, outcome: sent });
  showThankYou(sent?.action ?? null, answers, sent !== null);
  // This demo has no backend, so it shows the thank-you in the page instead of navigating. This
  // is the only place the submission is cancelled, and it does not depend on leadlens.
  event.preventDefault();
});

// --- leadlens --------------------------------------------------------------------------------

let binding = null;
const marketer = debug ? startMarketerView() : null;

/** What every result changes on the page; called at most once per animation frame. */
function onResult(result) {
  showNextQuestion(result.next_question);
  marketer?.update(result);
  // For bench-form.html: the page's DOM is up to date for this result.
  form.dispatchEvent(new CustomEvent('brightline-rendered', { detail: result }));
}

/** leadlens cannot score: the form must be complete and usable without it. */
function withoutLeadlens(error) {
  for (const wrapper of form.querySelectorAll('[data-leadlens-show]')) wrapper.hidden = false;
  showNextQuestion(null);
  marketer?.unavailable(error);
}

/**
 * The demo's stand-in for an enrichment provider: it knows two companies (try an email at
 * initech.com, then look at the marketer view). Any other domain is unknown, as many are.
 */
const COMPANY_DIRECTORY = {
  'globex.com': { name: 'Globex', industry: 'manufacturing', employees: 12000, country: 'US' },
  'initech.com': { name: 'Initech', industry: 'software', employees: 900, country: 'US' },
};

async function enrichFromDirectory(domain) {
  return COMPANY_DIRECTORY[domain] ?? null;
}

async function startLeadlens() {
  let attachForm;
  try {
    ({ attachForm } = await import('./pkg/form.js'));
  } catch (error) {
    withoutLeadlens(error);
    return;
  }
  binding = attachForm(form, {
    now: NOW,
    leadId: 'consultation-form',
    // Submitting this form asks for a consultation: the model's strongest hand-raiser signal.
    formType: 'consultation_request',
    knownLead: knownLead(),
    // `timeline` is no lead field the defaults know; keep its answer on the lead for the CRM.
    fields: { timeline: 'form.fields.timeline' },
    // The same rules as the data-leadlens-show attributes in the HTML (options win): stated here
    // so the page reads as one place.
    conditional: { budget: 'likely_buyer', timeline: 'likely_buyer' },
    // Company data for a work email's domain, as a data provider would send it. The demo looks
    // it up in a small built-in directory; a real page calls its own server, which holds the
    // provider's key. Typed answers win over it; a slow or failed lookup never holds the form.
    enrich: enrichFromDirectory,
    onResult,
    onSubmit: (submitOutcome) => {
      outcome = submitOutcome;
    },
    onError: (error) => {
      marketer?.problem(error);
      // `failed`: leadlens is not scoring this form (the wasm did not load, a bad model…), as
      // opposed to a problem it works around (a field mapping it cannot use).
      if (binding?.failed) withoutLeadlens(error);
    },
  });
}

startLeadlens();

// --- the marketer view (?leadlens=debug) -----------------------------------------------------

function startMarketerView() {
  document.body.dataset.view = 'debug';
  document.title = `Marketer view · ${document.title}`;
  $('marketer-view').hidden = false;
  const viewSwitch = $('view-switch');
  viewSwitch.textContent = 'Visitor view';
  viewSwitch.href = './form.html';

  const status = $('leadlens-status');
  const panelStatus = $('panel-status');
  const panel = $('panel');
  const hiddenBody = $('hidden-state').tBodies[0];
  let lastError = null;
  let lead = null;
  let panelReady = false;
  $('state-now').textContent = NOW;

  const setStatus = (node, state, text) => {
    node.dataset.state = state;
    node.textContent = text;
  };

  const list = (items) => (items.length ? items.join(', ') : 'none');

  (async () => {
    try {
      const { definePanel } = await import('./pkg/panel.js');
      await definePanel();
    } catch (error) {
      setStatus(panelStatus, 'unavailable', `The evidence panel could not be loaded (${error.message}).`);
      return;
    }
    panel.now = NOW;
    panelReady = true;
    setStatus(panelStatus, 'ready', '');
    if (lead) panel.lead = lead;
  })();

  return {
    update(result) {
      const { submit, next_question: next, shown, hidden } = result;
      setStatus(status, lastError ? 'warning' : 'ready',
        `Scoring live with model ${result.result.model.id} ${result.result.model.version}.${lastError ? ` Note: ${lastError}` : ''}`);
      $('state-submit').textContent = `${submit.action.replaceAll('_', ' ')} (route ${submit.route}, fit ${submit.fit}, intent ${submit.intent}${submit.disqualification ? `, ${submit.disqualification}` : ''})`;
      $('state-next').textContent = next
        ? `${labelOf(next.field)} (${next.field} → ${next.path}): ${next.changes_route ? 'can change the route' : 'cannot change the route'}, up to ${next.max_score_change} points`
        : 'none: no unanswered question would change the result';
      $('state-shown').textContent = list(Object.entries(shown).map(([name, visible]) => `${name}: ${visible ? 'shown' : 'hidden'}`));
      $('state-answered').textContent = list(result.answered);
      $('state-problems').textContent = list(result.problems.map((p) => `${p.field} (${p.path}): ${p.message}`));
      $('state-enriched').textContent = list(result.enriched);
      const contact = result.result.contact_quality;
      $('state-contact').textContent = [
        contact.dedupe_key ? `dedupe key ${contact.dedupe_key}` : 'no dedupe key yet',
        ...contact.hints.map((h) => h.message),
      ].join('; ');
      hiddenBody.replaceChildren(
        ...Object.entries(hidden).map(([name, value]) =>
          el('tr', { attrs: { 'data-field': name } }, el('th', { attrs: { scope: 'row' } }, el('code', { text: name })), el('td', { text: value === '' ? '(empty)' : value }))),
      );
      lead = result.lead;
      if (panelReady) panel.lead = lead;
    },
    problem(error) {
      lastError = error.message;
    },
    unavailable(error) {
      setStatus(status, 'unavailable', `leadlens is unavailable${error ? ` (${error.message})` : ''}. The form still works: it submits without scores.`);
    },
  };
}
