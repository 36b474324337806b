/**
 * Buttons (block_actions), the Home tab (app_home_opened) and deliveries outside a request.
 */
import { appHomeOpened, dmChannelOf, slackEscape, TEST_CHANNEL } from '../support/slack-payloads';
import type { SlackCall } from '../support/fake-slack';
import { blockText, buttonsIn, GOOD_ANSWER, keyOf, startHarness, waitForPosts, waitForUpdates, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function startSession(user: string, text = 'practice tradeoffs easy'): Promise<{ dm: string; post: SlackCall }> {
  const dm = dmChannelOf(user);
  await h.command(text, { user_id: user, channel_id: dm });
  const [post] = await waitForPosts(h.fake, dm, 1);
  return { dm, post: post! };
}

/** Clicks a button of a posted message, as Slack would send it. */
function clickOn(user: string, post: SlackCall, actionId: string, extra: { ephemeral?: boolean; channel?: string; responseId?: string } = {}) {
  const button = buttonsIn(post.args.blocks).find((b) => b.action_id === actionId)!;
  expect(button).toBeDefined();
  return h.click({
    user,
    actionId,
    value: button.value,
    label: button.text,
    message: { ts: String(post.response?.ts ?? post.response?.message_ts ?? '1.1'), text: String(post.args.text), blocks: post.args.blocks as unknown[] },
    ephemeral: extra.ephemeral,
    channel: extra.channel,
    responseUrl: extra.responseId ? h.fake.responseUrl(extra.responseId) : undefined,
  });
}

test('Skip: the scenario loses its buttons and a new scenario arrives', async () => {
  const user = 'U0ACT0001';
  const { dm, post } = await startSession(user);
  const first = await h.core.store.getSession(keyOf(user));
  const r = await clickOn(user, post, 'fde_skip');
  expect(r.status).toBe(200);
  const [update] = await waitForUpdates(h.fake, dm, 1);
  expect(update!.args.ts).toBe(post.response!.ts);
  expect(buttonsIn(update!.args.blocks)).toHaveLength(0);
  expect(blockText(update!.args.blocks)).toContain(':white_check_mark: Skip');
  const [, next] = await waitForPosts(h.fake, dm, 2);
  const second = await h.core.store.getSession(keyOf(user));
  expect(second!.id).not.toBe(first!.id);
  expect(buttonsIn(next!.args.blocks)[0]!.value).toBe(second!.id);
});

test('a Skip from an earlier scenario does nothing but say so', async () => {
  const user = 'U0ACT0002';
  const { dm, post } = await startSession(user);
  await clickOn(user, post, 'fde_skip');
  await waitForPosts(h.fake, dm, 2);
  const current = await h.core.store.getSession(keyOf(user));
  // The same old button again (a double click, or an old message).
  await clickOn(user, post, 'fde_skip', { responseId: 'Rstale' });
  await h.fake.waitFor((cs) => cs.some((c) => c.responseId === 'Rstale'));
  const stale = h.fake.calls('response_url').find((c) => c.responseId === 'Rstale')!;
  expect(stale.args.response_type).toBe('ephemeral');
  expect(String(stale.args.text)).toContain('earlier scenario');
  expect((await h.core.store.getSession(keyOf(user)))!.id).toBe(current!.id);
  expect(h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dm)).toHaveLength(2);
});

test('a double click on Skip skips once', async () => {
  const user = 'U0ACT0011';
  const { dm, post } = await startSession(user);
  const [a, b] = await Promise.all([clickOn(user, post, 'fde_skip', { responseId: 'Rdbl1' }), clickOn(user, post, 'fde_skip', { responseId: 'Rdbl2' })]);
  expect([a.status, b.status]).toEqual([200, 200]);
  await waitForPosts(h.fake, dm, 2);
  await h.fake.waitFor((cs) => cs.some((c) => c.responseId === 'Rdbl1' || c.responseId === 'Rdbl2'));
  await h.dm('stats', { user }); // marker: everything before it is done
  const posts = await waitForPosts(h.fake, dm, 3);
  expect(blockText(posts[2]!.args.blocks)).toContain('Your progress');
  const stale = h.fake.calls('response_url').filter((c) => c.responseId === 'Rdbl1' || c.responseId === 'Rdbl2');
  expect(stale).toHaveLength(1);
  expect(String(stale[0]!.args.text)).toContain('earlier scenario');
  expect(buttonsIn(posts[1]!.args.blocks)[0]!.value).toBe((await h.core.store.getSession(keyOf(user)))!.id);
});

test('End: the session ends and says so', async () => {
  const user = 'U0ACT0003';
  const { dm, post } = await startSession(user);
  await clickOn(user, post, 'fde_end');
  const [, ended] = await waitForPosts(h.fake, dm, 2);
  expect(blockText(ended!.args.blocks)).toContain('Session ended.');
  expect(await h.core.store.getSession(keyOf(user))).toBeUndefined();
});

test('"Grade what I said" on a follow-up grades the answer without a reply to the probe', async () => {
  const user = 'U0ACT0004';
  const { dm } = await startSession(user);
  h.grader.probes = 'once';
  try {
    await h.dm(slackEscape(GOOD_ANSWER), { user });
    const [, probe] = await waitForPosts(h.fake, dm, 2);
    await clickOn(user, probe!, 'fde_skip');
    const updates = await waitForUpdates(h.fake, dm, 2); // probe loses its buttons; grading... becomes feedback
    expect(blockText(updates[0]!.args.blocks)).toContain(':white_check_mark: Grade what I said');
    expect(blockText(updates[1]!.args.blocks)).toMatch(/\*Overall: \d\.\d\/5\*/);
  } finally {
    h.grader.probes = 'never';
  }
  expect(h.grader.gradeCalls.at(-1)!.followUps).toEqual([]);
});

