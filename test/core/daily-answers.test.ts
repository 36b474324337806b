/**
 * Answers to the daily prompt: graded once per person per prompt through the coach (source
 * "daily"), a second answer refused in the person's language, grading failures kept and retried,
 * streaks over post days, and the recap (counts and key points, never scores).
 */
import type { DailyAnswerReply } from '../../src/core/daily';
import type { DailyNoticeReply } from '../../src/core/daily-messages';
import { DAILY_BONUS, pointsFor } from '../../src/core/points';
import { personKey } from '../../src/core/ports';
import type { FeedbackReply } from '../../src/core/replies';
import { createDailyRuntime } from '../../src/schedule';
import { TEAM_KEY, harness, member } from '../schedule/daily-harness';

const kinds = (r: DailyAnswerReply[]) => r.map((x) => (x.kind === 'daily-notice' ? `daily-notice:${x.code}` : x.kind));
const notice = (r: DailyAnswerReply[]) => r.find((x): x is DailyNoticeReply => x.kind === 'daily-notice');

/** A harness with a weekdays New York schedule and the prompt of `day` (09:00 local) posted. */
async function posted(dayIso = '2026-03-03') {
  const h = harness('2026-03-02T12:00:00Z');
  await h.set('<#C0PRACTICE|fde-practice> 09:00 America/New_York weekdays');
  const post = async (iso: string) => {
    h.clock.set(`${iso}T15:00:00Z`);
    await h.scheduler.tick();
    const p = h.publisher.posts.find((x) => x.day === iso);
    if (!p) throw new Error(`no post on ${iso}`);
    return p;
  };
  const first = await post(dayIso);
  return { ...h, post, first };
}

