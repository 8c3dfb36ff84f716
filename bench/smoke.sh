#!/usr/bin/env bash
# Runs every benchmark's smoke mode (bench/*/run.sh --smoke), one after another, and fails if any fails. A smoke run
# checks that the whole pipeline of a benchmark still works; it asserts no timing and writes nothing into the
# repository. CI's benchmark job runs this; `./eng/test.sh --bench-smoke` runs it beside the tests.
#
#   bench/smoke.sh
#
# The benchmarks pack the committed sources once between them: PK_BENCH_PACKAGES, when it holds a pack of HEAD
# (eng/test.sh sets it), else one pack made here.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_name="bench-smoke"
# shellcheck source=bench/lib/common.sh
. "$root/bench/lib/common.sh"
cd "$root"

# One pack for all of them, the way each benchmark packs on its own (bench_pack_packages): PK_BENCH_PACKAGES when it
# holds this revision, else the committed sources packed into the scratch folder.
bench_scratch
bench_pack_packages "$root"
echo "$revision" >"$packages/revision"
export PK_BENCH_PACKAGES="$packages"

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
