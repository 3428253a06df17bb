#!/usr/bin/env python3
"""TPC-H queries: PostgreSQL vs pg_fusion on one running cluster (see bench/README.md).

    python3 bench/tpch/run.py [--host /tmp] [--port 5433] [--db tpch] [--queries 1,3,5]
                              [--runs 3] [--check-only] [--timeout 600]

This is the runner on an already loaded database (the test command's TPC-H check uses it); the
benchmark command, which also loads the database, warms up and writes JSON, is bench.py, built
on the functions here.

For every query in bench/tpch/queries/ it opens one psql session and runs the query there
--runs times with pg_fusion.enable = off and --runs times with = on, alternating (off, on, off,
on, ...; \\timing on), compares the answer of every run with the first PostgreSQL run and
prints, per query, the median seconds of each mode, their ratio and a status:

    same              every run returned the same rows (in the same order where the query's
                      ORDER BY decides the order; rows that tie on the ORDER BY keys may come in
                      any order; floats within 1e-9 relative, everything else exact text)
    DIFFERENT         a run returned other rows: the first differing rows are printed
    refused: <msg>    pg_fusion raised its "not supported" error (SQLSTATE 0A000, "pg_fusion:
                      <construct> is not supported"); expected for constructs not implemented
    error: <msg>      PostgreSQL itself failed, or the pg_fusion run failed with any other error
                      (an engine error, a lost connection)

With pg_fusion on, pg_fusion.on_unsupported is set to error, so a query is never silently run
on PostgreSQL's plan and timed as pg_fusion's.
Exit status 1 if a query returned DIFFERENT rows or hit an error; refusals are not failures.
Python 3 standard library only; talks to the server through psql.
"""

import argparse
import math
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
QDIR = os.path.join(HERE, "queries")
SEP = "\x1f"
TIME_RE = re.compile(r"^Time: ([0-9.]+) ms")
MARK = "@@@"
FLOAT_TYPES = ("double precision", "real")
MODES = ("off", "on")  # pg_fusion.enable: PostgreSQL alone, pg_fusion
ALL_MODES = MODES + ("auto",)  # auto: the cheaper of the two plans by estimate (bench.py --modes)
MODE_NAME = {"off": "PostgreSQL", "on": "pg_fusion", "auto": "auto"}
REFUSED_SQLSTATE = "0A000"  # feature_not_supported: pg_fusion's "<construct> is not supported"
SETTING_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")

# Output columns (0-based) of each query's top-level ORDER BY, in ORDER BY order; rows that tie
# on these may legitimately come in any order. None: the query has no ORDER BY (one row).
ORDER_KEYS = {
    1: [0, 1], 2: [0, 2, 1, 3], 3: [1, 2], 4: [0], 5: [1], 6: None, 7: [0, 1, 2], 8: [0],
    9: [0, 1], 10: [2], 11: [1], 12: [0], 13: [1, 0], 14: None, 15: [0], 16: [3, 0, 1, 2],
    17: None, 18: [4, 3], 19: None, 20: [0], 21: [1, 0], 22: [0],
}


def psql_cmd(args, db=None):
    return [args.psql, "-X", "-q", "-A", "-t", "-F", SEP, "-h", args.host, "-p", str(args.port),
            "-U", args.user, "-d", db or args.db]


def parse_queries(spec):
    """'1-22', '1,3,5', '1-5,9' -> [query numbers]."""
    qs = []
    for part in spec.split(","):
        part = part.strip()
        if "-" in part:
            a, b = part.split("-")
            qs += range(int(a), int(b) + 1)
        elif part:
            qs.append(int(part))
    bad = [n for n in qs if not os.path.exists(os.path.join(QDIR, "q%02d.sql" % n))]
    if bad:
        raise ValueError("no such query: %s" % ", ".join(str(n) for n in bad))
    return qs


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


def sql_literal(value):
    return "'" + value.replace("'", "''") + "'"


