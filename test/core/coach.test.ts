import { createCoach } from '../../src/core/coach';
import { newUser } from '../../src/core/points';
import { personKey, type Grader, type Person } from '../../src/core/ports';
import type { CoachReply, FeedbackReply, NoticeReply, ProbeReply, ScenarioReply } from '../../src/core/replies';
import { ScenarioIndex, loadLibrary } from '../../src/core/scenarios';
import type { CriterionId, Score } from '../../src/core/types';
import { MemoryStore } from '../../src/store/memory';
import { ScriptedGrader } from '../support/fake-grader';

const library = new ScenarioIndex(loadLibrary());

function setup(opts: { idleMs?: number; gradeTimeoutMs?: number } = {}) {
  let now = Date.UTC(2026, 10, 20, 9, 0);
  const clock = { now: () => now };
  const store = new MemoryStore();
  const grader = new ScriptedGrader();
  let n = 0;
  const coach = createCoach({ library, grader, store, clock, random: () => 0, newId: () => `s${++n}`, ...opts });
  return { coach, store, grader, advance: (ms: number) => (now += ms) };
}

const ana: Person = { platform: 'cli', teamId: 'T1', userId: 'ana' };
const kinds = (r: CoachReply[]) => r.map((x) => x.kind);
const first = <K extends CoachReply['kind']>(r: CoachReply[], kind: K) =>
  r.find((x) => x.kind === kind) as Extract<CoachReply, { kind: K }> | undefined;

function goodAnswer(scenarioId: string, upto = 99): string {
  const s = library.scenario(scenarioId)!;
  return s.keyPoints
    .slice(0, upto)
    .map((k) => `I would do this: ${k.text.en}, because otherwise the rollout carries that risk.`)
    .join('\n');
}

