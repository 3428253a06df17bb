-- Scans and filters: column subsets, WHERE at the base table (pushed into PostgreSQL's scan)
-- and at an outer level (evaluated by the engine), NULLs, IN/NOT IN with NULLs, LIKE.

SELECT id, b, i2, i4, i8 FROM types_t ORDER BY id;

SELECT id, t, vc, ch FROM types_t WHERE i4 > 0 AND t IS NOT NULL ORDER BY id;

-- @unordered
SELECT id, i8 FROM types_t WHERE i8 BETWEEN -10000000000 AND 10000000000;

SELECT id, i2 FROM types_t WHERE i2 IN (1, 2, 3, NULL, -100, 100, 37) ORDER BY id;

SELECT id, i2 FROM types_t WHERE i2 NOT IN (1, 2, 3) AND id < 60 ORDER BY id;

-- NOT IN with a NULL in the list is never true
SELECT id FROM types_t WHERE i2 NOT IN (1, NULL) ORDER BY id;

SELECT id, t FROM types_t WHERE t LIKE 't1%' ORDER BY id;

SELECT id, t FROM types_t WHERE t NOT LIKE '%1%' AND id <= 100 ORDER BY id;

-- empty string is not NULL
SELECT id, vc FROM types_t WHERE vc = '' ORDER BY id;

-- @unordered
SELECT id, b FROM types_t WHERE b;

-- @unordered
SELECT id FROM types_t WHERE NOT b;

SELECT count(*) FROM types_t WHERE b IS NULL;

SELECT id, d, ts FROM types_t WHERE d >= date '2000-01-01' AND ts < timestamp '2000-01-03 12:00:00' ORDER BY id;

SELECT id, tstz FROM types_t WHERE tstz > timestamptz '2000-01-02 00:00:00+00' ORDER BY id;

-- the outer WHERE runs in the engine
SELECT id, i4, t FROM (SELECT id, i4, t FROM types_t) s WHERE i4 % 3 = 0 AND (t LIKE '%1' OR i4 < -400) ORDER BY id;

SELECT id, i4 FROM (SELECT id, i4 FROM types_t) s WHERE i4 IN (-500, 0, 1, NULL, 499) ORDER BY id;

SELECT id, i4 FROM (SELECT id, i4 FROM types_t) s WHERE NOT (i4 > 0 OR i4 IS NULL) AND id <= 60 ORDER BY id;

-- numeric division is fine in a pushed condition
SELECT id, n9_2, n18_4 FROM types_t WHERE n9_2 / 2 > 1 ORDER BY id;

SELECT id, n38_10 FROM types_t WHERE n38_10 > 1000.5 AND n38_10 < 2000 ORDER BY id;

SELECT * FROM empty_t;

SELECT * FROM empty_t WHERE id > 0 ORDER BY id;

SELECT * FROM types_t WHERE id = 1000;

SELECT * FROM types_t WHERE id IN (1, 2, 3, 300) ORDER BY id;
