// leadlens dashboard: a leads file and an outcomes file (NDJSON) in, the funnel report and a
// proposed recalibration out, computed in wasm by `leadlens/report` (the CLI's own code). This file
// only draws: charts are hand-rolled SVG, each with a data table and CSV/PNG export. Everything from
// data goes in with textContent / createElementNS, never innerHTML, so the page works under the
// strict CSP of scripts/serve.mjs.
import { sampleFiles, sampleModel, SAMPLE_NOW } from './dashboard-sample.js';

const $ = (id) => document.getElementById(id);
const SVG_NS = 'http://www.w3.org/2000/svg';
const SLOTS = ['leads', 'outcomes', 'model'];

/** The loaded `leadlens/report` module. */
let api;
/** The files: `{ name, text }` per slot (the model is optional). */
const files = { leads: null, outcomes: null, model: null };
/** Bumped by every run, so a slow run never draws over a newer one. */
let run = 0;
let proposed = null;

// ---- small helpers ---------------------------------------------------------------------------

/** An HTML element with text and attributes; children appended in order. */
function el(tag, { text, className, attrs } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs ?? {})) node.setAttribute(key, String(value));
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** An SVG element; `text` becomes its text content. */
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  }
  if (text !== undefined) node.textContent = String(text);
  return node;
}