describe('coach', () => {
  it('starts a session with the scenario as data, in the requested category and difficulty', async () => {
    const { coach, store } = setup();
    const r = await coach.start(ana, { category: 'tradeoffs', difficulty: 'hard' });
    const sc = first(r, 'scenario') as ScenarioReply;
    expect(sc.scenario.category).toBe('tradeoffs');
    expect(sc.scenario.difficulty).toBe('hard');
    expect(sc.scenario.criteria.length).toBeGreaterThanOrEqual(3);
    expect((await store.getSession(personKey(ana)))?.scenarioId).toBe(sc.scenario.id);
  });

  it('asks a follow-up when the answer leaves a gap, then grades the whole exchange', async () => {
    const { coach, store, grader } = setup();
    const sc = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
    const partial = goodAnswer(sc.scenario.id, 1);
    const probe = await coach.answer(ana, partial);
    expect(kinds(probe)).toEqual(['probe']);
    expect((probe[0] as ProbeReply).index).toBe(1);
    let graded = false;
    const done = await coach.answer(ana, 'I would also agree the plan with the sponsor and write down the decision.', {
      onGrading: () => {
        graded = true;
      },
    });
    expect(graded).toBe(true);
    expect(kinds(done)).toEqual(['feedback', 'summary']);
    expect(grader.calls.at(-1)!.followUps).toEqual([
      { probe: (probe[0] as ProbeReply).text, answer: 'I would also agree the plan with the sponsor and write down the decision.' },
    ]);
    expect(await store.getSession(personKey(ana))).toBeUndefined();
    const user = await store.getUser(personKey(ana));
    expect(user?.history).toHaveLength(1);
    expect(user?.answered).toBe(1);
    expect(user?.totalPoints).toBe((done[0] as FeedbackReply).points);
  });

  it('grades straight away when the grader sees no gap worth probing', async () => {
    const { coach, grader } = setup();
    grader.probes = false;
    const sc = first(await coach.start(ana, { category: 'discovery' }), 'scenario')!;
    const r = await coach.answer(ana, goodAnswer(sc.scenario.id));
    expect(kinds(r)).toEqual(['feedback', 'summary']);
  });

  it('skip before answering gives a new scenario; skip during a follow-up grades what was said', async () => {
    const { coach, grader } = setup();
    const a = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
    const b = first(await coach.skip(ana), 'scenario')!;
    expect(b.scenario.id).not.toBe(a.scenario.id);
    expect(b.scenario.category).toBe('tradeoffs');
    await coach.answer(ana, goodAnswer(b.scenario.id, 1));
    const r = await coach.skip(ana);
    expect(kinds(r)).toEqual(['feedback', 'summary']);
    expect(grader.calls.at(-1)!.followUps).toEqual([]);
  });

  it('stop grades an answer already given and ends; stop with nothing answered just ends', async () => {
    const { coach } = setup();
    await coach.start(ana, { category: 'tradeoffs' });
    expect(kinds(await coach.stop(ana))).toEqual(['notice']);
    const sc = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
    await coach.answer(ana, goodAnswer(sc.scenario.id, 1));
    expect(kinds(await coach.stop(ana))).toEqual(['feedback', 'summary', 'notice']);
    expect(await coach.hasSession(ana)).toBe(false);
  });

  it('tells explicitly when a message is not graded: no session, empty answer', async () => {
    const { coach } = setup();
    const none = (await coach.answer(ana, 'hello?'))[0] as NoticeReply;
    expect(none).toMatchObject({ kind: 'notice', code: 'no-session', notGraded: true });
    await coach.start(ana);
    const empty = (await coach.answer(ana, ' \u200b \n '))[0] as NoticeReply;
    expect(empty).toMatchObject({ code: 'empty-answer', notGraded: true });
    expect(await coach.hasSession(ana)).toBe(true);
  });

  it('idles out an unanswered session and says the late message was not graded', async () => {
    const { coach, advance } = setup({ idleMs: 30 * 60_000 });
    await coach.start(ana);
    advance(31 * 60_000);
    const r = (await coach.answer(ana, 'late answer'))[0] as NoticeReply;
    expect(r).toMatchObject({ code: 'session-expired', notGraded: true });
    expect(await coach.hasSession(ana)).toBe(false);
  });

  it('the idle sweep grades an answer given before a follow-up went unanswered', async () => {
    const { coach, advance, store } = setup({ idleMs: 30 * 60_000 });
    const sc = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
    await coach.answer(ana, goodAnswer(sc.scenario.id, 1));
    advance(10 * 60_000);
    expect(await coach.sweepIdle()).toEqual([]);
    advance(25 * 60_000);
    const deliveries = await coach.sweepIdle();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.personKey).toBe(personKey(ana));
    expect(kinds(deliveries[0]!.replies)).toEqual(['notice', 'feedback', 'summary']);
    expect((await store.getUser(personKey(ana)))?.history).toHaveLength(1);
  });

  it('handles two answers arriving at once one after the other, never interleaved', async () => {
    const { coach, grader } = setup();
    grader.delayMs = 30;
    grader.probes = false;
    const sc = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
    const [a, b] = await Promise.all([coach.answer(ana, goodAnswer(sc.scenario.id)), coach.answer(ana, 'second message')]);
    expect(kinds(a)).toEqual(['feedback', 'summary']);
    expect(b[0]).toMatchObject({ code: 'no-session', notGraded: true });
    expect(grader.maxInFlight).toBe(1);
    expect(grader.calls).toHaveLength(1);
  });

  it('keeps an answer whose grading failed, refuses new text until retried, and grades on retry', async () => {
    const { coach, grader, store } = setup();
    grader.probes = false;
    grader.failures = [Object.assign(new Error('boom'), { code: 'UPSTREAM_500' })];
    const sc = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
    const answer = goodAnswer(sc.scenario.id);
    const failed = (await coach.answer(ana, answer))[0] as NoticeReply;
    expect(failed).toMatchObject({ code: 'grading-failed', retryable: true });
    expect(failed.text).toContain('UPSTREAM_500');
    expect((await store.getSession(personKey(ana)))?.pending?.request.answer).toBe(answer);
    expect((await coach.answer(ana, 'more'))[0]).toMatchObject({ code: 'pending-grade', notGraded: true });
    const r = await coach.retry(ana);
    expect(kinds(r)).toEqual(['feedback', 'summary']);
    expect(grader.calls.at(-1)!.answer).toBe(answer);
  });

  it('a new practice grades an answer kept from a failed grading, with its follow-up reply, before starting', async () => {
    const { coach, grader } = setup();
    const sc = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
    const answer = goodAnswer(sc.scenario.id, 1);
    const probe = (await coach.answer(ana, answer))[0] as ProbeReply;
    grader.failures = [new Error('model down')];
    expect((await coach.answer(ana, 'My follow-up reply.'))[0]).toMatchObject({ code: 'grading-failed', retryable: true });
    const r = await coach.start(ana, { category: 'discovery' });
    expect(kinds(r)).toEqual(['feedback', 'summary', 'scenario']);
    expect(grader.calls.at(-1)).toMatchObject({ answer, followUps: [{ probe: probe.text, answer: 'My follow-up reply.' }] });
  });

  it('bounds a grader that never answers and keeps the answer', async () => {
    const { coach, grader } = setup({ gradeTimeoutMs: 50 });
    grader.probes = false;
    grader.hang = true;
    const sc = first(await coach.start(ana), 'scenario')!;
    const r = (await coach.answer(ana, goodAnswer(sc.scenario.id)))[0] as NoticeReply;
    expect(r).toMatchObject({ code: 'grading-failed', retryable: true });
    expect(r.text).toContain('timeout');
  });

  it('follows the script of the answer when no language was chosen, and a chosen language otherwise', async () => {
    const { coach } = setup();
    await coach.start(ana, { category: 'tradeoffs' });
    const r1 = await coach.answer(ana, '먼저 고객의 실제 업무 흐름과 지표를 확인하겠습니다. 그 다음 롤백 계획을 세우겠습니다.');
    const r = r1.some((x) => x.kind === 'feedback') ? r1 : await coach.skip(ana);
    expect(r1[0]!.language).toBe('ko');
    const fb = first(r, 'feedback')!;
    expect(fb.language).toBe('ko');
    expect(fb.result.summary).toMatch(/[\uAC00-\uD7AF]/);
    await coach.setLanguage(ana, 'en');
    await coach.start(ana);
    const r2 = await coach.stop(ana);
    expect(r2[0]!.language).toBe('en');
  });

  it('languageOf: session first (following the first answer when none was chosen), then the setting, the typed script, the hint', async () => {
    const { coach } = setup();
    expect(await coach.languageOf(ana)).toBe('en');
    expect(await coach.languageOf(ana, { fallback: 'ko' })).toBe('ko');
    expect(await coach.languageOf(ana, { typed: '안녕하세요, 답변입니다' })).toBe('ko');
    await coach.start(ana);
    expect(await coach.languageOf(ana, { typed: '롤백 계획부터 세우겠습니다' })).toBe('ko');
    await coach.stop(ana);
    await coach.setLanguage(ana, 'en');
    expect(await coach.languageOf(ana, { typed: '한국어로 씁니다', fallback: 'ko' })).toBe('en');
    await coach.start(ana, { language: 'ko' });
    expect(await coach.languageOf(ana, { typed: 'typed in English' })).toBe('ko');
  });

  it('with no category, picks an unseen scenario exercising the weakest competency', async () => {
    const { coach, store } = setup();
    const key = personKey(ana);
    await coach.stats(ana);
    await store.putUser({
      ...newUser(key, 'cli:T1', 'ana'),
      totals: { 'llm-engineering': { sum: 2, count: 2 }, communication: { sum: 9, count: 2 } },
    });
    for (let i = 0; i < 5; i++) {
      const sc = first(await coach.start(ana), 'scenario')!;
      expect(library.scenario(sc.scenario.id)!.criteria).toContain('llm-engineering');
    }
    const seen = (await store.getUser(key))!.seen;
    expect(new Set(seen).size).toBe(5);
  });

  it('once every matching scenario was seen, offers the least recently seen again, not the same one', async () => {
    const { coach } = setup();
    const pool = library.scenarios.filter((s) => s.category === 'discovery').map((s) => s.id);
    for (let i = 0; i < pool.length; i++) {
      await coach.start(ana, { category: 'discovery' });
      await coach.stop(ana);
    }
    const again: string[] = [];
    for (let i = 0; i < pool.length; i++) {
      const r = await coach.start(ana, { category: 'discovery' });
      expect(r.some((x) => x.kind === 'notice' && x.code === 'all-seen')).toBe(true);
      again.push(first(r, 'scenario')!.scenario.id);
      await coach.stop(ana);
    }
    expect(new Set(again)).toEqual(new Set(pool));
  });

  it('an answer is never dropped when a new practice starts mid-follow-up: it is graded first', async () => {
    const { coach } = setup();
    const sc = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
    await coach.answer(ana, goodAnswer(sc.scenario.id, 1));
    const r = await coach.start(ana, { category: 'discovery' });
    expect(kinds(r)).toEqual(['feedback', 'summary', 'scenario']);
  });

  it('truncates a huge answer, grades it and says so', async () => {
    const { coach, grader } = setup();
    grader.probes = false;
    await coach.start(ana);
    const r = await coach.answer(ana, 'x'.repeat(50_000));
    expect(r[0]).toMatchObject({ kind: 'notice', code: 'truncated' });
    expect(kinds(r).slice(1)).toEqual(['feedback', 'summary']);
    expect(grader.calls[0]!.answer.length).toBe(6000);
  });

  it('reports stats and categories', async () => {
    const { coach } = setup();
    const sc = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
    await coach.answer(ana, goodAnswer(sc.scenario.id));
    await coach.stop(ana);
    const stats = first(await coach.stats(ana), 'stats')!;
    expect(stats.answered).toBe(1);
    expect(stats.averages.length).toBe(library.scenario(sc.scenario.id)!.criteria.length);
    expect(stats.recent[0]!.title).toBe(library.scenario(sc.scenario.id)!.title.en);
    expect(await coach.usage()).toMatchObject({ gradings: 1, llmGradings: 0, fallbacks: 0, promptTokens: 0 });
    const cats = first(coach.categories('ko'), 'categories')!;
    expect(cats.categories).toHaveLength(8);
    expect(cats.categories[0]!.name).toMatch(/[\uAC00-\uD7AF]/);
  });

  describe('a very short first answer', () => {
    it('gets a follow-up asking for more, naming the gap the grader would probe, not a grade', async () => {
      const { coach, store, grader } = setup();
      const sc = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
      const probeSpy = jest.spyOn(grader, 'probe').mockResolvedValue({ text: 'What would the quick fix cost you later?', targets: 'tradeoff-judgment' });
      const r = await coach.answer(ana, 'I would ship the hotfix.');
      expect(kinds(r)).toEqual(['probe']);
      const ask = r[0] as ProbeReply;
      expect(ask).toMatchObject({ reason: 'too-short', index: 1, language: 'en' });
      expect(ask.text).toContain('short answer');
      expect(ask.text).toContain('Start with this: What would the quick fix cost you later?');
      expect(grader.calls).toHaveLength(0);
      expect(probeSpy).toHaveBeenCalledTimes(1);
      expect((await store.getSession(personKey(ana)))?.followUps).toEqual([{ probe: ask.text }]);
      probeSpy.mockRestore();
      // A real answer to it is graded with the whole exchange (the request counts as the follow-up).
      const done = await coach.answer(ana, goodAnswer(sc.scenario.id));
      expect(kinds(done)).toEqual(['feedback', 'summary']);
      expect(grader.calls[0]).toMatchObject({ answer: 'I would ship the hotfix.', followUps: [{ probe: ask.text, answer: goodAnswer(sc.scenario.id) }] });
    });

    it('a second very short reply is graded as it stands: no loop', async () => {
      const { coach, grader } = setup();
      await coach.start(ana, { category: 'tradeoffs' });
      const ask = await coach.answer(ana, 'Apologise and fix it.');
      expect((ask[0] as ProbeReply).reason).toBe('too-short');
      const probesBefore = grader.probeCalls.length;
      const r = await coach.answer(ana, 'Really, just fix it fast.');
      expect(kinds(r)).toEqual(['feedback', 'summary']);
      expect(grader.probeCalls).toHaveLength(probesBefore);
      expect(grader.calls[0]!.followUps).toEqual([{ probe: (ask[0] as ProbeReply).text, answer: 'Really, just fix it fast.' }]);
    });

    it('in a customer scenario, the customer pushing back is the request for more', async () => {
      const { coach, grader } = setup();
      await coach.start(ana, { category: 'customer-escalation' });
      jest.spyOn(grader, 'probe').mockResolvedValue({ text: '"Soon" is not a time. When?', asPersona: true });
      const r = await coach.answer(ana, 'I am sorry; we are on it and will update you soon.');
      const p = first(r, 'probe')!;
      expect(p.persona).toBeDefined();
      expect(p.text).toBe('"Soon" is not a time. When?');
      expect(p.reason).toBeUndefined();
      expect(kinds(r)).toEqual(['probe']);
    });

    it('asks in the scenario language (Korean, counted in characters), naming the competency the probe targets', async () => {
      const { coach, grader } = setup();
      await coach.start(ana, { category: 'tradeoffs', language: 'ko' });
      jest.spyOn(grader, 'probe').mockResolvedValue({ text: '', targets: 'communication' });
      const r = await coach.answer(ana, '핫픽스를 먼저 배포하겠습니다.');
      const ask = r[0] as ProbeReply;
      expect(ask).toMatchObject({ kind: 'probe', reason: 'too-short', language: 'ko' });
      expect(ask.text).toContain('답변이 짧아 아직 채점하지 않았습니다');
      expect(ask.text).toContain(`특히 ${library.criterion('communication').name.ko} 측면을`);
    });

    it('a full first answer is never asked for more', async () => {
      const { coach } = setup();
      const sc = first(await coach.start(ana, { category: 'tradeoffs' }), 'scenario')!;
      const r = await coach.answer(ana, goodAnswer(sc.scenario.id));
      expect(r.some((x) => x.kind === 'probe' && x.reason === 'too-short')).toBe(false);
    });
  });

  describe('the summary', () => {
    /** A grader that gives each criterion the score in the table (3 when absent). */
    function fixedGrader(scores: Partial<Record<CriterionId, Score>>): Grader {
      return {
        kind: 'offline',
        async grade(req) {
          const criteria = req.criteria.map((c) => ({
            id: c.id,
            score: scores[c.id] ?? (3 as Score),
            evidence: [],
            feedback: 'Because.',
            strongAnswerAdds: '',
            nextStep: 'Practise.',
          }));
          const overall = Math.round((criteria.reduce((a, c) => a + c.score, 0) / criteria.length) * 10) / 10;
          return { scenarioId: req.scenario.id, grader: 'offline', language: req.language, overall, criteria, summary: '', flags: [] };
        },
        async probe() {
          return null;
        },
      };
    }
    const answerOnce = async (grader: Grader, scenarioId: string) => {
      const coach = createCoach({ library, grader, store: new MemoryStore(), random: () => 0 });
      await coach.start(ana, { scenarioId });
      return first(await coach.answer(ana, goodAnswer(scenarioId)), 'summary')!;
    };
    const scenarioWith = (...ids: CriterionId[]) => library.scenarios.find((s) => ids.every((id) => s.criteria.includes(id)))!.id;
    const countIn = (criterion: CriterionId) => (category: string) =>
      library.scenarios.filter((s) => s.category === category && s.criteria.includes(criterion)).length;

    it('shows no weakest competency after a perfect answer', async () => {
      const sc = scenarioWith('communication');
      const all5 = Object.fromEntries(library.scenario(sc)!.criteria.map((id) => [id, 5])) as Record<CriterionId, Score>;
      const s = await answerOnce(fixedGrader(all5), sc);
      expect(s.overall).toBe(5);
      expect(s.weakest).toBeUndefined();
      expect(s.suggestedCategory).toBeUndefined();
    });

    it('shows no weakest competency when every competency has the same average', async () => {
      const s = await answerOnce(fixedGrader({}), scenarioWith('communication'));
      expect(s.overall).toBe(3);
      expect(s.weakest).toBeUndefined();
    });

    it.each([['communication'], ['product-feedback'], ['problem-framing'], ['enterprise-integration']] as [CriterionId][])(
      'try next for a weak %s: the category where most scenarios grade it, by its display name',
      async (weak) => {
        const sc = scenarioWith(weak);
        const scores = Object.fromEntries(library.scenario(sc)!.criteria.map((id) => [id, id === weak ? 2 : 4])) as Record<CriterionId, Score>;
        const s = await answerOnce(fixedGrader(scores), sc);
        expect(s.weakest).toMatchObject({ id: weak, average: 2, name: library.criterion(weak).name.en });
        const count = countIn(weak);
        const best = Math.max(...library.categories.map((c) => count(c.id)));
        expect(count(s.suggestedCategory!)).toBe(best);
        expect(s.suggestedCategoryName).toBe(library.categories.find((c) => c.id === s.suggestedCategory)!.name.en);
      },
    );

    it('does not suggest the same category for every weakest competency', async () => {
      const suggestions = new Set<string | undefined>();
      for (const weak of ['problem-framing', 'product-feedback', 'llm-engineering', 'enterprise-integration'] as CriterionId[]) {
        const sc = scenarioWith(weak);
        const scores = Object.fromEntries(library.scenario(sc)!.criteria.map((id) => [id, id === weak ? 1 : 4])) as Record<CriterionId, Score>;
        suggestions.add((await answerOnce(fixedGrader(scores), sc)).suggestedCategory);
      }
      expect(suggestions.size).toBeGreaterThanOrEqual(3);
    });
  });
});
