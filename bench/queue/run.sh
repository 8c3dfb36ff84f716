#!/usr/bin/env bash
# Benchmarks the queue of the backend-portfolio template: units of work per second from accepted to confirmed in the
# database, for --messaging inprocess and --messaging rabbitmq (one and two worker processes), beside a bare
# RabbitMQ.Client publish/consume loop with the same durability (durable queue, persistent messages, publisher
# confirms, prefetch 32, manual acks; bench/queue/bare), in the same run.
#
#   bench/queue/run.sh [--seconds N] [--backlog N] [--keep]
#       full run (about 8 minutes on 2 cores); rewrites the queue section of docs/benchmarks.md
#   bench/queue/run.sh --smoke
#       checks that the pipeline still works with 1 s of orders and backlogs of 20; writes nothing into the
#       repository, asserts no timing
#
# Options: --seconds N (seconds of posting per end-to-end scenario, after a warm-up as long) [10]; --backlog N (orders
# per backlog, measured after a warm-up backlog of the same size) [10000]; --keep keeps the scratch folder and prints
# its path.
#
# What it does: exports the committed sources (git archive HEAD), packs them, generates Bench.Orders with
# --database postgres for both messaging options (so that two workers do not queue on one SQLite file lock) and
# builds them in Release. Each scenario gets a fresh database and is measured two ways:
#   backlog     with the API and the workers running and warmed up, orders with their outbox messages are inserted
#               in one SQL transaction (the rows POST /api/orders writes); the rate is the number of orders over the
#               time from that insert (Orders.PlacedAt) to the last confirmation (Orders.ConfirmedAt): the queue's
#               own steady rate;
#   end to end  the workers and the API run while wrk posts orders from 16 connections (bench/wrk/bench.lua), first
#               for a warm-up, then for the measured seconds; the rate is the measured orders over the time from
#               the first one placed (Orders.PlacedAt) to the last one confirmed (Orders.ConfirmedAt), and beside it
#               the rate at which the API accepted them (201 answers per second).
# Both check that every order was handled exactly once and nothing was dead-lettered. PostgreSQL and RabbitMQ come
# from PK_TEST_POSTGRES / PK_TEST_RABBITMQ, or are started (and stopped) with eng/services.sh.
set -euo pipefail
# A failure inside $(...) (a scenario, a wrk run) stops the script, not only that subshell.
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench_name=bench/queue
pids=() # the started API and worker processes; die and cleanup kill them
# shellcheck source=../lib/common.sh
. "$root/bench/lib/common.sh" # bench_tools, say and free_port; die is this script's own (it stops the started processes)
# common.sh declares the associative arrays pid and port for its own apps: this script names its variables otherwise.
die() { local process; printf 'bench/queue: %s\n' "$*" >&2; for process in "${pids[@]}"; do kill -9 "$process" 2>/dev/null || true; done; exit 1; }

smoke=false keep=false seconds=10 backlog_orders=10000 command_line="bench/queue/run.sh"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=true ;;
    --seconds) seconds="${2:?--seconds needs a value}"; command_line+=" --seconds $2"; shift ;;
    --backlog) backlog_orders="${2:?--backlog needs a value}"; command_line+=" --backlog $2"; shift ;;
    --keep) keep=true ;;
    -h | --help) sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1'" ;;
  esac
  shift
done
$smoke && seconds=1 backlog_orders=20
bench_tools wrk

scratch="$(mktemp -d /tmp/pk-bench-queue.XXXXXX)"
started_services=false
cleanup() {
  local process
  for process in "${pids[@]}"; do kill -9 "$process" 2>/dev/null || true; done
  if $started_services; then "$root/eng/services.sh" stop || true; fi
  if $keep; then echo "Scratch folder kept: $scratch"; else rm -rf "$scratch"; fi
}
trap cleanup EXIT

if [ -z "${PK_TEST_POSTGRES:-}" ] || [ -z "${PK_TEST_RABBITMQ:-}" ]; then
  say "Starting PostgreSQL and RabbitMQ on loopback (eng/services.sh)"
  eval "$("$root/eng/services.sh" start)"
  started_services=true
