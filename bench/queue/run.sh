#!/usr/bin/env bash
# Benchmarks the queue of the backend-portfolio template: units of work per second from accepted to confirmed in the
# database, for --messaging inprocess and --messaging rabbitmq (one and two worker processes), beside a bare
# RabbitMQ.Client publish/consume loop with the same durability (durable queue, persistent messages, publisher
# confirms, prefetch 32, manual acks; bench/queue/bare), in the same run.
#
#   bench/queue/run.sh [--orders N] [--backlog N] [--keep]
#       full run (about 6 minutes on 2 cores); rewrites the queue section of docs/benchmarks.md
#   bench/queue/run.sh --smoke
#       checks that the pipeline still works with 20 orders; writes nothing into the repository, asserts no timing
#
# Options: --orders N (orders posted per end-to-end scenario) [2000]; --backlog N (orders per backlog, measured after
# a warm-up backlog of the same size) [10000]; --keep keeps the scratch folder and prints its path.
#
# What it does: exports the committed sources (git archive HEAD), packs them, generates Bench.Orders with
# --database postgres for both messaging options (so that two workers do not queue on one SQLite file lock) and
# builds them in Release. Each scenario gets a fresh database and is measured two ways:
#   backlog     with the API and the workers running and warmed up, orders with their outbox messages are inserted
#               in one SQL transaction (the rows POST /api/orders writes); the rate is the number of orders over the
#               time from that insert (Orders.PlacedAt) to the last confirmation (Orders.ConfirmedAt): the queue's
#               own steady rate;
#   end to end  the workers and the API run while the orders are posted from 16 client threads; the rate is from
#               the first POST to the last order confirmed (polled in PostgreSQL).
# Both check that every order was handled exactly once and nothing was dead-lettered. PostgreSQL and RabbitMQ come
# from PK_TEST_POSTGRES / PK_TEST_RABBITMQ, or are started (and stopped) with eng/services.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
say() { printf '==> %s\n' "$*"; }
die() { printf 'bench/queue: %s\n' "$*" >&2; for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; exit 1; }

smoke=false keep=false orders=2000 backlog_orders=10000 command_line="bench/queue/run.sh"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=true ;;
    --orders) orders="${2:?--orders needs a value}"; command_line+=" --orders $2"; shift ;;
    --backlog) backlog_orders="${2:?--backlog needs a value}"; command_line+=" --backlog $2"; shift ;;
    --keep) keep=true ;;
    -h | --help) sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1'" ;;
  esac
  shift
done
$smoke && orders=20 backlog_orders=20
warmup_orders=$((orders / 10 > 300 ? 300 : orders / 10))
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

scratch="$(mktemp -d /tmp/pk-bench-queue.XXXXXX)"
pids=()
started_services=false
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The API and workers of a scenario; start_api and start_workers append their pids to "pids".
start_api() { # start_api <name> <messaging>
  local name="$1" messaging="$2"
  (cd "$scratch/$messaging/src/Api/bin/Release/net10.0" && exec env "${common[@]}" Logging__LogLevel__Default=Warning \
    ASPNETCORE_ENVIRONMENT=Development Database__SeedDemoData=true RateLimiting__PermitLimit=100000000 \
    Messaging__PollingInterval=00:00:00.050 \
    dotnet Bench.Orders.Api.dll --urls "http://127.0.0.1:$port" >>"$scratch/$name-api.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$scratch/$name-api.log"; die "$name: the API is not ready"; }
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
  local pid
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  pids=()
  wait 2>/dev/null || true
}
confirmed_sql="SELECT COUNT(*) FROM \"Orders\" WHERE \"Status\" = 'Confirmed' AND \"CustomerEmail\" LIKE 'bench%'"
# post_orders [wait]: posts the orders from 16 client threads; with "wait", also waits until all are confirmed.
# Prints "<orders per second, first POST to last confirmed> <orders per second accepted>".
post_orders() {
  python3 - "$port" "$orders" "$database" "${1:-}" "$confirmed_sql" <<'PY'
import http.client, json, subprocess, sys, threading, time, os
port, orders, database, wait, confirmed_sql = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4] == "wait", sys.argv[5]
parts = dict(p.split("=", 1) for p in os.environ["PK_TEST_POSTGRES"].split(";") if "=" in p)
def confirmed():
    out = subprocess.run(["psql", f"host={parts['Host']} port={parts['Port']} user={parts['Username']} dbname={database}", "-AtX", "-c",
        confirmed_sql], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())
