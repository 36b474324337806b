/**
 * The daily prompt on Teams, end to end over loopback: admin commands POSTed to /api/messages,
 * the prompt posted proactively through the Teams DailyPublisher into the stored channel
 * reference, thread answers graded once by core.daily with feedback in personal chat, the
 * private answer from the card, Retry, and the recap and weekly board when the next prompt goes
 * out (driven by the real scheduler with a settable clock).
 */
import type { DailyPost, DailySettings } from '../../src/core/daily';
import { personKey, type Person } from '../../src/core/ports';
import { createDailyScheduler } from '../../src/schedule';
import { cardText, cardsOf, type CardJson, type RecordedActivity } from '../support/fake-connector';
import {
  ANA,
  BEN,
  BOT,
  CHANNEL_ID,
  TEAM_ID,
  TENANT,
  FakeClock,
  botAdded,
  cardSubmit,
  channelMessage,
  personalMessage,
  startHarness,
  type Harness,
} from './harness';

const TK = `teams:${TENANT}`;
const OTHER_CHANNEL = '19:fde-practice@thread.tacv2';
const ben: Person = { platform: 'teams', teamId: TENANT, userId: BEN.aadObjectId };
const ana: Person = { platform: 'teams', teamId: TENANT, userId: ANA.aadObjectId };
/** A score as the cards write it: "3/5", "3.4/5". */
const SCORE = /\b[0-5](\.\d)?\/5\b/;

const only = <T>(xs: T[]): T => {
  expect(xs).toHaveLength(1);
  return xs[0]!;
};
const cardOf = (a: RecordedActivity): CardJson => only(cardsOf(a));

let h: Harness;
let clock: FakeClock;
beforeEach(async () => {
  // Friday 2026-03-06, 09:00 in Seoul.
  clock = new FakeClock('2026-03-06T00:00:00Z');
  h = await startHarness({ env: { FDE_ADMINS: ANA.aadObjectId }, clock });
});
afterEach(async () => {
  await h.close();
});

function strongAnswer(scenarioId: string): string {
  const s = h.core.library.scenario(scenarioId)!;
  return s.keyPoints.map((k) => `I would ${k.text.en.toLowerCase()}, because otherwise we lose the customer's trust.`).join(' ');
}

/** The bot added to the team (reference stored), then Ana (an admin) sets the prompt in the channel. */
async function installAndSet(command = 'daily set here 09:30 Asia/Seoul'): Promise<RecordedActivity[]> {
  await h.post(botAdded(h.connector.url, 'team'));
  h.connector.clear();
  await h.post(channelMessage(h.connector.url, command, { mention: true }));
  const sent = [...h.connector.activities];
  h.connector.clear();
  return sent;
}

/** `daily now` by Ana in the channel; returns the prompt post, the stored post record, and the notice. */
async function postNow(channelId = CHANNEL_ID): Promise<{ prompt: RecordedActivity; post: DailyPost; notice: RecordedActivity }> {
  await h.post(channelMessage(h.connector.url, 'daily now', { mention: true, channelId }));
  const [prompt, notice] = h.connector.activities;
  const post = (await h.core.daily.getPost(TK, '2026-03-06'))!;
  h.connector.clear();
  return { prompt: prompt!, post, notice: notice! };
}

