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
# Servers: its own PostgreSQL (with pg_stat_statements loaded) and RabbitMQ from eng/services.sh, on ports that neither
# the test servers (55432/55672) nor the shared ones use: PostgreSQL on QUEUE_BENCH_POSTGRES_PORT [57432], RabbitMQ on
# QUEUE_BENCH_RABBITMQ_PORT [57672] (its Erlang distribution on 47672, epmd on 54371), in /tmp/portfoliokit-bench-queue;
# stopped at the end if it started them. The smoke run uses PK_TEST_POSTGRES and PK_TEST_RABBITMQ instead when both are
# set (eng/test.sh), and then reads no statements. PostgreSQL runs as eng/services.sh runs it for tests (fsync,
# synchronous_commit and full_page_writes off), the same for every scenario. Needs the .NET SDK, python3, curl, wrk, psql.
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

smoke=false keep=false rounds=3 seconds=10 backlog_orders=10000 rate=""
command_line="bench/queue/run.sh"  # as published: with the options that change figures (--keep does not)
while [ $# -gt 0 ]; do
  option="$1" value=""
  case "$1" in
    --smoke) smoke=true ;;
    --rounds) rounds="${2:?--rounds needs a value}" value="$2"; shift ;;
    --seconds) seconds="${2:?--seconds needs a value}" value="$2"; shift ;;
    --backlog) backlog_orders="${2:?--backlog needs a value}" value="$2"; shift ;;
    --rate) rate="${2:?--rate needs a value}" value="$2"; shift ;;
    --keep) keep=true ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
  [ "$option" = --keep ] || command_line+=" $option${value:+ $value}"
  shift
done
for option in rounds:"$rounds" seconds:"$seconds" backlog:"$backlog_orders" rate:"${rate:-1}"; do
  [[ "${option#*:}" =~ ^[1-9][0-9]*$ ]] || die "--${option%%:*} needs a positive whole number, not '${option#*:}'"
done
rate_from="--rate"
# The smoke run posts at a fixed 20 orders/s unless told otherwise, so that no scenario is started twice.
$smoke && rounds=1 seconds=1 backlog_orders=20 rate="${rate:-20}"
primer_orders=$(((backlog_orders + 4) / 5))
[ -n "$rate" ] || rate_from="half the lowest end-to-end rate of round 1"
started=$SECONDS

bench_tools wrk curl
command -v psql >/dev/null 2>&1 || die "psql is needed (eng/services.sh installs it with PostgreSQL)"
bench_scratch
# The worker processes the scenarios start (the APIs are bench_start's, which bench_cleanup stops). They are started
# from this shell, never inside $(...), so that the EXIT trap (an error, Ctrl-C) knows and stops every one of them.
processes=()
started_services=false
database=""  # the current scenario's database; check_and_drop drops it when the scenario passes, the clean-up otherwise
queue=""     # the current scenario's RabbitMQ queue; deleted after the scenario, or by the clean-up
servers=(env PK_SERVICES_DIR=/tmp/portfoliokit-bench-queue PK_SERVICES_ENV_FILE=/tmp/portfoliokit-bench-queue/services.env
  PK_POSTGRES_PORT="${QUEUE_BENCH_POSTGRES_PORT:-57432}" PK_RABBITMQ_PORT="${QUEUE_BENCH_RABBITMQ_PORT:-57672}"
  PK_RABBITMQ_DIST_PORT="${QUEUE_BENCH_RABBITMQ_DIST_PORT:-47672}" PK_RABBITMQ_EPMD_PORT="${QUEUE_BENCH_RABBITMQ_EPMD_PORT:-54371}"
  PK_POSTGRES_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top"
  "$root/eng/services.sh")
bench_before_cleanup() {
  local process
  for process in "${processes[@]}"; do kill -9 "$process" 2>/dev/null || true; done
  [ -z "$database" ] || pg postgres "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  [ -z "$queue" ] || delete_queue >/dev/null 2>&1 || true
  if $started_services; then "${servers[@]}" stop postgres rabbitmq >/dev/null 2>&1 || true; fi
}

