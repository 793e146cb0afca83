// Zendesk: a LeadHost for a Zendesk app (ZAF, the `ZAFClient` of
// https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js) in one of two products:
//
//   product 'sell'    — the lead card of Zendesk Sell (`location.sell.lead_card`). The lead is read
//                       and written through the Sell API (https://api.getbase.com) by
//                       `client.request`, authenticated with a secure setting or an OAuth parameter
//                       (`Bearer {{setting.access_token}}`, substituted by Zendesk's proxy). Sell has
//                       no conditional update: a conflict is found by comparing `updated_at` just
//                       before writing, which can still race with an edit made in between.
//   product 'support' — the ticket sidebar of Zendesk Support (`location.support.ticket_sidebar`).
//                       The lead is the ticket's requester and organization (the ticket's subject and
//                       description are the form message). A decision is ONE ticket update: custom
//                       fields + a private comment, sent with `safe_update` and `updated_stamp`, so
//                       an edit since the lead was read is a 409 from Zendesk itself, never a race.
//
// Docs: docs/hosts/zendesk.md.

import {
  commonOptions,
  decisionNote,
  decisionProblem,
  decisionValues,
  failure,
  failureForStatus,
  isNoteFor,
  leadFromRecord,
  mergeMap,
  messageOf,
  ok,
  pathFields,
  OUTCOMES,
} from './common.js';

export const ZENDESK_PRODUCTS = Object.freeze(['sell', 'support']);

/**
 * Lead path → a field of the Sell lead (`GET /v2/leads/:id` → `data`): a name, a dotted path
 * (`address.country`, `custom_fields.Employees`) or a function of the lead.
 */
export const ZENDESK_SELL_LEAD_FIELDS = Object.freeze({
  id: 'id',
  created_at: 'created_at',
  'company.name': 'organization_name',
  'company.domain': 'website',
  'company.industry': 'industry',
  'company.country': 'address.country',
  'contact.name': (lead) => [lead.first_name, lead.last_name].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ') || null,
  'contact.email': 'email',
  'contact.title': 'title',
  'contact.phone': (lead) => lead.phone || lead.mobile || null,
  'form.message': 'description',
});

/**
 * Decision part → where it goes on the Sell lead. `status` is the lead's own status attribute;
 * every other name is a lead custom field (Sell keys custom fields by name) that you create
 * (docs/hosts/zendesk.md). Null leaves a part out.
 */
export const ZENDESK_SELL_DECISION_FIELDS = Object.freeze({
  status: 'status',
  decision_id: 'LeadLens Decision Id',
  outcome: 'LeadLens Outcome',
  reason_code: 'LeadLens Reason',
  fit: 'LeadLens Fit',
  intent: 'LeadLens Intent',
  route: 'LeadLens Route',
  model_version: 'LeadLens Model Version',
});

/** Sell lead statuses per outcome (Sell's default lead statuses are New, Working, Unqualified). */
export const ZENDESK_SELL_STATUS = Object.freeze({
  accepted: 'Working',
  rejected: 'Unqualified',
  recycled: 'Unqualified',
});

/**
 * Lead path → a dotted path into `{ ticket, requester, organization }` (the ticket, its requester
 * and the organization as the Support API returns them) or a function of that record. Titles,
 * industries and head counts are user or organization fields each account names itself: map them
 * with `fields` (e.g. `'company.industry': 'organization.organization_fields.industry'`).
 */
export const ZENDESK_SUPPORT_LEAD_FIELDS = Object.freeze({
  id: 'ticket.id',
  created_at: 'ticket.created_at',
  'company.name': 'organization.name',
  'company.domain': (record) => firstString(record.organization?.domain_names),
  'contact.name': 'requester.name',
  'contact.email': 'requester.email',
  'contact.phone': 'requester.phone',
  'source.channel': 'ticket.via.channel',
  'form.message': (record) =>
    [record.ticket?.subject, record.ticket?.description].filter((part) => typeof part === 'string' && part.trim() !== '').join('\n\n') || null,
});

/** Values for a "lead status" ticket field (`ticketFields.status`), e.g. a drop-down's option tags. */
export const ZENDESK_SUPPORT_STATUS = Object.freeze({
  accepted: 'leadlens_accepted',
  rejected: 'leadlens_rejected',
  recycled: 'leadlens_nurture',
});

