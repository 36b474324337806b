/**
 * Over the Teams endpoint: an answer carrying a Markdown link is echoed back by the grader in a
 * probe, a quote, the feedback and a checklist label; what reaches the connector shows it as
 * text in every TextBlock and Fact, never as a link.
 */
import type { GradeOptions, Grader } from '../../src/core/ports';
import type { GradeRequest, GradeResult, ProbeRequest, ProbeResult } from '../../src/core/types';
import { cardsOf, type RecordedActivity } from '../support/fake-connector';
import { personalMessage, startHarness, type Harness } from './harness';

const PHISH = '[verify your account](https://evil.example/phish)';

/** A model that repeats the answer everywhere it can: the worst case for the card renderer. */
class EchoGrader implements Grader {
  readonly kind = 'offline' as const;
  async grade(req: GradeRequest, _opts?: GradeOptions): Promise<GradeResult> {
    const quote = req.answer.split('\n')[0]!;
    return {
      scenarioId: req.scenario.id,
      grader: 'llm',
      language: req.language,
      overall: 3,
      summary: `Summary: ${PHISH}`,
      flags: [],
      criteria: req.criteria.map((c) => ({
        id: c.id,
        score: 3,
        points: [{ label: PHISH, made: false }],
        evidence: [quote],
        feedback: `You wrote ${PHISH}.`,
        strongAnswerAdds: PHISH,
        nextStep: `Next: ${PHISH}`,
      })),
    };
  }
  async probe(req: ProbeRequest): Promise<ProbeResult | null> {
    return req.probesAsked ? null : { text: `About ${PHISH}?`, targets: req.scenario.criteria[0] };
  }
}

/** Every TextBlock text and Fact title/value of the cards sent. */
function cardStrings(activities: RecordedActivity[]): string[] {
  const out: string[] = [];
  const walk = (e: unknown): void => {
    if (Array.isArray(e)) return e.forEach(walk);
    if (!e || typeof e !== 'object') return;
    const o = e as Record<string, unknown>;
    if (o.type === 'TextBlock') out.push(String(o.text));
    if (o.type === 'FactSet') for (const f of o.facts as { title: string; value: string }[]) out.push(f.title, f.value);
    Object.values(o).forEach(walk);
  };
  for (const a of activities) for (const c of cardsOf(a)) walk(c.body);
  return out;
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ grader: new EchoGrader() });
});
afterEach(async () => {
  await h.close();
});

it('a Markdown link in an answer never becomes a link in the cards sent to Teams', async () => {
  const url = h.connector.url;
  await h.post(personalMessage(url, 'practice tradeoffs'));
  const answer = `Please ${PHISH} before we go live, because the pilot needs a named owner, a rollback plan and a metric the sponsor agreed to.\nThen I would tell the VP the tradeoff plainly and write the decision down with a date and an owner.`;
  await h.post(personalMessage(url, answer));
  await h.post(personalMessage(url, `I would also ${PHISH} and agree the plan with the sponsor, because the decision needs an owner.`));
  const strings = cardStrings(h.connector.activities).filter((t) => t.includes('verify your account'));
  // The probe, the summary, every criterion's why, checklist label, quote, next step.
  expect(strings.length).toBeGreaterThanOrEqual(8);
  for (const t of strings) {
    expect(t).not.toMatch(/(^|[^\\])\[verify your account/);
    expect(t).not.toContain('](');
    expect(t).not.toContain('https://');
  }
  // Nowhere in a card's body (fallbackText is plain text for notifications, not Markdown).
  const bodies = JSON.stringify(h.connector.activities.flatMap((a) => cardsOf(a).map((c) => c.body)));
  expect(bodies).not.toContain(PHISH);
});
