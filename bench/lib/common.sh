# shellcheck shell=bash
# Shell pieces shared by the API benchmark (bench/api/run.sh), the paging benchmark (bench/paging/run.sh), the queue
# benchmark (bench/queue/run.sh) and the scale benchmark (bench/scale/run.sh); the last two also share
# bench/lib/orders.sh.
# Source it after `set -euo pipefail`, with bench_name set (it prefixes error messages and names the scratch folder);
# it sets $bench (this folder's parent) and $root (the repository) unless the script did.
#
#   bench_options SCRIPT OPTION[=VARIABLE]... -- ARG...   parses a command line: --smoke, --keep, -h/--help and
#                                  --OPTION N for each OPTION given (a positive whole number, into VARIABLE, by default
#                                  the option's name); sets $smoke, $keep and $command_line
#   bench_tools TOOL...            installs missing tools from Debian's packages (as root), else says how
#   bench_scratch                  makes $work, $logs and $results; the EXIT trap stops the started apps and
#                                  removes $work unless keep=true
#   run_logged NAME COMMAND...     runs COMMAND with its output in $logs/NAME.log; on failure shows its end and stops
#   bench_pack_template ROOT       packs the committed sources of ROOT (git archive HEAD) into $work/source, or
#                                  takes PK_BENCH_PACKAGES when eng/test.sh packed the same revision already, and
#                                  installs the template package into the isolated store $hive
#   bench_pack_packages ROOT       packs the committed sources of ROOT (git archive HEAD) into $work/source, or takes
#                                  PK_BENCH_PACKAGES when eng/test.sh packed the same revision; sets $packages (the
#                                  folder of the .nupkg files) and $revision, and drops the cached
#                                  PortfolioKit.Analyzers of that version (bench/analyzers/run.sh)
#   bench_generate LOG DIR OPTION...  dotnet new backend-portfolio --name Acme.Orders into DIR from $hive
#   bench_generate_template TEMPLATE NAME LOG DIR OPTION...  the same for another template of the package and name
#   bench_start NAME BIN DLL URL-PATH VAR=VALUE...   starts `dotnet DLL` in BIN on a free loopback port
#                                  (${port[NAME]}, ${pid[NAME]}) with the variables given, in Production, and waits
#                                  until URL-PATH answers
#   bench_stop NAME                stops it
#   bench_wrk NAME URL-PATH SECONDS CONNECTIONS [SCRIPT-ARGS...]   one wrk run with bench/lib/bench.lua; prints
#                                  its JSON figures with the server's CPU time in milliseconds prepended
#   bench_docs_target              sets $docs and $out: where the report goes (a scratch copy with smoke=true)
#   bench_meta FILE KEY=VALUE...   writes meta.json: date, machine, load averages ($load_before and now), tools, and
#                                  the KEY=VALUE pairs given (values that are whole numbers are written as numbers)

bench_lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The benchmarks' folder and the repository, for a script that does not set them itself.
bench="${bench:-$(cd "$bench_lib/.." && pwd)}"
root="${root:-$(cd "$bench/.." && pwd)}"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
declare -A pid=() port=()

say() { printf '==> %s\n' "$*"; }
die() { printf '%s: %s\n' "${bench_name:-bench}" "$*" >&2; exit 1; }

# The script's header comment (from the second line to `set -euo pipefail`) is its --help.
bench_usage() { sed -n '2,/^set -euo pipefail$/p' "$1" | sed -e '$d' -e 's/^# \{0,1\}//'; }

bench_options() {
  local script="$1" option value spec variable
  local -A variables=()
  shift
  while [ "$1" != -- ]; do
    spec="$1" variables[${spec%%=*}]="${spec#*=}"
    shift
  done
  shift
  smoke=false keep=false
  # As published: with the options that change figures (--keep does not).
  command_line="${script#"$root"/}"
  while [ $# -gt 0 ]; do
    option="$1" value=""
    case "$option" in
      --smoke) smoke=true ;;
      --keep) keep=true ;;
      -h | --help) bench_usage "$script"; exit 0 ;;
      *)
        variable="${variables[${option#--}]:-}"
        [[ "$option" == --* && -n "$variable" ]] || { bench_usage "$script" >&2; die "unknown option '$option'"; }
        value="${2:?$option needs a value}"
        [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "$option needs a positive whole number, not '$value'"
        printf -v "$variable" '%s' "$value"
        shift ;;
    esac
    [ "$option" = --keep ] || command_line+=" $option${value:+ $value}"
    shift
  done
}

