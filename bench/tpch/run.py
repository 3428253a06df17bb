#!/usr/bin/env python3
"""TPC-H queries: PostgreSQL vs pg_fusion on one running cluster (see bench/README.md).

    python3 bench/tpch/run.py [--host /tmp] [--port 5433] [--db tpch] [--queries 1,3,5]
                              [--runs 3] [--check-only] [--timeout 600]

For every query in bench/tpch/queries/ it opens one psql session per mode
(pg_fusion.enable = off, then on), runs the query --runs times there (\\timing on; the rows of
the first run are kept), compares the two answers and prints, per query, the median seconds of
each mode, their ratio and a status:

    same              both modes returned the same rows (in the same order where the query's
                      ORDER BY decides the order; rows that tie on the ORDER BY keys may come in
                      any order; floats within 1e-9 relative, everything else exact text)
    DIFFERENT         pg_fusion returned other rows: the first differing rows are printed
    refused: <msg>    pg_fusion raised an error (usually "pg_fusion: <construct> is not
                      supported"); expected for constructs not implemented yet
    error: <msg>      PostgreSQL itself failed, or the pg_fusion session failed with an error
                      that does not come from pg_fusion (e.g. a lost connection)

Exit status 1 if a query returned DIFFERENT rows or hit an error; refusals are not failures.
Python 3 standard library only; talks to the server through psql.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
QDIR = os.path.join(HERE, "queries")
SEP = "\x1f"
TIME_RE = re.compile(r"^Time: ([0-9.]+) ms")
MARK = "@@@run "
FLOAT_TYPES = ("double precision", "real")

# Output columns (0-based) of each query's top-level ORDER BY, in ORDER BY order; rows that tie
# on these may legitimately come in any order. None: the query has no ORDER BY (one row).
ORDER_KEYS = {
    1: [0, 1], 2: [0, 2, 1, 3], 3: [1, 2], 4: [0], 5: [1], 6: None, 7: [0, 1, 2], 8: [0],
    9: [0, 1], 10: [2], 11: [1], 12: [0], 13: [1, 0], 14: None, 15: [0], 16: [3, 0, 1, 2],
    17: None, 18: [4, 3], 19: None, 20: [0], 21: [1, 0], 22: [0],
}


def psql_cmd(args):
    return [args.psql, "-X", "-q", "-A", "-t", "-F", SEP, "-h", args.host, "-p", str(args.port),
            "-U", args.user, "-d", args.db]


def query_text(n):
    with open(os.path.join(QDIR, "q%02d.sql" % n)) as f:
        text = f.read()
    lines = [l for l in text.splitlines() if not l.lstrip().startswith("--")]
    return "\n".join(lines).strip().rstrip(";").strip()


def column_types(args, sql):
    """Result column types from psql's \\gdesc (the query is described, not run)."""
    p = subprocess.run(psql_cmd(args) + ["-v", "ON_ERROR_STOP=1"],
                       input="SET pg_fusion.enable = off;\n" + sql + "\n\\gdesc\n",
                       capture_output=True, text=True)
    if p.returncode != 0:
        return None
    return [l.split(SEP)[1] for l in p.stdout.splitlines() if SEP in l]


def error_message(stderr):
    for line in stderr.splitlines():
        m = re.match(r"^(?:psql:[^:]*:\d+: )?(ERROR|FATAL|PANIC):\s+(.*)$", line)
        if m:
            return m.group(2).strip()
    tail = stderr.strip().splitlines()
    return tail[-1] if tail else "psql failed"


def run_mode(args, sql, mode):
    """One psql session: returns (rows of run 1, [seconds per run], error message or None)."""
    script = ["SET pg_fusion.enable = %s;" % mode]
    if args.timeout:
        script.append("SET statement_timeout = '%ds';" % args.timeout)
    script.append("\\timing on")
    for i in range(args.runs):
        if i == 1:
            script.append("\\o /dev/null")
        script += ["\\echo '%s%d'" % (MARK, i), sql + ";"]
    p = subprocess.run(psql_cmd(args) + ["-v", "ON_ERROR_STOP=1"], input="\n".join(script) + "\n",
                       capture_output=True, text=True)
    rows, times, cur = [], [], None
    for line in p.stdout.splitlines():
        if line.startswith(MARK):
            cur = int(line[len(MARK):])
            continue
        m = TIME_RE.match(line)
        if m and cur is not None and len(times) == cur:
            times.append(float(m.group(1)) / 1000.0)
            continue
        if cur == 0 and len(times) == 0:
            rows.append(line.split(SEP))
    if p.returncode != 0:
        return rows, times, error_message(p.stderr)
    if len(times) != args.runs:
        return rows, times, "could not read the timings from psql's output"
    return rows, times, None


def field_eq(a, b, is_float):
    if a == b:
        return True
    if not is_float:
        return False
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y))


def rows_eq(r, s, floats):
    return len(r) == len(s) and all(field_eq(a, b, i in floats) for i, (a, b) in enumerate(zip(r, s)))


