#!/usr/bin/env bash
# Starts or stops the servers the tests use, on loopback only, as their own unprivileged users: PostgreSQL
# (installed on these machines), MariaDB and RabbitMQ (installed from Debian's packages when missing).
#
#   eng/services.sh start [SERVER...]  # prints the environment variables the tests read; also writes them to
#                                      # artifacts/services.env (or PK_SERVICES_ENV_FILE)
#   eng/services.sh stop [SERVER...]
#
# SERVER is postgres, mariadb or rabbitmq; all three when none is named. Ports can be chosen with PK_POSTGRES_PORT
# (default 55432), PK_MARIADB_PORT (default 53306) and PK_RABBITMQ_PORT (default 55672), with its Erlang distribution
# on PK_RABBITMQ_DIST_PORT (default 45672) and epmd on PK_RABBITMQ_EPMD_PORT (default 54369), all on loopback only;
# the servers' files with PK_SERVICES_DIR. PK_POSTGRES_OPTIONS adds server settings (`-c name=value ...`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${PK_SERVICES_DIR:-/tmp/portfoliokit-services}"
pg_port="${PK_POSTGRES_PORT:-55432}"
maria_port="${PK_MARIADB_PORT:-53306}"
rabbit_port="${PK_RABBITMQ_PORT:-55672}"
rabbit_dist_port="${PK_RABBITMQ_DIST_PORT:-45672}"
rabbit_epmd_port="${PK_RABBITMQ_EPMD_PORT:-54369}"
# Debian's /usr/sbin wrappers reset HOME to /var/lib/rabbitmq (and so the Erlang cookie); call the tools directly.
rabbit_bin=/usr/lib/rabbitmq/bin
env_file="${PK_SERVICES_ENV_FILE:-$root/artifacts/services.env}"

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
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PK_POSTGRES_OPTIONS:-}" start >/dev/null
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
  local pid=
  [ -f "$state/mariadb/pid" ] && pid="$(cat "$state/mariadb/pid")"
  mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$maria_port" -u root shutdown >/dev/null 2>&1 || true
  # Wait until the server has exited and let go of its port: a run started right after this one found the port still
  # taken ("Bind on TCP/IP port ... Address already in use") and ran without MariaDB.
  if [ -n "$pid" ]; then
    for _ in $(seq 1 120); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
  fi
}

rabbit_env() {
  local dir="$state/rabbitmq"
  echo HOME="$dir" RABBITMQ_NODENAME="pk@localhost" RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_DIST_PORT="$rabbit_dist_port" ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$rabbit_epmd_port" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="'-kernel inet_dist_use_interface {127,0,0,1}'"
}

start_rabbitmq() {
  if [ ! -x "$rabbit_bin/rabbitmq-server" ]; then
    echo "==> Installing rabbitmq-server from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null
  fi
  local dir="$state/rabbitmq"
  mkdir -p "$dir/mnesia" "$dir/log"
  printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$rabbit_port" >"$dir/rabbitmq.conf"
  echo '[].' >"$dir/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$dir"
  if ! eval "runuser -u rabbitmq -- env $(rabbit_env) $rabbit_bin/rabbitmqctl -q status" >/dev/null 2>&1; then
    eval "runuser -u rabbitmq -- env $(rabbit_env) $rabbit_bin/rabbitmq-server" >"$dir/server.out" 2>&1 &
  fi
  # Ready when the broker itself (not only the Erlang node) has started: about 10 s. await_startup fails at once
  # while the node has not registered with epmd yet, so ask again until it answers.
  for _ in $(seq 1 90); do
    if eval "runuser -u rabbitmq -- env $(rabbit_env) $rabbit_bin/rabbitmqctl -q --timeout 60 await_startup" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  echo "RabbitMQ did not start; see $dir/log" >&2
  return 1
}

stop_rabbitmq() {
  [ -x "$rabbit_bin/rabbitmqctl" ] && [ -d "$state/rabbitmq" ] || return 0
  eval "runuser -u rabbitmq -- env $(rabbit_env) $rabbit_bin/rabbitmqctl -q stop" >/dev/null 2>&1 || true
  eval "runuser -u rabbitmq -- env $(rabbit_env) /usr/lib/erlang/bin/epmd -kill" >/dev/null 2>&1 || true
}

servers=("${@:2}")
[ "${#servers[@]}" -gt 0 ] || servers=(postgres mariadb rabbitmq)
for server in "${servers[@]}"; do
  case "$server" in postgres | mariadb | rabbitmq) ;; *) echo "unknown server '$server' (postgres, mariadb, rabbitmq)" >&2; exit 2 ;; esac
done

case "${1:-}" in
  start)
    for server in "${servers[@]}"; do "start_$server"; done
    mkdir -p "$(dirname "$env_file")"
    # Connection and command timeouts above the drivers' defaults (15 and 30 s): the suite keeps two cores busy with
    # several apps and servers at once, and a connection the server is slow to accept is a wait, not a failure.
    for server in "${servers[@]}"; do
      case "$server" in
        postgres) echo "export PK_TEST_POSTGRES=\"Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Timeout=60;Command Timeout=120\"" ;;
        mariadb) echo "export PK_TEST_MYSQL=\"Server=127.0.0.1;Port=$maria_port;User ID=root;Database=mysql;Connection Timeout=60;Default Command Timeout=120\"" ;;
        rabbitmq) echo "export PK_TEST_RABBITMQ=\"amqp://guest:guest@127.0.0.1:$rabbit_port/\"" ;;
      esac
    done >"$env_file"
    cat "$env_file"
    ;;
  stop)
    for server in "${servers[@]}"; do "stop_$server"; done
    ;;
  *)
    echo "usage: $0 start|stop [postgres|mariadb|rabbitmq...]" >&2
    exit 2
    ;;
esac
