#!/usr/bin/env bash
# Benchmarks the queue of the backend-portfolio template: units of work per second from accepted to confirmed in the
# database, for --messaging inprocess and --messaging rabbitmq (one and two worker processes), beside a bare
# RabbitMQ.Client publish/consume loop with the same durability (durable queue, persistent messages, publisher
# confirms, prefetch 32, manual acks; bench/queue/bare), in the same rounds, and the CPU time each unit costs.
#
#   bench/queue/run.sh [options]   full run (about 15 minutes on 2 idle cores); rewrites the queue section of
#                                  docs/benchmarks.md and docs/benchmarks/queue.json
#   bench/queue/run.sh --smoke     checks that the whole pipeline still works: one round, 1 s of orders, backlogs
#                                  of 20, a report written into the scratch folder only; asserts no timing
#
# Options (defaults in brackets):
#   --rounds N      rounds; each measures every scenario once, the order reversed every other round [3]
#   --seconds N     seconds of posting per scenario and round, after a warm-up as long [10]
#   --backlog N     orders per backlog, after a warm-up backlog of the same size [10000]
#   --keep          keep the scratch folder (generated projects, logs, raw results) and print its path
#   -h, --help      this text
#
# What it does: packs the committed sources (git archive HEAD), generates Acme.Orders with --database postgres for
# both messaging options (so that two workers do not queue on one SQLite file lock) and builds them in Release. In
# each round, each scenario (inprocess; rabbitmq with 1 and with 2 workers) gets a fresh database, its API (dispatcher
# on) and its workers, and is measured two ways, one after the other:
#   end to end  wrk posts orders from 16 connections (bench/lib/bench.lua), first for a warm-up, then for the measured
#               seconds; the rate is the measured orders over the time from the first one placed (Orders.PlacedAt) to
#               the last one confirmed (Orders.ConfirmedAt), and beside it the rate at which the API accepted them;
#   backlog     orders with their outbox messages are inserted in one SQL transaction (the rows POST /api/orders
#               writes), first a warm-up backlog, then the measured one; the rate is its orders over the time from
#               that insert to the last confirmation: the queue's own steady rate. Over the measured backlog, the
#               script also reads the CPU time (user + system, /proc) of the API, the workers, PostgreSQL (its
#               processes and the ended backends it reaped) and RabbitMQ (beam.smp) per order, and how busy the
#               whole machine's cores were (/proc/stat: whoever kept them busy, the neighbours too).
# Both check that every order was handled exactly once and nothing was dead-lettered. The bare loop (1 and 2
# consumers) runs in the same round and reports its own CPU per message and, from /proc, RabbitMQ's.
# PostgreSQL and RabbitMQ come from PK_TEST_POSTGRES / PK_TEST_RABBITMQ, or are started (and stopped) with
# eng/services.sh. Needs the .NET SDK, python3, curl, wrk and psql.
set -euo pipefail
# A failure inside $(...) (a wrk run, a query) stops the script, not only that subshell.
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="$(cd "$here/.." && pwd)"
root="$(cd "$bench/.." && pwd)"
bench_name="bench-queue"
# shellcheck source=bench/lib/common.sh
. "$bench/lib/common.sh"

usage() { sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }

smoke=false keep=false rounds=3 seconds=10 backlog_orders=10000
command_line="bench/queue/run.sh"  # as published: with the options that change figures (--keep does not)
while [ $# -gt 0 ]; do
  option="$1" value=""
  case "$1" in
    --smoke) smoke=true ;;
    --rounds) rounds="${2:?--rounds needs a value}" value="$2"; shift ;;
    --seconds) seconds="${2:?--seconds needs a value}" value="$2"; shift ;;
    --backlog) backlog_orders="${2:?--backlog needs a value}" value="$2"; shift ;;
    --keep) keep=true ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
  [ "$option" = --keep ] || command_line+=" $option${value:+ $value}"
  shift
done
for option in rounds:"$rounds" seconds:"$seconds" backlog:"$backlog_orders"; do
  [[ "${option#*:}" =~ ^[1-9][0-9]*$ ]] || die "--${option%%:*} needs a positive whole number, not '${option#*:}'"
done
$smoke && rounds=1 seconds=1 backlog_orders=20
started=$SECONDS