/** ZAF events after which the lead is read again (see `changeEvents`). */
export const ZENDESK_CHANGE_EVENTS = Object.freeze({
  // The lead card fires `lead.<property>.changed` for any property of its lead object
  // (developer.zendesk.com/api-reference/apps/apps-sell-api/lead_card); beyond `email` and
  // `creator`, the property names here are the Sell API's in camelCase, unverified.
  sell: Object.freeze([
    'lead.status.changed',
    'lead.email.changed',
    'lead.firstName.changed',
    'lead.lastName.changed',
    'lead.organizationName.changed',
    'lead.title.changed',
    'lead.description.changed',
    'lead.industry.changed',
    'lead.website.changed',
    'lead.address.changed',
    'lead.customFields.changed',
  ]),
  // Saved by this agent, or updated by someone else while the ticket is open: the stored ticket
  // (what the adapter reads) changed. Unsaved edits in the ticket form are not read.
  support: Object.freeze(['ticket.saved', 'ticket.updated']),
});

const DECISION_PARTS = ['status', 'decision_id', 'outcome', 'reason_code', 'note', 'reviewer', 'decided_at', 'fit', 'intent', 'route', 'model_version'];

function firstString(list) {
  return Array.isArray(list) ? (list.find((item) => typeof item === 'string' && item !== '') ?? null) : null;
}

const isId = (value) => (typeof value === 'string' && /^[1-9]\d*$/.test(value)) || (Number.isSafeInteger(value) && value > 0);

// ---------------------------------------------------------------------------------------------
// Talking to Zendesk through `client.request`, which resolves with the parsed body and rejects
// with a jqXHR-like object `{ status, statusText, responseText, responseJSON }` (status 0 when no
// answer came: offline, a timeout, the proxy unreachable).

async function call(client, settings) {
  try {
    return { ok: true, body: await client.request(settings) };
  } catch (error) {
    const status = Number.isInteger(error?.status) ? error.status : 0;
    return { ok: false, status, error };
  }
}

function jsonOf(error) {
  if (error?.responseJSON && typeof error.responseJSON === 'object') return error.responseJSON;
  if (typeof error?.responseText === 'string' && error.responseText.trim().startsWith('{')) {
    try {
      return JSON.parse(error.responseText);
    } catch {
      return null;
    }
  }
  return null;
}

const text = (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * The message in a Zendesk error: Support's `{ error, description, details }` (error may itself
 * be `{ title, message }`; newer endpoints send `{ errors: [{ code, title, detail }] }`), or
 * Sell's `{ errors: [{ error: { code, message, details, field } }], meta }`.
 */
export function zendeskErrorMessage(error) {
  const body = jsonOf(error);
  if (body) {
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      const parts = body.errors.map((item) => {
        const e = item?.error ?? item ?? {};
        const code = text(e.code);
        const words = [text(e.message) ?? text(e.title), text(e.details) ?? text(e.detail)].filter(Boolean);
        const field = text(e.field);
        return [code, words.join(': ') + (field && !words.join(' ').includes(field) ? ` [${field}]` : '')].filter(Boolean).join(': ');
      });
      return parts.filter(Boolean).join('; ');
    }
    const head = typeof body.error === 'object' && body.error !== null ? text(body.error.title) : text(body.error);
    const description = text(body.description) ?? (typeof body.error === 'object' && body.error !== null ? text(body.error.message) : null);
    const details = [];
    if (body.details && typeof body.details === 'object') {
      for (const list of Object.values(body.details)) {
        for (const item of Array.isArray(list) ? list : [list]) {
          const detail = text(item?.description) ?? text(item?.message) ?? text(item);
          if (detail) details.push(detail);
        }
      }
    }
    const message = [head, [description, ...details].filter(Boolean).join(': ')].filter(Boolean).join(': ');
    if (message) return message;
  }
  if (error?.status === 0 || error?.status === undefined) {
    const status = text(error?.statusText);
    return status ? `no answer (${status})` : `no answer (${messageOf(error)})`;
  }
  return text(error?.statusText) ?? messageOf(error);
}

