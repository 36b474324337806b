/**
 * Versioned schema changes, in code (kysely Migrator), run at start. A newer release adds a
 * migration here and migrates an older database; an older release on a newer database stops
 * before changing anything (StoreVersionError). Never edit a released migration: add one.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './schema';

/** The id column type differs (INTEGER PRIMARY KEY vs bigserial): the only engine difference here. */
export type IdColumn = 'sqlite' | 'postgres';

function initial(engine: IdColumn): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('people')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('team_key', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text')
        .addColumn('language', 'text')
        .addColumn('opt_out', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('total_points', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('people_team').on('people').column('team_key').execute();

      await db.schema
        .createTable('answers')
        .addColumn('id', engine === 'postgres' ? 'bigserial' : 'integer', (c) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('person_key', 'text', (c) => c.notNull())
        .addColumn('team_key', 'text', (c) => c.notNull())
        .addColumn('scenario_id', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('difficulty', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('overall', 'double precision', (c) => c.notNull())
        .addColumn('points', 'integer', (c) => c.notNull())
        .addColumn('grader', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('scores', 'text', (c) => c.notNull())
        .execute();
      // The leaderboard window (team, time) and a person's recent history.
      await db.schema.createIndex('answers_team_at').on('answers').columns(['team_key', 'at']).execute();
      await db.schema.createIndex('answers_person_id').on('answers').columns(['person_key', 'id']).execute();

      await db.schema
        .createTable('sessions')
        .addColumn('person_key', 'text', (c) => c.primaryKey())
        .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('docs')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('claims')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('claims_expires').on('claims').column('expires_at').execute();
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('person_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_lease').on('jobs').column('lease_until').execute();
      await db.schema
        .createTable('usage_totals')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('gradings', 'bigint', (c) => c.notNull())
        .addColumn('llm_gradings', 'bigint', (c) => c.notNull())
        .addColumn('fallbacks', 'bigint', (c) => c.notNull())
        .addColumn('prompt_tokens', 'bigint', (c) => c.notNull())
        .addColumn('completion_tokens', 'bigint', (c) => c.notNull())
        .addColumn('latency_ms', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}

/** Every migration this release knows, in order. Names sort in order of application. */
export function migrations(engine: IdColumn): Record<string, Migration> {
  return { '0001_initial': initial(engine) };
}

export class StoreVersionError extends Error {
  readonly code = 'STORE_TOO_NEW';
  constructor(unknown: string[], known: string[]) {
    super(
      `The database was migrated by a newer fde-coach (it has ${unknown.join(', ')}; this version knows up to ${known[known.length - 1]}). ` +
        'Nothing was changed. Run the newer version, or restore a backup taken before the upgrade.',
    );
    this.name = 'StoreVersionError';
  }
}

const TABLE = 'kysely_migration';

/** Migrations the database already has (empty for a new database). */
async function applied(db: Kysely<Database>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === TABLE)) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.table(TABLE)}`.execute(db);
  return rows.rows.map((r) => r.name);
}

/**
 * Brings the schema up to this release. Refuses (before writing anything) a database that has
 * migrations this release does not know.
 */
export async function migrate(
  db: Kysely<Database>,
  engine: IdColumn,
  all: Record<string, Migration> = migrations(engine),
): Promise<void> {
  const known = Object.keys(all).sort();
  const unknown = (await applied(db)).filter((n) => !known.includes(n));
  if (unknown.length) throw new StoreVersionError(unknown, known);
  const provider: MigrationProvider = { getMigrations: async () => all };
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error;
}
