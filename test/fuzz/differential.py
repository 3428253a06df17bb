#!/usr/bin/env python3
"""Differential test: random queries over the compare suite's tables, pg_fusion against
PostgreSQL.

    python3 test/fuzz/differential.py --host DIR --port N --db DB [--user U] [--seed S] [--queries N]
                                      [--check] [--skip REGEX] [--print]

About two thirds of the queries join two of the test tables (inner, left, right or full),
filter, then either group (keys from columns, date functions and engine or PostgreSQL-side
functions, sometimes ROLLUP; aggregates with DISTINCT, FILTER, string_agg, array_agg,
percentiles, stddev, avg, also in HAVING) or select expressions (window functions, DISTINCT); a
third of them carry an EXISTS / IN / NOT EXISTS / scalar subquery. The rest (SHAPE_SHARE) are
shapes that once gave wrong answers, over small tables (some in schema fuzz, which the script
creates itself, see SETUP_SQL):
  - ordered derived tables (ORDER BY total, sometimes LIMIT/OFFSET inside) under an outer
    LIMIT/OFFSET without its own ORDER BY, also as a CTE or nested;
  - degenerate grouping: aggregates or HAVING without GROUP BY, GROUP BY constants, empty
    input, GROUPING SETS with empty sets, aggregates combined with NULL constants,
    `SELECT 1 FROM t WHERE 1 / x = 1 HAVING 1 < 2` (PostgreSQL does not scan at all);
  - scalar subqueries and casts in the final projection (float and numeric division by a
    scalar subquery, integer / and %, comparisons, ::text);
  - window functions: lag/lead with defaults of another type or scale, first_value /
    last_value / nth_value with ROWS and RANGE frames, windows over a GROUP BY;
  - set-returning functions in FROM: generate_series, unnest (also of a subquery's
    array_agg), ROWS FROM (...) WITH ORDINALITY, joined to tables;
  - rowtypes: SQL and PL/pgSQL functions returning SETOF a table with a dropped column, views,
    whole-row references, a view created before a column was added to its table;
  - infinities and NaN: date/timestamp/timestamptz +-infinity (extract, date_trunc,
    comparisons, min/max, ORDER BY, date arithmetic), numeric NaN/Infinity, float8 infinities.
Every query is wrapped to ORDER BY all of its columns, so its answer is one exact text --
except "ordered" queries (a LIMIT over an ordered derived table, a top-level ORDER BY that is
total), whose rows are compared in the order returned. A query passes if pg_fusion returns
PostgreSQL's rows and errors, or refuses it with "pg_fusion: ... is not supported" (never a
different answer is the rule; refusals are counted separately). Deterministic for a seed; no
floating-point arithmetic in the results but one correctly rounded division of two integers
(floats are otherwise only compared, counted or passed through), so no last-bit differences.
A lost connection is waited for and the query retried; a query that loses it twice with
pg_fusion on counts as a crash (a failure).
--check also runs each query a second time with pg_fusion off and reports generator problems
(a PostgreSQL error other than a data exception such as an overflow, or two different
PostgreSQL answers). --skip leaves out queries matching a regular expression (the generator
still makes them, so the other queries stay the same); --print only prints the queries.
Ends with "N passed, N failed".
"""

import argparse
import hashlib
import random
import re
import subprocess
import sys
import time

TABLES = {
    "f": ("facts", ["f.id", "f.dim_id", "f.cat", "f.qty", "f.price", "f.d", "f.flag", "f.ts"]),
    "d": ("dims", ["d.dim_id", "d.name", "d.region"]),
    "n": ("nums", ["n.id", "n.n9_2", "n.n4_1", "n.n18_4"]),
    "s": ("strs", ["s.id", "s.t", "s.vc", "s.ch"]),
    "i": ("ints", ["i.id", "i.i2", "i.i4", "i.i8"]),
}
NUMERIC = ["f.qty", "f.price", "n.n9_2", "n.n4_1", "i.i2", "i.i4", "f.dim_id"]
TEXT = ["f.cat", "d.name", "d.region", "s.t", "s.vc"]

# The share of queries that are one of the shapes below (the rest are the joins above).
SHAPE_SHARE = 0.35

