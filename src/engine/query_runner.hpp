/*
 * query_runner.hpp — runs one engine query on the calling (query) thread, start to finish.
 *
 * Opens its own DuckDB connection, sets the session's TimeZone, binds the SQL with the query
 * published to pg_scan, checks the result types against the Execute message and streams the
 * result chunk by chunk into result pages (never materializing the whole result). Ends with
 * exactly one QueryDone or QueryError, sent only after every DuckDB object of the query is
 * destroyed and every scan page it queued is freed, so a backend that sees the end of its
 * query also sees its pages back in the pool. Errors become PostgreSQL SQLSTATEs.
 */
#pragma once

namespace duckdb {
class DuckDB;
}

namespace pgf {

class QueryContext;

void RunQuery(duckdb::DuckDB& db, QueryContext* query);

} // namespace pgf
