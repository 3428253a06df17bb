/*
 * query_runner.hpp — runs one engine query on the calling (engine) thread.
 *
 * Streams the DuckDB result chunk by chunk into result pages for the backend (at most
 * kResultPagesInFlight per session, waiting while the backend catches up), then sends
 * QueryDone or QueryError. Before the final message every DuckDB object of the query is
 * destroyed, so every scan page the query held is back in the pool.
 */
#pragma once

namespace duckdb {
class DuckDB;
}

namespace pgf {

struct QueryContext;

constexpr int kResultPagesInFlight = 4;

void RunQuery(duckdb::DuckDB& db, QueryContext* query);

} // namespace pgf
