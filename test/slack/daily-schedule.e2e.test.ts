/**
 * The daily scheduler (src/schedule, croner) posting through the real Slack publisher into the
 * fake Web API, with the core's clock injected: the prompt at 09:00 New York time across the
 * March DST change, the recap in the previous prompt's thread (counts and key points, no
 * scores), the weekly board, the catch-up at start when a post was missed, and never a second
 * post for the same day.
 */
import { FAKE_TEAM } from '../support/fake-slack';
import { createDailyRuntime, createDailyScheduler } from '../../src/schedule';
import { answerFor, blockText, startHarness, TestClock, waitForResponses, waitForUpdates, type Harness } from './harness';
import { dmChannelOf, slackEscape } from '../support/slack-payloads';

const TEAM_KEY = `slack:${FAKE_TEAM}`;
const ADMIN = 'U0SCHADM1';
const MIN = 60_000;

/** Top-level posts (not thread replies) in a channel. */
function channelPosts(h: Harness, channel: string) {
  return h.fake.calls('chat.postMessage').filter((c) => c.args.channel === channel && !c.args.thread_ts);
}

async function setDaily(h: Harness, channel: string, rest: string): Promise<void> {
  const id = `Rset${channel}${Date.now()}`;
  await h.command(`daily set <#${channel}|fde-practice> ${rest}`, { user_id: ADMIN, channel_id: channel, response_url: h.fake.responseUrl(id) });
  const [r] = await waitForResponses(h.fake, id);
  expect(String(r!.args.text)).toContain('Daily prompt set');
}

describe('posting on schedule across the March DST change, with recaps and the weekly board', () => {
  const CHANNEL = 'C0SCHED01';
  const clock = new TestClock(Date.parse('2026-03-02T12:00:00Z')); // Monday
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ overrides: { clock }, env: { FDE_ADMINS: ADMIN } });
  });
  afterAll(async () => {
    await h.close();
  });

  test('09:00 in New York is 14:00Z before the change and 13:00Z after; each new prompt recaps the last', async () => {
    await setDaily(h, CHANNEL, '09:00 America/New_York weekdays');
    // The same wiring as main.ts: the scheduler over core.daily, posting through the Slack channel's publisher.
    const scheduler = createDailyScheduler({
      daily: h.core.daily,
      publisherFor: (s) => (s.teamKey.startsWith('slack:') ? h.slack.dailyPublisher : undefined),
      clock,
    });
    const postedAt: string[] = [];
    const sweep = async (fromIso: string, toIso: string) => {
      for (let t = Date.parse(fromIso); t <= Date.parse(toIso); t += 30 * MIN) {
        clock.t = t;
        const before = channelPosts(h, CHANNEL).length;
        await scheduler.tick();
        if (channelPosts(h, CHANNEL).length > before) postedAt.push(new Date(t).toISOString());
      }
    };

    await sweep('2026-03-05T12:00:00Z', '2026-03-05T15:00:00Z');
    expect(postedAt).toEqual(['2026-03-05T14:00:00.000Z']);
    const first = (await h.core.daily.getPost(TEAM_KEY, '2026-03-05'))!;
    expect(first.message!.channel).toBe(CHANNEL);

    // Someone answers Thursday's prompt in its thread before Friday's is posted.
    const user = 'U0SCHANS1';
    await h.thread(slackEscape(answerFor(first.scenarioId)), first.message!.ts!, { user, channel: CHANNEL });
    await waitForUpdates(h.fake, dmChannelOf(user), 1); // the feedback, in the DM

    await sweep('2026-03-05T15:30:00Z', '2026-03-10T15:00:00Z');
    expect(postedAt).toEqual([
      '2026-03-05T14:00:00.000Z', // Thursday, 09:00 EST
      '2026-03-06T14:00:00.000Z', // Friday
      '2026-03-09T13:00:00.000Z', // Monday after the change: 09:00 EDT (with the weekly board)
      '2026-03-10T13:00:00.000Z',
    ]);
    const prompts = channelPosts(h, CHANNEL).filter((c) => /Daily .*prompt ·/.test(String(c.args.text)));
    expect(prompts.map((c) => /· (\d{4}-\d{2}-\d{2})/.exec(String(c.args.text))![1])).toEqual(['2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10']);

    // Recaps: in the previous prompt's thread, counts and key points, no scores and no names.
    const recaps = h.fake.calls('chat.postMessage').filter((c) => c.args.channel === CHANNEL && c.args.thread_ts);
    const tsOf = (day: string) => h.fake.messages(CHANNEL).find((m) => !m.thread_ts && String(m.text).includes(`prompt · ${day}`))!.ts;
    expect(recaps.map((c) => c.args.thread_ts)).toEqual([tsOf('2026-03-05'), tsOf('2026-03-06'), tsOf('2026-03-09')]);
    const recap = blockText(recaps[0]!.args.blocks);
    const scenario = h.core.library.scenario(first.scenarioId)!;
    expect(recap).toContain(`Recap of 2026-03-05 · "${scenario.title.en}": 1 person answered.`);
    expect(recap).toContain('Strong answers covered:');
    for (const k of scenario.keyPoints) expect(recap).toContain(k.text.en.slice(0, 40));
    expect(recap).not.toMatch(/\d\/5|points|Display|<@/);
    expect(blockText(recaps[1]!.args.blocks)).toContain('nobody answered this one');

    // The weekly board for last week, in the daily channel, by name (no mentions), before Monday's prompt.
    const boards = channelPosts(h, CHANNEL).filter((c) => String(c.args.text).startsWith('Leaderboard'));
    expect(boards).toHaveLength(1);
    const board = blockText(boards[0]!.args.blocks);
    expect(board).toContain('Leaderboard · last week');
    expect(board).toContain(`Display ${user}`);
    expect(board).not.toContain('<@');
    const order = channelPosts(h, CHANNEL).map((c) => (String(c.args.text).startsWith('Leaderboard') ? 'board' : 'prompt'));
    expect(order).toEqual(['prompt', 'prompt', 'board', 'prompt', 'prompt']);
  });
});