def mode_settings(settings=None, modes=MODES):
    """{mode: [(name, value)]} the runner SETs in each mode: pg_fusion.enable, for pg_fusion
    pg_fusion.on_unsupported = error, then the caller's per-mode settings (which win). auto
    takes the settings given for on (it runs pg_fusion's plan when it chooses it)."""
    base = {"off": [("pg_fusion.enable", "off")],
            "on": [("pg_fusion.enable", "on"), ("pg_fusion.on_unsupported", "error")],
            "auto": [("pg_fusion.enable", "auto")]}
    out = {}
    for mode in modes:
        out[mode] = base[mode]
        for name, value in (settings or {}).get("on" if mode == "auto" else mode, []):
            out[mode] = [(n, v) for n, v in out[mode] if n != name] + [(name, value)]
    return out


def switch_lines(mode, settings):
    """psql lines that put the session into mode: SET this mode's settings, RESET the names only
    the other mode sets. Run with ON_ERROR_STOP on, so a setting that fails ends the session."""
    mine = settings[mode]
    names = {n for n, _ in mine}
    lines = ["SET %s = %s;" % (n, sql_literal(v)) for n, v in mine]
    for other in settings:
        for n, _ in settings[other]:
            if n not in names:
                lines.append("RESET %s;" % n)
                names.add(n)
    return lines


def run_session(args, sql, plan, settings, timeout=0):
    """Runs sql once per entry of plan (a list of modes, e.g. off, on, off, on) in one psql
    session with \\timing on, switching settings between modes.

    Returns one dict per entry: mode, rows (list of field lists), seconds (None if the run
    failed), error (message or None), sqlstate. A run the session never reached (psql ended,
    e.g. the connection was lost) gets the session's last error."""
    script = ["\\set ON_ERROR_STOP 1"]
    if timeout:
        script.append("SET statement_timeout = '%ds';" % timeout)
    script.append("\\timing on")
    current = None
    for i, mode in enumerate(plan):
        if mode != current:
            script.append("\\set ON_ERROR_STOP 1")
            script += switch_lines(mode, settings)
            script.append("\\set ON_ERROR_STOP 0")
            current = mode
        script += ["\\echo '%sbegin %d'" % (MARK, i), sql + ";",
                   "\\echo '%send %d' :ERROR :SQLSTATE" % (MARK, i),
                   "\\if :ERROR", "\\echo '%serror %d' :LAST_ERROR_MESSAGE" % (MARK, i),
                   "\\endif"]
    p = subprocess.run(psql_cmd(args), input="\n".join(script) + "\n", capture_output=True,
                       text=True)
    runs = [{"mode": m, "rows": [], "seconds": None, "error": None, "sqlstate": None}
            for m in plan]
    cur, lines, done = None, [], set()
    for line in p.stdout.splitlines():
        if line.startswith(MARK):
            word, _, rest = line[len(MARK):].partition(" ")
            i, _, rest = rest.partition(" ")
            i = int(i)
            if word == "begin":
                cur, lines = i, []
            elif word == "end":
                failed, _, state = rest.partition(" ")
                run = runs[i]
                run["sqlstate"] = state.strip()
                times = [k for k, l in enumerate(lines) if TIME_RE.match(l)]
                if times:
                    k = times[-1]
                    t = float(TIME_RE.match(lines[k]).group(1)) / 1000.0
                    del lines[k]
                else:
                    t = None
                run["rows"] = [l.split(SEP) for l in lines]
                if failed == "true":
                    run["error"] = "failed (no message)"
                elif t is None:
                    run["error"] = "could not read the timing from psql's output"
                else:
                    run["seconds"] = t
                done.add(i)
                cur, lines = None, []
            elif word == "error":
                runs[i]["error"] = rest.strip() or "failed (no message)"
            continue
        if cur is not None:
            lines.append(line)
    for i, run in enumerate(runs):
        if i not in done:
            run["error"] = error_message(p.stderr)
    return runs


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
            return i, ("different rows among rows that tie on the ORDER BY keys" if j - i > 1
                       else "different values")
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


