/**
 * The substance measure behind the floor on model grades (src/grading/substance.ts), over the shipped
 * library and the gold set: generic text names nothing from any scenario, every scenario's own key
 * points do, and no strong or partial gold answer falls under the floor.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ScenarioIndex, loadLibrary } from '../../src/core/scenarios';
import type { Scenario } from '../../src/core/types';
import { MIN_ANSWER_SPECIFICITY, isSpecificEvidence, substanceOf } from '../../src/grading/substance';

const GENERIC = [
  'I would start by understanding the customer needs and talking to the stakeholders. Then I would agree success metrics, build a small pilot, monitor it closely, keep a rollback plan ready and communicate progress every week so expectations stay aligned. Finally I would feed what we learn back to the product team.',
  'First I would listen carefully to everyone involved and make sure I understand the real problem before proposing anything. I would prioritise what matters most to the business, be transparent about tradeoffs, document decisions, and iterate quickly based on feedback.',
  '먼저 고객의 요구를 이해하고 이해관계자와 이야기하겠습니다. 그다음 성공 지표를 합의하고 작은 파일럿을 만들어 면밀히 모니터링하며 롤백 계획을 준비하고 매주 진행 상황을 공유해 기대치를 맞추겠습니다. 마지막으로 배운 점을 제품팀에 전달하겠습니다.',
];

let scenarios: Scenario[];
beforeAll(() => {
  scenarios = [...new ScenarioIndex(loadLibrary()).scenarios];
});

describe('substance', () => {
  it('finds nothing specific in generic answers, against every shipped scenario', () => {
    for (const s of scenarios)
      for (const g of GENERIC) expect({ id: s.id, lacking: substanceOf(g, s).lacking }).toEqual({ id: s.id, lacking: 'generic' });
  });

  it("finds every scenario's own key points substantive, in English and Korean", () => {
    for (const s of scenarios)
      for (const lang of ['en', 'ko'] as const) {
        const r = substanceOf(s.keyPoints.map((k) => k.text[lang]).join(' '), s);
        expect({ id: s.id, lang, lacking: r.lacking }).toEqual({ id: s.id, lang, lacking: undefined });
        expect(r.specificity).toBeGreaterThanOrEqual(MIN_ANSWER_SPECIFICITY);
      }
  });

  it('calls a one-liner too short, and a quote specific only when it names the scenario or commits to details', () => {
    const s = scenarios.find((x) => x.id === 'tradeoffs-hotfix-vs-connector') ?? scenarios[0]!;
    expect(substanceOf('I would do the right thing for the customer.', s).lacking).toBe('too-short');
    expect(isSpecificEvidence(['I would do the right thing for the customer.'], s)).toBe(false);
    if (s.id === 'tradeoffs-hotfix-vs-connector') {
      expect(isSpecificEvidence(['I would ship the Northline parser this week'], s)).toBe(true);
      expect(isSpecificEvidence(['Unmapped qualifier codes get logged and counted'], s)).toBe(true);
    }
    expect(isSpecificEvidence(['Priya owns the migration, by 30 June'], s)).toBe(true);
  });

  it('keeps every strong and partial gold answer above the floor', () => {
    const byId = new Map(scenarios.map((s) => [s.id, s]));
    const dir = path.join(__dirname, '..', 'fixtures', 'gold');
    const under: string[] = [];
    let checked = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
      const g = parse(readFileSync(path.join(dir, f), 'utf8')) as { scenario: string; answers: { id: string; kind: string; answer: string }[] };
      const s = byId.get(g.scenario);
      if (!s) continue;
      for (const a of g.answers.filter((x) => x.kind === 'strong' || x.kind === 'partial')) {
        checked++;
        if (substanceOf(a.answer, s).lacking) under.push(a.id);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(under).toEqual([]);
  });
});