/** A PostResult for a failed request: no answer (status 0) is retryable, the rest by status. */
function refused(product, what, answer, hint = '') {
  if (!answer.status) {
    const detail = text(answer.error?.statusText) ?? messageOf(answer.error);
    return failure(`No answer from ${product} to ${what} (${detail})`, { retryable: true });
  }
  return failureForStatus(answer.status, `${product} refused ${what}: ${zendeskErrorMessage(answer.error)}${hint}`);
}

// ---------------------------------------------------------------------------------------------

function checkClient(client, where) {
  for (const method of ['get', 'request', 'on', 'off']) {
    if (typeof client?.[method] !== 'function') {
      throw new TypeError(`${where}: \`client.${method}\` is missing: pass \`client\` (what ZAFClient.init() returns)`);
    }
  }
}

function checkEvents(events, where) {
  if (!Array.isArray(events) || events.some((e) => typeof e !== 'string' || e === '')) {
    throw new TypeError(`${where}: \`changeEvents\` must be an array of ZAF event names`);
  }
  return [...events];
}

function checkStatus(status, defaults, where) {
  if (status === undefined || status === null) return { ...defaults };
  if (typeof status !== 'object' || Array.isArray(status)) throw new TypeError(`${where}: \`status\` must be an object of outcome → status`);
  for (const [outcome, value] of Object.entries(status)) {
    if (!OUTCOMES.includes(outcome)) throw new TypeError(`${where}: \`status.${outcome}\` is not an outcome (${OUTCOMES.join(', ')})`);
    if (typeof value !== 'string' || value === '') throw new TypeError(`${where}: \`status.${outcome}\` must be a non-empty string`);
  }
  return { ...defaults, ...status };
}

/**
 * Re-reads the lead after any of `events`, once per burst (a save fires several events), and
 * hands it to `callback`. A failed re-read is dropped: the panel keeps the lead it has.
 */
function subscribe(client, events, read, callback) {
  if (typeof callback !== 'function') throw new TypeError('onLeadChange: callback must be a function');
  let reading = null;
  let again = false;
  let active = true;
  const reread = () => {
    if (!active) return;
    if (reading) {
      again = true;
      return;
    }
    reading = (async () => {
      do {
        again = false;
        try {
          const lead = await read();
          if (active && !again) callback(lead);
        } catch {
          // leave the panel on the lead it shows
        }
      } while (again && active);
      reading = null;
    })();
  };
  const handler = () => {
    queueMicrotask(reread);
  };
  for (const event of events) client.on(event, handler);
  return () => {
    active = false;
    for (const event of events) client.off(event, handler);
  };
}

// ---------------------------------------------------------------------------------------------
// Zendesk Sell, lead card.

