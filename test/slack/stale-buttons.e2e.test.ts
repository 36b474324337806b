/**
 * Buttons that stop meaning anything go: when a scenario is graded, skipped, ended, replaced or
 * followed by a probe, the message that carried its Skip / End / "Grade what I said" buttons is
 * updated without them (chat.update sent to the fake Slack). A late click on such a message says
 * plainly what is going on, privately.
 */
import { FAKE_TEAM, type SlackCall } from '../support/fake-slack';
import { dmChannelOf, slackEscape } from '../support/slack-payloads';
import {
  blockText,
  buttonsIn,
  GOOD_ANSWER,
  keyOf,
  RETIRED_NOTE,
  startHarness,
  waitForPosts,
  waitForRetirements,
  type Harness,
} from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  h.grader.probes = 'never';
});

async function startSession(user: string): Promise<{ dm: string; card: SlackCall }> {
  const dm = dmChannelOf(user);
  await h.command('practice tradeoffs easy', { user_id: user, channel_id: dm });
  const [card] = await waitForPosts(h.fake, dm, 1);
  expect(buttonsIn(card!.args.blocks).map((b) => b.action_id)).toEqual(['fde_skip', 'fde_end']);
  return { dm, card: card! };
}

const tsOf = (post: SlackCall) => String(post.response!.ts);

/** The retirement update of one message: same ts, no buttons, the note, the rest kept. */
function expectRetired(update: SlackCall | undefined, post: SlackCall): void {
  expect(update).toBeDefined();
  expect(update!.args.ts).toBe(tsOf(post));
  expect(buttonsIn(update!.args.blocks)).toEqual([]);
  const text = blockText(update!.args.blocks);
  expect(text).toContain(RETIRED_NOTE);
  // The scenario text itself stays readable.
  expect(text).toContain(blockText(post.args.blocks).split('\n')[0]);
}

function clickOn(user: string, post: SlackCall, actionId: string, responseId: string) {
  const button = buttonsIn(post.args.blocks).find((b) => b.action_id === actionId)!;
  return h.click({
    user,
    actionId,
    value: button.value,
    label: button.text,
    message: { ts: tsOf(post), text: String(post.args.text), blocks: post.args.blocks as unknown[] },
    responseUrl: h.fake.responseUrl(responseId),
  });
}

test('graded: the scenario card loses Skip and End', async () => {
  const user = 'U0STB0001';
  const { dm, card } = await startSession(user);
  await h.dm(slackEscape(GOOD_ANSWER), { user });
  const [retired] = await waitForRetirements(h.fake, dm, 1);
  expectRetired(retired, card);
  expect(await h.core.store.getSession(keyOf(user))).toBeUndefined();
});

test('a follow-up supersedes the card; answering it retires the follow-up too', async () => {
  const user = 'U0STB0002';
  const { dm, card } = await startSession(user);
  h.grader.probes = 'once';
  await h.dm(slackEscape(GOOD_ANSWER), { user });
  const [, probe] = await waitForPosts(h.fake, dm, 2);
  expect(buttonsIn(probe!.args.blocks).map((b) => b.text)).toEqual(['Grade what I said', 'End session']);
  const [first] = await waitForRetirements(h.fake, dm, 1);
  expectRetired(first, card);
  await h.dm('I would tell the CIO first, with the numbers and the date.', { user });
  const retirements = await waitForRetirements(h.fake, dm, 2);
  expectRetired(retirements[1], probe!);
});

test('replaced by a new /fde practice: the old card loses its buttons, the new one keeps them', async () => {
  const user = 'U0STB0003';
  const { dm, card } = await startSession(user);
  await h.command('practice', { user_id: user, channel_id: dm });
  const posts = await waitForPosts(h.fake, dm, 2);
  const [retired] = await waitForRetirements(h.fake, dm, 1);
  expectRetired(retired, card);
  const fresh = posts.at(-1)!;
  expect(buttonsIn(fresh.args.blocks)[0]!.value).toBe((await h.core.store.getSession(keyOf(user)))!.id);
  expect(h.fake.calls('chat.update').filter((c) => c.args.ts === tsOf(fresh))).toEqual([]);
});

