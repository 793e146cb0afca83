// Type-checked (tsc --noEmit, strict) against the installed package: `leadlens/report` as the
// dashboard uses it, and misuse that must not compile.
import init, { report, calibrate, type BadLine, type CalibrateResult, type ReportResult } from 'leadlens/report';

export async function dashboardExample(leads: string, outcomes: string): Promise<string | null> {
  await init();
  const result: ReportResult = report(leads, outcomes, { now: new Date(), since: '2026-01-01T00:00:00Z', until: null });
  const bad: BadLine[] = result.bad_lines;
  const where: string[] = bad.map((b) => `${b.input}.ndjson line ${b.line}: ${b.path}: ${b.message}`);
  void where;
  const accepted: number | null = result.report.alignment.by_fit_band.rates[0]?.rate ?? null;
  const verdict: string | undefined = result.report.experiment?.variants[0]?.lead_to_accepted.verdict;
  void accepted;
  void verdict;
  const calibrated: CalibrateResult = calibrate(leads, outcomes, { target: 'won', pointsPerLogit: 25 });
  if (calibrated.refusal !== null) return calibrated.refusal.message;
  const auc: number | null = calibrated.report.holdout.proposed.auc;
  void auc;
  // @ts-expect-error targets are a closed set
  calibrate(leads, outcomes, { target: 'mql' });
  // @ts-expect-error NDJSON text, not parsed objects
  report([{ id: 'L-1' }], outcomes);
  return calibrated.proposed_json;
}