function sellHost(options, client, where) {
  const leadId = options.leadId;
  if (!isId(leadId)) throw new TypeError(`${where}: no lead: pass \`leadId\` (the lead card's \`lead.id\`; connectZendesk reads it)`);
  const id = String(leadId);
  const apiBase = options.apiBase ?? 'https://api.getbase.com';
  if (typeof apiBase !== 'string' || !/^https:\/\/[^/]+$/.test(apiBase)) {
    throw new TypeError(`${where}: \`apiBase\` must be an https origin without a path, e.g. "https://api.getbase.com"`);
  }
  const tokenSetting = options.tokenSetting ?? 'access_token';
  if (typeof tokenSetting !== 'string' || !/^[A-Za-z0-9_]+$/.test(tokenSetting)) {
    throw new TypeError(`${where}: \`tokenSetting\` must be the name of the app's secure setting or OAuth parameter (letters, digits, _)`);
  }
  const fields = pathFields(mergeMap(ZENDESK_SELL_LEAD_FIELDS, options.fields, where, 'fields'));
  const write = mergeMap(ZENDESK_SELL_DECISION_FIELDS, options.decisionFields, where, 'decisionFields');
  for (const [part, field] of Object.entries(write)) {
    if (!DECISION_PARTS.includes(part)) throw new TypeError(`${where}: \`decisionFields.${part}\` is not a decision part (${DECISION_PARTS.join(', ')})`);
    if (field !== null && typeof field !== 'string') throw new TypeError(`${where}: \`decisionFields.${part}\` must be a field name or null`);
  }
  const status = checkStatus(options.status, ZENDESK_SELL_STATUS, where);
  const notes = options.notes !== false;
  const events = checkEvents(options.changeEvents ?? ZENDESK_CHANGE_EVENTS.sell, where);
  const store = commonOptions(options, where, 'leadlens-zendesk:sell');
  let seenVersion;

  // The token never reaches this page: Zendesk's proxy puts the setting's value in place of the
  // placeholder (`secure: true`), for the domains the manifest's `domainWhitelist` allows.
  const request = (type, path, body) =>
    call(client, {
      url: `${apiBase}${path}`,
      type,
      dataType: 'json',
      headers: { Authorization: `Bearer {{setting.${tokenSetting}}}`, Accept: 'application/json' },
      secure: true,
      ...(body === undefined ? {} : { contentType: 'application/json', data: JSON.stringify(body) }),
    });

  // A 401 from Sell means the placeholder reached it unreplaced or the token is not valid.
  const authHint = (answer) =>
    answer.status === 401
      ? ` (check the app's \`${tokenSetting}\` setting: a secure setting or OAuth parameter, and api.getbase.com in the manifest's domainWhitelist)`
      : '';

  const noLead = (leadIdText) => `Zendesk Sell has no lead ${leadIdText} (or the token in the \`${tokenSetting}\` setting cannot see it)`;

  async function fetchLead(leadIdText) {
    const answer = await request('GET', `/v2/leads/${encodeURIComponent(leadIdText)}`);
    if (answer.ok) {
      const lead = answer.body?.data;
      return lead && typeof lead === 'object' && lead.id !== undefined ? { lead } : { missing: true };
    }
    return answer.status === 404 ? { missing: true } : { answer };
  }

  async function hasNote(leadIdText, decisionId) {
    // Newest first: a retry looks for a note written minutes ago. Ten pages of 100 is a lot of
    // notes on one lead; beyond that a duplicate note is possible (documented).
    for (let page = 1; page <= 10; page += 1) {
      const answer = await request('GET', `/v2/notes?resource_type=lead&resource_id=${encodeURIComponent(leadIdText)}&sort_by=created_at:desc&per_page=100&page=${page}`);
      if (!answer.ok) return { answer };
      const items = Array.isArray(answer.body?.items) ? answer.body.items : [];
      if (items.some((item) => isNoteFor(item?.data?.content, decisionId))) return { found: true };
      if (items.length < 100 || !answer.body?.meta?.links?.next_page) return { found: false };
    }
    return { found: false };
  }

  async function read() {
    const got = await fetchLead(id);
    if (got.missing) throw new Error(noLead(id));
    if (got.answer) throw new Error(`Zendesk Sell did not give lead ${id}: ${zendeskErrorMessage(got.answer.error)}${got.answer.status ? ` (HTTP ${got.answer.status})` : ''}`);
    seenVersion = typeof got.lead.updated_at === 'string' ? got.lead.updated_at : undefined;
    const lead = leadFromRecord(got.lead, fields);
    lead.id = String(got.lead.id);
    return lead;
  }

  const host = {
    capabilities: Object.freeze({ write: true, durableStore: store !== null }),
    product: 'sell',
    leadId: id,
    readLead: read,
    /** `updated_at` of the lead as last read. */
    version: () => seenVersion,
    onLeadChange: (callback) => subscribe(client, events, read, callback),

    async postDecision(decision, expectedVersion) {
      const problem = decisionProblem(decision);
      if (problem) return failure(`Not posted: ${problem}`);
      if (!isId(decision.lead_id)) return failure(`Not posted: the decision's lead_id ${JSON.stringify(decision.lead_id)} is not a Sell lead id`);
      const target = String(decision.lead_id);
      const decisionId = String(decision.decision_id);
      const got = await fetchLead(target);
      if (got.missing) return failure(noLead(target));
      if (got.answer) return refused('Zendesk Sell', `reading lead ${target}`, got.answer, authHint(got.answer));
      const record = got.lead;
      // 1. Already applied (the answer to an earlier post was lost)?
      if (write.decision_id && record.custom_fields?.[write.decision_id] === decisionId) return ok();
      // 2. Sell has no conditional update: compare now, write next (the race is documented).
      if (expectedVersion !== undefined && expectedVersion !== null && record.updated_at !== expectedVersion) {
        return failure(
          `The lead changed in Zendesk Sell since it was scored (updated ${record.updated_at ?? 'at an unknown time'}); reload it and decide again`,
          { conflict: true },
        );
      }
      // 3. The note, unless an earlier attempt wrote it.
      if (notes) {
        const found = await hasNote(target, decisionId);
        if (found.answer) return refused('Zendesk Sell', 'listing the lead\'s notes', found.answer, authHint(found.answer));
        if (!found.found) {
          const note = decisionNote(decision);
          const added = await request('POST', '/v2/notes', {
            data: { resource_type: 'lead', resource_id: Number(target), content: `${note.title}\n${note.body}` },
          });
          if (!added.ok) return refused('Zendesk Sell', 'the note', added, authHint(added));
        }
      }
      // 4. The lead, with the decision id: last, because it is what says "done".
      const values = decisionValues(decision, { ...write, status: null }, status);
      const data = {};
      if (write.status === 'status') data.status = status[decision.outcome];
      else if (write.status) values[write.status] = status[decision.outcome];
      if (Object.keys(values).length > 0) data.custom_fields = values;
      if (Object.keys(data).length === 0) return ok();
      const updated = await request('PUT', `/v2/leads/${encodeURIComponent(target)}`, { data });
      if (!updated.ok) return refused('Zendesk Sell', 'the lead update', updated, authHint(updated));
      // Compare what was stored with what was sent: a custom field that does not exist must not
      // pass as written, or every retry would add another note.
      const stored = updated.body?.data?.custom_fields;
      if (write.decision_id && stored && typeof stored === 'object' && stored[write.decision_id] !== decisionId) {
        return failure(`Zendesk Sell did not store the custom field "${write.decision_id}": create it on leads (docs/hosts/zendesk.md) or set \`decisionFields.decision_id\` to null`);
      }
      return ok();
    },
  };
  if (store) host.store = store;
  if (options.reviewer != null) host.reviewer = options.reviewer;
  return host;
}

