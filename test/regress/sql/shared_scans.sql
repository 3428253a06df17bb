-- Shared scans: occurrences of one table read the same way (same RTE, no volatile function,
-- not foreseen as a key probe) are read by one PostgreSQL scan that the engine materializes
-- once ("p<scan>" in the engine SQL); each occurrence keeps its rows through a marker column
-- holding its quals. Answers are checked against PostgreSQL's.
CREATE TABLE sh_fact WITH (autovacuum_enabled = false) AS
  SELECT i AS id, (i % 5000)::int4 AS k, CASE WHEN i % 7 = 0 THEN NULL ELSE i % 100 END AS q
  FROM generate_series(1, 200000) i;
CREATE INDEX sh_fact_k ON sh_fact (k);
CREATE TABLE sh_dim WITH (autovacuum_enabled = false) AS
  SELECT i::int4 AS k, i % 1000 = 7 AS chosen FROM generate_series(0, 4999) i;
CREATE TABLE sh_tiny WITH (autovacuum_enabled = false) AS
  SELECT i::int4 AS k, i % 3 = 0 AS chosen FROM generate_series(1, 25) i;
ANALYZE sh_fact, sh_dim, sh_tiny;
SET pg_fusion.enable = on;
SET pg_fusion.scan_helpers = 0;
-- two occurrences with their own filters: one scan, WHERE the OR of both, a marker per side
EXPLAIN (COSTS OFF, VERBOSE)
SELECT count(*) FROM sh_fact a JOIN sh_fact b ON b.id = a.id + 85 WHERE a.q < 10 AND b.q > 90;
SELECT count(*) FROM sh_fact a JOIN sh_fact b ON b.id = a.id + 85 WHERE a.q < 10 AND b.q > 90;
-- a conjunct both have goes into the WHERE once; only the rest of b's quals is a marker
EXPLAIN (COSTS OFF)
SELECT count(*) FROM sh_fact a JOIN sh_fact b ON b.id = a.id + 3 WHERE a.k < 100 AND b.k < 100 AND b.q > 50;
SELECT count(*) FROM sh_fact a JOIN sh_fact b ON b.id = a.id + 3 WHERE a.k < 100 AND b.k < 100 AND b.q > 50;
SET pg_fusion.enable = off;
SELECT count(*) FROM sh_fact a JOIN sh_fact b ON b.id = a.id + 3 WHERE a.k < 100 AND b.k < 100 AND b.q > 50;
SET pg_fusion.enable = on;
-- off: each occurrence is its own scan
SET pg_fusion.share_scans = off;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM sh_fact a JOIN sh_fact b ON b.id = a.id + 85 WHERE a.q < 10 AND b.q > 90;
SELECT count(*) FROM sh_fact a JOIN sh_fact b ON b.id = a.id + 85 WHERE a.q < 10 AND b.q > 90;
RESET pg_fusion.share_scans;
-- a tiny table: a second scan costs less than materializing it
EXPLAIN (COSTS OFF)
SELECT count(*) FROM sh_tiny a JOIN sh_tiny b ON b.k = a.k + 1 WHERE a.chosen;
-- the outer occurrence is foreseen as a key probe (the chosen dims' few keys through
-- sh_fact_k): it keeps its own scan, the subquery's occurrence is read in full
EXPLAIN (COSTS OFF)
SELECT count(*) FROM sh_fact f JOIN sh_dim d ON d.k = f.k WHERE d.chosen AND f.q < (SELECT avg(q) FROM sh_fact);
SELECT scan, probe FROM regress_key_probes('SELECT count(*) FROM sh_fact f JOIN sh_dim d ON d.k = f.k WHERE d.chosen AND f.q < (SELECT avg(q) FROM sh_fact)');
SELECT count(*) FROM sh_fact f JOIN sh_dim d ON d.k = f.k WHERE d.chosen AND f.q < (SELECT avg(q) FROM sh_fact);
SET pg_fusion.enable = off;
SELECT count(*) FROM sh_fact f JOIN sh_dim d ON d.k = f.k WHERE d.chosen AND f.q < (SELECT avg(q) FROM sh_fact);
SET pg_fusion.enable = on;
-- row-level security: both occurrences see only the rows the policy lets the role see
CREATE ROLE regress_fusion_sharer;
ALTER TABLE sh_fact ENABLE ROW LEVEL SECURITY;
CREATE POLICY sh_fact_some ON sh_fact FOR SELECT USING (k < 2500);
GRANT SELECT ON sh_fact TO regress_fusion_sharer;
SET ROLE regress_fusion_sharer;
EXPLAIN (COSTS OFF)
SELECT count(*), sum(a.q) FROM sh_fact a JOIN sh_fact b ON b.id = a.id + 5000 WHERE b.q IS NULL;
SELECT count(*), sum(a.q) FROM sh_fact a JOIN sh_fact b ON b.id = a.id + 5000 WHERE b.q IS NULL;
SET pg_fusion.enable = off;
SELECT count(*), sum(a.q) FROM sh_fact a JOIN sh_fact b ON b.id = a.id + 5000 WHERE b.q IS NULL;
RESET ROLE;
ALTER TABLE sh_fact DISABLE ROW LEVEL SECURITY;
-- ONLY the parent and the parent with its children are different reads: two scans
CREATE TABLE sh_fact_child () INHERITS (sh_fact);
INSERT INTO sh_fact_child SELECT i, i % 5000, i % 100 FROM generate_series(200001, 200100) i;
SET pg_fusion.enable = on;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM sh_fact a JOIN ONLY sh_fact b ON b.id = a.id - 1 WHERE a.q > 98;
SELECT count(*) FROM sh_fact a JOIN ONLY sh_fact b ON b.id = a.id - 1 WHERE a.q > 98;
SET pg_fusion.enable = off;
SELECT count(*) FROM sh_fact a JOIN ONLY sh_fact b ON b.id = a.id - 1 WHERE a.q > 98;
RESET pg_fusion.enable;
RESET pg_fusion.scan_helpers;
SELECT regress_pages_settled();
DROP TABLE sh_fact_child, sh_fact, sh_dim, sh_tiny;
DROP ROLE regress_fusion_sharer;
