#!/usr/bin/env python3
"""Compare suite runner: every query runs with pg_fusion.enable = off and = on; results must match.

Usage:
    run_compare.py [--host H] [--port P] [--db D] [--user U] FILE.sql...
    run_compare.py --self-test

Input files (test/regress/compare/*.sql; see docs/testing.md):
  * Statements end with ';' at the end of a line (a statement may span lines).
  * A comment line of markers directly before a query changes how it is compared:
        -- @unordered   rows are a multiset: sort them before comparing
        -- @float       numeric fields compare with relative tolerance 1e-9 (absolute 1e-12)
        -- @error       the query must fail, with the same error in both modes
    Markers may be combined (`-- @unordered @float`). Other lines starting with `--` are comments.
  * Leading SET/CREATE/INSERT/ANALYZE/DROP/ALTER statements (before the first query) are setup, not
    compared: SET statements are applied at the start of both sessions; the others run once,
    before the comparison, and must succeed.
  * Later SET/RESET statements change the session in both modes and are not compared.

Per file, psql runs once per mode (-X -q -A -t -F '|', \\pset null '<NULL>', ON_ERROR_STOP off).
A query fails if its results differ, if it errors only with pg_fusion on, if it errors in both
modes without `-- @error`, or if errors differ. The last line is `N passed, N failed`.
Python 3 standard library only.
"""

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile

SETUP_KEYWORDS = ("SET", "CREATE", "INSERT", "ANALYZE", "DROP", "ALTER")
SESSION_KEYWORDS = ("SET", "RESET")
MARKERS = ("unordered", "float", "error")
MARK_PREFIX = "@@@ query "
END_MARK = "@@@ end"
SHOW_LINES = 40
REL_TOL = 1e-9
ABS_TOL = 1e-12


class Statement:
    def __init__(self, sql, line, markers):
        self.sql = sql                  # text including the final ';'
        self.line = line                # 1-based line in the input file
        self.markers = set(markers)
        self.kind = "query"             # query | setup | session

    def keyword(self):
        m = re.match(r"\s*([A-Za-z]+)", self.sql)
        return m.group(1).upper() if m else ""


class QueryResult:
    def __init__(self):
        self.rows = []                  # output lines
        self.errors = []                # ERROR messages (first line of each)
        self.messages = []              # all stderr lines for the query
        self.missing = False            # no output marker: psql died before it


def parse_file(text):
    """Splits a compare file into statements, classifies setup/session/query, collects markers."""
    stmts = []
    pending = []
    buf = []
    start = 0
    for lineno, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not buf:
            if not stripped:
                continue
            if stripped.startswith("--"):
                body = stripped[2:].strip()
                found = re.findall(r"@(\w+)", body)
                if found and body.startswith("@"):
                    for name in found:
                        if name not in MARKERS:
                            raise ValueError("line %d: unknown marker @%s" % (lineno, name))
                        pending.append(name)
                continue
            start = lineno
        buf.append(raw)
        if stripped.endswith(";"):
            stmts.append(Statement("\n".join(buf), start, pending))
            buf, pending = [], []
    if buf:
        stmts.append(Statement("\n".join(buf) + ";", start, pending))
    in_setup = True
    for st in stmts:
        kw = st.keyword()
        if in_setup and kw in SETUP_KEYWORDS and not st.markers:
            st.kind = "session" if kw in SESSION_KEYWORDS else "setup"
            continue
        in_setup = False
        if kw in SESSION_KEYWORDS and not st.markers:
            st.kind = "session"
    return stmts


def build_script(stmts, mode):
    """The psql script of one mode. Returns (script text, {line: query index or 'mode'})."""
    lines = ["\\set ON_ERROR_STOP off", "\\pset null '<NULL>'",
             "SET pg_fusion.enable = %s;" % mode]
    owner = {len(lines): "mode"}
    for st in stmts:
        if st.kind == "setup":
            continue
        if st.kind == "query":
            idx = st.index
            lines.append("\\echo '%s%d'" % (MARK_PREFIX, idx))
        else:
            idx = "session"
        for part in st.sql.split("\n"):
            lines.append(part)
            owner[len(lines)] = idx
    lines.append("\\echo '%s'" % END_MARK)
    return "\n".join(lines) + "\n", owner


ERR_RE = re.compile(r"^psql:(?P<file>.*?):(?P<line>\d+): (?P<msg>.*)$")