bench_tools() {
  local missing=() tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}: run 'apt-get install ${missing[*]}' as root"
    say "Installing ${missing[*]} from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v python3 >/dev/null 2>&1 || die "python3 is needed to write the report"
}

bench_scratch() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/portfoliokit-${bench_name:-bench}.XXXXXX")"
  logs="$work/logs" results="$work/results"
  mkdir -p "$logs" "$results"
  trap bench_cleanup EXIT
}

# The EXIT trap: a script may define bench_before_cleanup (dropping databases, say), which runs first.
bench_cleanup() {
  local status=$? target
  if declare -F bench_before_cleanup >/dev/null; then bench_before_cleanup || true; fi
  for target in "${!pid[@]}"; do
    kill "${pid[$target]}" 2>/dev/null && wait "${pid[$target]}" 2>/dev/null
  done
  if ${keep:-false}; then
    echo "${bench_name:-bench}: scratch folder kept: $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}

run_logged() {
  local name="$1"
  shift
  if ! "$@" >"$logs/$name.log" 2>&1; then
    tail -n 40 "$logs/$name.log" >&2
    die "$name failed (command: $*)"
  fi
}

bench_pack_template() {
  local root="$1" package version
  revision="$(git -C "$root" rev-parse --short HEAD)"
  if [ -n "${PK_BENCH_PACKAGES:-}" ] && [ "$(cat "$PK_BENCH_PACKAGES/revision" 2>/dev/null)" = "$revision" ]; then
    # eng/test.sh packed this revision once for every benchmark it runs (and dropped the cached analyzers package).
    export RestoreAdditionalProjectSources="$PK_BENCH_PACKAGES"
  else
    mkdir "$work/source"
    git -C "$root" archive --format=tar HEAD | tar -x -C "$work/source"
    run_logged pack "$work/source/eng/build-packages.sh"
    # The generated projects reference a package of this repository (PortfolioKit.Analyzers) that only exists there;
    # MSBuild reads this property from the environment, in every restore, dotnet new's included.
    export RestoreAdditionalProjectSources="$work/source/artifacts/packages"
    package="$(printf '%s\n' "$RestoreAdditionalProjectSources"/PortfolioKit.Templates.*.nupkg | sort -V | tail -n 1)"
    # Locally built packages keep their version from build to build: drop the cached PortfolioKit.Analyzers, so that
    # restores take the one just built (as eng/demo.sh does).
    version="$(basename "$package" .nupkg)" version="${version#PortfolioKit.Templates.}"
    rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/portfoliokit.analyzers/$version"
  fi
  package="$(printf '%s\n' "$RestoreAdditionalProjectSources"/PortfolioKit.Templates.*.nupkg | sort -V | tail -n 1)"
  hive="$work/template-store"
  run_logged install dotnet new install "$package" --debug:custom-hive "$hive"
}

bench_pack_packages() {
  local root="$1" version
  revision="$(git -C "$root" rev-parse --short HEAD)"
  if [ -n "${PK_BENCH_PACKAGES:-}" ] && [ "$(cat "$PK_BENCH_PACKAGES/revision" 2>/dev/null)" = "$revision" ]; then
    packages="$PK_BENCH_PACKAGES"
  else
    mkdir -p "$work/source"
    git -C "$root" archive --format=tar HEAD | tar -x -C "$work/source"
    run_logged pack "$work/source/eng/build-packages.sh"
    packages="$work/source/artifacts/packages"
  fi
  version="$(printf '%s\n' "$packages"/PortfolioKit.Analyzers.*.nupkg | sort -V | tail -n 1)"
  version="$(basename "$version" .nupkg)" version="${version#PortfolioKit.Analyzers.}"
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/portfoliokit.analyzers/$version"
}

bench_generate() { bench_generate_template backend-portfolio Acme.Orders "$@"; }

bench_generate_template() {
  local template="$1" project="$2" name="$3" output="$4"
  shift 4
  run_logged "$name" dotnet new "$template" --name "$project" --output "$output" \
    --debug:custom-hive "$hive" --no-update-check --no-restore "$@"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
vm() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }  # vm PID VmRSS|VmHWM -> KiB
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }  # user + system time, in clock ticks
clock_ticks_per_s="$(getconf CLK_TCK)"

