/*
 * parallel_scans.h — which scans of a fusion query scan helpers may produce, and how many.
 *
 * The rules follow PostgreSQL's own for a Parallel Seq Scan, so a scan is split exactly where
 * PostgreSQL would split it:
 *   - the statement may run in parallel mode at all (QueryAllowsScanHelpers: the caller
 *     allows it with CURSOR_OPT_PARALLEL_OK, so no cursor; the query is parallel safe or
 *     restricted as max_parallel_hazard sees it; not inside a parallel worker);
 *   - the scan query is parallel safe (its quals and expressions run in helpers);
 *   - its plan is one SeqScan of a permanent heap table (no InitPlans, no index path:
 *     partitions, inheritance children, foreign tables and views become their own scans or
 *     plans, produced by the backend alone);
 *   - helpers as compute_parallel_worker gives for the table's size (min_parallel_table_scan_size,
 *     the table's parallel_workers option), at most pg_fusion.scan_helpers.
 * A scan PostgreSQL plans through an index of a permanent table (an index-only scan of a whole
 * table, TPC-H Q22's orders) never splits its read, but a key probe it becomes may be split into
 * parts (key_probe.h): it gets the helpers the query starts for its other scans anyway
 * (ProbeHelpersForPlan), which take part only in such a split probe.
 * PostgreSQL-style code (palloc, may raise).
 */
#pragma once

#include "backend/pg.h"

namespace pgf {

/* The most scan helpers a query planned now may use (pg_fusion.scan_helpers resolved). */
int MaxScanHelpers();

/* Whether the statement may use scan helpers at all; call before planning parse. */
bool QueryAllowsScanHelpers(Query* parse, int cursor_options);

/* Whether scan_query may be produced by helpers: call before standard_planner scribbles on it. */
bool ScanQueryIsParallelSafe(Query* scan_query);

/* Helpers for one planned scan whose query ScanQueryIsParallelSafe: 0 if it stays single. */
int ScanHelpersForPlan(PlannedStmt* stmt, int max_helpers);

/* Helpers for a planned scan whose query ScanQueryIsParallelSafe and whose plan reads a
 * permanent table through an index, out of the query's helpers: they help only a split probe. */
int ProbeHelpersForPlan(PlannedStmt* stmt, int query_helpers);

} // namespace pgf