def parse_output(stdout, stderr, owner, script_path, nqueries):
    """Maps psql output back to queries: rows by the echo markers, messages by script line."""
    results = {i: QueryResult() for i in range(nqueries)}
    for r in results.values():
        r.missing = True
    mode_errors = []
    session_errors = []
    current = None
    saw_end = False
    for line in stdout.split("\n"):
        if line.startswith(MARK_PREFIX) and line[len(MARK_PREFIX):].isdigit():
            current = results.get(int(line[len(MARK_PREFIX):]))
            if current is not None:
                current.missing = False
            continue
        if line == END_MARK:
            saw_end = True
            current = None
            continue
        if current is not None:
            current.rows.append(line)
    for r in results.values():
        while r.rows and r.rows[-1] == "":
            r.rows.pop()
    target = None
    for line in stderr.split("\n"):
        m = ERR_RE.match(line)
        if m and os.path.basename(m.group("file")) == os.path.basename(script_path):
            who = owner.get(int(m.group("line")))
            msg = m.group("msg")
            if who == "mode":
                target = mode_errors
            elif who == "session":
                target = session_errors
            elif isinstance(who, int):
                target = results[who].messages
            else:
                target = session_errors
            target.append(msg)
            if msg.startswith("ERROR:") or msg.startswith("FATAL:"):
                if isinstance(who, int):
                    results[who].errors.append(re.sub(r"\s+", " ", msg))
                elif who == "mode":
                    pass
            continue
        if line.strip() and target is not None:
            target.append("  " + line)
        elif line.strip():
            session_errors.append(line)
    return results, mode_errors, session_errors, saw_end


def to_float(s):
    try:
        return float(s)
    except ValueError:
        return None


def fields_equal(a, b, use_float):
    if a == b:
        return True
    if not use_float:
        return False
    fa, fb = to_float(a), to_float(b)
    if fa is None or fb is None:
        return False
    if math.isnan(fa) or math.isnan(fb):
        return math.isnan(fa) and math.isnan(fb)
    if math.isinf(fa) or math.isinf(fb):
        return fa == fb
    return abs(fa - fb) <= max(ABS_TOL, REL_TOL * max(abs(fa), abs(fb)))


def rows_equal(off_rows, on_rows, markers):
    if "unordered" in markers:
        off_rows, on_rows = sorted(off_rows), sorted(on_rows)
    if len(off_rows) != len(on_rows):
        return False
    use_float = "float" in markers
    for ra, rb in zip(off_rows, on_rows):
        if ra == rb:
            continue
        if not use_float:
            return False
        fa, fb = ra.split("|"), rb.split("|")
        if len(fa) != len(fb):
            return False
        if not all(fields_equal(x, y, True) for x, y in zip(fa, fb)):
            return False
    return True


def judge(st, off, on):
    """Returns None if the query passes, else a reason."""
    if off.missing or on.missing:
        which = " and ".join(m for m, r in (("off", off), ("on", on)) if r.missing)
        return "no output with pg_fusion %s (psql stopped before this query: server crash?)" % which
    if "error" in st.markers:
        if not off.errors and not on.errors:
            return "marked @error but no error in either mode"
        if not off.errors:
            return "marked @error but pg_fusion off returned rows"
        if not on.errors:
            return "marked @error but pg_fusion on returned rows"
        if off.errors != on.errors:
            return "errors differ"
        return None
    if on.errors and not off.errors:
        return "ERROR only with pg_fusion on: %s" % on.errors[0]
    if off.errors and not on.errors:
        return "ERROR only with pg_fusion off: %s" % off.errors[0]
    if off.errors and on.errors:
        if off.errors != on.errors:
            return "errors differ"
        return "ERROR in both modes (add -- @error if that is expected): %s" % off.errors[0]
    if not rows_equal(off.rows, on.rows, st.markers):
        return "results differ"
    return None


def show(label, res):
    out = list(res.rows) + list(res.messages)
    print("    --- %s (%d row line%s)" % (label, len(res.rows), "" if len(res.rows) == 1 else "s"))
    for line in out[:SHOW_LINES]:
        print("    | " + line)
    if len(out) > SHOW_LINES:
        print("    | ... (%d more lines)" % (len(out) - SHOW_LINES))


