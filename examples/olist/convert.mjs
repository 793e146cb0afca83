#!/usr/bin/env node
// Converts the Olist marketing funnel dataset (real B2B inbound leads, see ../shared/data/README.md)
// into leadlens input: leads (the Lead contract) and outcome records (won stage records).
//
//   node examples/olist/convert.mjs [--data DIR] [--out DIR]
//
// --data: the folder with the two CSV files (default: ../shared/data/olist_marketing_funnel next to
//         the repository root). --out: where leads.ndjson and outcomes.ndjson are written (default:
//         target/olist under the repository root, which git ignores). The data is read in place and
//         never copied into the repository.
//
// One lead per MQL row of olist_marketing_qualified_leads_dataset.csv:
//   {"id": mql_id, "created_at": first_contact_date (a date: midnight UTC),
//    "source": {"channel": origin, "campaign": landing_page_id}}
// `origin` is the channel as Olist recorded it (including its own value "unknown"); an empty origin
// is left out, so the lead has no channel (the report's "(none)"): nothing is invented. The landing
// page goes into `source.campaign` because that is what `leadlens report` groups by and what
// `leadlens calibrate` proposes rules from, like a campaign: the page the lead signed up on.
//
// One outcome record per row of olist_closed_deals_dataset.csv:
//   {"lead_id": mql_id, "outcome": "won", "at": won_date}
// The dataset has no timezone; times are written as UTC. There are no reviewer decisions, lost deals
// or opportunity dates in the data, and none are made up: metrics that need decisions stay empty.
//
// LEAKAGE: nothing else from the closed-deals file goes into the leads. Its columns (seller, SDR and
// sales rep ids, business_segment, lead_type, lead_behaviour_profile, has_company, has_gtin,
// average_stock, business_type, declared_product_catalog_size, declared_monthly_revenue) were
// collected by sales while closing the deal, so they exist only for the 842 won leads. Put on a
// lead, "has a business segment" would mean "was won": a model would score perfectly on this data
// and learn nothing usable on a new lead, which never has them. The won date itself goes only into
// the outcome record.
//
// Rows that cannot be converted (wrong number of columns, missing id, bad date, repeated id, a
// closed deal whose mql_id is not an MQL) are reported on stderr as `file:line: column: message`
// and skipped; the rest is still written and the exit status is 1. A won date before the first
// contact is kept (it is what the data says) with a warning. Usage problems and unreadable files:
// exit 2. On success, stdout is one JSON line: counts, the last date in the data and `now`, the
// midnight (UTC) after it, a reproducible `--now` for leadlens.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MQL_FILE = 'olist_marketing_qualified_leads_dataset.csv';
export const DEALS_FILE = 'olist_closed_deals_dataset.csv';
const MS_PER_DAY = 86_400_000;

/**
 * Parses CSV text (RFC 4180: comma-separated, fields in double quotes may hold commas, newlines
 * and doubled quotes; CRLF or LF line ends; a leading byte-order mark is ignored). Returns the
 * records with the 1-based line each starts on, and an error for an unterminated quote.
 * @returns {{records: {line: number, fields: string[]}[], error: {line: number, message: string} | null}}
 */
export function parseCsv(text) {
  const records = [];
  let fields = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    fields.push(field);
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
    }
  }
  if (quoted) return { records, error: { line: start, message: 'unterminated quoted field' } };
  if (field !== '' || fields.length > 0) endRecord();
  return { records, error: null };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** `2018-02-26` or `2018-02-26 19:58:54` (no timezone: UTC) → RFC 3339, or null if not a real date. */
export function toRfc3339(text) {
  const m = DATE_TIME.exec(text) ?? DATE.exec(text);
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d
      || h > 23 || mi > 59 || s > 59) {
    return null;
  }
  return back.toISOString().replace('.000Z', 'Z');
}

/**
 * Converts the two CSV texts. `names` are the file names used in messages. `messages` are in
 * file order: `{error: true}` for a skipped row, `{error: false}` for a warning (row kept).
 * @returns {{leads: object[], outcomes: object[], messages: {error: boolean, text: string}[],
 *            last: string | null, fatal: string | null}}
 */
