#!/usr/bin/env python3
"""TPC-H benchmark: PostgreSQL alone against pg_fusion, one command (see bench/README.md).

    python3 bench/tpch/bench.py --sf 1 [--indexes pkfk|pk] [--runs 3] [--queries 1-22]
                                [--set-pg NAME=VALUE]... [--set-fusion NAME=VALUE]...
                                [--db tpch_sf1_pkfk] [--reload] [--seed 1] [--json FILE]
                                [--timeout SECONDS] [--keep-going]
                                [--host /tmp] [--port 5433] [--user postgres]

1. Database: --db (default tpch_sf<sf>_<indexes>, e.g. tpch_sf1_pkfk, tpch_sf0_01_pk). If it is
   missing, has no load record (table tpch_load, written by load.sh after a complete load) or
   its record names another scale factor, seed or index set, it is (re)loaded with load.sh
   (dbgen.py streamed into COPY, then the index set, VACUUM ANALYZE). --reload always loads.
2. Settings: --set-pg applies to the PostgreSQL runs (pg_fusion.enable = off), --set-fusion to
   the pg_fusion runs (pg_fusion.enable = on, pg_fusion.on_unsupported = error); a name set in
   one mode only is RESET in the other. Each is tried first: a setting that cannot be SET in a
   session (e.g. pg_fusion.engine_threads, server start) is accepted only if the server already
   has that value. The effective values of the usual planner/parallel settings and of every
   pg_fusion.* setting are recorded per mode.
3. Per query, one psql session: one untimed warm-up run per mode (off, on), then --runs runs per
   mode alternating off, on, off, on, ... (\\timing: client round trip). Every run's rows are
   compared with the PostgreSQL warm-up's; a DIFFERENT answer is printed with the first
   differing rows and stops the benchmark (--keep-going runs the remaining queries).
4. Table: query, PostgreSQL s, pg_fusion s (medians of the timed runs), PG/fusion (above 1:
   pg_fusion faster), rows, status; then the total of the medians and the geometric mean of the
   ratios, over the queries timed in both modes. The same, with every run's time, the settings,
   sf, index set, date, git commit, server and machine, goes to --json (default
   bench/results/<db>-<date>.json).

Exit status: 0 if every query returned the same rows in every run (refusals are reported and
left out of the totals), 1 on a DIFFERENT answer or an error, 2 on a setup problem.
Python 3 standard library only; talks to the server through psql.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as tpch  # noqa: E402  (the runner: sessions, comparison, table)

HERE = tpch.HERE
REPO = os.path.dirname(os.path.dirname(HERE))
LOAD_SH = os.path.join(HERE, "load.sh")
INDEX_SETS = ("pkfk", "pk")
# Recorded per mode in the JSON (with every pg_fusion.* setting and the names given).
RECORDED = ["max_parallel_workers_per_gather", "max_parallel_workers", "max_worker_processes",
            "parallel_setup_cost", "parallel_tuple_cost", "min_parallel_table_scan_size",
            "work_mem", "hash_mem_multiplier", "shared_buffers", "effective_cache_size",
            "random_page_cost", "jit", "statement_timeout"]
SESSION_CONTEXTS = ("user", "superuser")


class SetupError(Exception):
    pass


def sf_text(sf):
    """1.0 -> '1', 0.01 -> '0.01' (plain decimal, as load.sh and dbgen.py take it)."""
    text = ("%.6f" % sf).rstrip("0").rstrip(".")
    if float(text) != sf:
        raise SetupError("--sf %r: use at most 6 decimals" % sf)
    return text


def psql(args, sql, db=None, check=True):
    """Runs sql (ON_ERROR_STOP) and returns its unaligned rows as lists of fields."""
    p = subprocess.run(tpch.psql_cmd(args, db) + ["-v", "ON_ERROR_STOP=1"], input=sql,
                       capture_output=True, text=True)
    if p.returncode != 0:
        if not check:
            return None
        raise SetupError("psql (db %s): %s" % (db or args.db, tpch.error_message(p.stderr)))
    return [l.split(tpch.SEP) for l in p.stdout.splitlines()]


def parse_setting(text):
    name, eq, value = text.partition("=")
    name = name.strip().lower()
    if not eq or not tpch.SETTING_NAME_RE.match(name):
        raise argparse.ArgumentTypeError("expected NAME=VALUE, got %r" % text)
    return name, value.strip()


# ---- database --------------------------------------------------------------------------------

def load_record(args):
    """(sf, seed, indexes) from the database's tpch_load, or None (no database or no record)."""
    if not psql(args, "SELECT 1 FROM pg_database WHERE datname = %s;" % tpch.sql_literal(args.db),
                db="postgres"):
        return None
    rows = psql(args, "SELECT to_regclass('tpch_load') IS NOT NULL;")
    if rows != [["t"]]:
        return "no load record"
    rows = psql(args, "SELECT sf, seed, indexes FROM tpch_load;")
    if len(rows) != 1:
        return "no load record"
    return float(rows[0][0]), int(rows[0][1]), rows[0][2]