test('ended by typing `stop`, then a late Skip on the old card: a clear private answer, nothing done', async () => {
  const user = 'U0STB0004';
  const { dm, card } = await startSession(user);
  await h.dm('stop', { user });
  const [retired] = await waitForRetirements(h.fake, dm, 1);
  expectRetired(retired, card);
  // A client that had not refreshed still shows the old buttons: the click arrives anyway.
  await clickOn(user, card, 'fde_skip', 'Rlate4');
  await h.fake.waitFor((cs) => cs.some((c) => c.responseId === 'Rlate4'));
  const answer = h.fake.calls('response_url').find((c) => c.responseId === 'Rlate4')!;
  expect(answer.args.response_type).toBe('ephemeral');
  expect(String(answer.args.text)).toContain('That scenario is already over, so I did nothing');
  expect(String(answer.args.text)).not.toContain('current one');
  expect(await h.core.store.getSession(keyOf(user))).toBeUndefined();
  // Nothing new was started in the DM (scenario card, "Session ended").
  expect(h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dm)).toHaveLength(2);
});

test('a late End on an old card while another scenario is open points at the current one', async () => {
  const user = 'U0STB0005';
  const { dm, card } = await startSession(user);
  await h.command('practice', { user_id: user, channel_id: dm });
  await waitForPosts(h.fake, dm, 2);
  const open = await h.core.store.getSession(keyOf(user));
  await clickOn(user, card, 'fde_end', 'Rlate5');
  await h.fake.waitFor((cs) => cs.some((c) => c.responseId === 'Rlate5'));
  const answer = h.fake.calls('response_url').find((c) => c.responseId === 'Rlate5')!;
  expect(String(answer.args.text)).toContain('Use the buttons on your current one');
  expect((await h.core.store.getSession(keyOf(user)))!.id).toBe(open!.id);
});

test('a card whose buttons outlived their session (posted before this change) loses them when clicked', async () => {
  const user = 'U0STB0006';
  const dm = dmChannelOf(user);
  // An old message the app no longer tracks: its session is long gone.
  const old: SlackCall = {
    method: 'chat.postMessage',
    at: Date.now(),
    args: {
      channel: dm,
      text: 'Old scenario',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Old scenario' } },
        { type: 'actions', elements: [{ type: 'button', action_id: 'fde_skip', value: 'gone-session', text: { type: 'plain_text', text: 'Skip' } }] },
      ],
    },
    response: { ts: '1600000000.000001' },
  } as unknown as SlackCall;
  await clickOn(user, old, 'fde_skip', 'Rlate6');
  await h.fake.waitFor((cs) => cs.some((c) => c.responseId === 'Rlate6'));
  const [retired] = await waitForRetirements(h.fake, dm, 1);
  expect(retired!.args.ts).toBe('1600000000.000001');
  expect(buttonsIn(retired!.args.blocks)).toEqual([]);
  expect(blockText(retired!.args.blocks)).toContain('Old scenario');
});

test('idle-out grading delivered later retires the card too', async () => {
  const user = 'U0STB0007';
  const { dm, card } = await startSession(user);
  // The turn that posted the card has finished (an hour passes before an idle-out).
  await h.slack.adapter.serial({ platform: 'slack', teamId: FAKE_TEAM, userId: user }, async () => undefined);
  await h.core.store.deleteSession(keyOf(user)); // as the idle sweep does before delivering
  await h.slack.deliver({
    personKey: keyOf(user),
    replies: [{ kind: 'notice', language: 'en', code: 'session-expired', text: 'Your session timed out after 60 minutes.' }],
  });
  const [retired] = await waitForRetirements(h.fake, dm, 1);
  expectRetired(retired, card);
});