test('"Same category" on the summary starts another scenario in that category', async () => {
  const user = 'U0ACT0005';
  const { dm } = await startSession(user);
  await h.dm(slackEscape(GOOD_ANSWER), { user });
  const posts = await waitForPosts(h.fake, dm, 3);
  const summary = posts[2]!;
  await clickOn(user, summary, 'fde_start_same');
  const [, , , next] = await waitForPosts(h.fake, dm, 4);
  const session = await h.core.store.getSession(keyOf(user));
  expect(h.core.library.scenario(session!.scenarioId)!.category).toBe('tradeoffs');
  expect(buttonsIn(next!.args.blocks)[0]!.value).toBe(session!.id);
  const update = h.fake.calls('chat.update').filter((c) => c.args.channel === dm && c.args.ts === summary.response!.ts);
  expect(update).toHaveLength(1);
  expect(buttonsIn(update[0]!.args.blocks)).toHaveLength(0);
});

test('Discard on a failed grading drops the kept answer', async () => {
  const user = 'U0ACT0006';
  const { dm } = await startSession(user);
  h.grader.failures = [new Error('boom')];
  await h.dm(slackEscape(GOOD_ANSWER), { user });
  const [failed] = await waitForUpdates(h.fake, dm, 1);
  const asPosted: SlackCall = { ...failed!, response: { ts: failed!.args.ts } };
  await clickOn(user, asPosted, 'fde_end');
  const posts = await waitForPosts(h.fake, dm, 3);
  expect(blockText(posts[2]!.args.blocks)).toContain('was discarded');
  expect(await h.core.store.getSession(keyOf(user))).toBeUndefined();
});

test('a start button on an ephemeral help in a channel: pointer there, scenario in the DM', async () => {
  const user = 'U0ACT0007';
  await h.command('help', { user_id: user, channel_id: TEST_CHANNEL, response_url: h.fake.responseUrl('Rhelp7') });
  await h.fake.waitFor((cs) => cs.some((c) => c.responseId === 'Rhelp7'));
  const help = h.fake.calls('response_url').find((c) => c.responseId === 'Rhelp7')!;
  await clickOn(user, { ...help, response: { ts: '1700000000.999999' } }, 'fde_start_help', { ephemeral: true, channel: TEST_CHANNEL, responseId: 'Rptr7' });
  await waitForPosts(h.fake, dmChannelOf(user), 1);
  await h.fake.waitFor((cs) => cs.some((c) => c.responseId === 'Rptr7'));
  expect(String(h.fake.calls('response_url').find((c) => c.responseId === 'Rptr7')!.args.text)).toContain('DM');
  // The ephemeral message cannot be updated; nothing was tried on it.
  expect(h.fake.calls('chat.update').filter((c) => c.args.channel === TEST_CHANNEL)).toHaveLength(0);
});

test('Home tab: opening it publishes a Home view; its start button starts a scenario in the DM', async () => {
  const user = 'U0ACT0008';
  await h.event(appHomeOpened({ user, tab: 'home' }));
  await h.fake.waitFor((cs) => cs.some((c) => c.method === 'views.publish' && c.args.user_id === user));
  const publish = h.fake.calls('views.publish').find((c) => c.args.user_id === user)!;
  const view = publish.args.view as { type: string; blocks: unknown[] };
  expect(view.type).toBe('home');
  expect(blockText(view.blocks)).toContain('*Answered*\n0');
  const start = buttonsIn(view.blocks).find((b) => b.action_id === 'fde_start_home')!;
  await h.click({ user, actionId: start.action_id, value: start.value, label: start.text });
  const [post] = await waitForPosts(h.fake, dmChannelOf(user), 1);
  expect(buttonsIn(post!.args.blocks).map((b) => b.action_id)).toEqual(['fde_skip', 'fde_end']);
});

test('opening the Messages tab the first time brings one welcome, not one per visit', async () => {
  const user = 'U0ACT0009';
  const dm = dmChannelOf(user);
  await h.event(appHomeOpened({ user, tab: 'messages' }));
  await waitForPosts(h.fake, dm, 1);
  await h.event(appHomeOpened({ user, tab: 'messages' }));
  await h.dm('help', { user }); // marker
  const posts = await waitForPosts(h.fake, dm, 2);
  expect(blockText(posts[0]!.args.blocks)).toContain('I coach you for Forward Deployed Engineer interviews');
  expect(blockText(posts[1]!.args.blocks)).toContain('/fde practice');
  expect(h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dm)).toHaveLength(2);
});

test('deliver(): replies that arise outside a request (idle-out grading) reach the DM', async () => {
  const user = 'U0ACT0010';
  await h.slack.deliver({
    personKey: keyOf(user),
    replies: [{ kind: 'notice', language: 'en', code: 'session-expired-graded', text: 'Your session timed out after 60 minutes, so I graded the answer you had given.' }],
  });
  const [post] = await waitForPosts(h.fake, dmChannelOf(user), 1);
  expect(blockText(post!.args.blocks)).toContain('Your session timed out after 60 minutes');
  expect(h.fake.calls('conversations.open').some((c) => c.args.users === user)).toBe(true);
});