failures = []
def post(first, step):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(first, orders, step):
        body = json.dumps({"customerEmail": f"bench{i}@example.com", "lines": [{"productId": 1 + i % 6, "quantity": 1}]})
        connection.request("POST", "/api/orders", body, {"Content-Type": "application/json"})
        response = connection.getresponse(); response.read()
        if response.status != 201: failures.append(response.status)
started = time.monotonic()
threads = [threading.Thread(target=post, args=(t, 16)) for t in range(16)]
for t in threads: t.start()
for t in threads: t.join()
accepted = time.monotonic() - started
if failures: sys.exit(f"{len(failures)} POSTs failed: {failures[:5]}")
deadline = time.monotonic() + 600
while wait and confirmed() < orders:
    if time.monotonic() > deadline: sys.exit("not all orders were confirmed within 10 minutes")
    time.sleep(0.05)
elapsed = time.monotonic() - started
print(f"{orders / elapsed:.1f} {orders / accepted:.1f}")
PY
}
# check_and_drop: every order handled exactly once, nothing dead-lettered; then the database goes.
check_and_drop() { # check_and_drop <name> <orders in the database, the seeded one included>
  local name="$1" expected="$2"
  [ "$(pg "$database" "SELECT COUNT(*) FROM \"ProcessedMessages\"")" -eq "$expected" ] || die "$name: not exactly one processed message per order"
  [ "$(pg "$database" "SELECT COUNT(*) FROM \"DeadLetters\"")" -eq 0 ] || die "$name: dead letters"
  pg postgres "DROP DATABASE \"$database\" WITH (FORCE)" >/dev/null
}
new_scenario() { # sets database, port, common for a fresh scenario
  database="bench_$RANDOM$RANDOM" port="$(free_port)"
  common=(ConnectionStrings__Database="${PK_TEST_POSTGRES/Database=postgres/Database=$database}"
    ConnectionStrings__RabbitMq="$PK_TEST_RABBITMQ" RabbitMq__QueueName="bench-$RANDOM$RANDOM")
}

