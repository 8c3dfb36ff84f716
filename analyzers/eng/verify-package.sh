#!/usr/bin/env bash
# End-to-end check of the packed PortfolioKit.Analyzers package in a fresh `dotnet new web` project:
#   1. the package's diagnostics appear in `dotnet build`;
#   2. PortfolioKitAnalysisMode=none silences them;
#   3. `dotnet format analyzers` applies a code fix (PK3002: Results -> TypedResults).
# The release workflow runs it with --no-pack on the very package it then publishes (artifacts/packages); the test
# suite covers the rules themselves, this covers the package as a user installs it.
# Usage: analyzers/eng/verify-package.sh [--no-pack]
# Prints "N passed, N failed" and exits non-zero when a check fails.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
packages="$repo/artifacts/packages"
work="$(mktemp -d /tmp/portfoliokit-e2e.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# An isolated package cache, so that a package rebuilt with the same version is never served stale.
export NUGET_PACKAGES="$work/nuget-packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ "${1:-}" != "--no-pack" ]]; then
  dotnet pack "$repo/analyzers/src/PortfolioKit.Analyzers.Package" -c Release -v quiet -nologo >/dev/null
fi
# As MSBuild computes it, so that a prerelease suffix (VersionSuffix) counts too.
version="$(dotnet msbuild "$repo/analyzers/src/PortfolioKit.Analyzers.Package" -getProperty:PackageVersion -nologo)"
test -f "$packages/PortfolioKit.Analyzers.$version.nupkg" || { echo "missing $packages/PortfolioKit.Analyzers.$version.nupkg"; exit 1; }

passed=0; failed=0
check() { # name, command...
  local name="$1"; shift
  if "$@"; then echo "PASS $name"; passed=$((passed + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}

cd "$work"
dotnet new web -n Shop -o Shop --no-restore >/dev/null
cd Shop
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="portfoliokit" value="$packages" />
  </packageSources>
</configuration>
XML
# A fresh folder outside the repository: the repository's Directory.Build.props must not apply.
cat > Program.cs <<'CS'
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/ping", () => Results.Ok("pong"));
app.MapGet("/slow", async (CancellationToken ct) =>
{
    Thread.Sleep(100);
    await Task.Yield();
    return DateTime.UtcNow;
});

app.Run();
CS
dotnet add package PortfolioKit.Analyzers --version "$version" >/dev/null

build_log="$work/build.log"
dotnet build -nologo -v quiet -consoleLoggerParameters:NoSummary >"$build_log" 2>&1 || true
has() { grep -q "$1" "$build_log"; }
check "PK5003 (no health checks) reported by dotnet build" has "warning PK5003"
check "PK1002 (Thread.Sleep in async lambda) reported" has "warning PK1002"
check "PK3002 (Results.*) is a suggestion, not a build warning, in the recommended preset" bash -c "! grep -q 'warning PK3002' '$build_log'"

dotnet build -nologo -v quiet -consoleLoggerParameters:NoSummary -p:PortfolioKitAnalysisMode=strict --no-incremental >"$build_log" 2>&1 || true
check "strict preset raises PK3002 to a warning" has "warning PK3002"

dotnet build -nologo -v quiet -consoleLoggerParameters:NoSummary -p:PortfolioKitAnalysisMode=none --no-incremental >"$build_log" 2>&1 || true
check "PortfolioKitAnalysisMode=none silences every PK diagnostic" bash -c "! grep -qE '(warning|error) PK[0-9]{4}' '$build_log'"

dotnet format analyzers --diagnostics PK3002 --severity info >/dev/null 2>&1 || true
check "dotnet format analyzers applies the PK3002 fix" grep -q 'TypedResults.Ok("pong")' Program.cs

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
