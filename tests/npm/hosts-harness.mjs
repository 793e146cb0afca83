// Shared by the CRM adapter tests (tests/npm/hosts-*.test.mjs): a decision as the panel makes it,
// and `settle`, which posts decisions the way the panel's outbox does — each kept until the host
// confirms it, retried while the failure is retryable, stopped on a conflict or a refusal — while
// the fake CRM's connection changes under it.

export function decision(overrides = {}) {
  return {
    decision_id: '0190a5f2-0000-7000-8000-000000000001',
    lead_id: 'L-1',
    outcome: 'accepted',
    reason_code: 'good_fit_real_need',
    note: 'Called, real project',
    reviewer: 'rep-001',
    decided_at: '2026-11-22T12:05:00.000Z',
    score_snapshot: { fit: 84, intent: 78, route: 'sales_review', model_version: '2026-11-1' },
    ...overrides,
  };
}

// mulberry32: a small seeded generator, so a failing fault sequence can be replayed.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Posts every decision until it settles. Before each post the fake's mode is drawn from `modes`
 * (seeded); the last attempts run online so that everything can settle. Decisions of one lead go
 * in the order given (one reviewer's successive decisions). Returns what was confirmed and failed
 * and how many posts it took.
 */
export async function settle(host, decisions, { modes, setMode, seed = 1, maxAttempts = 400, expectedVersion } = {}) {
  const next = random(seed);
  const pending = [...decisions];
  const confirmed = [];
  const failed = [];
  let attempts = 0;
  while (pending.length > 0) {
    if (attempts >= maxAttempts) throw new Error(`not settled after ${attempts} posts`);
    // The first pending decision of a lead blocks that lead's later ones.
    const leads = new Set();
    const due = pending.filter((d) => !leads.has(String(d.lead_id)) && leads.add(String(d.lead_id)));
    const d = due[Math.floor(next() * due.length)];
    setMode(attempts > maxAttempts / 2 ? 'online' : modes[Math.floor(next() * modes.length)]);
    attempts += 1;
    const result = await host.postDecision(d, expectedVersion);
    if (result.ok) {
      confirmed.push(d.decision_id);
      pending.splice(pending.indexOf(d), 1);
    } else if (!result.retryable) {
      failed.push({ id: d.decision_id, result });
      pending.splice(pending.indexOf(d), 1);
    }
  }
  setMode('online');
  return { confirmed, failed, attempts };
}
