#!/usr/bin/env bash
# Load TPC-H into PostgreSQL (see bench/README.md):
#   bench/tpch/load.sh --sf 0.1 [--db tpch] [--host /tmp] [--port 5433] [--user postgres] [--seed 1]
# Creates the database if missing, (re)creates the tables (schema.sql), streams every table from
# dbgen.py into COPY (no data files), then primary keys, indexes and ANALYZE (indexes.sql).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sf=0.1 db=tpch host=/tmp port=5433 user=postgres seed=1
while [ $# -gt 0 ]; do
    case "$1" in
        --sf) sf="$2"; shift 2 ;;
        --db) db="$2"; shift 2 ;;
        --host) host="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --user) user="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
        *) echo "load.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user")
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)
if [ "$("${PSQL[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    echo "creating database $db"
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE \"$db\""
fi
"${PSQL[@]}" -d "$db" -f "$here/schema.sql" 2>&1 | grep -v 'NOTICE' || true
for t in region nation part supplier partsupp customer orders lineitem; do
    t1=$(now)
    python3 "$here/dbgen.py" --table "$t" --sf "$sf" --seed "$seed" |
        "${PSQL[@]}" -d "$db" -c "COPY $t FROM STDIN"
    n=$("${PSQL[@]}" -d "$db" -tAc "SELECT count(*) FROM $t")
    printf '%-9s %10s rows %7s s\n' "$t" "$n" "$(since "$t1")"
done
t1=$(now)
"${PSQL[@]}" -d "$db" -f "$here/indexes.sql"
printf '%-9s %15s %7s s\n' "indexes" "+ ANALYZE" "$(since "$t1")"
printf 'TPC-H SF %s loaded into %s in %s s\n' "$sf" "$db" "$(since "$t0")"
