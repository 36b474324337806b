/**
 * Offline feedback agrees with its own score: the checklist, the counts in the sentence, what a strong
 * answer adds and the next step are all derived from the same numbers, and quotes are verbatim and whole.
 */
import { fixtures, grader, req, scenario } from './support';

const all = fixtures();

describe('offline grader feedback', () => {
  it('gives one checklist entry per key point, with short labels', () => {
    for (const f of all) {
      const s = scenario(f.scenario);
      const r = grader.gradeSync(req(s, f.answer, f.language));
      for (const c of r.criteria) {
        expect(c.points).toHaveLength(s.keyPoints.filter((k) => k.criterion === c.id).length);
        for (const p of c.points!) expect(p.label.length).toBeLessThanOrEqual(60);
      }
    }
  });

  it('says the same score and the same counts as the checklist, in one sentence', () => {
    for (const f of all) {
      const s = scenario(f.scenario);
      const r = grader.gradeSync(req(s, f.answer, f.language));
      for (const c of r.criteria) {
        const made = c.points!.filter((p) => p.made).length;
        const n = c.points!.length;
        expect(c.feedback.startsWith(`${c.score}/5`)).toBe(true);
        // One sentence: a single full stop at the end, outside the quoted labels.
        let bare = c.feedback.replace(/‘[^’]*’/g, 'X');
        for (const p of c.points!) bare = bare.split(p.label).join('X');
        expect(bare.match(/[.!?。](\s|$)/g)?.length ?? 0).toBeLessThanOrEqual(1);
        const en = /you made (\d+) of (\d+) key points/.exec(c.feedback);
        if (en) expect([Number(en[1]), Number(en[2])]).toEqual([made, n]);
        const ko = /핵심 (\d+)개 중 (\d+)개/.exec(c.feedback);
        if (ko) expect([Number(ko[2]), Number(ko[1])]).toEqual([made, n]);
        if (/you made all|you made the key point|모두 다뤘습니다/.test(c.feedback)) expect(made).toBe(n);
        if (/makes none|does not make|어느 것도|핵심\(.*\)을 다루지 않았습니다/.test(c.feedback)) expect(made).toBe(0);
        // The checklist bounds the score: every point made is at least a 3, none made at most a 3.
        if (made === n && !/caps this criterion|상한/.test(c.feedback)) expect(c.score).toBeGreaterThanOrEqual(3);
        if (made === 0) expect(c.score).toBeLessThanOrEqual(3);
        if (c.score === 5) {
          expect(c.strongAnswerAdds).not.toBe(c.feedback);
          expect(c.feedback).not.toContain(c.strongAnswerAdds);
        }
      }
    }
  });

  it('names the missed points in "a strong answer adds" and chooses the next step by what was missed', () => {
    const s = scenario('tradeoffs-hotfix-vs-connector');
    // Two answers, each making a different one of the two tradeoff-judgment points.
    const hold =
      'I would ship the 2-day Northline parser this week to hold the go-live date instead of slipping three weeks, because the deadline is what justifies a one-off here. Nothing else is decided yet.';
    const fork =
      'The one-off parser is a fork the team must maintain through every platform upgrade, so it gets a replacement ticket and an expiry date before the next 3PL signs. Nothing else is decided yet.';
    const a = grader.gradeSync(req(s, hold));
    const b = grader.gradeSync(req(s, fork));
    const tjA = a.criteria.find((c) => c.id === 'tradeoff-judgment')!;
    const tjB = b.criteria.find((c) => c.id === 'tradeoff-judgment')!;
    for (const c of [tjA, tjB]) {
      const missed = c.points!.filter((p) => !p.made).map((p) => p.label);
      expect(missed.length).toBeGreaterThan(0);
      expect(missed.some((l) => c.strongAnswerAdds.includes(l.replace(/…$/, '')))).toBe(true);
    }
    // Different points missed, different next steps.
    expect(tjA.nextStep).not.toBe(tjB.nextStep);
  });

  it('quotes whole tokens: "v2.14" and "3.5%" are never split', () => {
    const s = scenario('tradeoffs-hotfix-vs-connector');
    const answer =
      'I would pin the connector at v2.14 and ship the Northline parser this week, because slipping three weeks costs more than the fork. ' +
      'Unmapped codes are logged and counted instead of dropped, and we alert when the drop rate passes 3.5% of EDI 214 messages, e.g. after a carrier change.';
    const r = grader.gradeSync(req(s, answer));
    const quotes = r.criteria.flatMap((c) => c.evidence);
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) {
      expect(answer).toContain(q);
      expect(q).not.toMatch(/^(14|5%|g\.)/);
    }
    expect(quotes.some((q) => q.includes('v2.14'))).toBe(true);
    expect(quotes.some((q) => q.includes('3.5%'))).toBe(true);
  });
});
