/**
 * The shared store for several instances: PostgreSQL through pg. Two pools: queries, and the
 * advisory locks that serialise a person's turns across instances (engine-postgres.ts).
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { StoreUnavailableError, type Clock } from '../core/ports';
import { postgresEngine } from './engine-postgres';
import { migrate } from './migrations';
import type { Database } from './schema';
import { redactUrl } from './shared';
import { SqlStore } from './sql-store';

// int8 (counts, sums, epoch-ms times) and numeric (sums of int8) as numbers: every value we keep
// fits a double exactly (times in ms, points).
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  clock?: Clock;
  /** Connections for queries (default 10). */
  poolSize?: number;
  /** Connections that may hold a person's lock at once (default 20). */
  lockPoolSize?: number;
}

export async function openPostgresStore(url: string, opts: PostgresOptions = {}): Promise<SqlStore> {
  const common = { connectionString: url, types, connectionTimeoutMillis: 10_000 };
  const pool = new pg.Pool({ ...common, max: opts.poolSize ?? 10 });
  const lockPool = new pg.Pool({ ...common, max: opts.lockPoolSize ?? 20 });
  // An idle client whose server went away emits 'error'; without a listener it would crash the process.
  pool.on('error', () => undefined);
  lockPool.on('error', () => undefined);
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await Promise.allSettled([pool.end(), lockPool.end()]);
    throw new StoreUnavailableError(
      `cannot reach PostgreSQL at DATABASE_URL=${redactUrl(url)}: ${(err as Error).message || String(err)}`,
      err,
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, 'postgres');
  } catch (err) {
    await db.destroy();
    await lockPool.end();
    throw err;
  }
  return new SqlStore(db, postgresEngine(lockPool), opts.clock);
}
