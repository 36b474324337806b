/**
 * `/fde daily ...` over HTTP: who may change the daily prompt (workspace admins and owners from
 * users.info, plus FDE_ADMINS), refusals that change nothing, the setting stored, `daily now`
 * posting through the real Slack publisher, and no second post for the same day.
 */
import { FAKE_TEAM } from '../support/fake-slack';
import { blockText, buttonsIn, startHarness, TestClock, waitForResponses, type Harness } from './harness';

const TEAM_KEY = `slack:${FAKE_TEAM}`;
const CHANNEL = 'C0DAILY01';
const ADMIN = 'U0ADMIN01';
const LISTED = 'U0LISTED1';
const MEMBER = 'U0MEMBER1';

let h: Harness;
const clock = new TestClock(Date.parse('2026-03-05T12:00:00Z')); // Thursday, 07:00 in New York
let n = 0;

beforeAll(async () => {
  h = await startHarness({ overrides: { clock }, env: { FDE_ADMINS: `${LISTED}, U0OTHER99` } });
  h.fake.setUser(ADMIN, { is_admin: true });
});
afterAll(async () => {
  await h.close();
});

/** Sends `/fde <text>` as user in channel and returns the text of every response to it. */
async function fde(text: string, user: string, channel = CHANNEL, expected = 1): Promise<{ texts: string[]; types: unknown[]; blocks: unknown[] }> {
  const id = `Rdaily${++n}`;
  const r = await h.command(text, { user_id: user, channel_id: channel, channel_name: 'fde-practice', response_url: h.fake.responseUrl(id) });
  expect(r.status).toBe(200);
  expect(r.body).toBe('');
  const responses = await waitForResponses(h.fake, id, expected);
  return {
    texts: responses.map((c) => `${String(c.args.text)}\n${blockText(c.args.blocks)}`),
    types: responses.map((c) => c.args.response_type),
    blocks: responses.flatMap((c) => (c.args.blocks as unknown[] | undefined) ?? []),
  };
}

const channelPosts = () => h.fake.calls('chat.postMessage').filter((c) => c.args.channel === CHANNEL);

test('a member who is not an admin is refused, ephemerally, and nothing is stored or posted', async () => {
  for (const cmd of [`daily set <#${CHANNEL}|fde-practice> 09:00 America/New_York weekdays`, 'daily now', 'daily off', 'daily on']) {
    const { texts, types } = await fde(cmd, MEMBER);
    expect(types).toEqual(['ephemeral']);
    expect(texts[0]).toContain('Only workspace admins and owners (and the people listed in FDE_ADMINS) can change the daily prompt. Nothing was changed.');
  }
  expect(await h.core.daily.getSettings(TEAM_KEY)).toBeUndefined();
  expect(channelPosts()).toHaveLength(0);
  // The admin check asked Slack about this person.
  expect(h.fake.calls('users.info').some((c) => c.args.user === MEMBER)).toBe(true);
});

test('a workspace admin (users.info is_admin) sets the prompt; the reply is ephemeral and the setting is stored', async () => {
  const { texts, types } = await fde(`daily set <#${CHANNEL}|fde-practice> 9:00 America/New_York weekdays`, ADMIN);
  expect(types).toEqual(['ephemeral']);
  expect(texts[0]).toContain('Daily prompt set: #fde-practice at 09:00 (America/New_York), on weekdays, in English. Next post: 2026-03-05 09:00.');
  expect(texts[0]).toContain(`<#${CHANNEL}>`); // the reminder to invite the app to the channel
  expect(await h.core.daily.getSettings(TEAM_KEY)).toMatchObject({
    teamKey: TEAM_KEY,
    channelId: CHANNEL,
    channelName: 'fde-practice',
    time: '09:00',
    timeZone: 'America/New_York',
    days: 'weekdays',
    enabled: true,
    setBy: `slack:${FAKE_TEAM}:${ADMIN}`,
    setAt: clock.now(),
  });
  expect(channelPosts()).toHaveLength(0); // setting posts nothing
});

test.each([
  ['is_owner', 'U0OWNER01'],
  ['is_primary_owner', 'U0PRIME01'],
])('a workspace owner (%s) is an admin too', async (flag, user) => {
  h.fake.setUser(user, { [flag]: true });
  const { texts } = await fde(`daily set <#${CHANNEL}|fde-practice> 09:00 America/New_York weekdays`, user);
  expect(texts[0]).toContain('Daily prompt set');
  expect((await h.core.daily.getSettings(TEAM_KEY))!.setBy).toBe(`slack:${FAKE_TEAM}:${user}`);
});