def run_psql(args, script_text, extra_env=None, timeout=600):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", prefix="pgf_compare_", delete=False) as f:
        f.write(script_text)
        path = f.name
    try:
        cmd = [args.psql, "-X", "-q", "-A", "-t", "-F", "|", "-f", path]
        for opt, val in (("-h", args.host), ("-p", args.port), ("-U", args.user), ("-d", args.db)):
            if val:
                cmd += [opt, str(val)]
        env = dict(os.environ)
        env.setdefault("PGAPPNAME", "pg_fusion_compare")
        if extra_env:
            env.update(extra_env)
        try:
            p = subprocess.run(cmd, input="", capture_output=True, text=True, env=env,
                               timeout=timeout, errors="replace")
            return p.returncode, p.stdout, p.stderr, path
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
            return None, out, err + "\n(timeout after %ds)" % timeout, path
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


def run_file(args, path):
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            stmts = parse_file(f.read())
    except (OSError, ValueError) as e:
        print("%s: cannot read: %s" % (name, e))
        return 0, 1
    queries = [st for st in stmts if st.kind == "query"]
    for i, st in enumerate(queries):
        st.index = i
    if not queries:
        print("%s: no queries" % name)
        return 0, 0

    setup = [st for st in stmts if st.kind == "setup"]
    if setup:
        script = "\\set ON_ERROR_STOP on\n" + "\n".join(
            st.sql for st in stmts if st.kind in ("setup", "session") and st.line <= setup[-1].line) + "\n"
        rc, out, err, _ = run_psql(args, script, timeout=args.timeout)
        if rc != 0:
            print("%s: setup FAILED (exit status %s), %d queries not run:" % (name, rc, len(queries)))
            for line in (err.strip().split("\n"))[-SHOW_LINES:]:
                print("    | " + line)
            return 0, len(queries)

    runs = {}
    for mode in ("off", "on"):
        script, owner = build_script(stmts, mode)
        rc, out, err, spath = run_psql(args, script, timeout=args.timeout)
        results, mode_errors, session_errors, saw_end = parse_output(out, err, owner, spath, len(queries))
        if mode_errors:
            print("%s: cannot SET pg_fusion.enable = %s (is pg_fusion preloaded?): %s"
                  % (name, mode, mode_errors[0]))
            return 0, len(queries)
        if session_errors:
            print("%s: [%s] session statement messages: %s" % (name, mode, "; ".join(session_errors[:3])))
        if not saw_end:
            print("%s: [%s] psql stopped early (exit status %s)" % (name, mode, rc))
        runs[mode] = results

    passed = failed = 0
    lines = []
    for st in queries:
        off, on = runs["off"][st.index], runs["on"][st.index]
        reason = judge(st, off, on)
        if reason is None:
            passed += 1
            continue
        failed += 1
        first = st.sql.strip().split("\n")
        head = first[0] if len(first) == 1 else first[0] + " ..."
        lines.append((st, reason, head, off, on))
    print("%s: %d passed, %d failed" % (name, passed, failed))
    for st, reason, head, off, on in lines:
        marks = (" [%s]" % " ".join("@" + m for m in sorted(st.markers))) if st.markers else ""
        print("  FAIL %s:%d%s: %s" % (name, st.line, marks, reason))
        print("    query: %s" % head[:200])
        show("pg_fusion off", off)
        show("pg_fusion on", on)
    return passed, failed


SELF_TEST_INPUT = """\
-- setup
SET extra_float_digits = 0;
CREATE TABLE t (a int, b float8);
INSERT INTO t VALUES (1, 0.1), (2, 0.2);
ANALYZE t;

-- a plain query
SELECT a FROM t ORDER BY a;
-- @unordered
SELECT a,
       b
FROM t;
-- @unordered @float
SELECT sum(b) FROM t;
-- @error
SELECT 1 / 0;
SET TimeZone = 'UTC';
-- trailing comment
SELECT 'x;' AS s
"""


