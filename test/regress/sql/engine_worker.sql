-- The engine worker is up, runs the pinned DuckDB, and its bundled ICU (time zones) works
-- inside the PostgreSQL process: the engine library binds to its own symbols.
CREATE EXTENSION IF NOT EXISTS pg_fusion;
SELECT state, pid > 0 AS has_pid, generation >= 1 AS started FROM fusion.worker_status();
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