def ensure_database(args):
    """Loads the database unless its load record matches --sf, --seed and --indexes."""
    want = (args.sf, args.seed, args.indexes)
    rec = None if args.reload else load_record(args)
    if isinstance(rec, tuple) and abs(rec[0] - args.sf) < 1e-12 and rec[1:] == want[1:]:
        print("database %s: TPC-H SF %s, seed %d, indexes %s (loaded)" % (
            args.db, sf_text(args.sf), args.seed, args.indexes))
        return False
    if args.reload:
        why = "--reload"
    elif rec is None:
        why = "missing"
    elif isinstance(rec, str):
        why = rec + " (table tpch_load)"
    else:
        why = "holds SF %s, seed %d, indexes %s" % (sf_text(rec[0]), rec[1], rec[2])
    print("database %s: %s; loading TPC-H SF %s, seed %d, indexes %s" % (
        args.db, why, sf_text(args.sf), args.seed, args.indexes), flush=True)
    cmd = ["bash", LOAD_SH, "--sf", sf_text(args.sf), "--seed", str(args.seed), "--indexes",
           args.indexes, "--db", args.db, "--host", args.host, "--port", str(args.port),
           "--user", args.user]
    if subprocess.run(cmd).returncode != 0:
        raise SetupError("load.sh failed: %s" % " ".join(cmd))
    rec = load_record(args)
    if not isinstance(rec, tuple):
        raise SetupError("load.sh finished but %s has no load record" % args.db)
    return True


# ---- settings --------------------------------------------------------------------------------

def check_settings(args, given, db=None, modes=tpch.MODES):
    """Validates the per-mode settings in database db (default --db); returns (settings to SET
    per mode, effective values per mode in modes). given: {"off": [(name, value)], "on": [...]}
    (auto runs with on's)."""
    names = sorted({n for mode in tpch.MODES for n, _ in given[mode]})
    info = {}
    if names:
        arr = "ARRAY[%s]" % ", ".join(tpch.sql_literal(n) for n in names)
        for name, context, setting, current in psql(
                args, "SELECT name, context, setting, current_setting(name) FROM pg_settings "
                "WHERE name = ANY(%s);" % arr, db=db):
            info[name] = (context, setting, current)
    to_set = {mode: [] for mode in tpch.MODES}
    for mode in tpch.MODES:
        for name, value in given[mode]:
            if name not in info:
                raise SetupError("--set-%s %s=%s: the server has no setting %s" % (
                    "pg" if mode == "off" else "fusion", name, value, name))
            context, setting, current = info[name]
            if context in SESSION_CONTEXTS:
                to_set[mode].append((name, value))
            elif value.lower() not in (setting.lower(), current.lower()):
                raise SetupError(
                    "--set-%s %s=%s: %s cannot be changed in a session (context %s) and the "
                    "server has %s; set it in postgresql.conf and restart or reload the server, "
                    "or leave the option out" % ("pg" if mode == "off" else "fusion", name,
                                                 value, name, context, current))
    # Apply them as the runner will, in one session, and read back what each mode sees.
    settings = tpch.mode_settings(to_set, modes)
    recorded = sorted(set(RECORDED) | set(names))
    arr = "ARRAY[%s]" % ", ".join(tpch.sql_literal(n) for n in recorded)
    script = []
    for mode in modes:
        script += tpch.switch_lines(mode, settings)
        script += ["\\echo '%smode %s'" % (tpch.MARK, mode),
                   "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s) "
                   "OR name LIKE 'pg\\_fusion.%%' ORDER BY name;" % arr]
    p = subprocess.run(tpch.psql_cmd(args, db) + ["-v", "ON_ERROR_STOP=1"],
                       input="\n".join(script) + "\n", capture_output=True, text=True)
    if p.returncode != 0:
        raise SetupError("applying the settings failed: %s" % tpch.error_message(p.stderr))
    effective, mode = {m: {} for m in modes}, None
    for line in p.stdout.splitlines():
        if line.startswith(tpch.MARK + "mode "):
            mode = line.split()[-1]
        elif mode and tpch.SEP in line:
            k, v = line.split(tpch.SEP, 1)
            effective[mode][k] = v
    if effective["on"].get("pg_fusion.enable") != "on":
        raise SetupError("pg_fusion is not loaded on this server (pg_fusion.enable is unknown); "
                         "add shared_preload_libraries = 'pg_fusion' and restart")
    return to_set, effective


