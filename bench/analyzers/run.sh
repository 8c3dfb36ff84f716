#!/usr/bin/env bash
# Analyzer performance benchmark.
# Generates a large minimal API + EF Core code base (bench/analyzers/generate.py), builds it with
# -p:ReportAnalyzer=true with the .NET SDK analyzers, Meziantou.Analyzer and PortfolioKit.Analyzers in the same
# build, and reports each analyzer set's execution time as a share of the compiler's time, plus PortfolioKit's
# and Meziantou's average time per rule. The full run also measures the wall-clock cost of adding PortfolioKit
# (build with vs. without the package) and records the figures in docs/benchmarks.md between the
# <!-- analyzers:begin --> and <!-- analyzers:end --> markers.
#
# Usage: bench/analyzers/run.sh [--smoke] [--modules N] [--no-pack]
#   --smoke   a small code base (12 modules, ~60 files), prints the figures, writes nothing; well under a minute
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
modules=700; smoke=false; pack=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=true; modules=12 ;;
    --modules) modules="$2"; shift ;;
    --no-pack) pack=false ;;
    *) echo "unknown argument $1"; exit 2 ;;
  esac
  shift
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work="$(mktemp -d /tmp/portfoliokit-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# An isolated package cache: a rebuilt package with an unchanged version must not be served from the cache.
export NUGET_PACKAGES="$work/nuget-packages"

version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$repo/eng/Versions.props")"
if $pack; then
  dotnet pack "$repo/analyzers/src/PortfolioKit.Analyzers.Package" -c Release -v quiet -nologo >/dev/null
fi

project="$work/Bench"
python3 "$repo/bench/analyzers/generate.py" "$project" "$modules"
sed "s/@VERSION@/$version/" "$repo/bench/analyzers/Bench.csproj.template" > "$project/Bench.csproj"
cat > "$project/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="portfoliokit" value="$repo/artifacts/packages" />
  </packageSources>
</configuration>
XML
files=$(find "$project" -name '*.cs' | wc -l)
cd "$project"
dotnet restore -v quiet >/dev/null

log="$work/report.log"
start=$(date +%s.%N)
dotnet build --no-restore --no-incremental -c Release -v:d -p:ReportAnalyzer=true -clp:PerformanceSummary > "$log" 2>&1 || { tail -30 "$log"; exit 1; }
end=$(date +%s.%N)
full_wall=$(python3 -c "print(round($end - $start, 1))")

without_wall=""
if ! $smoke; then
  dotnet restore -v quiet -p:WithPortfolioKit=false >/dev/null
  start=$(date +%s.%N)
  dotnet build --no-restore --no-incremental -c Release -v:q -p:WithPortfolioKit=false > /dev/null 2>&1
  end=$(date +%s.%N)
  without_wall=$(python3 -c "print(round($end - $start, 1))")
  dotnet restore -v quiet >/dev/null
  start=$(date +%s.%N)
  dotnet build --no-restore --no-incremental -c Release -v:q > /dev/null 2>&1
  end=$(date +%s.%N)
  full_wall=$(python3 -c "print(round($end - $start, 1))")
fi

cp "$log" /tmp/portfoliokit-bench-last.log
python3 "$repo/bench/analyzers/report.py" "$log" "$files" "$modules" "$full_wall" "$without_wall" "$smoke" "$repo/docs/benchmarks.md"
