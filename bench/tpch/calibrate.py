#!/usr/bin/env python3
"""Calibrates pg_fusion.enable = auto's cost model on this machine (see docs/configuration.md).

    python3 bench/tpch/calibrate.py --json bench/results/<run>.json [--db tpch_sf1_pkfk]
                                    [--host /tmp] [--port 5433] [--user postgres]

Input: a bench.py result (its PostgreSQL and pg_fusion medians per query). For each of its
queries the script reads, with pg_fusion.enable = auto, EXPLAIN (FORMAT JSON)'s "pg_fusion"
group: PostgreSQL's plan cost and the parts of pg_fusion's estimate (scan cost, encoded
values, engine rows). It then tries every combination of pg_fusion.scan_value_cost,
pg_fusion.engine_row_cost and pg_fusion.engine_startup_cost on a grid and keeps the one whose
choices would have been best on the measured times:
  1. fewest queries where auto would run a plan more than 10% slower than PostgreSQL's;
  2. then the highest geometric mean of PostgreSQL's time over auto's;
  3. then the widest margin: the estimates farthest from PostgreSQL's cost on either side, so
     a small change of the data does not flip a choice.
It prints the choice per query with the measured times and the settings to put in
postgresql.conf. The benchmark's queries are the sample: calibrate on queries like yours.
Python 3 standard library only; talks to the server through psql.
"""

import argparse
import itertools
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SETTINGS = ("pg_fusion.scan_value_cost", "pg_fusion.engine_row_cost", "pg_fusion.engine_startup_cost")
GRID = {
    "pg_fusion.scan_value_cost": [0, 0.0005, 0.001, 0.002, 0.003, 0.004, 0.006, 0.008, 0.01],
    "pg_fusion.engine_row_cost": [0, 0.0025, 0.005, 0.01, 0.02, 0.04],
    "pg_fusion.engine_startup_cost": [0, 250, 500, 1000, 2000, 5000],
}
SLOWER = 1.1  # auto must not run a plan slower than this times PostgreSQL's


def psql(args, script):
    cmd = [args.psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", args.host,
           "-p", str(args.port), "-U", args.user, "-d", args.db]
    p = subprocess.run(cmd, input=script, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("calibrate.py: psql: %s" % p.stderr.strip())
    return p.stdout


def current_settings(args):
    out = psql(args, "".join("SELECT current_setting('%s');\n" % name for name in SETTINGS))
    return dict(zip(SETTINGS, (float(v) for v in out.split())))


def features(args, query, current):
    """PostgreSQL's cost and the estimate's parts that do not depend on the settings."""
    with open(os.path.join(HERE, "queries", "q%02d.sql" % query)) as f:
        sql = f.read().strip().rstrip(";")
    groups = json.loads(psql(args, "SET pg_fusion.enable = auto;\nEXPLAIN (FORMAT JSON) %s;\n" % sql))
    g = next((g for g in groups if "pg_fusion Plan Choice" in g), None)
    if g is None or "PostgreSQL Cost" not in g:
        return None  # pg_fusion cannot run it: auto has no choice to make
    value_cost = current["pg_fusion.scan_value_cost"]
    row_cost = current["pg_fusion.engine_row_cost"]
    startup = current["pg_fusion.engine_startup_cost"]
    if value_cost <= 0 or row_cost <= 0:
        sys.exit("calibrate.py: run with pg_fusion.scan_value_cost and engine_row_cost above 0 "
                 "(the estimate's parts are read back through them)")
    return {"postgres_cost": g["PostgreSQL Cost"], "scans": g["pg_fusion Scan Cost"],
            # per producer and per engine thread, as the estimate divides them
            "values": g["pg_fusion Encoding Cost"] / value_cost,
            "rows": (g["pg_fusion Engine Cost"] - startup) / row_cost}


def estimate(f, p):
    return (f["scans"] + p["pg_fusion.scan_value_cost"] * f["values"] +
            p["pg_fusion.engine_row_cost"] * f["rows"] + p["pg_fusion.engine_startup_cost"])


def score(samples, p):
    slower, logs, margin = 0, 0.0, float("inf")
    for s in samples:
        fusion = estimate(s, p) < s["postgres_cost"]
        t = s["fusion_s"] if fusion else s["postgres_s"]
        slower += t > SLOWER * s["postgres_s"]
        logs += math.log(s["postgres_s"] / t)
        margin = min(margin, abs(math.log(estimate(s, p) / s["postgres_cost"])))
    return slower, math.exp(logs / len(samples)), margin


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", required=True, help="a bench.py result file")
    ap.add_argument("--db", help="database (default: the one the result names)")
    ap.add_argument("--host", default="/tmp")
    ap.add_argument("--port", default="5433")
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--psql", default="psql")
    args = ap.parse_args()
    with open(args.json) as f:
        result = json.load(f)
    args.db = args.db or result["server"]["db"]
    current = current_settings(args)
    samples = []
    for q in result["queries"]:
        pg, fu = q["postgresql"]["median"], q["pg_fusion"]["median"]
        if q["status"] != "same" or not pg or not fu:
            continue
        f = features(args, q["query"], current)
        if f is not None:
            samples.append(dict(f, query=q["query"], postgres_s=pg, fusion_s=fu))
    if not samples:
        sys.exit("calibrate.py: no query of %s has times in both modes and a choice" % args.json)
    best = None
    for values in itertools.product(*(GRID[name] for name in SETTINGS)):
        p = dict(zip(SETTINGS, values))
        slower, geomean, margin = score(samples, p)
        key = (-slower, round(geomean, 3), margin)
        if best is None or key > best[0]:
            best = (key, p)
    (neg_slower, geomean, margin), p = best
    print("%-5s %12s %12s %8s %14s %14s  %s" % ("query", "PostgreSQL s", "pg_fusion s", "PG/fus",
                                                 "PostgreSQL cost", "pg_fusion est", "auto runs"))
    for s in samples:
        est = estimate(s, p)
        fusion = est < s["postgres_cost"]
        print("Q%02d   %12.3f %12.3f %8.2f %14.0f %14.0f  %s" % (
            s["query"], s["postgres_s"], s["fusion_s"], s["postgres_s"] / s["fusion_s"],
            s["postgres_cost"], est, "pg_fusion" if fusion else "PostgreSQL"))
    print("\nover %d queries: auto's geometric mean %.2f, %d run more than %.0f%% slower than "
          "PostgreSQL" % (len(samples), geomean, -neg_slower, (SLOWER - 1) * 100))
    print("settings (postgresql.conf, or SET per session):")
    for name in SETTINGS:
        print("  %s = %g" % (name, p[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
