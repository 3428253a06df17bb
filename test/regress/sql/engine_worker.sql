-- The engine worker is up, runs the pinned DuckDB, and its bundled ICU (time zones) works
-- inside the PostgreSQL process: the engine library binds to its own symbols.
CREATE EXTENSION IF NOT EXISTS pg_fusion;
SELECT state, pid > 0 AS has_pid, generation >= 1 AS started FROM fusion.worker_status();
-- Only the worker maps DuckDB: not this backend (which has run engine queries by the end of
-- this file) and not the postmaster.
CREATE FUNCTION regress_maps_duckdb(pid int) RETURNS boolean LANGUAGE sql AS $$
  SELECT count(*) > 0 FROM regexp_split_to_table(pg_read_file('/proc/' || pid || '/maps'), E'\n') line
  WHERE line LIKE '%libduckdb%'
$$;
SELECT regress_maps_duckdb(pid) AS worker_maps_duckdb FROM fusion.worker_status();
SELECT regress_maps_duckdb(split_part(pg_read_file('postmaster.pid'), E'\n', 1)::int) AS postmaster_maps_duckdb;
SELECT fusion.engine_eval('SELECT source_id FROM pragma_version()');
SELECT fusion.engine_eval('SELECT library_version FROM pragma_version()');
-- ICU: a named time zone conversion needs DuckDB's ICU extension.
SELECT fusion.engine_eval($$SELECT strftime(TIMESTAMPTZ '2024-07-01 12:00:00+00' AT TIME ZONE 'America/New_York', '%Y-%m-%d %H:%M')$$);
SELECT fusion.engine_eval($$SELECT strftime(TIMESTAMPTZ '2024-01-15 12:00:00+00' AT TIME ZONE 'Asia/Kolkata', '%Y-%m-%d %H:%M')$$);
-- The session TimeZone is the engine's: a timestamptz rendered in the engine follows it.
SET TimeZone = 'Europe/Berlin';
SELECT fusion.engine_eval($$SELECT current_setting('TimeZone')$$);
RESET TimeZone;
-- Engine errors come back as PostgreSQL errors with the engine's message.
SELECT fusion.engine_eval('SELECT no_such_function(1)');
SELECT fusion.engine_eval('SELECT 1');
SET pg_fusion.enable = on;
CREATE TABLE maps_t AS SELECT 1 AS id;
SELECT count(*) FROM maps_t;
RESET pg_fusion.enable;
SELECT regress_maps_duckdb(pg_backend_pid()) AS backend_maps_duckdb;
DROP TABLE maps_t;
DROP FUNCTION regress_maps_duckdb(int);
