#!/usr/bin/env bash
# Benchmarks keyset paging of the generated list endpoint on 100,000 products, on each database engine, against the
# bare baseline (bench/api/baseline) doing the same query, in the same run on this machine, and publishes the figures.
#
#   bench/paging/run.sh [options]   full run (about 13 minutes on 2 idle cores); rewrites the paging section of
#                                   docs/benchmarks.md and docs/benchmarks/paging.json
#   bench/paging/run.sh --smoke     checks that the whole pipeline still works: 1,000 rows, 1 s wrk runs, a report
#                                   (SQLite only unless --engines is given)
#                                   written into the scratch folder only (the repository is left as it is); asserts
#                                   no timing
#
# Options (defaults in brackets):
#   --rows N           products seeded per engine [100000]
#   --engines LIST     comma-separated engines to measure [sqlite,postgres,mysql]
#   --rounds N         measured wrk rounds per page, engine and application [7]
#   --duration S       seconds of one wrk run [4]
#   --warmup S         seconds of the untimed wrk run per page, engine and application before the rounds [5]
#   --connections N    wrk connections [16]
#   --keep             keep the scratch folder (generated projects, logs, raw results) and print its path
#   -h, --help         this text
#
# What it does: packs the committed sources (git archive HEAD) as bench/api/run.sh does, and for each engine generates
# Acme.Orders with `--database ENGINE`, builds its API and the baseline (for that engine) in Release, creates a fresh
# database named pk_bench_paging with the generated `migrate` command, inserts the products in one SQL statement
# (ids 1..N), starts both applications on 127.0.0.1 in Production on that database and loads
# GET /api/products?limit=20 for page 1, a mid-table cursor (N/2) and a deep cursor (N-20) with wrk, generated and
# bare alternating. The database is dropped at the end.
# Servers: PostgreSQL and MariaDB from eng/services.sh (ports 55432 and 53306 on loopback, or PK_POSTGRES_PORT and
# PK_MARIADB_PORT). Servers already answering there (another work tree's, or those eng/test.sh started) are reused
# and left running; servers this script starts, it stops.
# Needs the .NET SDK, python3, curl, wrk, psql and the mariadb client (eng/services.sh installs MariaDB).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="$(cd "$here/.." && pwd)"
root="$(cd "$bench/.." && pwd)"
bench_name="bench-paging"
# shellcheck source=bench/lib/common.sh
. "$bench/lib/common.sh"

usage() { sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }

smoke=false keep=false engines_given=false
command_line="bench/paging/run.sh"  # as published: with the options that change figures (--keep does not)
rows=100000 engines=sqlite,postgres,mysql rounds=7 duration=4 warmup=5 connections=16
while [ $# -gt 0 ]; do
  option="$1" value=""
  case "$1" in
    --smoke) smoke=true ;;
    --rows) rows="${2:?--rows needs a value}" value="$2"; shift ;;
    --engines) engines="${2:?--engines needs a value}" value="$2" engines_given=true; shift ;;
    --rounds) rounds="${2:?--rounds needs a value}" value="$2"; shift ;;
    --duration) duration="${2:?--duration needs a value}" value="$2"; shift ;;
    --warmup) warmup="${2:?--warmup needs a value}" value="$2"; shift ;;
    --connections) connections="${2:?--connections needs a value}" value="$2"; shift ;;
    --keep) keep=true ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
  [ "$option" = --keep ] || command_line+=" $option${value:+ $value}"
  shift
done
if $smoke; then
  rows=1000 rounds=1 duration=1 warmup=0
  # Each engine is a generated solution of its own to build: CI's smoke run checks the pipeline on SQLite only, to stay
  # within its time budget; pass --engines to smoke the server engines too.
  $engines_given || engines=sqlite
fi
[ "$rows" -ge 100 ] || die "--rows must be at least 100"
IFS=, read -r -a engine_list <<<"$engines"
for engine in "${engine_list[@]}"; do
  case "$engine" in sqlite | postgres | mysql) ;; *) die "unknown engine '$engine' (sqlite, postgres or mysql)" ;; esac
done

started=$SECONDS
bench_tools wrk curl
bench_scratch