def compare(off, on, keys, floats, has_limit):
    """None if the answers are the same, else (index of the first difference, note)."""
    if len(off) != len(on):
        first = next((i for i, (r, s) in enumerate(zip(off, on)) if not rows_eq(r, s, floats)),
                     min(len(off), len(on)))
        return first, "%d rows vs %d rows" % (len(off), len(on))
    if all(rows_eq(r, s, floats) for r, s in zip(off, on)):
        return None
    if keys is None:  # no ORDER BY: compare as multisets
        a, b = sorted(off), sorted(on)
        bad = next((i for i, (r, s) in enumerate(zip(a, b)) if not rows_eq(r, s, floats)), None)
        return None if bad is None else (0, "different rows (unordered comparison)")
    # ORDER BY: the key sequence must match row by row; rows tying on the keys may be permuted
    for i, (r, s) in enumerate(zip(off, on)):
        if not all(field_eq(r[k], s[k], k in floats) for k in keys):
            return i, "order or ORDER BY key values differ"
    i = 0
    while i < len(off):
        j = i + 1
        while j < len(off) and all(field_eq(off[i][k], off[j][k], k in floats) for k in keys):
            j += 1
        a, b = sorted(off[i:j]), sorted(on[i:j])
        if not all(rows_eq(r, s, floats) for r, s in zip(a, b)):
            if j == len(off) and has_limit:
                return None  # LIMIT cut a group of ties: either choice is a correct answer
            return i, "different rows among rows that tie on the ORDER BY keys"
        i = j
    return None


def show_diff(off, on, first):
    lo = max(0, first - 1)
    print("    first difference at row %d:" % (first + 1))
    for name, rows in (("PostgreSQL", off), ("pg_fusion ", on)):
        for k in range(lo, min(len(rows), first + 3)):
            print("    %s row %d: %s" % (name, k + 1, " | ".join(rows[k])))
        if first >= len(rows):
            print("    %s row %d: (none)" % (name, first + 1))


def median(ts):
    return statistics.median(ts) if ts else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="/tmp")
    ap.add_argument("--port", default="5433")
    ap.add_argument("--db", default="tpch")
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--psql", default="psql")
    ap.add_argument("--queries", default="1-22", help="e.g. 1,3,5 or 1-22")
    ap.add_argument("--runs", type=int, default=3, help="runs per mode (median is reported)")
    ap.add_argument("--check-only", action="store_true", help="one run per mode, compare only")
    ap.add_argument("--timeout", type=int, default=0, help="statement_timeout in seconds")
    args = ap.parse_args()
    if args.check_only:
        args.runs = 1
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    qs = []
    for part in args.queries.split(","):
        if "-" in part:
            a, b = part.split("-")
            qs += range(int(a), int(b) + 1)
        elif part.strip():
            qs.append(int(part))
    print("server: host=%s port=%s db=%s, %d run(s) per mode" % (args.host, args.port, args.db,
                                                                args.runs))
    results = []
    failed = False
    for n in qs:
        sql = query_text(n)
        types = column_types(args, sql) or []
        floats = {i for i, t in enumerate(types) if t in FLOAT_TYPES}
        print("Q%02d ..." % n, end=" ", flush=True)
        off_rows, off_t, off_err = run_mode(args, sql, "off")
        on_rows, on_t, on_err = run_mode(args, sql, "on")
        if off_err:
            status = "error: PostgreSQL: " + off_err
            failed = True
        elif on_err:
            if "pg_fusion" in on_err:
                status = "refused: " + on_err
            else:
                status = "error: " + on_err
                failed = True
        else:
            d = compare(off_rows, on_rows, ORDER_KEYS.get(n, list(range(len(off_rows[0])))
                                                         if off_rows else None),
                        floats, re.search(r"\blimit\s+\d+\s*$", sql, re.I) is not None)
            if d is None:
                status = "same"
            else:
                status = "DIFFERENT (%s)" % d[1]
                failed = True
        t_off = median(off_t) if not off_err else None
        t_on = median(on_t) if not on_err else None
        print("%s" % status)
        if status.startswith("DIFFERENT"):
            show_diff(off_rows, on_rows, d[0])
        results.append((n, len(off_rows), t_off, t_on, status))

    def fmt(t):
        return "%10.3f" % t if t is not None else "%10s" % "-"

    print("\n%-5s %7s %10s %10s %7s  %s" % ("query", "rows", "PG s", "fusion s", "PG/fus",
                                           "status"))
    for n, nrows, t_off, t_on, status in results:
        ratio = "%7.2f" % (t_off / t_on) if t_off and t_on else "%7s" % "-"
        print("Q%02d   %7d %s %s %s  %s" % (n, nrows, fmt(t_off), fmt(t_on), ratio, status))
    same = sum(1 for r in results if r[4] == "same")
    refused = sum(1 for r in results if r[4].startswith("refused"))
    diff = sum(1 for r in results if r[4].startswith("DIFFERENT"))
    err = sum(1 for r in results if r[4].startswith("error"))
    print("\n%d of %d queries return the same rows with pg_fusion on; %d refused, %d DIFFERENT, "
          "%d error(s)" % (same, len(results), refused, diff, err))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
