#!/usr/bin/env bash
# Benchmarks the queue of the backend-portfolio template end to end: units of work per second from the first
# POST /api/orders to the last order confirmed in the database, for --messaging inprocess and --messaging rabbitmq
# (one and two worker processes), beside a bare RabbitMQ.Client publish/consume loop with the same durability
# (durable queue, persistent messages, publisher confirms, prefetch 32, manual acks; bench/queue/bare), in the same run.
#
#   bench/queue/run.sh [--orders N] [--keep]   full run (about 10 minutes on 2 cores); rewrites the queue section of
#                                              docs/benchmarks.md
#   bench/queue/run.sh --smoke                 checks that the pipeline still works with 20 orders; writes nothing into
#                                              the repository and asserts no timing
#
# Options: --orders N (orders per scenario) [2000]; --keep keeps the scratch folder and prints its path.
#
# What it does: exports the committed sources (git archive HEAD), packs them, generates Bench.Orders with
# --database postgres for both messaging options (so that two workers do not queue on one SQLite file lock), builds
# them in Release, and for each scenario creates a fresh database, starts the API (which migrates it) and the
# workers, posts the orders from 16 client threads, and polls PostgreSQL until every order is Confirmed. PostgreSQL
# and RabbitMQ come from PK_TEST_POSTGRES / PK_TEST_RABBITMQ, or are started (and stopped) with eng/services.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
say() { printf '==> %s\n' "$*"; }
die() { printf 'bench/queue: %s\n' "$*" >&2; exit 1; }

smoke=false keep=false orders=2000 command_line="bench/queue/run.sh"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=true ;;
    --orders) orders="${2:?--orders needs a value}"; command_line+=" --orders $2"; shift ;;
    --keep) keep=true ;;
    -h | --help) sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1'" ;;
  esac
  shift
done
$smoke && orders=20
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
mkdir -p "$scratch/source"
git -C "$root" archive HEAD | tar -x -C "$scratch/source"
"$scratch/source/eng/build-packages.sh" >"$scratch/pack.log" 2>&1 || { cat "$scratch/pack.log"; die "packing failed"; }
packages="$scratch/source/artifacts/packages"
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

# scenario <name> <messaging> <workers>: prints units/s
scenario() {
  local name="$1" messaging="$2" workers="$3" database="bench_$RANDOM$RANDOM" port queue="bench-$RANDOM$RANDOM"
  port="$(free_port)"
  local db_cs="${PK_TEST_POSTGRES/Database=postgres/Database=$database}"
  local common=(ConnectionStrings__Database="$db_cs" ConnectionStrings__RabbitMq="$PK_TEST_RABBITMQ" RabbitMq__QueueName="$queue")
  local api_dir="$scratch/$messaging/src/Api/bin/Release/net10.0"
  (cd "$api_dir" && exec env "${common[@]}" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Development Database__SeedDemoData=true \
    RateLimiting__PermitLimit=100000000 Messaging__PollingInterval=00:00:00.050 \
    dotnet Bench.Orders.Api.dll --urls "http://127.0.0.1:$port" >"$scratch/$name-api.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$scratch/$name-api.log"; die "$name: the API is not ready"; }
  local n
  for n in $(seq 1 "$workers"); do
    (cd "$scratch/$messaging/src/Worker/bin/Release/net10.0" && exec env "${common[@]}" DOTNET_ENVIRONMENT=Production \
      dotnet Bench.Orders.Worker.dll >"$scratch/$name-worker$n.log" 2>&1) &
    pids+=($!)
  done
  # The clock starts once every worker consumes (JIT and connecting are start-up costs, not throughput).
  for n in $(seq 1 "$workers"); do
    for _ in $(seq 1 240); do grep -q "Consuming " "$scratch/$name-worker$n.log" 2>/dev/null && break; sleep 0.5; done
    grep -q "Consuming " "$scratch/$name-worker$n.log" || { cat "$scratch/$name-worker$n.log"; die "$name: worker $n did not start consuming"; }
  done
  python3 - "$port" "$orders" "$database" <<'PY' >"$scratch/$name.result"
import http.client, json, subprocess, sys, threading, time, os
port, orders, database = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
parts = dict(p.split("=", 1) for p in os.environ["PK_TEST_POSTGRES"].split(";") if "=" in p)
def confirmed():
    out = subprocess.run(["psql", f"host={parts['Host']} port={parts['Port']} user={parts['Username']} dbname={database}", "-AtX", "-c",
        "SELECT COUNT(*) FROM \"Orders\" WHERE \"Status\" = 'Confirmed' AND \"CustomerEmail\" LIKE 'bench%'"], capture_output=True, text=True, check=True)
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
while confirmed() < orders:
    if time.monotonic() > deadline: sys.exit("not all orders were confirmed within 10 minutes")
    time.sleep(0.05)
elapsed = time.monotonic() - started
print(f"{orders / elapsed:.1f} {orders / accepted:.1f}")
PY
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  pids=()
  wait 2>/dev/null || true
  [ "$(pg "$database" "SELECT COUNT(*) FROM \"ProcessedMessages\"")" -eq "$((orders + 1))" ] || die "$name: not exactly one processed message per order"
  [ "$(pg "$database" "SELECT COUNT(*) FROM \"DeadLetters\"")" -eq 0 ] || die "$name: dead letters"
  pg postgres "DROP DATABASE \"$database\" WITH (FORCE)" >/dev/null
  cut -d' ' -f1 "$scratch/$name.result"
}

