-- substring/substr on characters (multibyte text included), with starts below 1, lengths
-- past the end, zero lengths and NULLs, computed by the engine.

SELECT a.id, substring(a.t, 1, 3), substring(a.t, 2, 2), substring(a.t, 0, 2), substring(a.t, -2, 4), substring(a.t, 5, 100), substring(a.t, 3, 0) FROM strs a JOIN ints b ON b.id = 4 ORDER BY a.id;

SELECT a.id, substr(a.vc, 2), substr(a.t, -1), substr(a.ch, 1, 2), substring(a.t FROM 2 FOR 3), substring(a.t FROM 4) FROM strs a JOIN ints b ON b.id = 4 ORDER BY a.id;

-- start and length from columns, NULLs and extremes (no negative lengths)
SELECT a.id, b.id, substring(a.t, b.i2::int4, 3) FROM strs a JOIN ints b ON b.i2 BETWEEN -5 AND 20 WHERE a.id IN (5, 11, 13, 14, 20) ORDER BY a.id, b.id;

SELECT a.id, substring(a.t, 2147483647, 10), substring(a.t, 2, 2147483647), substring(a.t, -2147483647, 2147483647) FROM strs a JOIN ints b ON b.id = 4 WHERE a.id < 15 ORDER BY a.id;

-- grouping by a prefix, as TPC-H Q22 does with phone numbers
SELECT substring(f.cat, 1, 5) AS p, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 GROUP BY substring(f.cat, 1, 5) ORDER BY p NULLS FIRST;
