#!/usr/bin/env bash
# Runs every benchmark's smoke mode (bench/*/run.sh --smoke), one after another, and fails if any fails. A smoke run
# checks that the whole pipeline of a benchmark still works; it asserts no timing and writes nothing into the
# repository. CI's benchmark job runs this; `./eng/test.sh --bench-smoke` runs it beside the tests.
#
#   bench/smoke.sh
#
# The benchmarks pack the committed sources once between them: PK_BENCH_PACKAGES, when it holds a pack of HEAD
# (eng/test.sh sets it), else the first one packs and the others reuse that pack.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

revision="$(git rev-parse --short HEAD)"
if [ -z "${PK_BENCH_PACKAGES:-}" ] || [ "$(cat "$PK_BENCH_PACKAGES/revision" 2>/dev/null)" != "$revision" ]; then
  echo "==> Packing the committed sources ($revision) for the benchmarks"
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  git archive HEAD | tar -x -C "$scratch"
  "$scratch/eng/build-packages.sh" >/dev/null
  export PK_BENCH_PACKAGES="$scratch/artifacts/packages"
  echo "$revision" >"$PK_BENCH_PACKAGES/revision"
  # Locally built packages keep their version from build to build: drop the cached PortfolioKit.Analyzers, so that
  # the benchmarks' restores take the one just built.
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/portfoliokit.analyzers"
fi

failed=()
for script in bench/*/run.sh; do
  echo "==> $script --smoke"
  if ! "$script" --smoke; then
    failed+=("$script")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "Benchmark smoke runs failed: ${failed[*]}" >&2
  exit 1
fi
echo "==> Every benchmark's smoke run passed"
