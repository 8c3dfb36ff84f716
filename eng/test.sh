#!/usr/bin/env bash
# Runs the tests of the repository and ends with one line: "N passed, N failed".
#
#   ./eng/test.sh                  every test (what .ci/run and CI on main run)
#   ./eng/test.sh --fast           the edit-test loop: the analyzer tests, the template checks that need no build,
#                                  and the flagship generated, built and tested (no servers)
#   ./eng/test.sh --bench-smoke    every test, then every benchmark's smoke run (what .ci/run runs)
#
# Where the time goes, and why it is spent this way: docs/testing.md.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/artifacts/test-results"
tier=full
bench_smokes=false
case "${1:-}" in
  "") ;;
  --fast) tier=fast ;;
  --bench-smoke) bench_smokes=true ;;
  *) echo "usage: $0 [--fast | --bench-smoke]" >&2; exit 2 ;;
esac
rm -rf "$results"
mkdir -p "$results"
cd "$root" || exit 1
started=$(date +%s)
# Compile through one long-lived compiler server (the SDK's default, which some machines switch off): every generated
# solution, benchmark and test project then compiles with a warm compiler, about half the CPU of a cold csc per
# project. It is shut down when the run ends.
export UseSharedCompilation=true
# Dynamic PGO makes the JIT compile a hot method a third time (tier 0, instrumented, optimised), which pays off in a
# long-running service and costs a short-lived one: the suite starts some hundred processes (test hosts, generated
# apps, SDK commands) that mostly run start-up code. Switched off, a generated API's start-up took 3.4 s of CPU
# instead of 5.7 s (docs/testing.md). The benchmarks' smoke runs below get the runtime's defaults again.
export DOTNET_TieredPGO=0
# For the same reason, methods stay at their first tier: no call counting, so no second compile of the methods a
# process calls 30 times. Start-up code runs once either way; the loads the suite drives through its apps are small.
# Measured: a generated solution's three rebuilds took 36 s of CPU (compiler server included) instead of 45 s, a row's
# test run 5.2 s instead of 6.1 s, an app's start and 1,200 requests 4.5 s instead of 5.2 s. It is the runtime's
# TC_CallCounting setting, which it reads but does not document; a runtime without it is only slower.
export DOTNET_TC_CallCounting=0
# Thread-pool workers of every process the suite starts wait for work without spinning first (by default they spin for
# a while, which pays when a core would otherwise sit idle). The suite keeps some ten .NET processes (test hosts, apps,
# the compiler server, MSBuild nodes) on two cores, where a spinning worker only takes the core from a process with
# work to do. Two pairs of runs, each against the same tests without it: 867 s of CPU instead of 961 s (459 s instead
# of 482 s of wall time) in a busy hour, 732 s instead of 751 s (386 s instead of 397 s) in a quiet one; the compiler
# server gained most in the busy hour (129 s instead of 183 s). The benchmarks' smoke runs below get the default again.
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
# The three settings above suit the suite's short-lived processes; the benchmarks' smoke runs unset them (below). A
# setting added above belongs in this list too.
suite_runtime_settings=(DOTNET_TieredPGO DOTNET_TC_CallCounting DOTNET_ThreadPool_UnfairSemaphoreSpinLimit)
# The suite runs at least 160 SDK commands (dotnet new, build, test, ef, ...). Unless told otherwise, each also collects
# and sends telemetry: 0.14 s more CPU per command here (`dotnet new list`), about 20 s a run on a contributor's
# machine. .ci/run sets the same; an explicit setting of the caller's wins.
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}" DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
say() { printf '==> [%3ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

# The PostgreSQL, MariaDB and RabbitMQ tests need servers: start them on loopback unless the caller already did. They
# start in the background (RabbitMQ takes about 10 s) while the solution builds.
started_services=false
services_log="$(mktemp)"
services_pid=
if [ "$tier" = full ] && { [ -z "${PK_TEST_POSTGRES:-}" ] || [ -z "${PK_TEST_MYSQL:-}" ] || [ -z "${PK_TEST_RABBITMQ:-}" ]; }; then
  "$root/eng/services.sh" start >"$services_log" 2>&1 &
  services_pid=$!
fi
tests_pid=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  [ -n "$tests_pid" ] && kill "$tests_pid" 2>/dev/null
  [ -n "$services_pid" ] && wait "$services_pid" 2>/dev/null
  if [ "$started_services" = true ] || [ -n "$services_pid" ]; then "$root/eng/services.sh" stop; fi
  dotnet build-server shutdown >/dev/null 2>&1
  rm -f "$services_log"
}
trap cleanup EXIT

# One build and one pack for everything that follows: the test projects, the template tests (PK_PACKAGES), the demo
# script's test and the benchmarks' smoke runs (PK_BENCH_PACKAGES) all use these packages.
say "Building the solution and packing both packages"
if ! dotnet build PortfolioKit.sln --configuration Release -nologo -v:q -clp:NoSummary; then
  echo "0 passed, 1 failed"
  exit 1
fi
packages="$root/artifacts/packages"
rm -rf "$packages"
if ! "$root/eng/build-packages.sh" --no-build >/dev/null; then
  echo "Packing failed: run eng/build-packages.sh to see why." >&2
  echo "0 passed, 1 failed"
  exit 1
fi
export PK_PACKAGES="$packages" PK_BENCH_PACKAGES="$packages"
git rev-parse --short HEAD >"$packages/revision" 2>/dev/null || echo unknown >"$packages/revision"
# Locally built packages keep their version: drop the cached PortfolioKit.Analyzers once, before anything restores the
# one just built.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/portfoliokit.analyzers"

if [ -n "$services_pid" ]; then
  if wait "$services_pid"; then
    eval "$(grep '^export ' "$services_log")"
    started_services=true
  else
    cat "$services_log" >&2
    echo "Could not start the servers; the PostgreSQL, MariaDB and RabbitMQ tests will be skipped (on CI they fail)." >&2
  fi
  services_pid=
fi

say "Running the $tier tier's tests"
filter=()
if [ "$tier" = fast ]; then
  export PK_TEST_TIER=fast
  filter=(--filter "FullyQualifiedName~PortfolioKit.Analyzers.Tests|Tier=Fast")
fi
dotnet test PortfolioKit.sln --no-build --configuration Release --logger "trx" --results-directory "$results" -nologo \
  --blame-hang-timeout 15m "${filter[@]}" &
tests_pid=$!
wait "$tests_pid"
status=$?
tests_pid=
say "Tests finished"

# The benchmarks' smoke runs (--bench-smoke) check that every benchmark script still runs end to end; they assert no
# timings. They run after the tests, not beside them: the suite is CPU-bound on 2 cores, and its multi-process tests
# should not share the cores with load runs. The queue and scale smokes use the servers started above.
if [ "$bench_smokes" = true ]; then
  say "Running the benchmarks' smoke runs (bench/smoke.sh)"
  if ! env "${suite_runtime_settings[@]/#/-u}" "$root/bench/smoke.sh"; then
    echo "A benchmark smoke run failed; see above." >&2
    status=1
  fi
fi
say "Done"

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
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then
  # A test host that crashed, hung past --blame-hang-timeout or failed to start leaves no failed result behind.
  echo "dotnet test or a benchmark smoke run failed without recording a failed test; see the output above." >&2
  failed=1
fi
if [ "${passed:-0}" -eq 0 ]; then
  echo "No test ran." >&2
  status=1
fi
[ "${failed:-0}" -eq 0 ] || status=1
echo "${passed:-0} passed, ${failed:-0} failed"
exit $status
