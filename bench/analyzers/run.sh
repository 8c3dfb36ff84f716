#!/usr/bin/env bash
# Analyzer performance benchmark.
#
# Generates a repository of several services (bench/analyzers/generate.py: per service a domain, an infrastructure and
# an API project, plus a shared kernel; README, licence, CI and Dockerfile so that the repository rules run too),
# builds its solution (three times, one build after another) with -p:ReportAnalyzer=true and the .NET SDK analyzers,
# Meziantou.Analyzer and PortfolioKit.Analyzers (the committed sources, packed), and reports, as medians over the
# builds, each analyzer set's time as a share of the
# compiler's time, PortfolioKit's share of each project's analyzer time, and PortfolioKit's code rules' average time
# per rule beside Meziantou's. The full run also times the build with and without PortfolioKit, and writes the
# figures into docs/benchmarks.md (the analyzers section) and docs/benchmarks/analyzers.json.
#
# Usage: bench/analyzers/run.sh [--smoke] [--modules N] [--services N] [--builds N] [--no-wall-clock] [--keep]
#   --smoke          2 services, 12 modules, one build; prints the figures and rewrites a scratch copy of the page
#   --builds N       builds with the analyzer report (default 3); each figure is the median over them
#   --no-wall-clock  skips the two timed builds with and without PortfolioKit (the shares come from the first build)
set -euo pipefail
bench_name=analyzers
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/common.sh
source "$root/bench/lib/common.sh"

modules=600 services=8 builds=3 smoke=false keep=false wall_clock=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=true modules=12 services=2 builds=1 ;;
    --builds) builds="$2"; shift ;;
    --modules) modules="$2"; shift ;;
    --services) services="$2"; shift ;;
    --keep) keep=true ;;
    --no-wall-clock) wall_clock=false ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done
[[ "$builds" =~ ^[1-9][0-9]*$ ]] || die "--builds takes a number of builds (1 or more), not '$builds'"

bench_scratch
# shellcheck source=benchshop.sh
source "$root/bench/analyzers/benchshop.sh"
benchshop_generate "$modules" "$services"
cd "$project"

# One project at a time (-m:1), so that each project's analyzer report follows its own CoreCompile in the log. The
# compiler server lives on between the builds, as it does between a developer's builds. It is asked for explicitly:
# an environment with UseSharedCompilation=false (some CI images and sandboxes set it) starts a cold csc per project,
# and every project's analyzer time then includes loading and compiling the analyzers themselves (JIT), which in a
# developer's build only the first project pays. The published figures before 2026-12-08 were measured that way.
export UseSharedCompilation=true
build_logs=()
for build in $(seq 1 "$builds"); do
  say "Building $services services with -p:ReportAnalyzer=true ($build of $builds)"
  run_logged "build-$build" dotnet build BenchShop.slnx --no-restore --no-incremental -c Release -m:1 -v:d \
    -p:ReportAnalyzer=true -clp:PerformanceSummary
  build_logs+=("$logs/build-$build.log")
done

wall_with="" wall_without=""
if ! $smoke && $wall_clock; then
  say "Timing builds with and without PortfolioKit.Analyzers"
  run_logged restore-without dotnet restore BenchShop.slnx -p:WithPortfolioKit=false
  start=$(date +%s.%N)
  run_logged build-without dotnet build BenchShop.slnx --no-restore --no-incremental -c Release -p:WithPortfolioKit=false
  wall_without=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
  run_logged restore-with dotnet restore BenchShop.slnx
  start=$(date +%s.%N)
  run_logged build-with dotnet build BenchShop.slnx --no-restore --no-incremental -c Release
  wall_with=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
fi

bench_docs_target
files=$(find "$project/src" -name '*.cs' | wc -l)
python3 "$root/bench/analyzers/report.py" "${build_logs[@]}" \
  --json "$out/analyzers.json" --docs "$docs" --revision "$revision" --load-before "$load_before" \
  --modules "$modules" --services "$services" --files "$files" --wall-with "$wall_with" --wall-without "$wall_without"
