-- pg_fusion 0.1.0: observability and diagnostics. The planner integration needs no SQL
-- objects; it is active once pg_fusion is in shared_preload_libraries.
\echo Use "CREATE EXTENSION pg_fusion" to load this file. \quit

-- The shared page pool: how many pages exist, are free, and who holds the rest.
CREATE FUNCTION fusion.pages(
    OUT page_size integer,
    OUT page_count integer,
    OUT free_pages integer,
    OUT backend_pages integer,
    OUT worker_pages integer,
    OUT reserved_pages integer)
RETURNS record
AS 'MODULE_PATHNAME', 'pg_fusion_pages'
LANGUAGE C STRICT VOLATILE;

-- Counters since the server started.
CREATE FUNCTION fusion.metrics(OUT name text, OUT value bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pg_fusion_metrics'
LANGUAGE C STRICT VOLATILE;

-- The engine worker: state, pid, generation (restarts), last error.
CREATE FUNCTION fusion.worker_status(
    OUT state text, OUT pid integer, OUT generation bigint, OUT last_error text)
RETURNS record
AS 'MODULE_PATHNAME', 'pg_fusion_worker_status'
LANGUAGE C STRICT VOLATILE;

-- Stops the engine worker; the postmaster starts a new one within seconds. Queries running on
-- the engine fail with an error naming the restart. Returns false if no worker was running.
CREATE FUNCTION fusion.restart_worker()
RETURNS boolean
AS 'MODULE_PATHNAME', 'pg_fusion_restart_worker'
LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION fusion.restart_worker() FROM PUBLIC;

-- Runs one engine SQL statement without table scans in the worker and returns the first
-- column of the first row as text (diagnostics: engine version, time zones).
CREATE FUNCTION fusion.engine_eval(sql text)
RETURNS text
AS 'MODULE_PATHNAME', 'pg_fusion_engine_eval'
LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION fusion.engine_eval(text) FROM PUBLIC;

-- The final step of stddev/variance of integers and numerics over the engine's exact sums;
-- the planner calls it (kind: 1 sample, 0 population, plus 2 for the standard deviation).
CREATE FUNCTION fusion.numeric_variance_final(sum_x numeric, sum_x2 numeric, n bigint, kind integer)
RETURNS numeric
AS 'MODULE_PATHNAME', 'pg_fusion_numeric_variance_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
