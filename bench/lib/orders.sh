# shellcheck shell=bash
# The order pipeline's shell pieces, shared by the queue benchmark (bench/queue/run.sh) and the scale benchmark
# (bench/scale/run.sh): the servers, the generated API and workers as processes, orders posted with wrk, and the check
# that every order was handled once. Source it after common.sh and bench_scratch; it takes over bench_before_cleanup.
#
#   orders_servers                 PostgreSQL and RabbitMQ: those of PK_TEST_POSTGRES and PK_TEST_RABBITMQ, else
#                                  eng/services.sh's (started or reused; stopped at the end only if this run started
#                                  them); sets $servers_from, and $postmaster_pid and $broker_pid, whose CPU time the
#                                  scenarios read (cputime.py)
#   pg DATABASE SQL                the first value of the result
#   new_scenario MESSAGING         a fresh database (and, for rabbitmq, a queue) for one scenario: sets $database,
#                                  $queue and common=(the connection settings every process of the scenario gets)
#   start_api NAME MESSAGING       starts the generated API of $work/MESSAGING with the scenario's settings; sets
#                                  $api, $api_pid and $api_port, and adds it to apis=() and api_ports=()
#   start_workers NAME MESSAGING COUNT   starts COUNT workers (src/Worker), returns once every one consumes; sets
#                                  worker_pids=()
#   stop_processes                 stops the scenario's workers and APIs
#   post_for SECONDS PREFIX        wrk posts orders from 16 connections in all, spread over api_ports; sets $accepted
#   wait_posted PREFIX, wait_confirmed PREFIX, rate_of PREFIX   (see each)
#   cpu_ticks_now API_PIDS WORKER_PID...   API_PIDS: one pid, or several joined by commas (cputime.py ticks)
#   delete_queue, check_and_drop NAME
#   orders_report REPORT KEY=VALUE...   meta.json (the servers' versions and settings, the KEY=VALUE pairs), then
#                                  REPORT (a report.py) on it: the section of docs/benchmarks.md named by REPORT's folder
#
# Order prefixes (customer e-mails) of a scenario's phases must not start one another: LIKE 'prefix-%' finds a phase.

orders_bench="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The worker processes the scenarios start (the APIs are bench_start's, which bench_cleanup stops). They are started
# from the script's shell, never inside $(...), so that the EXIT trap (an error, Ctrl-C) knows and stops every one.
processes=()
started_services=false
database=""  # the current scenario's database; check_and_drop drops it when the scenario passes, the clean-up otherwise
queue=""     # the current scenario's RabbitMQ queue; deleted after the scenario, or by the clean-up
apis=() api_ports=()
poll_seconds="${poll_seconds:-1}"  # how often wait_posted and wait_confirmed ask PostgreSQL
bench_before_cleanup() {
  local process
  for process in "${processes[@]}"; do kill -9 "$process" 2>/dev/null || true; done
  [ -z "$database" ] || pg postgres "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  [ -z "$queue" ] || delete_queue >/dev/null 2>&1 || true
  if $started_services; then "$root/eng/services.sh" stop >/dev/null 2>&1 || true; fi
}

orders_servers() {
  servers_from="PK_TEST_POSTGRES and PK_TEST_RABBITMQ"
  if [ -z "${PK_TEST_POSTGRES:-}" ] || [ -z "${PK_TEST_RABBITMQ:-}" ]; then
    servers_from="eng/services.sh"
    port_open() { python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2)' "$1" 2>/dev/null; }
    # eng/services.sh reuses servers that already run; stop them at the end only when none was running before (a
    # server another run started stays up), and set that before starting, so that a half-done start is undone too.
    port_open "${PK_POSTGRES_PORT:-55432}" || port_open "${PK_RABBITMQ_PORT:-55672}" || started_services=true
    say "Starting or reusing PostgreSQL and RabbitMQ on loopback (eng/services.sh)"
    services_env="$("$root/eng/services.sh" start)"
    eval "$services_env"
  fi
  # The servers' processes, whose CPU time each scenario reads from /proc.
  local amqp_port server_pids
  amqp_port="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).port or 5672)' "$PK_TEST_RABBITMQ")"
  server_pids="$(python3 "$orders_bench/lib/cputime.py" servers "$(pg postgres 'SHOW data_directory')" "$amqp_port")"
  read -r postmaster_pid broker_pid <<<"$server_pids"
}

