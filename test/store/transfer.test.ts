/**
 * `fde-coach export` and `fde-coach import` through the built CLI: a team's data moves from the
 * SQLite file to another store (PostgreSQL when available) and reads back the same; importing
 * twice changes nothing; a wrong file is refused before anything is written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newUser, recordGrade } from '../../src/core/points';
import type { HistoryEntry, Store, UserRecord } from '../../src/core/ports';
import { openPostgresStore } from '../../src/store/postgres';
import { openSqliteStore } from '../../src/store/sqlite';
import { exportData, type ExportData } from '../../src/store/transfer';
import { PG_URL, dropDatabase, freshDatabase } from '../support/pg';

// Each case runs the CLI as child processes (and builds a PostgreSQL database): slow on a loaded machine.
jest.setTimeout(180_000);

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'fde-coach.js');
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'fde-transfer-'));

function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const entry = (i: number): HistoryEntry => ({
  scenarioId: `s${i % 7}`,
  category: 'tradeoffs',
  difficulty: 'medium',
  source: i % 3 ? 'practice' : 'daily',
  overall: 3 + (i % 3) / 2,
  scores: { communication: 3 + (i % 2), productionization: 4 },
  points: 40 + i,
  grader: 'offline',
  at: 1_760_000_000_000 + i * 60_000,
});

async function seed(store: Store): Promise<void> {
  // More answers than a record's trimmed history holds: the export carries them all.
  let ada: UserRecord = { ...newUser('slack:T1:U1', 'slack:T1', 'U1', 'Ada'), language: 'ko', streak: { count: 3, lastDay: '2026-11-27', best: 5 } };
  // Stored one grade at a time, as the coach does (each record's history is trimmed to 200).
  for (let i = 0; i < 230; i++) {
    ada = recordGrade(ada, entry(i));
    await store.putUser(ada);
  }
  await store.putUser({ ...recordGrade(newUser('slack:T1:U2', 'slack:T1', 'U2', 'Bo'), entry(1)), optOut: true });
  await store.putUser(recordGrade(newUser('teams:X:U3', 'teams:X', 'U3'), entry(2)));
  await store.putDoc('daily:settings:slack:T1', { teamKey: 'slack:T1', channelId: 'C1', time: '09:00', timeZone: 'Asia/Seoul' });
  await store.putDoc('teams:ref:user:teams:X:U3', { serviceUrl: 'https://smba.example/' });
  await store.commitGrade({ usage: { gradings: 7, llmGradings: 5, fallbacks: 1, promptTokens: 9000, completionTokens: 1200, latencyMs: 4000 } });
}

const comparable = (d: ExportData) => ({ ...d, exportedAt: undefined });

async function roundTrip(target: { env: Record<string, string>; open: () => Promise<Store> }) {
  const dataDir = tempDir();
  const source = await openSqliteStore(dataDir);
  await seed(source);
  const expected = await exportData(source);
  await source.close();

  const file = path.join(tempDir(), 'team.json');
  const out = cli(['export', '--out', file], { FDE_DATA_DIR: dataDir });
  expect(out).toMatchObject({ code: 0 });
  expect(out.stderr).toContain(`Exported 3 people and 2 settings documents to ${file}`);
  const written = JSON.parse(readFileSync(file, 'utf8')) as ExportData;
  expect(written.people.find((p) => p.key === 'slack:T1:U1')!.answers).toHaveLength(230);

  for (let pass = 0; pass < 2; pass++) {
    const imp = cli(['import', file], target.env);
    expect(imp).toMatchObject({ code: 0 });
    expect(imp.stdout).toMatch(pass === 0 ? /^Imported 3 people \(232 answers\) and 2 settings documents/ : /^Imported 3 people \(0 answers\)/);
  }
  const store = await target.open();
  try {
    expect(comparable(await exportData(store))).toEqual(comparable(expected));
    expect((await store.getUser('slack:T1:U1'))!.history).toHaveLength(200);
    expect((await store.standings('slack:T1', {})).find((s) => s.userKey === 'slack:T1:U1')!.points).toBe(
      Array.from({ length: 230 }, (_, i) => 40 + i).reduce((a, b) => a + b, 0),
    );
  } finally {
    await store.close();
  }
}

describe('export / import', () => {
  test('SQLite to another SQLite file: the same data back, twice is once', async () => {
    const dir = tempDir();
    await roundTrip({ env: { FDE_DATA_DIR: dir }, open: () => openSqliteStore(dir) });
  });

  (PG_URL || process.env.FDE_REQUIRE_PG === '1' ? test : test.skip)('SQLite to PostgreSQL: the same data back', async () => {
    const url = await freshDatabase('transfer');
    try {
      await roundTrip({ env: { DATABASE_URL: url, FDE_DATA_DIR: tempDir() }, open: () => openPostgresStore(url) });
    } finally {
      await dropDatabase(url);
    }
  });

  test('a file that is not an export is refused, nothing written', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ people: [] }));
    const r = cli(['import', file], { FDE_DATA_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('fde-coach: not an fde-coach export (format is undefined)\n');
    const missing = cli(['import', path.join(dir, 'nope.json')], { FDE_DATA_DIR: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^fde-coach: Cannot read .*nope\.json/);
  });
});
