/**
 * The ways the old keyword grader was gamed (issue 9), each graded through the public grader API:
 * keyword-stuffed wrong calls, keyword templates, negated advice, numbered repetition, word salad,
 * an answer written for another scenario, and one-word answers.
 */
import { pointsFor } from '../../../src/core/points';
import { fixtures, grader, index, req, scenario } from './support';

describe('offline grader: answers that game keywords earn little', () => {
  it('keeps keyword-stuffed answers that make the wrong calls at 2.5 or below', () => {
    const evals = scenario('ai-deployment-pilot-without-evals');
    const stuffedEvals = [
      'The 4.6 survey is our success criteria and baseline, so as far as I am concerned the pilot has already passed and the accuracy question is settled.',
      'I would skip the evals, no time: a golden set, ground truth labels and a hallucination rate per topic are nice ideas, but we roll out to all 310 agents in four weeks regardless of accuracy.',
      'The $35 overdraft answer was a one-off, so there is no need to re-index or version the policy documents.',
      'Compliance sign-off can wait until after the rollout, and I would tell Priya it is a clear yes.',
    ].join(' ');
    const invoice = scenario('tradeoffs-invoice-automation-vs-approval');
    const stuffedInvoice = [
      'I would remove the approval step and auto-post every invoice regardless of value or confidence, because tiers and thresholds are overkill for a 96.5% match rate.',
      'Calibration, a held-out eval set, sampled QA, drift monitoring and a kill switch would all slow us down before quarter close, so I would not bother with them.',
      'The SOX control and the audit log are internal audit\'s problem, not ours; Marcus decides and we ship.',
    ].join(' ');
    for (const [s, answer] of [
      [evals, stuffedEvals],
      [invoice, stuffedInvoice],
    ] as const) {
      const r = grader.gradeSync(req(s, answer));
      expect(r.overall).toBeLessThanOrEqual(2.5);
    }
  });

  it('keeps the "I would prioritise X because Y matters more than Z" template at 2.5 or below on nearly every scenario', () => {
    const over: string[] = [];
    for (const s of index.scenarios) {
      const answer = s.keyPoints
        .map((k) => {
          const [x, y, z] = [k.keywords.en[0], k.keywords.en[1] ?? k.keywords.en[0], k.keywords.en[2] ?? k.keywords.en[0]];
          return `I would prioritise ${x} because ${y} matters more than ${z}.`;
        })
        .join(' ');
      const r = grader.gradeSync(req(s, answer));
      if (r.overall > 2.5) over.push(`${s.id}: ${r.overall}`);
    }
    expect(over.length).toBeLessThanOrEqual(2);
  });

  it('gives negated advice nothing for the points it argues against, in English and Korean', () => {
    const s = scenario('tradeoffs-invoice-automation-vs-approval');
    const en = [
      'I would not bother with a rollback or an audit log, because that slows us down.',
      'Skip the evals, no time: the 96.5% figure is good enough and calibration is overkill.',
      'Sampling auto-posted invoices is not needed either, and we do not need internal audit in the room.',
      'So we turn off the approval step for every invoice before quarter close.',
    ].join(' ');
    const r = grader.gradeSync(req(s, en));
    expect(r.overall).toBeLessThanOrEqual(2);
    expect(r.summary).toMatch(/argues against/);
    const ko = [
      '롤백이나 감사 로그는 필요 없습니다. 속도가 더 중요하기 때문입니다.',
      '신뢰도 보정이나 평가셋도 하지 않겠습니다. 96.5%면 충분합니다.',
      '표본 검수와 킬 스위치도 두지 않겠습니다. 운영 부담만 늘어납니다.',
      '분기 마감 전에 승인 단계를 모두 끄겠습니다.',
    ].join(' ');
    const k = grader.gradeSync(req(s, ko, 'ko'));
    expect(k.overall).toBeLessThanOrEqual(2);
  });

  it('counts "Point 1:", "Point 2:" repetition once', () => {
    const s = scenario('tradeoffs-hotfix-vs-connector');
    const idea = 'I would ship the Northline parser this week to hold the go-live date, because slipping three weeks costs more than the fork.';
    const once = grader.gradeSync(req(s, idea));
    const repeated = grader.gradeSync(req(s, Array.from({ length: 12 }, (_, i) => `Point ${i + 1}: ${idea}`).join('\n')));
    expect(repeated.overall).toBeLessThanOrEqual(Math.max(once.overall, 2));
    expect(repeated.overall).toBeLessThanOrEqual(2);
  });

  it('gives a 20,000-character word salad of the scenario\'s own terms the floor', () => {
    const s = scenario('ai-deployment-pilot-without-evals');
    const vocab = [s.situation.en, ...s.keyPoints.map((k) => k.text.en)].join(' ').split(/\s+/).filter((w) => /[a-z]/i.test(w));
    let seed = 7;
    const words: string[] = [];
    let length = 0;
    while (length < 20_000) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const w = vocab[seed % vocab.length]!;
      words.push(w);
      length += w.length + 1;
    }
    const salad = words.join(' ');
    const r = grader.gradeSync(req(s, salad));
    expect(r.overall).toBe(1);
    expect(r.flags).toContain('buzzwords');
  });

  it('flags a strong answer written for another scenario as off-topic and keeps it at 2 or below', () => {
    const strong = fixtures().filter((f) => f.kind === 'strong');
    expect(strong.length).toBeGreaterThanOrEqual(8);
    for (const f of strong) {
      const own = scenario(f.scenario);
      const other = index.scenarios.find((s) => s.category !== own.category && s.id > own.id) ?? index.scenarios.find((s) => s.category !== own.category)!;
      const r = grader.gradeSync(req(other, f.answer, f.language));
      expect(r.flags).toContain('off-topic');
      expect(r.overall).toBeLessThanOrEqual(2);
      // On its own scenario the same answer is not flagged.
      expect(grader.gradeSync(req(own, f.answer, f.language)).flags).not.toContain('off-topic');
    }
  });

  it('floors "ok" and one-word answers with the too-short flag, every time, and they earn no points', () => {
    const s = scenario('discovery-freight-ops-first-week');
    for (const answer of Array.from({ length: 10 }, () => 'ok').concat(['Yes.', 'I would ship it', '좋습니다'])) {
      const r = grader.gradeSync(req(s, answer, /[가-힣]/.test(answer) ? 'ko' : 'en'));
      expect(r.overall).toBe(1);
      expect(r.flags).toContain('too-short');
      // Ten "ok"s used to earn 140 points; nothing to grade earns nothing, not even the daily bonus.
      expect(pointsFor(r, 'hard', 'daily')).toBe(0);
    }
  });
});
