#!/usr/bin/env python3
"""Differential test: random queries over the compare suite's tables, pg_fusion against
PostgreSQL.

    python3 test/fuzz/differential.py --host DIR --port N --db DB [--user U] [--seed S] [--queries N]

Each query joins two of the test tables (inner, left, right or full), filters, then either
groups (keys from columns, date functions and engine or PostgreSQL-side functions, sometimes
ROLLUP; aggregates with DISTINCT, FILTER, string_agg, array_agg, percentiles, stddev, avg, also
in HAVING) or selects expressions (window functions, DISTINCT); a third of them carry an
EXISTS / IN / NOT EXISTS / scalar subquery. Every query is wrapped to ORDER BY all
of its columns, so its answer is one exact text. A query passes if pg_fusion returns
PostgreSQL's rows and errors, or refuses it with "pg_fusion: ... is not supported" (never a
different answer is the rule; refusals are counted separately). Deterministic for a seed; no
floating-point columns, so no last-bit differences. Ends with "N passed, N failed".
"""

import argparse
import random
import subprocess
import sys

TABLES = {
    "f": ("facts", ["f.id", "f.dim_id", "f.cat", "f.qty", "f.price", "f.d", "f.flag", "f.ts"]),
    "d": ("dims", ["d.dim_id", "d.name", "d.region"]),
    "n": ("nums", ["n.id", "n.n9_2", "n.n4_1", "n.n18_4"]),
    "s": ("strs", ["s.id", "s.t", "s.vc", "s.ch"]),
    "i": ("ints", ["i.id", "i.i2", "i.i4", "i.i8"]),
}
NUMERIC = ["f.qty", "f.price", "n.n9_2", "n.n4_1", "i.i2", "i.i4", "f.dim_id"]
TEXT = ["f.cat", "d.name", "d.region", "s.t", "s.vc"]


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def pick(self, tables, columns):
        usable = [c for c in columns if c.split(".")[0] in tables]
        return self.rng.choice(usable) if usable else None

    def scalar(self, tables):
        n, t = self.pick(tables, NUMERIC), self.pick(tables, TEXT)
        kind = self.rng.choice(["column", "arithmetic", "function", "case", "coalesce", "date"])
        if kind == "arithmetic" and n:
            return f"({n} {self.rng.choice(['+', '-', '*'])} {self.rng.choice(['1', '2.5', n])})"
        if kind == "function":
            options = []
            if t:
                options += [f"upper({t})", f"length({t})", f"{t} || 'x'", f"substr({t}, 2, 3)",
                            f"concat({t}, '-')", f"left({t}, 2)", f"replace({t}, 'a', 'b')"]
            if n:
                options += [f"abs({n})", f"round({n}::numeric, 1)", f"greatest({n}, 10)", f"({n})::text"]
            if options:
                return self.rng.choice(options)
        if kind == "date" and "f" in tables:
            return self.rng.choice(["date_trunc('month', f.ts)", "extract(year FROM f.d)", "date_part('dow', f.ts)",
                                    "f.d + 7", "to_char(f.ts, 'YYYY-MM')"])
        if kind == "case" and n:
            return f"CASE WHEN {n} > 20 THEN {n} ELSE 0 END"
        if kind == "coalesce" and t:
            return f"coalesce({t}, 'none')"
        return self.pick(tables, NUMERIC + TEXT)

    def aggregate(self, tables):
        n, t = self.pick(tables, NUMERIC), self.pick(tables, TEXT)
        options = ["count(*)"]
        if n:
            options += [f"sum({n})", f"min({n})", f"max({n})", f"avg({n})", f"count(DISTINCT {n})",
                        f"sum({n}) FILTER (WHERE {n} > 10)", f"stddev({n})"]
        if n:
            options += [f"percentile_disc(0.5) WITHIN GROUP (ORDER BY {n})", f"array_agg({n} ORDER BY {n})",
                        f"round(avg({n}), 2)", f"sum({n}) / nullif(count(*), 0)"]
        if t:
            options += [f"max({t})", f"count({t})", f"string_agg({t}, ',' ORDER BY {t})"]
        return self.rng.choice(options)

    def condition(self, tables):
        n, t = self.pick(tables, NUMERIC), self.pick(tables, TEXT)
        options = []
        if n:
            options += [f"{n} > {self.rng.randint(0, 50)}", f"{n} IS NOT NULL", f"{n} BETWEEN 5 AND 40"]
        if t:
            options += [f"{t} LIKE '%a%'", f"{t} IS NULL", f"upper({t}) < 'M'"]
        return self.rng.choice(options) if options else "true"

    def subquery(self, tables):
        n = self.pick(tables, NUMERIC)
        if not n or self.rng.random() >= 0.3:
            return ""
        return self.rng.choice([
            f" AND EXISTS (SELECT 1 FROM dims d2 WHERE d2.dim_id = {n}::int % 100)",
            f" AND {n} IN (SELECT qty FROM facts WHERE id < 50)",
            f" AND {n} < (SELECT avg(qty) FROM facts WHERE id < 500)",
            f" AND NOT EXISTS (SELECT 1 FROM ints i2 WHERE i2.i4 = {n})",
        ])

    def query(self):
        a = self.rng.choice(list(TABLES))
        b = self.rng.choice([x for x in TABLES if x != a])
        if {a, b} == {"f", "d"}:
            on = "f.dim_id = d.dim_id"
        else:
            on = f"{TABLES[a][1][0]} % 7 = {TABLES[b][1][0]} % 7"
        join = self.rng.choice(["JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "JOIN"])
        tables = {a, b}
        where = ("f.id <= 3000" if "f" in tables else "true") + f" AND {self.condition(tables)}"
        where += self.subquery(tables)
        source = f"{TABLES[a][0]} {a} {join} {TABLES[b][0]} {b} ON {on} WHERE {where}"
        if self.rng.random() < 0.6:
            keys = [self.scalar(tables) for _ in range(self.rng.randint(1, 2))]
            outputs = keys + [self.aggregate(tables) for _ in range(self.rng.randint(1, 3))]
            n = self.pick(tables, NUMERIC)
            having = ""
            if self.rng.random() < 0.3:
                having = self.rng.choice([f" HAVING count(*) > {self.rng.randint(0, 3)}",
                                          f" HAVING avg({n}) > {self.rng.randint(5, 30)}" if n else ""])
            grouping = ", ".join(keys)
            if len(keys) > 1 and self.rng.random() < 0.2:
                grouping = f"ROLLUP ({grouping})"
            inner = f"SELECT {', '.join(outputs)} FROM {source} GROUP BY {grouping}{having}"
        else:
            outputs = [self.scalar(tables) for _ in range(self.rng.randint(1, 3))]
            n, t = self.pick(tables, NUMERIC), self.pick(tables, TEXT)
            if n and t and self.rng.random() < 0.4:
                outputs.append(self.rng.choice([f"sum({n}) OVER (PARTITION BY {t})", f"rank() OVER (ORDER BY {n})",
                                                f"count(*) OVER (PARTITION BY {t})",
                                                f"max({n}) OVER (PARTITION BY {t} ORDER BY {n})"]))
            distinct = "DISTINCT " if self.rng.random() < 0.2 else ""
            inner = f"SELECT {distinct}{', '.join(outputs)} FROM {source}"
        order = ", ".join(str(k + 1) for k in range(len(outputs)))
        return f"SELECT * FROM ({inner}) q ORDER BY {order}"


def run(args, sql, enable):
    result = subprocess.run(
        ["psql", "-X", "-At", "-h", args.host, "-p", str(args.port), "-U", args.user, "-d", args.db,
         "-c", f"SET pg_fusion.enable = {enable}", "-c", sql],
        capture_output=True, text=True, timeout=300)
    return result.stdout, result.stderr.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="/tmp")
    parser.add_argument("--port", type=int, default=5433)
    parser.add_argument("--db", default="pg_fusion_test")
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=120)
    args = parser.parse_args()
    generator = Generator(args.seed)
    passed = failed = refused = 0
    for _ in range(args.queries):
        sql = generator.query()
        off_rows, off_error = run(args, sql, "off")
        on_rows, on_error = run(args, sql, "on")
        if "pg_fusion:" in on_error and "is not supported" in on_error:
            refused += 1
            passed += 1
        elif off_rows == on_rows and bool(off_error) == bool(on_error):
            passed += 1
        else:
            failed += 1
            print(f"FAIL {sql}")
            print(f"  PostgreSQL: {off_error or off_rows.splitlines()[:3]}")
            print(f"  pg_fusion:  {on_error or on_rows.splitlines()[:3]}")
    print(f"{refused} of them refused by pg_fusion")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
