# shellcheck shell=bash
# Sourced: it reads the variables of the script and of common.sh, and sets some for the script.
# shellcheck disable=SC2034,SC2154
# The order pipeline's shell pieces, shared by the queue benchmark (bench/queue/run.sh) and the scale benchmark
# (bench/scale/run.sh): the servers, the APIs and workers of a scenario as processes, orders posted with wrk, the
# waiting, the CPU readings and the check that every order was handled once. Source it after common.sh, bench_options
# and bench_scratch; it takes over bench_before_cleanup.
#
#   orders_servers                 PostgreSQL and RabbitMQ (see "Servers" below); sets $servers_from, $statements
#                                  (true when pg_stat_statements can be read), and $postmaster_pid and $broker_pid,
#                                  whose CPU time the scenarios read (cputime.py)
#   pg DATABASE SQL...             runs each statement in a transaction of its own; prints the first value of the last
#   new_scenario [rabbitmq]        a fresh database (and with rabbitmq, a RabbitMQ queue) for one scenario: sets
#                                  $database, $queue and common=(the connection settings every process of it gets)
#   start_api NAME DIR DLL VAR=VALUE...   starts `dotnet DLL` in DIR as an API of the scenario, with its settings, the
#                                  variables given and warnings-only logging, ready at /health/ready; sets $api,
#                                  $api_pid and $api_port, and adds it to apis=() and api_ports=()
#   start_generated_api NAME MESSAGING VAR=VALUE...   start_api with the generated API of $work/MESSAGING
#   start_workers NAME COUNT [DIR DLL ARG...]   starts COUNT workers (by default the generated one of $work/rabbitmq),
#                                  returns once every one consumes; sets worker_pids=()
#   first_orders                   one order through each API, waited for until confirmed
#   stop_processes                 stops the scenario's workers and APIs
#   post_for SECONDS PREFIX [RATE] wrk posts orders from 16 connections in all, spread over api_ports, as fast as they
#                                  are answered or at RATE per second in all; sets $accepted
#   post_and_wait SECONDS PREFIX [RATE]   post_for, then waits until those orders are all in and confirmed
#   measured_posting SECONDS PREFIX [RATE]   post_and_wait between two CPU readings of the scenario's APIs and
#                                  workers (cpu_ticks_now); sets $cpu_before and $cpu_after
#   wait_posted PREFIX, wait_done SQL, wait_confirmed PREFIX, rate_of PREFIX [SINCE], latency_of PREFIX   (see each)
#   api_pid_list                   the scenario's API pids joined by commas
#   cpu_ticks_now API_PIDS WORKER_PID...   API_PIDS: one pid, or several joined by commas (cputime.py ticks)
#   cpu_per_unit UNITS BEFORE AFTER   two readings as CPU time per unit, JSON (cputime.py per-unit)
#   delete_queue, check_inbox NAME, check_and_drop NAME [CHECK]
#   orders_report REPORT KEY=VALUE...   meta.json (the servers' versions and settings, the KEY=VALUE pairs), then
#                                  REPORT (a report.py) on it: the section of docs/benchmarks.md named by REPORT's folder
#
# Servers: the benchmarks' own PostgreSQL (with pg_stat_statements loaded) and RabbitMQ from eng/services.sh, on ports
# that neither the test servers (55432/55672) nor the shared ones use: PostgreSQL on BENCH_POSTGRES_PORT [57432],
# RabbitMQ on BENCH_RABBITMQ_PORT [57672] (its Erlang distribution on BENCH_RABBITMQ_DIST_PORT [47672], epmd on
# BENCH_RABBITMQ_EPMD_PORT [54371]), in /tmp/portfoliokit-bench-servers; reused when they already answer, stopped at
# the end only if this run started them. A smoke run uses PK_TEST_POSTGRES and PK_TEST_RABBITMQ instead when both are
# set (eng/test.sh), and then reads no statements. PostgreSQL runs as eng/services.sh runs it for tests (fsync,
# synchronous_commit and full_page_writes off), the same for every scenario.
#
# Order prefixes (customer e-mails) of a scenario's phases must not start one another: LIKE 'prefix-%' finds a phase.

