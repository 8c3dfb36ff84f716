# shellcheck shell=bash
# Sourced by bench/analyzers/run.sh and profile.sh after bench/lib/common.sh (bench_scratch has set $work).

# benchshop_generate MODULES SERVICES: packs the committed sources, generates the BenchShop repository
# (bench/analyzers/generate.py) in $work/BenchShop with a nuget.config that restores PortfolioKit.Analyzers from that
# pack, and restores it. Sets $project. An isolated package cache: a rebuilt package with an unchanged version must
# not come from another cache.
benchshop_generate() {
  local modules="$1" services="$2" version
  export NUGET_PACKAGES="$work/nuget-packages"
  say "Packing the committed sources"
  bench_pack_packages "$root"
  version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$root/eng/Versions.props")"
  project="$work/BenchShop"
  python3 "$root/bench/analyzers/generate.py" "$project" "$modules" "$services" "$version"
  printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><add key="portfoliokit" value="%s" /></packageSources></configuration>\n' \
    "$packages" > "$project/nuget.config"
  run_logged restore dotnet restore "$project/BenchShop.slnx"
}