const percent = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const hours = (h) => (h === null || h === undefined ? '–' : `${h.toFixed(1)} h`);
const points = (x) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(1)}`;
const decimal = (x, digits = 3) => (x === null || x === undefined ? '–' : x.toFixed(digits));
const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const star = (small) => (small ? '*' : '');

/** `41.7% 5/12*`: a rate as the CLI's table writes it. */
function rateText(rate) {
  return `${percent(rate.rate)} ${rate.num}/${rate.den}${star(rate.small_sample && rate.den > 0)}`;
}

/** A label that fits a chart's label column; the table keeps the whole text. */
function clip(text, max = 22) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A round upper end for an axis: 1, 2, 2.5, 5 × 10^k at or above `x`. */
function niceMax(x) {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((m) => m >= x);
}

/** A tick value: whole numbers as they are, others with one decimal. */
const round = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { attrs: { href: url, download: name } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- export ----------------------------------------------------------------------------------

/** One CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function csvCell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv(columns, rows) {
  return [columns.map((c) => csvCell(c.label)), ...rows.map((row) => row.map(csvCell))].map((r) => r.join(',')).join('\r\n') + '\r\n';
}

/**
 * Paints a chart's SVG onto a canvas, element by element, with the styles the page shows: the
 * CSP (no blob: or data: images) rules out drawing the SVG as an image. Covers what the charts
 * use: rect, line, polyline, circle, path and text, without transforms.
 */
function toPng(chart, title, background) {
  const [, , width, height] = chart.getAttribute('viewBox').split(' ').map(Number);
  const scale = 2;
  const header = 32;
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = (height + header) * scale;
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height + header);
  // The figure's title above the chart, so the image says what it shows.
  const titleStyle = getComputedStyle(chart.closest('figure').querySelector('h3'));
  ctx.font = `${titleStyle.fontWeight} 15px ${titleStyle.fontFamily}`;
  ctx.fillStyle = titleStyle.color;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 8, header / 2);
  ctx.translate(0, header);
  const number = (node, name) => Number(node.getAttribute(name) ?? 0);
  for (const node of chart.querySelectorAll('rect, line, polyline, circle, path, text')) {
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    ctx.save();
    ctx.globalAlpha = Number(style.opacity);
    let path = null;
    if (node.localName === 'text') {
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const anchor = style.textAnchor;
      ctx.textAlign = anchor === 'middle' ? 'center' : anchor === 'end' ? 'right' : 'left';
      ctx.textBaseline = style.dominantBaseline === 'middle' || style.dominantBaseline === 'central' ? 'middle' : 'alphabetic';
      ctx.fillStyle = style.fill;
      ctx.globalAlpha *= Number(style.fillOpacity);
      ctx.fillText(node.textContent, number(node, 'x'), number(node, 'y'));
      ctx.restore();
      continue;
    }
    if (node.localName === 'rect') {
      path = new Path2D();
      path.rect(number(node, 'x'), number(node, 'y'), number(node, 'width'), number(node, 'height'));
    } else if (node.localName === 'circle') {
      path = new Path2D();
      path.arc(number(node, 'cx'), number(node, 'cy'), number(node, 'r'), 0, 2 * Math.PI);
    } else if (node.localName === 'line') {
      path = new Path2D(`M${number(node, 'x1')},${number(node, 'y1')}L${number(node, 'x2')},${number(node, 'y2')}`);
    } else if (node.localName === 'polyline') {
      path = new Path2D(`M${node.getAttribute('points').trim().replace(/\s+/g, 'L')}`);
    } else {
      path = new Path2D(node.getAttribute('d'));
    }
    if (style.fill !== 'none' && node.localName !== 'line' && node.localName !== 'polyline') {
      ctx.fillStyle = style.fill;
      ctx.globalAlpha = Number(style.opacity) * Number(style.fillOpacity);
      ctx.fill(path);
    }
    if (style.stroke !== 'none') {
      ctx.strokeStyle = style.stroke;
      ctx.globalAlpha = Number(style.opacity) * Number(style.strokeOpacity);
      ctx.lineWidth = parseFloat(style.strokeWidth) || 1;
      const dashes = style.strokeDasharray;
      ctx.setLineDash(dashes && dashes !== 'none' ? dashes.split(/[\s,]+/).map(parseFloat) : []);
      ctx.stroke(path);
    }
    ctx.restore();
  }
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded'))), 'image/png');
  });
}

// ---- figures ---------------------------------------------------------------------------------

/**
 * A chart as a figure: caption (title and what it shows), the SVG (`role="img"`, titled), the
 * same numbers as a table behind a disclosure, and CSV / PNG export. `columns`: `{label, show?}`
 * (`show` formats a raw value for the table; CSV gets raw values); `rows`: arrays of raw values.
 */
function figure({ id, title, description, chart, columns, rows, summary, after }) {
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const head = el('figcaption', {}, el('h3', { text: title, attrs: { id: `${id}-heading` } }), description ? el('p', { text: description, className: 'muted' }) : null);
  const children = [head];
  if (chart) {
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-labelledby', `${titleId} ${descId}`);
    chart.prepend(svg('title', { id: titleId }, title), svg('desc', { id: descId }, summary ?? description ?? ''));
    chart.classList.add('chart-svg');
    children.push(chart);
  }
  if (after) children.push(after);
  const table = el(
    'table',
    { className: 'data' },
    el('caption', { text: title, className: chart ? null : 'visually-hidden' }),
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { text: c.label, attrs: { scope: 'col' } })))),
    el(
      'tbody',
      {},
      ...rows.map((row) =>
        el('tr', {}, ...row.map((value, i) => {
          const text = columns[i].show ? columns[i].show(value, row) : value ?? '–';
          return i === 0 ? el('th', { text, attrs: { scope: 'row' } }) : el('td', { text });
        })),
      ),
    ),
  );
  children.push(chart ? el('details', {}, el('summary', { text: 'Data table' }), table) : table);
  const csv = el('button', { text: 'Download CSV', attrs: { type: 'button', 'aria-describedby': `${id}-heading` } });
  csv.addEventListener('click', () => download(`leadlens-${id}.csv`, new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' })));
  const exports = el('div', { className: 'exports' }, csv);
  if (chart) {
    const png = el('button', { text: 'Download PNG', attrs: { type: 'button', 'aria-describedby': `${id}-heading` } });
    png.addEventListener('click', async () => {
      const background = getComputedStyle(chart.closest('.panel')).backgroundColor;
      download(`leadlens-${id}.png`, await toPng(chart, title, background));
    });
    exports.append(png);
  }
  children.push(exports);
  return el('figure', { className: 'figure', attrs: { id } }, ...children);
}

const RATE_COLUMNS = (first) => [
  { label: first },
  { label: 'numerator' },
  { label: 'denominator' },
  { label: 'rate', show: percent },
  { label: '95% low', show: percent },
  { label: '95% high', show: percent },
  { label: 'small sample', show: (v) => (v ? 'yes' : 'no') },
];

const rateRow = (key, r) => [key, r.num, r.den, r.rate, r.ci95?.[0] ?? null, r.ci95?.[1] ?? null, r.small_sample];

const W = 640;

/** Tick marks and grid lines of a horizontal axis from 0 to `max` across [x0, x0 + width]. */
function axis(group, { x0, width, top, bottom, max, format, from = 0 }) {
  for (let i = 0; i <= 4; i += 1) {
    const value = from + ((max - from) * i) / 4;
    const x = x0 + (width * i) / 4;
    group.append(svg('line', { x1: x, y1: top, x2: x, y2: bottom, class: 'grid' }));
    group.append(svg('text', { x, y: top - 6, class: 'tick', 'text-anchor': 'middle' }, format(value)));
  }
}

/**
 * Horizontal bars with whiskers: `rows` of `{label, value, low?, high?, small?, note}` on an axis
 * from `from` (0) to `max`. A null value draws no bar (no denominator).
 */
function barChart(rows, { max = 1, format = (v) => `${Math.round(v * 100)}%`, left = 150, right = 150, from = 0, zero = null } = {}) {
  const rowH = 26;
  const top = 26;
  const plot = W - left - right;
  const height = top + rows.length * rowH + 8;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${height}`, width: W, height });
  const x = (v) => left + ((v - from) / (max - from)) * plot;
  axis(chart, { x0: left, width: plot, top, bottom: height - 8, max, format, from });
  if (zero !== null) chart.append(svg('line', { x1: x(zero), y1: top, x2: x(zero), y2: height - 8, class: 'zero' }));
  rows.forEach((row, i) => {
    const y = top + i * rowH;
    const mid = y + rowH / 2;
    chart.append(svg('text', { x: left - 8, y: mid, class: 'label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, clip(row.label, Math.floor(left / 7))));
    if (row.value !== null && row.value !== undefined) {
      if (row.dot) {
        chart.append(svg('circle', { cx: x(row.value), cy: mid, r: 5, class: `dot${row.strong ? ' strong' : ''}`, 'data-key': row.label }));
      } else {
        const [a, b] = [x(Math.min(from, row.value)), x(Math.max(from, row.value))];
        chart.append(svg('rect', { x: a, y: y + 6, width: Math.max(b - a, 1), height: rowH - 12, class: `bar${row.small ? ' small' : ''}`, 'data-key': row.label }));
      }
    }
    if (row.low !== null && row.low !== undefined && row.high !== null && row.high !== undefined) {
      const [l, h] = [x(row.low), x(row.high)];
      chart.append(svg('line', { x1: l, y1: mid, x2: h, y2: mid, class: 'whisker' }));
      chart.append(svg('line', { x1: l, y1: mid - 5, x2: l, y2: mid + 5, class: 'whisker' }));
      chart.append(svg('line', { x1: h, y1: mid - 5, x2: h, y2: mid + 5, class: 'whisker' }));
    }
    chart.append(svg('text', { x: W - right + 10, y: mid, class: 'value', 'dominant-baseline': 'middle' }, row.note));
  });
  return chart;
}

/** A rate figure: one bar per group, its Wilson interval as whiskers. */
function rateFigure({ id, title, description, first, groups, summary }) {
  const rows = groups.map(({ key, rate }) => ({
    label: key,
    value: rate.rate,
    low: rate.ci95?.[0],
    high: rate.ci95?.[1],
    small: rate.small_sample,
    note: rateText(rate),
  }));
  return figure({
    id,
    title,
    description,
    summary,
    chart: barChart(rows),
    columns: RATE_COLUMNS(first),
    rows: groups.map(({ key, rate }) => rateRow(key, rate)),
  });
}

/** Speed to acceptance: a bar to the median and a line on to the 90th percentile, per group. */
function speedFigure(groups) {
  const shown = groups.filter((g) => g.speed.n > 0);
  const max = niceMax(Math.max(...shown.map((g) => g.speed.p90 ?? 0), 1));
  const left = 150;
  const right = 240;
  const plot = W - left - right;
  const rowH = 26;
  const top = 26;
  const height = top + shown.length * rowH + 8;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${height}`, width: W, height });
  const x = (h) => left + (h / max) * plot;
  axis(chart, { x0: left, width: plot, top, bottom: height - 8, max, format: (h) => `${round(h)} h` });
  shown.forEach(({ key, speed }, i) => {
    const y = top + i * rowH;
    const mid = y + rowH / 2;
    chart.append(svg('text', { x: left - 8, y: mid, class: 'label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, clip(key)));
    chart.append(svg('rect', { x: left, y: y + 6, width: Math.max(x(speed.median) - left, 1), height: rowH - 12, class: `bar${speed.small_sample ? ' small' : ''}`, 'data-key': key }));
    chart.append(svg('line', { x1: x(speed.median), y1: mid, x2: x(speed.p90), y2: mid, class: 'whisker' }));
    chart.append(svg('line', { x1: x(speed.p90), y1: mid - 6, x2: x(speed.p90), y2: mid + 6, class: 'whisker p90' }));
    chart.append(svg('text', { x: W - right + 10, y: mid, class: 'value', 'dominant-baseline': 'middle' }, `median ${hours(speed.median)} · p90 ${hours(speed.p90)} · n=${speed.n}${star(speed.small_sample)}`));
  });
  const overall = groups[0].speed;
  return figure({
    id: 'speed',
    title: 'Speed to acceptance',
    description: `Hours from created_at to the decision of accepted leads: the bar is the median, the line runs on to the 90th percentile. Overall: median ${hours(overall.median)}, p90 ${hours(overall.p90)} (n=${overall.n}${overall.skipped ? `, ${overall.skipped} skipped: no created_at, or decided before it` : ''}).`,
    chart: shown.length > 0 ? chart : null,
    columns: [
      { label: 'group' },
      { label: 'accepted leads (n)' },
      { label: 'median hours', show: hours },
      { label: 'p90 hours', show: hours },
      { label: 'skipped' },
      { label: 'small sample', show: (v) => (v ? 'yes' : 'no') },
    ],
    rows: groups.map(({ key, speed }) => [key, speed.n, speed.median, speed.p90, speed.skipped, speed.small_sample]),
  });
}

/** The top rejection reasons: bars of counts. */
function reasonsFigure(reasons, rejected) {
  const max = niceMax(Math.max(...reasons.map((r) => r.count), 1));
  const chart = barChart(
    reasons.map((r) => ({ label: r.reason, value: r.count, note: `${r.count} of ${rejected}` })),
    { max, format: round },
  );
  return figure({
    id: 'rejection-reasons',
    title: 'Top rejection reasons',
    description: `Rejected leads by reason_code, most frequent first ("(none)": rejected without a code). ${plural(rejected, 'rejected lead')} in all.`,
    chart: reasons.length > 0 ? chart : null,
    columns: [{ label: 'reason' }, { label: 'rejected leads' }],
    rows: reasons.map((r) => [r.reason, r.count]),
  });
}

/** Variant − control, with the Newcombe interval, per variant and metric; the report's verdict. */
function experimentFigure(experiment) {
  const rows = [];
  for (const v of experiment.variants) {
    for (const [metric, d] of [
      ['lead → accepted', v.lead_to_accepted],
      ['false positives', v.false_positive],
    ]) {
      rows.push({ variant: v.variant, metric, d, medians: v.median_hours_to_acceptance });
    }
  }
  const reach = Math.max(0.05, ...rows.flatMap(({ d }) => [Math.abs(d.difference ?? 0), ...(d.ci95 ?? []).map(Math.abs)]));
  const max = niceMax(reach);
  const chart = barChart(
    rows.map(({ variant, metric, d }) => ({
      label: `${variant} · ${metric}`,
      value: d.difference,
      low: d.ci95?.[0],
      high: d.ci95?.[1],
      dot: true,
      strong: d.meaningful,
      note: d.difference === null ? d.verdict : `${points(d.difference)} (${points(d.ci95[0])} to ${points(d.ci95[1])})`,
    })),
    { from: -max, max, zero: 0, left: 200, right: 170, format: (v) => points(v) },
  );
  const verdicts = el(
    'ul',
    { className: 'verdicts' },
    ...rows.map(({ variant, metric, d }) =>
      el('li', {}, el('strong', { text: `${variant} · ${metric}: ` }), `${percent(d.variant.rate)} vs ${percent(d.control.rate)}${d.difference === null ? '' : `, ${points(d.difference)} points`} — ${d.verdict}`),
    ),
  );
  return figure({
    id: 'experiment',
    title: `A/B: ${experiment.id}`,
    description: `Each variant minus the control (${experiment.control}), in percentage points, with its 95 % Newcombe interval. A filled dot: the interval excludes 0 and neither side is a small sample.`,
    chart: rows.length > 0 ? chart : null,
    after: verdicts,
    columns: [
      { label: 'variant · metric' },
      { label: 'control num' },
      { label: 'control den' },
      { label: 'control rate', show: percent },
      { label: 'variant num' },
      { label: 'variant den' },
      { label: 'variant rate', show: percent },
      { label: 'difference (points)', show: (v) => (v === null ? '–' : points(v)) },
      { label: '95% low', show: (v) => (v === null ? '–' : points(v)) },
      { label: '95% high', show: (v) => (v === null ? '–' : points(v)) },
      { label: 'meaningful', show: (v) => (v ? 'yes' : 'no') },
      { label: 'verdict' },
      { label: 'median hours to acceptance, control', show: hours },
      { label: 'median hours to acceptance, variant', show: hours },
    ],
    rows: rows.map(({ variant, metric, d, medians }) => [
      `${variant} · ${metric}`,
      d.control.num,
      d.control.den,
      d.control.rate,
      d.variant.num,
      d.variant.den,
      d.variant.rate,
      d.difference,
      d.ci95?.[0] ?? null,
      d.ci95?.[1] ?? null,
      d.meaningful,
      d.verdict,
      medians.control,
      medians.variant,
    ]),
  });
}

/** Predicted likelihood vs observed rate by band, current and proposed model, on the holdout. */
function calibrationFigure(holdout, target) {
  const series = [
    ['current', holdout.current.calibration, 'series-a'],
    ['proposed', holdout.proposed.calibration, 'series-b'],
  ];
  const all = series.flatMap(([, bands]) => bands.flatMap((b) => [b.predicted, b.observed]));
  const max = Math.min(1, Math.ceil(Math.max(0.1, ...all) * 10) / 10);
  const size = 300;
  const [left, top] = [70, 36];
  const height = top + size + 48;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${height}`, width: W, height });
  const x = (p) => left + (p / max) * size;
  const y = (p) => top + size - (p / max) * size;
  for (let i = 0; i <= 4; i += 1) {
    const v = (max * i) / 4;
    chart.append(svg('line', { x1: x(v), y1: top, x2: x(v), y2: top + size, class: 'grid' }));
    chart.append(svg('line', { x1: left, y1: y(v), x2: left + size, y2: y(v), class: 'grid' }));
    chart.append(svg('text', { x: x(v), y: top + size + 16, class: 'tick', 'text-anchor': 'middle' }, v.toFixed(2)));
    chart.append(svg('text', { x: left - 8, y: y(v), class: 'tick', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, v.toFixed(2)));
  }
  chart.append(svg('line', { x1: x(0), y1: y(0), x2: x(max), y2: y(max), class: 'diagonal' }));
  chart.append(svg('text', { x: left + size / 2, y: top + size + 38, class: 'label', 'text-anchor': 'middle' }, 'predicted likelihood'));
  chart.append(svg('text', { x: left - 8, y: top - 14, class: 'label', 'text-anchor': 'start' }, `observed rate (${target})`));
  const most = Math.max(1, ...series.flatMap(([, bands]) => bands.map((b) => b.n)));
  // Marker area grows with the leads in the band: a band of 2 leads is noise, one of 200 is not.
  const radius = (n) => 2.5 + 5.5 * Math.sqrt(n / most);
  series.forEach(([name, bands, className], s) => {
    if (bands.length > 1) {
      chart.append(svg('polyline', { points: bands.map((b) => `${x(b.predicted)},${y(b.observed)}`).join(' '), class: `line ${className}` }));
    }
    for (const b of bands) {
      const r = radius(b.n);
      const marker = s === 0
        ? svg('circle', { cx: x(b.predicted), cy: y(b.observed), r, class: `marker ${className}`, 'data-key': `${name} ${b.band}` })
        : svg('rect', { x: x(b.predicted) - r * 0.9, y: y(b.observed) - r * 0.9, width: r * 1.8, height: r * 1.8, class: `marker ${className}`, 'data-key': `${name} ${b.band}` });
      chart.append(marker);
    }
    const ly = top + 10 + s * 22;
    const lx = left + size + 40;
    chart.append(s === 0 ? svg('circle', { cx: lx, cy: ly, r: 5, class: `marker ${className}` }) : svg('rect', { x: lx - 4.5, y: ly - 4.5, width: 9, height: 9, class: `marker ${className}` }));
    chart.append(svg('text', { x: lx + 12, y: ly, class: 'label', 'dominant-baseline': 'middle' }, `${name} model`));
  });
  chart.append(svg('line', { x1: left + size + 34, y1: top + 54, x2: left + size + 46, y2: top + 54, class: 'diagonal' }));
  chart.append(svg('text', { x: left + size + 52, y: top + 54, class: 'label', 'dominant-baseline': 'middle' }, 'perfectly calibrated'));
  const rows = series.flatMap(([name, bands]) => bands.map((b) => [b.band, name, b.n, b.predicted, b.observed]));
  return figure({
    id: 'calibration-curve',
    title: 'Calibration curve (holdout)',
    description: `On the latest ${holdout.test.n} leads (${holdout.test.positive} ${target}), by likelihood band: the mean predicted likelihood against the observed rate; the larger the marker, the more leads in the band. On the diagonal, predictions mean what they say.`,
    chart: rows.length > 0 ? chart : null,
    columns: [
      { label: 'likelihood band' },
      { label: 'model' },
      { label: 'leads' },
      { label: 'predicted', show: (v) => decimal(v) },
      { label: 'observed', show: (v) => decimal(v) },
    ],
    rows,
  });
}

/** A plain table with CSV export (the diff's rule lists). */
function tableFigure({ id, title, description, columns, rows, empty }) {
  if (rows.length === 0) {
    return el('section', { className: 'figure', attrs: { id } }, el('h3', { text: title }), el('p', { text: empty, className: 'muted' }));
  }
  return figure({ id, title, description, columns, rows });
}

// ---- rendering -------------------------------------------------------------------------------

function fileName(input) {
  return files[input]?.name ?? `${input}.ndjson`;
}

/** `leads.ndjson line 7: company.employees: …` for each skipped line. */
function renderInput(result) {
  const { input } = result.report;
  $('input-summary').textContent =
    `${plural(input.leads_read, 'lead')} read from ${fileName('leads')}, ${plural(input.outcome_records, 'outcome record')} from ${fileName('outcomes')}` +
    `; ${plural(input.leads, 'lead')} in the report` +
    (input.duplicate_leads ? `; ${plural(input.duplicate_leads, 'repeated lead id')} (the first kept)` : '') +
    (input.outside_window + input.undated_outside_window ? `; ${input.outside_window + input.undated_outside_window} outside the window (${input.undated_outside_window} without created_at)` : '') +
    '.';
  const list = $('bad-lines');
  list.replaceChildren(
    ...result.bad_lines.map((b) => {
      const where = b.code === 'invalid_json' ? 'invalid JSON' : b.path;
      const item = el('li', {}, el('strong', { text: `${fileName(b.input)} line ${b.line}` }), `: ${where ? `${where}: ` : ''}${b.message}`);
      item.dataset.input = b.input;
      item.dataset.line = b.line;
      return item;
    }),
  );
  $('bad-lines-block').hidden = result.bad_lines.length === 0;
  const unknown = $('unknown-leads');
  unknown.hidden = input.unknown_lead_ids === 0;
  unknown.textContent = input.unknown_lead_ids
    ? `Outcomes for lead ids not in the leads file: ${plural(input.unknown_lead_records, 'record')} for ${plural(input.unknown_lead_ids, 'id')} (${input.unknown_lead_examples.join(', ')}${input.unknown_lead_ids > input.unknown_lead_examples.length ? ', …' : ''}), left out.`
    : '';
  $('input-report').hidden = false;
}

function renderReport(report) {
  const window = report.window.since || report.window.until
    ? `leads created ${report.window.since ? `from ${report.window.since}` : ''}${report.window.since && report.window.until ? ' ' : ''}${report.window.until ? `before ${report.window.until}` : ''}`
    : 'all leads';
  $('report-meta').textContent = `Model ${report.model.id} ${report.model.version} · ${window} · each lead scored as of its created_at (else ${report.now}).`;
  const m = report.overall;
  const auc = report.alignment.auc;
  const headline = [
    ['Leads', m.leads.toLocaleString('en-US')],
    ['Decided', `${m.decided.toLocaleString('en-US')} (${m.accepted} accepted, ${m.rejected} rejected, ${m.recycled} recycled)`],
    ['Lead → accepted', rateText(m.lead_to_accepted)],
    ['Accepted → opportunity', rateText(m.accepted_to_opportunity)],
    ['Lead → won', rateText(m.lead_to_won)],
    ['Manual override', rateText(m.manual_override)],
    ['AUC of fit + intent', `${decimal(auc.value)} (${auc.positives} accepted vs ${auc.negatives} rejected)${star(auc.small_sample)}`],
  ];
  $('headline').replaceChildren(...headline.map(([term, value]) => el('div', {}, el('dt', { text: term }), el('dd', { text: value }))));

  const verdict = (mono) =>
    mono.monotone === null
      ? 'Too few groups with decisions to tell whether it rises with the score.'
      : mono.monotone
        ? 'It never falls as the score rises.'
        : `It falls: ${mono.violation.lower} ${percent(mono.violation.lower_rate)} > ${mono.violation.higher} ${percent(mono.violation.higher_rate)}.`;
  const charts = [
    rateFigure({
      id: 'acceptance-fit-band',
      title: 'Acceptance by fit band',
      description: `Accepted / decided leads per fit band: when sales looked, did they agree with the score? ${verdict(report.alignment.by_fit_band)}`,
      first: 'fit band',
      groups: report.alignment.by_fit_band.rates.map((r) => ({ key: r.key, rate: r })),
    }),
    rateFigure({
      id: 'acceptance-route',
      title: 'Acceptance by route',
      description: `Accepted / decided leads per recommended route. ${verdict(report.alignment.by_route)}`,
      first: 'route',
      groups: report.alignment.by_route.rates.map((r) => ({ key: r.key, rate: r })),
    }),
    rateFigure({
      id: 'false-positives',
      title: 'False positives by source',
      description: `Leads routed to sales review and rejected / routed to sales review and decided, per source channel. Overall ${rateText(m.false_positive)}.`,
      first: 'source channel',
      groups: report.groups.channel.map((g) => ({ key: g.key, rate: g.false_positive })),
    }),
    speedFigure([{ key: 'all leads', speed: m.speed_to_acceptance }, ...report.groups.channel.map((g) => ({ key: g.key, speed: g.speed_to_acceptance }))]),
    rateFigure({
      id: 'feedback',
      title: 'Feedback completion',
      description: 'Leads routed to sales review that got a decision / leads routed to sales review, overall and per source channel.',
      first: 'group',
      groups: [{ key: 'all leads', rate: m.feedback_completion }, ...report.groups.channel.map((g) => ({ key: g.key, rate: g.feedback_completion }))],
    }),
    reasonsFigure(m.top_rejection_reasons, m.rejected),
    report.experiment
      ? experimentFigure(report.experiment)
      : el('section', { className: 'figure', attrs: { id: 'experiment' } }, el('h3', { text: 'A/B variant comparison' }), el('p', { className: 'muted', text: 'The model has no experiment: add an `experiment` section (threshold variants) to compare variants here.' })),
  ];
  $('report-charts').replaceChildren(...charts);
  $('report').hidden = false;
}

function describeCalibration(c) {
  return c ? `sigmoid(${c.intercept.toFixed(3)} + (fit + intent) / ${c.points_per_logit.toFixed(1)}) from ${c.outcomes} outcomes (${c.target})` : 'none';
}

function renderCalibration(result) {
  const refusal = $('refusal');
  if (result.refusal) {
    const l = result.refusal.labels;
    refusal.replaceChildren(
      el('p', {}, el('strong', { text: 'Calibration refused. ' }), result.refusal.message),
      el('p', { className: 'muted', text: `${plural(l.labelled, 'labelled outcome')} of ${plural(l.leads, 'lead')}: ${l.positive} positive, ${l.negative} negative.` }),
    );
    refusal.hidden = false;
    $('calibration-body').hidden = true;
    $('calibration-meta').textContent = '';
    proposed = null;
    $('calibration').hidden = false;
    return;
  }
  refusal.hidden = true;
  const r = result.report;
  proposed = result.proposed_json;
  const l = r.labels;
  $('calibration-meta').textContent = `Target ${r.target} · ${plural(l.labelled, 'labelled outcome')} of ${plural(l.leads, 'lead')} (${l.positive} positive, ${l.negative} negative) · model ${r.model.id} ${r.model.version} → proposed ${r.proposed_version}.`;
  $('calibration-charts').replaceChildren(calibrationFigure(r.holdout, r.target));

  const h = r.holdout;
  const date = (t) => (t ? t.slice(0, 10) : '(undated)');
  const routeCell = (row) => (row && row.n ? `${row.positive}/${row.n} (${percent(row.rate)})` : '–');
  const reweighted = r.rules.filter((c) => c.status === 'reweighted');
  const kept = r.rules.filter((c) => c.status === 'kept' && c.support > 0);
  const unchanged = r.rules.filter((c) => c.status === 'unchanged').length;
  const guarded = r.leakage_guard.filter((g) => g.guarded);
  const th = r.thresholds;
  $('diff').replaceChildren(
    tableFigure({
      id: 'holdout',
      title: 'Holdout: current vs proposed',
      description: `Fitted on the first ${h.train.n} leads by created_at (until ${date(h.train.until)}), tested on the latest ${h.test.n} (from ${date(h.test.from)}), ${h.test.positive} positive. Higher AUC ranks better; lower log loss predicts better.`,
      columns: [{ label: 'on the holdout' }, { label: 'current model' }, { label: 'proposed model' }],
      rows: [
        ['AUC of fit + intent', decimal(h.current.auc), decimal(h.proposed.auc)],
        ['log loss', decimal(h.current.log_loss), decimal(h.proposed.log_loss)],
        ...h.current.by_route.map((row, i) => [`${r.target} rate: ${row.route}`, routeCell(row), routeCell(h.proposed.by_route[i])]),
      ],
    }),
    el('p', { className: 'rule-summary', text: `Rules: ${reweighted.length} re-weighted, ${r.added.length} added, ${r.removed.length} removed, ${r.taken_back.length} not added (caps and clamps), ${kept.length} kept (not fitted), ${unchanged} refitted to the same points.` }),
    tableFigure({
      id: 'reweighted',
      title: `Re-weighted rules (${reweighted.length})`,
      columns: [{ label: 'rule' }, { label: 'points now' }, { label: 'proposed' }, { label: 'change', show: (v) => (v > 0 ? `+${v}` : String(v)) }, { label: 'leads' }, { label: 'positive' }, { label: 'model path' }],
      rows: reweighted.map((c) => [c.name, c.old, c.new, c.new - c.old, c.support, c.positive, c.path]),
      empty: 'No rule changes its points.',
    }),
    tableFigure({
      id: 'added',
      title: `New rules (${r.added.length})`,
      description: 'Learned from lead fields the current rules cannot explain.',
      columns: [{ label: 'rule' }, { label: 'dimension' }, { label: 'points', show: (v) => (v > 0 ? `+${v}` : String(v)) }, { label: 'leads' }, { label: 'positive' }, { label: 'z', show: (v) => v.toFixed(1) }],
      rows: r.added.map((a, i) => [result.rule_descriptions.added[i], a.rule.dimension, a.rule.points, a.support, a.positive, a.z]),
      empty: 'No new rule.',
    }),
    tableFigure({
      id: 'taken-back',
      title: `Not added: caps and clamps would take back most of their points (${r.taken_back.length})`,
      columns: [{ label: 'rule' }, { label: 'dimension' }, { label: 'points as fitted', show: (v) => (v > 0 ? `+${v}` : String(v)) }, { label: 'taken back', show: percent }, { label: 'by' }, { label: 'on leads' }],
      rows: r.taken_back.map((t, i) => [result.rule_descriptions.taken_back[i], t.rule.dimension, t.rule.points, t.share, t.by, t.leads]),
      empty: 'None.',
    }),
    tableFigure({
      id: 'removed',
      title: `Removed rules (${r.removed.length})`,
      columns: [{ label: 'rule' }, { label: 'points now' }, { label: 'leads' }, { label: 'model path' }],
      rows: r.removed.map((x) => [x.name, x.old, x.support, x.path]),
      empty: 'No rule is removed.',
    }),
    tableFigure({
      id: 'kept',
      title: `Kept, not fitted (${kept.length})`,
      columns: [{ label: 'rule' }, { label: 'points' }, { label: 'why' }],
      rows: kept.map((c) => [c.name, c.old, c.note ?? '']),
      empty: 'Every rule with leads was fitted.',
    }),
    el(
      'ul',
      { className: 'facts' },
      ...guarded.map((g) => el('li', { text: `Leakage guard: ${g.field} is known for ${percent(g.present_positive)} of positives and ${percent(g.present_negative)} of negatives: its rules keep their points, no new ones.` })),
      el('li', { text: `Thresholds unchanged: sales review at fit ≥ ${th.sales_review.fit} and intent ≥ ${th.sales_review.intent}, borderline margin ${th.borderline_margin}.` }),
      el('li', { text: `Likelihood: ${describeCalibration(r.calibration.old)} → ${describeCalibration(r.calibration.new)}.` }),
    ),
  );
  $('calibration-body').hidden = false;
  $('calibration').hidden = false;
}

// ---- running ---------------------------------------------------------------------------------

function setStatus(text, state) {
  const status = $('status');
  status.replaceChildren(...(Array.isArray(text) ? text : [text]));
  status.dataset.state = state;
  document.body.dataset.state = state;
}

/** A LeadlensError as readable text, with a model's problems listed. */
function errorMessage(error, what) {
  const lines = [el('strong', { text: `${what}: ` }), `${error.message}${error.code ? ` (${error.code})` : ''}`];
  if (Array.isArray(error.problems) && error.problems.length > 0) {
    lines.push(el('ul', {}, ...error.problems.slice(0, 12).map((p) => el('li', { text: p.path ? `${p.path}: ${p.message}` : p.message }))));
  }
  return lines;
}

function options() {
  const value = (id) => $(id).value.trim() || null;
  return { model: files.model?.text, now: value('now') ?? undefined, since: value('since'), until: value('until') };
}

async function compute() {
  if (!files.leads || !files.outcomes) {
    setStatus(`Choose ${files.leads ? 'an outcomes' : files.outcomes ? 'a leads' : 'a leads file and an outcomes'} file, or load the sample.`, 'waiting');
    return;
  }
  const mine = (run += 1);
  const { model, now, since, until } = options();
  setStatus('Computing the report…', 'busy');
  let result;
  try {
    result = api.report(files.leads.text, files.outcomes.text, { model, now, since, until });
  } catch (error) {
    for (const id of ['input-report', 'report', 'calibration']) $(id).hidden = true;
    setStatus(errorMessage(error, 'Cannot compute the report'), 'error');
    return;
  }
  renderInput(result);
  renderReport(result.report);
  setStatus('Calibrating…', 'busy');
  // Let the report paint before the (slower) calibration runs.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (mine !== run) return;
  let calibrated;
  try {
    calibrated = api.calibrate(files.leads.text, files.outcomes.text, { model, now, target: $('target').value });
  } catch (error) {
    $('calibration').hidden = true;
    setStatus(errorMessage(error, 'Cannot calibrate'), 'error');
    return;
  }
  renderCalibration(calibrated);
  const bad = result.bad_lines.length;
  setStatus(
    `Report on ${plural(result.report.input.leads, 'lead')}${bad ? `; ${plural(bad, 'line')} skipped (listed below)` : ''}. ` +
      (calibrated.refusal ? 'Calibration refused: too few outcomes.' : `Calibration proposes ${calibrated.report.proposed_version}.`),
    'ready',
  );
}

function lineCount(text) {
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

function showSlot(slot) {
  const file = files[slot];
  const status = $(`status-${slot}`);
  if (!file) {
    status.textContent = slot === 'model' ? 'The embedded default model.' : 'No file yet.';
    return;
  }
  const size = file.text.length < 1024 ? `${file.text.length} bytes` : `${(file.text.length / 1024).toFixed(0)} KB`;
  status.textContent = slot === 'model' ? `${file.name} · ${size}` : `${file.name} · ${plural(lineCount(file.text), 'line')} · ${size}`;
}

async function readInto(slot, file) {
  if (!file) return;
  try {
    files[slot] = { name: file.name, text: await file.text() };
  } catch (error) {
    setStatus(`Cannot read ${file.name}: ${error.message}`, 'error');
    return;
  }
  showSlot(slot);
  await compute();
}

/** Which slot a file dropped outside the boxes goes to, by its name. */
function slotFor(name) {
  if (/outcome|decision|deal/i.test(name)) return 'outcomes';
  if (/\.json$/i.test(name)) return 'model';
  return 'leads';
}

function wireSlot(slot) {
  const box = $(`slot-${slot}`);
  const input = $(`file-${slot}`);
  input.addEventListener('change', () => readInto(slot, input.files[0]));
  box.addEventListener('dragover', (event) => {
    event.preventDefault();
    event.stopPropagation();
    box.classList.add('dragging');
  });
  box.addEventListener('dragleave', () => box.classList.remove('dragging'));
  box.addEventListener('drop', (event) => {
    event.preventDefault();
    event.stopPropagation();
    box.classList.remove('dragging');
    input.value = '';
    readInto(slot, event.dataTransfer?.files?.[0]);
  });
}

async function loadSample() {
  const sample = sampleFiles();
  files.leads = { name: 'sample-leads.ndjson', text: sample.leads };
  files.outcomes = { name: 'sample-outcomes.ndjson', text: sample.outcomes };
  files.model = { name: 'sample-model.json', text: sampleModel(api.defaultModel()) };
  for (const slot of SLOTS) {
    $(`file-${slot}`).value = '';
    showSlot(slot);
  }
  $('now').value = sample.now ?? SAMPLE_NOW;
  $('since').value = '';
  $('until').value = '';
  await compute();
}

async function start() {
  try {
    api = await import('./pkg/report.js');
    await api.default();
  } catch (error) {
    $('engine').textContent = 'The report module could not load.';
    setStatus(`leadlens/report could not load (${error.message}): build it with scripts/build-wasm.sh.`, 'error');
    return;
  }
  const model = api.defaultModel();
  $('engine').textContent = `Default model: ${model.id} ${model.version}`;
  $('now').value = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  for (const slot of SLOTS) wireSlot(slot);
  // Files dropped anywhere else go where their names say; the browser never navigates to them.
  document.addEventListener('dragover', (event) => event.preventDefault());
  document.addEventListener('drop', async (event) => {
    event.preventDefault();
    for (const file of event.dataTransfer?.files ?? []) {
      const slot = slotFor(file.name);
      files[slot] = { name: file.name, text: await file.text() };
      showSlot(slot);
    }
    await compute();
  });
  $('load-sample').addEventListener('click', loadSample);
  $('clear-model').addEventListener('click', () => {
    files.model = null;
    $('file-model').value = '';
    showSlot('model');
    compute();
  });
  for (const id of ['now', 'since', 'until', 'target']) $(id).addEventListener('change', compute);
  $('download-proposed').addEventListener('click', () => {
    if (proposed) download('proposed.json', new Blob([proposed], { type: 'application/json' }));
  });
  for (const node of document.querySelectorAll('input, select, button')) node.disabled = false;
  setStatus('Choose a leads file and an outcomes file, or load the sample.', 'waiting');
}

start();