bench_tools wrk curl
command -v psql >/dev/null 2>&1 || die "psql is needed (eng/services.sh installs it with PostgreSQL)"
bench_scratch
# The worker processes the scenarios start (the API is bench_start's, which bench_cleanup stops). They are started
# from this shell, never inside $(...), so that the EXIT trap (an error, Ctrl-C) knows and stops every one of them.
processes=()
started_services=false
database=""  # the current scenario's database; check_and_drop drops it when the scenario passes, the clean-up otherwise
queue=""     # the current scenario's RabbitMQ queue; deleted after the scenario, or by the clean-up
bench_before_cleanup() {
  local process
  for process in "${processes[@]}"; do kill -9 "$process" 2>/dev/null || true; done
  [ -z "$database" ] || pg postgres "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  [ -z "$queue" ] || delete_queue >/dev/null 2>&1 || true
  if $started_services; then "$root/eng/services.sh" stop >/dev/null 2>&1 || true; fi
}

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

# The servers' processes, whose CPU time each scenario reads from /proc.
amqp_port="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).port or 5672)' "$PK_TEST_RABBITMQ")"
server_pids="$(python3 "$here/cputime.py" servers "$(pg postgres 'SHOW data_directory')" "$amqp_port")"
read -r postmaster_pid broker_pid <<<"$server_pids"

# ---- Build ------------------------------------------------------------------------------------------------------------
say "Packing the committed sources"
bench_pack_template "$root"
for messaging in inprocess rabbitmq; do
  say "Generating and building --messaging $messaging --database postgres ($revision)"
  bench_generate "generate-$messaging" "$work/$messaging" --messaging "$messaging" --database postgres
  run_logged "build-$messaging" dotnet build "$work/$messaging" -c Release -nodeReuse:false -v:q
done
say "Building the bare RabbitMQ.Client loop"
run_logged build-bare dotnet build "$here/bare/BareQueue.csproj" -c Release -o "$work/bare" -nodeReuse:false -v:q

# ---- One scenario -----------------------------------------------------------------------------------------------------
# Order prefixes (customer e-mails) of the phases; none is the start of another, so LIKE 'prefix-%' finds one phase.
# warmup and posted: HTTP orders (bench.lua names them prefix-<thread>-<n>); primer and backlog: inserted orders.

