// examples/olist/convert.mjs on tiny inline fixtures (never the real dataset, which CI may not
// have): exact leads and outcomes, nothing from the closed-deals file on a lead, bad rows on stderr
// with file:line and a non-zero exit. Run: node --test examples/olist/convert.test.mjs

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { DEALS_FILE, MQL_FILE, convert, dayAfter, parseCsv, toRfc3339 } from './convert.mjs';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'convert.mjs');
const temp = mkdtempSync(join(tmpdir(), 'leadlens-olist-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const MQLS = [
  'mql_id,first_contact_date,landing_page_id,origin',
  'm1,2018-02-01,lp1,social',
  'm2,2018-02-03,lp2,', // no origin: no channel, not "unknown"
  'm3,2018-02-05,lp1,unknown', // Olist's own value, kept as it is
  'm4,2018-13-01,lp1,email', // line 5: no 13th month
  'm1,2018-02-07,lp3,email', // line 6: m1 again
  'm5,2018-02-09,lp2,paid_search',
  '',
].join('\n');

const DEALS_HEADER = 'mql_id,seller_id,sdr_id,sr_id,won_date,business_segment,lead_type,'
  + 'lead_behaviour_profile,has_company,has_gtin,average_stock,business_type,'
  + 'declared_product_catalog_size,declared_monthly_revenue';
const DEALS = [
  DEALS_HEADER,
  'm1,s1,sdr1,sr1,2018-03-01 10:00:00,pet,online_medium,"cat, wolf",True,True,5-20,reseller,50.0,30000.0',
  // Won before the first contact (it happens in the real data): kept, with a warning.
  'm3,s3,sdr1,sr2,2018-02-04 09:30:00,home_decor,industry,eagle,,,,manufacturer,,0.0',
  // Line 4, with a quoted field over two lines: a deal without an MQL.
  'zz,s9,sdr2,sr2,2018-03-02 11:00:00,"multi\nline",online_big,cat,,,,reseller,,0.0',
  'm5,s5,sdr2,sr1,not a date,pet,online_small,,,,,reseller,,0.0', // line 6
  'm4,s4,sdr2,sr1,2018-03-05 08:00:00,pet,online_small,,,,,reseller,,0.0', // line 7: m4 was skipped
  'm2,s2,sdr2,sr1,2018-03-04 12:00:00,"said ""yes""",online_small,shark,True,,,reseller,,"1,000.0"',
  '',
].join('\r\n');

/** The closed-deal values a lead must never carry (everything but mql_id and won_date). */
const DEAL_ONLY = ['s1', 's3', 's9', 's5', 's4', 's2', 'sdr1', 'sdr2', 'sr1', 'sr2', 'pet', 'home_decor',
  'online_medium', 'industry', 'cat, wolf', 'eagle', 'reseller', 'manufacturer', '30000.0', '5-20',
  'said "yes"', 'shark', '1,000.0', '2018-03-01', '2018-03-04'];

function fixture(name, files) {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/** Runs the script in `dir` (so messages name the files without a folder). */
function run(dir, args = ['--data', '.', '--out', 'out']) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ndjson = (path) => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

test('CSV: quoted commas, doubled quotes, newlines in quotes, CRLF, BOM, blank lines', () => {
  const { records, error } = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",z\nlast,');
  assert.equal(error, null);
  assert.deepEqual(records, [
    { line: 1, fields: ['a', 'b'] },
    { line: 2, fields: ['x, y', 'say "hi"'] },
    { line: 4, fields: ['two\nlines', 'z'] },
    { line: 6, fields: ['last', ''] },
  ]);
  assert.deepEqual(parseCsv('a\n"open,b\nc').error, { line: 2, message: 'unterminated quoted field' });
});

test('dates: the two Olist formats as RFC 3339 UTC; impossible dates refused', () => {
  assert.equal(toRfc3339('2018-02-01'), '2018-02-01T00:00:00Z');
  assert.equal(toRfc3339('2018-02-26 19:58:54'), '2018-02-26T19:58:54Z');
  for (const bad of ['2018-02-30', '2018-13-01', '2018-02-01 24:00:00', '01/02/2018', '']) {
    assert.equal(toRfc3339(bad), null, bad);
  }
  assert.equal(dayAfter('2018-11-14T18:04:19Z'), '2018-11-15T00:00:00Z');
  assert.equal(dayAfter('2018-11-14T00:00:00Z'), '2018-11-15T00:00:00Z');
});

test('leads carry only MQL fields; won deals become won records; bad rows are reported, exit 1', () => {
  const dir = fixture('mixed', { [MQL_FILE]: MQLS, [DEALS_FILE]: DEALS });
  const r = run(dir);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.stderr.split('\n').filter((l) => l !== ''), [
    `${MQL_FILE}:5: first_contact_date: "2018-13-01" is not a date (YYYY-MM-DD); skipped`,
    `${MQL_FILE}:6: mql_id: m1 repeats line 2; skipped`,
    `warning: ${DEALS_FILE}:3: won_date: 2018-02-04T09:30:00Z is before the first contact (2018-02-05T00:00:00Z, ${MQL_FILE}:4); kept as recorded`,
    `${DEALS_FILE}:4: mql_id: zz is not an MQL in ${MQL_FILE}; skipped`,
    `${DEALS_FILE}:6: won_date: "not a date" is not a date and time (YYYY-MM-DD HH:MM:SS); skipped`,
    `${DEALS_FILE}:7: mql_id: m4 has no lead: its MQL row (${MQL_FILE}:5) was skipped; skipped`,
    'convert: 5 rows skipped (see above)',
  ]);
  assert.deepEqual(JSON.parse(r.stdout), {
    leads: 4, won: 3, bad_rows: 5, warnings: 1,
    last_record_at: '2018-03-04T12:00:00Z', now: '2018-03-05T00:00:00Z', out: join(dir, 'out'),
  });

  const leads = ndjson(join(dir, 'out', 'leads.ndjson'));
  assert.deepEqual(leads, [
    { id: 'm1', created_at: '2018-02-01T00:00:00Z', source: { channel: 'social', campaign: 'lp1' } },
    { id: 'm2', created_at: '2018-02-03T00:00:00Z', source: { campaign: 'lp2' } },
    { id: 'm3', created_at: '2018-02-05T00:00:00Z', source: { channel: 'unknown', campaign: 'lp1' } },
    { id: 'm5', created_at: '2018-02-09T00:00:00Z', source: { channel: 'paid_search', campaign: 'lp2' } },
  ]);
  // No leakage: not one value that exists only for won deals, whatever key it might hide under.
  const text = readFileSync(join(dir, 'out', 'leads.ndjson'), 'utf8');
  for (const value of DEAL_ONLY) assert.ok(!text.includes(JSON.stringify(value).slice(1, -1)), value);
  // Won and not-won leads look alike: the same keys.
  for (const lead of leads) {
    assert.deepEqual(Object.keys(lead), ['id', 'created_at', 'source']);
    assert.ok(Object.keys(lead.source).every((k) => k === 'channel' || k === 'campaign'));
  }

  assert.deepEqual(ndjson(join(dir, 'out', 'outcomes.ndjson')), [
    { lead_id: 'm1', outcome: 'won', at: '2018-03-01T10:00:00Z' },
    { lead_id: 'm3', outcome: 'won', at: '2018-02-04T09:30:00Z' },
    { lead_id: 'm2', outcome: 'won', at: '2018-03-04T12:00:00Z' },
  ]);
});

test('clean files exit 0 with nothing on stderr', () => {
  const mqls = 'mql_id,first_contact_date,landing_page_id,origin\na,2018-01-02,lp,email\nb,2018-01-03,lp,referral\n';
  const deals = `${DEALS_HEADER}\nb,s,d,r,2018-02-01 08:00:00,pet,online_small,cat,,,,reseller,,0.0\n`;
  const r = run(fixture('clean', { [MQL_FILE]: mqls, [DEALS_FILE]: deals }));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(JSON.parse(r.stdout).now, '2018-02-02T00:00:00Z');
});

test('a missing dataset or column is a usage problem: exit 2, nothing written', () => {
  const empty = fixture('empty', {});
  const r = run(empty);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read the Olist dataset/);
  assert.ok(!existsSync(join(empty, 'out')));
  const noOrigin = 'mql_id,first_contact_date,landing_page_id\na,2018-01-02,lp\n';
  const r2 = run(fixture('columns', { [MQL_FILE]: noOrigin, [DEALS_FILE]: `${DEALS_HEADER}\n` }));
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, new RegExp(`${MQL_FILE}:1: the header lacks origin`));
  assert.equal(run(temp, ['--bogus']).code, 2);
});

test('the conversion is a pure function of the two files', () => {
  const once = convert(MQLS, DEALS);
  assert.deepEqual(convert(MQLS, DEALS), once);
  assert.equal(once.fatal, null);
  assert.equal(once.messages.filter((m) => m.error).length, 5);
});