if $smoke && [ -n "${PK_TEST_POSTGRES:-}" ] && [ -n "${PK_TEST_RABBITMQ:-}" ]; then
  servers_from="PK_TEST_POSTGRES and PK_TEST_RABBITMQ" statements=false
else
  servers_from="this script (eng/services.sh on their own ports)" statements=true
  port_open() { python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2)' "$1" 2>/dev/null; }
  # Servers that already answer on these ports (a run that did not finish) are reused and left running; set before
  # starting, so that a half-done start is undone too.
  port_open "${QUEUE_BENCH_POSTGRES_PORT:-57432}" || port_open "${QUEUE_BENCH_RABBITMQ_PORT:-57672}" || started_services=true
  say "Starting or reusing the benchmark's own PostgreSQL and RabbitMQ on loopback (eng/services.sh)"
  services_env="$("${servers[@]}" start postgres rabbitmq)"
  eval "$services_env"
fi
pg() { # pg <database> <sql>...: runs each statement in a transaction of its own; prints the first value of the last
  python3 - "$PK_TEST_POSTGRES" "$@" <<'PY'
import subprocess, sys
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if "=" in p)
statements = [argument for sql in sys.argv[3:] for argument in ("-c", sql)]
out = subprocess.run(["psql", f"host={parts['Host']} port={parts['Port']} user={parts['Username']} dbname={sys.argv[2]}",
                      "-AtX", "-v", "ON_ERROR_STOP=1", *statements], capture_output=True, text=True)
if out.returncode:
    sys.exit(f"psql failed: {out.stderr.strip()}")
print(out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "")
PY
}
if $statements; then
  pg postgres "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
fi

# The servers' processes, whose CPU time each scenario reads from /proc.
amqp_port="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).port or 5672)' "$PK_TEST_RABBITMQ")"
server_pids="$(python3 "$here/cputime.py" servers "$(pg postgres 'SHOW data_directory')" "$amqp_port")"
read -r postmaster_pid broker_pid <<<"$server_pids"

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
# warmup, posted and paced are HTTP orders (bench.lua names them prefix-<thread>-<n>); primer and backlog are inserted.

