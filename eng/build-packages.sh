#!/usr/bin/env bash
# Packs every NuGet package of this repository into artifacts/packages.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/packages"
mkdir -p "$out"

dotnet pack "$root/templates/PortfolioKit.Templates.csproj" --configuration Release --output "$out" -nologo -v:q
if [ -f "$root/analyzers/src/PortfolioKit.Analyzers.Package/PortfolioKit.Analyzers.Package.csproj" ]; then
  dotnet pack "$root/analyzers/src/PortfolioKit.Analyzers.Package/PortfolioKit.Analyzers.Package.csproj" --configuration Release --output "$out" -nologo -v:q
fi
ls -1 "$out"/*.nupkg