export function convert(mqlText, dealsText, names = { mql: MQL_FILE, deals: DEALS_FILE }) {
  const messages = [];
  const error = (text) => messages.push({ error: true, text });
  const warn = (text) => messages.push({ error: false, text });
  const leads = [];
  const outcomes = [];
  let last = null;
  const seen = (at) => { if (last === null || at > last) last = at; };

  const table = (text, name, columns) => {
    const csv = parseCsv(text);
    if (csv.error) error(`${name}:${csv.error.line}: ${csv.error.message}; the rest of the file is ignored`);
    const [header, ...rows] = csv.records;
    const index = {};
    const found = header ? header.fields.map((f) => f.trim()) : [];
    const missing = columns.filter((c) => !found.includes(c));
    if (missing.length > 0) {
      return { fatal: `${name}:1: the header lacks ${missing.join(', ')} (found: ${found.join(', ') || 'nothing'})` };
    }
    for (const c of columns) index[c] = found.indexOf(c);
    const good = [];
    for (const row of rows) {
      if (row.fields.length !== found.length) {
        error(`${name}:${row.line}: expected ${found.length} columns, found ${row.fields.length}; skipped`);
        continue;
      }
      const value = {};
      for (const c of columns) value[c] = row.fields[index[c]].trim();
      good.push({ line: row.line, value });
    }
    return { rows: good };
  };

  const mqls = table(mqlText, names.mql, ['mql_id', 'first_contact_date', 'landing_page_id', 'origin']);
  if (mqls.fatal) return { leads, outcomes, messages, last, fatal: mqls.fatal };
  // Only these two columns of the closed deals are read: see LEAKAGE above.
  const deals = table(dealsText, names.deals, ['mql_id', 'won_date']);
  if (deals.fatal) return { leads, outcomes, messages, last, fatal: deals.fatal };

  const contacted = new Map(); // mql_id → { created_at, line }
  const unreadable = new Map(); // mql_id → line, for MQL rows skipped for a bad date
  for (const { line, value } of mqls.rows) {
    const at = `${names.mql}:${line}`;
    if (value.mql_id === '') {
      error(`${at}: mql_id: empty; skipped`);
      continue;
    }
    if (contacted.has(value.mql_id)) {
      error(`${at}: mql_id: ${value.mql_id} repeats line ${contacted.get(value.mql_id).line}; skipped`);
      continue;
    }
    const created = toRfc3339(value.first_contact_date);
    if (created === null) {
      error(`${at}: first_contact_date: "${value.first_contact_date}" is not a date (YYYY-MM-DD); skipped`);
      if (!unreadable.has(value.mql_id)) unreadable.set(value.mql_id, line);
      continue;
    }
    contacted.set(value.mql_id, { created_at: created, line });
    seen(created);
    const source = {};
    if (value.origin !== '') source.channel = value.origin;
    if (value.landing_page_id !== '') source.campaign = value.landing_page_id;
    const lead = { id: value.mql_id, created_at: created };
    if (Object.keys(source).length > 0) lead.source = source;
    leads.push(lead);
  }

  const won = new Map(); // mql_id → line
  for (const { line, value } of deals.rows) {
    const at = `${names.deals}:${line}`;
    if (value.mql_id === '') {
      error(`${at}: mql_id: empty; skipped`);
      continue;
    }
    if (won.has(value.mql_id)) {
      error(`${at}: mql_id: ${value.mql_id} was already won on line ${won.get(value.mql_id)}; skipped`);
      continue;
    }
    const lead = contacted.get(value.mql_id);
    if (lead === undefined) {
      const why = unreadable.has(value.mql_id)
        ? `has no lead: its MQL row (${names.mql}:${unreadable.get(value.mql_id)}) was skipped`
        : `is not an MQL in ${names.mql}`;
      error(`${at}: mql_id: ${value.mql_id} ${why}; skipped`);
      continue;
    }
    const wonAt = toRfc3339(value.won_date);
    if (wonAt === null) {
      error(`${at}: won_date: "${value.won_date}" is not a date and time (YYYY-MM-DD HH:MM:SS); skipped`);
      continue;
    }
    if (wonAt < lead.created_at) {
      warn(`${at}: won_date: ${wonAt} is before the first contact (${lead.created_at}, ${names.mql}:${lead.line}); kept as recorded`);
    }
    won.set(value.mql_id, line);
    seen(wonAt);
    outcomes.push({ lead_id: value.mql_id, outcome: 'won', at: wonAt });
  }
  return { leads, outcomes, messages, last, fatal: null };
}

/** The midnight (UTC) after `at`: a `--now` that is later than every record. */
export function dayAfter(at) {
  const ms = Date.parse(at);
  return new Date(Math.floor(ms / MS_PER_DAY) * MS_PER_DAY + MS_PER_DAY).toISOString().replace('.000Z', 'Z');
}

const USAGE = 'usage: node examples/olist/convert.mjs [--data DIR] [--out DIR]';

function main(argv) {
  let data = resolve(ROOT, '../shared/data/olist_marketing_funnel');
  let out = resolve(ROOT, 'target/olist');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if ((arg === '--data' || arg === '--out') && argv[i + 1] !== undefined) {
      if (arg === '--data') data = resolve(argv[++i]);
      else out = resolve(argv[++i]);
    } else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      return 0;
    } else {
      console.error(`convert: unexpected argument ${arg}\n${USAGE}`);
      return 2;
    }
  }
  const paths = { mql: join(data, MQL_FILE), deals: join(data, DEALS_FILE) };
  // Messages name the files as seen from the current directory.
  const shown = { mql: relative(process.cwd(), paths.mql), deals: relative(process.cwd(), paths.deals) };
  let mqlText;
  let dealsText;
  try {
    mqlText = readFileSync(paths.mql, 'utf8');
    dealsText = readFileSync(paths.deals, 'utf8');
  } catch (e) {
    console.error(`convert: cannot read the Olist dataset: ${e.message}\n(pass --data DIR, the folder with ${MQL_FILE} and ${DEALS_FILE})`);
    return 2;
  }
  const result = convert(mqlText, dealsText, shown);
  if (result.fatal) {
    console.error(`convert: ${result.fatal}`);
    return 2;
  }
  for (const m of result.messages) console.error(m.error ? m.text : `warning: ${m.text}`);
  const bad = result.messages.filter((m) => m.error).length;
  const ndjson = (records) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'leads.ndjson'), ndjson(result.leads));
  writeFileSync(join(out, 'outcomes.ndjson'), ndjson(result.outcomes));
  console.log(JSON.stringify({
    leads: result.leads.length,
    won: result.outcomes.length,
    bad_rows: bad,
    warnings: result.messages.length - bad,
    last_record_at: result.last,
    now: result.last === null ? null : dayAfter(result.last),
    out,
  }));
  if (bad > 0) {
    console.error(`convert: ${bad} row${bad === 1 ? '' : 's'} skipped (see above)`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