// ---------------------------------------------------------------------------------------------
// Zendesk Support, ticket sidebar.

function checkTicketFields(ticketFields, where) {
  if (ticketFields === undefined || ticketFields === null) return {};
  if (typeof ticketFields !== 'object' || Array.isArray(ticketFields)) {
    throw new TypeError(`${where}: \`ticketFields\` must be an object of decision part → ticket field id`);
  }
  const out = {};
  for (const [part, fieldId] of Object.entries(ticketFields)) {
    if (!DECISION_PARTS.includes(part)) throw new TypeError(`${where}: \`ticketFields.${part}\` is not a decision part (${DECISION_PARTS.join(', ')})`);
    if (fieldId === null) continue;
    if (!isId(fieldId)) throw new TypeError(`${where}: \`ticketFields.${part}\` must be a ticket field id (a positive integer) or null`);
    out[part] = String(fieldId);
  }
  return out;
}

function supportHost(options, client, where) {
  const ticketId = options.ticketId;
  if (!isId(ticketId)) throw new TypeError(`${where}: no ticket: pass \`ticketId\` (the sidebar's \`ticket.id\`; connectZendesk reads it)`);
  const id = String(ticketId);
  const fields = pathFields(mergeMap(ZENDESK_SUPPORT_LEAD_FIELDS, options.fields, where, 'fields'));
  const ticketFields = checkTicketFields(options.ticketFields, where);
  const status = checkStatus(options.status, ZENDESK_SUPPORT_STATUS, where);
  const events = checkEvents(options.changeEvents ?? ZENDESK_CHANGE_EVENTS.support, where);
  const store = commonOptions(options, where, 'leadlens-zendesk:support');
  let seenVersion;

  // Same-origin requests to the Support API carry the agent's session: the writes are the agent's.
  const request = (type, path, body) =>
    call(client, {
      url: path,
      type,
      dataType: 'json',
      ...(body === undefined ? {} : { contentType: 'application/json', data: JSON.stringify(body) }),
    });

  const noTicket = (ticketIdText) => `Zendesk Support has no ticket ${ticketIdText} (or this agent cannot see it)`;

  async function fetchTicket(ticketIdText, include) {
    const answer = await request('GET', `/api/v2/tickets/${encodeURIComponent(ticketIdText)}.json${include ? '?include=users,organizations' : ''}`);
    if (answer.ok) {
      const ticket = answer.body?.ticket;
      return ticket && typeof ticket === 'object' && ticket.id !== undefined ? { ticket, body: answer.body } : { missing: true };
    }
    return answer.status === 404 ? { missing: true } : { answer };
  }

  const fieldValue = (ticket, fieldId) => (Array.isArray(ticket?.custom_fields) ? ticket.custom_fields.find((f) => String(f?.id) === fieldId)?.value : undefined);

  async function hasComment(ticketIdText, decisionId) {
    let path = `/api/v2/tickets/${encodeURIComponent(ticketIdText)}/comments.json?sort_order=desc`;
    for (let page = 0; page < 10 && path; page += 1) {
      const answer = await request('GET', path);
      if (!answer.ok) return { answer };
      const comments = Array.isArray(answer.body?.comments) ? answer.body.comments : [];
      if (comments.some((c) => isNoteFor(c?.body, decisionId) || isNoteFor(c?.plain_body, decisionId))) return { found: true };
      // next_page is an absolute URL on the account's domain; client.request takes it as is.
      path = typeof answer.body?.next_page === 'string' ? answer.body.next_page : null;
    }
    return { found: false };
  }

  async function read() {
    const got = await fetchTicket(id, true);
    if (got.missing) throw new Error(noTicket(id));
    if (got.answer) throw new Error(`Zendesk Support did not give ticket ${id}: ${zendeskErrorMessage(got.answer.error)}${got.answer.status ? ` (HTTP ${got.answer.status})` : ''}`);
    const { ticket } = got;
    const users = Array.isArray(got.body.users) ? got.body.users : [];
    const organizations = Array.isArray(got.body.organizations) ? got.body.organizations : [];
    const requester = users.find((u) => u?.id === ticket.requester_id) ?? null;
    const organizationId = ticket.organization_id ?? requester?.organization_id;
    const organization = organizations.find((o) => o?.id === organizationId) ?? null;
    seenVersion = typeof ticket.updated_at === 'string' ? ticket.updated_at : undefined;
    const lead = leadFromRecord({ ticket, requester, organization }, fields);
    lead.id = String(ticket.id);
    return lead;
  }

  const host = {
    capabilities: Object.freeze({ write: true, durableStore: store !== null }),
    product: 'support',
    ticketId: id,
    readLead: read,
    /** `updated_at` of the ticket as last read: the `updated_stamp` of the write. */
    version: () => seenVersion,
    onLeadChange: (callback) => subscribe(client, events, read, callback),

    async postDecision(decision, expectedVersion) {
      const problem = decisionProblem(decision);
      if (problem) return failure(`Not posted: ${problem}`);
      if (!isId(decision.lead_id)) return failure(`Not posted: the decision's lead_id ${JSON.stringify(decision.lead_id)} is not a Zendesk ticket id`);
      const target = String(decision.lead_id);
      const decisionId = String(decision.decision_id);
      const got = await fetchTicket(target, false);
      if (got.missing) return failure(noTicket(target));
      if (got.answer) return refused('Zendesk Support', `reading ticket ${target}`, got.answer);
      const { ticket } = got;
      // 1. Already applied? The fields and the comment go in one update, so either says so.
      if (ticketFields.decision_id && fieldValue(ticket, ticketFields.decision_id) === decisionId) return ok();
      const found = await hasComment(target, decisionId);
      if (found.answer) return refused('Zendesk Support', 'listing the ticket\'s comments', found.answer);
      if (found.found) return ok();
      // 2–4. One update: Zendesk applies it only if the ticket is still at `updated_stamp`
      // (409 otherwise), so no edit can slip in between a check and the write.
      const values = decisionValues(decision, ticketFields, status);
      const note = decisionNote(decision);
      const stamp = expectedVersion !== undefined && expectedVersion !== null ? String(expectedVersion) : ticket.updated_at;
      const update = {
        comment: { body: `${note.title}\n${note.body}`, public: false },
        safe_update: true,
        updated_stamp: stamp,
      };
      const customFields = Object.entries(values).map(([fieldId, value]) => ({ id: Number(fieldId), value }));
      if (customFields.length > 0) update.custom_fields = customFields;
      const updated = await request('PUT', `/api/v2/tickets/${encodeURIComponent(target)}.json`, { ticket: update });
      if (!updated.ok) {
        if (updated.status === 409) {
          return failure(
            `The ticket changed in Zendesk Support since it was scored (${zendeskErrorMessage(updated.error)}); reload it and decide again`,
            { conflict: true },
          );
        }
        return refused('Zendesk Support', 'the ticket update', updated);
      }
      // The Support API ignores custom field ids it does not know (and answers 200): compare.
      if (ticketFields.decision_id && updated.body?.ticket && fieldValue(updated.body.ticket, ticketFields.decision_id) !== decisionId) {
        return failure(
          `Zendesk Support did not store ticket field ${ticketFields.decision_id} (the decision id): check \`ticketFields\` against Admin Center › Objects and rules › Tickets › Fields; the comment was added, a retry will not add it again`,
        );
      }
      return ok();
    },
  };
  if (store) host.store = store;
  if (options.reviewer != null) host.reviewer = options.reviewer;
  return host;
}

