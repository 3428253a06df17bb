-- Join key filters: a hash join's build side with more keys than pg_fusion.join_key_list_limit
-- sends a Bloom filter of them to the probe scan, whose producers drop the rows no build row
-- matches before encoding them (the backend alone, and with scan helpers through their filter
-- area or a segment of its own). Answers equal PostgreSQL's; off sends no filter.
CREATE TABLE jf_fact AS
  SELECT i AS id, (i % 40000)::int4 AS k4, (i::int8 * 7) AS k8, (i % 997)::numeric(10,2) AS v,
         date '2000-01-01' + (i % 5000) AS d
  FROM generate_series(1, 200000) i;
INSERT INTO jf_fact VALUES (0, NULL, NULL, 1, NULL);
CREATE TABLE jf_dim AS SELECT i * 37 AS k4, i::int8 * 259 AS k8, date '2000-01-01' + i * 4 AS d FROM generate_series(1, 1000) i;
INSERT INTO jf_dim VALUES (NULL, NULL, NULL), (5, 35, '2000-01-02');
ANALYZE jf_fact, jf_dim;
SET pg_fusion.enable = on;
SET pg_fusion.scan_helpers = 0;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SET pg_fusion.join_key_list_limit = 100;
-- 1,002 build rows, 1,000 keys: no key list, the filter drops about 195,000 of 200,001 rows
SELECT count(*), sum(f.v) FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4;
SELECT regress_filtered('SELECT count(*) FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4') > 180000 AS filtered;
SELECT regress_differs('SELECT f.id, f.k4 FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4');
-- EXPLAIN names it: 1,001 keys (the NULL key is not one), 128 words of 64 bits
SELECT * FROM regress_scan_property('SELECT count(*) FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4', 'Join Key Filter');
-- a build of one key gives the scan an equality to it: no filter
SELECT count(*) FROM regress_scan_property('SELECT count(*) FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4 WHERE d.k8 = 259', 'Join Key Filter');
-- int8 and date keys, and a semi join
SELECT regress_filtered('SELECT count(*) FROM jf_fact f JOIN jf_dim d ON d.k8 = f.k8') > 180000 AS filtered;
SELECT regress_differs('SELECT f.id FROM jf_fact f JOIN jf_dim d ON d.k8 = f.k8');
SELECT regress_filtered('SELECT count(*) FROM jf_fact f JOIN jf_dim d ON d.d = f.d') > 150000 AS filtered;
SELECT regress_differs('SELECT f.id FROM jf_fact f JOIN jf_dim d ON d.d = f.d');
SELECT regress_differs('SELECT f.id FROM jf_fact f WHERE f.k4 IN (SELECT k4 FROM jf_dim)');
-- text keys: 1,000 strings, the probe's 200,001 rows dropped but for about 5,000
CREATE TABLE jf_text AS SELECT 'key-' || (i * 37) AS t FROM generate_series(1, 1000) i;
ANALYZE jf_text;
-- a key PostgreSQL computes in the scan is a column of it too
SELECT regress_filtered('SELECT count(*) FROM jf_fact f JOIN jf_text x ON x.t = ''key-'' || f.k4') > 180000 AS filtered;
CREATE TABLE jf_fact_text AS SELECT id, 'key-' || k4 AS t FROM jf_fact;
ANALYZE jf_fact_text;
SELECT regress_filtered('SELECT count(*) FROM jf_fact_text f JOIN jf_text x ON x.t = f.t') > 180000 AS filtered;
SELECT regress_differs('SELECT f.id, f.t FROM jf_fact_text f JOIN jf_text x ON x.t = f.t');
-- scan helpers get the filter too and drop the same rows
RESET pg_fusion.scan_helpers;
SELECT regress_filtered('SELECT count(*) FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4') > 180000 AS filtered;
SELECT regress_differs('SELECT f.id, f.k4 FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4');
-- a filter longer than the helpers' filter area (70,000 keys: 128 kB) reaches them through a
-- segment of its own
CREATE TABLE jf_many AS SELECT i * 3 AS k FROM generate_series(1, 70000) i;
CREATE TABLE jf_probe AS SELECT i AS id, i % 200000 AS k FROM generate_series(1, 400000) i;
ANALYZE jf_many, jf_probe;
SELECT * FROM regress_scan_property('SELECT count(*) FROM jf_probe p JOIN jf_many m ON m.k = p.k', 'Join Key Filter');
SELECT regress_filtered('SELECT count(*) FROM jf_probe p JOIN jf_many m ON m.k = p.k') > 250000 AS filtered;
SELECT regress_differs('SELECT p.id FROM jf_probe p JOIN jf_many m ON m.k = p.k');
DROP TABLE jf_many, jf_probe;
-- off: the scan gets the keys' range only (5 to 37,000: it drops about 15,000 rows)
SET pg_fusion.join_key_filters = off;
SELECT regress_filtered('SELECT count(*) FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4') < 100000 AS only_range;
SELECT count(*) FROM regress_scan_property('SELECT count(*) FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4', 'Join Key Filter');
-- and collects none: no always-true FILTER above the build side in the engine's plan
CREATE FUNCTION jf_engine_filters(query text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
  RETURN (SELECT count(*) FROM regexp_matches(plan -> 0 -> 'Plan' ->> 'Engine Operators', 'FILTER', 'g'));
END $$;
SELECT jf_engine_filters('SELECT count(*) FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4') AS collectors_off;
RESET pg_fusion.join_key_filters;
SELECT jf_engine_filters('SELECT count(*) FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4') AS collectors_on;
SET pg_fusion.join_key_filters = off;
SELECT regress_differs('SELECT f.id, f.k4 FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4');
RESET pg_fusion.join_key_filters;
-- a list within the limit is sent as the list, not as a filter: the answer is the same
RESET pg_fusion.join_key_list_limit;
SELECT regress_differs('SELECT f.id, f.k4 FROM jf_fact f JOIN jf_dim d ON d.k4 = f.k4');
RESET enable_indexscan;
RESET enable_bitmapscan;
SELECT regress_pages_settled();
DROP FUNCTION jf_engine_filters(text);
DROP TABLE jf_fact, jf_dim, jf_text, jf_fact_text;
