#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 + pgvector for the store/postgres tests and
# prints the line to use, e.g.
#
#   eval "$(bash scripts/postgres.sh)"   # sets SEOGO_TEST_POSTGRES=postgres://…
#
# What it does, each step skipped when already done (a second run takes well
# under a second):
#   1. installs postgresql-15 and its server headers from Debian (apt-get);
#   2. builds pgvector from source (Debian has no package; its C source comes
#      through the Go module proxy as github.com/pgvector/pgvector@v0.8.0) and
#      installs it into that PostgreSQL;
#   3. creates a cluster in $SEOGO_PG_DIR (default /tmp/seogo-pg) owned by the
#      postgres user (initdb refuses to run as root), trust auth, local only;
#   4. starts it on 127.0.0.1:$SEOGO_PG_PORT (default 54329) and creates the
#      database seogo_test with the vector extension;
#   5. starts PgBouncer (Debian's pgbouncer) in transaction pooling mode on
#      port+1 in front of every database, for the pooler tests
#      (SEOGO_TEST_PGBOUNCER; skipped if pgbouncer cannot be installed).
# Stop it with: bash scripts/postgres.sh stop
# All progress goes to stderr; stdout carries only the export line.
set -euo pipefail

PG_MAJOR=15
PGVECTOR_VERSION=v0.8.0
PGBIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
DIR="${SEOGO_PG_DIR:-/tmp/seogo-pg}"
PORT="${SEOGO_PG_PORT:-54329}"
DB=seogo_test
log() { echo "postgres.sh: $*" >&2; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

BOUNCER_PORT=$((PORT + 1))
if [ "${1:-}" = stop ]; then
  if [ -f "$DIR/pgbouncer.pid" ]; then
    kill "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null || true
  fi
  if [ -f "$DIR/data/postmaster.pid" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2
  fi
  exit 0
fi

# 1. PostgreSQL server and headers.
if [ ! -x "$PGBIN/postgres" ] || [ ! -x "$PGBIN/pg_config" ] || [ ! -d "/usr/include/postgresql/${PG_MAJOR}/server" ]; then
  if [ "$(id -u)" != 0 ]; then
    log "PostgreSQL ${PG_MAJOR} is not installed: run as root, or apt-get install postgresql-${PG_MAJOR} postgresql-server-dev-${PG_MAJOR}"
    exit 1
  fi
  log "installing postgresql-${PG_MAJOR} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "postgresql-${PG_MAJOR}" "postgresql-server-dev-${PG_MAJOR}" build-essential >&2
fi

# 2. pgvector.
SHAREDIR="$("$PGBIN/pg_config" --sharedir)"
if [ ! -f "$SHAREDIR/extension/vector.control" ]; then
  log "building pgvector ${PGVECTOR_VERSION} from source"
  src="$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/pgvector/pgvector@${PGVECTOR_VERSION}" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  if [ -z "$src" ] || [ ! -f "$src/Makefile" ]; then
    log "could not fetch the pgvector source through the Go module proxy"
    exit 1
  fi
  build="$(mktemp -d)"
  cp -r "$src/." "$build/"
  chmod -R u+w "$build"
  make -s -C "$build" PG_CONFIG="$PGBIN/pg_config" OPTFLAGS="" -j"$(nproc)" >&2
  make -s -C "$build" PG_CONFIG="$PGBIN/pg_config" install >&2
  rm -rf "$build"
fi

# 3. The cluster.
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  log "creating a cluster in $DIR/data"
  rm -rf "$DIR/data"
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; fi
  as_owner "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi

# 4. Running, with the database.
if ! as_owner "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB -c maintenance_work_mem=512MB" >&2
fi
PSQL=("$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1)
if [ "$("${PSQL[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >&2
fi
"${PSQL[@]}" -d "$DB" -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS vector" >&2

echo "export SEOGO_TEST_POSTGRES='postgres://postgres@127.0.0.1:${PORT}/${DB}?sslmode=disable'"

# 5. PgBouncer, transaction pooling, any database name passed through.
if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ] && [ "$(id -u)" = 0 ]; then
  log "installing pgbouncer (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >&2 || log "could not install pgbouncer; the pooler tests will be skipped"
fi
BOUNCER="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"
if [ -x "$BOUNCER" ]; then
  if ! { [ -f "$DIR/pgbouncer.pid" ] && kill -0 "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null; }; then
    log "starting PgBouncer (transaction pooling) on 127.0.0.1:$BOUNCER_PORT"
    printf '"postgres" ""\n' >"$DIR/userlist.txt"
    cat >"$DIR/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $DIR/userlist.txt
pool_mode = transaction
max_client_conn = 400
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,search_path,statement_timeout
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
INI
    if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR/pgbouncer.ini" "$DIR/userlist.txt"; fi
    as_owner "$BOUNCER" -d -q "$DIR/pgbouncer.ini" >&2 || log "PgBouncer did not start; the pooler tests will be skipped"
    for _ in $(seq 50); do [ -f "$DIR/pgbouncer.pid" ] && break; sleep 0.1; done
  fi
  if [ -f "$DIR/pgbouncer.pid" ]; then
    echo "export SEOGO_TEST_PGBOUNCER='postgres://postgres@127.0.0.1:${BOUNCER_PORT}/${DB}?sslmode=disable'"
  fi
fi
