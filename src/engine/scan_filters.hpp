/*
 * scan_filters.hpp — DuckDB's filters on a pg_scan, applied exactly in the engine and, where
 * simple, forwarded to the scan's producers.
 *
 * With filter pushdown on, DuckDB hands pg_scan the constant comparisons it took out of the
 * plan (mandatory) and the filters it derived at run time: a hash join's build-side keys
 * (OPTIONAL(IN list) and a min/max range) and Top-N boundaries (OPTIONAL). The engine
 * applies every non-optional one to every chunk with DuckDB's own expression semantics
 * (TableFilter::ToExpression); the optional ones DuckDB still enforces above the scan. So
 * correctness never depends on the producers. The ones that are plain comparisons or IN lists
 * of constants of exactly the column's type are also forwarded in OpenScan, in the column's
 * page representation, so producers skip failing rows before encoding them; a producer may
 * apply any subset of them.
 */
#pragma once

#include <vector>

#include "duckdb.hpp"

#include "common/protocol.h"

namespace pgf {

struct ScanFilterPlan {
    /* AND of the filters DuckDB took out of its plan, over the chunk's columns; nullptr if none. */
    duckdb::unique_ptr<duckdb::Expression> exact;
    std::vector<ScanFilter> forwarded;
};

/* filters: keys are positions in column_ids (the chunk's columns), whose entries name the
 * scan's columns (ScanFilter.column). */
ScanFilterPlan PlanScanFilters(duckdb::optional_ptr<duckdb::TableFilterSet> filters,
                               const std::vector<duckdb::column_t>& column_ids, const ScanSchema& schema);

} // namespace pgf
