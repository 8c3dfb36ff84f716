#!/usr/bin/env bash
# Runs every test of the repository and ends with one line: "N passed, N failed".
#
#   ./eng/test.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
cd "$root"

# The PostgreSQL, MariaDB and RabbitMQ tests need servers: start them on loopback unless the caller already did.
started_services=false
if [ -z "${PK_TEST_POSTGRES:-}" ] || [ -z "${PK_TEST_MYSQL:-}" ] || [ -z "${PK_TEST_RABBITMQ:-}" ]; then
  if services_env="$("$root/eng/services.sh" start)"; then
    eval "$services_env"
    started_services=true
  else
    echo "Could not start the servers; the PostgreSQL, MariaDB and RabbitMQ tests will be skipped (on CI they fail)." >&2
  fi
fi
stop_services() { if [ "$started_services" = true ]; then "$root/eng/services.sh" stop; fi; }
trap stop_services EXIT

dotnet test PortfolioKit.sln --configuration Release --logger "trx" --results-directory "$results" -nologo \
  --blame-hang-timeout 15m
status=$?

# The benchmarks' smoke modes only check that they still run; they assert no timings. They run side by side (much of
# each is waiting: on a server, an application's start-up, a poll), from one pack of the committed sources.
# The paging smoke runs on SQLite (the full run reuses the PostgreSQL and MariaDB servers); the queue and scale smokes
# use PostgreSQL and RabbitMQ started above.
smoke_logs="$(mktemp -d)"
export PK_BENCH_PACKAGES="$smoke_logs/packages"
mkdir -p "$smoke_logs/source" "$PK_BENCH_PACKAGES"
if git archive --format=tar HEAD | tar -x -C "$smoke_logs/source" \
  && "$smoke_logs/source/eng/build-packages.sh" >"$smoke_logs/pack.log" 2>&1; then
  cp "$smoke_logs/source/artifacts/packages"/*.nupkg "$PK_BENCH_PACKAGES/"
  git rev-parse --short HEAD >"$PK_BENCH_PACKAGES/revision"
  # Locally built packages keep their version: drop the cached PortfolioKit.Analyzers once, before the benchmarks
  # restore the one just built (each would otherwise do it, under the others' feet).
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/portfoliokit.analyzers"
else
  cat "$smoke_logs/pack.log" >&2
  echo "Packing for the benchmark smoke runs failed; each packs on its own." >&2
  unset PK_BENCH_PACKAGES
fi
smokes=()
for bench in bench/run.sh bench/analyzers/run.sh bench/paging/run.sh bench/queue/run.sh bench/scale/run.sh; do
  if [ -x "$root/$bench" ]; then
    "$root/$bench" --smoke >"$smoke_logs/${bench//\//_}.log" 2>&1 &
    smokes+=("$bench:$!")
  fi
done
for smoke in "${smokes[@]}"; do
  bench="${smoke%%:*}"
  echo "==> $bench --smoke"
  wait "${smoke##*:}"
  smoke_status=$?
  cat "$smoke_logs/${bench//\//_}.log"
  [ "$smoke_status" -eq 0 ] || { echo "Benchmark smoke run failed: $bench" >&2; status=1; }
done
rm -rf "$smoke_logs"

# Total over every test run, from the TRX result files (dotnet test's own summary is per assembly).
read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
print(passed, failed)
PY
)
if [ "${passed:-0}" -eq 0 ]; then
  echo "No test ran." >&2
  status=1
fi
[ "${failed:-0}" -eq 0 ] || status=1
echo "${passed:-0} passed, ${failed:-0} failed"
exit $status
