#!/usr/bin/env bash
# Builds the packages from source, installs the templates into an isolated template store, generates a sample
# portfolio project and starts it on localhost with its embedded defaults (SQLite, no other infrastructure).
#
#   ./eng/demo.sh [project-name]        (default: Acme.Orders; PORT=5080 to choose the port)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:-Acme.Orders}"
port="${PORT:-5080}"
demo="$root/artifacts/demo"
hive="$demo/template-store"
project="$demo/$name"

packages="${PK_PACKAGES:-$root/artifacts/packages}"
if [ -n "${PK_PACKAGES:-}" ]; then
  # eng/test.sh has just packed this working tree: its test of this script reuses those packages.
  echo "==> Using the packages in $packages"
else
  echo "==> Building the packages from source"
  mkdir -p "$root/artifacts"
  pack_log="$root/artifacts/build-packages.log"
  if ! "$root/eng/build-packages.sh" >"$pack_log" 2>&1; then
    cat "$pack_log" >&2
    echo "eng/demo.sh: building the packages failed (full log: $pack_log)" >&2
    exit 1
  fi
fi
package="$(ls -1 "$packages"/PortfolioKit.Templates.*.nupkg | sort -V | tail -n 1)"

echo "==> Installing $(basename "$package") into an isolated template store ($hive)"
rm -rf "$hive" "$project"
dotnet new install "$package" --debug:custom-hive "$hive" >/dev/null

echo "==> Generating '$name' in $project"
dotnet new backend-portfolio --name "$name" --output "$project" --debug:custom-hive "$hive" --no-update-check --no-restore

echo "==> Building (PortfolioKit.Analyzers comes from the package just built, not from a cached copy)"
if [ -z "${PK_PACKAGES:-}" ]; then
  # (eng/test.sh clears the cached copy itself, once, before anything restores: others may be building from it.)
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/portfoliokit.analyzers/$(basename "$package" .nupkg | sed 's/^PortfolioKit\.Templates\.//')"
fi
dotnet build "$project" -nologo -v:q -warnaserror -p:RestoreAdditionalProjectSources="$packages"

cat <<INFO

==> Starting $name with its embedded defaults (SQLite under src/Api/data). Press Ctrl+C to stop.
    API reference:     http://localhost:$port/docs
    OpenAPI document:  http://localhost:$port/openapi/v1.json
    Products:          http://localhost:$port/api/products
    Health:            http://localhost:$port/health/ready
    Project folder:    $project

INFO
cd "$project/src/Api"
ASPNETCORE_ENVIRONMENT=Development exec dotnet run --no-build --no-launch-profile --urls "http://localhost:$port"
