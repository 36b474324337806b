/**
 * The Store over SQL, one access layer for SQLite and PostgreSQL (kysely). What differs between
 * the engines (cross-process locks, SKIP LOCKED) lives in their Engine (engine-*.ts); everything
 * here is SQL both accept (ON CONFLICT upserts, UPDATE ... RETURNING, substr).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { HISTORY_LIMIT } from '../core/points';
import {
  StoreUnavailableError,
  systemClock,
  type Clock,
  type GradeCommit,
  type GradingJob,
  type HistoryEntry,
  type SessionState,
  type Standing,
  type Store,
  type UsageTotals,
  type UserRecord,
} from '../core/ports';
import type { CategoryId, Difficulty, Language } from '../core/types';
import type { Database, PeopleTable } from './schema';
import { EMPTY_USAGE, historyToAppend } from './shared';

/** The engine-specific part: one small file per engine. */
export interface Engine {
  readonly name: 'sqlite' | 'postgres';
  /** Runs fn holding the named lock across every process on this database. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Whether SELECT ... FOR UPDATE SKIP LOCKED applies (PostgreSQL); SQLite's writer is single. */
  readonly skipLocked: boolean;
  close(): Promise<void>;
}

type Db = Kysely<Database> | Transaction<Database>;

const USAGE_ROW = 'grading';

/** One claim in this many also deletes expired claims: lazy expiry, no timer. */
const CLAIM_SWEEP_EVERY = 200;

export class SqlStore implements Store {
  private claimsSinceSweep = 0;