start_api() { # start_api <log name> <scenario>: the scenario's API with bench_start; sets api, api_pid, api_port
  api="$1-api"
  case "$2" in
    wolverine)
      bench_start "$api" "$work/peer-wolverine/bin/Release/net10.0" PeerWolverine.dll /health/ready "${common[@]}" \
        Logging__LogLevel__Default=Warning ;;
    *)
      bench_start "$api" "$work/$2/src/Api/bin/Release/net10.0" Acme.Orders.Api.dll /health/ready "${common[@]}" \
        ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning Database__SeedDemoData=true \
        RateLimiting__PermitLimit=100000000 ;;
  esac
  api_pid="${pid[$api]}" api_port="${port[$api]}"
}
start_workers() { # start_workers <log name> <scenario> <count>; returns once every worker consumes
  local name="$1" scenario="$2" count="$3" n deadline bin=("$work/rabbitmq/src/Worker/bin/Release/net10.0" Acme.Orders.Worker.dll)
  [ "$scenario" != wolverine ] || bin=("$work/peer-wolverine/bin/Release/net10.0" PeerWolverine.dll worker)
  worker_pids=()
  for n in $(seq 1 "$count"); do
    (cd "${bin[0]}" && exec env "${common[@]}" DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
      Logging__LogLevel__Acme.Orders.Infrastructure.Messaging.RabbitMq=Information dotnet "${bin[@]:1}" \
      >"$logs/$name-worker$n.log" 2>&1) &
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
# post_for <seconds> <prefix> [rate]: wrk posts orders from 16 connections for that long, as fast as it is answered or
# at that many per second; any answer but 2xx or 3xx (the APIs answer 201) or any socket error fails the run. Sets
# $accepted, the orders accepted per second.
post_for() {
  local figures
  figures="$(wrk -t1 -c16 -d"$1s" --timeout 10s -s "$bench/lib/bench.lua" "http://127.0.0.1:$api_port/api/orders" -- order "$2" ${3:+"$3"})" \
    || die "wrk failed posting orders"
  accepted="$(python3 - "$(tail -n 1 <<<"$figures")" "$smoke" <<'PY'
import json, sys
run, smoke = json.loads(sys.argv[1]), sys.argv[2] == "true"
# A smoke run asserts no timing: requests that timed out on a busy machine (or none answered within its 1 s) are
# not failures there; wait_posted still insists that orders arrive. In a measured run they spoil the figures.
errors = run["socket_errors"] - (run["timeouts"] if smoke else 0)
if run["non_2xx_3xx"] or errors or not (run["requests"] or smoke):
    sys.exit(f"posting orders failed: {run['non_2xx_3xx']} answers other than 201, {run['socket_errors']} socket errors "
             f"({run['timeouts']} timeouts), {run['requests']} requests")
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
# wait_done <sql>: waits until the query answers 0. It asks once a second: during a measured phase, its queries are
# PostgreSQL work that the CPU figures count.
wait_done() {
  local deadline=$((SECONDS + 900)) pending
  while :; do
    pending="$(pg "$database" "$1")"
    [ "$pending" -ne 0 ] || break
    [ "$SECONDS" -lt "$deadline" ] || die "$pending still pending after 15 minutes ($1)"
    sleep 1
  done
}
wait_confirmed() { wait_done "SELECT COUNT(*) FILTER (WHERE \"Status\" <> 'Confirmed') FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'"; }
# rate_of <prefix> [since]: "<orders> <orders per second>", from the first one placed (or from SINCE, seconds since
# the epoch) to the last one confirmed
rate_of() {
  pg "$database" "SELECT COUNT(*) || ' ' || ROUND((COUNT(*) / (EXTRACT(EPOCH FROM MAX(\"ConfirmedAt\")) - ${2:-EXTRACT(EPOCH FROM MIN(\"PlacedAt\"))}))::numeric, 1)
    FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'"
}
# confirmed_since <prefix> <seconds since the epoch>: how many orders of that prefix were confirmed from then on
confirmed_since() {
  pg "$database" "SELECT COUNT(*) FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%' AND \"ConfirmedAt\" >= to_timestamp($2)"
}
# latency_of <prefix>: "<p50 ms> <p99 ms> <orders placed per second>", place to confirmed
latency_of() {
  pg "$database" "SELECT ROUND((PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM \"ConfirmedAt\" - \"PlacedAt\")) * 1000)::numeric, 1)
    || ' ' || ROUND((PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM \"ConfirmedAt\" - \"PlacedAt\")) * 1000)::numeric, 1)
    || ' ' || ROUND((COUNT(*) / GREATEST(EXTRACT(EPOCH FROM MAX(\"PlacedAt\") - MIN(\"PlacedAt\")), 0.001))::numeric, 1)
    FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'"
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
# cpu_ticks_now <api pid> <worker pid>...: "<api> <workers> <postgres> <rabbitmq> <machine busy> <machine all>",
# clock ticks (cputime.py)
cpu_ticks_now() { python3 "$here/cputime.py" ticks "$1" "$postmaster_pid" "$broker_pid" "${@:2}"; }
# statements_reset / statements_now: pg_stat_statements over a measured backlog (with the benchmark's own servers)
statements_reset() { if $statements; then pg postgres "SELECT pg_stat_statements_reset()" >/dev/null; fi; }
statements_now() {
  if ! $statements; then echo null; return; fi
  # jsonb: one line (json_agg puts a line break between elements, and pg prints one line).
  pg postgres "SELECT COALESCE(jsonb_agg(s ORDER BY s.total_ms DESC), '[]'::jsonb) FROM (
      SELECT calls, rows, ROUND(total_exec_time::numeric, 1) AS total_ms, LEFT(regexp_replace(query, '\s+', ' ', 'g'), 400) AS query
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$database')) AS s"
}
delete_queue() { dotnet "$work/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" --delete-queue "$queue"; }
# check_and_drop <name> <scenario>: every order confirmed once, the stock reserved for exactly the confirmed lines,
# nothing dead-lettered, nothing left to send; then the database and the queue go.
check_and_drop() {
  local name="$1"
  [ "$(pg "$database" "SELECT (SELECT COALESCE(SUM(\"ReservedQuantity\"), 0) FROM \"Products\") = (SELECT COALESCE(SUM(l.\"Quantity\"), 0)
      FROM \"OrderLines\" AS l JOIN \"Orders\" AS o ON o.\"Id\" = l.\"OrderId\" WHERE o.\"Status\" = 'Confirmed')")" = t ] \
    || die "$name: the reserved stock is not the confirmed orders' lines"
  if [ "$2" = wolverine ]; then
    # Wolverine keeps a handled message's inbox row for KeepAfterMessageHandling (5 minutes), so older ones are gone.
    [ "$(pg "$database" "SELECT (SELECT COUNT(*) FROM wolverine.wolverine_incoming_envelopes) <= (SELECT COUNT(*) FROM \"Orders\" WHERE \"Status\" = 'Confirmed')")" = t ] \
      || die "$name: more inbox rows than confirmed orders"
    [ "$(pg "$database" "SELECT (SELECT COUNT(*) FROM wolverine.wolverine_dead_letters) + (SELECT COUNT(*) FROM wolverine.wolverine_outgoing_envelopes)")" -eq 0 ] \
      || die "$name: dead letters, or messages left in the outbox"
  else
    [ "$(pg "$database" "SELECT (SELECT COUNT(*) FROM \"ProcessedMessages\") = (SELECT COUNT(*) FROM \"Orders\")")" = t ] \
      || die "$name: not exactly one processed message per order"
    [ "$(pg "$database" "SELECT COUNT(*) FROM \"DeadLetters\"")" -eq 0 ] || die "$name: dead letters"
  fi
  pg postgres "DROP DATABASE \"$database\" WITH (FORCE)" >/dev/null
  database=""
  if [ -n "$queue" ]; then delete_queue >/dev/null || die "$name: could not delete the queue $queue"; fi
  queue=""
}
new_database() {
  database="pk_bench_queue_$RANDOM$RANDOM"
  common=(ConnectionStrings__Database="${PK_TEST_POSTGRES/Database=postgres/Database=$database}")
}
# cpu_json <before> <after> <orders>: the CPU readings as JSON: microseconds per order by process, the machine's share
cpu_json() {
  python3 - "$@" "$clock_ticks_per_s" <<'PY'
import json, sys
before, after, orders, hz = sys.argv[1:]
used = [int(a) - int(b) for a, b in zip(after.split(), before.split())]
orders = max(int(orders), 1)  # a smoke run's tiny backlog can be done before the reading starts
print(json.dumps({"cpu_us_per_unit": {part: round(ticks * 1e6 / int(hz) / int(orders), 1)
                                      for part, ticks in zip(("api", "workers", "postgres", "rabbitmq"), used)},
                  "machine_busy": round(used[4] / used[5], 3) if used[5] else None}))
PY
}

# measure_pipeline <round> <scenario> <phases>: one order pipeline (inprocess, rabbitmq or wolverine) in one fresh
# database with one API and its worker; PHASES is "all" (end to end, latency when the rate is known, backlog) or
# "latency". Appends one JSON line to $results/queue.jsonl.
measure_pipeline() {
  local round="$1" scenario="$2" phases="$3" name="$2-round$1-$3" workers=1
  local e2e="" e2e_cpu="" e2e_accepted="" latency="" latency_cpu="" backlog="" backlog_cpu="" committed before after
  local statements_json=null statements_from cpu_from statements_orders=0
  new_database
  queue=""
  [ "$scenario" != inprocess ] || workers=0
  if [ "$scenario" != inprocess ]; then
    queue="pk-bench-queue-$RANDOM$RANDOM"
    common+=(ConnectionStrings__RabbitMq="$PK_TEST_RABBITMQ" RabbitMq__QueueName="$queue")
  fi
  if [ "$scenario" = wolverine ]; then
    pg postgres "CREATE DATABASE \"$database\"" >/dev/null
    (cd "$api_bin" && run_logged "$name-migrate" env "${common[@]}" Database__SeedDemoData=true dotnet Acme.Orders.Api.dll migrate)
  fi
  start_api "$name" "$scenario"
  start_workers "$name" "$scenario" "$workers"

  # One order first, with time to spare: it compiles the endpoint's code (Wolverine generates and compiles its
  # adapters with Roslyn on first use) and EF Core's queries, which on a busy machine takes longer than a warm-up lasts.
  [ "$(curl -sS --max-time 600 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data '{"customerEmail":"first-1@example.com","lines":[{"productId":1,"quantity":1}]}' \
    "http://127.0.0.1:$api_port/api/orders")" = 201 ] || die "$name: the first order was not accepted"
  wait_confirmed first
  post_for "$seconds" warmup
  wait_posted warmup
  wait_confirmed warmup
  if [ "$phases" = all ]; then
    before="$(cpu_ticks_now "$api_pid" "${worker_pids[@]}")"
    post_for "$seconds" posted
    wait_posted posted
    wait_confirmed posted
    after="$(cpu_ticks_now "$api_pid" "${worker_pids[@]}")"
    e2e="$(rate_of posted)"
    e2e_cpu="$(cpu_json "$before" "$after" "${e2e%% *}")"
    e2e_accepted="$accepted"
  fi
  if [ -n "$rate" ]; then
    # A warm-up at the rate first (the maximum's warm-up leaves queues and JIT in another state).
    post_for "$seconds" pacedwarmup "$rate"
    wait_posted pacedwarmup
    wait_confirmed pacedwarmup
    before="$(cpu_ticks_now "$api_pid" "${worker_pids[@]}")"
    post_for "$seconds" paced "$rate"
    wait_posted paced
    wait_confirmed paced
    after="$(cpu_ticks_now "$api_pid" "${worker_pids[@]}")"
    latency="$(latency_of paced)"
    latency_cpu="$(cpu_json "$before" "$after" "$(pg "$database" "SELECT COUNT(*) FROM \"Orders\" WHERE \"CustomerEmail\" LIKE 'paced-%'")")"
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
    backlog_cpu="$(cpu_json "$before" "$after" "$(confirmed_since backlog "$cpu_from")")"
    statements_orders="$(confirmed_since backlog "$statements_from")"
  fi

  stop_processes
  check_and_drop "$name" "$scenario"
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
  new_database
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
  python3 - "$round" "$backlog" "$(cpu_json "$before" "$after" "$cpu_orders")" "$statements_json" "$statements_orders" \
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
  python3 - "$round" "$figures" "$before" "$after" "$clock_ticks_per_s" "$backlog_orders" >>"$results/queue.jsonl" <<'PY'
import json, sys
round_, figures, before, after, hz, messages = sys.argv[1:]
run = json.loads(figures)
broker = (int(after.split()[3]) - int(before.split()[3])) * 1e6 / int(hz) / (2 * int(messages))
print(json.dumps({"round": int(round_), "scenario": "bare", "phases": "all", "messages": int(messages),
                  "units_per_s": run["units_per_s"], "broker_version": run["broker_version"],
                  "cpu_us_per_unit": {"client": run["client_cpu_us_per_unit"], "rabbitmq": round(broker, 1)}}))
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
bench_docs_target
# RabbitMQ's version comes from the bare loop's runs (the broker tells it to every client that connects).
bench_meta "$results/meta.json" command="$command_line" revision="$revision" rounds="$rounds" seconds="$seconds" \
  backlog_orders="$backlog_orders" primer_orders="$primer_orders" rate="$rate" rate_from="$rate_from" connections=16 \
  cores="$(nproc)" servers_from="$servers_from" statements="$statements" \
  postgres_version="$(pg postgres 'SHOW server_version' | cut -d' ' -f1)" \
  postgres_durability="fsync=$(pg postgres 'SHOW fsync'), synchronous_commit=$(pg postgres 'SHOW synchronous_commit'), full_page_writes=$(pg postgres 'SHOW full_page_writes')" \
  wolverine_version="$(sed -n 's/.*Include="WolverineFx" Version="\([^"]*\)".*/\1/p' "$here/peer-wolverine/Directory.Packages.props")"
say "Results"
python3 "$here/report.py" "$results" --json "$out/queue.json" --svg "$out/queue-vs-wolverine.svg" --docs "$docs"
if $smoke; then
  echo "bench-queue: smoke run passed in $((SECONDS - started)) s (no timing asserted)"
else
  echo "bench-queue: wrote docs/benchmarks.md, docs/benchmarks/queue.json and queue-vs-wolverine.svg in $((SECONDS - started)) s"
fi
