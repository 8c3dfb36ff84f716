#!/usr/bin/env bash
# Starts or stops the database servers the tests use, on loopback only, as their own unprivileged users:
# PostgreSQL (installed on these machines) and MariaDB (installed from Debian's packages when missing).
#
#   eng/services.sh start    # prints the environment variables the tests read; also writes them to artifacts/services.env
#   eng/services.sh stop
#
# Ports can be chosen with PK_POSTGRES_PORT (default 55432) and PK_MARIADB_PORT (default 53306).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${PK_SERVICES_DIR:-/tmp/portfoliokit-services}"
pg_port="${PK_POSTGRES_PORT:-55432}"
maria_port="${PK_MARIADB_PORT:-53306}"
env_file="$root/artifacts/services.env"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start_postgres() {
  local bin; bin="$(pg_bin)"
  if [ -z "$bin" ]; then
    echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
    return 1
  fi
  local dir="$state/postgres"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  fi
}

stop_postgres() {
  local bin; bin="$(pg_bin)"
  [ -n "$bin" ] && [ -f "$state/postgres/data/PG_VERSION" ] || return 0
  runuser -u postgres -- "$bin/pg_ctl" -D "$state/postgres/data" -m fast -w stop >/dev/null 2>&1 || true
}

start_mariadb() {
  if ! command -v mariadbd >/dev/null 2>&1; then
    echo "==> Installing mariadb-server from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends mariadb-server >/dev/null
  fi
  local dir="$state/mariadb"
  mkdir -p "$dir"
  chown mysql:mysql "$dir"
  if [ ! -d "$dir/data/mysql" ]; then
    runuser -u mysql -- mariadb-install-db --no-defaults --datadir="$dir/data" \
      --auth-root-authentication-method=normal --skip-test-db >/dev/null
  fi
  if ! mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$maria_port" -u root ping >/dev/null 2>&1; then
    runuser -u mysql -- mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" --pid-file="$dir/pid" \
      --bind-address=127.0.0.1 --port="$maria_port" --skip-name-resolve --innodb-flush-log-at-trx-commit=0 \
      --log-error="$dir/log" >/dev/null 2>&1 &
    for _ in $(seq 1 60); do
      mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$maria_port" -u root ping >/dev/null 2>&1 && break
      sleep 0.5
    done
  fi
  # The tests create and drop their own databases, so they connect as root (no password, loopback only).
  mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$maria_port" -u root ping >/dev/null
}

stop_mariadb() {
  command -v mariadb-admin >/dev/null 2>&1 || return 0
  mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$maria_port" -u root shutdown >/dev/null 2>&1 || true
}

case "${1:-}" in
  start)
    start_postgres
    start_mariadb
    mkdir -p "$(dirname "$env_file")"
    cat >"$env_file" <<ENV
export PK_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export PK_TEST_MYSQL="Server=127.0.0.1;Port=$maria_port;User ID=root;Database=mysql"
ENV
    cat "$env_file"
    ;;
  stop)
    stop_postgres
    stop_mariadb
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