test('someone listed in FDE_ADMINS is an admin without any workspace role', async () => {
  const { texts } = await fde(`daily set <#${CHANNEL}|fde-practice> 09:30 America/New_York everyday`, LISTED);
  expect(texts[0]).toContain('Daily prompt set: #fde-practice at 09:30 (America/New_York), every day');
  // Back to the 09:00 weekdays setting for the tests below.
  await fde(`daily set <#${CHANNEL}|fde-practice> 09:00 America/New_York weekdays`, ADMIN);
});

test('anyone may see the setting; a refused `daily off` leaves it on', async () => {
  const refused = await fde('daily off', MEMBER);
  expect(refused.texts[0]).toContain('Nothing was changed.');
  const { texts, types } = await fde('daily', MEMBER);
  expect(types).toEqual(['ephemeral']);
  expect(texts[0]).toContain('Daily prompt: #fde-practice at 09:00 (America/New_York), on weekdays, in English; it is on.');
  expect((await h.core.daily.getSettings(TEAM_KEY))!.enabled).toBe(true);
});

test('mistakes get the core\'s clear message and change nothing', async () => {
  const before = await h.core.daily.getSettings(TEAM_KEY);
  expect((await fde(`daily set <#${CHANNEL}|fde-practice> 09:00 KST`, ADMIN)).texts[0]).toContain('"KST" is not an IANA time zone I know');
  expect((await fde(`daily set <#${CHANNEL}|fde-practice> 25:00 Asia/Seoul`, ADMIN)).texts[0]).toContain('"25:00" is not a time');
  expect((await fde('daily set fde-practice 09:00 Asia/Seoul', ADMIN)).texts[0]).toContain('"fde-practice" is not a channel');
  expect(await h.core.daily.getSettings(TEAM_KEY)).toEqual(before);
});

test('`daily now` when the app is not in the channel: the failure and how to fix it; nothing posted', async () => {
  h.fake.failNext('chat.postMessage', 'not_in_channel');
  const { texts, blocks } = await fde('daily now', ADMIN, CHANNEL, 2);
  expect(texts[0]).toContain("Posting today's prompt failed (not_in_channel)");
  // The fix is `daily now` again; a "Retry grading" button (for kept answers) would do nothing here.
  expect(buttonsIn(blocks)).toEqual([]);
  expect(texts[1]).toContain('/invite @FDE Coach');
  expect(h.fake.messages(CHANNEL)).toHaveLength(0);
  expect((await h.core.daily.getPost(TEAM_KEY, '2026-03-05'))!.status).toBe('failed');
});

test('`daily now` posts the prompt through the real publisher; a second `daily now` does not post again', async () => {
  const { texts, types } = await fde('daily now', ADMIN);
  expect(types).toEqual(['ephemeral']);
  expect(texts[0]).toContain("Posted today's prompt (2026-03-05) in #fde-practice.");
  const [posted] = h.fake.messages(CHANNEL);
  expect(posted).toBeDefined();
  const post = (await h.core.daily.getPost(TEAM_KEY, '2026-03-05'))!;
  expect(post.status).toBe('posted');
  expect(post.message).toEqual({ channel: CHANNEL, ts: posted!.ts });
  const scenario = h.core.library.scenario(post.scenarioId)!;
  expect(scenario.category).toBe('tradeoffs'); // the tradeoffs category comes first
  const blocks = posted!.blocks as { type: string; text?: { text: string } }[];
  expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Daily tradeoff prompt · 2026-03-05', emoji: true } });
  const text = blockText(blocks);
  expect(text).toContain(`*${scenario.title.en}*`);
  expect(text).toContain('*Situation*');
  expect(text).toContain('Answer in this thread, or press "Answer privately"');
  expect(buttonsIn(blocks)).toEqual([{ action_id: 'fde_daily_answer', value: '2026-03-05', text: 'Answer privately' }]);

  const again = await fde('daily now', ADMIN);
  expect(again.texts[0]).toContain("Today's prompt (2026-03-05) is already posted in #fde-practice; each day gets one prompt.");
  expect(h.fake.messages(CHANNEL)).toHaveLength(1);
});

test('`daily off` by an admin turns it off and keeps the setting', async () => {
  const { texts } = await fde('daily off', ADMIN);
  expect(texts[0]).toContain('Daily prompt turned off.');
  expect(await h.core.daily.getSettings(TEAM_KEY)).toMatchObject({ enabled: false, channelId: CHANNEL, time: '09:00' });
});
