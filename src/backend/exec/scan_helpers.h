/*
 * scan_helpers.h — extra scan producers for one engine query: PostgreSQL parallel workers.
 *
 * The backend starts them through a ParallelContext when the query starts (inside the
 * executor's parallel mode, which the planner asked for with parallelModeNeeded), so they
 * share its transaction, snapshot, user and GUCs. Each helper claims a session slot of its
 * own (its ring to the worker and page owner), produces for the backend's slot (credit,
 * wakeups: shared_region.h), and loops over the query's shared scans the engine has opened,
 * producing pages with its own executor over the scan's parallel heap scan (scan_producer.h),
 * until the backend stops it.
 *
 * Parallel context memory (shm_toc keys): the HelperQuery and one SharedScan per scan; the
 * shared scans' PlannedStmts (nodeToString), ParallelTableScanDescs and filter areas (where the
 * backend leaves the engine's OpenScan for the helpers before it marks the scan opened); the
 * statement's parameters. Helpers that cannot be started mean fewer producers: a query whose helpers all
 * failed to start runs with the backend as its only producer.
 *
 * Lifetime: ScanHelpersStop (end of the query, executor shutdown) stops and waits for them
 * and destroys the context; on an ERROR the transaction's abort destroys it (and stops them),
 * so nothing else may touch a ScanHelpers after an error. PostgreSQL-style code.
 */
#pragma once

#include "backend/pg.h"

extern "C" {
#include "nodes/params.h"
#include "storage/dsm.h"
#include "storage/shm_toc.h"
}

namespace pgf {

struct FusionQuery;
struct ScanHelpers;
struct ScanProducer;

/* Starts helpers for the scans whose helper count (helpers_per_scan, an IntList) is above 0;
 * nullptr if none was started (not in parallel mode, no worker slot free). */
ScanHelpers* ScanHelpersLaunch(ScanProducer** producers, int scan_count, List* helpers_per_scan,
                               ParamListInfo params);
int ScanHelpersLaunched(const ScanHelpers* helpers);
/* The engine query started: the helpers may produce for it. */
void ScanHelpersBegin(ScanHelpers* helpers, const FusionQuery* query);
/* Stops the helpers, waits for them, keeps their counters in the producers; raises a helper's error. */
void ScanHelpersStop(ScanHelpers* helpers);

/* Wakes the helpers producing for the backend's session slot (a scan opened, stop). */
void WakeScanHelpers(uint32_t session_index);

} // namespace pgf

extern "C" {
/* A helper's main function, named in CreateParallelContext. */
PGDLLEXPORT void pg_fusion_scan_helper_main(dsm_segment* segment, shm_toc* toc);
}
