/*
 * shared_scans.h — several occurrences of one relation in a query read by one PostgreSQL scan.
 *
 * A query that reads a table more than once (TPC-H Q21's three lineitems, a self-join, the
 * outer and the subquery's copy of a table) would otherwise scan it once per occurrence. A
 * group of such scans is replaced by one scan query whose columns are every member's columns
 * (each once) plus, per member, the quals it does not share with every other member as a
 * boolean column (its marker), and whose WHERE is the shared conjuncts AND the OR of the
 * markers (each conjunct is evaluated once a row). The engine materializes its rows once
 *   WITH "pN" AS MATERIALIZED (SELECT * FROM pg_scan(N)) ...
 * and each member's FROM item reads its own rows and columns from it,
 *   (SELECT "c3" AS "c0", "c0" AS "c1" FROM "pN" WHERE "c5") AS "t7",
 * so every member sees exactly the rows its own scan would have delivered (a NULL qual value
 * is not true, as in its WHERE).
 *
 * Members must read the relation the same way: the same RTE (relation, ONLY or not, lock mode,
 * permissions and checkAsUser, row-level-security quals), no TABLESAMPLE, no volatile function
 * in its columns or quals (one evaluation would serve several occurrences) and no sub-select.
 * A scan foreseen as a key probe (fusion_cost.h) keeps its own scan: reading an index for a
 * few keys beats sharing a full read. A group is shared only when PostgreSQL's estimate of the
 * one scan plus the encoding and the engine's extra reads of the materialized rows is below
 * the separate scans', and the materialized rows fit in half of pg_fusion.engine_query_memory.
 * pg_fusion.share_scans = off keeps every occurrence its own scan.
 *
 * PostgreSQL-style code (palloc, may raise); the rewrite happens after the scans are planned
 * once, because the forecast needs their estimates; the caller plans the new scan list again.
 */
#pragma once

#include "backend/pg.h"
#include "backend/planner/fusion_plan.h"

namespace pgf {

/* Rewrites plan's engine_sql, scan_queries and join_keys so that each shareable group of its
 * scans is one scan. scan_stmts, scan_helpers, scan_sources: the scans as planned, as
 * EstimateFusionCost takes them (for the key-probe forecast, planned only when a relation is
 * read twice). Returns whether anything changed (scan numbers then changed too). */
bool ShareRepeatedScans(FusionPlan* plan, List* scan_stmts, List* scan_helpers, List* scan_sources,
                        ParamListInfo params);

} // namespace pgf