# The worker processes the scenarios start (the APIs are bench_start's, which bench_cleanup stops). They are started
# from the script's shell, never inside $(...), so that the EXIT trap (an error, Ctrl-C) knows and stops every one.
processes=()
started_services=false
database=""  # the current scenario's database; check_and_drop drops it when the scenario passes, the clean-up otherwise
queue=""     # the current scenario's RabbitMQ queue; deleted after the scenario, or by the clean-up
apis=() api_ports=()
poll_seconds="${poll_seconds:-1}"  # how often wait_posted and wait_done ask PostgreSQL
orders_services=(env PK_SERVICES_DIR=/tmp/portfoliokit-bench-servers
  PK_SERVICES_ENV_FILE=/tmp/portfoliokit-bench-servers/services.env
  PK_POSTGRES_PORT="${BENCH_POSTGRES_PORT:-57432}" PK_RABBITMQ_PORT="${BENCH_RABBITMQ_PORT:-57672}"
  PK_RABBITMQ_DIST_PORT="${BENCH_RABBITMQ_DIST_PORT:-47672}" PK_RABBITMQ_EPMD_PORT="${BENCH_RABBITMQ_EPMD_PORT:-54371}"
  PK_POSTGRES_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top"
  "$root/eng/services.sh")
bench_before_cleanup() {
  local process
  for process in "${processes[@]}"; do kill -9 "$process" 2>/dev/null || true; done
  [ -z "$database" ] || pg postgres "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  [ -z "$queue" ] || delete_queue >/dev/null 2>&1 || true
  if $started_services; then "${orders_services[@]}" stop postgres rabbitmq >/dev/null 2>&1 || true; fi
}

orders_servers() {
  if $smoke && [ -n "${PK_TEST_POSTGRES:-}" ] && [ -n "${PK_TEST_RABBITMQ:-}" ]; then
    servers_from="PK_TEST_POSTGRES and PK_TEST_RABBITMQ" statements=false
  else
    servers_from="this script (eng/services.sh on their own ports)" statements=true
    port_open() { python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2)' "$1" 2>/dev/null; }
    # Servers that already answer on these ports (a run that did not finish) are reused and left running; set before
    # starting, so that a half-done start is undone too.
    port_open "${BENCH_POSTGRES_PORT:-57432}" || port_open "${BENCH_RABBITMQ_PORT:-57672}" || started_services=true
    say "Starting or reusing the benchmarks' own PostgreSQL and RabbitMQ on loopback (eng/services.sh)"
    services_env="$("${orders_services[@]}" start postgres rabbitmq)"
    eval "$services_env"
    pg postgres "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  fi
  # The servers' processes, whose CPU time each scenario reads from /proc.
  local amqp_port server_pids
  amqp_port="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).port or 5672)' "$PK_TEST_RABBITMQ")"
  server_pids="$(python3 "$bench/lib/cputime.py" servers "$(pg postgres 'SHOW data_directory')" "$amqp_port")"
  read -r postmaster_pid broker_pid <<<"$server_pids"
}

