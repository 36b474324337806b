/**
 * Answers in the DM (message.im events) over HTTP: "grading..." updated in place with the
 * feedback, retried events graded once, mentions inert, grader failures kept and retried.
 */
import { FAKE_BOT_USER } from '../support/fake-slack';
import { dmChannelOf, messageIm, slackEscape } from '../support/slack-payloads';
import { blockText, buttonsIn, GOOD_ANSWER, isRetirement, keyOf, startHarness, waitForPosts, waitForUpdates, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  h.grader.failures = [];
  h.grader.transform = undefined;
  h.grader.probes = 'never';
});

/** Starts a session on the board-demo tradeoffs scenario (first easy tradeoffs one) and waits for it. */
async function startSession(user: string): Promise<string> {
  const dm = dmChannelOf(user);
  await h.command('practice tradeoffs easy', { user_id: user, channel_id: dm });
  await waitForPosts(h.fake, dm, 1);
  return dm;
}

const gradingPosts = (dm: string) =>
  h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dm && /Grading your answer|채점하고/.test(String(c.args.text)));

test('an answer: "grading..." appears, is updated in place with the feedback, then the summary follows', async () => {
  const user = 'U0ANS0001';
  const dm = await startSession(user);
  const scenarioId = (await h.core.store.getSession(keyOf(user)))!.scenarioId;
  const r = await h.dm(slackEscape(GOOD_ANSWER), { user });
  expect(r.status).toBe(200);

  const [update] = await waitForUpdates(h.fake, dm, 1);
  const posts = await waitForPosts(h.fake, dm, 3);
  const placeholder = posts[1]!;
  expect(String(placeholder.args.text)).toContain('Grading your answer');
  expect(update!.args.ts).toBe(placeholder.response!.ts);

  const text = blockText(update!.args.blocks);
  const scenario = h.core.library.scenario(scenarioId)!;
  expect(text).toContain(`Feedback: ${scenario.title.en}`);
  expect(text).toMatch(/\*Overall: \d\.\d\/5\*/);
  for (const id of scenario.criteria) {
    const name = h.core.library.criterion(id).name.en;
    expect(text).toMatch(new RegExp(`\\*${name}\\*  [●○]{5}  \\*[1-5]/5\\*`));
  }
  expect(text).toContain('> “I would spend most of the week on request logging');
  expect(text).toContain('*A strong answer adds:*');
  expect(text).toContain('*Next step:*');

  const summary = posts[2]!;
  expect(blockText(summary.args.blocks)).toContain('Session complete');
  expect(buttonsIn(summary.args.blocks).map((b) => b.action_id)).toEqual(expect.arrayContaining(['fde_start_same', 'fde_start_any']));

  const stored = await h.core.store.getUser(keyOf(user));
  expect(stored!.answered).toBe(1);
  expect(stored!.displayName).toBe(`Display ${user}`);
  expect(await h.core.store.getSession(keyOf(user))).toBeUndefined();
});

