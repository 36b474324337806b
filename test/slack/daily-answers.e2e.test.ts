/**
 * Answers to the daily prompt over HTTP: a reply in the prompt's thread (message.channels) or the
 * "Answer privately" modal (block_actions -> views.open -> view_submission). Each is graded
 * privately: feedback in the person's DM ("grading..." updated in place), a reaction on the
 * thread reply as receipt, nothing scored in the channel; one graded answer per person; retried
 * events graded once; a failed grading kept with Retry.
 */
import { FAKE_TEAM, type SlackCall } from '../support/fake-slack';
import { dmChannelOf, slackEscape, threadReply } from '../support/slack-payloads';
import { blockText, buttonsIn, GOOD_ANSWER, keyOf, startHarness, TestClock, waitForPosts, waitForResponses, waitForUpdates, type Harness } from './harness';

const TEAM_KEY = `slack:${FAKE_TEAM}`;
const CHANNEL = 'C0ANSWER1';
const ADMIN = 'U0ANSADM1';
const DAY = '2026-03-05';

let h: Harness;
let promptTs: string;
const clock = new TestClock(Date.parse('2026-03-05T15:00:00Z')); // Thursday 10:00 in New York

beforeAll(async () => {
  h = await startHarness({ overrides: { clock }, env: { FDE_ADMINS: ADMIN } });
  await h.command(`daily set <#${CHANNEL}|fde-practice> 09:00 America/New_York weekdays`, { user_id: ADMIN, channel_id: CHANNEL, response_url: h.fake.responseUrl('Rset') });
  await waitForResponses(h.fake, 'Rset');
  await h.command('daily now', { user_id: ADMIN, channel_id: CHANNEL, response_url: h.fake.responseUrl('Rnow') });
  await waitForResponses(h.fake, 'Rnow');
  promptTs = h.fake.messages(CHANNEL)[0]!.ts;
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  h.grader.failures = [];
});

