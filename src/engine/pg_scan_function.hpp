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
 *   starts after the join's build side, so it carries the join's filters. A scan below an
 *   aggregate under the join may start first: marked by MarkLateJoinFilters, it then opens
 *   "awaiting filters" with one thread (the others stay free to finish the build), checks
 *   for them every millisecond while it waits for pages, and sends them in a late OpenScan;
 *   the backend holds such a scan back until they come or a deadline passes, so it can
 *   still plan a key probe with them.
 * - One page = one output chunk (before filters), zero-copy: fixed-width columns point into
 *   the page, long string views are rewritten in place into DuckDB strings pointing into the
 *   page, and a buffer shared by the chunk's vectors frees the page when DuckDB drops it.
 * - Two pg_scan(k) with the same k in one query would split one page stream between them;
 *   the backend gives every scan occurrence its own k.
 */
#pragma once

#include <memory>

#include "duckdb.hpp"

#include "common/column_type.h"

namespace pgf {

class BuildKeyFilter;
class QueryContext;

duckdb::TableFunction MakePgScanFunction();

/* The DuckDB type of a page column; also what a result column must have. */
duckdb::LogicalType EngineLogicalType(const ColumnSpec& spec);

/* A join above a pipeline breaker (an aggregate) pushes an equality's filters into this
 * pg_scan's column (an index into its column ids), so they may arrive after it opened: it then
 * opens awaiting them (join_filter_extension.hpp). */
void MarkLateJoinFilters(duckdb::LogicalGet& get, duckdb::idx_t column);

/* Whether get is a pg_scan whose query sends join key filters (pg_fusion.join_key_filters). */
bool TakesBuildKeyFilters(const duckdb::LogicalGet& get);

/* The join's build-key filter for this pg_scan's column (an index into its column ids): sent
 * in the scan's OpenScan when the join's build completed first (build_key_filter.hpp). */
void AttachBuildKeyFilter(duckdb::LogicalGet& get, duckdb::idx_t column, std::shared_ptr<BuildKeyFilter> filter);

/* Publishes the query whose SQL this thread binds for the scope's lifetime. */
class CurrentQueryScope {
public:
    explicit CurrentQueryScope(QueryContext* query);
    ~CurrentQueryScope();

    CurrentQueryScope(const CurrentQueryScope&) = delete;
    CurrentQueryScope& operator=(const CurrentQueryScope&) = delete;
};

} // namespace pgf