describe('daily admin commands in Teams', () => {
  it('an admin sets the prompt with `daily set here` in the channel: stored, confirmed, the channel reference kept', async () => {
    const [confirm] = await installAndSet();
    const settings = await h.core.daily.getSettings(TK);
    expect(settings).toEqual(
      expect.objectContaining<Partial<DailySettings>>({
        teamKey: TK,
        channelId: CHANNEL_ID,
        time: '09:30',
        timeZone: 'Asia/Seoul',
        days: 'weekdays',
        enabled: true,
        setBy: personKey(ana),
      }),
    );
    expect(confirm!.conversationId).toBe(CHANNEL_ID);
    const text = cardText(cardOf(confirm!));
    expect(text).toContain('Daily prompt');
    expect(text).toContain(`Daily prompt set: ${CHANNEL_ID} at 09:30 (Asia/Seoul), on weekdays, in English. Next post: 2026-03-06 09:30.`);
    expect(await h.core.store.getDoc(`teams:ref:channel:${CHANNEL_ID}`)).toEqual(
      expect.objectContaining({ conversationId: CHANNEL_ID, conversationType: 'channel', teamId: TEAM_ID, serviceUrl: h.connector.url }),
    );

    // `daily` shows it to anyone; `daily off` by the admin keeps the setting but turns it off.
    await h.post(channelMessage(h.connector.url, 'daily', { mention: true, from: BEN }));
    expect(cardText(cardOf(only(h.connector.activities)))).toMatch(/Daily prompt: .* it is on\./);
    h.connector.clear();
    await h.post(channelMessage(h.connector.url, 'daily off', { mention: true }));
    expect(only(h.connector.activities).body.text).toMatch(/^Daily prompt turned off/);
    expect((await h.core.daily.getSettings(TK))?.enabled).toBe(false);
  });

  it('a non-admin is refused clearly and nothing changes', async () => {
    await h.post(channelMessage(h.connector.url, 'daily set here 10:00 Asia/Seoul everyday', { mention: true, from: BEN }));
    const refusal = only(h.connector.activities);
    expect(refusal.conversationId).toBe(CHANNEL_ID);
    expect(refusal.body.text).toMatch(/Nothing was changed\./);
    expect(refusal.body.text).toContain('In Teams, the admins are the people whose ids are listed in FDE_ADMINS.');
    expect(await h.core.daily.getSettings(TK)).toBeUndefined();
    expect(await h.core.store.listDocs('teams:ref:channel:')).toEqual([]);

    await installAndSet();
    for (const cmd of ['daily off', 'daily now', 'daily set here 18:00 Europe/London']) {
      await h.post(channelMessage(h.connector.url, cmd, { mention: true, from: BEN }));
      expect(only(h.connector.activities).body.text).toMatch(/Nothing was changed/);
      h.connector.clear();
    }
    expect(await h.core.daily.getSettings(TK)).toEqual(expect.objectContaining({ time: '09:30', enabled: true, timeZone: 'Asia/Seoul' }));
    expect(await h.core.daily.getPost(TK, '2026-03-06')).toBeUndefined();
  });

  it('`stats` shows grading usage to admins only', async () => {
    await h.post(personalMessage(h.connector.url, 'stats'));
    const texts = h.connector.activities.map((x) => JSON.stringify(x.body));
    expect(texts.some((t) => t.includes('Grading usage (admins): 0 gradings'))).toBe(true);
    h.connector.clear();
    await h.post(personalMessage(h.connector.url, 'stats', {}, BEN));
    expect(h.connector.activities.length).toBeGreaterThan(0);
    expect(h.connector.activities.map((x) => JSON.stringify(x.body)).some((t) => t.includes('Grading usage'))).toBe(false);
  });

  it('Teams advice is added where the core speaks of #channel; a channel the bot cannot reach is flagged', async () => {
    await h.post(personalMessage(h.connector.url, 'daily set here 09:30 Asia/Seoul'));
    const bad = only(h.connector.activities).body.text!;
    expect(bad).toMatch(/^"here" is not a channel/);
    expect(bad).toContain('`@FDE Coach daily set here 09:30 Asia/Seoul weekdays`');
    h.connector.clear();

    // From personal chat, by id, a channel of a team the app was never added to.
    await h.post(personalMessage(h.connector.url, 'daily set 19:elsewhere@thread.tacv2 09:30 Asia/Seoul'));
    const [confirm, hint] = h.connector.activities;
    expect(cardText(cardOf(confirm!))).toContain('Daily prompt set: 19:elsewhere@thread.tacv2');
    expect(hint!.body.text).toMatch(/I cannot post in 19:elsewhere@thread\.tacv2 yet/);
    h.connector.clear();

    // `daily now` then fails with the reason, and nothing is posted.
    await h.post(personalMessage(h.connector.url, 'daily now'));
    expect(only(h.connector.activities).body.text).toMatch(/^Posting today's prompt failed \(FDE Coach has no stored conversation for channel 19:elsewhere/);
    expect(await h.core.daily.getPost(TK, '2026-03-06')).toEqual(expect.objectContaining({ status: 'failed' }));
  });
});

describe('the daily prompt in a Teams channel', () => {
  it('dailyPublisher.post posts the prompt card proactively to the channel reference stored on install', async () => {
    await h.post(botAdded(h.connector.url, 'team'));
    // Set from personal chat by channel id: only the installation's reference names the channel.
    await h.post(personalMessage(h.connector.url, `daily set ${CHANNEL_ID} 09:30 Asia/Seoul`));
    expect(await h.core.store.listDocs('teams:ref:channel:')).toEqual([]);
    h.connector.clear();

    const outcome = await h.core.daily.postToday(TK, h.server.dailyPublisher, { trigger: 'now' });
    expect(outcome.status).toBe('posted');
    const sent = only(h.connector.activities);
    expect(sent).toEqual(expect.objectContaining({ method: 'POST', conversationId: CHANNEL_ID, replyToId: undefined }));
    expect(sent.body.replyToId).toBeUndefined();
    const card = cardOf(sent);
    expect(card.version).toBe('1.5');
    const post = (await h.core.daily.getPost(TK, '2026-03-06'))!;
    const scenario = h.core.library.scenario(post.scenarioId)!;
    expect(scenario.category).toBe('tradeoffs');
    const text = cardText(card);
    expect(text).toContain('Daily tradeoff prompt · 2026-03-06');
    expect(text).toContain(scenario.title.en);
    expect(text).toContain(scenario.situation.en);
    expect(text).toContain('Answer in this thread, or press "Answer privately".');
    expect(card.body.some((e) => e.type === 'Input.Text' && e.id === 'answer')).toBe(true);
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: 'Answer privately', data: { action: 'daily-answer', day: '2026-03-06' }, style: 'positive' }]);
    // The core's record names the post with plain ids: the channel and the message (= the thread).
    expect(post).toEqual(expect.objectContaining({ status: 'posted', channelId: CHANNEL_ID, message: { conversationId: CHANNEL_ID, activityId: sent.id } }));
    expect(JSON.parse(JSON.stringify(post.message))).toEqual(post.message);
  });

  it('`daily now` in the channel posts once; a connector failure is reported and the next `daily now` posts', async () => {
    await installAndSet();
    h.connector.failNext.push(503);
    await h.post(channelMessage(h.connector.url, 'daily now', { mention: true }));
    expect(only(h.connector.activities).body.text).toMatch(/^Posting today's prompt failed/);
    expect((await h.core.daily.getPost(TK, '2026-03-06'))?.status).toBe('failed');
    h.connector.clear();

    const { prompt, post, notice } = await postNow();
    expect(prompt.conversationId).toBe(CHANNEL_ID);
    expect(prompt.replyToId).toBeUndefined();
    expect(notice.body.text).toBe(`Posted today's prompt (2026-03-06) in ${CHANNEL_ID}.`);
    expect(post).toEqual(expect.objectContaining({ status: 'posted', attempts: 2, message: { conversationId: CHANNEL_ID, activityId: prompt.id } }));

    await h.post(channelMessage(h.connector.url, 'daily now', { mention: true }));
    expect(only(h.connector.activities).body.text).toMatch(/already posted/);
  });

  it('`daily set here` works in any channel of the team: the prompt goes to that channel', async () => {
    await h.post(botAdded(h.connector.url, 'team')); // installed in General
    await h.post(channelMessage(h.connector.url, 'daily set here 09:30 Asia/Seoul everyday', { mention: true, channelId: OTHER_CHANNEL }));
    expect((await h.core.daily.getSettings(TK))?.channelId).toBe(OTHER_CHANNEL);
    h.connector.clear();
    const { prompt, post } = await postNow(OTHER_CHANNEL);
    expect(prompt.conversationId).toBe(OTHER_CHANNEL);
    expect(post.message).toEqual({ conversationId: OTHER_CHANNEL, activityId: prompt.id });

    // Removing the app from the team stops posts there.
    await h.post({
      ...botAdded(h.connector.url, 'team'),
      membersAdded: undefined,
      membersRemoved: [{ id: BOT.id }],
      channelData: { team: { id: TEAM_ID }, eventType: 'teamMemberRemoved', tenant: { id: TENANT } },
    });
    clock.set('2026-03-07T01:00:00Z');
    const outcome = await h.core.daily.postToday(TK, h.server.dailyPublisher, { trigger: 'now' });
    expect(outcome).toEqual(expect.objectContaining({ status: 'failed', reason: expect.stringMatching(/removed from the team/) }));
  });

  it('a thread reply is graded once through core.daily: receipt in the thread, feedback in personal chat, no score in the channel', async () => {
    await installAndSet();
    const { prompt, post } = await postNow();
    const answer = strongAnswer(post.scenarioId);

    // A short aside in the thread is conversation, not an answer.
    await h.post(channelMessage(h.connector.url, 'Nice one, hard question!', { threadRoot: prompt.id, from: BEN }));
    expect(h.connector.activities).toEqual([]);
    expect(h.grader.calls).toHaveLength(0);

    await h.post(channelMessage(h.connector.url, answer, { threadRoot: prompt.id, from: BEN }));
    expect(h.grader.calls).toHaveLength(1);
    expect(h.grader.calls[0]!.answer).toBe(answer);
    // Recorded by the daily service for this post.
    expect(await h.core.daily.answerRecord(ben, '2026-03-06')).toEqual(expect.objectContaining({ status: 'graded', userKey: personKey(ben) }));
    expect((await h.core.daily.getPost(TK, '2026-03-06'))!.answers).toEqual([personKey(ben)]);
    const user = (await h.core.store.getUser(personKey(ben)))!;
    expect(user.history[0]).toEqual(expect.objectContaining({ scenarioId: post.scenarioId, source: 'daily' }));
    expect(user.streak).toEqual(expect.objectContaining({ count: 1, lastDay: '2026-03-06' }));

    const inChannel = h.connector.in(CHANNEL_ID, { thread: true });
    const receipt = only(inChannel);
    expect(receipt.conversationId).toBe(`${CHANNEL_ID};messageid=${prompt.id}`);
    expect(receipt.body.text).toBe('Received, Ben Park. Feedback sent privately, to your personal chat with me.');
    for (const a of inChannel) expect(JSON.stringify(a.body)).not.toMatch(SCORE);

    const chat = only(h.connector.conversations);
    expect(chat.body.members).toEqual([expect.objectContaining({ id: BEN.id })]);
    const privately = h.connector.in(chat.id);
    const [feedback, summary, streak] = privately;
    expect(cardText(cardOf(feedback!))).toMatch(/Overall: \d\.\d\/5/);
    expect(cardText(cardOf(feedback!))).toContain(h.core.library.scenario(post.scenarioId)!.title.en);
    expect(cardText(cardOf(summary!))).toMatch(/\+\d+ points/);
    expect(streak!.body.text).toBe('Daily streak: 1 in a row (best 1).');

    // A second answer: not graded, told privately; the channel hears nothing.
    h.connector.clear();
    await h.post(channelMessage(h.connector.url, `${answer} And I would measure it weekly.`, { threadRoot: prompt.id, from: BEN }));
    expect(h.grader.calls).toHaveLength(1);
    expect(h.connector.in(CHANNEL_ID, { thread: true })).toEqual([]);
    const note = only(h.connector.activities);
    expect(note.conversationId).toBe(chat.id);
    expect(note.body.text).toMatch(/^You already answered this prompt, and only the first answer is graded/);
    expect((await h.core.store.getUser(personKey(ben)))!.answered).toBe(1);
  });

  it('"Answer privately" from the card is graded with nothing in the channel', async () => {
    await installAndSet();
    const { prompt, post } = await postNow();
    const answer = strongAnswer(post.scenarioId);
    await h.post(
      channelMessage(h.connector.url, '', { threadRoot: prompt.id, from: BEN, value: { action: 'daily-answer', day: '2026-03-06', answer } }),
    );
    expect(h.grader.calls.map((c) => c.answer)).toEqual([answer]);
    expect(h.connector.in(CHANNEL_ID, { thread: true })).toEqual([]);
    const chat = only(h.connector.conversations);
    const [received, feedback] = h.connector.in(chat.id);
    expect(received!.body.text).toBe('Received your answer to the daily prompt. Grading it now…');
    expect(cardText(cardOf(feedback!))).toMatch(/Overall: \d\.\d\/5/);
    expect(await h.core.daily.answerRecord(ben, '2026-03-06')).toEqual(expect.objectContaining({ status: 'graded' }));
  });

  it('a failed grading keeps the answer; Retry on the private card grades it through core.daily.retryDaily', async () => {
    await installAndSet();
    const { prompt, post } = await postNow();
    const answer = strongAnswer(post.scenarioId);
    h.grader.failures.push(Object.assign(new Error('upstream 500'), { code: 'UPSTREAM' }));
    await h.post(channelMessage(h.connector.url, answer, { threadRoot: prompt.id, from: BEN }));
    const chat = only(h.connector.conversations);
    const failed = cardOf(only(h.connector.in(chat.id)));
    expect(cardText(failed)).toMatch(/^Grading failed \(UPSTREAM\)\. Your answer to the daily prompt is saved/);
    expect(failed.actions?.map((a) => a.data)).toEqual([{ action: 'daily-retry' }]);
    expect(await h.core.daily.answerRecord(ben, '2026-03-06')).toEqual(expect.objectContaining({ status: 'failed', text: answer }));
    for (const a of h.connector.in(CHANNEL_ID, { thread: true })) expect(JSON.stringify(a.body)).not.toMatch(SCORE);

    h.connector.clear();
    await h.post(cardSubmit(h.connector.url, { action: 'daily-retry' }, BEN));
    expect(h.grader.calls.map((c) => c.answer)).toEqual([answer, answer]);
    const [placeholder, update] = h.connector.activities;
    expect(placeholder!.body.text).toBe('Grading your answer…');
    expect(update!.method).toBe('PUT');
    expect(cardText(cardOf(update!))).toMatch(/Overall: \d\.\d\/5/);
    expect(await h.core.daily.answerRecord(ben, '2026-03-06')).toEqual(expect.objectContaining({ status: 'graded' }));

    // Nothing left: a second press says so.
    h.connector.clear();
    await h.post(cardSubmit(h.connector.url, { action: 'daily-retry' }, BEN));
    expect(only(h.connector.activities).body.text).toBe('There is no daily answer waiting to be graded.');
  });

  it('the next prompt: recap in the previous thread (counts and key points, no scores), the weekly board, then the new post', async () => {
    await installAndSet();
    const { prompt: friday, post } = await postNow();
    await h.post(channelMessage(h.connector.url, strongAnswer(post.scenarioId), { threadRoot: friday.id, from: BEN }));
    h.connector.clear();

    // Monday 09:31 in Seoul: the scheduler main.ts runs posts through the Teams publisher.
    clock.set('2026-03-09T00:31:00Z');
    const scheduler = createDailyScheduler({ daily: h.core.daily, publisherFor: () => h.server.dailyPublisher, clock });
    const [result] = await scheduler.tick();
    expect(result).toEqual(expect.objectContaining({ teamKey: TK, reason: 'posted' }));

    const [recap, board, monday, ...rest] = h.connector.activities;
    expect(rest).toEqual([]);
    expect(recap!.conversationId).toBe(`${CHANNEL_ID};messageid=${friday.id}`);
    const recapText = cardText(cardOf(recap!));
    const scenario = h.core.library.scenario(post.scenarioId)!;
    expect(recapText).toContain(`Recap of 2026-03-06 · "${scenario.title.en}": 1 person answered.`);
    expect(recapText).toContain('Strong answers covered:');
    for (const k of scenario.keyPoints) expect(recapText).toContain(k.text.en);
    expect(recapText).not.toMatch(SCORE);
    expect(recapText).not.toContain('Ben');

    expect(board!.conversationId).toBe(CHANNEL_ID);
    const boardText = cardText(cardOf(board!));
    expect(boardText).toContain('Leaderboard · last week');
    expect(boardText).toMatch(/1\\\. Ben Park\n\d+ points/);

    expect(monday!.conversationId).toBe(CHANNEL_ID);
    expect(monday!.replyToId).toBeUndefined();
    expect(cardText(cardOf(monday!))).toContain('2026-03-09');
    expect((await h.core.daily.getPost(TK, '2026-03-06'))!.recappedAt).toEqual(expect.any(Number));
    expect((await h.core.daily.getPost(TK, '2026-03-09'))!.message).toEqual({ conversationId: CHANNEL_ID, activityId: monday!.id });

    // The same tick again posts nothing twice.
    h.connector.clear();
    await scheduler.tick();
    expect(h.connector.activities).toEqual([]);
  });

  it('posts in the team language: `daily set here ... ko` gives a Korean prompt card', async () => {
    await installAndSet('daily set here 09:30 Asia/Seoul weekdays ko');
    const { prompt, post } = await postNow();
    const text = cardText(cardOf(prompt));
    expect(text).toContain('오늘의 트레이드오프 질문 · 2026-03-06');
    expect(text).toContain(h.core.library.scenario(post.scenarioId)!.title.ko);
    expect(cardOf(prompt).actions?.[0]?.title).toBe('비공개로 답하기');
  });

  it('stats shows the progress card with the daily streak and rank', async () => {
    await installAndSet();
    const { prompt, post } = await postNow();
    await h.post(channelMessage(h.connector.url, strongAnswer(post.scenarioId), { threadRoot: prompt.id, from: BEN }));
    h.connector.clear();
    await h.post(personalMessage(h.connector.url, 'stats', {}, BEN));
    const text = cardText(cardOf(only(h.connector.activities)));
    expect(text).toMatch(/Your progress[\s\S]*Answered\n1/);
    expect(text).toContain('Daily streak\n1 current (best 1)');
    expect(text).toContain('Rank\n#1 this week · #1 all time');
    expect(text).toMatch(/Recent answers\n[\s\S]*\d\.\d\/5 · .* · daily · \+\d+/);
  });
});
