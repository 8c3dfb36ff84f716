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

# The benchmarks' smoke modes only check that they still run; they assert no timings.
# The paging smoke runs on SQLite (the full run reuses the PostgreSQL and MariaDB servers); the queue smoke uses
# PostgreSQL and RabbitMQ started above.
for bench in "$root/bench/run.sh" "$root/bench/analyzers/run.sh" "$root/bench/paging/run.sh" "$root/bench/queue/run.sh"; do
  if [ -x "$bench" ]; then
    echo "==> ${bench#"$root/"} --smoke"
    "$bench" --smoke || { echo "Benchmark smoke run failed: ${bench#"$root/"}" >&2; status=1; }
  fi
done

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
