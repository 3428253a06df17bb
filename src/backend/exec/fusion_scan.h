/*
 * fusion_scan.h — the PgFusion CustomScan: the plan node that stands for a whole query run
 * by the engine.
 *
 * Plan: scan.plan.targetlist is the query's output computed over the engine's result
 * columns (Vars with varno INDEX_VAR); custom_scan_tlist describes those result columns;
 * custom_private = (engine SQL String, List of scan PlannedStmts, List of scan SQL Strings
 * for EXPLAIN, IntList of scan helpers per scan, List of the scan Queries those were planned
 * from, for key probes: scan_producer.h). Execution starts the scan helpers (when
 * the executor runs in parallel mode) and the engine query on the first fetch, drives the
 * scans the engine opens, and imports result pages into the scan slot; ExecScan projects.
 * The helpers stop at executor shutdown, before the executor leaves parallel mode.
 */
#pragma once

#include "backend/pg.h"

namespace pgf {

void RegisterFusionScanMethods();

CustomScan* MakeFusionScan(const char* engine_sql, List* engine_tlist, List* final_tlist, List* scan_stmts,
                           List* scan_texts, List* scan_helpers, List* scan_queries);

} // namespace pgf
