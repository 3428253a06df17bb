#!/usr/bin/env bash
# Load TPC-H into PostgreSQL (see bench/README.md):
#   bench/tpch/load.sh --sf 0.1 [--db tpch] [--indexes pkfk|pk] [--host /tmp] [--port 5433]
#                      [--user postgres] [--seed 1]
# Creates the database if missing, (re)creates the tables (schema.sql), streams every table from
# dbgen.py into COPY (no data files), then the index set: primary keys (primary_keys.sql) and,
# for pkfk (the default), the foreign-key column indexes (fk_indexes.sql); then VACUUM ANALYZE.
# Last, it records what it loaded in table tpch_load (sf, seed, indexes, loaded_at, seconds):
# the row exists only after a complete load. bench.py reads it to decide whether to reload.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sf=0.1 db=tpch host=/tmp port=5433 user=postgres seed=1 indexes=pkfk
while [ $# -gt 0 ]; do
    case "$1" in
        --sf) sf="$2"; shift 2 ;;
        --db) db="$2"; shift 2 ;;
        --indexes) indexes="$2"; shift 2 ;;
        --host) host="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --user) user="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "load.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
case "$indexes" in
    pkfk) index_files=(primary_keys.sql fk_indexes.sql) ;;
    pk) index_files=(primary_keys.sql) ;;
    *) echo "load.sh: --indexes must be pkfk or pk, not $indexes" >&2; exit 2 ;;
esac
[[ $sf =~ ^[0-9]*\.?[0-9]+$ ]] || { echo "load.sh: --sf must be a number, not $sf" >&2; exit 2; }
[[ $seed =~ ^[0-9]+$ ]] || { echo "load.sh: --seed must be an integer, not $seed" >&2; exit 2; }
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user")
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)
if [ "$("${PSQL[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    echo "creating database $db"
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE \"$db\""
fi
"${PSQL[@]}" -d "$db" -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS tpch_load"
"${PSQL[@]}" -d "$db" -f "$here/schema.sql" 2>&1 | grep -v 'NOTICE' || true
for t in region nation part supplier partsupp customer orders lineitem; do
    t1=$(now)
    python3 "$here/dbgen.py" --table "$t" --sf "$sf" --seed "$seed" |
        "${PSQL[@]}" -d "$db" -c "COPY $t FROM STDIN"
    n=$("${PSQL[@]}" -d "$db" -tAc "SELECT count(*) FROM $t")
    printf '%-9s %10s rows %7s s\n' "$t" "$n" "$(since "$t1")"
done
t1=$(now)
for f in "${index_files[@]}"; do
    "${PSQL[@]}" -d "$db" -f "$here/$f"
done
printf '%-9s %15s %7s s\n' "indexes" "($indexes)" "$(since "$t1")"
t1=$(now)
"${PSQL[@]}" -d "$db" -c "VACUUM (ANALYZE)"
printf '%-9s %15s %7s s\n' "vacuum" "+ ANALYZE" "$(since "$t1")"
"${PSQL[@]}" -d "$db" <<SQL
CREATE TABLE tpch_load (sf double precision NOT NULL, seed integer NOT NULL,
                        indexes text NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now(),
                        seconds numeric);
INSERT INTO tpch_load (sf, seed, indexes, seconds) VALUES ($sf, $seed, '$indexes', $(since "$t0"));
SQL
printf 'TPC-H SF %s (indexes %s) loaded into %s in %s s\n' "$sf" "$indexes" "$db" "$(since "$t0")"
