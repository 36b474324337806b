/**
 * The Store contract: every implementation (memory, SQLite, PostgreSQL) passes the same suite.
 * Each test gets a fresh store and a clock it controls.
 */
import type { HistoryEntry, SessionState, Store, UserRecord } from '../../src/core/ports';
import { newUser, recordGrade } from '../../src/core/points';

export interface Opened {
  store: Store;
  /** Moves the store's clock. */
  clock: { now: () => number; set(ms: number): void };
  close(): Promise<void>;
}

export type Open = () => Promise<Opened>;

export function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, set: (ms: number) => void (t = ms) };
}

const entry = (at: number, points: number, scenarioId = 's1'): HistoryEntry => ({
  scenarioId,
  category: 'tradeoffs',
  difficulty: 'medium',
  source: 'practice',
  overall: 3.5,
  scores: { communication: 4, productionization: 3 },
  points,
  grader: 'offline',
  at,
});

const graded = (u: UserRecord, ...entries: HistoryEntry[]) => entries.reduce((acc, e) => recordGrade(acc, e), u);

const session = (personKey: string, over: Partial<SessionState> = {}): SessionState => ({
  id: `sess-${personKey}`,
  personKey,
  scenarioId: 's1',
  language: 'en',
  languageFixed: false,
  phase: 'awaiting-answer',
  followUps: [],
  startedAt: 1,
  lastActivityAt: 2,
  filters: {},
  ...over,
});

const usage1 = { gradings: 1, llmGradings: 1, fallbacks: 0, promptTokens: 100, completionTokens: 20, latencyMs: 300 };

