/** The embedded default: a real SQLite file in a temp dir, its contract, migrations and failures. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Migration } from 'kysely';
import { StoreUnavailableError } from '../../src/core/ports';
import { SQLITE_FILE, openSqliteStore } from '../../src/store/sqlite';
import { StoreVersionError, migrate, migrations } from '../../src/store/migrations';
import type { Database } from '../../src/store/schema';
import { manualClock, storeContract } from './contract';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'fde-sqlite-'));

storeContract('sqlite', async () => {
  const clock = manualClock();
  const store = await openSqliteStore(tempDir(), { clock });
  return { store, clock, close: () => store.close() };
});

describe('sqlite: the file', () => {
  test('is created on first use under the data dir (parents too) and keeps state across opens', async () => {
    const dir = path.join(tempDir(), 'nested', 'fde-coach');
    const a = await openSqliteStore(dir);
    await a.putDoc('daily:settings:slack:T1', { time: '09:00' });
    await a.close();
    expect(readdirSync(dir)).toContain(SQLITE_FILE);
    const b = await openSqliteStore(dir);
    expect(await b.getDoc('daily:settings:slack:T1')).toEqual({ time: '09:00' });
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(b.db);
    expect(mode.rows[0]!.journal_mode).toBe('wal');
    await b.close();
  });

  test('two stores on one file (two processes) share claims: one winner', async () => {
    const dir = tempDir();
    const [a, b] = [await openSqliteStore(dir), await openSqliteStore(dir)];
    const wins = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).claim(`ev:${i % 10}`, 60_000)));
    expect(wins.filter(Boolean)).toHaveLength(10);
    await Promise.all([a.close(), b.close()]);
  });

  test('a file that cannot be created is one clear error naming FDE_DATA_DIR', async () => {
    const file = path.join(tempDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    const err = await openSqliteStore(path.join(file, 'fde-coach')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/^cannot open the SQLite store at .*a-file.*\(FDE_DATA_DIR\)/);
  });
});

describe('sqlite: migrations', () => {
  const open = (file: string) => new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
  const next: Record<string, Migration> = {
    ...migrations('sqlite'),
    '0002_test_column': {
      up: async (db) => {
        await db.schema.alterTable('people').addColumn('nickname', 'text').execute();
      },
    },
  };

  test('a newer version migrates an older database; an older version on it stops and changes nothing', async () => {
    const file = path.join(tempDir(), 'm.db');
    let db = open(file);
    await migrate(db, 'sqlite');
    await db.insertInto('docs').values({ key: 'k', value: '1' }).execute();
    await db.destroy();

    db = open(file);
    await migrate(db, 'sqlite', next);
    const cols = (await db.introspection.getTables()).find((t) => t.name === 'people')!.columns.map((c) => c.name);
    expect(cols).toContain('nickname');
    await db.destroy();

    db = open(file);
    await expect(migrate(db, 'sqlite')).rejects.toThrow(StoreVersionError);
    await expect(migrate(db, 'sqlite')).rejects.toThrow(/newer fde-coach.*0002_test_column.*Nothing was changed/s);
    const names = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(names.rows.map((r) => r.name)).toEqual(['0001_initial', '0002_test_column']);
    expect(await db.selectFrom('docs').selectAll().execute()).toEqual([{ key: 'k', value: '1' }]);
    await db.destroy();
  });

  test('openSqliteStore refuses a newer database', async () => {
    const dir = tempDir();
    const db = open(path.join(dir, SQLITE_FILE));
    await migrate(db, 'sqlite', next);
    await db.destroy();
    await expect(openSqliteStore(dir)).rejects.toThrow(StoreVersionError);
  });
});
