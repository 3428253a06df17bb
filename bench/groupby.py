#!/usr/bin/env python3
"""GROUP BY benchmark: PostgreSQL vs pg_fusion on one running cluster (see bench/README.md).

    bench/groupby.py [--host /tmp] [--port 5433] [--db pg_fusion_demo] [--runs 5]

Creates bench_groupby(k int, x bigint, g int) with --rows rows (default 10,000,000, g has 100
groups) if it is missing, checks that both modes return the same answer, then runs
    SELECT g, count(*), sum(x) FROM bench_groupby GROUP BY g
--runs times with pg_fusion.enable off and on, alternating, in one psql session (\\timing on,
one untimed warm-up per mode), and prints every time, the medians and the ratio.
Python 3 standard library only; talks to the server through psql.
"""

import argparse
import re
import statistics
import subprocess
import sys

QUERY = "SELECT g, count(*), sum(x) FROM bench_groupby GROUP BY g"
TIME_RE = re.compile(r"^Time: ([0-9.]+) ms")


def psql(args, script, tuples=True):
    cmd = [args.psql, "-X", "-v", "ON_ERROR_STOP=1", "-h", args.host, "-p", str(args.port),
           "-U", args.user, "-d", args.db]
    if tuples:
        cmd += ["-q", "-A", "-t"]
    p = subprocess.run(cmd, input=script, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-2000:] + p.stderr[-4000:])
        raise SystemExit("psql failed (exit status %d)" % p.returncode)
    return p.stdout


def ensure_table(args):
    have = "-1"
    if psql(args, "SELECT to_regclass('public.bench_groupby') IS NOT NULL;\n").strip() == "t":
        have = psql(args, "SELECT count(*) FROM bench_groupby;\n").strip()
    if have == str(args.rows):
        print("bench_groupby: %s rows (exists)" % have)
        return
    if have != "-1":
        print("bench_groupby has %s rows, want %d: recreating" % (have, args.rows))
    print("bench_groupby: creating %d rows, %d groups ..." % (args.rows, args.groups), flush=True)
    psql(args, """
DROP TABLE IF EXISTS bench_groupby;
CREATE TABLE bench_groupby (k int, x bigint, g int);
INSERT INTO bench_groupby
SELECT i, (i::bigint * 2654435761) %% 1000003, (i * 37) %% %d
FROM generate_series(1, %d) AS i;
ANALYZE bench_groupby;
""" % (args.groups, args.rows))


def check_same(args):
    out = {}
    for mode in ("off", "on"):
        out[mode] = psql(args, "SET pg_fusion.enable = %s;\n%s ORDER BY g;\n" % (mode, QUERY))
    if out["off"] != out["on"]:
        print("RESULTS DIFFER between pg_fusion off and on:")
        print("off:\n" + "\n".join(out["off"].splitlines()[:10]))
        print("on:\n" + "\n".join(out["on"].splitlines()[:10]))
        raise SystemExit(1)
    print("check: both modes return the same %d groups" % len(out["off"].splitlines()))


def run(args):
    lines = ["\\timing on", "\\o /dev/null"]
    plan = [("warmup", "off"), ("warmup", "on")]
    for i in range(args.runs):
        plan += [(i + 1, "off"), (i + 1, "on")]
    for n, (run_no, mode) in enumerate(plan):
        lines += ["SET pg_fusion.enable = %s;" % mode, "\\echo '@@@ %d'" % n, QUERY + ";"]
    out = psql(args, "\n".join(lines) + "\n", tuples=False)
    times = {}
    current = None
    for line in out.splitlines():
        if line.startswith("@@@ "):
            current = int(line[4:])
            continue
        m = TIME_RE.match(line)
        if m and current is not None and current not in times:
            times[current] = float(m.group(1))
    if len(times) != len(plan):
        raise SystemExit("could not read every timing from psql's output:\n" + out[-2000:])
    res = {"off": [], "on": []}
    print("\n%-8s %12s %12s" % ("run", "off (ms)", "on (ms)"))
    by_run = {}
    for n, (run_no, mode) in enumerate(plan):
        by_run.setdefault(run_no, {})[mode] = times[n]
        if run_no != "warmup":
            res[mode].append(times[n])
    for run_no, t in by_run.items():
        print("%-8s %12.1f %12.1f" % (run_no, t["off"], t["on"]))
    m_off, m_on = statistics.median(res["off"]), statistics.median(res["on"])
    print("%-8s %12.1f %12.1f" % ("median", m_off, m_on))
    print("\nratio off/on (speedup of pg_fusion): %.2fx" % (m_off / m_on if m_on > 0 else float("inf")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="/tmp")
    ap.add_argument("--port", default="5433")
    ap.add_argument("--db", default="pg_fusion_demo")
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--psql", default="psql")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--groups", type=int, default=100)
    args = ap.parse_args()
    print("query: %s\nserver: host=%s port=%s db=%s" % (QUERY, args.host, args.port, args.db))
    ensure_table(args)
    check_same(args)
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
