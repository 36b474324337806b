/**
 * Jest global setup: says plainly, once per run, whether the PostgreSQL suites run. They need
 * FDE_TEST_DATABASE_URL; scripts/test-pg.sh starts a throwaway cluster and sets it. With
 * FDE_REQUIRE_PG=1 (CI) a missing URL fails the run instead of skipping.
 */
export default async function pgNotice(): Promise<void> {
  const url = process.env.FDE_TEST_DATABASE_URL;
  if (url) return;
  if (process.env.FDE_REQUIRE_PG === '1') throw new Error('FDE_REQUIRE_PG=1 but FDE_TEST_DATABASE_URL is not set: the PostgreSQL suites cannot run');
  process.stdout.write(
    '\nPostgreSQL suites SKIPPED: FDE_TEST_DATABASE_URL is not set. Run them with scripts/test-pg.sh (starts a throwaway cluster), or set FDE_TEST_DATABASE_URL=postgres://... yourself.\n',
  );
}