# ---- Database servers -----------------------------------------------------------------------------------------------
database=pk_bench_paging
pg_port="${PK_POSTGRES_PORT:-55432}" maria_port="${PK_MARIADB_PORT:-53306}"
pg_up() { pg_isready -q -h 127.0.0.1 -p "$pg_port" 2>/dev/null; }
maria_up() { mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$maria_port" -u root ping >/dev/null 2>&1; }
psql_on() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" "${@:2}"; }
mariadb_on() { mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$maria_port" -u root "$@"; }

needs_servers=false
for engine in "${engine_list[@]}"; do [ "$engine" = sqlite ] || needs_servers=true; done
started_services=false
if $needs_servers; then
  command -v psql >/dev/null 2>&1 || die "psql is needed (PostgreSQL's client)"
  if pg_up && maria_up; then
    say "Reusing the PostgreSQL (port $pg_port) and MariaDB (port $maria_port) servers already running"
  else
    # Stop them at the end only when neither was running: a server someone else started stays up.
    pg_up || maria_up || started_services=true
    say "Starting PostgreSQL and MariaDB on loopback (eng/services.sh)"
    run_logged services "$root/eng/services.sh" start
  fi
fi

drop_databases() {
  local engine
  for engine in "${engine_list[@]}"; do
    case "$engine" in
      postgres) pg_up && psql_on postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 ;;
      mysql) maria_up && mariadb_on -e "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 ;;
    esac
  done
  return 0
}
bench_before_cleanup() {
  local target
  for target in "${!pid[@]}"; do bench_stop "$target"; done
  drop_databases
  if $started_services; then "$root/eng/services.sh" stop >/dev/null 2>&1; fi
}

declare -A engine_option=([sqlite]=sqlite [postgres]=postgres [mysql]=mysql)
declare -A engine_property=([sqlite]=Sqlite [postgres]=Postgres [mysql]=MySql)
connection_string() {
  case "$1" in
    sqlite) echo "Data Source=$work/sqlite/$database.db" ;;
    postgres) echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database" ;;
    mysql) echo "Server=127.0.0.1;Port=$maria_port;User ID=root;Database=$database" ;;
  esac
}

# Inserts products 1..N in one statement (the generated `migrate` command has made the empty schema), then
# refreshes the planner's statistics, as a database that grew by normal use would have them.
seed() {
  local engine="$1"
  case "$engine" in
    sqlite)
      python3 - "$work/sqlite/$database.db" "$rows" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
