#!/usr/bin/env bash
# The steps of a release that are worth running before a tag as well as in .github/workflows/release.yml.
#
#   eng/release.sh version             the version both packages get (eng/Versions.props, as MSBuild computes it)
#   eng/release.sh check-tag TAG       fails unless TAG is "v" + that version
#   eng/release.sh baseline            the newest stable version below it that nuget.org has for both packages: the
#                                      package validation baseline (prints nothing before the first release)
#   eng/release.sh notes               the CHANGELOG.md section of that version (fails when there is none)
#   eng/release.sh check-packages      checks artifacts/packages after eng/build-packages.sh: both .nupkg files and the
#                                      analyzer .snupkg at that version, PDBs only in the .snupkg and one for each
#                                      assembly, every package stamped with this commit (SourceLink's metadata), and
#                                      every template referencing the analyzer package of that same version
#
# PK_NUGET_FLAT_CONTAINER overrides nuget.org's package index (https://api.nuget.org/v3-flatcontainer), for a mirror
# or a test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages="$root/artifacts/packages"
flat_container="${PK_NUGET_FLAT_CONTAINER:-https://api.nuget.org/v3-flatcontainer}"
package_ids=(PortfolioKit.Templates PortfolioKit.Analyzers)

die() { echo "eng/release.sh: $*" >&2; exit 1; }

version() {
  dotnet msbuild "$root/templates/PortfolioKit.Templates.csproj" -getProperty:PackageVersion -nologo
}

check_tag() {
  local tag="${1:?check-tag needs the tag}" expected
  expected="v$(version)"
  [ "$tag" = "$expected" ] ||
    die "tag $tag does not match eng/Versions.props ($expected): bump the version there first, or tag $expected"
  echo "$tag matches eng/Versions.props"
}

# Reads each package's version list from the flat container index (a package never pushed has none) and prints the
# highest stable version below $1 that all of them have.
baseline() {
  python3 - "$1" "$flat_container" "${package_ids[@]}" <<'PY'
import json, re, sys, urllib.error, urllib.request

current, index, ids = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3:]
STABLE = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")

def key(version):
    match = STABLE.match(version.split("+")[0])
    return tuple(int(part) for part in match.groups()) if match else None

def published(package_id):
    url = f"{index}/{package_id.lower()}/index.json"
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return set(json.load(response)["versions"])
    except urllib.error.HTTPError as error:
        if error.code == 404:  # never pushed
            return set()
        raise

below = key(current.split("-")[0])
if below is None:
    sys.exit(f"eng/release.sh: '{current}' is not a SemVer version")
# A prerelease (1.2.0-beta.1) is compared with the stable versions below its own number, like 1.2.0 itself.
common = set.intersection(*(published(package_id) for package_id in ids))
candidates = [v for v in common if key(v) is not None and key(v) < below]
if candidates:
    print(max(candidates, key=key))
PY
}

notes() {
  local version="$1"
  python3 - "$root/CHANGELOG.md" "$version" <<'PY'
import re, sys

text = open(sys.argv[1], encoding="utf-8").read()
version = sys.argv[2]
heading = re.compile(r"^## \[(?P<name>[^\]]+)\].*$", re.MULTILINE)
sections = list(heading.finditer(text))
for index, match in enumerate(sections):
    if match.group("name") == version:
        end = sections[index + 1].start() if index + 1 < len(sections) else len(text)
        body = text[match.end():end].strip()
        if not body:
            break
        print(body)
        sys.exit(0)
sys.exit(f"eng/release.sh: CHANGELOG.md has no section '## [{version}]' with content: move the [Unreleased] entries "
         f"under it before tagging")
PY
}

check_packages() {
  local version="$1" commit failed=0 id file
  commit="$(git -C "$root" rev-parse HEAD)"
  fail() { echo "FAIL $*"; failed=1; }
  for id in "${package_ids[@]}"; do
    file="$packages/$id.$version.nupkg"
    if [ ! -f "$file" ]; then fail "missing $file"; continue; fi
    unzip -p "$file" "$id.nuspec" | grep -q "<repository type=\"git\" url=\"[^\"]*\" commit=\"$commit\"" ||
      fail "$id: the nuspec's repository element does not name commit $commit"
    ! unzip -Z1 "$file" | grep -qi '\.pdb$' || fail "$id: the .nupkg carries PDBs (they belong in the .snupkg)"
  done
  file="$packages/PortfolioKit.Analyzers.$version.snupkg"
  if [ ! -f "$file" ]; then
    fail "missing $file"
  else
    local assemblies pdbs
    assemblies="$(unzip -Z1 "$packages/PortfolioKit.Analyzers.$version.nupkg" 2>/dev/null | sed -n 's/\.dll$//p' | sort)"
    pdbs="$(unzip -Z1 "$file" | sed -n 's/\.pdb$//p' | sort)"
    if [ -z "$pdbs" ] || [ "$assemblies" != "$pdbs" ]; then
      fail "the .snupkg's PDBs ($(echo "$pdbs" | xargs)) do not match the .nupkg's assemblies ($(echo "$assemblies" | xargs))"
    fi
    unzip -p "$file" PortfolioKit.Analyzers.nuspec | grep -q '<packageType name="SymbolsPackage"' ||
      fail "the .snupkg is not typed SymbolsPackage"
  fi
  # Generated projects must reference the analyzer package of this very release.
  file="$packages/PortfolioKit.Templates.$version.nupkg"
  if [ -f "$file" ]; then
    local references
    references="$(unzip -Z1 "$file" | grep '/Directory.Packages.props$' | while read -r props; do
      unzip -p "$file" "$props" | grep -o '<GlobalPackageReference Include="PortfolioKit.Analyzers" Version="[^"]*"' |
        sed "s|.*Version=\"\(.*\)\"|$props: \1|"
    done)"
    [ -n "$references" ] || fail "no template references PortfolioKit.Analyzers"
    if grep -v ": $version\$" <<<"$references" | grep -q .; then
      fail "templates reference another PortfolioKit.Analyzers than $version: $(grep -v ": $version\$" <<<"$references" | xargs)"
    fi
  fi
  [ "$failed" -eq 0 ] || exit 1
  echo "Packages of $version check out: ${package_ids[*]} and the analyzer symbols, built from $commit"
}

case "${1:-}" in
  version) version ;;
  check-tag) check_tag "${2:-}" ;;
  baseline) baseline "$(version)" ;;
  notes) notes "$(version)" ;;
  check-packages) check_packages "$(version)" ;;
  *) sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
