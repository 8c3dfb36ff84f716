#!/usr/bin/env bash
# Benchmarks the queue of the backend-portfolio template against the same order pipeline built on Wolverine
# (bench/queue/peer-wolverine), with the consumer of the backend-worker template and a bare RabbitMQ.Client loop
# (bench/queue/bare: the same durability, no database) as the physical reference, in the same rounds, on the same
# PostgreSQL and RabbitMQ, and reports what each order costs in CPU, by process and by SQL statement.
#
#   bench/queue/run.sh [options]   full run (about 30 minutes on 2 idle cores); rewrites the queue section of
#                                  docs/benchmarks.md, docs/benchmarks/queue.json and docs/benchmarks/queue-vs-wolverine.svg
#   bench/queue/run.sh --smoke     checks that the whole pipeline still works: one round, 1 s phases at 20 orders/s
#                                  for the latency, backlogs of 20, a report written into the scratch folder only;
#                                  asserts no timing
#
# Options (defaults in brackets):
#   --rounds N      rounds; each measures every scenario once, the order reversed every other round [3]
#   --seconds N     seconds of each posting phase (a warm-up as long comes first) [10]
#   --backlog N     orders per backlog, after a warm-up backlog of a fifth as many [10000]
#   --rate N        the fixed offered rate of the latency phase, in orders per second [half the lowest end-to-end
#                   rate of round 1: each scenario is then measured at the same rate, well below its maximum]
#   --keep          keep the scratch folder (generated projects, logs, raw results) and print its path
#   -h, --help      this text
#
# Scenarios, each in a fresh database with its own processes, measured one after the other:
#   inprocess   the generated --messaging inprocess API: outbox, dispatcher and handler in one process
#   rabbitmq    the generated --messaging rabbitmq API (outbox and dispatcher) and one worker process
#   wolverine   the Wolverine peer: its API (EF Core outbox and relay) and one worker process (durable inbox)
#   worker      the generated backend-worker's consumer of its database queue (backlog only: it has no order API)
#   bare        the bare RabbitMQ.Client loop, one consumer: the physical reference, reported without a goal
# The three order pipelines are measured in three phases, after a warm-up of the API and the workers:
#   end to end  wrk posts POST /api/orders from 16 connections as fast as they are answered (bench/lib/bench.lua);
#               rate = those orders over the time from the first one placed to the last one confirmed
#   latency     wrk posts at the fixed rate; place-to-confirmed latency (Orders.ConfirmedAt - PlacedAt) p50 and p99
#   backlog     a backlog committed at once: PortfolioKit's as the rows POST /api/orders writes (orders, lines and
#               outbox rows in one SQL transaction), Wolverine's as orders inserted by SQL and then their messages in
#               one outbox transaction through the peer's /bench/backlog; rate = orders over the time from the commit
#               to the last confirmation: the queue's own steady rate
# Over each phase the script reads the CPU time (user + system, /proc) of the API, the workers, PostgreSQL (its
# processes and the ended backends it reaped) and RabbitMQ (beam.smp) per order, and over the backlog how busy the
# whole machine's cores were; with its own servers it also reads pg_stat_statements over the backlog. Each scenario
# is checked: every order confirmed, the reserved stock equal to the confirmed lines, nothing dead-lettered, and for
# PortfolioKit one inbox row per order.
#
# Servers: the benchmarks' own PostgreSQL (with pg_stat_statements loaded) and RabbitMQ from eng/services.sh, on ports
# that neither the test servers (55432/55672) nor the shared ones use: PostgreSQL on BENCH_POSTGRES_PORT [57432],
# RabbitMQ on BENCH_RABBITMQ_PORT [57672] (its Erlang distribution on 47672, epmd on 54371), in
# /tmp/portfoliokit-bench-servers; stopped at the end if it started them. The smoke run uses PK_TEST_POSTGRES and
# PK_TEST_RABBITMQ instead when both are set (eng/test.sh), and then reads no statements. PostgreSQL runs as
# eng/services.sh runs it for tests (fsync, synchronous_commit and full_page_writes off), the same for every scenario.
# The order pipeline's pieces (servers, processes, posting, waiting, CPU readings, checks) are bench/lib/orders.sh's,
# shared with bench/scale/run.sh. Needs the .NET SDK, python3, curl, wrk, psql.
set -euo pipefail
# A failure inside $(...) (a wrk run, a query) stops the script, not only that subshell.
shopt -s inherit_errexit

