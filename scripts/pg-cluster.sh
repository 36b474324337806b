#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests: initdb into a temporary folder (as the
# postgres user when run as root), listening on 127.0.0.1 and a free port only. Source it:
#   source scripts/pg-cluster.sh && pg_cluster_start   # exports FDE_TEST_DATABASE_URL
#   pg_cluster_stop                                    # stops it and removes the folder
# Needs the Debian server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql).

pg_cluster_start() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "pg-cluster: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)" >&2
    return 1
  fi
  PG_CLUSTER_BIN="$bin"
  PG_CLUSTER_DIR="$(mktemp -d /tmp/fde-pg.XXXXXX)"
  PG_CLUSTER_PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  local run=()
  if [ "$(id -u)" = "0" ]; then
    chown postgres "$PG_CLUSTER_DIR"
    run=(su postgres -s /bin/sh -c)
  else
    run=(sh -c)
  fi
  "${run[@]}" "'$bin/initdb' -D '$PG_CLUSTER_DIR/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$PG_CLUSTER_DIR/initdb.log' 2>&1" || {
    cat "$PG_CLUSTER_DIR/initdb.log" >&2
    return 1
  }
  "${run[@]}" "'$bin/pg_ctl' -D '$PG_CLUSTER_DIR/data' -l '$PG_CLUSTER_DIR/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $PG_CLUSTER_PORT -k '$PG_CLUSTER_DIR' -c max_connections=200 -c fsync=off\" start >/dev/null" || {
    cat "$PG_CLUSTER_DIR/server.log" >&2
    return 1
  }
  PG_CLUSTER_RUN=("${run[@]}")
  export FDE_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_CLUSTER_PORT/postgres"
  echo "pg-cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_CLUSTER_PORT ($PG_CLUSTER_DIR)"
}

pg_cluster_stop() {
  [ -n "${PG_CLUSTER_DIR:-}" ] || return 0
  "${PG_CLUSTER_RUN[@]}" "'$PG_CLUSTER_BIN/pg_ctl' -D '$PG_CLUSTER_DIR/data' -m immediate stop >/dev/null 2>&1" || true
  rm -rf "$PG_CLUSTER_DIR"
  PG_CLUSTER_DIR=
}
