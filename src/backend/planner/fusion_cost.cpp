#include "backend/planner/fusion_cost.h"

#include "backend/gucs.h"

extern "C" {
#include "access/table.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "storage/bufmgr.h"
#include "utils/rel.h"
}

namespace pgf {

namespace {

/* PostgreSQL's parallel divisor (cost.c, get_parallel_divisor): the backend counts for less
 * than a helper, as the leader of a Gather does. */
double ProducerDivisor(int producers) {
    int helpers = producers - 1;
    return helpers + Max(1.0 - 0.3 * helpers, 0.0);
}

} // namespace

Cost FullScanCostPerProducer(const PlannedStmt* full_scan, int producers) {
    const Plan* plan = full_scan->planTree;
    if (!IsA(plan, SeqScan) || producers <= 1)
        return plan->total_cost;
    Index relation = reinterpret_cast<const SeqScan*>(plan)->scan.scanrelid;
    Oid relid = rt_fetch(relation, full_scan->rtable)->relid;
    Relation rel = table_open(relid, NoLock);
    double pages = RelationGetNumberOfBlocks(rel);
    table_close(rel, NoLock);
    Cost disk = Min(pages * seq_page_cost, plan->total_cost);
    return disk + (plan->total_cost - disk) / ProducerDivisor(producers);
}

FusionEstimate EstimateFusionCost(List* scan_stmts, List* scan_helpers) {
    FusionEstimate estimate{};
    ListCell* stmt_cell;
    ListCell* helpers_cell;
    forboth (stmt_cell, scan_stmts, helpers_cell, scan_helpers) {
        const PlannedStmt* stmt = lfirst_node(PlannedStmt, stmt_cell);
        int producers = 1 + lfirst_int(helpers_cell);
        double rows = stmt->planTree->plan_rows;
        /* A scan of no columns (count(*)) still sends its rows' count. */
        double values = rows * Max(list_length(stmt->planTree->targetlist), 1);
        estimate.scans += FullScanCostPerProducer(stmt, producers);
        estimate.values += values;
        estimate.encoding += values * guc_scan_value_cost / (producers > 1 ? ProducerDivisor(producers) : 1.0);
        estimate.engine_rows += rows;
    }
    estimate.engine = guc_engine_startup_cost + estimate.engine_rows * guc_engine_row_cost / guc_engine_threads;
    estimate.total = estimate.scans + estimate.encoding + estimate.engine;
    return estimate;
}

} // namespace pgf