pg() { # pg <database> <sql>: the first value of the result
  python3 - "$PK_TEST_POSTGRES" "$1" "$2" <<'PY'
import subprocess, sys
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if "=" in p)
out = subprocess.run(["psql", f"host={parts['Host']} port={parts['Port']} user={parts['Username']} dbname={sys.argv[2]}",
                      "-AtX", "-v", "ON_ERROR_STOP=1", "-c", sys.argv[3]], capture_output=True, text=True)
if out.returncode:
    sys.exit(f"psql failed: {out.stderr.strip()}")
print(out.stdout.strip())
PY
}

new_scenario() {
  database="pk_${bench_name//-/_}_$RANDOM$RANDOM" queue=""
  common=(ConnectionStrings__Database="${PK_TEST_POSTGRES/Database=postgres/Database=$database}")
  if [ "$1" = rabbitmq ]; then
    queue="pk-$bench_name-$RANDOM$RANDOM"
    common+=(ConnectionStrings__RabbitMq="$PK_TEST_RABBITMQ" RabbitMq__QueueName="$queue")
  fi
  apis=() api_ports=()
}

# In Development the API migrates its database and seeds the demo catalogue at start-up (a second API finds both done).
# One order (customer first-<n>) then compiles the order path, which on a busy machine can outlast a 1 s smoke run.
start_api() {
  api="$1-api"
  bench_start "$api" "$work/$2/src/Api/bin/Release/net10.0" Acme.Orders.Api.dll /health/ready "${common[@]}" \
    ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning Database__SeedDemoData=true \
    RateLimiting__PermitLimit=100000000 Messaging__PollingInterval=00:00:00.050
  api_pid="${pid[$api]}" api_port="${port[$api]}"
  apis+=("$api") api_ports+=("$api_port")
  expect "$api" 201 POST /api/orders '{"customerEmail":"first-'"${#apis[@]}"'@example.com","lines":[{"productId":1,"quantity":1}]}'
}
start_workers() {
  local name="$1" messaging="$2" count="$3" n deadline
  worker_pids=()
  for n in $(seq 1 "$count"); do
    (cd "$work/$messaging/src/Worker/bin/Release/net10.0" && exec env "${common[@]}" DOTNET_ENVIRONMENT=Production \
      dotnet Acme.Orders.Worker.dll >"$logs/$name-worker$n.log" 2>&1) &
    worker_pids+=($!)
    processes+=($!)
  done
  for n in $(seq 1 "$count"); do
    deadline=$((SECONDS + 120))
    until grep -q "Consuming " "$logs/$name-worker$n.log" 2>/dev/null; do
      [ "$SECONDS" -lt "$deadline" ] || { tail -n 40 "$logs/$name-worker$n.log" >&2; die "$name: worker $n did not start consuming"; }
      sleep 0.5
    done
  done
}
stop_processes() {
  local process target
  for process in "${processes[@]}"; do kill -9 "$process" 2>/dev/null || true; done
  for process in "${processes[@]}"; do wait "$process" 2>/dev/null || true; done
  processes=()
  for target in "${apis[@]}"; do bench_stop "$target"; done
  apis=() api_ports=()
}
# post_for <seconds> <prefix>: wrk posts orders for that long from 16 connections in all, shared out over the APIs
# (one wrk each, side by side, as a Service spreads connections); any answer but 2xx or 3xx (the API answers 201) or
# any socket error fails the run. Each wrk's customers are <prefix>-<n>-...: one LIKE '<prefix>-%' finds them all.
# Sets $accepted, the orders accepted per second by all the APIs together.
post_for() {
  local seconds="$1" prefix="$2" n wrks=() outputs=()
  for n in "${!api_ports[@]}"; do
    outputs+=("$logs/wrk-$prefix-$n.out")
    wrk -t1 -c$((16 / ${#api_ports[@]})) -d"${seconds}s" --timeout 10s -s "$orders_bench/wrk/bench.lua" \
      "http://127.0.0.1:${api_ports[$n]}/api/orders" -- order "$prefix-$n" >"${outputs[$n]}" &
    wrks+=($!)
  done
  for n in "${!wrks[@]}"; do wait "${wrks[$n]}" || die "wrk failed posting orders to ${apis[$n]}"; done
  accepted="$(python3 - "${outputs[@]}" <<'PY'
import json, sys
runs = [json.loads(open(path, encoding="utf-8").read().strip().splitlines()[-1]) for path in sys.argv[1:]]
for run in runs:
    if run["non_2xx_3xx"] or run["socket_errors"] or not run["requests"]:
        sys.exit(f"posting orders failed: {run['non_2xx_3xx']} answers other than 201, {run['socket_errors']} socket errors, "
                 f"{run['requests']} requests")
print(f"{sum(run['requests'] / (run['duration_us'] / 1e6) for run in runs):.1f}")
PY
)"
}
# wait_posted <prefix>: waits until the orders of that prefix stop arriving (wrk stops with requests in flight, which
# the API may yet save). There must be some.
# (The queries are statements of their own, not conditions: a failed query then stops the script at once.)
wait_posted() {
  local count previous=-1
  while :; do
    count="$(pg "$database" "SELECT COUNT(*) FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'")"
    [ "$count" -ne "$previous" ] || break
    previous="$count"
    sleep "$poll_seconds"
  done
  [ "$count" -gt 0 ] || die "no $1 orders arrived"
}
# wait_confirmed <prefix>: waits until every order of that prefix is confirmed. It asks every $poll_seconds: during a
# measurement, its queries are PostgreSQL work that the CPU figures count.
wait_confirmed() {
  local deadline=$((SECONDS + 600)) pending
  while :; do
    pending="$(pg "$database" "SELECT COUNT(*) FILTER (WHERE \"Status\" <> 'Confirmed') FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'")"
    [ "$pending" -ne 0 ] || break
    [ "$SECONDS" -lt "$deadline" ] || die "$pending $1 orders were not confirmed within 10 minutes"
    sleep "$poll_seconds"
  done
}
# rate_of <prefix>: "<orders> <orders per second from the first one placed to the last one confirmed>"
rate_of() {
  pg "$database" "SELECT COUNT(*) || ' ' || ROUND((COUNT(*) / EXTRACT(EPOCH FROM MAX(\"ConfirmedAt\") - MIN(\"PlacedAt\")))::numeric, 1)
    FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'"
}
# cpu_ticks_now <api pid(s)> <worker pid>...: "<api> <workers> <postgres> <rabbitmq> <machine busy> <machine all>",
# clock ticks (cputime.py)
cpu_ticks_now() { python3 "$orders_bench/lib/cputime.py" ticks "$1" "$postmaster_pid" "$broker_pid" "${@:2}"; }
# delete_queue needs the bare loop's build in $work/bare (bench/queue/bare: it deletes a queue with --delete-queue).
delete_queue() { dotnet "$work/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" --delete-queue "$queue"; }
# check_and_drop <name>: every order handled exactly once, nothing dead-lettered; then the database goes.
check_and_drop() {
  [ "$(pg "$database" "SELECT (SELECT COUNT(*) FROM \"ProcessedMessages\") = (SELECT COUNT(*) FROM \"Orders\")")" = t ] \
    || die "$1: not exactly one processed message per order"
  [ "$(pg "$database" "SELECT COUNT(*) FROM \"DeadLetters\"")" -eq 0 ] || die "$1: dead letters"
  pg postgres "DROP DATABASE \"$database\" WITH (FORCE)" >/dev/null
  database=""
  if [ -n "$queue" ]; then delete_queue >/dev/null || die "$1: could not delete the queue $queue"; fi
  queue=""
}

orders_report() {
  local report="$1" section
  section="$(basename "$(dirname "$report")")"
  shift
  bench_docs_target
  bench_meta "$results/meta.json" command="$command_line" revision="$revision" "$@" connections=16 cores="$(nproc)" \
    servers_from="$servers_from" postgres_version="$(pg postgres 'SHOW server_version' | cut -d' ' -f1)" \
    postgres_durability="fsync=$(pg postgres 'SHOW fsync'), synchronous_commit=$(pg postgres 'SHOW synchronous_commit')"
  say "Results"
  python3 "$report" "$results" --json "$out/$section.json" --docs "$docs"
  if $smoke; then
    echo "$bench_name: smoke run passed in $((SECONDS - started)) s (no timing asserted)"
  else
    echo "$bench_name: wrote docs/benchmarks.md and docs/benchmarks/$section.json in $((SECONDS - started)) s"
  fi
}