say "Running $orders orders per scenario"
inprocess="$(scenario inprocess inprocess 0)";          say "inprocess: $inprocess units/s"
rabbit1="$(scenario rabbitmq-1 rabbitmq 1)";            say "rabbitmq, 1 worker: $rabbit1 units/s"
rabbit2="$(scenario rabbitmq-2 rabbitmq 2)";            say "rabbitmq, 2 workers: $rabbit2 units/s"
bare1="$(dotnet "$scratch/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" "$orders" 1)"; say "bare loop, 1 consumer: $bare1 units/s"
bare2="$(dotnet "$scratch/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" "$orders" 2)"; say "bare loop, 2 consumers: $bare2 units/s"

report="$(python3 - "$inprocess" "$rabbit1" "$rabbit2" "$bare1" "$bare2" "$orders" "$command_line" "$revision" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys, datetime
inproc, r1, r2, b1, b2 = map(float, sys.argv[1:6]); orders, command, rev, cores, load = sys.argv[6:]
print(f"""<!-- queue:begin -->
## Queue (`--messaging`)

Produced by `{command}`; rerun it to refresh this section.

Measured {datetime.date.today()} at {rev} on {cores} cores (load average at the end: {load}), {orders} orders per
scenario, PostgreSQL 15 and RabbitMQ 3.10 on loopback. End to end: from the first `POST /api/orders` (16 client
threads) to the last order `Confirmed` in the database, each order written with its outbox message, delivered,
handled once (inbox) and acknowledged.

| Scenario | Units/s | Ratio |
|---|---|---|
| `inprocess` (dispatcher and worker in the API) | {inproc:.1f} | |
| `rabbitmq`, 1 worker | {r1:.1f} | {r1 / b1:.2f} of the bare loop, 1 consumer |
| `rabbitmq`, 2 workers | {r2:.1f} | {r2 / r1:.2f} × 1 worker |
| bare RabbitMQ.Client loop, 1 consumer | {b1:.1f} | |
| bare RabbitMQ.Client loop, 2 consumers | {b2:.1f} | {b2 / b1:.2f} × 1 consumer |

Goals (issue 4): `rabbitmq` with 1 worker at least 0.8 of the bare loop: {"met" if r1 / b1 >= 0.8 else "NOT met"} ({r1 / b1:.2f});
2 workers about twice 1 worker: {"met" if r2 / r1 >= 1.8 else "NOT met"} ({r2 / r1:.2f}). The bare loop does no HTTP and no database
work, so on a 2-core machine that also runs the API, PostgreSQL, RabbitMQ and the load generator, the generated path
is bounded by the HTTP accept rate and one database transaction per order rather than by the broker.
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