def self_test():
    ok = True

    def check(cond, what):
        nonlocal ok
        print("  %s %s" % ("ok  " if cond else "FAIL", what))
        ok = ok and cond

    stmts = parse_file(SELF_TEST_INPUT)
    kinds = [st.kind for st in stmts]
    check(kinds == ["session", "setup", "setup", "setup", "query", "query", "query", "query",
                    "session", "query"], "statement kinds %s" % kinds)
    q = [st for st in stmts if st.kind == "query"]
    for i, st in enumerate(q):
        st.index = i
    check(q[0].markers == set() and q[0].line == 8, "plain query: no markers, line 8")
    check(q[1].markers == {"unordered"} and q[1].sql.count("\n") == 2, "multi-line @unordered query")
    check(q[2].markers == {"unordered", "float"}, "combined markers")
    check(q[3].markers == {"error"}, "@error marker")
    check(q[4].sql.endswith("AS s;"), "last statement without ';' is closed")
    try:
        parse_file("-- @sorted\nSELECT 1;\n")
        check(False, "unknown marker rejected")
    except ValueError:
        check(True, "unknown marker rejected")

    script, owner = build_script(stmts, "on")
    lines = script.split("\n")
    check("SET pg_fusion.enable = on;" in lines and owner[lines.index("SET pg_fusion.enable = on;") + 1] == "mode",
          "mode SET is owned by 'mode'")
    check("SET extra_float_digits = 0;" in lines and "CREATE TABLE t (a int, b float8);" not in lines,
          "session setup repeated per mode, other setup not")
    err_line = [n for n, who in owner.items() if who == 3][0]
    fake_out = "@@@ query 0\n1\n2\n@@@ query 1\n2|0.2\n1|0.1\n@@@ query 2\n0.30000000000000004\n@@@ query 3\n" \
               "@@@ query 4\nx;\n@@@ end\n"
    fake_err = "psql:/tmp/s.sql:%d: ERROR:  division by zero\n" % err_line
    res, mode_err, sess_err, end = parse_output(fake_out, fake_err, owner, "/tmp/s.sql", 5)
    check(end and not mode_err and not sess_err, "end marker seen, no mode/session errors")
    check(res[0].rows == ["1", "2"] and res[4].rows == ["x;"], "rows split by query markers")
    check(res[3].errors == ["ERROR: division by zero"] and res[3].rows == [], "error mapped by line number")

    off_out = "@@@ query 0\n1\n2\n@@@ query 1\n1|0.1\n2|0.2\n@@@ query 2\n0.3\n@@@ query 3\n" \
              "@@@ query 4\nx;\n@@@ end\n"
    off, _, _, _ = parse_output(off_out, fake_err, owner, "/tmp/s.sql", 5)
    verdicts = [judge(st, off[st.index], res[st.index]) for st in q]
    check(verdicts == [None] * 5, "off/on agree under markers: %s" % verdicts)
    check(judge(q[0], off[0], res[1]) == "results differ", "ordered rows differ")
    check(not rows_equal(["0.3"], ["0.31"], {"float"}), "float tolerance is tight")
    check(rows_equal(["a|NaN|1e300"], ["a|NaN|1.0000000000000002e300"], {"float"}), "NaN and relative tolerance")
    check(not rows_equal(["1"], ["1", "1"], {"unordered"}), "multiset keeps duplicates")

    on_err = parse_output("@@@ query 0\n@@@ end\n",
                          "psql:/tmp/s.sql:%d: ERROR:  pg_fusion: window functions are not supported\n"
                          "LINE 1: SELECT a FROM t\n" % [n for n, w in owner.items() if w == 0][0],
                          owner, "/tmp/s.sql", 5)[0]
    r = judge(q[0], off[0], on_err[0])
    check(r is not None and r.startswith("ERROR only with pg_fusion on"), "error only with on is a failure")
    both = judge(q[0], res[3], res[3])
    check(both is not None and "add -- @error" in both, "same error in both modes without @error fails")
    missing = parse_output("@@@ query 0\n1\n", "", owner, "/tmp/s.sql", 5)
    check(not missing[3] and missing[0][1].missing, "queries after a psql exit are missing")
    print("self-test %s" % ("passed" if ok else "FAILED"))
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default=None)
    ap.add_argument("--port", default=None)
    ap.add_argument("--db", default=None)
    ap.add_argument("--user", default=None)
    ap.add_argument("--psql", default="psql", help="psql binary (default: psql on PATH)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per psql run (default 900)")
    ap.add_argument("--self-test", action="store_true", help="check the parser and comparator, no server")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.files:
        ap.error("no input files")
    total_p = total_f = 0
    for path in args.files:
        p, f = run_file(args, path)
        total_p += p
        total_f += f
    print("%d passed, %d failed" % (total_p, total_f))
    return 1 if total_f else 0


if __name__ == "__main__":
    sys.exit(main())