def judge(n, sql, floats, runs, warmup=0):
    """Status of one query from its runs (run_session's dicts, the first warmup runs of each
    mode untimed; the first PostgreSQL run is the reference answer). Returns (status, failed, diff) where diff is None or
    (reference rows, other rows, index of the first difference) for show_diff."""
    ref = next((r for r in runs if r["mode"] == "off" and r["error"] is None), None)
    off_err = next((r["error"] for r in runs if r["mode"] == "off" and r["error"]), None)
    on_bad = next((r for r in runs if r["mode"] != "off" and r["error"]), None)
    if off_err or ref is None:
        return "error: PostgreSQL: " + (off_err or "no run"), True, None
    keys = ORDER_KEYS.get(n, list(range(len(ref["rows"][0]))) if ref["rows"] else None)
    has_limit = re.search(r"\blimit\s+\d+\s*$", sql, re.I) is not None
    k = {mode: 0 for mode in ALL_MODES}
    for r in runs:
        k[r["mode"]] += 1
        if r is ref or r["error"]:
            continue
        d = compare(ref["rows"], r["rows"], keys, floats, has_limit)
        if d is not None:
            which = ("warm-up %d" % k[r["mode"]] if k[r["mode"]] <= warmup else
                     "run %d" % (k[r["mode"]] - warmup))
            who = ("%s %s" % ("pg_fusion" if r["mode"] == "on" else "pg_fusion.enable = auto", which)
                   if r["mode"] != "off" else "PostgreSQL %s, against PostgreSQL's first" % which)
            return "DIFFERENT (%s: %s)" % (who, d[1]), True, (ref["rows"], r["rows"], d[0])
    if on_bad:
        if on_bad["sqlstate"] == REFUSED_SQLSTATE and on_bad["mode"] == "on":
            return "refused: " + on_bad["error"], False, None
        return "error: " + on_bad["error"], True, None
    return "same", False, None


def measure(args, n, runs, warmup=0, settings=None, timeout=0, sql=None, modes=MODES):
    """Runs query n: warmup untimed runs per mode (modes: off, on and maybe auto), then runs per
    mode alternating (off, on, off, on, ...), all in one session; every answer is compared.
    Returns a dict: query, sql, rows, status, failed, diff, and per mode the timed seconds
    (times_off/_on/_auto), warm-up seconds (warmup_<mode>) and medians (median_<mode>, None
    when the mode failed), and ratio (median_off / median_on; ratio_auto likewise when auto
    ran). sql replaces query n's text."""
    sql = sql or query_text(n)
    types = column_types(args, sql) or []
    floats = {i for i, t in enumerate(types) if t in FLOAT_TYPES}
    plan = list(modes) * (warmup + runs)
    res = run_session(args, sql, plan, mode_settings(settings, modes), timeout)
    status, failed, diff = judge(n, sql, floats, res, warmup)
    out = {"query": n, "sql": sql, "status": status, "failed": failed, "diff": diff,
           "rows": len(next(r["rows"] for r in res if r["mode"] == "off"))}
    for mode in modes:
        mine = [r for r in res if r["mode"] == mode]
        ok = all(r["error"] is None for r in mine)
        out["warmup_" + mode] = [r["seconds"] for r in mine[:warmup]]
        out["times_" + mode] = [r["seconds"] for r in mine[warmup:]]
        out["median_" + mode] = median(out["times_" + mode]) if ok else None
    t_off = out["median_off"]
    for mode, key in (("on", "ratio"), ("auto", "ratio_auto")):
        t = out.get("median_" + mode)
        out[key] = t_off / t if t_off and t else None
    return out