# Small tables for the shapes, in schema fuzz. Rebuilt (in one transaction, under an advisory
# lock) only when the schema's comment is not this text's hash, so reruns and concurrent runs
# against one database are cheap and safe. Deterministic, like test/regress/data/setup.sql.
SETUP_SQL = r"""
DROP SCHEMA IF EXISTS fuzz CASCADE;
CREATE SCHEMA fuzz;
-- w: 40 rows, a unique id, small integers (x has zeros and NULLs), numerics of two scales
CREATE TABLE fuzz.w (id int4 PRIMARY KEY, g int4, x int4, y numeric(6,2), z numeric(5,1), t text, d date);
INSERT INTO fuzz.w
SELECT i, i % 4,
       CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 13) % 11 - 3 END,
       CASE WHEN i % 9 = 0 THEN NULL ELSE ((i * 37) % 1000 - 300) / 100.0 END,
       CASE WHEN i % 6 = 0 THEN NULL ELSE ((i * 7) % 30 - 10) / 2.0 END,
       CASE WHEN i % 8 = 0 THEN NULL ELSE 'w' || (i * 7 % 5)::text END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE date '2020-01-01' + (i * 5 % 17) END
FROM generate_series(1, 40) AS s(i);
-- rt: a table with a dropped column (rows from before and after the drop), functions
-- returning SETOF it, views over the table and over a function
CREATE TABLE fuzz.rt (a int4, drop_me int4, b text);
INSERT INTO fuzz.rt SELECT i, i * 10, 'r' || i::text FROM generate_series(1, 6) AS s(i);
ALTER TABLE fuzz.rt DROP COLUMN drop_me;
INSERT INTO fuzz.rt VALUES (7, NULL), (NULL, 'no a'), (NULL, NULL), (3, 'r3 again');
CREATE FUNCTION fuzz.rt_rows() RETURNS SETOF fuzz.rt LANGUAGE sql STABLE AS $$ SELECT * FROM fuzz.rt $$;
CREATE FUNCTION fuzz.rt_above(k int4) RETURNS SETOF fuzz.rt LANGUAGE sql STABLE
    AS $$ SELECT * FROM fuzz.rt WHERE a > k $$;
-- not inlined by the planner (PL/pgSQL, a SET clause): a real function scan of the rowtype
CREATE FUNCTION fuzz.rt_rows_pl() RETURNS SETOF fuzz.rt LANGUAGE plpgsql STABLE
    AS $$ BEGIN RETURN QUERY SELECT * FROM fuzz.rt; END $$;
CREATE FUNCTION fuzz.rt_rows_set() RETURNS SETOF fuzz.rt LANGUAGE sql STABLE SET search_path = fuzz
    AS $$ SELECT * FROM fuzz.rt $$;
CREATE VIEW fuzz.v_rt_fn AS SELECT * FROM fuzz.rt_rows();
CREATE VIEW fuzz.v_rt_pl AS SELECT * FROM fuzz.rt_rows_pl();
CREATE VIEW fuzz.v_rt AS SELECT a, b FROM fuzz.rt WHERE a IS NOT NULL;
-- vb: a view created before column c was added (with a default: old rows have it "missing")
CREATE TABLE fuzz.vb (id int4 PRIMARY KEY, a int4, b text);
INSERT INTO fuzz.vb SELECT i, i % 3, 'vb' || i::text FROM generate_series(1, 8) AS s(i);
CREATE VIEW fuzz.v_vb AS SELECT * FROM fuzz.vb;
ALTER TABLE fuzz.vb ADD COLUMN c int4 DEFAULT 7;
INSERT INTO fuzz.vb SELECT i, i % 3, 'vb' || i::text, i * 2 FROM generate_series(9, 12) AS s(i);
INSERT INTO fuzz.vb VALUES (13, NULL, NULL, NULL);
-- tinf: +-infinity dates and timestamps, numeric NaN/+-Infinity, float8 +-Infinity/NaN, ties
CREATE TABLE fuzz.tinf (id int4 PRIMARY KEY, g int4, d date, ts timestamp, tstz timestamptz, n numeric,
                        f8 float8);
INSERT INTO fuzz.tinf VALUES
    (1, 1, 'infinity', 'infinity', 'infinity', 'Infinity', 'Infinity'),
    (2, 1, '-infinity', '-infinity', '-infinity', '-Infinity', '-Infinity'),
    (3, 2, '2020-02-29', '2020-02-29 12:00:00', '2020-02-29 12:00:00+00', 'NaN', 'NaN'),
    (4, 2, '2021-01-01', '2021-01-01 00:00:00', '2021-01-01 00:00:00+00', 1.50, 1.5),
    (5, 3, NULL, NULL, NULL, NULL, NULL),
    (6, 3, 'infinity', 'infinity', 'infinity', 'Infinity', 'Infinity'),
    (7, 1, '1999-12-31', '1999-12-31 23:59:59', '1999-12-31 23:59:59+00', -2, -2),
    (8, 2, '-infinity', '-infinity', '-infinity', 'NaN', 'NaN'),
    (9, 3, '2020-02-29', '2020-02-29 12:00:00', '2020-03-01 00:00:00+05', 0.000, 0),
    (10, 1, '2024-06-15', '2024-06-15 08:30:00', '2024-06-15 08:30:00+00', 123.456, 123.5),
    (11, 2, '2020-02-29', '2020-02-29 12:00:00', '2020-02-29 12:00:00+00', 'Infinity', 'Infinity');
ANALYZE fuzz.w, fuzz.rt, fuzz.vb, fuzz.tinf;
"""


class Source:
    """One table for the shapes: alias, FROM item, a unique key, integer columns (small: their
    arithmetic never overflows), numeric(p,s) columns, text columns, a filter keeping it small."""

    def __init__(self, alias, table, key, ints, nums, texts, filt="true"):
        self.alias, self.table, self.key = alias, table, key
        self.ints, self.nums, self.texts, self.filter = ints, nums, texts, filt
        self.vals = ints + nums
        self.cols = ints + nums + texts

    def item(self):
        return f"{self.table} {self.alias}"


SOURCES = [  # fuzz.w, the one with every kind of column, twice as often
    Source("w", "fuzz.w", "w.id", ["w.g", "w.x"], ["w.y", "w.z"], ["w.t"]),
    Source("w", "fuzz.w", "w.id", ["w.g", "w.x"], ["w.y", "w.z"], ["w.t"]),
    Source("f", "facts", "f.id", ["f.qty", "f.dim_id"], ["f.price"], ["f.cat"], "f.id <= 2000"),
    Source("n", "nums", "n.id", ["n.id"], ["n.n9_2", "n.n4_1"], []),
    Source("s", "strs", "s.id", ["s.id"], [], ["s.t", "s.vc"]),
    Source("d", "dims", "d.dim_id", ["d.dim_id"], [], ["d.name"]),
    Source("i", "ints", "i.id", ["i.i2"], [], []),
]

# Scalar subqueries: integer ones are never 0 or NULL (divisors), numeric ones positive.
SQ_INT = ["(SELECT count(*) FROM dims)", "(SELECT max(w2.x) FROM fuzz.w w2)",
          "(SELECT min(dim_id) FROM dims WHERE dim_id > 3)", "(SELECT count(*) FROM fuzz.rt)",
          "(SELECT max(qty) FROM facts WHERE id <= 100)", "(SELECT sum(w2.g) FROM fuzz.w w2 WHERE w2.id < 5)"]
SQ_NUM = ["(SELECT max(w2.y) FROM fuzz.w w2)", "(SELECT min(n9_2) FROM nums WHERE n9_2 > 1)",
          "(SELECT sum(price) FROM facts WHERE id <= 10)"]
SQ_NULL = ["(SELECT max(w2.x) FROM fuzz.w w2 WHERE w2.id < 0)", "(SELECT dim_id FROM dims WHERE dim_id = -1)"]
SQ_TEXT = ["(SELECT min(name) FROM dims)", "(SELECT max(w2.t) FROM fuzz.w w2)"]

FRAMES = ["", "ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING",
          "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING", "ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING",
          "ROWS BETWEEN 2 PRECEDING AND CURRENT ROW", "ROWS UNBOUNDED PRECEDING",
          "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW", "RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
          "RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"]