pg() {
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

new_scenario() {
  database="pk_${bench_name//-/_}_$RANDOM$RANDOM" queue=""
  common=(ConnectionStrings__Database="${PK_TEST_POSTGRES/Database=postgres/Database=$database}")
  if [ "${1:-}" = rabbitmq ]; then
    queue="pk-$bench_name-$RANDOM$RANDOM"
    common+=(ConnectionStrings__RabbitMq="$PK_TEST_RABBITMQ" RabbitMq__QueueName="$queue")
  fi
  apis=() api_ports=()
}

start_api() {
  api="$1-api"
  bench_start "$api" "$2" "$3" /health/ready "${common[@]}" Logging__LogLevel__Default=Warning "${@:4}"
  api_pid="${pid[$api]}" api_port="${port[$api]}"
  apis+=("$api") api_ports+=("$api_port")
}
# In Development the generated API migrates its database and seeds the demo catalogue at start-up (a second API finds
# both done); its rate limit is lifted, so that every request the benchmark sends is an order.
start_generated_api() {
  start_api "$1" "$work/$2/src/Api/bin/Release/net10.0" Acme.Orders.Api.dll ASPNETCORE_ENVIRONMENT=Development \
    Database__SeedDemoData=true RateLimiting__PermitLimit=100000000 "${@:3}"
}
# The workers log warnings only, like the APIs, and the line that says they consume, which start_workers waits for.
start_workers() {
  local name="$1" count="$2" n deadline bin=("${@:3}")
  [ "${#bin[@]}" -gt 0 ] || bin=("$work/rabbitmq/src/Worker/bin/Release/net10.0" Acme.Orders.Worker.dll)
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
# first_orders: one order through each API (customers first-<n>), with time to spare, then waits until they are
# confirmed: this compiles the order path (EF Core's queries; Wolverine generates and compiles its adapters with
# Roslyn on first use), which on a busy machine takes longer than a warm-up, or a smoke run, lasts.
first_orders() {
  local n
  for n in "${!api_ports[@]}"; do
    [ "$(curl -sS --max-time 600 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      --data '{"customerEmail":"first-'"$((n + 1))"'@example.com","lines":[{"productId":1,"quantity":1}]}' \
      "http://127.0.0.1:${api_ports[$n]}/api/orders")" = 201 ] || die "${apis[$n]}: the first order was not accepted"
  done
  wait_confirmed first
}
stop_processes() {
  local process target
  for process in "${processes[@]}"; do kill -9 "$process" 2>/dev/null || true; done
  for process in "${processes[@]}"; do wait "$process" 2>/dev/null || true; done
  processes=()
  for target in "${apis[@]}"; do bench_stop "$target"; done
  apis=() api_ports=()
}
# post_for <seconds> <prefix> [rate]: wrk posts orders for that long from 16 connections in all, shared out over the
# APIs (one wrk each, side by side, as a Service spreads connections), as fast as they are answered or at RATE orders
# per second in all (bench/lib/bench.lua); any answer but 2xx or 3xx (the APIs answer 201) or any socket error fails
# the run. Each wrk's customers are <prefix>-<n>-...: one LIKE '<prefix>-%' finds them all. Sets $accepted, the orders
# accepted per second by all the APIs together.
post_for() {
  local seconds="$1" prefix="$2" rate="${3:-}" n wrks=() outputs=() share=""
  [ -z "$rate" ] || share="$(awk -v rate="$rate" -v apis="${#api_ports[@]}" 'BEGIN { print rate / apis }')"
  for n in "${!api_ports[@]}"; do
    outputs+=("$logs/wrk-$prefix-$n.out")
    wrk -t1 -c$((16 / ${#api_ports[@]})) -d"${seconds}s" --timeout 10s -s "$bench/lib/bench.lua" \
      "http://127.0.0.1:${api_ports[$n]}/api/orders" -- order "$prefix-$((n + 1))" ${share:+"$share"} >"${outputs[$n]}" &
    wrks+=($!)
  done
  for n in "${!wrks[@]}"; do wait "${wrks[$n]}" || die "wrk failed posting orders to ${apis[$n]}"; done
  accepted="$(python3 - "$smoke" "${outputs[@]}" <<'PY'
import json, sys
smoke = sys.argv[1] == "true"
runs = [json.loads(open(path, encoding="utf-8").read().strip().splitlines()[-1]) for path in sys.argv[2:]]
for run in runs:
    # A smoke run asserts no timing: requests that timed out on a busy machine (or none answered within its 1 s) are
    # not failures there; wait_posted still insists that orders arrive. In a measured run they spoil the figures.
    errors = run["socket_errors"] - (run["timeouts"] if smoke else 0)
    if run["non_2xx_3xx"] or errors or not (run["requests"] or smoke):
        sys.exit(f"posting orders failed: {run['non_2xx_3xx']} answers other than 201, {run['socket_errors']} socket "
                 f"errors ({run['timeouts']} timeouts), {run['requests']} requests")
print(f"{sum(run['requests'] / (run['duration_us'] / 1e6) for run in runs):.1f}")
PY
)"
}
post_and_wait() {
  post_for "$@"
  wait_posted "$2"
  wait_confirmed "$2"
}
measured_posting() {
  cpu_before="$(cpu_ticks_now "$(api_pid_list)" "${worker_pids[@]}")"
  post_and_wait "$@"
  cpu_after="$(cpu_ticks_now "$(api_pid_list)" "${worker_pids[@]}")"
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
# wait_done <sql>: waits until the query answers 0. It asks every $poll_seconds: during a measured phase, its queries
# are PostgreSQL work that the CPU figures count.
wait_done() {
  local deadline=$((SECONDS + 900)) pending
  while :; do
    pending="$(pg "$database" "$1")"
    [ "$pending" -ne 0 ] || break
    [ "$SECONDS" -lt "$deadline" ] || die "$pending still pending after 15 minutes ($1)"
    sleep "$poll_seconds"
  done
}
wait_confirmed() { wait_done "SELECT COUNT(*) FILTER (WHERE \"Status\" <> 'Confirmed') FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'"; }
# rate_of <prefix> [since]: "<orders> <orders per second>", from the first one placed (or from SINCE, seconds since
# the epoch) to the last one confirmed
rate_of() {
  pg "$database" "SELECT COUNT(*) || ' ' || ROUND((COUNT(*) / (EXTRACT(EPOCH FROM MAX(\"ConfirmedAt\")) - ${2:-EXTRACT(EPOCH FROM MIN(\"PlacedAt\"))}))::numeric, 1)
    FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'"
}
# latency_of <prefix>: "<p50 ms> <p99 ms> <orders placed per second>", place to confirmed
latency_of() {
  pg "$database" "SELECT ROUND((PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM \"ConfirmedAt\" - \"PlacedAt\")) * 1000)::numeric, 1)
    || ' ' || ROUND((PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM \"ConfirmedAt\" - \"PlacedAt\")) * 1000)::numeric, 1)
    || ' ' || ROUND((COUNT(*) / GREATEST(EXTRACT(EPOCH FROM MAX(\"PlacedAt\") - MIN(\"PlacedAt\")), 0.001))::numeric, 1)
    FROM \"Orders\" WHERE \"CustomerEmail\" LIKE '$1-%'"
}
api_pid_list() {
  local target
  for target in "${apis[@]}"; do echo "${pid[$target]}"; done | paste -sd,
}
# cpu_ticks_now <api pid(s)> <worker pid>...: "<api> <workers> <postgres> <rabbitmq> <machine busy> <machine all>",
# clock ticks (cputime.py)
cpu_ticks_now() { python3 "$bench/lib/cputime.py" ticks "$1" "$postmaster_pid" "$broker_pid" "${@:2}"; }
cpu_per_unit() { python3 "$bench/lib/cputime.py" per-unit "$@"; }
# delete_queue needs the bare loop's build in $work/bare (bench/queue/bare: it deletes a queue with --delete-queue).
delete_queue() { dotnet "$work/bare/BareQueue.dll" "$PK_TEST_RABBITMQ" --delete-queue "$queue"; }
# check_inbox <name>: the generated pipeline's inbox holds one processed message per order; nothing was dead-lettered.
check_inbox() {
  [ "$(pg "$database" "SELECT (SELECT COUNT(*) FROM \"ProcessedMessages\") = (SELECT COUNT(*) FROM \"Orders\")")" = t ] \
    || die "$1: not exactly one processed message per order"
  [ "$(pg "$database" "SELECT COUNT(*) FROM \"DeadLetters\"")" -eq 0 ] || die "$1: dead letters"
}
# check_and_drop <name> [check]: the stock reserved for exactly the confirmed orders' lines, and CHECK <name> (by
# default check_inbox); then the database and the queue go.
check_and_drop() {
  [ "$(pg "$database" "SELECT (SELECT COALESCE(SUM(\"ReservedQuantity\"), 0) FROM \"Products\") = (SELECT COALESCE(SUM(l.\"Quantity\"), 0)
      FROM \"OrderLines\" AS l JOIN \"Orders\" AS o ON o.\"Id\" = l.\"OrderId\" WHERE o.\"Status\" = 'Confirmed')")" = t ] \
    || die "$1: the reserved stock is not the confirmed orders' lines"
  "${2:-check_inbox}" "$1"
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
    servers_from="$servers_from" statements="$statements" postgres_version="$(pg postgres 'SHOW server_version' | cut -d' ' -f1)" \
    postgres_durability="fsync=$(pg postgres 'SHOW fsync'), synchronous_commit=$(pg postgres 'SHOW synchronous_commit'), full_page_writes=$(pg postgres 'SHOW full_page_writes')"
  say "Results"
  python3 "$report" "$results" --json "$out/$section.json" --docs "$docs"
  if $smoke; then
    echo "$bench_name: smoke run passed in $((SECONDS - started)) s (no timing asserted)"
  else
    echo "$bench_name: wrote the $section section of docs/benchmarks.md and its figures in docs/benchmarks/ in $((SECONDS - started)) s"
  fi
}