def summary(results):
    """Totals over the queries timed in both modes that returned the same rows in every run, and
    the geometric mean of their ratios."""
    timed = [r for r in results if r["ratio"] and r["status"] == "same"]
    s = {"queries": len(results), "timed": len(timed),
         "same": sum(1 for r in results if r["status"] == "same"),
         "refused": sum(1 for r in results if r["status"].startswith("refused")),
         "different": sum(1 for r in results if r["status"].startswith("DIFFERENT")),
         "errors": sum(1 for r in results if r["status"].startswith("error")),
         "total_postgresql": sum(r["median_off"] for r in timed) if timed else None,
         "total_pg_fusion": sum(r["median_on"] for r in timed) if timed else None}
    s["total_ratio"] = (s["total_postgresql"] / s["total_pg_fusion"]
                        if timed and s["total_pg_fusion"] else None)
    s["geomean_ratio"] = (math.exp(statistics.fmean(math.log(r["ratio"]) for r in timed))
                          if timed else None)
    auto = [r for r in results if r.get("ratio_auto") and r["status"] == "same"]
    if auto:
        s["timed_auto"] = len(auto)
        s["total_postgresql_auto"] = sum(r["median_off"] for r in auto)
        s["total_auto"] = sum(r["median_auto"] for r in auto)
        s["total_ratio_auto"] = s["total_postgresql_auto"] / s["total_auto"]
        s["geomean_ratio_auto"] = math.exp(statistics.fmean(math.log(r["ratio_auto"]) for r in auto))
    return s


def print_report(results):
    """The table (query, PostgreSQL s, pg_fusion s, ratio, rows, status), total, geometric mean
    and, as the last line, the count of queries with the same answer (scripts/test.sh reads it)."""
    def sec(t):
        return "%12.3f" % t if t is not None else "%12s" % "-"

    def rat(x):
        return "%10.2f" % x if x else "%10s" % "-"

    auto = any("median_auto" in r for r in results)

    def auto_cols(t, x, chose=""):
        return " %s %s %6s" % (sec(t), rat(x), chose) if auto else ""

    print("\n%-7s %12s %12s %10s%s %7s  %s" % (
        "query", "PostgreSQL s", "pg_fusion s", "PG/fusion",
        " %12s %10s %6s" % ("auto s", "PG/auto", "chose") if auto else "", "rows", "status"))
    for r in results:
        print("Q%02d     %s %s %s%s %7d  %s" % (
            r["query"], sec(r["median_off"]), sec(r["median_on"]), rat(r["ratio"]),
            auto_cols(r.get("median_auto"), r.get("ratio_auto"), r.get("auto_choice") or "-"),
            r["rows"], r["status"]))
    s = summary(results)
    note = ("" if s["timed"] == s["queries"] else
            "  (over the %d of %d queries with the same rows in both modes)" % (s["timed"],
                                                                                s["queries"]))
    print("%-7s %s %s %s%s%s" % ("total", sec(s["total_postgresql"]), sec(s["total_pg_fusion"]),
                                 rat(s["total_ratio"]),
                                 auto_cols(s.get("total_auto"), s.get("total_ratio_auto")), note))
    print("%-7s %12s %12s %s%s  (ratio > 1: faster than PostgreSQL)" % (
        "geomean", "", "", rat(s["geomean_ratio"]),
        " %12s %s %6s" % ("", rat(s.get("geomean_ratio_auto")), "") if auto else ""))
    print("\n%d of %d queries return the same rows with pg_fusion on; %d refused, %d DIFFERENT, "
          "%d error(s)" % (s["same"], s["queries"], s["refused"], s["different"], s["errors"]))
    return s


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
    try:
        qs = parse_queries(args.queries)
    except ValueError as e:
        ap.error(str(e))
    print("server: host=%s port=%s db=%s, %d run(s) per mode" % (args.host, args.port, args.db,
                                                                args.runs))
    results = []
    for n in qs:
        print("Q%02d ..." % n, end=" ", flush=True)
        r = measure(args, n, args.runs, timeout=args.timeout)
        print(r["status"])
        if r["diff"]:
            show_diff(*r["diff"])
        results.append(r)
    print_report(results)
    return 1 if any(r["failed"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