bench_name="bench-queue"
# shellcheck source=bench/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"  # sets $bench and $root
here="$bench/queue"

rounds=3 seconds=10 backlog_orders=10000 rate=""
bench_options "$here/run.sh" rounds seconds backlog=backlog_orders rate -- "$@"
rate_from="--rate"
# The smoke run posts at a fixed 20 orders/s unless told otherwise, so that no scenario is started twice.
$smoke && rounds=1 seconds=1 backlog_orders=20 rate="${rate:-20}"
primer_orders=$(((backlog_orders + 4) / 5))
[ -n "$rate" ] || rate_from="half the lowest end-to-end rate of round 1"
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
  say "Generating and building backend-portfolio --messaging $messaging --database postgres ($revision)"
  bench_generate "generate-$messaging" "$work/$messaging" --messaging "$messaging" --database postgres
  run_logged "build-$messaging-api" dotnet build "$work/$messaging/src/Api" -c Release -nodeReuse:false -v:q
done
run_logged build-rabbitmq-worker dotnet build "$work/rabbitmq/src/Worker" -c Release -nodeReuse:false -v:q
say "Generating and building backend-worker --database postgres ($revision)"
bench_generate_template backend-worker Acme.Stock generate-worker "$work/worker" --database postgres
run_logged build-worker dotnet build "$work/worker/src/Worker" -c Release -nodeReuse:false -v:q
say "Building the Wolverine peer against the generated rabbitmq solution"
mkdir "$work/peer-wolverine"
cp "$here"/peer-wolverine/*.* "$work/peer-wolverine/"
run_logged build-wolverine dotnet build "$work/peer-wolverine" -c Release -nodeReuse:false -v:q -p:GeneratedRoot="$work/rabbitmq"
say "Building the bare RabbitMQ.Client loop"
run_logged build-bare dotnet build "$here/bare/BareQueue.csproj" -c Release -o "$work/bare" -nodeReuse:false -v:q
api_bin="$work/rabbitmq/src/Api/bin/Release/net10.0"  # the generated `migrate`, for the Wolverine scenario's schema

# ---- One scenario -----------------------------------------------------------------------------------------------------
# Order prefixes (customer e-mails) of the phases; none is the start of another, so LIKE 'prefix-%' finds one phase:
# first, warmup, posted, pacedwarmup and paced are HTTP orders (post_for); primer and backlog are inserted.

# start_scenario <log name> <scenario>: the scenario's API and its worker process (none in process), with orders.sh's
# start_api and start_workers
start_scenario() {
  case "$2" in
    wolverine)
      start_api "$1" "$work/peer-wolverine/bin/Release/net10.0" PeerWolverine.dll
      start_workers "$1" 1 "$work/peer-wolverine/bin/Release/net10.0" PeerWolverine.dll worker ;;
    inprocess) start_generated_api "$1" inprocess; worker_pids=() ;;
    *) start_generated_api "$1" "$2"; start_workers "$1" 1 ;;
  esac
}
# confirmed_since <prefix> <seconds since the epoch>: how many orders of that prefix were confirmed from then on
confirmed_since() {
  pg "$database" "SELECT COUNT(*) FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%' AND \"ConfirmedAt\" >= to_timestamp($2)"
}
# seed_backlog <scenario> <prefix> <count>: commits a backlog at once and prints when it committed (seconds since the
# epoch). PortfolioKit's: orders, lines and outbox messages in one SQL transaction, the rows POST /api/orders writes.
# Wolverine's: the orders and lines by SQL, then their messages through its outbox (the peer's /bench/backlog).
seed_backlog() {
  local outbox="" committed
  [ "$1" = wolverine ] || outbox=",
    messages AS (
      INSERT INTO \"OutboxMessages\" (\"Id\", \"Type\", \"Payload\", \"AvailableAt\", \"Attempts\")
      SELECT gen_random_uuid(), 'order-placed.v1', '{\"orderId\":' || p.\"Id\" || '}', now(), 0 FROM placed AS p)"
  committed="$(pg "$database" "WITH placed AS (
      INSERT INTO \"Orders\" (\"CustomerEmail\", \"Status\", \"PlacedAt\", \"Version\", \"Total\")
      SELECT '$2-' || n || '@example.com', 'Placed', now(), 0, 12.90 FROM generate_series(1, $3) AS n
      RETURNING \"Id\"),
    lines AS (
      INSERT INTO \"OrderLines\" (\"OrderId\", \"ProductId\", \"ProductName\", \"UnitPrice\", \"Quantity\")
      SELECT p.\"Id\", p.\"Id\" % 6 + 1, 'Backlog', 12.90, 1 FROM placed AS p)$outbox
    SELECT COUNT(*) FROM placed" "SELECT EXTRACT(EPOCH FROM clock_timestamp())")"
  if [ "$1" = wolverine ]; then
    committed="$(curl -fsS --max-time 600 -X POST "http://127.0.0.1:$api_port/bench/backlog?prefix=$2" \
      | python3 -c 'import datetime, json, sys; print(datetime.datetime.fromisoformat(json.load(sys.stdin)["committedAt"]).timestamp())')" \
      || die "the Wolverine peer did not take the backlog"
  fi
  echo "$committed"
}
# statements_reset / statements_now: pg_stat_statements over a measured backlog (with the benchmark's own servers)
statements_reset() { if $statements; then pg postgres "SELECT pg_stat_statements_reset()" >/dev/null; fi; }
statements_now() {
  if ! $statements; then echo null; return; fi
  # jsonb: one line (json_agg puts a line break between elements, and pg prints one line).
  pg postgres "SELECT COALESCE(jsonb_agg(s ORDER BY s.total_ms DESC), '[]'::jsonb) FROM (
      SELECT calls, rows, ROUND(total_exec_time::numeric, 1) AS total_ms, LEFT(regexp_replace(query, '\s+', ' ', 'g'), 400) AS query
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$database')) AS s"
}
# check_wolverine <name>: Wolverine's inbox and outbox for check_and_drop: no more inbox rows than confirmed orders,
# nothing dead-lettered, nothing left to send.
check_wolverine() {
  # Wolverine keeps a handled message's inbox row for KeepAfterMessageHandling (5 minutes), so older ones are gone.
  [ "$(pg "$database" "SELECT (SELECT COUNT(*) FROM wolverine.wolverine_incoming_envelopes) <= (SELECT COUNT(*) FROM \"Orders\" WHERE \"Status\" = 'Confirmed')")" = t ] \
    || die "$1: more inbox rows than confirmed orders"
  [ "$(pg "$database" "SELECT (SELECT COUNT(*) FROM wolverine.wolverine_dead_letters) + (SELECT COUNT(*) FROM wolverine.wolverine_outgoing_envelopes)")" -eq 0 ] \
    || die "$1: dead letters, or messages left in the outbox"
}

# measure_pipeline <round> <scenario> <phases>: one order pipeline (inprocess, rabbitmq or wolverine) in one fresh
# database with one API and its worker; PHASES is "all" (end to end, latency when the rate is known, backlog) or
# "latency". Appends one JSON line to $results/queue.jsonl.
measure_pipeline() {
  local round="$1" scenario="$2" phases="$3" name="$2-round$1-$3"
  local e2e="" e2e_cpu="" e2e_accepted="" latency="" latency_cpu="" backlog="" backlog_cpu="" committed before after
  local statements_json=null statements_from cpu_from statements_orders=0
  if [ "$scenario" = inprocess ]; then new_scenario; else new_scenario rabbitmq; fi
  if [ "$scenario" = wolverine ]; then
    pg postgres "CREATE DATABASE \"$database\"" >/dev/null
    (cd "$api_bin" && run_logged "$name-migrate" env "${common[@]}" Database__SeedDemoData=true dotnet Acme.Orders.Api.dll migrate)
  fi
  start_scenario "$name" "$scenario"

  first_orders
  post_and_wait "$seconds" warmup
  if [ "$phases" = all ]; then
    measured_posting "$seconds" posted
    e2e="$(rate_of posted)"
    e2e_cpu="$(cpu_per_unit "${e2e%% *}" "$cpu_before" "$cpu_after")"
    e2e_accepted="$accepted"
  fi
  if [ -n "$rate" ]; then
    # A warm-up at the rate first (the maximum's warm-up leaves queues and JIT in another state).
    post_and_wait "$seconds" pacedwarmup "$rate"
    measured_posting "$seconds" paced "$rate"
    latency="$(latency_of paced)"
    latency_cpu="$(cpu_per_unit "$(pg "$database" "SELECT COUNT(*) FROM \"Orders\" WHERE \"CustomerEmail\" LIKE 'paced-%'")" "$cpu_before" "$cpu_after")"
  fi
  if [ "$phases" = all ]; then
    committed="$(seed_backlog "$scenario" primer "$primer_orders")"
    wait_confirmed primer
    # The readings start after the commit: writing the backlog is the accepting, not the queue's work. The queue
    # starts on it at once, so each reading is shared out over the orders confirmed after it began, not all of them.
    committed="$(seed_backlog "$scenario" backlog "$backlog_orders")"
    statements_from="$(date +%s.%N)"
    statements_reset
    cpu_from="$(date +%s.%N)"
    before="$(cpu_ticks_now "$api_pid" "${worker_pids[@]}")"
    wait_confirmed backlog
    after="$(cpu_ticks_now "$api_pid" "${worker_pids[@]}")"
    statements_json="$(statements_now)"
    backlog="$(rate_of backlog "$committed")"
    if [ "$scenario" = wolverine ]; then
      # Wolverine's backlog call returns once its relay has sent every message, by when the worker has confirmed
      # (nearly) all of them: readings taken after it would share a few ticks over a handful of orders. Not measured.
      backlog_cpu='{}' statements_json=null statements_orders=0
    else
      backlog_cpu="$(cpu_per_unit "$(confirmed_since backlog "$cpu_from")" "$before" "$after")"
      statements_orders="$(confirmed_since backlog "$statements_from")"
    fi
  fi

  stop_processes
  if [ "$scenario" = wolverine ]; then check_and_drop "$name" check_wolverine; else check_and_drop "$name"; fi
  python3 - "$round" "$scenario" "$phases" "$e2e" "$e2e_accepted" "$e2e_cpu" "$latency" "$latency_cpu" "$rate" \
    "$backlog" "$backlog_cpu" "$statements_json" "$statements_orders" >>"$results/queue.jsonl" <<'PY'
import json, sys
round_, scenario, phases, e2e, accepted, e2e_cpu, latency, latency_cpu, rate, backlog, backlog_cpu, statements, statements_orders = sys.argv[1:]
run = {"round": int(round_), "scenario": scenario, "phases": phases}
if e2e:
    orders, per_s = e2e.split()
    run["end_to_end"] = {"orders": int(orders), "units_per_s": float(per_s), "accepted_per_s": float(accepted),
                         **json.loads(e2e_cpu)}
if latency:
    p50, p99, placed_per_s = latency.split()
    run["latency"] = {"offered_per_s": int(rate), "placed_per_s": float(placed_per_s), "p50_ms": float(p50),
                      "p99_ms": float(p99), **json.loads(latency_cpu)}
if backlog:
    orders, per_s = backlog.split()
    run["backlog"] = {"orders": int(orders), "units_per_s": float(per_s), **json.loads(backlog_cpu),
                      "statements": json.loads(statements), "statements_orders": int(statements_orders)}
print(json.dumps(run))
PY
  say "round $round, $scenario${latency:+ at $rate/s}: ${e2e:+end to end ${e2e#* } units/s (accepted $e2e_accepted/s), }${latency:+p50/p99 ${latency% *} ms, }${backlog:+backlog ${backlog#* } units/s}"
}

# measure_worker <round>: the backend-worker's consumer on a backlog of its database queue (StockReceived messages
# for six SKUs), after a primer; appends one JSON line.
measure_worker() {
  local round="$1" name="worker-round$1" committed before after backlog statements_json=null
  new_scenario
  pg postgres "CREATE DATABASE \"$database\"" >/dev/null
  local worker_bin="$work/worker/src/Worker/bin/Release/net10.0"
  (cd "$worker_bin" && run_logged "$name-migrate" env "${common[@]}" dotnet Acme.Stock.Worker.dll migrate)
  api="$name-worker"
  bench_start "$api" "$worker_bin" Acme.Stock.Worker.dll /health/ready "${common[@]}" Logging__LogLevel__Default=Warning
  api_pid="${pid[$api]}"
  enqueue() { # enqueue <count>: messages committed at once; prints when (seconds since the epoch)
    pg "$database" "INSERT INTO \"QueuedMessages\" (\"Id\", \"Type\", \"Payload\", \"EnqueuedAt\", \"AvailableAt\", \"Attempts\")
      SELECT gen_random_uuid(), 'stock-received.v1', '{\"sku\":\"BENCH-' || n % 6 || '\",\"quantity\":1}', now(), now(), 0
      FROM generate_series(1, $1) AS n" "SELECT EXTRACT(EPOCH FROM clock_timestamp())"
  }
  enqueue "$primer_orders" >/dev/null
  wait_done "SELECT COUNT(*) FROM \"QueuedMessages\""
  committed="$(enqueue "$backlog_orders")"
  local statements_from cpu_from processed_since="SELECT COUNT(*) FROM \"ProcessedMessages\" WHERE \"ProcessedAt\" >= to_timestamp"
  statements_from="$(date +%s.%N)"
  statements_reset
  cpu_from="$(date +%s.%N)"
  before="$(cpu_ticks_now "$api_pid")"
  wait_done "SELECT COUNT(*) FROM \"QueuedMessages\""
  after="$(cpu_ticks_now "$api_pid")"
  statements_json="$(statements_now)"
  backlog="$(pg "$database" "SELECT COUNT(*) || ' ' || ROUND((COUNT(*) / (EXTRACT(EPOCH FROM MAX(\"ProcessedAt\")) - $committed))::numeric, 1)
    FROM \"ProcessedMessages\" WHERE \"ProcessedAt\" >= to_timestamp($committed)")"
  local cpu_orders statements_orders
  cpu_orders="$(pg "$database" "$processed_since($cpu_from)")"
  statements_orders="$(pg "$database" "$processed_since($statements_from)")"
  bench_stop "$api"
  [ "$(pg "$database" "SELECT (SELECT COUNT(*) FROM \"ProcessedMessages\") = $primer_orders + $backlog_orders
      AND (SELECT SUM(\"Quantity\") FROM \"StockLevels\") = $primer_orders + $backlog_orders
      AND (SELECT COUNT(*) FROM \"DeadLetters\") = 0")" = t ] || die "$name: not every message handled exactly once"
  pg postgres "DROP DATABASE \"$database\" WITH (FORCE)" >/dev/null
  database=""
  python3 - "$round" "$backlog" "$(cpu_per_unit "$cpu_orders" "$before" "$after")" "$statements_json" "$statements_orders" \
    >>"$results/queue.jsonl" <<'PY'
import json, sys
round_, backlog, cpu, statements, statements_orders = sys.argv[1:]
orders, per_s = backlog.split()
cpu = json.loads(cpu)
cpu["cpu_us_per_unit"]["workers"] = cpu["cpu_us_per_unit"].pop("api")  # the worker process is the whole app
print(json.dumps({"round": int(round_), "scenario": "worker", "phases": "all",
                  "backlog": {"orders": int(orders), "units_per_s": float(per_s), **cpu, "statements": json.loads(statements),
                              "statements_orders": int(statements_orders)}}))
PY
  say "round $round, worker: backlog ${backlog#* } units/s"
}

# measure_bare <round>: the bare loop with one consumer; RabbitMQ's CPU time over its whole run (an untimed warm-up and
# the measured messages, as many each) is shared out over both; appends one JSON line. (No machine busy share: the
# readings around the process would take its start-up and warm-up in.)
measure_bare() {
  local round="$1" before after figures
  before="$(cpu_ticks_now 0)"
  figures="$(dotnet "$work/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" "$backlog_orders" 1)" || die "the bare loop failed"
  after="$(cpu_ticks_now 0)"
  python3 - "$round" "$figures" "$(cpu_per_unit $((2 * backlog_orders)) "$before" "$after")" "$backlog_orders" \
    >>"$results/queue.jsonl" <<'PY'
import json, sys
round_, figures, cpu, messages = sys.argv[1:]
run = json.loads(figures)
broker = json.loads(cpu)["cpu_us_per_unit"]["rabbitmq"]
print(json.dumps({"round": int(round_), "scenario": "bare", "phases": "all", "messages": int(messages),
                  "units_per_s": run["units_per_s"], "broker_version": run["broker_version"],
                  "cpu_us_per_unit": {"client": run["client_cpu_us_per_unit"], "rabbitmq": broker}}))
PY
  say "round $round, bare loop: $(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["units_per_s"])' "$figures") units/s"
}

# ---- Measure ----------------------------------------------------------------------------------------------------------
say "$rounds round(s): $seconds s phases, backlogs of $backlog_orders orders, latency at ${rate:-$rate_from}"
for round in $(seq 1 "$rounds"); do
  order=(inprocess rabbitmq wolverine worker bare)
  [ $((round % 2)) -eq 0 ] && order=(bare worker wolverine rabbitmq inprocess)
  for scenario in "${order[@]}"; do
    case "$scenario" in
      worker) measure_worker "$round" ;;
      bare) measure_bare "$round" ;;
      *) measure_pipeline "$round" "$scenario" all ;;
    esac
  done
  if [ -z "$rate" ]; then
    # Half the lowest end-to-end rate of this first round: every pipeline well below its maximum, at one rate.
    rate="$(python3 - "$results/queue.jsonl" <<'PY'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print(max(1, round(min(r["end_to_end"]["units_per_s"] for r in runs if "end_to_end" in r) / 2)))
PY
)"
    say "latency at $rate orders/s ($rate_from)"
    for scenario in inprocess rabbitmq wolverine; do measure_pipeline "$round" "$scenario" latency; done
  fi
done

# ---- Report -----------------------------------------------------------------------------------------------------------
# RabbitMQ's version comes from the bare loop's runs (the broker tells it to every client that connects). The report
# draws queue-vs-wolverine.svg beside queue.json.
orders_report "$here/report.py" rounds="$rounds" seconds="$seconds" backlog_orders="$backlog_orders" \
  primer_orders="$primer_orders" rate="$rate" rate_from="$rate_from" \
  wolverine_version="$(sed -n 's/.*Include="WolverineFx" Version="\([^"]*\)".*/\1/p' "$here/peer-wolverine/Directory.Packages.props")"
