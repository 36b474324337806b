/**
 * `/fde leaderboard` (in the channel where it is typed, with mentions), opt-out and opt-in, the
 * rules for points in the help, and the App Home tab (published for tab 'home' only) with the
 * person's progress and practice buttons by category.
 */
import type { HistoryEntry, UserRecord } from '../../src/core/ports';
import { newUser, recordGrade } from '../../src/core/points';
import { FAKE_TEAM } from '../support/fake-slack';
import { appHomeOpened, dmChannelOf, slackEscape } from '../support/slack-payloads';
import { answerFor, blockText, buttonsIn, keyOf, startHarness, TestClock, waitForPosts, waitForResponses, waitForUpdates, type Harness } from './harness';

const TEAM_KEY = `slack:${FAKE_TEAM}`;
const CHANNEL = 'C0LEADER1';
const ADMIN = 'U0LBADMIN';
const H = 3_600_000;

let h: Harness;
const clock = new TestClock(Date.parse('2026-03-12T15:00:00Z')); // Thursday
let n = 0;

/** A user record with graded answers worth the given points, answered at the given times. */
function seeded(userId: string, name: string, answers: { points: number; at: number }[], extra: Partial<UserRecord> = {}): UserRecord {
  let u = newUser(keyOf(userId), TEAM_KEY, userId, name);
  for (const a of answers) {
    const entry: HistoryEntry = {
      scenarioId: 'tradeoffs-hotfix-vs-connector',
      category: 'tradeoffs',
      difficulty: 'medium',
      source: 'practice',
      overall: 3,
      scores: { 'tradeoff-judgment': 3, communication: 4 },
      points: a.points,
      grader: 'offline',
      at: a.at,
    };
    u = recordGrade(u, entry);
  }
  return { ...u, ...extra };
}

beforeAll(async () => {
  h = await startHarness({ overrides: { clock }, env: { FDE_ADMINS: ADMIN } });
  const now = clock.now();
  const lastMonth = now - 30 * 24 * H;
  // This week: Bo 80, Ada 60 (reached earlier than Cy), Cy 60; all time: Dee 500 (all of it last month).
  await h.core.store.putUser(seeded('U0LBBO001', 'Bo', [{ points: 80, at: now - 2 * H }]));
  await h.core.store.putUser(seeded('U0LBADA01', 'Ada', [{ points: 60, at: now - 5 * H }]));
  await h.core.store.putUser(seeded('U0LBCY001', 'Cy', [{ points: 60, at: now - 1 * H }]));
  await h.core.store.putUser(seeded('U0LBDEE01', 'Dee', [{ points: 500, at: lastMonth }]));
  await h.core.store.putUser(seeded('U0LBHIDE1', 'Hidden', [{ points: 999, at: now - H }], { optOut: true }));
});
afterAll(async () => {
  await h.close();
});

async function fde(text: string, user: string, expected = 1, channel = CHANNEL) {
  const id = `Rlb${++n}`;
  await h.command(text, { user_id: user, channel_id: channel, response_url: h.fake.responseUrl(id) });
  return waitForResponses(h.fake, id, expected);
}

const mentions = (text: string) => [...text.matchAll(/<@(U[A-Z0-9]+)>/g)].map((m) => m[1]);

test('`/fde leaderboard` shows this week\'s top in the channel, ordered, with mentions; the asker\'s own line goes to them alone', async () => {
  const [board, me] = await fde('leaderboard', 'U0LBNEW01', 2);
  expect(board!.args.response_type).toBe('in_channel');
  const text = blockText(board!.args.blocks);
  expect(text).toContain('Leaderboard · this week');
  // Points, then who got there first (Ada before Cy at 60); opted-out and last month's points left out.
  expect(mentions(text)).toEqual(['U0LBBO001', 'U0LBADA01', 'U0LBCY001']);
  expect(text).toMatch(/:first_place_medal:\s+<@U0LBBO001>\s+—\s+\*80 points\*/);
  expect(text).not.toContain('Hidden');
  expect(me!.args.response_type).toBe('ephemeral');
  expect(String(me!.args.text)).toContain('You have no points in this period yet.');
});

test('`/fde leaderboard all` ranks by all-time points', async () => {
  const [board] = await fde('leaderboard all', 'U0LBBO001');
  const text = blockText(board!.args.blocks);
  expect(text).toContain('Leaderboard · all time');
  expect(mentions(text)).toEqual(['U0LBDEE01', 'U0LBBO001', 'U0LBADA01', 'U0LBCY001']);
  // Bo is on the board shown: no separate line for him.
  expect(h.fake.calls('response_url').filter((c) => c.responseId === `Rlb${n}`)).toHaveLength(1);
});

test('optout hides the person from the board (ephemeral confirmation); optin shows them again', async () => {
  const [out] = await fde('leaderboard optout', 'U0LBBO001');
  expect(out!.args.response_type).toBe('ephemeral');
  expect(String(out!.args.text)).toContain('You are now hidden from the leaderboard.');
  expect((await h.core.store.getUser(keyOf('U0LBBO001')))!.optOut).toBe(true);

  const [board, me] = await fde('leaderboard', 'U0LBBO001', 2);
  expect(mentions(blockText(board!.args.blocks))).toEqual(['U0LBADA01', 'U0LBCY001']);
  expect(String(me!.args.text)).toContain('You are hidden from the leaderboard.');

  const [back] = await fde('leaderboard optin', 'U0LBBO001');
  expect(String(back!.args.text)).toContain('You are on the leaderboard again.');
  const [again] = await fde('leaderboard', 'U0LBBO001');
  expect(mentions(blockText(again!.args.blocks))).toEqual(['U0LBBO001', 'U0LBADA01', 'U0LBCY001']);
});

