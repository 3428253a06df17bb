-- Errors raised by the engine arrive as PostgreSQL errors; the session stays usable.
CREATE EXTENSION IF NOT EXISTS pg_fusion;
CREATE TABLE err_t (id int, a int, b int, s smallint, big bigint, f float8, n numeric(10,2));
INSERT INTO err_t VALUES (1, 10, 0, 32767, 9223372036854775807, 1.5, 12.50), (2, -2147483648, -1, -32768, -9223372036854775808, 0, 0);
ANALYZE err_t;
SET pg_fusion.enable = on;
-- division by zero (integer, float, modulo) computed in the engine
SELECT a / b FROM err_t WHERE id = 1;
SELECT a % b FROM err_t WHERE id = 1;
SELECT f / (f - f) FROM err_t WHERE id = 1;
-- integer overflow
SELECT a - 1 FROM err_t WHERE id = 2;
SELECT a * 2 FROM err_t WHERE id = 2;
SELECT a / b FROM err_t WHERE id = 2;
SELECT s + s FROM err_t WHERE id = 1;
SELECT big + 1 FROM err_t WHERE id = 1;
SELECT -big FROM err_t WHERE id = 2;
SELECT abs(x.a) FROM err_t x JOIN err_t y ON y.id = x.id WHERE x.id = 2;
SELECT sum(a) FROM err_t;
SELECT sum(big) FROM err_t;
-- casts out of range
SELECT big::int FROM err_t WHERE id = 1;
SELECT a::smallint FROM err_t WHERE id = 2;
-- substring with a negative length; extract(year) of an infinite date: selected it crosses as
-- text (PostgreSQL's Infinity), grouped the engine computes it and cannot hold Infinity
CREATE TABLE err_s (id int, t text, d date);
INSERT INTO err_s VALUES (1, 'abc', 'infinity');
SELECT substring(s.t, 1, e.b) FROM err_s s JOIN err_t e ON e.id = 2;
SELECT extract(year FROM s.d) FROM err_s s JOIN err_t e ON e.id = s.id;
SELECT extract(year FROM s.d), count(*) FROM err_s s JOIN err_t e ON e.id = s.id GROUP BY 1;
DROP TABLE err_s;
-- ntile of a count below 1: PostgreSQL's message, and no error without rows
SELECT ntile(0) OVER (ORDER BY a) FROM err_t;
SELECT ntile(0) OVER (ORDER BY a) FROM err_t WHERE id < 0;
-- no error when no row reaches the division
SELECT a / b FROM err_t WHERE id = 3;
-- the same errors with PostgreSQL
SET pg_fusion.enable = off;
SELECT a / b FROM err_t WHERE id = 1;
SELECT a - 1 FROM err_t WHERE id = 2;
SET pg_fusion.enable = on;
-- the session still works
SELECT id, a, b FROM err_t ORDER BY id;
DROP TABLE err_t;