test('a retried event (x-slack-retry-num) is graded once, even while the first delivery is still grading', async () => {
  const user = 'U0ANS0002';
  const dm = await startSession(user);
  const before = h.grader.gradeCalls.length;
  const release = h.grader.hold();
  const event = messageIm(slackEscape(GOOD_ANSWER), { user });
  const first = await h.event(event);
  await waitForPosts(h.fake, dm, 2); // "grading..." while the grader holds
  const retry1 = await h.event(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
  const retry2 = await h.event(event, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
  expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
  release();
  await waitForPosts(h.fake, dm, 3); // summary
  // A later message from the same person is handled, and is the only new work.
  await h.dm('stats', { user });
  await waitForPosts(h.fake, dm, 4);
  expect(h.grader.gradeCalls.length - before).toBe(1);
  // Exactly: scenario, grading... (updated to feedback), summary, the stats reply; no "not graded" notice.
  const posts = h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dm);
  expect(posts.map((p) => blockText(p.args.blocks).split('\n')[0])).toEqual([
    expect.any(String),
    ':hourglass_flowing_sand: Grading your answer…',
    expect.stringContaining('Session complete'),
    'Your progress',
  ]);
  expect(gradingPosts(dm)).toHaveLength(1);
  expect(h.fake.calls('chat.update').filter((c) => c.args.channel === dm && !isRetirement(c))).toHaveLength(1);
  expect((await h.core.store.getUser(keyOf(user)))!.answered).toBe(1);
  expect(h.logLines.some((l) => l.includes('duplicate event ignored') && l.includes(event.event_id))).toBe(true);
});

test('a retried event is not taken as the reply to the follow-up it caused', async () => {
  const user = 'U0ANS0010';
  const dm = await startSession(user);
  h.grader.probes = 'once';
  const event = messageIm(slackEscape(GOOD_ANSWER), { user });
  await h.event(event);
  await waitForPosts(h.fake, dm, 2); // the follow-up probe
  await h.event(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
  await h.dm('stats', { user });
  const posts = await waitForPosts(h.fake, dm, 3);
  expect(blockText(posts[2]!.args.blocks)).toContain('Your progress');
  const session = await h.core.store.getSession(keyOf(user));
  expect(session!.phase).toBe('awaiting-follow-up');
  expect(session!.followUps).toEqual([{ probe: h.grader.probeText }]);
});

test('<!channel>, <!here> and <@U...> in an answer stay inert in everything posted', async () => {
  const user = 'U0ANS0003';
  const dm = await startSession(user);
  // The grader quotes the mention line (as a model might) and repeats it in its feedback.
  h.grader.transform = (r, req) => {
    const line = req.answer.split('\n')[0]!;
    return { ...r, summary: `${r.summary} ${line}`, criteria: r.criteria.map((c, i) => (i === 0 ? { ...c, evidence: [line, ...c.evidence], feedback: `You wrote: ${line}` } : c)) };
  };
  // As Slack delivers it: typed mentions arrive as <!channel>/<@U...>, typed brackets as &lt;...&gt;.
  const typed = `Heads up <!channel> <!here> <@U0OTHER01> and &lt;!everyone&gt; &amp; friends.\n${slackEscape(GOOD_ANSWER)}`;
  await h.dm(typed, { user });
  const [update] = await waitForUpdates(h.fake, dm, 1);
  await waitForPosts(h.fake, dm, 3);

  const out = JSON.stringify(h.fake.calls().filter((c) => c.args.channel === dm && c.method.startsWith('chat.')).map((c) => c.args));
  for (const raw of ['<!channel>', '<!here>', '<@U0OTHER01>', '<!everyone>']) expect(out).not.toContain(raw);
  const text = blockText(update!.args.blocks);
  expect(text).toContain('Heads up &lt;!channel&gt; &lt;!here&gt; &lt;@U0OTHER01&gt; and &lt;!everyone&gt; &amp; friends.');
  // The grader saw what the person typed, unescaped once.
  expect(h.grader.gradeCalls.at(-1)!.answer).toContain('Heads up <!channel> <!here> <@U0OTHER01> and <!everyone> & friends.');
});

test('a grader failure tells the person, keeps the answer, and Retry grades it on click', async () => {
  const user = 'U0ANS0004';
  const dm = await startSession(user);
  h.grader.failures = [Object.assign(new Error('upstream returned 503'), { code: 'UPSTREAM_503' })];
  const before = h.grader.gradeCalls.length;
  await h.dm(slackEscape(GOOD_ANSWER), { user });

  const [failed] = await waitForUpdates(h.fake, dm, 1);
  const placeholderTs = failed!.args.ts as string;
  const failedText = blockText(failed!.args.blocks);
  expect(failedText).toContain('Grading failed (UPSTREAM_503). Your answer is saved');
  const buttons = buttonsIn(failed!.args.blocks);
  expect(buttons.map((b) => b.action_id)).toEqual(['fde_retry', 'fde_end']);
  const session = await h.core.store.getSession(keyOf(user));
  expect(session!.phase).toBe('failed-grading');
  expect(session!.pending!.request.answer).toBe(GOOD_ANSWER);

  // The person presses Retry on that message.
  await h.click({ user, actionId: 'fde_retry', value: buttons[0]!.value, label: 'Retry grading', message: { ts: placeholderTs, text: String(failed!.args.text), blocks: failed!.args.blocks as unknown[] } });
  const updates = await waitForUpdates(h.fake, dm, 3);
  expect(updates.map((u) => u.args.ts)).toEqual([placeholderTs, placeholderTs, placeholderTs]);
  expect(blockText(updates[1]!.args.blocks)).toContain('Grading again');
  expect(blockText(updates[2]!.args.blocks)).toMatch(/\*Overall: \d\.\d\/5\*/);
  await waitForPosts(h.fake, dm, 3); // scenario, grading..., summary
  expect(h.grader.gradeCalls.length - before).toBe(2);
  expect(h.grader.gradeCalls.at(-1)!.answer).toBe(GOOD_ANSWER);
  expect((await h.core.store.getUser(keyOf(user)))!.answered).toBe(1);
});

test('a follow-up probe comes as a new message; the reply is graded together with the answer', async () => {
  const user = 'U0ANS0005';
  const dm = await startSession(user);
  h.grader.probes = 'once';
  await h.dm(slackEscape(GOOD_ANSWER), { user });
  const [, probe] = await waitForPosts(h.fake, dm, 2);
  expect(blockText(probe!.args.blocks)).toContain('*Follow-up 1/1*');
  expect(blockText(probe!.args.blocks)).toContain(h.grader.probeText);
  expect(buttonsIn(probe!.args.blocks).map((b) => b.text)).toEqual(['Grade what I said', 'End session']);
  await h.dm('I would tell the CIO first, in a short call, with the numbers and the date.', { user });
  await waitForUpdates(h.fake, dm, 1);
  await waitForPosts(h.fake, dm, 4);
  const req = h.grader.gradeCalls.at(-1)!;
  expect(req.answer).toBe(GOOD_ANSWER);
  expect(req.followUps).toEqual([{ probe: h.grader.probeText, answer: 'I would tell the CIO first, in a short call, with the numbers and the date.' }]);
});

test('an over-long answer is graded on its first 6000 characters and the feedback says so', async () => {
  const user = 'U0ANS0006';
  const dm = await startSession(user);
  await h.dm(slackEscape(`${GOOD_ANSWER}\n${'More detail about the rollout plan. '.repeat(250)}`), { user });
  const [update] = await waitForUpdates(h.fake, dm, 1);
  const text = blockText(update!.args.blocks);
  expect(text).toContain('longer than 6000 characters');
  expect(text.indexOf('longer than 6000')).toBeLessThan(text.indexOf('Feedback:'));
  expect(h.grader.gradeCalls.at(-1)!.answer.length).toBe(6000);
});

test('a Korean answer gets Korean wording throughout', async () => {
  const user = 'U0ANS0007';
  const dm = await startSession(user);
  await h.dm('먼저 요청 로깅과 재시도, 타임아웃 알림을 만들겠습니다. 왜냐하면 4% 실패가 지금은 보이지 않기 때문입니다. 데모 전에 실제 질문으로 정확도를 측정하겠습니다.', { user });
  const [update] = await waitForUpdates(h.fake, dm, 1);
  expect(gradingPosts(dm).map((p) => String(p.args.text))).toEqual([':hourglass_flowing_sand: 답변을 채점하고 있습니다…']);
  expect(blockText(update!.args.blocks)).toContain('종합');
  const posts = await waitForPosts(h.fake, dm, 3);
  expect(blockText(posts[2]!.args.blocks)).toContain('연습 완료');
});

test('bot messages, edits, other channels and the bot itself are ignored; a bare "practice" is a command', async () => {
  const user = 'U0ANS0008';
  const dm = dmChannelOf(user);
  const before = h.grader.gradeCalls.length;
  await h.event(messageIm('edited', { user, subtype: 'message_changed' }));
  await h.event(messageIm('from a bot', { user: undefined, bot_id: 'B0OTHERBOT' }));
  await h.event(messageIm('from me', { user: FAKE_BOT_USER, channel: dm }));
  await h.event(messageIm('in a channel', { user, channel: 'C0FDECHN1', channel_type: 'channel' as 'im' }));
  await h.dm('practice', { user });
  const [post] = await waitForPosts(h.fake, dm, 1);
  expect(buttonsIn(post!.args.blocks).map((b) => b.action_id)).toEqual(['fde_skip', 'fde_end']);
  expect(h.grader.gradeCalls.length).toBe(before);
  expect(h.fake.calls().filter((c) => c.args.channel === 'C0FDECHN1')).toHaveLength(0);
  expect(h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dm)).toHaveLength(1);
});

test('an answer with no session is not graded, and says how to start', async () => {
  const user = 'U0ANS0009';
  const dm = dmChannelOf(user);
  await h.dm('Here is my answer to nothing in particular.', { user });
  const [post] = await waitForPosts(h.fake, dm, 1);
  expect(blockText(post!.args.blocks)).toContain("I wasn't expecting an answer, so this message was not graded.");
  expect(gradingPosts(dm)).toHaveLength(0);
});

test('logs carry one child logger per request and never the answer text', async () => {
  const answerLines = h.logLines.filter((l) => l.includes('"msg":"answer received"'));
  expect(answerLines.length).toBeGreaterThan(0);
  for (const l of answerLines) expect(JSON.parse(l)).toMatchObject({ platform: 'slack', kind: 'message', team: expect.any(String), user: expect.any(String), eventId: expect.any(String) });
  const turnLines = h.logLines.filter((l) => l.includes('"msg":"turn done"'));
  expect(turnLines.some((l) => typeof JSON.parse(l).sessionId === 'string')).toBe(true);
  const all = h.logLines.join('\n');
  expect(all).not.toContain('I would spend most of the week');
  expect(all).not.toContain('xoxb-test-token');
});