export function storeContract(name: string, open: Open): void {
  describe(`${name}: the Store contract`, () => {
    let o: Opened;
    beforeEach(async () => {
      o = await open();
    });
    afterEach(async () => {
      await o.close();
    });

    test('people round-trip with settings; history is most recent first and append-only', async () => {
      const { store } = o;
      let u = newUser('slack:T1:U1', 'slack:T1', 'U1', 'Ada');
      u = { ...u, language: 'ko', optOut: true, seen: ['a', 'b'], streak: { count: 2, lastDay: '2026-01-02', best: 3 } };
      u = graded(u, entry(1000, 10), entry(1000, 20, 's2'));
      await store.putUser(u);
      const back = await store.getUser(u.key);
      expect(back).toEqual(u);
      expect(back!.history.map((h) => h.points)).toEqual([20, 10]);
      // Writing the same record again adds nothing; a new grade adds exactly one answer.
      await store.putUser(u);
      await store.putUser(graded(u, entry(2000, 5)));
      expect((await store.answersOf(u.key)).map((h) => h.points)).toEqual([10, 20, 5]);
      expect(await store.getUser('slack:T1:nobody')).toBeUndefined();
    });

    test('listUsers and listTeams by team', async () => {
      const { store } = o;
      await store.putUser(newUser('slack:T1:U1', 'slack:T1', 'U1'));
      await store.putUser(newUser('slack:T1:U2', 'slack:T1', 'U2'));
      await store.putUser(newUser('teams:X:U3', 'teams:X', 'U3'));
      expect((await store.listUsers('slack:T1')).map((u) => u.key).sort()).toEqual(['slack:T1:U1', 'slack:T1:U2']);
      expect(await store.listTeams()).toEqual(['slack:T1', 'teams:X']);
    });

    test('standings: points per person in a window, when they were reached, other teams apart', async () => {
      const { store } = o;
      await store.putUser(graded(newUser('slack:T1:A', 'slack:T1', 'A'), entry(100, 10), entry(200, 0), entry(300, 7)));
      await store.putUser(graded(newUser('slack:T1:B', 'slack:T1', 'B'), entry(50, 40), entry(250, 0)));
      await store.putUser(graded(newUser('slack:T2:C', 'slack:T2', 'C'), entry(150, 99)));
      const week = (await store.standings('slack:T1', { from: 100, to: 300 })).sort((a, b) => a.userKey.localeCompare(b.userKey));
      expect(week).toEqual([
        { userKey: 'slack:T1:A', points: 10, reachedAt: 100 },
        { userKey: 'slack:T1:B', points: 0, reachedAt: Number.MAX_SAFE_INTEGER },
      ]);
      const all = (await store.standings('slack:T1', {})).sort((a, b) => a.userKey.localeCompare(b.userKey));
      expect(all.map((s) => [s.points, s.reachedAt])).toEqual([
        [17, 300],
        [40, 50],
      ]);
    });

    test('sessions: put, get, list, delete', async () => {
      const { store } = o;
      await store.putSession(session('slack:T1:U1'));
      await store.putSession(session('slack:T1:U1', { phase: 'awaiting-follow-up', answer: '안녕하세요 answer' }));
      await store.putSession(session('slack:T1:U2'));
      expect(await store.getSession('slack:T1:U1')).toEqual(session('slack:T1:U1', { phase: 'awaiting-follow-up', answer: '안녕하세요 answer' }));
      expect((await store.listSessions()).length).toBe(2);
      await store.deleteSession('slack:T1:U1');
      expect(await store.getSession('slack:T1:U1')).toBeUndefined();
    });

    test('docs: a prefix is literal (no wildcards, case kept)', async () => {
      const { store } = o;
      await store.putDoc('daily:post:a_b:1', { n: 1 });
      await store.putDoc('daily:post:aXb:1', { n: 2 });
      await store.putDoc('DAILY:post:a_b:2', { n: 3 });
      await store.putDoc('daily:post:a_b:1', { n: 4 });
      expect(await store.listDocs('daily:post:a_b:')).toEqual([{ key: 'daily:post:a_b:1', value: { n: 4 } }]);
      expect(await store.getDoc('missing')).toBeUndefined();
    });

    test('claim: one winner per key within the window, claimable again after it', async () => {
      const { store, clock } = o;
      const results = await Promise.all(Array.from({ length: 20 }, () => store.claim('ev:1', 1000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      clock.set(clock.now() + 999);
      expect(await store.claim('ev:1', 1000)).toBe(false);
      clock.set(clock.now() + 2);
      expect(await store.claim('ev:1', 1000)).toBe(true);
      expect(await store.claim('ev:2', 1000)).toBe(true);
    });

    test('tryLease: one holder until it expires; the holder renews', async () => {
      const { store, clock } = o;
      expect(await store.tryLease('daily', 'A', 1000)).toBe(true);
      expect(await store.tryLease('daily', 'B', 1000)).toBe(false);
      clock.set(clock.now() + 900);
      expect(await store.tryLease('daily', 'A', 1000)).toBe(true);
      clock.set(clock.now() + 900);
      expect(await store.tryLease('daily', 'B', 1000)).toBe(false);
      clock.set(clock.now() + 200);
      expect(await store.tryLease('daily', 'B', 1000)).toBe(true);
    });

    test('withLock: one key runs one at a time; other keys do not wait', async () => {
      const { store } = o;
      const order: string[] = [];
      const slow = (tag: string, ms: number) => async () => {
        order.push(`${tag}+`);
        await new Promise((r) => setTimeout(r, ms));
        order.push(`${tag}-`);
        return tag;
      };
      const [a, b, c] = await Promise.all([
        store.withLock('person:1', slow('a', 60)),
        store.withLock('person:1', slow('b', 10)),
        store.withLock('person:2', slow('c', 10)),
      ]);
      expect([a, b, c]).toEqual(['a', 'b', 'c']);
      expect(order.indexOf('a-')).toBeLessThan(order.indexOf('b+'));
      expect(order.indexOf('c-')).toBeLessThan(order.indexOf('a-'));
      // A failing task releases the lock.
      await expect(store.withLock('person:1', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await store.withLock('person:1', async () => 'free')).toBe('free');
    });

    test('commitGrade: the grade, usage, closed session and finished job together', async () => {
      const { store } = o;
      const key = 'slack:T1:U1';
      await store.putSession(session(key));
      await store.putJob({ id: 'practice:x', personKey: key, kind: 'practice', payload: { session: session(key) } }, 'me', 10_000);
      const u = graded(newUser(key, 'slack:T1', 'U1'), entry(10, 30));
      await store.commitGrade({ user: u, usage: usage1, deleteSessionOf: key, jobId: 'practice:x' });
      await store.commitGrade({ user: graded(u, entry(20, 5)), usage: usage1 });
      expect((await store.getUser(key))!.totalPoints).toBe(35);
      expect(await store.getSession(key)).toBeUndefined();
      expect(await store.jobLive('practice:x')).toBe(false);
      expect(await store.getUsage()).toEqual({ gradings: 2, llmGradings: 2, fallbacks: 0, promptTokens: 200, completionTokens: 40, latencyMs: 600 });
    });

    test('jobs: leased to their owner, claimed by one other process once the lease runs out', async () => {
      const { store, clock } = o;
      const t0 = clock.now();
      await store.putJob({ id: 'j1', personKey: 'slack:T1:U1', kind: 'practice', payload: { a: 1 } }, 'A', 1000);
      clock.set(t0 + 1);
      await store.putJob({ id: 'j2', personKey: 'teams:X:U2', kind: 'daily', payload: { b: 2 } }, 'A', 1000);
      expect(await store.jobLive('j1')).toBe(true);
      expect(await store.claimJobs('B', 1000, { limit: 10 })).toEqual([]);
      clock.set(t0 + 600);
      expect(await store.renewJob('j1', 'A', 1000)).toBe(true);
      clock.set(t0 + 1200);
      // j2's lease ran out (A stopped renewing it); j1's was renewed.
      const claimed = await store.claimJobs('B', 1000, { limit: 10 });
      expect(claimed.map((j) => [j.id, j.kind, j.payload, j.attempts])).toEqual([['j2', 'daily', { b: 2 }, 2]]);
      expect(await store.renewJob('j2', 'A', 1000)).toBe(false);
      clock.set(t0 + 5000);
      expect((await store.claimJobs('C', 1000, { limit: 10, personKeyPrefixes: ['slack:'] })).map((j) => j.id)).toEqual(['j1']);
      expect(await store.claimJobs('D', 1000, { limit: 10, personKeyPrefixes: [] })).toEqual([]);
      await store.deleteJob('j1');
      clock.set(t0 + 10_000);
      expect((await store.claimJobs('E', 1000, { limit: 10 })).map((j) => j.id)).toEqual(['j2']);
    });
  });
}