  constructor(
    readonly db: Kysely<Database>,
    readonly engine: Engine,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Turns any database failure into StoreUnavailableError: the core answers "could not save". */
  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err;
      throw new StoreUnavailableError(`${this.engine.name} store: ${what} failed: ${(err as Error).message}`, err);
    }
  }

  // People and their answers ------------------------------------------------------------------

  private async history(db: Db, key: string, limit = HISTORY_LIMIT): Promise<HistoryEntry[]> {
    const rows = await db
      .selectFrom('answers')
      .selectAll()
      .where('person_key', '=', key)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      scenarioId: r.scenario_id,
      category: r.category as CategoryId,
      difficulty: r.difficulty as Difficulty,
      source: r.source as HistoryEntry['source'],
      overall: Number(r.overall),
      scores: JSON.parse(r.scores) as HistoryEntry['scores'],
      points: Number(r.points),
      grader: r.grader as HistoryEntry['grader'],
      at: Number(r.at),
    }));
  }

  private toUser(row: PeopleTable, history: HistoryEntry[]): UserRecord {
    const data = JSON.parse(row.data) as Pick<UserRecord, 'totals' | 'seen' | 'streak'>;
    const u: UserRecord = {
      key: row.key,
      teamKey: row.team_key,
      userId: row.user_id,
      history,
      totals: data.totals,
      totalPoints: Number(row.total_points),
      answered: Number(row.answered),
      seen: data.seen,
      optOut: Boolean(Number(row.opt_out)),
      streak: data.streak,
    };
    if (row.display_name !== null) u.displayName = row.display_name;
    if (row.language !== null) u.language = row.language as Language;
    return u;
  }

  async getUser(key: string): Promise<UserRecord | undefined> {
    return this.guard('getUser', async () => {
      const row = await this.db.selectFrom('people').selectAll().where('key', '=', key).executeTakeFirst();
      return row && this.toUser(row, await this.history(this.db, key));
    });
  }

  private async writeUser(db: Db, user: UserRecord): Promise<void> {
    const row: PeopleTable = {
      key: user.key,
      team_key: user.teamKey,
      user_id: user.userId,
      display_name: user.displayName ?? null,
      language: user.language ?? null,
      opt_out: user.optOut ? 1 : 0,
      total_points: user.totalPoints,
      answered: user.answered,
      data: JSON.stringify({ totals: user.totals, seen: user.seen, streak: user.streak }),
    };
    const { key: _key, ...update } = row;
    await db.insertInto('people').values(row).onConflict((oc) => oc.column('key').doUpdateSet(update)).execute();
    const stored = await db
      .selectFrom('answers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('person_key', '=', user.key)
      .executeTakeFirstOrThrow();
    const fresh = historyToAppend(Number(stored.n), user);
    if (!fresh.length) return;
    await db
      .insertInto('answers')
      .values(
        fresh.map((h) => ({
          person_key: user.key,
          team_key: user.teamKey,
          scenario_id: h.scenarioId,
          category: h.category,
          difficulty: h.difficulty,
          source: h.source,
          overall: h.overall,
          points: h.points,
          grader: h.grader,
          at: h.at,
          scores: JSON.stringify(h.scores),
        })),
      )
      .execute();
  }

  async putUser(user: UserRecord): Promise<void> {
    return this.guard('putUser', () => this.db.transaction().execute((trx) => this.writeUser(trx, user)));
  }

  async listUsers(teamKey: string, opts: { history?: boolean } = {}): Promise<UserRecord[]> {
    return this.guard('listUsers', async () => {
      const rows = await this.db.selectFrom('people').selectAll().where('team_key', '=', teamKey).orderBy('key').execute();
      if (opts.history === false) return rows.map((r) => this.toUser(r, []));
      return Promise.all(rows.map(async (r) => this.toUser(r, await this.history(this.db, r.key))));
    });
  }

  async answersOf(personKey: string): Promise<HistoryEntry[]> {
    return this.guard('answersOf', async () => (await this.history(this.db, personKey, Number.MAX_SAFE_INTEGER)).reverse());
  }

  async listTeams(): Promise<string[]> {
    return this.guard('listTeams', async () => {
      const rows = await this.db.selectFrom('people').select('team_key').distinct().orderBy('team_key').execute();
      return rows.map((r) => r.team_key);
    });
  }

  async standings(teamKey: string, window: { from?: number; to?: number }): Promise<Standing[]> {
    return this.guard('standings', async () => {
      let q = this.db
        .selectFrom('answers')
        .select((eb) => [
          'person_key',
          eb.fn.sum<number>('points').as('points'),
          sql<number | null>`max(case when points > 0 then at end)`.as('reached'),
        ])
        .where('team_key', '=', teamKey);
      if (window.from !== undefined) q = q.where('at', '>=', window.from);
      if (window.to !== undefined) q = q.where('at', '<', window.to);
      const rows = await q.groupBy('person_key').execute();
      return rows.map((r) => ({
        userKey: r.person_key,
        points: Number(r.points),
        reachedAt: r.reached === null ? Number.MAX_SAFE_INTEGER : Number(r.reached),
      }));
    });
  }

  // Sessions and documents --------------------------------------------------------------------

  async getSession(personKey: string): Promise<SessionState | undefined> {
    return this.guard('getSession', async () => {
      const row = await this.db.selectFrom('sessions').select('data').where('person_key', '=', personKey).executeTakeFirst();
      return row && (JSON.parse(row.data) as SessionState);
    });
  }
  async putSession(session: SessionState): Promise<void> {
    return this.guard('putSession', async () => {
      const row = { person_key: session.personKey, last_activity_at: session.lastActivityAt, data: JSON.stringify(session) };
      await this.db
        .insertInto('sessions')
        .values(row)
        .onConflict((oc) => oc.column('person_key').doUpdateSet({ last_activity_at: row.last_activity_at, data: row.data }))
        .execute();
    });
  }
  async deleteSession(personKey: string): Promise<void> {
    return this.guard('deleteSession', async () => {
      await this.db.deleteFrom('sessions').where('person_key', '=', personKey).execute();
    });
  }
  async listSessions(): Promise<SessionState[]> {
    return this.guard('listSessions', async () => {
      const rows = await this.db.selectFrom('sessions').select('data').orderBy('person_key').execute();
      return rows.map((r) => JSON.parse(r.data) as SessionState);
    });
  }
  async getDoc<T>(key: string): Promise<T | undefined> {
    return this.guard('getDoc', async () => {
      const row = await this.db.selectFrom('docs').select('value').where('key', '=', key).executeTakeFirst();
      return row && (JSON.parse(row.value) as T);
    });
  }
  async putDoc<T>(key: string, value: T): Promise<void> {
    return this.guard('putDoc', async () => {
      const v = JSON.stringify(value);
      await this.db.insertInto('docs').values({ key, value: v }).onConflict((oc) => oc.column('key').doUpdateSet({ value: v })).execute();
    });
  }
  async listDocs<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    return this.guard('listDocs', async () => {
      // substr, not LIKE: SQLite's LIKE ignores case and both treat _ and % as wildcards.
      const rows = await this.db
        .selectFrom('docs')
        .selectAll()
        .where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix)
        .execute();
      return rows
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
    });
  }

  // Coordination across processes --------------------------------------------------------------

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.engine.withLock(key, fn);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return this.guard('claim', async () => {
      const now = this.clock.now();
      if (++this.claimsSinceSweep >= CLAIM_SWEEP_EVERY) {
        this.claimsSinceSweep = 0;
        await this.db.deleteFrom('claims').where('expires_at', '<=', now).execute();
      }
      // One winner per key: inserted, or taken over only once the previous claim has expired.
      const r = await this.db
        .insertInto('claims')
        .values({ key, expires_at: now + ttlMs })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({ expires_at: now + ttlMs })
            .where('claims.expires_at', '<=', now),
        )
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    });
  }

  async tryLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.guard('tryLease', async () => {
      const now = this.clock.now();
      const r = await this.db
        .insertInto('leases')
        .values({ name, holder, expires_at: now + ttlMs })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, expires_at: now + ttlMs })
            .where((eb) => eb.or([eb('leases.expires_at', '<=', now), eb('leases.holder', '=', holder)])),
        )
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    });
  }

  // Grades, usage and jobs ---------------------------------------------------------------------

  async commitGrade(c: GradeCommit): Promise<void> {
    return this.guard('commitGrade', () =>
      this.db.transaction().execute(async (trx) => {
        if (c.user) await this.writeUser(trx, c.user);
        const u = c.usage;
        await trx
          .insertInto('usage_totals')
          .values({
            name: USAGE_ROW,
            gradings: u.gradings,
            llm_gradings: u.llmGradings,
            fallbacks: u.fallbacks,
            prompt_tokens: u.promptTokens,
            completion_tokens: u.completionTokens,
            latency_ms: u.latencyMs,
          })
          .onConflict((oc) =>
            oc.column('name').doUpdateSet((eb) => ({
              gradings: eb('usage_totals.gradings', '+', eb.ref('excluded.gradings')),
              llm_gradings: eb('usage_totals.llm_gradings', '+', eb.ref('excluded.llm_gradings')),
              fallbacks: eb('usage_totals.fallbacks', '+', eb.ref('excluded.fallbacks')),
              prompt_tokens: eb('usage_totals.prompt_tokens', '+', eb.ref('excluded.prompt_tokens')),
              completion_tokens: eb('usage_totals.completion_tokens', '+', eb.ref('excluded.completion_tokens')),
              latency_ms: eb('usage_totals.latency_ms', '+', eb.ref('excluded.latency_ms')),
            })),
          )
          .execute();
        if (c.deleteSessionOf) await trx.deleteFrom('sessions').where('person_key', '=', c.deleteSessionOf).execute();
        if (c.jobId) await trx.deleteFrom('jobs').where('id', '=', c.jobId).execute();
      }),
    );
  }

  async getUsage(): Promise<UsageTotals> {
    return this.guard('getUsage', async () => {
      const r = await this.db.selectFrom('usage_totals').selectAll().where('name', '=', USAGE_ROW).executeTakeFirst();
      if (!r) return { ...EMPTY_USAGE };
      return {
        gradings: Number(r.gradings),
        llmGradings: Number(r.llm_gradings),
        fallbacks: Number(r.fallbacks),
        promptTokens: Number(r.prompt_tokens),
        completionTokens: Number(r.completion_tokens),
        latencyMs: Number(r.latency_ms),
      };
    });
  }

  async putJob(job: Pick<GradingJob, 'id' | 'personKey' | 'kind' | 'payload'>, owner: string, leaseMs: number): Promise<void> {
    return this.guard('putJob', async () => {
      const now = this.clock.now();
      const payload = JSON.stringify(job.payload);
      await this.db
        .insertInto('jobs')
        .values({
          id: job.id,
          person_key: job.personKey,
          kind: job.kind,
          payload,
          owner,
          lease_until: now + leaseMs,
          attempts: 1,
          created_at: now,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            payload,
            owner,
            lease_until: now + leaseMs,
            attempts: eb('jobs.attempts', '+', 1),
          })),
        )
        .execute();
    });
  }

  async renewJob(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.guard('renewJob', async () => {
      const r = await this.db
        .updateTable('jobs')
        .set({ lease_until: this.clock.now() + leaseMs })
        .where('id', '=', id)
        .where('owner', '=', owner)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    });
  }

  async deleteJob(id: string): Promise<void> {
    return this.guard('deleteJob', async () => {
      await this.db.deleteFrom('jobs').where('id', '=', id).execute();
    });
  }

  async jobLive(id: string): Promise<boolean> {
    return this.guard('jobLive', async () => {
      const r = await this.db
        .selectFrom('jobs')
        .select('id')
        .where('id', '=', id)
        .where('lease_until', '>', this.clock.now())
        .executeTakeFirst();
      return Boolean(r);
    });
  }

  async claimJobs(owner: string, leaseMs: number, opts: { limit: number; personKeyPrefixes?: string[] }): Promise<GradingJob[]> {
    return this.guard('claimJobs', async () => {
      const now = this.clock.now();
      const prefixes = opts.personKeyPrefixes;
      if (prefixes && !prefixes.length) return [];
      let due = this.db
        .selectFrom('jobs')
        .select('id')
        .where('lease_until', '<=', now)
        .orderBy('created_at')
        .limit(opts.limit);
      if (prefixes)
        due = due.where((eb) => eb.or(prefixes.map((p) => eb(sql<string>`substr(person_key, 1, ${p.length})`, '=', p))));
      // Two processes claiming at once each get different jobs (SKIP LOCKED), never the same one.
      if (this.engine.skipLocked) due = due.forUpdate().skipLocked();
      const rows = await this.db
        .updateTable('jobs')
        .set((eb) => ({ owner, lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', due)
        .where('lease_until', '<=', now)
        .returningAll()
        .execute();
      return rows
        .map((r) => ({
          id: r.id,
          personKey: r.person_key,
          kind: r.kind as GradingJob['kind'],
          payload: JSON.parse(r.payload) as unknown,
          attempts: Number(r.attempts),
          createdAt: Number(r.created_at),
        }))
        .sort((a, b) => a.createdAt - b.createdAt);
    });
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.engine.close();
  }
}
