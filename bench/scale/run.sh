#!/usr/bin/env bash
# Benchmarks the backend-portfolio order pipeline scaled out: 1 API + 1 worker against 2 APIs + 2 workers on the same
# PostgreSQL and RabbitMQ, side by side in rounds, and reports the orders per second, the place-to-confirmed latency
# and the CPU time each order costs by process, and the coordination overhead: CPU per order at 2 + 2 over CPU per
# order at 1 + 1 (goal: at most 1.10).
#
#   bench/scale/run.sh [options]   full run (about 10 minutes on 2 idle cores); rewrites the scale section of
#                                  docs/benchmarks.md and docs/benchmarks/scale.json
#   bench/scale/run.sh --smoke     checks that the whole pipeline still works: one round, 1 s of orders per scenario, a
#                                  report written into the scratch folder only; asserts no timing
#
# Options (defaults in brackets):
#   --rounds N      rounds; each measures both scenarios, the order reversed every other round [3]
#   --seconds N     seconds of posting per scenario and round, after a warm-up as long [15]
#   --keep          keep the scratch folder (generated project, logs, raw results) and print its path
#   -h, --help      this text
#
# What it does: packs the committed sources (git archive HEAD), generates Acme.Orders with --database postgres
# --messaging rabbitmq and builds it in Release. In each round, each scenario gets a fresh database and queue, starts
# its APIs (one after the other: the first migrates and seeds) and its workers, sends one order through each API (it
# compiles the order path) and waits for them, and then wrk posts orders for a warm-up and for the measured seconds
# from 16 connections in all, shared out over the APIs as a Service would (one wrk per API; bench/lib/bench.lua).
# Orders/s = the measured orders over the time from the first one placed (Orders.PlacedAt) to the last one confirmed
# (Orders.ConfirmedAt); the latency of each order is ConfirmedAt - PlacedAt (p50 and p99 from PostgreSQL). From the
# start of the measured posting to the last confirmation the script reads the CPU time (user + system, /proc) of the
# APIs, the workers, PostgreSQL and RabbitMQ (bench/lib/cputime.py) and how busy the machine's cores were. Every order
# must be handled exactly once, the stock reserved for exactly the confirmed lines and nothing dead-lettered.
# Servers, processes, posting, waiting and checks are bench/lib/orders.sh's, shared with bench/queue/run.sh: the
# benchmarks' own PostgreSQL and RabbitMQ from eng/services.sh, on ports the test servers do not use (PostgreSQL on
# BENCH_POSTGRES_PORT [57432], RabbitMQ on BENCH_RABBITMQ_PORT [57672]), started and stopped by the run unless they
# already answer; the smoke run uses PK_TEST_POSTGRES and PK_TEST_RABBITMQ instead when both are set (eng/test.sh).
# Needs the .NET SDK, python3, curl, wrk and psql.
set -euo pipefail
# A failure inside $(...) (a wrk run, a query) stops the script, not only that subshell.
shopt -s inherit_errexit

bench_name="bench-scale"
# shellcheck source=bench/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"  # sets $bench and $root

rounds=3 seconds=15
bench_options "$bench/scale/run.sh" rounds seconds -- "$@"
$smoke && rounds=1 seconds=1
started=$SECONDS

bench_tools wrk curl
command -v psql >/dev/null 2>&1 || die "psql is needed (eng/services.sh installs it with PostgreSQL)"
bench_scratch
# The measured window ends at the last confirmation; asking twice a second keeps the idle tail it takes in short.
poll_seconds=0.5
# shellcheck source=bench/lib/orders.sh
. "$bench/lib/orders.sh"
orders_servers

# ---- Build ------------------------------------------------------------------------------------------------------------
say "Packing the committed sources"
bench_pack_template "$root"
say "Generating and building --messaging rabbitmq --database postgres ($revision)"
bench_generate generate "$work/rabbitmq" --messaging rabbitmq --database postgres
run_logged build dotnet build "$work/rabbitmq" -c Release -nodeReuse:false -v:q
# Its --delete-queue removes each scenario's queue (bench/lib/orders.sh).
run_logged build-bare dotnet build "$bench/queue/bare/BareQueue.csproj" -c Release -o "$work/bare" -nodeReuse:false -v:q

# ---- One scenario -----------------------------------------------------------------------------------------------------
# measure_scale <round> <replicas>: <replicas> APIs and as many workers on a fresh database and queue; a warm-up, then
# the measured orders; appends one JSON line to $results/scale.jsonl.
measure_scale() {
  local round="$1" replicas="$2" name="$2x$2-round$1" n e2e latency
  new_scenario rabbitmq
  for n in $(seq 1 "$replicas"); do start_generated_api "$name-$n" rabbitmq; done
  start_workers "$name" "$replicas"
  first_orders
  post_and_wait "$seconds" warmup
  measured_posting "$seconds" posted
  e2e="$(rate_of posted)"
  latency="$(latency_of posted)"
  latency="${latency% *}"  # p50 and p99

  stop_processes
  check_and_drop "$name"
  python3 - "$round" "$replicas" "$e2e" "$accepted" "$latency" \
    "$(cpu_per_unit "${e2e%% *}" "$cpu_before" "$cpu_after")" >>"$results/scale.jsonl" <<'PY'
import json, sys
round_, replicas, e2e, accepted, latency, cpu = sys.argv[1:]
orders, rate = e2e.split()
p50, p99 = latency.split()
print(json.dumps({"round": int(round_), "scenario": f"{replicas}+{replicas}", "replicas": int(replicas),
                  "orders": int(orders), "units_per_s": float(rate), "accepted_per_s": float(accepted),
                  "latency_ms": {"p50": float(p50), "p99": float(p99)}, **json.loads(cpu)}))
PY
  say "round $round, $replicas + $replicas: ${e2e#* } orders/s (accepted $accepted/s), p50 ${latency% *} ms, p99 ${latency#* } ms"
}

# ---- Measure ----------------------------------------------------------------------------------------------------------
say "$rounds round(s): $seconds s of orders per scenario, after a warm-up as long"
for round in $(seq 1 "$rounds"); do
  order=(1 2)
  [ $((round % 2)) -eq 0 ] && order=(2 1)
  for replicas in "${order[@]}"; do
    measure_scale "$round" "$replicas"
  done
done

# ---- Report -----------------------------------------------------------------------------------------------------------
orders_report "$bench/scale/report.py" rounds="$rounds" seconds="$seconds" \
  rabbitmq_version="$(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null | cut -d- -f1 || true)"
