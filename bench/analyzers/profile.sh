#!/usr/bin/env bash
# Per-analyzer cost of PortfolioKit.Analyzers, steadier than one build's -p:ReportAnalyzer=true figures.
#
# Builds the BenchShop repository of bench/analyzers/run.sh once (or reuses a build kept by `run.sh --keep`), then runs
# bench/analyzers/profile (AnalyzerProfile) over its compilations: the analyzers of the work tree, and those of a
# baseline revision if given, each in its own load context, alternating, RUNS times in one process after a Roslyn
# warm-up. It prints each analyzer's time on the first run (cold: JIT, static tables, Markdig's first use), on the first
# run over the projects that are not the first of their kind (new compilation: code already run, a compilation not yet
# seen) and, per project, the least of the later runs (warm), each summed over the projects, then totals and
# per-project figures, and checks that both sets report the same diagnostics on the BenchShop code. Writes nothing into
# the repository.
#
# Usage: bench/analyzers/profile.sh [--from DIR] [--baseline REV] [--meziantou] [--fresh | --unbound] [--runs N] [--modules N] [--services N] [--keep]
#   --from DIR       a scratch folder kept by `bench/analyzers/run.sh --keep` (its logs/build.log); skips the build
#   --baseline REV   also profile the analyzers of git revision REV (HEAD: the last commit, against the work tree)
#   --meziantou      also profile Meziantou.Analyzer from the build's package cache (its average per rule)
#   --fresh          every later run on a new copy of each compilation (warmed up untimed), so that the warm figures
#                    include what the analyzers do once per compilation, as each project of a build pays it
#   --unbound        like --fresh, but the copies are not warmed up: every later run pays the binding of method bodies
#                    and the reading of referenced symbols its analyzers ask for first, as the analyzers of a build do
#   --runs N         runs per set, the first one cold (default 6)
#   --modules N, --services N   the size of the generated repository when it is built here (default 150 and 3)
set -euo pipefail
bench_name=analyzers-profile
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/common.sh
source "$root/bench/lib/common.sh"
# shellcheck source=benchshop.sh
source "$root/bench/analyzers/benchshop.sh"

from="" baseline="" meziantou=false fresh=() runs=6 modules=150 services=3 keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --from) from="$(cd "$2" && pwd)"; shift ;;
    --baseline) baseline="$2"; shift ;;
    --meziantou) meziantou=true ;;
    --fresh) fresh=(--fresh) ;;
    --unbound) fresh=(--unbound) ;;
    --runs) runs="$2"; shift ;;
    --modules) modules="$2"; shift ;;
    --services) services="$2"; shift ;;
    --keep) keep=true ;;
    -h | --help) bench_usage "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done

bench_scratch
build_log="$from/logs/build.log"
if [ -z "$from" ]; then
  benchshop_generate "$modules" "$services"
  say "Building $services services once, for the compilers' command lines"
  # -v:d prints each project's csc command line after its CoreCompile target, which AnalyzerProfile reads.
  run_logged build dotnet build "$project/BenchShop.slnx" --no-restore --no-incremental -c Release -m:1 -v:d
  build_log="$logs/build.log"
fi
[ -f "$build_log" ] || die "no build log at $build_log"

# An analyzer set: the analyzer project of a source tree, published (so that Markdig lands beside it).
publish_analyzers() {
  local source="$1" target="$2" name="$3"
  local markdig
  run_logged "publish-$name" dotnet publish "$source/analyzers/src/PortfolioKit.Analyzers" -c Release -o "$target" \
    -p:TreatWarningsAsErrors=false
  # Markdig is a private asset of the analyzer project (the package project bundles it), so publish leaves it out.
  markdig="$(sed -n 's:.*Include="Markdig" Version="\([^"]*\)".*:\1:p' "$source/Directory.Packages.props")"
  cp "${NUGET_PACKAGES:-$HOME/.nuget/packages}/markdig/$markdig/lib/netstandard2.0/Markdig.dll" "$target/"
}
say "Building the analyzers and the profiler"
sets=()
if [ -n "$baseline" ]; then
  mkdir -p "$work/baseline-source"
  git -C "$root" archive --format=tar "$baseline" | tar -x -C "$work/baseline-source"
  publish_analyzers "$work/baseline-source" "$work/sets/baseline" baseline
  label="${baseline//[^A-Za-z0-9._-]/-}"
  sets+=(--analyzers "$label=$work/sets/baseline/PortfolioKit.Analyzers.dll")
fi
publish_analyzers "$root" "$work/sets/work" work
sets+=(--analyzers "work=$work/sets/work/PortfolioKit.Analyzers.dll")
if $meziantou; then
  dll="$(grep -o '/analyzer:[^ ]*/Meziantou\.Analyzer\.dll' "$build_log" | head -n 1 | cut -d: -f2)"
  [ -n "$dll" ] || die "the build log names no Meziantou.Analyzer.dll"
  sets+=(--analyzers "meziantou=$dll")
fi
run_logged profiler-build dotnet build "$root/bench/analyzers/profile" -c Release -o "$work/profiler"

say "Profiling ($runs runs per set; load average $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet "$work/profiler/AnalyzerProfile.dll" --log "$build_log" --runs "$runs" --diagnostics "$results/diagnostics" "${fresh[@]}" "${sets[@]}"
if [ -n "$baseline" ]; then
  if diff -q "$results/diagnostics/$label.txt" "$results/diagnostics/work.txt" >/dev/null; then
    say "Same diagnostics from $baseline and the work tree"
  else
    diff "$results/diagnostics/$label.txt" "$results/diagnostics/work.txt" | head -n 40 >&2
    die "the work tree reports other diagnostics than $baseline on BenchShop"
  fi
fi
say "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