/**
 * A LeadHost for a Zendesk app: `product: 'sell'` (lead card) or `'support'` (ticket sidebar).
 *
 * @param {import('./zendesk.d.ts').ZendeskHostOptions} options
 * @returns {import('./zendesk.d.ts').ZendeskHost}
 */
export function zendeskHost(options) {
  const where = 'zendeskHost';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object`);
  if (!ZENDESK_PRODUCTS.includes(options.product)) {
    throw new TypeError(`${where}: \`product\` must be "sell" (a Sell lead card) or "support" (a Support ticket sidebar)`);
  }
  const client = options.client;
  checkClient(client, where);
  return options.product === 'sell' ? sellHost(options, client, where) : supportHost(options, client, where);
}

// Single-path `client.get` throws when Zendesk reports an error for the path.
async function getPath(client, path) {
  const answer = await client.get(path);
  return answer?.[path];
}

/**
 * Initialises the ZAF client (unless `options.client` is given), finds the product and the record
 * the app is open on and returns its host. The reviewer is the signed-in Zendesk user unless
 * `options.reviewer` says otherwise.
 * @param {import('./zendesk.d.ts').ConnectZendeskOptions} [options]
 */
export async function connectZendesk(options = {}) {
  const where = 'connectZendesk';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object`);
  let client = options.client;
  if (client === undefined) {
    const ZAF = options.ZAFClient ?? globalThis.ZAFClient;
    if (typeof ZAF?.init !== 'function') throw new TypeError(`${where}: \`ZAFClient\` is missing: load Zendesk's ZAF SDK first (zaf_sdk.min.js)`);
    client = ZAF.init();
    // init() is false when the page was not opened by Zendesk (no origin/app_guid in its URL).
    if (!client) throw new TypeError(`${where}: ZAFClient.init() returned false: open this page as a Zendesk app, not directly`);
  }
  checkClient(client, where);
  const context = typeof client.context === 'function' ? await client.context() : null;
  const product = options.product ?? context?.product;
  if (!ZENDESK_PRODUCTS.includes(product)) {
    throw new TypeError(`${where}: this app runs in "${product ?? 'an unknown product'}"; the adapter supports Zendesk Sell and Zendesk Support`);
  }
  const location = context?.location;
  const expected = product === 'sell' ? 'lead_card' : 'ticket_sidebar';
  if (location !== undefined && location !== expected) {
    throw new TypeError(`${where}: the app is in the "${location}" location; the ${product === 'sell' ? 'Sell' : 'Support'} adapter needs "${expected}"`);
  }
  let reviewer = options.reviewer;
  if (reviewer == null) {
    let user;
    try {
      user = await getPath(client, 'currentUser');
    } catch {
      user = context?.currentUser; // some locations may not offer the path; the context has the user
    }
    user = user ?? context?.currentUser;
    if (user?.id !== undefined && user?.id !== null) reviewer = String(user.id);
  }
  if (product === 'sell') {
    const leadId = options.leadId ?? (await getPath(client, 'lead.id'));
    return zendeskHost({ ...options, client, product, leadId, reviewer });
  }
  const ticketId = options.ticketId ?? (await getPath(client, 'ticket.id'));
  return zendeskHost({ ...options, client, product, ticketId, reviewer });
}