describe('daily answers', () => {
  it('grades a thread answer once, through the coach, with the daily bonus and a streak', async () => {
    const h = await posted();
    const kim = member('U1', 'Kim');
    const scenarioId = h.first.prompt.scenario.id;
    let grading = 0;
    const r = await h.daily.answerDaily(kim, { message: { channel: 'C0PRACTICE', ts: h.first.ref.ts! } }, h.strongAnswer(scenarioId), {
      onGrading: () => void grading++,
    });
    expect(kinds(r)).toEqual(['feedback', 'summary', 'daily-notice:daily-streak']);
    expect(grading).toBe(1);
    const feedback = r[0] as FeedbackReply;
    expect(feedback.points).toBe(pointsFor(feedback.result, h.core.library.scenario(scenarioId)!.difficulty, 'daily'));
    expect(feedback.points).toBeGreaterThan(DAILY_BONUS);
    expect(notice(r)!.text).toBe('Daily streak: 1 in a row (best 1).');

    const user = (await h.store.getUser(personKey(kim)))!;
    expect(user.history[0]).toMatchObject({ scenarioId, source: 'daily', points: feedback.points });
    expect(user.streak).toEqual({ count: 1, lastDay: '2026-03-03', best: 1 });
    expect((await h.daily.getPost(TEAM_KEY, '2026-03-03'))!.answers).toEqual([personKey(kim)]);
    // The kept text is dropped once graded.
    expect(await h.daily.answerRecord(kim, '2026-03-03')).toMatchObject({ status: 'graded' });
    expect((await h.daily.answerRecord(kim, '2026-03-03'))!.text).toBeUndefined();

    // A second answer: refused, not graded.
    const again = await h.daily.answerDaily(kim, { message: h.first.ref }, 'Actually, one more thought on this tradeoff.');
    expect(again).toEqual([expect.objectContaining({ kind: 'daily-notice', code: 'daily-already-answered', notGraded: true })]);
    expect(h.grader.calls).toHaveLength(1);
    expect((await h.store.getUser(personKey(kim)))!.answered).toBe(1);
  });

  it('refuses the second answer in Korean for a Korean speaker', async () => {
    const h = await posted();
    const lee = member('U2', 'Lee');
    await h.core.coach.setLanguage(lee, 'ko');
    const ref = { day: '2026-03-03' };
    await h.daily.answerDaily(lee, ref, '저는 먼저 고객의 우선순위를 확인하고 위험을 줄이는 쪽으로 결정하겠습니다. 그 이유는 롤아웃 위험 때문입니다.');
    const again = await h.daily.answerDaily(lee, ref, '하나 더 말씀드리면');
    expect(notice(again)).toMatchObject({ code: 'daily-already-answered', language: 'ko' });
    expect(notice(again)!.text).toMatch(/이미 답했습니다/);
  });

  it('grades only one of two answers arriving at once from the same person', async () => {
    const h = await posted();
    const kim = member('U1');
    h.grader.delayMs = 5;
    const text = h.strongAnswer(h.first.prompt.scenario.id);
    const [a, b] = await Promise.all([
      h.daily.answerDaily(kim, { message: h.first.ref }, text),
      h.daily.answerDaily(kim, { message: h.first.ref }, `${text}\nAnd one more.`),
    ]);
    expect(h.grader.calls).toHaveLength(1);
    expect([kinds(a)[0], kinds(b)[0]].sort()).toEqual(['daily-notice:daily-in-progress', 'feedback']);
  });

  it('does not grade an empty answer or an answer to an unknown message, and keeps the one answer', async () => {
    const h = await posted();
    const kim = member('U1');
    expect(notice(await h.daily.answerDaily(kim, { message: h.first.ref }, '  \u200b '))).toMatchObject({ code: 'daily-empty', notGraded: true });
    expect(notice(await h.daily.answerDaily(kim, { message: { channel: 'C0PRACTICE', ts: '1.2' } }, 'hello'))).toMatchObject({
      code: 'daily-no-post',
      notGraded: true,
    });
    expect(h.grader.calls).toHaveLength(0);
    expect(kinds(await h.daily.answerDaily(kim, { message: h.first.ref }, h.strongAnswer(h.first.prompt.scenario.id)))[0]).toBe('feedback');
  });

  it('keeps an answer whose grading failed, refuses another meanwhile, and grades it on retry', async () => {
    const h = await posted();
    const kim = member('U1');
    const text = h.strongAnswer(h.first.prompt.scenario.id);
    h.grader.failures.push(Object.assign(new Error('upstream 503'), { code: 'GRADER_UNAVAILABLE' }));
    const failed = await h.daily.answerDaily(kim, { message: h.first.ref }, text);
    expect(failed).toEqual([expect.objectContaining({ code: 'daily-grading-failed', retryable: true })]);
    expect(notice(failed)!.text).toMatch(/GRADER_UNAVAILABLE.*saved/);
    expect(await h.daily.answerRecord(kim, '2026-03-03')).toMatchObject({ status: 'failed', text, reason: 'GRADER_UNAVAILABLE' });
    expect((await h.daily.getPost(TEAM_KEY, '2026-03-03'))!.answers).toEqual([personKey(kim)]);

    const meanwhile = await h.daily.answerDaily(kim, { message: h.first.ref }, 'something else');
    expect(meanwhile).toEqual([expect.objectContaining({ code: 'daily-pending', retryable: true, notGraded: true })]);

    const retried = await h.daily.retryDaily(kim);
    expect(kinds(retried)).toEqual(['feedback', 'summary', 'daily-notice:daily-streak']);
    expect(h.grader.calls.at(-1)!.answer).toBe(text);
    expect(await h.daily.answerRecord(kim, '2026-03-03')).toMatchObject({ status: 'graded' });
    expect(notice(await h.daily.retryDaily(kim))).toMatchObject({ code: 'daily-nothing-to-retry' });
    // `daily retry` as a command does the same.
    expect((await h.daily.command(kim, 'retry', { isAdmin: false, language: 'en' }))[0]).toMatchObject({ code: 'daily-nothing-to-retry' });
  });

  it('after a restart, an answer left mid-grading is kept, refused as pending, and graded on retry', async () => {
    const h = await posted();
    const kim = member('U1');
    const text = h.strongAnswer(h.first.prompt.scenario.id);
    // What a process that stopped during grading leaves behind.
    await h.store.putDoc(`daily:answer:${TEAM_KEY}:2026-03-03:${personKey(kim)}`, {
      teamKey: TEAM_KEY, day: '2026-03-03', userKey: personKey(kim), status: 'grading', text, language: 'en', receivedAt: h.clock.t,
    });
    const restarted = createDailyRuntime(h.core, { publisherFor: () => h.publisher, clock: h.clock });
    expect(notice(await restarted.daily.answerDaily(kim, { message: h.first.ref }, 'again'))).toMatchObject({ code: 'daily-pending' });
    expect(h.grader.calls).toHaveLength(0);
    expect(kinds(await restarted.daily.retryDaily(kim, { day: '2026-03-03' }))[0]).toBe('feedback');
    expect(h.grader.calls.map((c) => c.answer)).toEqual([text]);
  });

  it('counts a streak over post days: weekends do not break it, a missed prompt does', async () => {
    const h = await posted('2026-03-05'); // Thursday
    const kim = member('U1');
    const answer = async (p: { ref: Record<string, string>; prompt: { scenario: { id: string } } }) =>
      notice(await h.daily.answerDaily(kim, { message: p.ref }, h.strongAnswer(p.prompt.scenario.id)))!.text;
    expect(await answer(h.first)).toBe('Daily streak: 1 in a row (best 1).');
    expect(await answer(await h.post('2026-03-06'))).toBe('Daily streak: 2 in a row (best 2).'); // Friday
    expect(await answer(await h.post('2026-03-09'))).toBe('Daily streak: 3 in a row (best 3).'); // Monday, after the weekend
    const tuesday = await h.post('2026-03-10');
    await h.post('2026-03-11'); // Wednesday: not answered
    const thursday = await h.post('2026-03-12');
    expect(await answer(thursday)).toBe('Daily streak: 1 in a row (best 3).');
    // A late answer to an older prompt earns its points but does not rewind the streak.
    await answer(tuesday);
    expect((await h.store.getUser(personKey(kim)))!.streak).toEqual({ count: 1, lastDay: '2026-03-12', best: 3 });
  });

  it('keeps the streak when a practice answer is graded at the same time as the daily one', async () => {
    const h = await posted();
    const kim = member('U1');
    const started = await h.core.coach.start(kim, { category: 'discovery' });
    const practiceId = (started.find((r) => r.kind === 'scenario') as { scenario: { id: string } }).scenario.id;
    h.grader.delayMs = 20;
    const daily = h.daily.answerDaily(kim, { message: h.first.ref }, h.strongAnswer(h.first.prompt.scenario.id));
    await new Promise((r) => setImmediate(r));
    const practice = h.core.coach.answer(kim, h.strongAnswer(practiceId));
    await Promise.all([daily, practice]);
    const u = (await h.store.getUser(personKey(kim)))!;
    expect(u.history.map((e) => e.source).sort()).toEqual(['daily', 'practice']);
    expect(u.streak).toEqual({ count: 1, lastDay: '2026-03-03', best: 1 });
  });

  it('finds the prompt from a thread reply that names only part of the stored message ref', async () => {
    const h = await posted();
    const r = await h.daily.answerDaily(member('U1'), { message: { ts: h.first.ref.ts! } }, h.strongAnswer(h.first.prompt.scenario.id));
    expect(kinds(r)[0]).toBe('feedback');
  });

  it('recaps with the count and the key points in the team language, and no scores', async () => {
    const h = harness('2026-03-01T00:00:00Z');
    await h.set('<#C0PRACTICE> 08:00 Asia/Seoul weekdays ko');
    h.clock.set('2026-03-09T00:00:00Z');
    await h.scheduler.tick();
    const first = h.publisher.posts[0]!;
    const scenario = h.core.library.scenario(first.prompt.scenario.id)!;
    for (const id of ['U1', 'U2', 'U3']) await h.daily.answerDaily(member(id), { message: first.ref }, h.strongAnswer(scenario.id));
    h.clock.set('2026-03-10T00:00:00Z');
    await h.scheduler.tick();
    const recap = h.publisher.recaps[0]!.recap;
    expect(recap).toMatchObject({ kind: 'daily-recap', language: 'ko', day: '2026-03-09', answered: 3, title: scenario.title.ko });
    expect(recap.keyPoints).toEqual(scenario.keyPoints.map((k) => k.text.ko));
    expect(recap.heading).toBe(`2026-03-09 요약 · “${scenario.title.ko}”: 3명이 답했습니다.`);
    const json = JSON.stringify(recap);
    expect(json).not.toMatch(/"(overall|score|scores|points|result|criteria|userKey|answers)"/);
    expect(json).not.toMatch(/\d\/5/);
    expect(json).not.toContain('U1');

    const en = await h.daily.recap(TEAM_KEY, '2026-03-09', 'en');
    expect(en!.heading).toBe(`Recap of 2026-03-09 · "${scenario.title.en}": 3 people answered.`);
  });
});