# ---- facts for the JSON ----------------------------------------------------------------------

def git_info():
    def git(*a):
        p = subprocess.run(["git", "--no-optional-locks", "-C", REPO] + list(a),
                           capture_output=True, text=True)
        return p.stdout.strip() if p.returncode == 0 else None
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
            "dirty": bool(status) if status is not None else None}


def server_info(args):
    rows = psql(args, "SELECT version(), pg_database_size(current_database()), "
                "(SELECT extversion FROM pg_extension WHERE extname = 'pg_fusion'), "
                "(SELECT loaded_at FROM tpch_load), (SELECT seconds FROM tpch_load);")
    version, size, ext, loaded_at, load_s = rows[0]
    out = {"host": args.host, "port": str(args.port), "db": args.db, "version": version,
           "database_bytes": int(size), "pg_fusion_extension": ext or None,
           "loaded_at": loaded_at, "load_seconds": float(load_s) if load_s else None}
    if args.host.startswith("/"):  # local server: which pg_fusion.so it runs
        p = subprocess.run(["pg_config", "--pkglibdir"], capture_output=True, text=True)
        lib = os.path.join(p.stdout.strip(), "pg_fusion.so") if p.returncode == 0 else None
        if lib and os.path.exists(lib):
            st = os.stat(lib)
            out["pg_fusion_library"] = {
                "path": lib, "bytes": st.st_size,
                "mtime": datetime.datetime.fromtimestamp(st.st_mtime).astimezone().isoformat()}
    return out


def machine_info():
    return {"hostname": platform.node(), "cpus": os.cpu_count(), "platform": platform.platform(),
            "loadavg_start": list(os.getloadavg())}


def auto_choice(args, sql, to_set):
    """Which plan pg_fusion.enable = auto picks for sql (its EXPLAIN's "pg_fusion Plan Choice"):
    "fusion", "PG", or None if EXPLAIN says nothing (pg_fusion not consulted)."""
    script = tpch.switch_lines("auto", tpch.mode_settings(to_set, tpch.ALL_MODES))
    script.append("EXPLAIN (FORMAT JSON) %s;" % sql)
    p = subprocess.run(tpch.psql_cmd(args) + ["-v", "ON_ERROR_STOP=1"], input="\n".join(script) + "\n",
                       capture_output=True, text=True)
    if p.returncode != 0:
        return None
    try:
        groups = json.loads(p.stdout)
    except ValueError:
        return None
    chosen = next((g["pg_fusion Plan Choice"] for g in groups if "pg_fusion Plan Choice" in g), None)
    return {"pg_fusion": "fusion", "PostgreSQL": "PG"}.get(chosen)


def rnd(x, digits=6):
    return round(x, digits) if x is not None else None