describe('catch-up at start, and never a second post for a day', () => {
  const CHANNEL = 'C0SCHED02';
  const clock = new TestClock(Date.parse('2026-03-10T12:00:00Z')); // Tuesday 08:00 in New York (EDT)
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ overrides: { clock }, env: { FDE_ADMINS: ADMIN } });
  });
  afterAll(async () => {
    await h.close();
  });

  const days = () => channelPosts(h, CHANNEL).map((c) => /· (\d{4}-\d{2}-\d{2})/.exec(String(c.args.text))?.[1]);
  /** A process start: fresh daily services over the same store, started the way main.ts starts them. */
  const startProcess = async () => {
    const runtime = createDailyRuntime(h.core, { publisherFor: () => h.slack.dailyPublisher, clock });
    const driver = runtime.scheduler.start();
    try {
      return await driver.ready;
    } finally {
      driver.stop();
    }
  };

  test('a post missed while the app was down is made at start if it is still that day, once', async () => {
    await setDaily(h, CHANNEL, '09:00 America/New_York weekdays');
    // Down at 09:00 on Wednesday; the app starts at 11:30 New York time.
    clock.set('2026-03-11T15:30:00Z');
    const results = await startProcess();
    expect(results[0]!.outcome?.status).toBe('posted');
    expect(days()).toEqual(['2026-03-11']);
    // Another restart the same day, a later tick and `/fde daily now` do not post again.
    clock.set('2026-03-11T16:00:00Z');
    expect((await startProcess())[0]!.reason).toBe('already posted');
    const id = 'Rnowagain';
    await h.command('daily now', { user_id: ADMIN, channel_id: CHANNEL, response_url: h.fake.responseUrl(id) });
    const [r] = await waitForResponses(h.fake, id);
    expect(String(r!.args.text)).toContain('is already posted');
    expect(days()).toEqual(['2026-03-11']);
  });

  test('a day missed entirely is not posted the next day; that day posts on time', async () => {
    // Down all of Thursday; starts Friday at 08:00, before the time.
    clock.set('2026-03-13T12:00:00Z');
    const results = await startProcess();
    expect(results[0]).toMatchObject({ due: false, reason: 'not today' });
    expect(days()).toEqual(['2026-03-11']);
    const scheduler = createDailyScheduler({ daily: h.core.daily, publisherFor: () => h.slack.dailyPublisher, clock });
    clock.set('2026-03-13T13:00:01Z');
    await scheduler.tick();
    expect(days()).toEqual(['2026-03-11', '2026-03-13']);
  });

  test('a tick racing `/fde daily now` posts once', async () => {
    clock.set('2026-03-16T13:00:01Z'); // Monday 09:00:01 EDT
    const scheduler = createDailyScheduler({ daily: h.core.daily, publisherFor: () => h.slack.dailyPublisher, clock });
    const id = 'Rrace';
    const [ticks] = await Promise.all([
      scheduler.tick(),
      h.command('daily now', { user_id: ADMIN, channel_id: CHANNEL, response_url: h.fake.responseUrl(id) }),
      scheduler.tick(),
    ]);
    await waitForResponses(h.fake, id);
    expect(ticks).toHaveLength(1);
    expect(days().filter((d) => d === '2026-03-16')).toHaveLength(1);
    expect((await h.core.daily.getPost(TEAM_KEY, '2026-03-16'))!.status).toBe('posted');
  });
});