test('the help and `/fde leaderboard rules` write out the rules for points', async () => {
  const [help] = await fde('help', 'U0LBADA01');
  const text = blockText(help!.args.blocks);
  expect(text).toContain('How points work');
  expect(text).toContain('each graded answer earns round(overall score x 10 x difficulty), where easy counts x1, medium x1.5 and hard x2');
  expect(text).toContain('`/fde leaderboard [week|all]`');
  // Escaped: Slack would read a bare <time zone> as a link and drop it.
  expect(text).toContain('`/fde daily set #channel HH:MM &lt;time zone&gt; [weekdays|everyday]`');
  const [rules] = await fde('leaderboard rules', 'U0LBADA01');
  expect(rules!.args.response_type).toBe('ephemeral');
  expect(blockText(rules!.args.blocks)).toContain('the daily prompt earns 5 extra');
});

test('`leaderboard` typed in the DM answers there, by name (no mentions), with the person\'s line', async () => {
  const user = 'U0LBADA01';
  await h.dm('leaderboard', { user });
  const posts = await waitForPosts(h.fake, dmChannelOf(user), 2);
  const text = posts.map((p) => blockText(p.args.blocks)).join('\n');
  expect(text).toContain('Leaderboard · this week');
  expect(text).toContain('*Display U0LBBO001*'); // his Slack display name, stored when he opted out and in
  expect(text).not.toContain('<@');
  expect(text).toContain('You: #2 with 60 points.');
});

describe('App Home', () => {
  const user = 'U0HOME001';

  beforeAll(async () => {
    // Real activity: the person answers today's daily prompt in its thread.
    await h.command(`daily set <#${CHANNEL}|fde-practice> 09:00 America/New_York weekdays`, { user_id: ADMIN, channel_id: CHANNEL, response_url: h.fake.responseUrl('Rhset') });
    await waitForResponses(h.fake, 'Rhset');
    await h.command('daily now', { user_id: ADMIN, channel_id: CHANNEL, response_url: h.fake.responseUrl('Rhnow') });
    await waitForResponses(h.fake, 'Rhnow');
    const prompt = h.fake.messages(CHANNEL).find((m) => String(m.text).includes('prompt ·'))!;
    await h.thread(slackEscape(answerFor(String(prompt.text))), prompt.ts, { user, channel: CHANNEL });
    await waitForUpdates(h.fake, dmChannelOf(user), 1);
  });

  test('only tab "home" publishes the view; the Messages tab does not', async () => {
    const published = () => h.fake.calls('views.publish').filter((c) => c.args.user_id === user);
    await h.event(appHomeOpened({ user, tab: 'messages' }));
    await h.event(appHomeOpened({ user: 'U0HOMENEW', tab: 'messages' }));
    await waitForPosts(h.fake, dmChannelOf('U0HOMENEW'), 1); // the welcome: the Messages-tab events were handled
    expect(h.fake.calls('views.publish')).toHaveLength(0);

    await h.event(appHomeOpened({ user, tab: 'home' }));
    await h.fake.waitFor(() => published().length === 1);
    const view = published()[0]!.args.view as { type: string; blocks: { type: string }[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = blockText(view.blocks);
    const stored = (await h.core.store.getUser(keyOf(user)))!;

    expect(text).toContain('Your progress');
    expect(text).toContain(`*Answered*\n1`);
    expect(text).toContain(`*Total points*\n${stored.totalPoints}`);
    expect(text).toContain('*Daily streak*\n1 (best 1)');
    expect(text).toMatch(/\*Rank\*\n#\d this week · #\d all time/);
    // Every competency has a bar: n/5 for the assessed ones, "not assessed yet" for the others.
    expect(text).toContain('*By competency*');
    for (const c of h.core.library.library.criteria) expect(text).toContain(c.name.en);
    // Bars read at a glance: plain ●○ glyphs, never inline code (which Slack shows red whatever the score).
    expect(text).toMatch(/(^|\n)[●○]{5} {2}\*\d\.\d\/5\* {2}/);
    expect(text).not.toMatch(/`[●○]/);
    expect(text).toContain('not assessed yet');
    // Recent answers: the daily answer.
    expect(text).toContain('*Recent answers*');
    expect(text).toMatch(/\d\.\d\/5 .*· {2}daily {2}· {2}\+\d+/);
    // The team's top ten by name (Dee leads all time), and the rules for points.
    expect(text).toContain('Team top ten · all time');
    expect(text).toMatch(/:first_place_medal:\s+\*Dee\*/);
    expect(text).not.toMatch(/<@U/);
    expect(text).toContain('How points work');
    // Practice buttons by category.
    const ids = buttonsIn(view.blocks).map((b) => b.action_id);
    for (const c of h.core.library.categories) expect(ids).toContain(`fde_start_home_${c.id}`);
  });

  test('a category button on Home starts practice of that category in the DM', async () => {
    const clicker = 'U0HOMEBTN';
    const before = (await h.core.store.getSession(keyOf(clicker)))?.id;
    expect(before).toBeUndefined();
    await h.click({ actionId: 'fde_start_home_discovery', value: JSON.stringify({ category: 'discovery' }), user: clicker });
    const [scenario] = await waitForPosts(h.fake, dmChannelOf(clicker), 1);
    const session = (await h.core.store.getSession(keyOf(clicker)))!;
    expect(h.core.library.scenario(session.scenarioId)!.category).toBe('discovery');
    expect(blockText(scenario!.args.blocks)).toContain(h.core.library.scenario(session.scenarioId)!.title.en);
  });
});