fi
pg() { # pg <database> <sql>: one value
  python3 - "$PK_TEST_POSTGRES" "$1" "$2" <<'PY'
import subprocess, sys
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if "=" in p)
out = subprocess.run(["psql", f"host={parts['Host']} port={parts['Port']} user={parts['Username']} dbname={sys.argv[2]}",
                      "-AtX", "-v", "ON_ERROR_STOP=1", "-c", sys.argv[3]], capture_output=True, text=True, check=True)
print(out.stdout.strip())
PY
}

revision="$(git -C "$root" rev-parse --short HEAD)"
say "Packing the committed sources ($revision)"
if [ -n "${PK_BENCH_PACKAGES:-}" ] && [ "$(cat "$PK_BENCH_PACKAGES/revision" 2>/dev/null)" = "$revision" ]; then
  packages="$PK_BENCH_PACKAGES" # eng/test.sh packed this revision once for every benchmark it runs
else
  mkdir -p "$scratch/source"
  git -C "$root" archive HEAD | tar -x -C "$scratch/source"
  "$scratch/source/eng/build-packages.sh" >"$scratch/pack.log" 2>&1 || { cat "$scratch/pack.log"; die "packing failed"; }
  packages="$scratch/source/artifacts/packages"
fi
export RestoreAdditionalProjectSources="$packages"
dotnet new install "$packages"/PortfolioKit.Templates.*.nupkg --debug:custom-hive "$scratch/hive" >/dev/null

for messaging in inprocess rabbitmq; do
  say "Generating and building --messaging $messaging --database postgres"
  dotnet new backend-portfolio -n Bench.Orders -o "$scratch/$messaging" --messaging "$messaging" --database postgres \
    --no-restore --no-update-check --debug:custom-hive "$scratch/hive" >/dev/null
  dotnet build "$scratch/$messaging" -c Release -nodeReuse:false -v:q >"$scratch/build-$messaging.log" 2>&1 \
    || { tail -30 "$scratch/build-$messaging.log"; die "build failed"; }
done
say "Building the bare RabbitMQ.Client loop"
dotnet build "$here/bare/BareQueue.csproj" -c Release -o "$scratch/bare" -nodeReuse:false -v:q >"$scratch/build-bare.log" 2>&1 \
  || { tail -30 "$scratch/build-bare.log"; die "build failed"; }

