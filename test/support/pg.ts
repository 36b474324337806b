/**
 * A real PostgreSQL for the tests: FDE_TEST_DATABASE_URL (scripts/test-pg.sh and .ci/run start a
 * throwaway cluster and set it). Each test file gets its own fresh database, so files run in
 * parallel without seeing each other's rows. Without a URL the suites are skipped (and the run
 * says so, test/support/pg-notice.js) unless FDE_REQUIRE_PG=1, where they fail.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.FDE_TEST_DATABASE_URL;

/** describe when PostgreSQL is available; describe.skip otherwise (never in CI: see above). */
export const describePg: jest.Describe = PG_URL || process.env.FDE_REQUIRE_PG === '1' ? describe : describe.skip;

function urlWithDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Creates a new empty database and returns its URL. */
export async function freshDatabase(label: string): Promise<string> {
  if (!PG_URL) throw new Error('FDE_TEST_DATABASE_URL is not set (FDE_REQUIRE_PG=1): run scripts/test-pg.sh');
  const name = `fde_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return urlWithDatabase(PG_URL, name);
}

/** Drops a database made by freshDatabase (connections to it are closed first). */
export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}
