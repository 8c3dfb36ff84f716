#!/usr/bin/env bash
# Packs every NuGet package of this repository into artifacts/packages: PortfolioKit.Templates, and
# PortfolioKit.Analyzers with its symbol package (.snupkg). It is exactly `dotnet pack PortfolioKit.sln`: the solution
# holds both package projects, Directory.Build.props sets the output folder, and package validation runs after each
# pack. Extra arguments go to `dotnet pack` (the release workflow passes -p:PackageValidationBaselineVersion=...).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

dotnet pack "$root/PortfolioKit.sln" --configuration Release -nologo -v:q "$@"
ls -1 "$root"/artifacts/packages/*.nupkg "$root"/artifacts/packages/*.snupkg