def wrap(inner, n):
    """The query's rows as one exact text: ORDER BY all of its n columns."""
    return f"SELECT * FROM ({inner}) q ORDER BY {', '.join(str(k + 1) for k in range(n))}"


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.turns = {}

    def cycle(self, name, options):
        """The options in turn, from a seeded start: every shape and form comes up in a short run."""
        k = self.turns.get(name)
        if k is None:
            k = self.rng.randrange(len(options))
        self.turns[name] = k + 1
        return options[k % len(options)]

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

    def join_query(self):
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

    # ---- the shapes -----------------------------------------------------------------------
    # Each returns (sql, ordered): ordered queries are compared in the order returned.

    def query(self):
        if self.rng.random() >= SHAPE_SHARE:
            return self.join_query(), False
        shape = self.cycle("shape", [self.ordered_limit, self.degenerate, self.scalar_projection, self.window,
                                     self.srf, self.rowtype, self.infinity])
        return shape()

    def source(self, need=None):
        return self.rng.choice([s for s in SOURCES if need is None or getattr(s, need)])

    def direction(self):
        return self.rng.choice(["", "", " DESC", " NULLS FIRST", " DESC NULLS LAST"])

    def src_condition(self, s):
        options = [f"{s.key} % 3 <> 0", f"{s.key} > {self.rng.randint(1, 20)}"]
        for c in s.vals:
            options += [f"{c} > {self.rng.randint(-3, 10)}", f"{c} IS NOT NULL", f"{c} <= {self.rng.randint(0, 5)}"]
        for c in s.texts:
            options += [f"{c} LIKE '%{self.rng.choice('abw1')}%'", f"{c} IS NULL", f"{c} < 'm'"]
        return self.rng.choice(options)

    def src_where(self, s, empty=False):
        if empty:
            c = self.rng.choice(s.cols)
            return self.rng.choice(["false", "1 = 0", f"{s.key} < 0", f"{c} IS NULL AND {c} IS NOT NULL",
                                    f"{s.key} IN (SELECT id FROM empty_t)"])
        if self.rng.random() < 0.3:
            return s.filter
        return f"{s.filter} AND {self.src_condition(s)}"

    def src_scalar(self, s):
        options = list(s.cols)
        for c in s.ints:
            options += [f"{c} * 2", f"{c} + 1", f"{c} % 3", f"{c} / 2"]
        for c in s.nums:
            options += [f"{c} * 2", f"{c} - 1.5", f"round({c}, 1)"]
        for c in s.texts:
            options += [f"{c} || '!'", f"length({c})", f"coalesce({c}, '-')"]
        return self.rng.choice(options)

    def src_aggregate(self, s, top=True, numeric_only=False):
        """An aggregate over s; top: it may be avg or a bool (not inside a derived table)."""
        options = ["count(*)"]
        for c in s.vals:
            options += [f"sum({c})", f"min({c})", f"max({c})", f"count({c})"]
            if top:
                options += [f"avg({c})"]
        if not numeric_only:
            for c in s.texts:
                options += [f"min({c})", f"max({c})", f"count({c})"]
                if top:
                    options += [f"string_agg({c}, ',' ORDER BY {c})"]
            if top and s.vals:
                options += [f"bool_and({self.rng.choice(s.vals)} > 0)"]
        return self.rng.choice(options)

    def null_mix(self, agg):
        """agg (a numeric-valued aggregate) folded with a NULL constant."""
        return self.rng.choice([f"{agg} + CAST(NULL AS int)", f"CAST(NULL AS int) * {agg}",
                                f"coalesce(CAST(NULL AS bigint), {agg})", f"{agg} - NULL::int",
                                f"CASE WHEN NULL::bool THEN 0 ELSE {agg} END"])

    def limit_clause(self):
        n, m = self.rng.randint(0, 8), self.rng.randint(1, 6)
        return self.rng.choice([f" LIMIT {n}", f" LIMIT {n} OFFSET {m}", f" OFFSET {m}",
                                f" FETCH FIRST {n} ROWS ONLY", f" LIMIT {n + 5}"])

    def ordered_limit(self):
        """An ordered derived table under a LIMIT/OFFSET without ORDER BY: the inner ORDER BY is
        total, so the outer rows and their order are PostgreSQL's."""
        s = self.source()
        form = self.cycle("ordered_limit", ["plain", "grouped", "plain", "join", "distinct"])
        where = self.src_where(s)
        if form == "grouped":
            k = self.rng.choice(s.cols)
            outs = [k] + [self.src_aggregate(s, top=False) for _ in range(self.rng.randint(1, 2))]
            by = self.rng.choice([f"{self.rng.randint(2, len(outs))}{self.direction()}, 1", f"1{self.direction()}"])
            inner = f"SELECT {self.aliased(outs)} FROM {s.item()} WHERE {where} GROUP BY {k} ORDER BY {by}"
        elif form == "join":
            inner, outs = self.rng.choice([
                ("SELECT f.id AS c1, d.name AS c2, f.qty AS c3 FROM facts f {j} dims d ON d.dim_id = f.dim_id "
                 "WHERE f.id <= 2000 ORDER BY {o}, f.id", 3),
                ("SELECT w.id AS c1, d.name AS c2, w.y AS c3 FROM fuzz.w w {j} dims d ON d.dim_id = w.x "
                 "ORDER BY {o}, w.id", 3),
            ])
            inner = inner.format(j=self.rng.choice(["JOIN", "LEFT JOIN"]),
                                 o=self.rng.choice(["d.name", "c3", "d.dim_id"]) + self.direction())
            outs = list(range(outs))
        elif form == "distinct":
            c = self.rng.choice(s.cols)
            outs = [c]
            inner = f"SELECT DISTINCT {c} AS c1 FROM {s.item()} WHERE {where} ORDER BY 1{self.direction()}"
        else:
            outs = [self.src_scalar(s) for _ in range(self.rng.randint(1, 3))]
            key = self.rng.choice([s.key, s.key + " DESC"])
            inner = (f"SELECT {self.aliased(outs)} FROM {s.item()} WHERE {where} "
                     f"ORDER BY {self.rng.choice(s.cols)}{self.direction()}, {key}")
        if self.rng.random() < 0.4:
            inner += self.limit_clause()
        outer = self.rng.choice([
            "SELECT * FROM ({i}) x{l}", "SELECT * FROM ({i}) x{l}", "WITH x AS ({i}) SELECT * FROM x{l}",
            "SELECT * FROM (SELECT * FROM ({i}) x{l}) y{l2}", "SELECT * FROM ({i}) x WHERE x.c1 IS NOT NULL{l}",
        ]).format(i=inner, l=self.limit_clause(), l2=self.limit_clause())
        r = self.rng.random()
        if r < 0.15:  # the set is PostgreSQL's too, whatever the order
            return wrap(outer, len(outs)), False
        if r < 0.25:
            return f"SELECT count(*), count(z.c1), min(z.c1) FROM ({outer}) z", False
        return outer, True

    def aliased(self, outputs):
        return ", ".join(f"{o} AS c{k + 1}" for k, o in enumerate(outputs))

    def degenerate(self):
        """Aggregates / HAVING without GROUP BY, GROUP BY constants, empty input, GROUPING SETS
        with empty sets, aggregates folded with NULL constants."""
        s = self.source()
        where = self.src_where(s, empty=self.rng.random() < 0.4)
        aggs = []
        for j in range(self.rng.randint(1, 3)):
            if (self.cycle("null_mix", [True, False]) if j == 0 else self.rng.random() < 0.3):
                aggs.append(self.null_mix(self.src_aggregate(s, top=False, numeric_only=True)))
            else:
                aggs.append(self.src_aggregate(s))
        c = self.rng.choice(s.cols)
        having = self.rng.choice(["1 < 2", "1 > 2", f"count(*) > {self.rng.randint(0, 5)}", "count(*) = 0",
                                  f"min({c}) IS NULL", f"max({c}) IS NOT NULL",
                                  f"count({c}) < {self.rng.randint(1, 30)}"])
        form = self.cycle("degenerate", ["plain", "having", "const_having", "no_scan", "group_const", "grouping_sets"])
        if form == "plain":
            return wrap(f"SELECT {', '.join(aggs)} FROM {s.item()} WHERE {where}", len(aggs)), False
        if form == "having":
            return wrap(f"SELECT {', '.join(aggs)} FROM {s.item()} WHERE {where} HAVING {having}", len(aggs)), False
        if form == "const_having":
            consts = self.rng.choice([["1"], ["'x'::text", "2"], ["CAST(NULL AS int)"], ["1 + 1", "'k'::text"]])
            where = self.rng.choice(["", f" WHERE {where}"])
            cond = self.rng.choice(["1 < 2", "1 > 2", "2 >= 2", "true"])
            return wrap(f"SELECT {', '.join(consts)} FROM {s.item()}{where} HAVING {cond}", len(consts)), False
        if form == "no_scan":
            # PostgreSQL plans a degenerate grouping without aggregates as a Result: no scan, so
            # the WHERE (here: a division by zero) is never evaluated.
            x = self.rng.choice(["w.x", "w.g"])
            consts = self.rng.choice([["1"], ["1", "'k'::text"]])
            grouping = self.rng.choice(["HAVING 1 < 2", "HAVING 1 > 2", "GROUP BY ()",
                                        "GROUP BY GROUPING SETS ((), ())"])
            return wrap(f"SELECT {', '.join(consts)} FROM fuzz.w w WHERE 1 / {x} = 1 {grouping}", len(consts)), False
        if form == "group_const":
            k = self.rng.choice(["1", "'a'::text", "CAST(NULL AS int)", "2 + 3"])
            variant = self.rng.choice(["position", "alias", "hidden", "mixed"])
            if variant == "hidden" and k == "1":  # GROUP BY 1 would name the first output
                k = "1 + 0"
            if variant == "position":
                inner = f"SELECT {k} AS k, {', '.join(aggs)} FROM {s.item()} WHERE {where} GROUP BY 1"
            elif variant == "alias":
                inner = f"SELECT {k} AS k, {', '.join(aggs)} FROM {s.item()} WHERE {where} GROUP BY k"
            elif variant == "hidden":
                return wrap(f"SELECT {', '.join(aggs)} FROM {s.item()} WHERE {where} GROUP BY {k}", len(aggs)), False
            else:
                inner = f"SELECT {k} AS k, {c}, {', '.join(aggs)} FROM {s.item()} WHERE {where} GROUP BY 1, {c}"
                return wrap(inner, len(aggs) + 2), False
            return wrap(inner, len(aggs) + 1), False
        sets = self.rng.choice(["(), ()", "()", "(), ({c})", "({c}), (), ({c})", "ROLLUP ({c})", "CUBE ({c})",
                                "(), (), ({c})"]).format(c=c)
        if self.rng.random() < 0.2:
            return wrap(f"SELECT 1 FROM {s.item()} WHERE {where} GROUP BY GROUPING SETS ({sets})", 1), False
        keys = [c, f"GROUPING({c})"] if f"({c})" in sets else []
        inner = f"SELECT {', '.join(keys + aggs)} FROM {s.item()} WHERE {where} GROUP BY GROUPING SETS ({sets})"
        if self.rng.random() < 0.3:
            inner += f" HAVING {having}"
        return wrap(inner, len(keys) + len(aggs)), False

    def scalar_projection(self):
        """Scalar subqueries and casts in the final projection: float and numeric division,
        integer / and %, arithmetic with aggregates, comparisons, ::text."""
        s = self.source("vals")
        v = self.rng.choice(s.vals)
        i = self.rng.choice(s.ints) if s.ints else None
        sq_i, sq_n, sq_null, sq_t = (self.rng.choice(SQ_INT), self.rng.choice(SQ_NUM), self.rng.choice(SQ_NULL),
                                     self.rng.choice(SQ_TEXT))
        sq_any = self.rng.choice([sq_i, sq_n])
        mode = self.cycle("scalar_projection", ["grouped", "aggregate", "rows", "aggregate"])
        if mode == "rows":
            options = [f"{v} / {sq_i}", f"{v} > {sq_any}", f"{v} - {sq_n}", f"{v} * {sq_i}",
                       f"coalesce({sq_null}, -1) + {v}", f"{sq_t} || coalesce({v}::text, '?')",
                       f"CASE WHEN {v} >= {sq_any} THEN 'ge' ELSE 'lt' END"]
            if i:
                options += [f"{i} % {sq_i}", f"float8({i}) / {sq_i}",
                            f"(SELECT count(*) FROM dims d2 WHERE d2.dim_id = {i})"]
        else:
            options = [f"float8(count(*)) / {sq_i}", f"count(*)::float8 / {sq_i}", f"sum({v})::numeric / {sq_n}",
                       f"sum({v}) / {sq_i}", f"{sq_any}::text", f"{sq_i}::text || '/' || count(*)",
                       f"count(*) + {sq_i}", f"{sq_i} * max({v})", f"sum({v}) - {sq_n}", f"count(*) > {sq_i}",
                       f"max({v}) >= {sq_any}", f"CASE WHEN sum({v}) > {sq_any} THEN 'above' ELSE 'below' END",
                       f"coalesce({sq_null}, -1)", f"count(*) + {sq_null}", f"{sq_t}", f"min({v}) = {sq_any}",
                       f"count(*) * 100 / {sq_i}"]
            if i:
                options += [f"sum({i}) % {sq_i}", f"max({i}) / {sq_i}", f"float8(sum({i})) / {sq_i}"]
        outs = self.rng.sample(options, self.rng.randint(1, 3))
        where = self.src_where(s)
        if self.rng.random() < 0.25:
            where += f" AND {v} <= {sq_any}"
        if mode == "rows":
            outs = [s.key] + outs
            return wrap(f"SELECT {', '.join(outs)} FROM {s.item()} WHERE {where}", len(outs)), False
        if mode == "grouped":
            k = self.rng.choice(s.cols)
            having = self.rng.choice(["", f" HAVING count(*) > {sq_i} / 10", f" HAVING max({v}) < {sq_any}"])
            return wrap(f"SELECT {k}, {', '.join(outs)} FROM {s.item()} WHERE {where} GROUP BY {k}{having}",
                        len(outs) + 1), False
        return wrap(f"SELECT {', '.join(outs)} FROM {s.item()} WHERE {where}", len(outs)), False

    def window(self):
        """Window functions with defaults and frames; the ORDER BY of value functions is total."""
        s = self.source("vals")
        if self.rng.random() < 0.3:
            return self.window_over_group(s)
        part = self.rng.choice(["", "", f"PARTITION BY {self.rng.choice(s.cols)} "])
        col = self.rng.choice(s.cols)
        total = f"{part}ORDER BY {col}{self.direction()}, {s.key}{self.rng.choice(['', ' DESC'])}"
        loose = f"{part}ORDER BY {col}{self.direction()}"
        funcs = []
        for j in range(self.rng.randint(1, 3)):
            v = self.rng.choice(s.vals)
            num = v in s.nums
            kinds = ["laglead", "value", "laglead", "aggregate", "rank"]
            kind = self.cycle("window", kinds) if j == 0 else self.rng.choice(kinds)
            if kind == "laglead":
                f = self.rng.choice(["lag", "lead"])
                args = self.rng.choice([f"{v} * 2, 1, -1.4", f"{v}, 2, 0", f"{v}, 1, 2.50", f"{v}, 1, 0.5",
                                        f"{v}, 2, 1.234", f"{v}", f"{v}, 3", f"{v}, 1, -1", f"{v} + 1, 1, {v}"])
                if s.texts and self.rng.random() < 0.2:
                    args = f"{self.rng.choice(s.texts)}, 1, 'none'"
                funcs.append(f"{f}({args}) OVER ({total})")
            elif kind == "value":
                f = self.rng.choice(["first_value({v})", "last_value({v})", "nth_value({v}, 2)",
                                     "first_value({v} * 2)"])
                funcs.append(f"{f.format(v=v)} OVER ({total} {self.rng.choice(FRAMES)})")
            elif kind == "aggregate":
                agg = self.rng.choice([f"sum({v})", "count(*)", f"min({v})", f"max({v})", f"count({v})"]
                                      + ([] if num or self.rng.random() < 0.5 else [f"avg({v})"]))
                if self.rng.random() < 0.5:  # peers of a loose order share the default RANGE frame
                    frame = self.rng.choice(["", "RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
                                             "RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING"])
                    funcs.append(f"{agg} OVER ({loose} {frame})")
                elif self.rng.random() < 0.3:
                    funcs.append(f"{agg} OVER ({part})")
                else:
                    funcs.append(f"{agg} OVER ({total} {self.rng.choice(FRAMES)})")
            else:
                funcs.append(self.rng.choice([f"row_number() OVER ({total})", f"rank() OVER ({loose})",
                                              f"dense_rank() OVER ({loose})", f"ntile(3) OVER ({total})"]))
        outs = [s.key] + self.rng.sample(s.cols, self.rng.randint(0, min(2, len(s.cols)))) + funcs
        return wrap(f"SELECT {', '.join(outs)} FROM {s.item()} WHERE {self.src_where(s)}", len(outs)), False

    def window_over_group(self, s):
        k = self.rng.choice(s.cols)
        v = self.rng.choice(s.vals)
        kd = f"{k}{self.direction()}"  # the group key is unique among the groups: a total order
        funcs = self.rng.sample([
            "rank() OVER (ORDER BY count(*) DESC)", f"row_number() OVER (ORDER BY sum({v}) NULLS FIRST, {kd})",
            f"lag(sum({v}), 1, 0) OVER (ORDER BY {kd})", f"lead(count(*), 1, -1) OVER (ORDER BY {kd})",
            "sum(count(*)) OVER ()", f"sum(sum({v})) OVER (ORDER BY {kd})",
            f"first_value({k}) OVER (ORDER BY count(*), {kd})",
            f"last_value(max({v})) OVER (ORDER BY {kd} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
            f"lag(max({v}), 1, 0.5) OVER (ORDER BY {kd})", f"count(*) OVER (ORDER BY min({v}))",
        ], self.rng.randint(1, 3))
        outs = [k, "count(*)", f"sum({v})"] + funcs
        return wrap(f"SELECT {', '.join(outs)} FROM {s.item()} WHERE {self.src_where(s)} GROUP BY {k}",
                    len(outs)), False

    def srf(self):
        """Set-returning functions in FROM, alone or joined to tables."""
        a, b = self.rng.randint(-2, 5), self.rng.randint(5, 25)
        gs = f"generate_series({a}, {b}{self.rng.choice(['', ', 2', ', 3'])})"
        arr = self.rng.choice(["ARRAY[1, 2, 2, NULL, 5]", "'{3,1,4,1,5}'::int[]", "ARRAY[]::int[]", "ARRAY[7, -1, 0]"])
        s = self.source("vals")
        c = self.rng.choice(s.vals)
        sub = f"(SELECT array_agg({c} ORDER BY {c}) FROM {s.item()} WHERE {self.src_where(s)})"
        ordinality = self.rng.random() < 0.4
        u_cols = "u(v, o)" if ordinality else "u(v)"
        u_out = 2 if ordinality else 1
        wo = " WITH ORDINALITY" if ordinality else ""
        form = self.cycle("srf", ["gs_join", "unnest_sub", "gs_group", "unnest", "unnest_sub", "rows_from",
                                  "aggregate", "ts_series", "sub_bound", "srf_join"])
        j = self.rng.choice(["JOIN", "LEFT JOIN"])
        if form == "gs_join":
            return wrap(f"SELECT g.x, d.name FROM {gs} AS g(x) {j} dims d ON d.dim_id = g.x", 2), False
        if form == "gs_group":
            return wrap(f"SELECT g.x, count(w.id), sum(w.x) FROM {gs} AS g(x) {j} fuzz.w w ON w.g = g.x "
                        f"GROUP BY g.x", 3), False
        if form == "unnest":
            if self.rng.random() < 0.5:
                return wrap(f"SELECT u.*, w.id FROM unnest({arr}){wo} AS {u_cols} {j} fuzz.w w ON w.x = u.v",
                            u_out + 1), False
            return wrap(f"SELECT * FROM unnest({arr}){wo} AS {u_cols}", u_out), False
        if form == "unnest_sub":
            r = self.rng.random()
            if r < 0.4:
                return wrap(f"SELECT * FROM unnest({sub}){wo} AS {u_cols}", u_out), False
            if r < 0.7:
                return wrap(f"SELECT count(*), count(u.v), min(u.v), max(u.v) FROM unnest({sub}) AS u(v)", 4), False
            return wrap(f"SELECT u.v, count(w.id) FROM unnest({sub}) AS u(v) {j} fuzz.w w ON w.g = u.v GROUP BY u.v",
                        2), False
        if form == "rows_from":
            inner = (f"SELECT * FROM ROWS FROM (generate_series(1, {self.rng.randint(2, 6)}), "
                     f"unnest(ARRAY['a', 'b', NULL, 'c'])) WITH ORDINALITY AS r(n, t, o)")
            if self.rng.random() < 0.5:
                return wrap(inner.replace("SELECT *", "SELECT r.*, w.x") + f" {j} fuzz.w w ON w.id = r.n", 4), False
            return wrap(inner, 3), False
        if form == "aggregate":
            return wrap(f"SELECT count(*), sum(x), min(x), max(x) FROM generate_series(1, 1000) AS g(x) "
                        f"WHERE x % {self.rng.randint(2, 9)} = {self.rng.randint(0, 1)}", 4), False
        if form == "ts_series":
            return wrap(f"SELECT g.t, count(w.id) FROM generate_series(timestamp '2020-01-01', timestamp '2020-01-18', "
                        f"interval '{self.rng.randint(1, 4)} days') AS g(t) {j} fuzz.w w ON w.d::timestamp = g.t "
                        f"GROUP BY g.t", 2), False
        if form == "sub_bound":
            return wrap(f"SELECT g.x, r.b FROM generate_series(1, {self.rng.choice(SQ_INT)}) AS g(x) "
                        f"{j} fuzz.rt r ON r.a = g.x", 2), False
        return wrap(f"SELECT g.x, u.v FROM {gs} AS g(x) JOIN unnest({arr}) AS u(v) ON u.v = g.x", 2), False

    def rowtype(self):
        """Rowtypes: a function returning SETOF a table with a dropped column, views, whole-row
        references, a view made before a column was added."""
        k = self.rng.randint(0, 5)
        rcond = self.rng.choice([f"a > {k}", "b LIKE 'r%'", "a IS NULL", "true", f"a <> {k}"])
        fn = self.rng.choice(["fuzz.rt_rows()", "fuzz.rt_rows_pl()", "fuzz.rt_rows_set()", "fuzz.v_rt_fn",
                              "fuzz.v_rt_pl"])
        groups = {
            "function": [  # a function returning SETOF the table with a dropped column, views over it
                (f"SELECT * FROM {fn} r WHERE {rcond}", 2),
                (f"SELECT r.b, count(*) FROM {fn} r JOIN fuzz.w w ON w.g = r.a GROUP BY r.b", 2),
                (f"SELECT x FROM {fn} x", 1),
                (f"SELECT r.a, r.b FROM fuzz.rt_above({k}) r", 2),
                (f"SELECT count(*), max(b), sum(a) FROM {fn}", 3),
                (f"SELECT r.b, w.x FROM {fn} r JOIN fuzz.w w ON w.id = r.a", 2),
            ],
            "table": [  # the table with a dropped column, a view over it
                (f"SELECT * FROM fuzz.rt r WHERE {rcond}", 2),
                ("SELECT a, count(*), max(b) FROM fuzz.rt GROUP BY a", 3),
                ("SELECT * FROM fuzz.v_rt", 2),
                ("SELECT v.a, v.b, r.b FROM fuzz.v_rt v LEFT JOIN fuzz.rt r ON r.a = v.a + 1", 3),
            ],
            "whole_row": [
                (f"SELECT r FROM fuzz.rt r WHERE {rcond}", 1),
                ("SELECT row(r.*) FROM fuzz.rt r", 1),
                ("SELECT count(r), count(*) FROM fuzz.rt r", 2),
                ("SELECT count(r), count(*) FROM fuzz.w w LEFT JOIN fuzz.rt r ON r.a = w.g", 2),
                ("SELECT r::text FROM fuzz.rt r", 1),
                (f"SELECT d FROM dims d WHERE d.dim_id < {k + 3}", 1),
                ("SELECT v FROM fuzz.v_vb v", 1),
                ("SELECT (r).b FROM fuzz.rt r", 1),
                ("SELECT w.id, r FROM fuzz.w w JOIN fuzz.rt r ON r.a = w.id", 2),
            ],
            "added_column": [  # a view made before its table got column c (old rows: c "missing")
                (f"SELECT * FROM fuzz.v_vb WHERE a <> {k % 3}", 3),
                ("SELECT v.*, b.c FROM fuzz.v_vb v JOIN fuzz.vb b USING (id)", 4),
                ("SELECT * FROM fuzz.vb", 4),
                ("SELECT c, count(*), sum(a) FROM fuzz.vb GROUP BY c", 3),
                (f"SELECT id, c + 1 FROM fuzz.vb WHERE c = 7 OR a = {k % 3}", 2),
            ],
        }
        group = self.cycle("rowtype", ["function", "whole_row", "function", "table", "added_column"])
        sql, n = self.rng.choice(groups[group])
        return wrap(sql, n), False

    def infinity(self):
        """+-infinity dates and timestamps, numeric NaN/Infinity, float8 infinities (only
        compared, counted or passed through)."""
        t = "fuzz.tinf t" if self.rng.random() < 0.5 else "times t"
        ids, d, ts, tstz = "t.id", "t.d", "t.ts", "t.tstz"
        col = self.rng.choice([d, ts, tstz])
        exprs = {
            # (times holds 4713-01-01 BC, the first date: minus 1 is out of range)
            d: [d, f"{d} + {self.rng.randint(1, 40)}", f"{d} - 1" if t.startswith("fuzz") else d,
                f"extract(year FROM {d})", f"date_part('month', {d})", f"extract(dow FROM {d})", f"{d}::timestamp",
                f"CASE WHEN isfinite({d}) THEN {d} - date '2000-01-01' END"],
            ts: [ts, f"date_trunc('{self.rng.choice(['day', 'month', 'year', 'hour'])}', {ts})",
                 f"extract(year FROM {ts})",
                 f"date_part('hour', {ts})", f"{ts}::date", f"extract(epoch FROM {ts})"],
            tstz: [tstz, f"extract(epoch FROM {tstz})", f"{tstz} = '2000-01-01 00:00:00+00'"],
        }
        conds = {
            d: ["{c} = 'infinity'", "{c} < 'infinity'", "{c} > '-infinity'", "{c} >= '2000-01-01'", "{c} = '-infinity'",
                "isfinite({c})", "{c} <> 'infinity'", "{c} BETWEEN '-infinity' AND '2021-01-01'"],
            ts: ["{c} = 'infinity'", "{c} < 'infinity'", "{c} > '-infinity'", "{c} >= '2000-01-01 00:00:00'",
                 "isfinite({c})", "{c} IS NOT NULL"],
            tstz: ["{c} > '2000-01-01 00:00:00+00'", "{c} = '-infinity'", "{c} < 'infinity'", "{c} IS NULL"],
        }
        cond = self.rng.choice(conds[col]).format(c=col)
        form = self.cycle("infinity", ["rows", "aggregate", "numeric", "ordered", "rows", "join", "numeric", "float"])
        if form == "rows":
            outs = [ids] + self.rng.sample(exprs[col], self.rng.randint(1, 2))
            where = self.rng.choice(["true", cond])
            return wrap(f"SELECT {', '.join(outs)} FROM {t} WHERE {where}", len(outs)), False
        if form == "aggregate":
            aggs = self.rng.sample([f"min({col})", f"max({col})", f"count(DISTINCT {col})",
                                    f"count(*) FILTER (WHERE {col} = 'infinity')", f"count(*) FILTER (WHERE {cond})",
                                    f"max({col}) FILTER (WHERE {col} < 'infinity')"], self.rng.randint(1, 3))
            if t.startswith("fuzz.tinf") and self.rng.random() < 0.5:
                return wrap(f"SELECT t.g, {', '.join(aggs)} FROM {t} GROUP BY t.g", len(aggs) + 1), False
            if self.rng.random() < 0.3:
                return wrap(f"SELECT {col}, count(*) FROM {t} GROUP BY {col}", 2), False
            return wrap(f"SELECT {', '.join(aggs)} FROM {t}", len(aggs)), False
        if form == "ordered":
            where = self.rng.choice(["", f" WHERE {cond}"])
            return (f"SELECT {ids}, {col} FROM {t}{where} ORDER BY {col}{self.direction()}, {ids}"
                    f"{self.rng.choice(['', ' LIMIT 4', ' LIMIT 3 OFFSET 2'])}"), True
        if form == "join":
            c = self.rng.choice(["d", "ts", "tstz"])
            op = self.rng.choice(["=", "=", "<", ">="])
            return wrap(f"SELECT t.id, tm.id FROM fuzz.tinf t JOIN times tm ON tm.{c} {op} t.{c}", 2), False
        if form == "numeric":
            tn, n = self.rng.choice([("fuzz.tinf", "n"), ("free_nums", "n"), ("free_nums", "m")])
            ncond = self.rng.choice([f"{n} > 1", f"{n} = 'NaN'", f"{n} <> 'Infinity'", f"{n} IS NOT NULL",
                                     f"{n} < 'Infinity'", f"{n} >= '-Infinity'", "true"])
            r = self.rng.random()
            if r < 0.4:
                outs = ["id"] + self.rng.sample([n, f"{n} * 2", f"{n} + 1", f"abs({n})", f"round({n}, 1)",
                                                 f"{n}::text", f"{n} > 0", f"{n} = 'NaN'"], self.rng.randint(1, 3))
                return wrap(f"SELECT {', '.join(outs)} FROM {tn} WHERE {ncond}", len(outs)), False
            if r < 0.7:
                return (f"SELECT id, {n} FROM {tn} WHERE {ncond} ORDER BY {n}{self.direction()}, id"
                        f"{self.rng.choice(['', ' LIMIT 3'])}"), True
            aggs = self.rng.sample([f"count(*) FILTER (WHERE {n} = 'NaN')", f"count(*) FILTER (WHERE {n} > 100)",
                                    f"count({n})", f"max({n})", f"min({n})"], 2)
            return wrap(f"SELECT {', '.join(aggs)} FROM {tn} WHERE {ncond}", 2), False
        tf, f = self.rng.choice([("floats", "f8"), ("floats", "f4"), ("fuzz.tinf", "f8")])
        fcond = self.rng.choice([f"{f} = 'Infinity'", f"{f} = '-Infinity'", f"{f} = 'NaN'", f"{f} > 1e30",
                                 f"{f} IN ('Infinity', '-Infinity', 'NaN')", f"{f} < '-Infinity'"])
        r = self.rng.random()
        if r < 0.3:
            return wrap(f"SELECT id, {f} FROM {tf} WHERE {fcond}", 2), False
        if r < 0.6:
            return wrap(f"SELECT count(*) FILTER (WHERE {fcond}), count(*) FILTER (WHERE {f} > 0), min({f}), max({f}) "
                        f"FROM {tf}", 4), False
        return (f"SELECT id FROM {tf} WHERE {f} IS NOT NULL ORDER BY {f}{self.direction()}, id"
                f"{self.rng.choice(['', ' LIMIT 5'])}"), True


