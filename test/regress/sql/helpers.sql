-- Functions the other pg_regress suites share (the schedule runs this first).
CREATE EXTENSION IF NOT EXISTS pg_fusion;
CREATE EXTENSION IF NOT EXISTS dblink;
-- Waits (up to 10 s) until every page is back in the pool and nothing is reserved: the worker
-- finishes cancelled queries asynchronously.
CREATE FUNCTION regress_pages_settled() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..1000 LOOP
    IF (SELECT free_pages = page_count AND reserved_pages = 0 FROM fusion.pages()) THEN
      RETURN true;
    END IF;
    PERFORM pg_sleep(0.01);
  END LOOP;
  RETURN false;
END $$;
-- Waits (up to 10 s) until another session runs a query starting with prefix, lets it run
-- 0.2 s more, and returns its pid.
CREATE FUNCTION regress_wait_for_query(prefix text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  found int;
BEGIN
  FOR i IN 1..1000 LOOP
    -- pg_stat_activity is read once per transaction unless the snapshot is cleared
    PERFORM pg_stat_clear_snapshot();
    SELECT pid INTO found FROM pg_stat_activity
      WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
        AND starts_with(query, prefix);
    IF found IS NOT NULL THEN
      PERFORM pg_sleep(0.2);
      RETURN found;
    END IF;
    PERFORM pg_sleep(0.01);
  END LOOP;
  RETURN NULL;
END $$;
-- Waits (up to 30 s) until a worker newer than generation `previous` is ready.
CREATE FUNCTION regress_worker_ready(previous bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..3000 LOOP
    IF (SELECT state = 'ready' AND generation > previous FROM fusion.worker_status()) THEN
      RETURN true;
    END IF;
    PERFORM pg_sleep(0.01);
  END LOOP;
  RETURN false;
END $$;
-- The key probe each scan of a query ran, as EXPLAIN ANALYZE shows it (the plan node PostgreSQL
-- chose varies with statistics: only the index and the key count are shown), and its
-- producers; scans read in full are left out.
CREATE FUNCTION regress_key_probes(query text) RETURNS TABLE (scan int, probe text, producers int) LANGUAGE plpgsql AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
  FOR k IN 0 .. 9 LOOP
    CONTINUE WHEN plan -> 0 -> 'Plan' -> ('Scan ' || k || ' Key Probe') IS NULL;
    scan := k;
    probe := regexp_replace(plan -> 0 -> 'Plan' ->> ('Scan ' || k || ' Key Probe'), '^.* using ', '');
    producers := (plan -> 0 -> 'Plan' ->> ('Scan ' || k || ' Producers'))::int;
    RETURN NEXT;
  END LOOP;
END $$;
-- The same query with pg_fusion off and on: the rows of one that the other lacks.
CREATE FUNCTION regress_differs(query text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  SET LOCAL pg_fusion.enable = off;
  EXECUTE 'CREATE TEMP TABLE regress_expected AS ' || query;
  SET LOCAL pg_fusion.enable = on;
  EXECUTE 'CREATE TEMP TABLE regress_actual AS ' || query;
  SELECT count(*) INTO n FROM ((TABLE regress_expected EXCEPT ALL TABLE regress_actual)
                               UNION ALL (TABLE regress_actual EXCEPT ALL TABLE regress_expected)) d;
  DROP TABLE regress_expected, regress_actual;
  RETURN n;
END $$;
-- The rows the producers of a query's scans dropped (EXPLAIN ANALYZE's Rows Filtered, summed).
CREATE FUNCTION regress_filtered(query text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  plan json;
  filtered bigint := 0;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
  FOR k IN 0 .. 9 LOOP
    filtered := filtered + coalesce((plan -> 0 -> 'Plan' ->> ('Scan ' || k || ' Rows Filtered'))::bigint, 0);
  END LOOP;
  RETURN filtered;
END $$;
-- One EXPLAIN ANALYZE property of each scan of a query that has it ('Join Key Wait', ...).
CREATE FUNCTION regress_scan_property(query text, property text) RETURNS TABLE (scan int, value text) LANGUAGE plpgsql AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
  FOR k IN 0 .. 9 LOOP
    CONTINUE WHEN plan -> 0 -> 'Plan' -> ('Scan ' || k || ' ' || property) IS NULL;
    scan := k;
    value := plan -> 0 -> 'Plan' ->> ('Scan ' || k || ' ' || property);
    RETURN NEXT;
  END LOOP;
END $$;
-- A connection string back to this server, for dblink.
CREATE FUNCTION regress_connstr() RETURNS text LANGUAGE sql AS $$
  SELECT 'dbname=' || current_database() || ' port=' || current_setting('port')
      || ' host=' || current_setting('unix_socket_directories')
$$;
SELECT regress_pages_settled();