# end_to_end <name> <messaging> <workers>: prints units/s from the first POST to the last order confirmed, with the
# queue working while the orders come in. The clock starts once every worker consumes (start-up is not throughput).
end_to_end() {
  local name="$1" messaging="$2" workers="$3" result
  new_scenario
  start_api "$name" "$messaging"
  start_workers "$name" "$messaging" "$workers"
  result="$(post_orders wait)" || die "$name: $result"
  echo "$result" >"$scratch/$name.result"
  stop_all
  check_and_drop "$name" "$((orders + 1))"
  cut -d' ' -f1 <<<"$result"
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
wait_backlog() { # wait_backlog <prefix> <count>
  local deadline=$((SECONDS + 600))
  until [ "$(pg "$database" "SELECT COUNT(*) FROM \"Orders\" WHERE \"Status\" = 'Confirmed' AND \"CustomerEmail\" LIKE '$1%'")" -ge "$2" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "not all orders were confirmed within 10 minutes"
    sleep 0.2
  done
}

# backlog <name> <messaging> <workers>: prints units/s through the queue alone, in its steady state. The API
# (dispatcher on) and the workers start; warm-up orders posted over HTTP, then a warm-up backlog as large as the
# measured one, run every code path until .NET's tiered JIT has settled (the first seconds of a process run
# unoptimised code). Then the measured backlog is inserted, and the rate is those orders over the time from their
# insertion (Orders.PlacedAt, the database's clock) to the last confirmation (Orders.ConfirmedAt).
backlog() {
  local name="$1" messaging="$2" workers="$3" result orders="$warmup_orders"
  new_scenario
  start_api "$name-backlog" "$messaging"
  start_workers "$name-backlog" "$messaging" "$workers"
  result="$(post_orders wait)" || die "$name: $result"
  orders="$backlog_orders"
  seed_backlog warmup "$orders"
  wait_backlog warmup "$orders"
  seed_backlog backlog "$orders"
  wait_backlog backlog "$orders"
  result="$(pg "$database" "SELECT ROUND((COUNT(*) / EXTRACT(EPOCH FROM MAX(\"ConfirmedAt\") - MIN(\"PlacedAt\")))::numeric, 1)
    FROM \"Orders\" WHERE \"CustomerEmail\" LIKE 'backlog%'")"
  echo "$result" >"$scratch/$name-backlog.result"
  stop_all
  check_and_drop "$name-backlog" "$((warmup_orders + 2 * orders + 1))"
  echo "$result"
}

say "Running $orders orders end to end and backlogs of $backlog_orders per scenario"
inprocess="$(end_to_end inprocess inprocess 0)";    say "inprocess, end to end: $inprocess units/s"
rabbit1="$(end_to_end rabbitmq-1 rabbitmq 1)";      say "rabbitmq, 1 worker, end to end: $rabbit1 units/s"
rabbit2="$(end_to_end rabbitmq-2 rabbitmq 2)";      say "rabbitmq, 2 workers, end to end: $rabbit2 units/s"
inprocess_backlog="$(backlog inprocess inprocess 0)"; say "inprocess, backlog: $inprocess_backlog units/s"
rabbit1_backlog="$(backlog rabbitmq-1 rabbitmq 1)";   say "rabbitmq, 1 worker, backlog: $rabbit1_backlog units/s"
rabbit2_backlog="$(backlog rabbitmq-2 rabbitmq 2)";   say "rabbitmq, 2 workers, backlog: $rabbit2_backlog units/s"
bare1="$(dotnet "$scratch/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" "$backlog_orders" 1)"; say "bare loop, 1 consumer: $bare1 units/s"
bare2="$(dotnet "$scratch/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" "$backlog_orders" 2)"; say "bare loop, 2 consumers: $bare2 units/s"

report="$(python3 - "$inprocess" "$rabbit1" "$rabbit2" "$inprocess_backlog" "$rabbit1_backlog" "$rabbit2_backlog" "$bare1" "$bare2" \
  "$orders $backlog_orders" "$command_line" "$revision" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys, datetime
inproc, r1, r2, inproc_d, r1_d, r2_d, b1, b2 = map(float, sys.argv[1:9]); sizes, command, rev, cores, load = sys.argv[9:]
orders, backlog = sizes.split()
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
- **End to end** ({orders} orders): posted from 16 client threads while the queue works; units/s from the first
  `POST` to the last order confirmed. The HTTP API shares the 2 cores with the queue and bounds this figure.
- **Bare loop** (`bench/queue/bare`, {backlog} messages after a warm-up of as many): RabbitMQ.Client alone, same
  durability (durable queue, persistent messages, publisher confirms, prefetch 32, manual acks), no database;
  units/s from the first publish to the last ack.

| Scenario | Backlog units/s | End to end units/s |
|---|---:|---:|
| `inprocess` (dispatcher and worker in the API) | {inproc_d:.1f} | {inproc:.1f} |
| `rabbitmq`, 1 worker | {r1_d:.1f} | {r1:.1f} |
| `rabbitmq`, 2 workers | {r2_d:.1f} | {r2:.1f} |
| bare RabbitMQ.Client loop, 1 consumer | {b1:.1f} | |
| bare RabbitMQ.Client loop, 2 consumers | {b2:.1f} | |

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
