/**
 * The scheduler over the real daily service: posting at the configured local time (across both
 * US daylight-saving changes and in Seoul), weekdays, catch-up at start, no double post, retry
 * after a failed post, recap before the next prompt, and the runtime driver's start/stop.
 */
import { createDailyRuntime } from '../../src/schedule';
import { cronPattern, lastOccurrence, nextOccurrence } from '../../src/schedule/occurrences';
import { dueDay } from '../../src/schedule/daily-scheduler';
import type { DailySettings } from '../../src/core/daily';
import { TEAM_KEY, harness, member } from './daily-harness';

const H = 3_600_000;
const MIN = 60_000;

/** Ticks every `step` from `fromIso` to `toIso` and returns the instants that posted. */
async function sweep(h: ReturnType<typeof harness>, fromIso: string, toIso: string, step = 15 * MIN): Promise<string[]> {
  const posted: string[] = [];
  for (let t = Date.parse(fromIso); t <= Date.parse(toIso); t += step) {
    h.clock.t = t;
    const r = await h.scheduler.tick(t);
    if (r.some((x) => x.outcome?.status === 'posted')) posted.push(new Date(t).toISOString());
  }
  return posted;
}

describe('occurrences (croner in the team zone)', () => {
  const ny: Pick<DailySettings, 'time' | 'days' | 'timeZone'> = { time: '09:00', days: 'weekdays', timeZone: 'America/New_York' };

  it('builds the cron pattern from the setting', () => {
    expect(cronPattern({ time: '09:05', days: 'weekdays' })).toBe('5 9 * * 1-5');
    expect(cronPattern({ time: '17:30', days: 'everyday' })).toBe('30 17 * * *');
  });

  it('follows New York across the March change: 14:00Z on Friday, 13:00Z on Monday', () => {
    expect(new Date(nextOccurrence(ny, Date.parse('2026-03-06T00:00:00Z'))!).toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(new Date(nextOccurrence(ny, Date.parse('2026-03-06T14:00:00Z'))!).toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('counts an occurrence in the current second as "at or before now"', () => {
    const at = Date.parse('2026-03-09T13:00:00.000Z');
    expect(lastOccurrence(ny, at)).toBe(at);
    expect(lastOccurrence(ny, at + 400)).toBe(at);
    expect(lastOccurrence(ny, at - 1)).toBe(Date.parse('2026-03-06T14:00:00Z'));
  });
});

describe('daily scheduler', () => {
  it('posts at 09:00 New York time across the March DST change (14:00Z before, 13:00Z after)', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE|fde-practice> 09:00 America/New_York weekdays');
    const posted = await sweep(h, '2026-03-05T12:00:00Z', '2026-03-10T15:00:00Z', 30 * MIN);
    expect(posted).toEqual([
      '2026-03-05T14:00:00.000Z',
      '2026-03-06T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z', // Monday after the change: 09:00 EDT
      '2026-03-10T13:00:00.000Z',
    ]);
    expect(h.publisher.posts.map((p) => p.day)).toEqual(['2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10']);
  });

  it('posts at 09:00 New York time across the November DST change (13:00Z before, 14:00Z after)', async () => {
    const h = harness('2026-10-26T00:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    const posted = await sweep(h, '2026-10-30T12:00:00Z', '2026-11-02T15:00:00Z', 30 * MIN);
    expect(posted).toEqual(['2026-10-30T13:00:00.000Z', '2026-11-02T14:00:00.000Z']);
    // 13:00Z on Monday is 08:00 EST: not yet.
    const h2 = harness('2026-10-26T00:00:00Z');
    await h2.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    expect((await h2.scheduler.tick(Date.parse('2026-11-02T13:00:30Z')))[0]!.due).toBe(false);
  });

  it('posts on the DST Sunday itself with an everyday schedule', async () => {
    const h = harness('2026-03-01T00:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York everyday');
    const posted = await sweep(h, '2026-03-07T12:00:00Z', '2026-03-08T15:00:00Z');
    expect(posted).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z']);
  });

  it('posts at 08:00 Seoul time, which is 23:00Z the UTC day before, under the Seoul date', async () => {
    const h = harness('2026-03-01T00:00:00Z');
    await h.set('<#C0PRACTICE> 08:00 Asia/Seoul weekdays ko');
    const posted = await sweep(h, '2026-03-08T20:00:00Z', '2026-03-09T02:00:00Z', 5 * MIN);
    expect(posted).toEqual(['2026-03-08T23:00:00.000Z']);
    expect(h.publisher.posts[0]!.day).toBe('2026-03-09'); // Monday in Seoul, Sunday in UTC
    expect(h.publisher.posts[0]!.prompt.language).toBe('ko');
    expect(h.publisher.posts[0]!.prompt.scenario.title).toMatch(/[\uAC00-\uD7AF]/);
  });

  it('skips weekends with weekdays and posts every day with everyday', async () => {
    const weekdays = harness('2026-03-01T00:00:00Z');
    await weekdays.set('<#C0PRACTICE> 08:00 Asia/Seoul weekdays');
    await sweep(weekdays, '2026-03-08T15:00:00Z', '2026-03-15T15:00:00Z', H);
    expect(weekdays.publisher.posts.map((p) => p.day)).toEqual(['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13']);

    const everyday = harness('2026-03-01T00:00:00Z');
    await everyday.set('<#C0PRACTICE> 08:00 Asia/Seoul everyday');
    await sweep(everyday, '2026-03-08T15:00:00Z', '2026-03-15T15:00:00Z', H);
    expect(everyday.publisher.posts).toHaveLength(7);
  });

  it('catches up a missed post at start on the same day', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    // The app was down at 09:00 on Tuesday; it starts at 11:40 local.
    h.clock.set('2026-03-03T16:40:00Z');
    const driver = h.scheduler.start();
    try {
      const results = await driver.ready;
      expect(results[0]!.outcome?.status).toBe('posted');
      expect(h.publisher.posts.map((p) => p.day)).toEqual(['2026-03-03']);
    } finally {
      driver.stop();
    }
  });

  it('does not catch up a missed post the next day, and posts that day on time', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    // Down all of Tuesday; starts Wednesday 08:00 local.
    h.clock.set('2026-03-04T13:00:00Z');
    const driver = h.scheduler.start();
    try {
      const results = await driver.ready;
      expect(results[0]).toMatchObject({ due: false, reason: 'not today' });
      expect(h.publisher.posts).toHaveLength(0);
    } finally {
      driver.stop();
    }
    h.clock.set('2026-03-04T14:00:01Z');
    await h.scheduler.tick();
    expect(h.publisher.posts.map((p) => p.day)).toEqual(['2026-03-04']);
  });

  it('does not post right away when the time set is already past today; starts the next day', async () => {
    const h = harness('2026-03-03T19:00:00Z'); // 14:00 in New York
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    expect((await h.scheduler.tick())[0]).toMatchObject({ due: false, reason: 'set after today' });
    h.clock.set('2026-03-04T14:00:01Z');
    await h.scheduler.tick();
    expect(h.publisher.posts.map((p) => p.day)).toEqual(['2026-03-04']);
  });

  it('never posts twice for a day: concurrent ticks, a tick racing `daily now`, and a restart', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    h.publisher.turns = 5; // the post takes a while, so the callers overlap
    h.clock.set('2026-03-03T14:00:01Z');
    const [a, b, now] = await Promise.all([
      h.scheduler.tick(),
      h.scheduler.tick(),
      h.daily.command(member('UADMIN'), 'now', { isAdmin: true, publisher: h.publisher, language: 'en' }),
    ]);
    expect(h.publisher.posts).toHaveLength(1);
    const statuses = [...a, ...b].map((r) => r.outcome?.status ?? r.reason);
    expect(statuses.filter((s) => s === 'posted').length + (now[0]!.kind === 'daily-notice' && now[0]!.code === 'daily-posted' ? 1 : 0)).toBe(1);

    // A second instance over the same store (a restart) sees the day's record.
    const restarted = createDailyRuntime(h.core, { publisherFor: () => h.publisher, clock: h.clock });
    h.clock.advance(2 * H);
    await restarted.scheduler.tick();
    expect(h.publisher.posts).toHaveLength(1);
    const again = await h.daily.command(member('UADMIN'), 'now', { isAdmin: true, publisher: h.publisher, language: 'en' });
    expect(again[0]).toMatchObject({ kind: 'daily-notice', code: 'daily-already-posted' });
    expect(h.publisher.posts).toHaveLength(1);
  });

  it('retries a failed post on the next tick with the same scenario, and posts once', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    h.publisher.failures.push(Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited' }));
    h.clock.set('2026-03-03T14:00:01Z');
    const first = await h.scheduler.tick();
    expect(first[0]!.outcome).toMatchObject({ status: 'failed', reason: 'slack_webapi_rate_limited' });
    const failed = await h.daily.getPost(TEAM_KEY, '2026-03-03');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    h.clock.advance(MIN);
    await h.scheduler.tick();
    h.clock.advance(MIN);
    await h.scheduler.tick();
    expect(h.publisher.posts).toHaveLength(1);
    expect(h.publisher.posts[0]!.prompt.scenario.id).toBe(failed!.scenarioId);
    expect(await h.daily.getPost(TEAM_KEY, '2026-03-03')).toMatchObject({ status: 'posted', attempts: 2 });
  });

  it('leaves a "posting" record from a stopped process alone; an admin may replace it after 10 minutes', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    const at = Date.parse('2026-03-03T14:00:01Z');
    await h.store.putDoc(`daily:post:${TEAM_KEY}:2026-03-03`, {
      teamKey: TEAM_KEY, day: '2026-03-03', scenarioId: h.core.library.scenarios[0]!.id, channelId: 'C0PRACTICE',
      status: 'posting', trigger: 'schedule', attempts: 1, attemptAt: at, answers: [],
    });
    h.clock.t = at + 5 * MIN;
    expect((await h.scheduler.tick())[0]!.reason).toBe('already posting');
    const early = await h.daily.command(member('UADMIN'), 'now', { isAdmin: true, publisher: h.publisher, language: 'en' });
    expect(early[0]).toMatchObject({ code: 'daily-post-in-progress' });
    h.clock.t = at + 11 * MIN;
    const late = await h.daily.command(member('UADMIN'), 'now', { isAdmin: true, publisher: h.publisher, language: 'en' });
    expect(late[0]).toMatchObject({ code: 'daily-posted' });
    expect(h.publisher.posts.map((p) => p.prompt.scenario.id)).toEqual([h.core.library.scenarios[0]!.id]);
  });

  it('recaps the previous prompt before posting the next one, once', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    await sweep(h, '2026-03-03T13:00:00Z', '2026-03-05T15:00:00Z', 30 * MIN);
    expect(h.publisher.calls.map((c) => `${c.kind}:${'day' in c ? c.day : ''}`)).toEqual([
      'post:2026-03-03',
      'recap:2026-03-03',
      'post:2026-03-04',
      'recap:2026-03-04',
      'post:2026-03-05',
    ]);
    expect((await h.daily.getPost(TEAM_KEY, '2026-03-03'))!.recappedAt).toBeDefined();
  });

  it('rotates: tradeoffs first, no repeat until every scenario was used, then a new cycle', async () => {
    const h = harness('2026-01-01T00:00:00Z', { seed: 42 });
    await h.set('<#C0PRACTICE> 09:00 Asia/Seoul everyday');
    const all = h.core.library.scenarios;
    const tradeoffs = all.filter((s) => s.category === 'tradeoffs').map((s) => s.id);
    expect(tradeoffs.length).toBeGreaterThan(0);
    for (let d = 0; d < all.length + 3; d++) await h.scheduler.tick(Date.parse('2026-01-02T00:00:30Z') + d * 24 * H);
    const ids = h.publisher.posts.map((p) => p.prompt.scenario.id);
    expect(ids).toHaveLength(all.length + 3);
    const cycle1 = ids.slice(0, all.length);
    expect(new Set(cycle1).size).toBe(all.length);
    expect(new Set(cycle1.slice(0, tradeoffs.length))).toEqual(new Set(tradeoffs));
    const cycle2 = ids.slice(all.length);
    expect(tradeoffs).toContain(cycle2[0]);
    expect(cycle2[0]).not.toBe(cycle1.at(-1));
    expect(new Set(cycle2).size).toBe(cycle2.length);
  });

  it('reports why a team is not due', () => {
    const s: DailySettings = {
      teamKey: TEAM_KEY,
      channelId: 'C1',
      time: '09:00',
      timeZone: 'America/New_York',
      days: 'weekdays',
      language: 'en',
      enabled: false,
      setBy: 'x',
      setAt: 0,
    };
    expect(dueDay(s, Date.parse('2026-03-03T14:00:01Z')).reason).toBe('disabled');
    expect(dueDay({ ...s, enabled: true }, Date.parse('2026-03-07T15:00:00Z')).reason).toBe('not today'); // Saturday
    expect(dueDay({ ...s, enabled: true }, Date.parse('2026-03-03T14:00:01Z'))).toMatchObject({ due: true, day: '2026-03-03' });
  });

  it('does not post when turned off, and resumes with `daily on` from the next occurrence', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    await h.daily.command(member('UADMIN'), 'off', { isAdmin: true });
    h.clock.set('2026-03-03T14:00:01Z');
    expect((await h.scheduler.tick())[0]!.reason).toBe('disabled');
    h.clock.set('2026-03-03T15:00:00Z');
    const on = await h.daily.command(member('UADMIN'), 'on', { isAdmin: true, language: 'en' });
    expect(on[0]).toMatchObject({ kind: 'daily-settings', next: Date.parse('2026-03-04T14:00:00Z') });
    await h.scheduler.tick();
    expect(h.publisher.posts).toHaveLength(0);
    h.clock.set('2026-03-04T14:00:01Z');
    await h.scheduler.tick();
    expect(h.publisher.posts).toHaveLength(1);
  });

  it('posts the previous week\'s leaderboard with the first prompt of a new week', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    h.clock.set('2026-03-06T14:00:01Z'); // Friday
    await h.scheduler.tick();
    const friday = h.publisher.posts[0]!;
    await h.daily.answerDaily(member('U1', 'Kim'), { message: friday.ref }, h.strongAnswer(friday.prompt.scenario.id));
    h.clock.set('2026-03-09T13:00:01Z'); // Monday
    await h.scheduler.tick();
    expect(h.publisher.calls.map((c) => c.kind)).toEqual(['post', 'recap', 'leaderboard', 'post']);
    const board = h.publisher.boards[0]!.board;
    expect(board.period).toBe('last-week');
    expect(board.entries.map((e) => e.userId)).toEqual(['U1']);
    h.clock.set('2026-03-10T13:00:01Z');
    await h.scheduler.tick();
    expect(h.publisher.boards).toHaveLength(1);
  });

  it('starts and stops the runtime driver without leaving timers behind', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    const driver = h.scheduler.start();
    await expect(driver.ready).resolves.toEqual([]);
    driver.stop();
  });
});