# The API and workers of a scenario; start_api and start_workers append their pids to "pids".
start_api() { # start_api <name> <messaging>
  local name="$1" messaging="$2"
  (cd "$scratch/$messaging/src/Api/bin/Release/net10.0" && exec env "${common[@]}" Logging__LogLevel__Default=Warning \
    ASPNETCORE_ENVIRONMENT=Development Database__SeedDemoData=true RateLimiting__PermitLimit=100000000 \
    Messaging__PollingInterval=00:00:00.050 \
    dotnet Bench.Orders.Api.dll --urls "http://127.0.0.1:$api_port" >>"$scratch/$name-api.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null || { cat "$scratch/$name-api.log"; die "$name: the API is not ready"; }
}
start_workers() { # start_workers <name> <messaging> <count>; returns once every worker consumes
  local name="$1" messaging="$2" count="$3" n
  for n in $(seq 1 "$count"); do
    (cd "$scratch/$messaging/src/Worker/bin/Release/net10.0" && exec env "${common[@]}" DOTNET_ENVIRONMENT=Production \
      dotnet Bench.Orders.Worker.dll >"$scratch/$name-worker$n.log" 2>&1) &
    pids+=($!)
  done
  for n in $(seq 1 "$count"); do
    for _ in $(seq 1 240); do grep -q "Consuming " "$scratch/$name-worker$n.log" 2>/dev/null && break; sleep 0.5; done
    grep -q "Consuming " "$scratch/$name-worker$n.log" || { cat "$scratch/$name-worker$n.log"; die "$name: worker $n did not start consuming"; }
  done
}
stop_all() {
  local process
  for process in "${pids[@]}"; do kill -9 "$process" 2>/dev/null || true; done
  pids=()
  wait 2>/dev/null || true
}
# post_for <seconds> <prefix>: wrk posts orders from 16 connections for that long, each from a customer whose e-mail
# starts with <prefix>; any answer but 2xx or 3xx (the API answers 201) or any socket error fails the run. Prints the orders accepted per second.
post_for() {
  local figures
  figures="$(wrk -t1 -c16 -d"$1s" --timeout 10s -s "$root/bench/wrk/bench.lua" "http://127.0.0.1:$api_port/api/orders" -- order "$2")" \
    || die "wrk failed posting orders"
  python3 - "$(tail -n 1 <<<"$figures")" <<'PY' || die "posting orders failed: $figures"
import json, sys
run = json.loads(sys.argv[1])
if run["non_2xx_3xx"] or run["socket_errors"] or not run["requests"]:
    sys.exit(f"{run['non_2xx_3xx']} answers other than 201, {run['socket_errors']} socket errors, {run['requests']} requests")
print(f"{run['requests'] / (run['duration_us'] / 1e6):.1f}")
PY
}
# wait_confirmed <prefix>: waits until the orders of that prefix stop arriving (wrk stops with requests still in
# flight, which the API may yet save) and every one of them is confirmed. There must be some.
wait_confirmed() {
  local deadline=$((SECONDS + 600)) count previous=-1
  while count="$(pg "$database" "SELECT COUNT(*) FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1%'")" && [ "$count" -ne "$previous" ]; do
    previous="$count"
    sleep 1
  done
  [ "$count" -gt 0 ] || die "no $1 orders to wait for"
  until [ "$(pg "$database" "SELECT COUNT(*) FILTER (WHERE \"Status\" <> 'Confirmed') FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1%'")" -eq 0 ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "not all $1 orders were confirmed within 10 minutes"
    sleep 0.2
  done
}
# rate_of <prefix>: the orders of that prefix over the time from the first one placed to the last one confirmed.
rate_of() {
  pg "$database" "SELECT ROUND((COUNT(*) / EXTRACT(EPOCH FROM MAX(\"ConfirmedAt\") - MIN(\"PlacedAt\")))::numeric, 1)
    FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1%'"
}
# check_and_drop: every order handled exactly once, nothing dead-lettered; then the database goes.
check_and_drop() { # check_and_drop <name>
  local name="$1"
  [ "$(pg "$database" "SELECT (SELECT COUNT(*) FROM \"ProcessedMessages\") = (SELECT COUNT(*) FROM \"Orders\")")" = t ] \
    || die "$name: not exactly one processed message per order"
  [ "$(pg "$database" "SELECT COUNT(*) FROM \"DeadLetters\"")" -eq 0 ] || die "$name: dead letters"
  pg postgres "DROP DATABASE \"$database\" WITH (FORCE)" >/dev/null
}
new_scenario() { # sets database, api_port, common for a fresh scenario
  database="bench_$RANDOM$RANDOM" api_port="$(free_port)"
  common=(ConnectionStrings__Database="${PK_TEST_POSTGRES/Database=postgres/Database=$database}"
    ConnectionStrings__RabbitMq="$PK_TEST_RABBITMQ" RabbitMq__QueueName="bench-$RANDOM$RANDOM")
}

# end_to_end <name> <messaging> <workers>: prints "<units/s from placed to confirmed> <orders accepted per second>"
# for orders posted while the queue works, after a warm-up as long (the first seconds of a process run unoptimised
# code). The clock starts once every worker consumes (start-up is not throughput).
end_to_end() {
  local name="$1" messaging="$2" workers="$3" accepted result
  new_scenario
  start_api "$name" "$messaging"
  start_workers "$name" "$messaging" "$workers"
  post_for "$seconds" warmup >/dev/null
  wait_confirmed warmup
  accepted="$(post_for "$seconds" e2e)"
  wait_confirmed e2e
  result="$(rate_of e2e) $accepted"
  echo "$result" >"$scratch/$name.result"
  stop_all
  check_and_drop "$name"
  echo "$result"
}

# seed_backlog <prefix> <count>: inserts orders, their lines and their outbox messages in one SQL transaction: the
# rows POST /api/orders writes, without the HTTP, so that the queue finds all of them at once.
seed_backlog() {
  pg "$database" "WITH placed AS (
      INSERT INTO \"Orders\" (\"CustomerEmail\", \"Status\", \"PlacedAt\", \"Version\", \"Total\")
      SELECT '$1' || n || '@example.com', 'Placed', now(), 0, 12.90 FROM generate_series(1, $2) AS n
      RETURNING \"Id\"),
    lines AS (
      INSERT INTO \"OrderLines\" (\"OrderId\", \"ProductId\", \"ProductName\", \"UnitPrice\", \"Quantity\")
      SELECT p.\"Id\", p.\"Id\" % 6 + 1, 'Backlog', 12.90, 1 FROM placed AS p)
    INSERT INTO \"OutboxMessages\" (\"Id\", \"Type\", \"Payload\", \"AvailableAt\", \"Attempts\")
    SELECT gen_random_uuid(), 'order-placed.v1', '{\"orderId\":' || p.\"Id\" || '}', now(), 0 FROM placed AS p" >/dev/null
}

# backlog <name> <messaging> <workers>: prints units/s through the queue alone, in its steady state. The API
# (dispatcher on) and the workers start; orders posted over HTTP for a few seconds, then a warm-up backlog as large as the
# measured one, run every code path until .NET's tiered JIT has settled (the first seconds of a process run
# unoptimised code). Then the measured backlog is inserted, and the rate is those orders over the time from their
# insertion (Orders.PlacedAt, the database's clock) to the last confirmation (Orders.ConfirmedAt).
backlog() {
  local name="$1" messaging="$2" workers="$3" result
  new_scenario
  start_api "$name-backlog" "$messaging"
  start_workers "$name-backlog" "$messaging" "$workers"
  post_for "$(((seconds + 1) / 2))" http-warmup >/dev/null
  wait_confirmed http-warmup
  seed_backlog warmup "$backlog_orders"
  wait_confirmed warmup
  seed_backlog backlog "$backlog_orders"
  wait_confirmed backlog
  result="$(rate_of backlog)"
  echo "$result" >"$scratch/$name-backlog.result"
  stop_all
  check_and_drop "$name-backlog"
  echo "$result"
}

say "Running $seconds s of orders end to end and backlogs of $backlog_orders orders per scenario"
# Each end-to-end result is "<units/s> <accepted/s>".
inprocess="$(end_to_end inprocess inprocess 0)";    say "inprocess, end to end: ${inprocess% *} units/s (accepted ${inprocess#* }/s)"
rabbit1="$(end_to_end rabbitmq-1 rabbitmq 1)";      say "rabbitmq, 1 worker, end to end: ${rabbit1% *} units/s (accepted ${rabbit1#* }/s)"
rabbit2="$(end_to_end rabbitmq-2 rabbitmq 2)";      say "rabbitmq, 2 workers, end to end: ${rabbit2% *} units/s (accepted ${rabbit2#* }/s)"
inprocess_backlog="$(backlog inprocess inprocess 0)"; say "inprocess, backlog: $inprocess_backlog units/s"
rabbit1_backlog="$(backlog rabbitmq-1 rabbitmq 1)";   say "rabbitmq, 1 worker, backlog: $rabbit1_backlog units/s"
rabbit2_backlog="$(backlog rabbitmq-2 rabbitmq 2)";   say "rabbitmq, 2 workers, backlog: $rabbit2_backlog units/s"
bare1="$(dotnet "$scratch/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" "$backlog_orders" 1)"; say "bare loop, 1 consumer: $bare1 units/s"
bare2="$(dotnet "$scratch/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" "$backlog_orders" 2)"; say "bare loop, 2 consumers: $bare2 units/s"

report="$(python3 - "$inprocess" "$rabbit1" "$rabbit2" "$inprocess_backlog" "$rabbit1_backlog" "$rabbit2_backlog" "$bare1" "$bare2" \
  "$seconds $backlog_orders" "$command_line" "$revision" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys, datetime
(inproc, inproc_a), (r1, r1_a), (r2, r2_a) = (map(float, pair.split()) for pair in sys.argv[1:4])
inproc_d, r1_d, r2_d, b1, b2 = map(float, sys.argv[4:9]); sizes, command, rev, cores, load = sys.argv[9:]
seconds, backlog = sizes.split()
def verdict(ok): return "met" if ok else "**not met**"
print(f"""<!-- queue:begin -->
## Queue (`--messaging`)

Produced by `{command}`; rerun it to refresh this section.

Measured {datetime.date.today()} at {rev} on {cores} cores (load average at the end: {load}), the API and workers in
Release, PostgreSQL 15 and RabbitMQ 3.10 on loopback. Each order is written with its outbox message, delivered,
handled once (inbox) and, for RabbitMQ, acknowledged after the commit; every scenario checks that each order was
handled exactly once and nothing was dead-lettered.

- **Backlog** ({backlog} orders): with the API (dispatcher on) and the workers running, and warmed up by HTTP orders
  and a first backlog of the same size, the orders with their outbox messages are inserted in one SQL transaction
  (the rows `POST /api/orders` writes). Units/s = orders over the time from that insert (`Orders.PlacedAt`) to the
  last confirmation (`Orders.ConfirmedAt`): the steady rate of the queue itself, from accepted to completed.
- **End to end** ({seconds} s of orders after a warm-up as long): wrk posts `POST /api/orders` from 16 connections
  while the queue works; units/s = those orders over the time from the first one placed to the last one confirmed.
  *Accepted* is the rate of the API's 201 answers meanwhile. The API shares the cores with the queue.
- **Bare loop** (`bench/queue/bare`, {backlog} messages after a warm-up of as many): RabbitMQ.Client alone, same
  durability (durable queue, persistent messages, publisher confirms, prefetch 32, manual acks), no database;
  units/s from the first publish to the last ack.

| Scenario | Backlog units/s | End to end units/s | End to end, accepted/s |
|---|---:|---:|---:|
| `inprocess` (dispatcher and worker in the API) | {inproc_d:.1f} | {inproc:.1f} | {inproc_a:.1f} |
| `rabbitmq`, 1 worker | {r1_d:.1f} | {r1:.1f} | {r1_a:.1f} |
| `rabbitmq`, 2 workers | {r2_d:.1f} | {r2:.1f} | {r2_a:.1f} |
| bare RabbitMQ.Client loop, 1 consumer | {b1:.1f} | | |
| bare RabbitMQ.Client loop, 2 consumers | {b2:.1f} | | |

| Goal (issue 4) | Backlog | End to end |
|---|---|---|
| `rabbitmq`, 1 worker ≥ 0.8 of the bare loop (1 consumer) | {r1_d / b1:.2f}: {verdict(r1_d / b1 >= 0.8)} | {r1 / b1:.2f}: {verdict(r1 / b1 >= 0.8)} |
| `rabbitmq`, 2 workers about 2 × 1 worker | {r2_d / r1_d:.2f}: {verdict(r2_d / r1_d >= 1.8)} | {r2 / r1:.2f}: {verdict(r2 / r1 >= 1.8)} |
<!-- queue:end -->""")
PY
)"
echo "$report"
if ! $smoke; then
  python3 - "$root/docs/benchmarks.md" "$report" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
if "<!-- queue:begin -->" in text:
    text = re.sub(r"<!-- queue:begin -->.*?<!-- queue:end -->", lambda _: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
  say "Updated docs/benchmarks.md"
fi
