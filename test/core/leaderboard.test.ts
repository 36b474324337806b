/**
 * The leaderboard: ordering (points, then who got there first), weekly vs all time, opt-out and
 * opt-in, the asker's own rank beyond the top N, current streaks, the points rules in EN/KO, and
 * the App Home progress view.
 */
import { pointsRules } from '../../src/core/daily-messages';
import { buildLeaderboard, currentStreak, parseLeaderboardCommand, type LeaderboardReply } from '../../src/core/leaderboard';
import { newUser, weekStart } from '../../src/core/points';
import { personKey, type HistoryEntry, type UserRecord } from '../../src/core/ports';
import { TEAM_KEY, harness, member } from '../schedule/daily-harness';

const NOW = Date.parse('2026-03-11T12:00:00Z'); // Wednesday
const WEEK = weekStart(NOW);
const DAY = 86_400_000;

function entry(at: number, points: number, scenarioId = 'x'): HistoryEntry {
  return { scenarioId, category: 'tradeoffs', difficulty: 'medium', source: 'practice', overall: 3, scores: {}, points, grader: 'offline', at };
}

function user(id: string, entries: HistoryEntry[], extra: Partial<UserRecord> = {}): UserRecord {
  const u = newUser(`slack:T0001:${id}`, TEAM_KEY, id, id.toLowerCase());
  const history = [...entries].sort((a, b) => b.at - a.at);
  return { ...u, history, totalPoints: history.reduce((a, h) => a + h.points, 0), answered: history.length, ...extra };
}

const ids = (b: LeaderboardReply) => b.entries.map((e) => e.userId);

describe('buildLeaderboard', () => {
  const users = [
    user('A', [entry(WEEK - 3 * DAY, 100), entry(WEEK + DAY, 10)]), // all 110, week 10
    user('B', [entry(WEEK + 2 * DAY, 40)]), // all 40, week 40 (reached later than C)
    user('C', [entry(WEEK + DAY, 40)]), // all 40, week 40 (reached first)
    user('D', [entry(WEEK - 10 * DAY, 500)], { optOut: true }),
    user('E', []),
  ];

  it('orders all time by points, then by who reached them first; opted-out and pointless people excluded', () => {
    const b = buildLeaderboard(TEAM_KEY, users, { period: 'all', language: 'en', now: NOW });
    expect(ids(b)).toEqual(['A', 'C', 'B']);
    expect(b.entries.map((e) => [e.rank, e.points])).toEqual([
      [1, 110],
      [2, 40],
      [3, 40],
    ]);
    expect(b.totalRanked).toBe(3);
    expect(b.title).toBe('Leaderboard · all time');
  });

  it('counts only this week (since Monday 00:00 UTC) on the weekly board', () => {
    const b = buildLeaderboard(TEAM_KEY, users, { period: 'week', language: 'ko', now: NOW });
    expect(ids(b)).toEqual(['C', 'B', 'A']);
    expect(b.entries.map((e) => e.points)).toEqual([40, 40, 10]);
    expect(b).toMatchObject({ from: WEEK, title: '리더보드 · 이번 주' });
  });

  it('lists the top N and the asking person\'s own rank beyond it', () => {
    const many = Array.from({ length: 15 }, (_, i) => user(`U${String(i).padStart(2, '0')}`, [entry(WEEK + i * 1000, 100 - i)]));
    const b = buildLeaderboard(TEAM_KEY, many, { period: 'all', language: 'en', now: NOW, top: 10, askingKey: 'slack:T0001:U13' });
    expect(b.entries).toHaveLength(10);
    expect(b.me).toMatchObject({ rank: 14, points: 87, inTop: false, optedOut: false, text: 'You: #14 with 87 points.' });
    const hidden = buildLeaderboard(TEAM_KEY, users, { period: 'all', language: 'en', now: NOW, askingKey: 'slack:T0001:D' });
    expect(hidden.me).toMatchObject({ rank: undefined, optedOut: true });
    expect(hidden.me!.text).toMatch(/hidden/);
    const none = buildLeaderboard(TEAM_KEY, users, { period: 'week', language: 'en', now: NOW, askingKey: 'slack:T0001:E' });
    expect(none.me).toMatchObject({ rank: undefined, points: 0, text: 'You have no points in this period yet.' });
  });

  it('says so when the board is empty', () => {
    const b = buildLeaderboard(TEAM_KEY, [user('E', [])], { period: 'week', language: 'en', now: NOW });
    expect(b.entries).toEqual([]);
    expect(b.emptyText).toMatch(/No points on the board yet/);
  });

  it('shows a streak only while it is current', () => {
    const s = { count: 4, lastDay: '2026-03-09', best: 6 };
    expect(currentStreak(s, { last: '2026-03-10', previous: '2026-03-09' })).toBe(4); // today's not answered yet
    expect(currentStreak(s, { last: '2026-03-11', previous: '2026-03-10' })).toBe(0); // missed one
    expect(currentStreak(s, undefined)).toBe(4);
  });
});

