/**
 * PostgreSQL: the Store contract against a real server, plus what only several processes show:
 * two stores (two pools, as two instances) on one database serialise a person's turns, share
 * claims and never hand one job to both. Skipped without FDE_TEST_DATABASE_URL (see
 * test/support/pg.ts); CI always runs it.
 */
import { StoreUnavailableError } from '../../src/core/ports';
import { openPostgresStore } from '../../src/store/postgres';
import { describePg, dropDatabase, freshDatabase } from '../support/pg';
import { manualClock, storeContract } from './contract';
import type { SqlStore } from '../../src/store/sql-store';
import { sql } from 'kysely';

describePg('postgres', () => {
  let url: string;
  beforeAll(async () => {
    url = await freshDatabase('store');
  });
  afterAll(async () => {
    await dropDatabase(url);
  });

  const truncate = (s: SqlStore) =>
    sql`truncate people, answers, sessions, docs, claims, leases, jobs, usage_totals restart identity`.execute(s.db);

  storeContract('postgres', async () => {
    const clock = manualClock();
    const store = await openPostgresStore(url, { clock });
    await truncate(store);
    return { store, clock, close: () => store.close() };
  });

  describe('two instances on one database', () => {
    let a: SqlStore;
    let b: SqlStore;
    beforeEach(async () => {
      [a, b] = [await openPostgresStore(url), await openPostgresStore(url)];
      await truncate(a);
    });
    afterEach(async () => {
      await Promise.all([a.close(), b.close()]);
    });

    test('a person lock serialises read-modify-write across instances: no update lost', async () => {
      await a.putDoc('counter', 0);
      const bump = (s: SqlStore) =>
        s.withLock('person:slack:T1:U1', async () => {
          const n = (await s.getDoc<number>('counter'))!;
          await new Promise((r) => setImmediate(r));
          await s.putDoc('counter', n + 1);
        });
      await Promise.all(Array.from({ length: 60 }, (_, i) => bump(i % 2 ? a : b)));
      expect(await a.getDoc('counter')).toBe(60);
    });

    test('claims: one winner per id across instances', async () => {
      const ids = Array.from({ length: 200 }, (_, i) => `Ev${i}`);
      const [ra, rb] = await Promise.all([Promise.all(ids.map((id) => a.claim(id, 60_000))), Promise.all(ids.map((id) => b.claim(id, 60_000)))]);
      expect(ids.every((_, i) => ra[i] !== rb[i])).toBe(true);
    });

    test('jobs whose lease ran out go to exactly one instance', async () => {
      for (let i = 0; i < 60; i++) await a.putJob({ id: `j${i}`, personKey: `slack:T1:U${i}`, kind: 'practice', payload: {} }, 'dead', 1);
      await new Promise((r) => setTimeout(r, 5));
      const taken: string[] = [];
      await Promise.all(
        [a, b, a, b].map(async (s, k) => {
          for (;;) {
            const got = await s.claimJobs(`owner${k}`, 60_000, { limit: 7 });
            if (!got.length) return;
            taken.push(...got.map((j) => j.id));
          }
        }),
      );
      expect(taken.sort()).toEqual(Array.from({ length: 60 }, (_, i) => `j${i}`).sort());
    });
  });

  test('a database that goes away mid-run: calls fail with StoreUnavailableError, nothing crashes', async () => {
    const gone = await freshDatabase('gone');
    const s = await openPostgresStore(gone);
    await s.putDoc('k', 1);
    await dropDatabase(gone);
    await expect(s.getDoc('k')).rejects.toThrow(StoreUnavailableError);
    await expect(s.withLock('person:x', async () => 1)).rejects.toThrow(StoreUnavailableError);
    await s.close().catch(() => undefined);
  });
});

describe('postgres: unreachable at start', () => {
  test('one clear error naming DATABASE_URL, password redacted', async () => {
    const err = await openPostgresStore('postgres://fde:s3cret-pw@127.0.0.1:1/fde').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/^cannot reach PostgreSQL at DATABASE_URL=postgres:\/\/fde:\*\*\*@127\.0\.0\.1:1\/fde: /);
    expect((err as Error).message).not.toContain('s3cret');
  });
});
