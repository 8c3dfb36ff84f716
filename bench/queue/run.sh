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
#   end to end  wrk posts orders from 16 connections (bench/wrk/bench.lua), first for a warm-up, then for the measured
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

rounds=3 seconds=10 backlog_orders=10000
bench_options "$here/run.sh" rounds seconds backlog=backlog_orders -- "$@"
$smoke && rounds=1 seconds=1 backlog_orders=20
started=$SECONDS

bench_tools wrk curl
command -v psql >/dev/null 2>&1 || die "psql is needed (eng/services.sh installs it with PostgreSQL)"
bench_scratch
# shellcheck source=bench/lib/orders.sh
. "$bench/lib/orders.sh"
orders_servers

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
# measure_queue <round> <scenario> <messaging> <workers>: one scenario, end to end and then backlog, in one fresh
# database with one API and its workers (the end-to-end warm-up and run also warm the processes up for the backlog);
# appends one JSON line to $results/queue.jsonl.
measure_queue() {
  local round="$1" scenario="$2" messaging="$3" workers="$4" name="$2-round$1"
  local e2e backlog before after
  new_scenario "$messaging"
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
  python3 - "$round" "$scenario" "$messaging" "$workers" "$e2e" "$accepted" "$backlog" \
    "$(python3 "$bench/lib/cputime.py" per-unit "${backlog%% *}" "$before" "$after")" >>"$results/queue.jsonl" <<'PY'
import json, sys
round_, scenario, messaging, workers, e2e, accepted, backlog, cpu = sys.argv[1:]
e2e_orders, e2e_rate = e2e.split()
backlog_orders, backlog_rate = backlog.split()
print(json.dumps({"round": int(round_), "scenario": scenario, "messaging": messaging, "workers": int(workers),
                  "end_to_end": {"orders": int(e2e_orders), "units_per_s": float(e2e_rate),
                                 "accepted_per_s": float(accepted)},
                  "backlog": {"orders": int(backlog_orders), "units_per_s": float(backlog_rate), **json.loads(cpu)}}))
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
# RabbitMQ's version comes from the bare loop's runs (the broker tells it to every client that connects).
orders_report "$here/report.py" rounds="$rounds" seconds="$seconds" backlog_orders="$backlog_orders"
