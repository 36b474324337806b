/**
 * Store cost per operation the product does, memory as the baseline measured in the same run:
 *   - one practice turn's store work: the person's lock, read the person and session, write the
 *     answer as a grading job, then commit the grade (person, answer, usage, session, job) in one
 *     transaction;
 *   - a weekly leaderboard for a team of 1,000 people (20 graded answers each over four weeks):
 *     people without history plus one grouped query over the week's answers, as the bot does it,
 *     and for comparison the scan it replaced (every person with history, ranked in process).
 *
 *   npx tsx bench/store.ts [--turns 300] [--boards 30] [--pg postgres://...]
 *
 * PostgreSQL runs when --pg (or FDE_BENCH_DATABASE_URL) names a database; its tables are
 * created if missing and emptied first.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { boardWindow, buildLeaderboard, loadStandings } from '../src/core/leaderboard';
import { newUser, recordGrade } from '../src/core/points';
import type { HistoryEntry, SessionState, Store } from '../src/core/ports';
import { MemoryStore } from '../src/store/memory';
import { openPostgresStore } from '../src/store/postgres';
import { openSqliteStore } from '../src/store/sqlite';
import type { SqlStore } from '../src/store/sql-store';

const arg = (name: string, dflt?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const TURNS = Number(arg('turns', '300'));
const BOARDS = Number(arg('boards', '30'));
const PG = arg('pg', process.env.FDE_BENCH_DATABASE_URL);
const PEOPLE = 1000;
const PER_PERSON = 20;
const TEAM = 'slack:TBENCH';
const NOW = Date.UTC(2026, 10, 26, 12);
const WEEK = 7 * 86_400_000;

const entry = (i: number, at: number): HistoryEntry => ({
  scenarioId: `s${i % 40}`,
  category: 'tradeoffs',
  difficulty: 'medium',
  source: 'practice',
  overall: 3.5,
  scores: { communication: 3, productionization: 4, 'tradeoff-judgment': 4 },
  points: 30 + (i % 20),
  grader: 'offline',
  at,
});

async function seed(store: Store): Promise<void> {
  for (let p = 0; p < PEOPLE; p++) {
    let u = newUser(`${TEAM}:U${p}`, TEAM, `U${p}`, `Person ${p}`);
    for (let i = 0; i < PER_PERSON; i++) u = recordGrade(u, entry(p + i, NOW - 4 * WEEK + Math.floor(((i + p / PEOPLE) * 4 * WEEK) / PER_PERSON)));
    await store.putUser(u);
  }
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { mean, p50: s[Math.floor(s.length * 0.5)]!, p95: s[Math.floor(s.length * 0.95)]! };
}

async function turn(store: Store, p: number, n: number): Promise<void> {
  const key = `${TEAM}:U${p}`;
  await store.withLock(`person:${key}`, async () => {
    const user = (await store.getUser(key))!;
    const session = (await store.getSession(key)) ?? ({ id: `b${n}`, personKey: key } as SessionState);
    await store.putJob({ id: `practice:${session.id}`, personKey: key, kind: 'practice', payload: { session } }, 'bench', 30_000);
    await store.commitGrade({
      user: recordGrade(user, entry(n, NOW)),
      usage: { gradings: 1, llmGradings: 0, fallbacks: 0, promptTokens: 0, completionTokens: 0, latencyMs: 0 },
      deleteSessionOf: key,
      jobId: `practice:${session.id}`,
    });
  });
}

async function measure(name: string, store: Store): Promise<Record<string, string>> {
  const t0 = performance.now();
  await seed(store);
  const seedMs = performance.now() - t0;
  const turns: number[] = [];
  for (let n = 0; n < TURNS; n++) {
    const t = performance.now();
    await turn(store, (n * 7919) % PEOPLE, n);
    turns.push(performance.now() - t);
  }
  const query: number[] = [];
  const scan: number[] = [];
  let ranked = 0;
  for (let n = 0; n < BOARDS; n++) {
    let t = performance.now();
    const [users, standings] = await Promise.all([store.listUsers(TEAM, { history: false }), loadStandings(store, TEAM, boardWindow({ period: 'week', now: NOW }))]);
    ranked = buildLeaderboard(TEAM, users, { period: 'week', language: 'en', now: NOW, standings }).totalRanked;
    query.push(performance.now() - t);
    if (n < 5) {
      t = performance.now();
      buildLeaderboard(TEAM, await store.listUsers(TEAM), { period: 'week', language: 'en', now: NOW });
      scan.push(performance.now() - t);
    }
  }
  const [ts, qs, ss] = [stats(turns), stats(query), stats(scan)];
  const f = (x: number) => x.toFixed(2);
  return {
    store: name,
    'seed 1k people (s)': (seedMs / 1000).toFixed(1),
    'turn mean ms': f(ts.mean),
    'turn p95 ms': f(ts.p95),
    'week board mean ms': f(qs.mean),
    'week board p95 ms': f(qs.p95),
    'scan board mean ms': f(ss.mean),
    ranked: String(ranked),
  };
}

async function main() {
  const rows: Record<string, string>[] = [];
  rows.push(await measure('memory', new MemoryStore()));
  const sqlite = await openSqliteStore(mkdtempSync(path.join(os.tmpdir(), 'fde-bench-')));
  rows.push(await measure('sqlite', sqlite));
  await sqlite.close();
  if (PG) {
    const pg: SqlStore = await openPostgresStore(PG);
    await sql`truncate people, answers, sessions, docs, claims, leases, jobs, usage_totals restart identity`.execute(pg.db);
    rows.push(await measure('postgres', pg));
    await pg.close();
  } else console.log('(PostgreSQL skipped: pass --pg postgres://... or set FDE_BENCH_DATABASE_URL)');
  console.log(`${TURNS} turns, ${BOARDS} weekly boards over ${PEOPLE} people x ${PER_PERSON} answers; node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`);
  console.table(rows);
  const base = rows[0]!;
  for (const r of rows.slice(1))
    console.log(
      `${r.store}: turn ${(Number(r['turn mean ms']) / Number(base['turn mean ms'])).toFixed(0)}x memory, ` +
        `week board ${(Number(r['week board mean ms']) / Number(base['week board mean ms'])).toFixed(1)}x memory, ` +
        `query ${(Number(r['scan board mean ms']) / Number(r['week board mean ms'])).toFixed(1)}x faster than the scan`,
    );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
