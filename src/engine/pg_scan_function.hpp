/*
 * pg_scan_function.hpp — the pg_scan(k) table function: scan k of the current engine query,
 * fed with pages the PostgreSQL backend produces.
 *
 * How pg_scan(k) finds its query: the SQL names only k. The query thread binds its SQL
 * inside a CurrentQueryScope, which publishes the QueryContext in a thread-local; bind reads
 * scan k's schema from the query's Execute message and keeps the context pointer in the
 * bind data, so the later stages work on any DuckDB thread. Outside a scope (any other
 * connection) pg_scan fails to bind.
 *
 * Contract with DuckDB:
 * - Columns c0, c1, ... in declaration order. Projection pushdown: the output chunk has the
 *   columns DuckDB reads (column_ids); the pages still carry every planned column (the backend
 *   already asks PostgreSQL only for the columns the SQL names). Filter pushdown: DuckDB's
 *   filters on the scan (scan_filters.hpp) are applied to every chunk where DuckDB no longer
 *   does, and forwarded to the producers in OpenScan.
 * - As many threads as the scan has producers (MaxThreads): any thread takes the scan's next
 *   page from its queue, so pages of one scan arrive in no particular order.
 * - Opened on demand: global init sends OpenScan(k) to the backend, so the backend scans
 *   a table only when DuckDB starts reading it. A scan that is a join's probe pipeline source
 *   starts after the join's build side, so it carries the join's filters; filters that arrive
 *   after global init are left to the engine.
 * - One page = one output chunk (before filters), zero-copy: fixed-width columns point into
 *   the page, long string views are rewritten in place into DuckDB strings pointing into the
 *   page, and a buffer shared by the chunk's vectors frees the page when DuckDB drops it.
 * - Two pg_scan(k) with the same k in one query would split one page stream between them;
 *   the backend gives every scan occurrence its own k.
 */
#pragma once

#include "duckdb.hpp"

#include "common/column_type.h"

namespace pgf {

class QueryContext;

duckdb::TableFunction MakePgScanFunction();

/* The DuckDB type of a page column; also what a result column must have. */
duckdb::LogicalType EngineLogicalType(const ColumnSpec& spec);

/* Publishes the query whose SQL this thread binds for the scope's lifetime. */
class CurrentQueryScope {
public:
    explicit CurrentQueryScope(QueryContext* query);
    ~CurrentQueryScope();

    CurrentQueryScope(const CurrentQueryScope&) = delete;
    CurrentQueryScope& operator=(const CurrentQueryScope&) = delete;
};

} // namespace pgf
