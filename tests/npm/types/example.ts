// Type-checked (tsc --noEmit, strict) against the installed package: the README's usage must
// compile, and misuse must not.
import init, {
  score,
  scoreBatch,
  Scorer,
  validateModel,
  defaultModel,
  LeadlensError,
  type Lead,
  type ScoredLead,
  type Evidence,
  type ModelProblem,
  type ScoreOptions,
  type Route,
} from 'leadlens';

export async function example(): Promise<void> {
  await init();

  const lead: Lead = {
    id: 'L-1042',
    created_at: new Date(),
    company: { name: 'Acme Logistics', industry: 'logistics', employees: '51-200', country: 'US' },
    contact: { email: 'dana.ruiz@acmelogistics.com', title: 'Director of Operations' },
    form: { type: 'consultation_request', message: 'Our order-to-cash process is a bottleneck.' },
    events: [{ type: 'demo_request', at: '2026-11-20T10:00:00Z' }],
    consent: { email: true },
  };
  const options: ScoreOptions = { now: new Date('2026-11-22T12:00:00Z') };
  const result: ScoredLead = score(lead, options);
  const route: Route = result.route;
  const labels: string[] = result.fit.evidence.map((e: Evidence) => `${e.points} ${e.label}`);
  const reason: string | undefined = result.disqualification?.reason;
  console.log(route, labels, reason, result.intent.notes.join('; '), result.next_action.text);

  const model = defaultModel();
  const problems: ModelProblem[] = validateModel({ ...model, version: '' });
  console.log(problems.map((p) => `${p.path}: ${p.message}`));

  const scorer = new Scorer(model);
  const results: ScoredLead[] = scorer.scoreBatch([lead, { id: 2 }], { now: 1_795_348_800_000 });
  console.log(results.length, scorer.model.version);
  scorer.free();

  try {
    scoreBatch([lead], { model: scorer, now: '2026-11-22T12:00:00Z' });
  } catch (error) {
    if (error instanceof LeadlensError) {
      const code: string = error.code;
      console.log(code, error.path, error.errors?.map((e) => e.path), error.problems?.length);
    }
  }

  // @ts-expect-error a lead needs an id
  score({ company: { name: 'no id' } });
  // @ts-expect-error `now` is a Date, string or number
  score(lead, { now: true });
  // @ts-expect-error routes are a closed set
  const wrong: Route = 'maybe';
  console.log(wrong);
}