start_api() { # start_api <log name> <messaging>: bench_start with the scenario's settings; sets api, api_pid, api_port
  api="$1-api"
  bench_start "$api" "$work/$2/src/Api/bin/Release/net10.0" Acme.Orders.Api.dll /health/ready "${common[@]}" \
    ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning Database__SeedDemoData=true \
    RateLimiting__PermitLimit=100000000 Messaging__PollingInterval=00:00:00.050
  api_pid="${pid[$api]}" api_port="${port[$api]}"
}
start_workers() { # start_workers <log name> <messaging> <count>; returns once every worker consumes
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
  local process
  for process in "${processes[@]}"; do kill -9 "$process" 2>/dev/null || true; done
  for process in "${processes[@]}"; do wait "$process" 2>/dev/null || true; done
  processes=()
  bench_stop "$api"
}
# post_for <seconds> <prefix>: wrk posts orders from 16 connections for that long; any answer but 2xx or 3xx (the
# API answers 201) or any socket error fails the run. Sets $accepted, the orders accepted per second.
post_for() {
  local figures
  figures="$(wrk -t1 -c16 -d"$1s" --timeout 10s -s "$bench/lib/bench.lua" "http://127.0.0.1:$api_port/api/orders" -- order "$2")" \
    || die "wrk failed posting orders"
  accepted="$(python3 - "$(tail -n 1 <<<"$figures")" <<'PY'
import json, sys
run = json.loads(sys.argv[1])
if run["non_2xx_3xx"] or run["socket_errors"] or not run["requests"]:
    sys.exit(f"posting orders failed: {run['non_2xx_3xx']} answers other than 201, {run['socket_errors']} socket errors, "
             f"{run['requests']} requests")
print(f"{run['requests'] / (run['duration_us'] / 1e6):.1f}")
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
    sleep 1
  done
  [ "$count" -gt 0 ] || die "no $1 orders arrived"
}
# wait_confirmed <prefix>: waits until every order of that prefix is confirmed. It asks once a second: during a
# measured backlog, its queries are PostgreSQL work that the CPU figures count.
wait_confirmed() {
  local deadline=$((SECONDS + 600)) pending
  while :; do
    pending="$(pg "$database" "SELECT COUNT(*) FILTER (WHERE \"Status\" <> 'Confirmed') FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'")"
    [ "$pending" -ne 0 ] || break
    [ "$SECONDS" -lt "$deadline" ] || die "$pending $1 orders were not confirmed within 10 minutes"
    sleep 1
  done
}
# rate_of <prefix>: "<orders> <orders per second from the first one placed to the last one confirmed>"
rate_of() {
  pg "$database" "SELECT COUNT(*) || ' ' || ROUND((COUNT(*) / EXTRACT(EPOCH FROM MAX(\"ConfirmedAt\") - MIN(\"PlacedAt\")))::numeric, 1)
    FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'"
}
# seed_backlog <prefix> <count>: inserts orders, their lines and their outbox messages in one SQL transaction: the
# rows POST /api/orders writes, without the HTTP, so that the queue finds all of them at once.
seed_backlog() {
  pg "$database" "WITH placed AS (
      INSERT INTO \"Orders\" (\"CustomerEmail\", \"Status\", \"PlacedAt\", \"Version\", \"Total\")
      SELECT '$1-' || n || '@example.com', 'Placed', now(), 0, 12.90 FROM generate_series(1, $2) AS n
      RETURNING \"Id\"),
    lines AS (
      INSERT INTO \"OrderLines\" (\"OrderId\", \"ProductId\", \"ProductName\", \"UnitPrice\", \"Quantity\")
      SELECT p.\"Id\", p.\"Id\" % 6 + 1, 'Backlog', 12.90, 1 FROM placed AS p)
    INSERT INTO \"OutboxMessages\" (\"Id\", \"Type\", \"Payload\", \"AvailableAt\", \"Attempts\")
    SELECT gen_random_uuid(), 'order-placed.v1', '{\"orderId\":' || p.\"Id\" || '}', now(), 0 FROM placed AS p" >/dev/null
}
# cpu_ticks_now <api pid> <worker pid>...: "<api> <workers> <postgres> <rabbitmq> <machine busy> <machine all>",
# clock ticks (cputime.py)
cpu_ticks_now() { python3 "$here/cputime.py" ticks "$1" "$postmaster_pid" "$broker_pid" "${@:2}"; }
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

# measure_queue <round> <scenario> <messaging> <workers>: one scenario, end to end and then backlog, in one fresh
# database with one API and its workers (the end-to-end warm-up and run also warm the processes up for the backlog);
# appends one JSON line to $results/queue.jsonl.
measure_queue() {
  local round="$1" scenario="$2" messaging="$3" workers="$4" name="$2-round$1"
  local e2e backlog before after
  database="pk_bench_queue_$RANDOM$RANDOM" queue=""
  common=(ConnectionStrings__Database="${PK_TEST_POSTGRES/Database=postgres/Database=$database}")
  if [ "$messaging" = rabbitmq ]; then
    queue="pk-bench-queue-$RANDOM$RANDOM"
    common+=(ConnectionStrings__RabbitMq="$PK_TEST_RABBITMQ" RabbitMq__QueueName="$queue")
  fi
  start_api "$name" "$messaging"
  start_workers "$name" "$messaging" "$workers"

  post_for "$seconds" warmup
  wait_posted warmup
  wait_confirmed warmup
  post_for "$seconds" posted
  wait_posted posted
  wait_confirmed posted
  e2e="$(rate_of posted)"

  seed_backlog primer "$backlog_orders"
  wait_confirmed primer
  # The reading starts after the insert: writing the backlog is the accepting, not the queue's work.
  seed_backlog backlog "$backlog_orders"
  before="$(cpu_ticks_now "$api_pid" "${worker_pids[@]}")"
  wait_confirmed backlog
  after="$(cpu_ticks_now "$api_pid" "${worker_pids[@]}")"
  backlog="$(rate_of backlog)"

  stop_processes
  check_and_drop "$name"
  python3 - "$round" "$scenario" "$messaging" "$workers" "$e2e" "$accepted" "$backlog" "$before" "$after" \
    "$clock_ticks_per_s" >>"$results/queue.jsonl" <<'PY'
import json, sys
round_, scenario, messaging, workers, e2e, accepted, backlog, before, after, hz = sys.argv[1:]
e2e_orders, e2e_rate = e2e.split()
backlog_orders, backlog_rate = backlog.split()
used = [int(a) - int(b) for a, b in zip(after.split(), before.split())]
per_order = {part: round(ticks * 1e6 / int(hz) / int(backlog_orders), 1)
             for part, ticks in zip(("api", "workers", "postgres", "rabbitmq"), used)}
machine_busy, machine_all = used[4:6]
print(json.dumps({"round": int(round_), "scenario": scenario, "messaging": messaging, "workers": int(workers),
                  "end_to_end": {"orders": int(e2e_orders), "units_per_s": float(e2e_rate),
                                 "accepted_per_s": float(accepted)},
                  "backlog": {"orders": int(backlog_orders), "units_per_s": float(backlog_rate),
                              "cpu_us_per_unit": per_order,
                              "machine_busy": round(machine_busy / machine_all, 3) if machine_all else None}}))
PY
  say "round $round, $scenario: end to end ${e2e#* } units/s (accepted $accepted/s), backlog ${backlog#* } units/s"
}

# measure_bare <round> <consumers>: the bare loop with that many consumers; RabbitMQ's CPU time over its whole run
# (an untimed warm-up and the measured messages, as many each) is shared out over both; appends one JSON line. (No
# machine busy share: the readings around the process would take its start-up and warm-up in.)
measure_bare() {
  local round="$1" consumers="$2" before after figures
  before="$(cpu_ticks_now 0)"
  figures="$(dotnet "$work/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" "$backlog_orders" "$consumers")" \
    || die "the bare loop with $consumers consumer(s) failed"
  after="$(cpu_ticks_now 0)"
  python3 - "$round" "$consumers" "$figures" "$before" "$after" "$clock_ticks_per_s" "$backlog_orders" \
    >>"$results/queue.jsonl" <<'PY'
import json, sys
round_, consumers, figures, before, after, hz, messages = sys.argv[1:]
run = json.loads(figures)
broker = (int(after.split()[3]) - int(before.split()[3])) * 1e6 / int(hz) / (2 * int(messages))
print(json.dumps({"round": int(round_), "scenario": f"bare-{consumers}", "consumers": int(consumers),
                  "messages": int(messages), "units_per_s": run["units_per_s"], "broker_version": run["broker_version"],
                  "cpu_us_per_unit": {"client": run["client_cpu_us_per_unit"], "rabbitmq": round(broker, 1)}}))
PY
  say "round $round, bare loop with $consumers consumer(s): $(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["units_per_s"])' "$figures") units/s"
}

# ---- Measure ----------------------------------------------------------------------------------------------------------
say "$rounds round(s): $seconds s of orders end to end and backlogs of $backlog_orders orders per scenario"
for round in $(seq 1 "$rounds"); do
  order=(inprocess rabbitmq-1 rabbitmq-2 bare-1 bare-2)
  [ $((round % 2)) -eq 0 ] && order=(bare-2 bare-1 rabbitmq-2 rabbitmq-1 inprocess)
  for scenario in "${order[@]}"; do
    case "$scenario" in
      inprocess) measure_queue "$round" inprocess inprocess 0 ;;
      rabbitmq-*) measure_queue "$round" "$scenario" rabbitmq "${scenario#rabbitmq-}" ;;
      bare-*) measure_bare "$round" "${scenario#bare-}" ;;
    esac
  done
done

# ---- Report -----------------------------------------------------------------------------------------------------------
bench_docs_target
# RabbitMQ's version comes from the bare loop's runs (the broker tells it to every client that connects).
bench_meta "$results/meta.json" command="$command_line" revision="$revision" rounds="$rounds" seconds="$seconds" \
  backlog_orders="$backlog_orders" connections=16 cores="$(nproc)" servers_from="$servers_from" \
  postgres_version="$(pg postgres 'SHOW server_version' | cut -d' ' -f1)" \
  postgres_durability="fsync=$(pg postgres 'SHOW fsync'), synchronous_commit=$(pg postgres 'SHOW synchronous_commit')"
say "Results"
python3 "$here/report.py" "$results" --json "$out/queue.json" --docs "$docs"
if $smoke; then
  echo "bench-queue: smoke run passed in $((SECONDS - started)) s (no timing asserted)"
else
  echo "bench-queue: wrote docs/benchmarks.md and docs/benchmarks/queue.json in $((SECONDS - started)) s"
fi
