#include "backend/planner/parallel_scans.h"

#include "common/shared_region.h"

#include "backend/gucs.h"

extern "C" {
#include "access/parallel.h"
#include "access/table.h"
#include "catalog/pg_class.h"
#include "catalog/pg_proc.h"
#include "nodes/pathnodes.h"
#include "nodes/plannodes.h"
#include "optimizer/clauses.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/paths.h"
#include "parser/parsetree.h"
#include "storage/bufmgr.h"
#include "utils/rel.h"
}

namespace pgf {

int MaxScanHelpers() {
    int helpers = guc_scan_helpers >= 0 ? guc_scan_helpers : max_parallel_workers_per_gather;
    return Min(helpers, static_cast<int>(kMaxScanHelpers));
}

bool QueryAllowsScanHelpers(Query* parse, int cursor_options) {
    return (cursor_options & CURSOR_OPT_PARALLEL_OK) != 0 && IsUnderPostmaster && !IsParallelWorker() &&
           parse->commandType == CMD_SELECT && !parse->hasModifyingCTE && MaxScanHelpers() > 0 &&
           max_parallel_hazard(parse) != PROPARALLEL_UNSAFE;
}

bool ScanQueryIsParallelSafe(Query* scan_query) { return max_parallel_hazard(scan_query) == PROPARALLEL_SAFE; }

namespace {

/* The relation a one-node scan plan reads, if it is a permanent heap table (helpers cannot read
 * temporary tables); else InvalidOid. */
Oid PermanentTableOf(PlannedStmt* stmt) {
    Plan* plan = stmt->planTree;
    if (plan->initPlan != NIL || stmt->subplans != NIL)
        return InvalidOid;
    RangeTblEntry* rte = rt_fetch(reinterpret_cast<Scan*>(plan)->scanrelid, stmt->rtable);
    if (rte->rtekind != RTE_RELATION || (rte->relkind != RELKIND_RELATION && rte->relkind != RELKIND_MATVIEW))
        return InvalidOid;
    /* The planner locked the relation. */
    Relation relation = table_open(rte->relid, NoLock);
    bool permanent = relation->rd_rel->relpersistence != RELPERSISTENCE_TEMP;
    table_close(relation, NoLock);
    return permanent ? rte->relid : InvalidOid;
}

} // namespace

int ProbeHelpersForPlan(PlannedStmt* stmt, int query_helpers) {
    Plan* plan = stmt->planTree;
    bool reads_index = IsA(plan, IndexScan) || IsA(plan, IndexOnlyScan) || IsA(plan, BitmapHeapScan);
    return query_helpers > 0 && reads_index && OidIsValid(PermanentTableOf(stmt)) ? query_helpers : 0;
}

int ScanHelpersForPlan(PlannedStmt* stmt, int max_helpers) {
    if (max_helpers <= 0 || !IsA(stmt->planTree, SeqScan))
        return 0;
    Oid table = PermanentTableOf(stmt);
    if (!OidIsValid(table))
        return 0;
    Relation relation = table_open(table, NoLock);
    RelOptInfo* rel = makeNode(RelOptInfo);
    rel->reloptkind = RELOPT_BASEREL;
    rel->rel_parallel_workers = RelationGetParallelWorkers(relation, -1);
    int helpers =
        compute_parallel_worker(rel, static_cast<double>(RelationGetNumberOfBlocks(relation)), -1, max_helpers);
    table_close(relation, NoLock);
    return helpers;
}

} // namespace pgf
