-- PostgreSQL's estimate of each scan column's distinct values (pg_statistic, after ANALYZE)
-- reaches the engine's optimizer, which sizes joins by them. A correlated aggregate subquery
-- over the big table (TPC-H Q17's shape) is decorrelated into a join of the outer query's
-- keys with the subquery's aggregate; with the estimates the engine builds that join on the
-- few keys, so their join filter reaches the subquery's scan, which becomes a key probe.
-- Without them (never analyzed) every value looks distinct, the keys look as many as the big
-- table's rows, and the subquery's scan is read in full. Answers are the same either way.
CREATE TABLE js_fact WITH (autovacuum_enabled = false) AS
  SELECT i AS id, (i % 20000)::int4 AS k, (i % 97)::numeric(10,2) AS q
  FROM generate_series(1, 300000) i;
CREATE INDEX js_fact_k ON js_fact (k);
CREATE TABLE js_part WITH (autovacuum_enabled = false) AS
  SELECT i::int4 AS k, i % 1000 = 3 AS chosen FROM generate_series(0, 19999) i;
SET pg_fusion.enable = on;
SET pg_fusion.scan_helpers = 0;
-- (shared_scans would read js_fact's two occurrences once where no key probe is foreseen)
SET pg_fusion.share_scans = off;
-- never analyzed: only the outer scan of js_fact gets the chosen parts' keys
SELECT scan, probe FROM regress_key_probes('SELECT sum(f.q) FROM js_fact f, js_part p WHERE f.k = p.k AND p.chosen AND f.q < (SELECT 0.5 * avg(f2.q) FROM js_fact f2 WHERE f2.k = p.k)');
SELECT sum(f.q), count(*) FROM js_fact f, js_part p
WHERE f.k = p.k AND p.chosen AND f.q < (SELECT 0.5 * avg(f2.q) FROM js_fact f2 WHERE f2.k = p.k);
ANALYZE js_fact, js_part;
-- analyzed: the subquery's scan (scan 2) is a key probe too
SELECT scan, probe FROM regress_key_probes('SELECT sum(f.q) FROM js_fact f, js_part p WHERE f.k = p.k AND p.chosen AND f.q < (SELECT 0.5 * avg(f2.q) FROM js_fact f2 WHERE f2.k = p.k)');
SELECT sum(f.q), count(*) FROM js_fact f, js_part p
WHERE f.k = p.k AND p.chosen AND f.q < (SELECT 0.5 * avg(f2.q) FROM js_fact f2 WHERE f2.k = p.k);
SET pg_fusion.enable = off;
SELECT sum(f.q), count(*) FROM js_fact f, js_part p
WHERE f.k = p.k AND p.chosen AND f.q < (SELECT 0.5 * avg(f2.q) FROM js_fact f2 WHERE f2.k = p.k);
SET pg_fusion.enable = on;
-- Estimates of columns that are expressions, of a filtered scan (at most its rows), of a
-- column that is a quarter NULL: answers stay PostgreSQL's.
UPDATE js_part SET k = NULL WHERE k % 4 = 1;
ANALYZE js_part;
SELECT count(*), sum(f.q) FROM js_fact f JOIN js_part p ON f.k = p.k WHERE p.k < 100;
SELECT count(*), sum(f.q) FROM js_fact f JOIN js_part p ON f.k + 1 = p.k + 1 WHERE p.chosen;
SELECT count(*) FROM js_part p WHERE p.k IS NULL AND NOT EXISTS (SELECT 1 FROM js_fact f WHERE f.k = p.k);
SET pg_fusion.enable = off;
SELECT count(*), sum(f.q) FROM js_fact f JOIN js_part p ON f.k = p.k WHERE p.k < 100;
SELECT count(*), sum(f.q) FROM js_fact f JOIN js_part p ON f.k + 1 = p.k + 1 WHERE p.chosen;
SELECT count(*) FROM js_part p WHERE p.k IS NULL AND NOT EXISTS (SELECT 1 FROM js_fact f WHERE f.k = p.k);
RESET pg_fusion.enable;
RESET pg_fusion.scan_helpers;
RESET pg_fusion.share_scans;
SELECT regress_pages_settled();
DROP TABLE js_fact, js_part;
