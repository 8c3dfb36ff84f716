#!/usr/bin/env bash
# One "time to green" of bench/api/run.sh: from an empty folder to a passing `dotnet test`, the way a user gets there.
# hyperfine times it; the output goes to DIR.log so that a failure can be shown.
#
#   time-to-green.sh [--no-test] generated DIR HIVE   dotnet new backend-portfolio (from the isolated template
#                                                     store HIVE), then dotnet test of the generated solution
#   time-to-green.sh [--no-test] webapi DIR           dotnet new webapi + dotnet new xunit + a reference from the
#                                                     tests to the API, then dotnet test of the tests
# --no-test stops after the `dotnet new` steps (and their restore): run.sh --smoke checks the commands that way.
set -euo pipefail
test=true
if [ "${1:-}" = --no-test ]; then
  test=false
  shift
fi
kind="$1" dir="$2"
exec >"$dir.log" 2>&1

case "$kind" in
  generated)
    dotnet new backend-portfolio --name Acme.Orders --output "$dir" --debug:custom-hive "$3" --no-update-check
    ! $test || dotnet test "$dir" -nologo
    ;;
  webapi)
    dotnet new webapi --name Web --output "$dir/src/Web"
    dotnet new xunit --name Web.Tests --output "$dir/tests/Web.Tests"
    dotnet add "$dir/tests/Web.Tests" reference "$dir/src/Web"
    ! $test || dotnet test "$dir/tests/Web.Tests" -nologo
    ;;
  *)
    echo "unknown kind '$kind' (generated or webapi)" >&2
    exit 2
    ;;
esac
