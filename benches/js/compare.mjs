// What "the same answer" means between leadlens and the JavaScript alternatives in this folder:
// the same fit score, intent score, route and disqualification code (benches/js/README.md).
// tests/npm/equivalence.test.mjs holds every generated lead to it; suite.mjs checks it before it
// times anything, so a benchmark never compares different answers. No dependencies: Node and the
// browser bench page (www/bench.html) load it as it is.

/** The compared fields of a leadlens `ScoredLead`. */
export const ours = (r) => ({
  fit: r.fit.score,
  intent: r.intent.score,
  route: r.route,
  disqualification: r.disqualification?.code ?? null,
});

/** The same fields of an alternative's result (`{ fit, intent, route, disqualification }`). */
export const theirs = (r) => ({
  fit: r.fit,
  intent: r.intent,
  route: r.route,
  disqualification: r.disqualification?.code ?? null,
});

/** The names of the compared fields on which an alternative's `got` differs from leadlens's `want`. */
export function differences(want, got) {
  const [w, g] = [ours(want), theirs(got)];
  return Object.keys(w).filter((k) => w[k] !== g[k]);
}

/** Every lead on which `got[i]` (an alternative's) differs from `want[i]` (leadlens's). */
export function mismatches(leads, want, got) {
  const found = [];
  got.forEach((result, i) => {
    const fields = differences(want[i], result);
    if (fields.length) found.push({ lead: leads[i], want: want[i], got: result, fields });
  });
  return found;
}

/** Lines that show one mismatch: the lead, both answers and both explanations. */
export function describeMismatch(name, { lead, want, got, fields }) {
  return [
    `--- ${name} differs from leadlens on ${fields.join(', ')} for lead ${lead.id}`,
    `lead: ${JSON.stringify(lead)}`,
    `leadlens: ${JSON.stringify(ours(want))}`,
    `leadlens fit evidence: ${want.fit.evidence.map((e) => `${e.points} ${e.label}`).join(' | ')}`,
    `leadlens intent evidence: ${want.intent.evidence.map((e) => `${e.points} ${e.label}`).join(' | ')}`,
    `${name}: ${JSON.stringify(theirs(got))}`,
    `${name} evidence: ${got.evidence.map((e) => `${e.dimension} ${e.points} ${e.label}`).join(' | ')}`,
  ];
}
