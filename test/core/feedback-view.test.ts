import { clipWords, criterionView, firstSentence, scoreBar, withoutScorePrefix } from '../../src/core/feedback-view';
import type { CriterionGrade } from '../../src/core/types';

const grade = (over: Partial<CriterionGrade> = {}): CriterionGrade => ({
  id: 'communication',
  score: 3,
  evidence: ['First quote.', 'Second quote.'],
  feedback: 'Says the tradeoff, names no owner. At this level: a descriptor that must not show.',
  strongAnswerAdds: 'Names an owner and a date.',
  nextStep: 'Rehearse a one-minute update.',
  ...over,
});

describe('criterion view', () => {
  it('one sentence why, the best quote only, the next step', () => {
    const v = criterionView(grade(), 'Communication');
    expect(v).toMatchObject({ name: 'Communication', score: 3, why: 'Says the tradeoff, names no owner.', quote: 'First quote.', next: 'Rehearse a one-minute update.' });
    expect(JSON.stringify(v)).not.toContain('descriptor');
  });

  it('the checklist is the grader’s points, labels kept short; what a strong answer adds only when the checklist does not say it', () => {
    const withMissed = criterionView(grade({ points: [{ label: 'Owner and date', made: false }, { label: 'x'.repeat(80), made: true }] }), 'C');
    expect(withMissed.checklist).toEqual([
      { label: 'Owner and date', made: false },
      { label: `${'x'.repeat(59)}…`, made: true },
    ]);
    expect(withMissed.adds).toBeUndefined();
    expect(criterionView(grade({ points: [{ label: 'Owner', made: true }] }), 'C').adds).toBe('Names an owner and a date.');
    expect(criterionView(grade(), 'C').adds).toBe('Names an owner and a date.');
    expect(criterionView(grade({ score: 5 }), 'C').adds).toBeUndefined();
  });

  it('sentences and quotes are never cut inside a token such as v2.14 or 3.5%', () => {
    expect(firstSentence('Upgrade to v2.14 first and watch the 3.5% error rate. Then more.')).toBe('Upgrade to v2.14 first and watch the 3.5% error rate.');
    const q = clipWords(`${'word '.repeat(50)}v2.14 upgrade`, 270);
    expect(q).toBe(`${'word '.repeat(50)}v2.14 upgrade`);
    const cut = clipWords(`${'abc '.repeat(60)}v2.14`, 100);
    expect(cut.endsWith('abc…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(100);
  });

  it('drops a leading restatement of the score, which every face shows already', () => {
    expect(withoutScorePrefix('2/5: you made 1 of 2 key points.')).toBe('You made 1 of 2 key points.');
    expect(withoutScorePrefix('3/5점입니다: 핵심 2개 중 1개를 다뤘습니다.')).toBe('핵심 2개 중 1개를 다뤘습니다.');
    expect(withoutScorePrefix('Commits to the 2/5 split.')).toBe('Commits to the 2/5 split.');
  });

  it('the bar has as many full cells as the score', () => {
    expect(scoreBar(2)).toBe('●●○○○');
    expect(scoreBar(4.6)).toBe('●●●●●');
  });
});
