/**
 * Replays: the exact same signed request (same body, timestamp and signature) sent again within
 * the signing window. Slack never retries commands or clicks, so a copy is acknowledged and
 * nothing is done twice.
 */
import {
  asAction,
  asCommand,
  blockActions,
  dmChannelOf,
  postSigned,
  slashCommand,
  type SignedRequest,
} from '../support/slack-payloads';
import { count, keyOf, startHarness, waitForPosts, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** Sends one signed request, then the same bytes four more times. */
async function sendFiveTimes(req: SignedRequest): Promise<number[]> {
  const signed = { ...req, timestamp: Math.floor(Date.now() / 1000) };
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await postSigned(h.eventsUrl, signed)).status);
  return statuses;
}

test('a replayed /fde practice starts one session', async () => {
  const user = 'U0RPL0001';
  const dm = dmChannelOf(user);
  const logged = h.logLines.length;
  const cmd = asCommand(slashCommand({ text: 'practice tradeoffs', user_id: user, channel_id: dm, response_url: h.fake.responseUrl() }));
  expect(await sendFiveTimes(cmd)).toEqual([200, 200, 200, 200, 200]);
  await waitForPosts(h.fake, dm, 1);
  await settle();
  const posts = h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dm);
  expect(posts).toHaveLength(1);
  expect(JSON.stringify(posts[0]!.args.blocks)).not.toMatch(/replaced/i);
  expect(h.logLines.slice(logged).filter((l) => l.includes('duplicate request ignored')).length).toBe(4);
});

test('a replayed click acts once', async () => {
  const user = 'U0RPL0002';
  const dm = dmChannelOf(user);
  // "Practice" from the Home tab: each click would start (and replace) a scenario.
  const click = asAction(blockActions({ user, actionId: 'fde_start_home', value: JSON.stringify({ category: 'tradeoffs' }) }));
  expect(await sendFiveTimes(click)).toEqual([200, 200, 200, 200, 200]);
  await waitForPosts(h.fake, dm, 1);
  await settle();
  expect(h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dm)).toHaveLength(1);
  expect(await h.core.store.getSession(keyOf(user))).toBeDefined();
});

test('the same command typed twice (two requests, two trigger_ids) runs twice', async () => {
  const user = 'U0RPL0003';
  const dm = dmChannelOf(user);
  await h.command('practice tradeoffs', { user_id: user, channel_id: dm });
  await waitForPosts(h.fake, dm, 1);
  await h.command('practice tradeoffs', { user_id: user, channel_id: dm });
  const posts = await waitForPosts(h.fake, dm, 2);
  expect(count(posts, 'chat.postMessage')).toBeGreaterThanOrEqual(2);
});
