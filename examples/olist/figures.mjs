#!/usr/bin/env node
// Prints the figures of an Olist run (examples/olist/run.sh) as Markdown, the way the README shows
// them: conversion by origin and by landing page from `leadlens report --format json` (all leads,
// and by year of first contact), holdout AUC and log loss, rules and likelihood from
// `leadlens calibrate --format json`.
//
//   node examples/olist/figures.mjs DIR [TOP]    (DIR holds report.json, report-2017.json,
//                                                 report-2018.json and calibrate.json; TOP landing
//                                                 pages by leads, 10 by default)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, top = '10'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node examples/olist/figures.mjs DIR [TOP]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
const calibrate = JSON.parse(readFileSync(join(dir, 'calibrate.json'), 'utf8'));
const byYear = {
  2017: JSON.parse(readFileSync(join(dir, 'report-2017.json'), 'utf8')),
  2018: JSON.parse(readFileSync(join(dir, 'report-2018.json'), 'utf8')),
};

const count = (n) => n.toLocaleString('en-US');
const percent = (x) => `${(x * 100).toFixed(1)}%`;
// As the report's table prints a rate: `11.8% 271/2296`, `*` below 30 in the denominator.
const cell = (r) => `${r.rate === null ? '–' : percent(r.rate)} ${r.num}/${r.den}${r.small_sample && r.den > 0 ? '*' : ''}`;
const interval = (r) => (r.ci95 ? `${(r.ci95[0] * 100).toFixed(1)}–${(r.ci95[1] * 100).toFixed(1)}%` : '–');

/** Rows of groups; `years` adds the same group's lead → won in each year's report. */
function conversion(title, key, groups, years = []) {
  const extra = years.map((y) => ` ${y} only |`).join('');
  const lines = [`${title}`, '', `| ${key} | leads | lead → won (won/leads) | 95% CI |${extra}`,
    `|---|---:|---:|---|${years.map(() => '---:|').join('')}`];
  for (const g of groups) {
    const inYear = years.map((y) => {
      const same = byYear[y].groups[report.groups.channel.includes(g) ? 'channel' : 'campaign'].find((x) => x.key === g.key);
      return ` ${same ? cell(same.lead_to_won) : '–'} |`;
    }).join('');
    lines.push(`| ${g.key === '(none)' ? '(none: empty origin)' : `\`${g.key}\``} | ${count(g.leads)} | ${cell(g.lead_to_won)} | ${interval(g.lead_to_won)} |${inYear}`);
  }
  return lines.join('\n');
}

const o = report.overall;
const out = [];
out.push(`Olist marketing funnel through leadlens (model ${report.model.id} ${report.model.version}, --now ${report.now})`);
out.push('');
out.push(`Overall: ${count(o.leads)} leads, ${count(o.lead_to_won.num)} won: lead → won ${cell(o.lead_to_won)} (95% CI ${interval(o.lead_to_won)}); `
  + `${o.decided} decisions, so lead → accepted ${cell(o.lead_to_accepted)} and accepted → opportunity ${cell(o.accepted_to_opportunity)} say nothing here.`);
out.push('');
for (const y of [2017, 2018]) {
  const w = byYear[y].overall.lead_to_won;
  out.push(`First contact in ${y}: ${count(byYear[y].overall.leads)} leads, lead → won ${cell(w)} (95% CI ${interval(w)})`);
}
out.push('');
out.push(conversion('Conversion by origin (source.channel), most leads first', 'origin', report.groups.channel, [2017, 2018]));
out.push('');
const pages = report.groups.campaign;
out.push(conversion(`Top ${top} landing pages by leads (source.campaign) of ${pages.length}`, 'landing page', pages.slice(0, Number(top))));
const rest = pages.slice(Number(top));
if (rest.length > 0) {
  const leads = rest.reduce((s, g) => s + g.leads, 0);
  const won = rest.reduce((s, g) => s + g.lead_to_won.num, 0);
  out.push(`| the other ${rest.length} | ${count(leads)} | ${percent(won / leads)} ${won}/${leads} | |`);
}

const h = calibrate.holdout;
const fixed = (x, d) => (x === null ? '–' : x.toFixed(d));
out.push('');
out.push(`Holdout (target ${calibrate.target}; time-ordered: fitted on the first ${count(h.train.n)} leads, until ${h.train.until?.slice(0, 10)}, `
  + `${h.train.positive} won; tested on the latest ${count(h.test.n)}, from ${h.test.from?.slice(0, 10)}, ${h.test.positive} won)`);
out.push('');
out.push('| on the holdout | default model (uncalibrated) | calibrated proposal |');
out.push('|---|---:|---:|');
out.push(`| AUC of fit + intent | ${fixed(h.current.auc, 4)} | ${fixed(h.proposed.auc, 4)} |`);
out.push(`| log loss | ${fixed(h.current.log_loss, 4)} | ${fixed(h.proposed.log_loss, 4)} |`);
for (const [name, m] of [['default', h.current], ['proposed', h.proposed]]) {
  const bands = m.calibration.map((b) => `${b.band}: ${b.n} leads, predicted ${b.predicted.toFixed(3)} → observed ${b.observed.toFixed(3)}`);
  out.push(`Calibration by likelihood band, ${name}: ${bands.join('; ')}`);
}

const describe = (r) => `${r.field} = ${r.equals ?? `${r.min ?? ''}–${r.max ?? ''}`}`;
out.push('');
out.push(`Rules calibrate proposes (fitted on all ${count(calibrate.labels.labelled)} leads; ${calibrate.scale.points_per_logit} points per logit):`);
for (const a of calibrate.added) {
  out.push(`- ${a.rule.points > 0 ? '+' : ''}${a.rule.points} ${a.rule.dimension}: \`${describe(a.rule)}\` (n=${a.support}, ${a.positive} won, z=${a.z.toFixed(1)})`);
}
for (const t of calibrate.taken_back) {
  out.push(`- not added: ${t.rule.points > 0 ? '+' : ''}${t.rule.points} ${t.rule.dimension} \`${describe(t.rule)}\` (n=${t.support}, ${t.positive} won, z=${t.z.toFixed(1)}): `
    + `${percent(t.share)} taken back by ${t.by}`);
}
const reweighted = calibrate.rules.filter((r) => r.status === 'reweighted');
out.push(`- current rules re-weighted: ${reweighted.length}; candidates: ${JSON.stringify(calibrate.candidates)}`);
const cal = calibrate.calibration.new;
if (cal) {
  out.push(`- likelihood: sigmoid(${cal.intercept} + (fit + intent) / ${cal.points_per_logit}) from ${count(cal.outcomes)} outcomes (${cal.target})`);
}
const guarded = calibrate.leakage_guard.filter((g) => g.guarded).map((g) => g.field);
out.push(`- leakage guard held: ${guarded.length ? guarded.join(', ') : 'nothing (no field is known mostly for one outcome)'}`);
console.log(out.join('\n'));