/** Everything the app sent into the daily channel (posts, thread replies, ephemerals, updates). */
const channelTraffic = () =>
  h.fake.calls().filter((c: SlackCall) => c.args.channel === CHANNEL && ['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(c.method));
const dmPosts = (user: string) => h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dmChannelOf(user));
const dmText = (user: string) =>
  h.fake
    .messages(dmChannelOf(user))
    .map((m) => blockText(m.blocks))
    .join('\n');
const reactionsOn = (ts: string) => h.fake.reactions().filter((r) => r.channel === CHANNEL && r.timestamp === ts);

test('a thread answer: a reaction on the reply, "grading..." in the DM updated in place with the feedback, nothing scored in the channel', async () => {
  const user = 'U0THREAD1';
  const dm = dmChannelOf(user);
  const event = threadReply(slackEscape(GOOD_ANSWER), promptTs, { user, channel: CHANNEL });
  const r = await h.event(event);
  expect(r.status).toBe(200);

  const [update] = await waitForUpdates(h.fake, dm, 1);
  const posts = await waitForPosts(h.fake, dm, 2);
  expect(String(posts[0]!.args.text)).toContain(`Got your answer to the daily prompt of ${DAY}. Grading it…`);
  expect(update!.args.ts).toBe(posts[0]!.response!.ts);
  const post = (await h.core.daily.getPost(TEAM_KEY, DAY))!;
  const scenario = h.core.library.scenario(post.scenarioId)!;
  const feedback = blockText(update!.args.blocks);
  expect(feedback).toContain(`Feedback: ${scenario.title.en}`);
  expect(feedback).toMatch(/\*Overall: \d\.\d\/5\*/);
  expect(blockText(posts[1]!.args.blocks)).toContain('Daily streak: 1 in a row (best 1).');

  expect(reactionsOn(event.event.ts)).toEqual([{ channel: CHANNEL, timestamp: event.event.ts, name: 'white_check_mark' }]);
  // The channel holds the prompt and nothing else: no score, no reply in the thread, no ephemeral.
  expect(channelTraffic()).toHaveLength(1);
  expect(h.fake.messages(CHANNEL).map((m) => m.ts)).toEqual([promptTs]);

  expect(await h.core.daily.answerRecord({ platform: 'slack', teamId: FAKE_TEAM, userId: user }, DAY)).toMatchObject({ status: 'graded' });
  const stored = (await h.core.store.getUser(keyOf(user)))!;
  expect(stored.history[0]).toMatchObject({ source: 'daily', scenarioId: scenario.id });
  expect(stored.streak).toMatchObject({ count: 1, lastDay: DAY });
  expect((await h.core.daily.getPost(TEAM_KEY, DAY))!.answers).toContain(keyOf(user));
});

test('a second answer from the same person gets a private note in the DM, is not graded and gets no reaction', async () => {
  const user = 'U0THREAD1';
  const calls = h.grader.gradeCalls.length;
  const before = dmPosts(user).length;
  const second = threadReply(slackEscape('Actually I would also add a rollback plan and tell the CIO about the risk today, in writing.'), promptTs, { user, channel: CHANNEL });
  await h.event(second);
  const [note] = (await waitForPosts(h.fake, dmChannelOf(user), before + 1)).slice(before);
  expect(blockText(note!.args.blocks)).toContain('You already answered this prompt, and only the first answer is graded, so this one was not graded.');
  expect(h.grader.gradeCalls.length).toBe(calls);
  expect(reactionsOn(second.event.ts)).toEqual([]);
  expect(channelTraffic()).toHaveLength(1);
});

test('a retried event (x-slack-retry-num, same event_id) is graded once', async () => {
  const user = 'U0THREAD2';
  const calls = h.grader.gradeCalls.length;
  const release = h.grader.hold();
  const event = threadReply(slackEscape(GOOD_ANSWER), promptTs, { user, channel: CHANNEL });
  await h.event(event);
  await waitForPosts(h.fake, dmChannelOf(user), 1); // "grading..." while the grader holds
  await h.event(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
  await h.event(event, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
  release();
  await waitForUpdates(h.fake, dmChannelOf(user), 1);
  // A later event from the same person is handled after the retries: they were dropped, not queued.
  await h.dm('stats', { user });
  const posts = await waitForPosts(h.fake, dmChannelOf(user), 3);
  expect(h.grader.gradeCalls.length - calls).toBe(1);
  expect(posts.map((p) => blockText(p.args.blocks).split('\n')[0])).toEqual([
    expect.stringContaining('Grading it…'),
    expect.stringContaining('Session complete'), // the summary, with the streak
    'Your progress',
  ]);
  expect(reactionsOn(event.event.ts)).toHaveLength(1);
  expect(h.logLines.some((l) => l.includes('duplicate event ignored') && l.includes(event.event_id))).toBe(true);
});

test('short chatter in the thread and replies in other threads are not answers', async () => {
  const user = 'U0THREAD3';
  const chatter = threadReply('nice one!', promptTs, { user, channel: CHANNEL });
  const elsewhere = threadReply(slackEscape(GOOD_ANSWER), '1690000000.000100', { user, channel: CHANNEL });
  const someonesThread = threadReply(slackEscape(GOOD_ANSWER), promptTs, { user, channel: CHANNEL, parent_user_id: 'U0SOMEONE' });
  await h.event(chatter);
  await h.event(elsewhere);
  await h.event(someonesThread);
  const answer = threadReply(slackEscape(GOOD_ANSWER), promptTs, { user, channel: CHANNEL });
  await h.event(answer);
  await waitForUpdates(h.fake, dmChannelOf(user), 1);
  expect(h.fake.reactions().filter((r) => [chatter.event.ts, elsewhere.event.ts, someonesThread.event.ts].includes(r.timestamp))).toEqual([]);
  expect(reactionsOn(answer.event.ts)).toHaveLength(1);
  expect(dmText(user)).not.toContain('not graded');
  expect(h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dmChannelOf(user) && /Grading it/.test(String(c.args.text)))).toHaveLength(1);
});

test('a short reply that mentions the app counts as an answer (the mention is not graded)', async () => {
  const user = 'U0THREAD4';
  const event = threadReply('<@U0FDEBOT1> harden the pilot first', promptTs, { user, channel: CHANNEL });
  const calls = h.grader.gradeCalls.length;
  await h.event(event);
  await waitForUpdates(h.fake, dmChannelOf(user), 1);
  expect(h.grader.gradeCalls.length - calls).toBe(1);
  expect(h.grader.gradeCalls.at(-1)!.answer).toBe('harden the pilot first');
});

describe('the "Answer privately" modal', () => {
  const user = 'U0MODAL01';
  const promptMessage = () => {
    const m = h.fake.messages(CHANNEL).find((x) => x.ts === promptTs)!;
    return { ts: m.ts, text: m.text, blocks: m.blocks };
  };
  const opened = () => h.fake.calls('views.open');

  test('the button opens a modal with the scenario and one input; a submission is acked and graded to the DM', async () => {
    const r = await h.click({ actionId: 'fde_daily_answer', value: DAY, user, channel: CHANNEL, message: promptMessage() });
    expect(r.status).toBe(200);
    await h.fake.waitFor(() => opened().length === 1);
    const { view, trigger_id } = opened()[0]!.args as { view: Record<string, unknown> & { blocks: unknown[] }; trigger_id: string };
    expect(trigger_id).toBeTruthy();
    expect(view).toMatchObject({ type: 'modal', callback_id: 'fde_daily_answer_modal', title: { type: 'plain_text', text: 'Daily prompt' } });
    const post = (await h.core.daily.getPost(TEAM_KEY, DAY))!;
    expect(blockText(view.blocks)).toContain(h.core.library.scenario(post.scenarioId)!.title.en);
    const input = view.blocks.find((b) => (b as { type: string }).type === 'input') as { block_id: string; element: { type: string; action_id: string; multiline: boolean } };
    expect(input.element).toMatchObject({ type: 'plain_text_input', multiline: true });

    const empty = await h.submit({ callbackId: 'fde_daily_answer_modal', user, privateMetadata: String(view.private_metadata), values: { [input.block_id]: { [input.element.action_id]: { type: 'plain_text_input', value: '   ' } } } });
    expect(JSON.parse(empty.body)).toEqual({ response_action: 'errors', errors: { [input.block_id]: 'Type your answer first.' } });

    const sub = await h.submit({
      callbackId: 'fde_daily_answer_modal',
      user,
      privateMetadata: String(view.private_metadata),
      values: { [input.block_id]: { [input.element.action_id]: { type: 'plain_text_input', value: GOOD_ANSWER } } },
    });
    expect(sub.status).toBe(200);
    expect(sub.body).toBe(''); // acked: the modal closes
    const [update] = await waitForUpdates(h.fake, dmChannelOf(user), 1);
    expect(blockText(update!.args.blocks)).toMatch(/\*Overall: \d\.\d\/5\*/);
    expect(await h.core.daily.answerRecord({ platform: 'slack', teamId: FAKE_TEAM, userId: user }, DAY)).toMatchObject({ status: 'graded' });
    expect(channelTraffic()).toHaveLength(1);
  });

  test('pressed again after answering, the modal says so and offers no input', async () => {
    await h.click({ actionId: 'fde_daily_answer', value: DAY, user, channel: CHANNEL, message: promptMessage() });
    await h.fake.waitFor(() => opened().length === 2);
    const view = opened()[1]!.args.view as { submit?: unknown; blocks: unknown[] };
    expect(view.submit).toBeUndefined();
    expect(blockText(view.blocks)).toContain('You already answered this prompt');
  });
});

test('a failed grading keeps the answer with Retry in the DM; Retry grades it in place', async () => {
  const user = 'U0RETRY01';
  const dm = dmChannelOf(user);
  h.grader.failures = [Object.assign(new Error('model unreachable'), { code: 'ECONNREFUSED' })];
  await h.thread(slackEscape(GOOD_ANSWER), promptTs, { user, channel: CHANNEL });
  const [failed] = await waitForUpdates(h.fake, dm, 1);
  expect(blockText(failed!.args.blocks)).toContain('Grading failed (ECONNREFUSED). Your answer to the daily prompt is saved');
  expect(buttonsIn(failed!.args.blocks)).toEqual([{ action_id: 'fde_daily_retry', value: '', text: 'Retry grading' }]);
  const record = await h.core.daily.answerRecord({ platform: 'slack', teamId: FAKE_TEAM, userId: user }, DAY);
  expect(record).toMatchObject({ status: 'failed', text: GOOD_ANSWER });

  const ts = String(failed!.args.ts);
  await h.click({ actionId: 'fde_daily_retry', value: '', user, channel: dm, message: { ts, text: String(failed!.args.text), blocks: failed!.args.blocks as unknown[] } });
  const updates = await waitForUpdates(h.fake, dm, 3);
  expect(updates.map((u) => u.args.ts)).toEqual([ts, ts, ts]);
  expect(blockText(updates[1]!.args.blocks)).toContain('Grading your daily answer again…');
  expect(blockText(updates[2]!.args.blocks)).toMatch(/\*Overall: \d\.\d\/5\*/);
  expect(await h.core.daily.answerRecord({ platform: 'slack', teamId: FAKE_TEAM, userId: user }, DAY)).toMatchObject({ status: 'graded' });
  expect(channelTraffic()).toHaveLength(1);
});