LOST = ("server closed the connection", "could not connect", "connection to server", "the database system is",
        "terminating connection", "no connection to the server")


def run(args, sql, enable, verbose=False):
    result = subprocess.run(
        ["psql", "-X", "-At", "-h", args.host, "-p", str(args.port), "-U", args.user, "-d", args.db]
        + (["-v", "VERBOSITY=verbose"] if verbose else [])
        + ["-c", f"SET pg_fusion.enable = {enable}", "-c", sql],
        capture_output=True, text=True, timeout=300)
    return result.stdout, result.stderr.strip()


def lost(error):
    return any(text in error for text in LOST)


def wait_for_server(args, seconds=180):
    """After a lost connection (a crash, or the cluster restarted by someone): until it answers."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        time.sleep(3)
        rows, error = run(args, "SELECT 1", "off")
        if not error:
            return
    sys.exit(f"the server did not come back within {seconds} s")


def setup(args):
    """Creates schema fuzz (SETUP_SQL) unless it is there already in this version."""
    version = "differential.py " + hashlib.sha1(SETUP_SQL.encode()).hexdigest()[:12]
    body = SETUP_SQL + f"COMMENT ON SCHEMA fuzz IS '{version}';\n"
    assert "$fuzz$" not in body
    sql = ("DO $do$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('pg_fusion differential.py')); "
           "IF coalesce(obj_description((SELECT oid FROM pg_namespace WHERE nspname = 'fuzz'), 'pg_namespace'), '') "
           f"= '{version}' THEN RETURN; END IF; SET LOCAL client_min_messages = warning; "
           f"EXECUTE $fuzz${body}$fuzz$; END $do$")
    for _ in range(3):
        rows, error = run(args, sql, "off")
        if not lost(error):
            break
        wait_for_server(args)
    if error:
        sys.exit(f"setup of schema fuzz failed: {error}")


def compare(args, sql):
    """(off rows, off error, on rows, on error); waits out lost connections. A query that loses
    the connection with pg_fusion on twice is returned as it is (a crash)."""
    on_lost = 0
    for _ in range(6):
        off_rows, off_error = run(args, sql, "off")
        if lost(off_error):
            wait_for_server(args)
            continue
        on_rows, on_error = run(args, sql, "on")
        if lost(on_error):
            on_lost += 1
            wait_for_server(args)
            if on_lost < 2:
                continue
        return off_rows, off_error, on_rows, on_error
    sys.exit("the connection keeps being lost")


def show(rows, error, other=None):
    """An answer in a line: the error, or the first rows and the first one that differs from other."""
    if error:
        return error
    lines = rows.splitlines()[1:]  # the first line is SET's
    text = f"{lines[:4]}{' ...' if len(lines) > 4 else ''} ({len(lines)} rows)"
    if other is not None:
        theirs = other.splitlines()[1:]
        first = next((k for k in range(max(len(lines), len(theirs)))
                      if k >= len(lines) or k >= len(theirs) or lines[k] != theirs[k]), None)
        if first is not None and first >= 4:
            text += f"; row {first + 1}: {lines[first] if first < len(lines) else '(none)'}"
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="/tmp")
    parser.add_argument("--port", type=int, default=5433)
    parser.add_argument("--db", default="pg_fusion_test")
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=120)
    parser.add_argument("--check", action="store_true",
                        help="also check the generator: each query valid and deterministic in PostgreSQL")
    parser.add_argument("--skip", help="leave out generated queries matching this regular expression")
    parser.add_argument("--print", action="store_true", help="print the queries, run nothing")
    args = parser.parse_args()
    generator = Generator(args.seed)
    queries = [generator.query() for _ in range(args.queries)]
    if args.skip:
        queries = [(sql, ordered) for sql, ordered in queries if not re.search(args.skip, sql)]
    if args.print:
        for sql, ordered in queries:
            print(f"{'ordered ' if ordered else ''}{sql};")
        return 0
    setup(args)
    passed = failed = refused = suspect = 0
    for sql, ordered in queries:
        off_rows, off_error, on_rows, on_error = compare(args, sql)
        if args.check:
            again_rows, again_error = run(args, sql, "off", verbose=True)
            while lost(again_error):
                wait_for_server(args)
                again_rows, again_error = run(args, sql, "off", verbose=True)
            # a data exception (SQLSTATE class 22: overflow, division by zero) is a fair test
            invalid = again_error and not re.search(r"ERROR:  22[0-9A-Z]{3}:", again_error)
            if invalid or bool(off_error) != bool(again_error) or (not off_error and again_rows != off_rows):
                suspect += 1
                print(f"GENERATOR {sql}")
                print(f"  PostgreSQL:       {show(off_rows, off_error)}")
                print(f"  PostgreSQL again: {show(again_rows, again_error)}")
        if "pg_fusion:" in on_error and "is not supported" in on_error:
            refused += 1
            passed += 1
        elif off_rows == on_rows and bool(off_error) == bool(on_error):
            passed += 1
        else:
            failed += 1
            print(f"FAIL{' (rows compared in order)' if ordered else ''} {sql}")
            print(f"  PostgreSQL: {show(off_rows, off_error, on_rows)}")
            print(f"  pg_fusion:  {show(on_rows, on_error, off_rows)}")
    if args.check:
        print(f"{suspect} generator problems")
    print(f"{refused} of them refused by pg_fusion")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