INSERT INTO Products (Id, Sku, Name, UnitPrice, Version)
SELECT i, printf('SKU-%06d', i), printf('Product %d', i), (i % 1000) + 0.99, 0 FROM n""", (int(sys.argv[2]),))
db.commit()
db.execute("ANALYZE")
db.close()
PY
      ;;
    postgres)
      psql_on "$database" <<SQL
INSERT INTO "Products" ("Id", "Sku", "Name", "UnitPrice", "Version")
SELECT i, 'SKU-' || lpad(i::text, 6, '0'), 'Product ' || i, (i % 1000) + 0.99, 0 FROM generate_series(1, $rows) AS i;
SELECT setval(pg_get_serial_sequence('"Products"', 'Id'), $rows);
ANALYZE "Products";
SQL
      ;;
    mysql)
      # Six cross-joined digits count to a million with no recursion limit, on MySQL and MariaDB alike.
      mariadb_on "$database" <<SQL
INSERT INTO Products (Id, Sku, Name, UnitPrice, Version)
SELECT i, CONCAT('SKU-', LPAD(i, 6, '0')), CONCAT('Product ', i), (i % 1000) + 0.99, 0
FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d + 1 AS i
      FROM (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,
           (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b,
           (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c,
           (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) e,
           (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) f,
           (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) g) AS numbers
WHERE i <= $rows;
ANALYZE TABLE Products;
SQL
      ;;
  esac
}

count_rows() {
  case "$1" in
    sqlite) python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM Products").fetchone()[0])' "$work/sqlite/$database.db" ;;
    postgres) psql_on "$database" -At -c 'SELECT COUNT(*) FROM "Products"' ;;
    mysql) mariadb_on -N -B "$database" -e 'SELECT COUNT(*) FROM Products' ;;
  esac
}

# ---- Build ----------------------------------------------------------------------------------------------------------
bench_pack_template "$root"
declare -A bin=() dll=()
for engine in "${engine_list[@]}"; do
  say "Generating Acme.Orders --database ${engine_option[$engine]} (commit $revision) and building it and the baseline in Release"
  generated="$work/$engine/generated"
  bench_generate "generate-$engine" "$generated" --database "${engine_option[$engine]}"
  # Without analyzers (the template tests build with them, as errors): they do not change the compiled output, and
  # the builds are most of this script's time on a shared 2-core machine.
  run_logged "build-generated-$engine" dotnet build "$generated/src/Api" --configuration Release -nologo \
    -p:RunAnalyzers=false
  mkdir -p "$work/$engine/bare"
  cp "$bench"/api/baseline/*.* "$work/$engine/bare/"
  run_logged "build-bare-$engine" dotnet build "$work/$engine/bare" --configuration Release -nologo \
    -p:RunAnalyzers=false -p:GeneratedRoot="$generated" -p:DatabaseEngine="${engine_property[$engine]}"
  bin["generated-$engine"]="$generated/src/Api/bin/Release/net10.0" dll["generated-$engine"]=Acme.Orders.Api.dll
  bin["bare-$engine"]="$work/$engine/bare/bin/Release/net10.0" dll["bare-$engine"]=Bare.dll
done

# ---- Measure, one engine at a time ----------------------------------------------------------------------------------
declare -A path=([page1]="/api/products?limit=20" [mid]="/api/products?limit=20&cursor=$((rows / 2))"
  [deep]="/api/products?limit=20&cursor=$((rows - 20))")
pages=(page1 mid deep)

# The first and last ids of a page, and its next cursor: both applications must answer the same page.
page_summary() {
  curl -fsS --max-time 60 "http://127.0.0.1:${port[$1]}$2" | python3 -c '
import json, sys
page = json.load(sys.stdin)
ids = [item["id"] for item in page["items"]]
print(len(ids), ids[0] if ids else "-", ids[-1] if ids else "-", page.get("nextCursor"))'
}

# load ENGINE TARGET PAGE ROUND SECONDS: one wrk run; round 0 is the warm-up and is not recorded.
load() {
  local engine="$1" target="$2" page="$3" round="$4" seconds="$5" output
  output="$(bench_wrk "$target-$engine" "${path[$page]}" "$seconds" "$connections")"
  [ "$round" -eq 0 ] && return
  printf '{"engine":"%s","target":"%s","endpoint":"%s","round":%d,%s\n' "$engine" "$target" "$page" "$round" "$output" \
    >>"$results/wrk.jsonl"
}

for engine in "${engine_list[@]}"; do
  say "$engine: fresh database $database, migrated by the generated migrate command, $rows products"
  drop_databases
  mkdir -p "$work/sqlite"
  connection="$(connection_string "$engine")"
  (cd "${bin[generated-$engine]}" && run_logged "migrate-$engine" env ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__Database="$connection" dotnet Acme.Orders.Api.dll migrate)
  run_logged "seed-$engine" seed "$engine"
  [ "$(count_rows "$engine")" = "$rows" ] || die "$engine: the database does not hold $rows products"

  say "$engine: starting both applications on 127.0.0.1 in Production"
  bench_start "generated-$engine" "${bin[generated-$engine]}" "${dll[generated-$engine]}" /health/live \
    ConnectionStrings__Database="$connection" RateLimiting__PermitLimit=100000000
  bench_start "bare-$engine" "${bin[bare-$engine]}" "${dll[bare-$engine]}" /health/live \
    ConnectionStrings__Database="$connection"
  for page in "${pages[@]}"; do
    expected="$(page_summary "generated-$engine" "${path[$page]}")"
    [ "$(page_summary "bare-$engine" "${path[$page]}")" = "$expected" ] || die "$engine $page: the applications answer different pages"
    read -r count first _ <<<"$expected"
    if [ "$count" != 20 ] || [ "$first" = - ]; then die "$engine $page: expected 20 products, got: $expected"; fi
  done

  if [ "$warmup" -gt 0 ]; then
    say "$engine: warming up, ${warmup} s per page and application"
    for page in "${pages[@]}"; do
      for target in generated bare; do load "$engine" "$target" "$page" 0 "$warmup"; done
    done
  fi
  say "$engine: measuring, $rounds round(s) of ${duration} s per page and application, $connections connections"
  for round in $(seq 1 "$rounds"); do
    order=(generated bare)
    [ $((round % 2)) -eq 0 ] && order=(bare generated)
    for page in "${pages[@]}"; do
      for target in "${order[@]}"; do load "$engine" "$target" "$page" "$round" "$duration"; done
    done
  done
  bench_stop "generated-$engine"
  bench_stop "bare-$engine"
done
drop_databases

# ---- Report ---------------------------------------------------------------------------------------------------------
bench_docs_target
versions=""
$needs_servers && versions="$(psql_on postgres -At -c 'SHOW server_version' | cut -d' ' -f1) / $(mariadb_on -N -B -e 'SELECT VERSION()')"
bench_meta "$results/meta.json" command="$command_line" revision="$revision" rows="$rows" engines="$engines" \
  server_versions="$versions" rounds="$rounds" duration_s="$duration" warmup_s="$warmup" connections="$connections" \
  threads=1 mid_cursor="$((rows / 2))" deep_cursor="$((rows - 20))"
say "Results"
python3 "$here/report.py" "$results" --json "$out/paging.json" --docs "$docs"
if $smoke; then
  echo "bench-paging: smoke run passed in $((SECONDS - started)) s (no timing asserted)"
else
  echo "bench-paging: wrote docs/benchmarks.md and docs/benchmarks/paging.json in $((SECONDS - started)) s"
fi