bench_start() {
  local target="$1" bin="$2" dll="$3" ready="$4"
  shift 4
  port[$target]="$(free_port)"
  # exec: the recorded pid is the application itself, whose memory and CPU time are read from /proc.
  (cd "$bin" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:${port[$target]}" \
    "$@" dotnet "$dll") >"$logs/$target.log" 2>&1 &
  pid[$target]=$!
  local deadline=$((SECONDS + 60))
  until curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:${port[$target]}$ready" 2>/dev/null; do
    if ! kill -0 "${pid[$target]}" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 40 "$logs/$target.log" >&2
      die "$target did not answer $ready"
    fi
    sleep 0.2
  done
}

bench_stop() {
  kill "${pid[$1]}" 2>/dev/null || true
  wait "${pid[$1]}" 2>/dev/null || true
  unset "pid[$1]"
}

# Fails unless METHOD PATH answers the expected status: the benchmarks only measure endpoints that work. A first
# request compiles the EF Core model and JITs the path, which takes seconds on a busy shared machine.
expect() {
  local target="$1" expected="$2" method="$3" path="$4" body="${5:-}" status
  status="$(curl -sS --max-time 60 -o /dev/null -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' \
    ${body:+--data "$body"} "http://127.0.0.1:${port[$target]}$path")"
  [ "$status" = "$expected" ] || die "$target: $method $path answered $status, expected $expected"
}

bench_wrk() {
  local target="$1" path="$2" seconds="$3" connections="$4" output cpu_before
  shift 4
  cpu_before="$(cpu_ticks "${pid[$target]}")"
  local args=(-t1 -c"$connections" -d"${seconds}s" --timeout 5s -s "$bench_lib/bench.lua"
    "http://127.0.0.1:${port[$target]}$path")
  [ $# -eq 0 ] || args+=(-- "$@")
  output="$(wrk "${args[@]}")" || die "wrk failed on $target $path"
  printf '"server_cpu_ms":%d,%s\n' "$((($(cpu_ticks "${pid[$target]}") - cpu_before) * 1000 / clock_ticks_per_s))" \
    "$(tail -n 1 <<<"$output" | cut -c2-)"
}

# Sets $docs, the page the report rewrites, and $out, the folder of its raw figures: the repository's, or with
# smoke=true a copy of the page in the scratch folder (so that rewriting a section is checked too, and the
# repository is left as it is).
bench_docs_target() {
  if ${smoke:-false}; then
    docs="$work/report/benchmarks.md"
    mkdir -p "$work/report"
    [ ! -f "$root/docs/benchmarks.md" ] || cp "$root/docs/benchmarks.md" "$docs"
  else
    docs="$root/docs/benchmarks.md"
  fi
  # shellcheck disable=SC2034 # for the script that sources this file
  out="$(dirname "$docs")/benchmarks"
}

bench_meta() {
  local file="$1"
  shift
  SDK="$(dotnet --version)" RUNTIME="$(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App 10\./ { v = $2 } END { print v }')" \
    WRK="$(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }')" LOAD_BEFORE="$load_before" \
    python3 - "$file" "$@" <<'PY'
import datetime, json, os, sys
cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown CPU")
memory_gib = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))) / 2**20
env = os.environ
meta = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "machine": f"{os.cpu_count()} cores ({cpu}), {memory_gib:.0f} GiB, Linux {os.uname().release}",
    "load_before": env["LOAD_BEFORE"], "load_after": " ".join(open("/proc/loadavg").read().split()[:3]),
    "sdk": env["SDK"], "runtime": env["RUNTIME"], "wrk": env["WRK"],
}
for pair in sys.argv[2:]:
    key, value = pair.split("=", 1)
    meta[key] = int(value) if value.isdigit() else value
json.dump(meta, open(sys.argv[1], "w"), indent=2)
PY
}