describe('parseLeaderboardCommand', () => {
  it.each([
    ['', { kind: 'show', period: 'week' }],
    ['week', { kind: 'show', period: 'week' }],
    ['leaderboard all', { kind: 'show', period: 'all' }],
    ['optout', { kind: 'optout' }],
    ['opt-in', { kind: 'optin' }],
    ['rules', { kind: 'rules' }],
    ['forever', { kind: 'error', input: 'forever' }],
    ['all week', { kind: 'error', input: 'all week' }],
  ])('%s', (text, expected) => expect(parseLeaderboardCommand(text)).toEqual(expected));
});

describe('points rules', () => {
  it('are written from the constants, in English and Korean', () => {
    expect(pointsRules('en')).toMatch(/x 10 x difficulty.*easy counts x1, medium x1\.5 and hard x2.*earns 5 extra.*earns 0/);
    expect(pointsRules('ko')).toMatch(/쉬움 x1, 보통 x1\.5, 어려움 x2.*5점을 더/);
  });
});

describe('leaderboard service (real coach and store)', () => {
  it('opts out and back in, through the coach, and the board follows', async () => {
    const h = harness('2026-03-11T12:00:00Z');
    const kim = member('U1', 'Kim');
    const park = member('U2', 'Park');
    for (const p of [kim, park]) {
      const s = h.core.library.scenarios[0]!;
      await h.core.coach.gradeOnce(p, s.id, h.strongAnswer(s.id), { source: 'practice' });
    }
    let board = (await h.leaderboard.command(kim, 'all', 'en'))[0] as LeaderboardReply;
    expect(ids(board).sort()).toEqual(['U1', 'U2']);
    expect((await h.leaderboard.command(kim, 'optout', 'en'))[0]).toMatchObject({ code: 'lb-optout' });
    expect((await h.store.getUser(personKey(kim)))!.optOut).toBe(true);
    board = (await h.leaderboard.command(park, 'all', 'en'))[0] as LeaderboardReply;
    expect(ids(board)).toEqual(['U2']);
    expect((await h.leaderboard.optIn(kim, 'ko')).text).toBe('다시 리더보드에 표시됩니다.');
    board = await h.leaderboard.board(kim, 'week', 'en');
    expect(ids(board).sort()).toEqual(['U1', 'U2']);
    expect(board.me).toMatchObject({ userId: 'U1', inTop: true });
  });

  it('keeps an opt-out made while the person\'s practice answer is being graded', async () => {
    const h = harness('2026-03-11T12:00:00Z');
    const kim = member('U1', 'Kim');
    const started = await h.core.coach.start(kim, { category: 'tradeoffs' });
    const id = (started.find((r) => r.kind === 'scenario') as { scenario: { id: string } }).scenario.id;
    h.grader.delayMs = 20;
    const grading = h.core.coach.answer(kim, h.strongAnswer(id));
    await new Promise((r) => setImmediate(r)); // the grading has loaded the record and is waiting on the grader
    const out = h.leaderboard.optOut(kim, 'en');
    await Promise.all([grading, out]);
    const u = (await h.store.getUser(personKey(kim)))!;
    expect(u.optOut).toBe(true);
    expect(u.history).toHaveLength(1);
  });

  it('builds the App Home progress view as data', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:00 America/New_York weekdays');
    h.clock.set('2026-03-03T14:00:01Z');
    await h.scheduler.tick();
    const post = h.publisher.posts[0]!;
    const kim = member('U1', 'Kim');
    await h.daily.answerDaily(kim, { message: post.ref }, h.strongAnswer(post.prompt.scenario.id));
    const p = await h.leaderboard.progress(kim, 'en');
    expect(p).toMatchObject({ kind: 'progress', userId: 'U1', answered: 1, streak: { current: 1, best: 1 }, rank: { all: 1, week: 1, optedOut: false } });
    expect(p.averages).toHaveLength(h.core.library.library.criteria.length);
    expect(p.averages.filter((a) => a.average !== null).length).toBe(h.core.library.scenario(post.prompt.scenario.id)!.criteria.length);
    expect(p.recent[0]).toMatchObject({ scenarioId: post.prompt.scenario.id, source: 'daily' });
    expect(p.top.map((e) => e.userId)).toEqual(['U1']);
    expect(p.categories.find((c) => c.id === 'tradeoffs')!.count).toBeGreaterThan(0);
    expect(p.pointsRules).toMatch(/How points work/);
  });
});
