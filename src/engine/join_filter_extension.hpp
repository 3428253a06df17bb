/*
 * join_filter_extension.hpp — join filters for the joins DuckDB leaves without them.
 *
 * DuckDB 1.4 derives dynamic filters (the build side's min/max and, for a small build side, its
 * key list) only for INNER, SEMI and RIGHT joins on plain comparisons. Two common shapes miss
 * out although the same reasoning holds for them:
 * - RIGHT_SEMI and RIGHT_ANTI joins. After DuckDB chose the build side, an EXISTS or IN
 *   subquery whose small side is the outer query is a RIGHT_SEMI join, a NOT EXISTS one a
 *   RIGHT_ANTI join: the build side is the small outer relation, the probe side the big subquery
 *   table (TPC-H Q4's lineitem, Q22's orders). A probe row that matches no build row contributes
 *   nothing (RIGHT_SEMI returns the build rows with a match, RIGHT_ANTI those without).
 * - Keys DuckDB's decorrelation writes as IS NOT DISTINCT FROM. When a filter below the join
 *   (DuckDB adds `key IS NOT NULL` when it removes the correlation) leaves no NULL probe key,
 *   the condition matches exactly as `=`, and is rewritten to it.
 * So dropping such probe rows in the probe's scan is exact, and the filters become key probes
 * and producer filters like any other join filter (scan_filters.hpp, backend key_probe.h).
 *
 * Contract: an optimizer extension that runs after DuckDB's own optimizers and, for a
 * comparison join DuckDB gave no filters, sets up the JoinFilterPushdownInfo DuckDB's own
 * JoinFilterPushdownOptimizer would, when its probe side reaches a pg_scan through filters,
 * column projections, group keys and the probe sides of other joins. The hash join then pushes
 * the filters when its build side is complete, as for the joins DuckDB handles itself.
 * Last, for every such join (DuckDB's or its own) whose probe scan opens after the build, it
 * adds a Bloom filter of the build keys for builds above the key-list limit
 * (build_key_filter.hpp).
 */
#pragma once

#include "duckdb.hpp"

namespace pgf {

duckdb::OptimizerExtension MakeJoinFilterExtension();

} // namespace pgf
