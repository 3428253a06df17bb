/*
 * module.cpp — pg_fusion's entry point. Loaded through shared_preload_libraries, it defines
 * the GUCs, requests shared memory, registers the engine worker, installs the planner hook,
 * the EXPLAIN hook (plan_choice.h) and the PgFusion CustomScan. Loaded any other way it only defines the GUCs, and every
 * pg_fusion feature reports that preloading is required.
 */
#include "backend/exec/fusion_scan.h"
#include "backend/guard.h"
#include "backend/gucs.h"
#include "backend/pg.h"
#include "backend/planner/plan_choice.h"
#include "backend/planner/planner_hook.h"
#include "backend/shmem.h"
#include "backend/worker.h"

extern "C" {
PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_init(void);
}

void _PG_init(void) {
    PGF_ENTRY_BEGIN
    pgf::DefineGucs();
    if (!process_shared_preload_libraries_in_progress)
        return;
    pgf::InstallShmemHooks();
    pgf::RegisterEngineWorker();
    pgf::RegisterFusionScanMethods();
    pgf::InstallPlannerHook();
    pgf::InstallExplainHook();
    PGF_ENTRY_END
}
