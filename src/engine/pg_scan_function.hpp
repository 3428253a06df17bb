/*
 * pg_scan_function.hpp — the pg_scan(k) table function: scan k of the current engine query,
 * fed with pages the PostgreSQL backend produces.
 *
 * - Bind runs on the query's own thread, which publishes its QueryContext in a thread-local
 *   (CurrentQueryScope) while DuckDB plans; bind data keeps the pointer, so later stages work
 *   on any DuckDB thread.
 * - The scan is opened on demand: global init sends OpenScan(k) to the backend, so a
 *   backend only scans what the engine actually reads, when it reads it.
 * - Pages become output chunks zero-copy: fixed-width columns point into the page, string
 *   views are rewritten in place into DuckDB strings pointing into the page, and a buffer
 *   object owned by the vectors returns the page to the pool when DuckDB drops the chunk.
 */
#pragma once

#include "duckdb.hpp"

namespace pgf {

struct QueryContext;

duckdb::TableFunction MakePgScanFunction();

duckdb::LogicalType EngineLogicalType(const struct ColumnSpec& spec);

/* Publishes the query whose SQL this thread is about to bind. */
class CurrentQueryScope {
public:
    explicit CurrentQueryScope(QueryContext* query);
    ~CurrentQueryScope();
};

} // namespace pgf