def query_json(r):
    def mode(m):
        return {"median": rnd(r["median_" + m]), "runs": r["times_" + m],
                "warmup": r["warmup_" + m]}
    out = {"query": r["query"], "status": r["status"], "rows": r["rows"],
           "postgresql": mode("off"), "pg_fusion": mode("on"), "ratio": rnd(r["ratio"], 4)}
    if "median_auto" in r:
        out.update(auto=mode("auto"), ratio_auto=rnd(r["ratio_auto"], 4), auto_choice=r.get("auto_choice"))
    if r["diff"]:
        ref, other, first = r["diff"]
        lo = max(0, first - 1)
        out["difference"] = {"first_row": first + 1, "postgresql": ref[lo:first + 3],
                             "other": other[lo:first + 3]}
    return out


# ---- main ------------------------------------------------------------------------------------

def measure_boundary(args, to_set):
    """The boundary cost: the Q1 and Q6 lineitem scans alone (boundary/b01.sql, b06.sql: their
    columns and filters, every column counted), PostgreSQL's own (parallel) plan against
    pg_fusion's scan into the engine, same runs and settings as the queries. Prints
    pg_fusion/PostgreSQL: what moving the rows across the boundary costs on top of reading them."""
    out = []
    print("\nscan boundary cost (the Q1/Q6 scans alone, every column counted)")
    print("%-7s %12s %12s %12s  %s" % ("scan", "PostgreSQL s", "pg_fusion s", "fusion/PG", "status"))
    for n in (1, 6):
        with open(os.path.join(HERE, "boundary", "b%02d.sql" % n)) as f:
            sql = "\n".join(l for l in f.read().splitlines() if not l.lstrip().startswith("--"))
        r = tpch.measure(args, n, args.runs, warmup=1, settings=to_set, timeout=args.timeout,
                         sql=sql.strip().rstrip(";"))
        r["query"] = "B%02d" % n
        cost = r["median_on"] / r["median_off"] if r["median_on"] and r["median_off"] else None
        r["boundary_cost"] = cost
        print("B%02d     %12s %12s %12s  %s" % (
            n, "%.3f" % r["median_off"] if r["median_off"] else "-",
            "%.3f" % r["median_on"] if r["median_on"] else "-",
            "%.2f" % cost if cost else "-", r["status"]))
        out.append(r)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.split("\n")[7:]))
    ap.add_argument("--sf", type=float, default=1.0, help="scale factor (default 1)")
    ap.add_argument("--indexes", choices=INDEX_SETS, default="pkfk",
                    help="pkfk: primary keys + foreign-key indexes (default); pk: primary keys")
    ap.add_argument("--db", help="database (default tpch_sf<sf>_<indexes>)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--reload", action="store_true", help="load the database even if it matches")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per mode (default 3)")
    ap.add_argument("--queries", default="1-22", help="e.g. 1,3,5 or 1-22 (default)")
    ap.add_argument("--set-pg", action="append", type=parse_setting, default=[],
                    metavar="NAME=VALUE", help="setting for the PostgreSQL runs (repeatable)")
    ap.add_argument("--set-fusion", action="append", type=parse_setting, default=[],
                    metavar="NAME=VALUE", help="setting for the pg_fusion runs, on and auto (repeatable)")
    ap.add_argument("--modes", default="off,on,auto",
                    help="pg_fusion.enable modes to time: off,on (required) and auto (default all three)")
    ap.add_argument("--timeout", type=int, default=0, help="statement_timeout in seconds")
    ap.add_argument("--keep-going", action="store_true",
                    help="run the remaining queries after a DIFFERENT answer")
    ap.add_argument("--no-boundary", action="store_true",
                    help="skip the Q1/Q6 scan boundary-cost comparison")
    ap.add_argument("--json", help="result file (default bench/results/<db>-<date>.json)")
    ap.add_argument("--host", default="/tmp")
    ap.add_argument("--port", default="5433")
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--psql", default="psql")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if args.sf <= 0:
        ap.error("--sf must be positive")
    modes = tuple(m for m in tpch.ALL_MODES if m in args.modes.split(","))
    if set(args.modes.split(",")) != set(modes) or modes[:2] != tpch.MODES:
        ap.error("--modes: off,on or off,on,auto")
    try:
        qs = tpch.parse_queries(args.queries)
        sf = sf_text(args.sf)
    except (ValueError, SetupError) as e:
        ap.error(str(e))
    if not args.db:
        args.db = "tpch_sf%s_%s" % (sf.replace(".", "_"), args.indexes)
    started = datetime.datetime.now().astimezone()
    if not args.json:
        args.json = os.path.join(REPO, "bench", "results", "%s-%s.json" % (
            args.db, started.strftime("%Y%m%d-%H%M%S")))
    given = {"off": args.set_pg, "on": args.set_fusion}
    try:
        check_settings(args, given, db="postgres", modes=modes)  # fail before a long load
        loaded = ensure_database(args)
        to_set, effective = check_settings(args, given, modes=modes)
        doc = {"benchmark": "tpch", "date": started.isoformat(), "sf": args.sf,
               "seed": args.seed, "indexes": args.indexes, "loaded_now": loaded,
               "runs": args.runs, "warmup": 1, "order": "alternating " + ", ".join(modes),
               "timeout_s": args.timeout or None, "queries_requested": qs,
               "settings": {"postgresql": dict(given["off"]), "pg_fusion": dict(given["on"])},
               "effective_settings": dict({"postgresql": effective["off"],
                                           "pg_fusion": effective["on"]},
                                          **({"auto": effective["auto"]} if "auto" in modes else {})),
               "git": git_info(), "server": server_info(args), "machine": machine_info()}
    except SetupError as e:
        print("bench.py: %s" % e, file=sys.stderr)
        return 2

    def show(d):
        return ", ".join("%s=%s" % kv for kv in d) or "server defaults"
    print("server: host=%s port=%s db=%s; %d query(ies), 1 warm-up + %d run(s) per mode, "
          "alternating" % (args.host, args.port, args.db, len(qs), args.runs))
    print("PostgreSQL runs: pg_fusion.enable=off, %s" % show(given["off"]))
    print("pg_fusion runs:  pg_fusion.enable=%s, %s" % ("on and auto" if "auto" in modes else "on",
                                                       show(given["on"])))
    results, stopped = [], None
    for n in qs:
        print("Q%02d ..." % n, end=" ", flush=True)
        r = tpch.measure(args, n, args.runs, warmup=1, settings=to_set, timeout=args.timeout,
                         modes=modes)
        if "auto" in modes:
            r["auto_choice"] = auto_choice(args, r["sql"], to_set)
        results.append(r)

        def ts(m):
            return " ".join("%.3f" % t if t is not None else "-" for t in r["times_" + m])
        print("PostgreSQL %s | pg_fusion %s%s | %s" % (
            ts("off"), ts("on"), " | auto (%s) %s" % (r.get("auto_choice"), ts("auto"))
            if "auto" in modes else "", r["status"]), flush=True)
        if r["diff"]:
            print("\n" + "!" * 100)
            print("!!! Q%02d: %s" % (n, r["status"]))
            tpch.show_diff(*r["diff"])
            print("!" * 100 + "\n")
            if not args.keep_going and n != qs[-1]:
                stopped = n
                print("stopping after Q%02d (--keep-going runs the remaining queries)" % n)
                break
    s = tpch.print_report(results)
    boundary = [] if stopped is not None or args.no_boundary else measure_boundary(args, to_set)
    doc["machine"]["loadavg_end"] = list(os.getloadavg())
    doc["finished"] = datetime.datetime.now().astimezone().isoformat()
    doc["complete"] = stopped is None
    doc["stopped_after"] = stopped
    doc["queries"] = [query_json(r) for r in results]
    doc["boundary"] = [dict(query_json(r), boundary_cost=rnd(r["boundary_cost"], 4)) for r in boundary]
    doc["summary"] = dict(s, total_postgresql=rnd(s["total_postgresql"]),
                          total_pg_fusion=rnd(s["total_pg_fusion"]),
                          total_ratio=rnd(s["total_ratio"], 4),
                          geomean_ratio=rnd(s["geomean_ratio"], 4),
                          **{k: rnd(s[k], 4) for k in ("total_auto", "total_postgresql_auto",
                                                       "total_ratio_auto", "geomean_ratio_auto")
                             if k in s})
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("results: %s" % args.json)
    if stopped is not None:
        print("INCOMPLETE: stopped on a DIFFERENT answer in Q%02d" % stopped)
    return 1 if any(r["failed"] for r in results + boundary) else 0


if __name__ == "__main__":
    sys.exit(main())
