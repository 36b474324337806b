#!/usr/bin/env bash
# Runs the tests with a throwaway PostgreSQL cluster, so the PostgreSQL suites run instead of
# being skipped: scripts/test-pg.sh [jest args], e.g. scripts/test-pg.sh test/store
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/pg-cluster.sh
source scripts/pg-cluster.sh
pg_cluster_start
trap pg_cluster_stop EXIT
export FDE_REQUIRE_PG=1
npx jest "$@"
