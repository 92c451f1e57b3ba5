#!/usr/bin/env bash
# The surge benchmark, every variant, on SQLite and PostgreSQL (issue 15).
#
# Builds imigrasi-loadgen in release mode, then runs, for each database:
#   --reference health, --reference sql, --engine direct, --engine grouped
# with (a) a sold-out mix (REQUESTS requests for SOLD_OUT_CAPACITY places)
# and (b) as many places as requests, at CONCURRENCY clients; plus
# --processes 2 with the grouped engine on PostgreSQL. Each run gets a fresh
# database. The JSON lines go to bench/surge-results.jsonl and a table of
# the figures and ratios replaces the part of docs/benchmarks.md between
# <!-- surge:begin --> and <!-- surge:end -->.
#
#   bench/surge.sh                      # from the repository root
#   PG_URL=postgres://postgres@127.0.0.1:5432 REQUESTS=4000 bench/surge.sh
#
# Needs psql (to create and drop the databases) and python3 (the table).
set -euo pipefail

cd "$(dirname "$0")/.."
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
REQUESTS=${REQUESTS:-4000}
SOLD_OUT_CAPACITY=${SOLD_OUT_CAPACITY:-500}
CONCURRENCY=${CONCURRENCY:-256}
MAX_CONNECTIONS=${MAX_CONNECTIONS:-20}
RESULTS=${RESULTS:-bench/surge-results.jsonl}
DOC=${DOC:-docs/benchmarks.md}

cargo build --release --locked -p imigrasi-loadgen >&2
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
LOADGEN="$TARGET_DIR/release/imigrasi-loadgen"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
: >"$RESULTS"
n=0
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# run DATABASE(sqlite|postgres) ARGS...: one run on a fresh database; its
# JSON line is appended to $RESULTS (also when a check failed).
run() {
  local kind=$1
  shift
  n=$((n + 1))
  local url db=""
  if [ "$kind" = postgres ]; then
    db="bench_surge_$$_$n"
    psql "$PG_URL/postgres" -qc "CREATE DATABASE $db" >/dev/null
    url="$PG_URL/$db"
  else
    mkdir -p "$WORK/$n"
    url="sqlite://$WORK/$n/bench.db"
  fi
  echo "== $kind $*" >&2
  local line status=0
  line=$("$LOADGEN" --database-url "$url" --concurrency "$CONCURRENCY" \
    --max-connections "$MAX_CONNECTIONS" --json "$@" 2>"$WORK/stderr") || status=$?
  if [ -n "$line" ]; then
    echo "$line" >>"$RESULTS"
    echo "$line" >&2
  fi
  if [ "$status" -ne 0 ]; then
    echo "!! exit $status" >&2
    tail -n 20 "$WORK/stderr" >&2
  fi
  if [ -n "$db" ]; then
    psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  fi
}

for kind in sqlite postgres; do
  for capacity in "$SOLD_OUT_CAPACITY" "$REQUESTS"; do
    for mode in "--reference health" "--reference sql" "--engine direct" "--engine grouped"; do
      # shellcheck disable=SC2086
      run "$kind" $mode --requests "$REQUESTS" --capacity "$capacity"
    done
  done
done
for capacity in "$SOLD_OUT_CAPACITY" "$REQUESTS"; do
  run postgres --engine grouped --processes 2 --requests "$REQUESTS" --capacity "$capacity"
done

# The machine, for the table's heading.
export SURGE_NPROC=$(nproc)
export SURGE_CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
export SURGE_MEM=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
export SURGE_PG=$(psql "$PG_URL/postgres" -tAc 'SHOW server_version')
export SURGE_DATE=$(date -u +%Y-%m-%dT%H:%MZ)
SURGE_COMMIT=$(git rev-parse --short HEAD)
if ! git diff --quiet HEAD -- crates; then SURGE_COMMIT="$SURGE_COMMIT (with uncommitted changes)"; fi
export SURGE_LOAD="$LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after"
export SURGE_COMMIT SURGE_CONCURRENCY=$CONCURRENCY SURGE_MAX_CONNECTIONS=$MAX_CONNECTIONS

python3 bench/surge_table.py "$RESULTS" "$DOC"
echo "wrote $RESULTS and the table in $DOC" >&2
