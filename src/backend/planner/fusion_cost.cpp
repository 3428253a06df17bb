#include "backend/planner/fusion_cost.h"

#include "backend/gucs.h"
#include "backend/planner/column_statistics.h"
#include "backend/planner/key_probe.h"

extern "C" {
#include "access/table.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parsetree.h"
#include "storage/bufmgr.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/typcache.h"
}

namespace pgf {

namespace {

/* The most placeholder keys a foreseen probe is planned with (PlanForeseenProbe). */
constexpr int kForecastKeys = 1024;

/* PostgreSQL's parallel divisor (cost.c, get_parallel_divisor): the backend counts for less
 * than a helper, as the leader of a Gather does. */
double ProducerDivisor(int producers) {
    int helpers = producers - 1;
    return helpers + Max(1.0 - 0.3 * helpers, 0.0);
}

/* The largest value of an integer type: placeholder keys count down from it. */
int64 LargestValue(Oid type) {
    switch (type) {
    case INT2OID: return PG_INT16_MAX;
    case INT4OID: return PG_INT32_MAX;
    default: return PG_INT64_MAX;
    }
}

/* How a key probe with `keys` keys would read the scan: PostgreSQL's plan of the scan query with
 * "column = ANY(keys)" added, as key_probe.cpp plans it with the real keys. The keys are
 * placeholders (the type's largest values, which no most-common-value list holds), so each
 * counts with the column's average frequency. Planning takes time in proportion to the keys, so
 * a longer list is planned with kForecastKeys and its cost scaled to the keys (an upper bound:
 * more keys share more heap pages). *cost: the plan's cost. nullptr unless the plan reads an index. */
const Plan* PlanForeseenProbe(const Query* scan_source, AttrNumber attno, int keys, ParamListInfo params, Cost* cost) {
    auto* query = static_cast<Query*>(copyObjectImpl(scan_source));
    const RangeTblEntry* rte = linitial_node(RangeTblEntry, query->rtable);
    if (rte->rtekind != RTE_RELATION)
        return nullptr;
    Oid relation = rte->relid;
    Oid type;
    int32 typmod;
    Oid collation;
    get_atttypetypmodcoll(relation, attno, &type, &typmod, &collation);
    int planned_keys = Min(keys, kForecastKeys);
    auto* placeholders = static_cast<int64*>(palloc(sizeof(int64) * planned_keys));
    for (int i = 0; i < planned_keys; i++)
        placeholders[i] = LargestValue(type) - i;
    Expr* qual = KeyListQual(makeVar(1, attno, type, typmod, collation, 0), placeholders, planned_keys, type);
    query->jointree->quals = make_and_qual(query->jointree->quals, reinterpret_cast<Node*>(qual));
    const Plan* plan = standard_planner(query, nullptr, 0, params)->planTree;
    Oid index;
    if (!ReadsThroughIndex(plan, &index))
        return nullptr;
    *cost = plan->startup_cost + (plan->total_cost - plan->startup_cost) * keys / planned_keys;
    return plan;
}

/* The rows a key probe with `keys` keys delivers: each key as frequent as the column's values
 * are on average among the scan's rows. PostgreSQL's estimate of the placeholder plan says the
 * same unless the most-common-value list holds every value (nation keys in supplier), where a
 * value outside it looks like no row at all, and that would make every scan the probe feeds
 * look empty too. */
double ProbeRows(const PlannedStmt* full_scan, AttrNumber attno, double keys, const Plan* probe_plan) {
    const RangeTblEntry* rte = linitial_node(RangeTblEntry, full_scan->rtable);
    double distinct = RelationColumnDistinct(rte->relid, attno);
    if (distinct <= 0)
        return probe_plan->plan_rows;
    return Max(full_scan->planTree->plan_rows * Min(keys / distinct, 1.0), 1.0);
}

struct ScanReading {
    Cost cost;
    double rows;
    int producers;
};

/* The scan read as planned: its producers share a sequential scan; a plan through an index
 * (whose helpers serve only a split probe) is the backend's alone. */
ScanReading FullReading(const PlannedStmt* stmt, int producers) {
    int readers = IsA(stmt->planTree, SeqScan) ? producers : 1;
    return ScanReading{FullScanCostPerProducer(stmt, readers), stmt->planTree->plan_rows, readers};
}

/* The cheapest way the foreseen joins let scan k be read: a key probe, or the full scan. A key
 * source delivers the rows foreseen for its own reading (sources[j].rows): a scan that is itself
 * a key probe hands on fewer keys than its full scan has rows. */
ScanReading ForeseeScanReading(int k, const PlannedStmt* stmt, int producers, const ScanReading* sources,
                               List* scan_sources, List* join_keys, ParamListInfo params, bool* probe) {
    ScanReading best = FullReading(stmt, producers);
    *probe = false;
    ListCell* lc;
    foreach (lc, join_keys) {
        List* join_key = static_cast<List*>(lfirst(lc));
        if (linitial_int(join_key) != k)
            continue;
        double keys = sources[lthird_int(join_key)].rows;
        if (keys > guc_join_key_list_limit || keys >= best.rows)
            continue;
        int key_count = Max(static_cast<int>(keys), 1);
        Cost probe_cost = 0;
        const Plan* probe_plan = PlanForeseenProbe(lfirst_node(Query, list_nth_cell(scan_sources, k)),
                                                   static_cast<AttrNumber>(lsecond_int(join_key)), key_count,
                                                   params, &probe_cost);
        /* a long list is split among the scan's producers (key_probe.h) */
        int probe_producers = ProbePartCount(key_count, producers) > 1 ? producers : 1;
        if (probe_plan == nullptr || probe_cost / probe_producers >= best.cost)
            continue;
        best = ScanReading{probe_cost / probe_producers,
                           Min(ProbeRows(stmt, static_cast<AttrNumber>(lsecond_int(join_key)), keys, probe_plan),
                               best.rows),
                           probe_producers};
        *probe = true;
    }
    return best;
}

/* Every scan's foreseen reading (probes[k]: scan k as a key probe). A probe's fewer rows make
 * fewer keys for the scans it feeds (nation -> supplier -> partsupp), so the readings are
 * refined until none changes; rows only shrink, and a chain is at most one pass per scan. */
ScanReading* ForeseeReadings(List* scan_stmts, List* scan_helpers, List* scan_sources, List* join_keys,
                             ParamListInfo params, bool* probes) {
    int count = list_length(scan_stmts);
    auto* readings = static_cast<ScanReading*>(palloc(sizeof(ScanReading) * Max(count, 1)));
    for (int k = 0; k < count; k++) {
        const PlannedStmt* stmt = list_nth_node(PlannedStmt, scan_stmts, k);
        int producers = 1 + list_nth_int(scan_helpers, k);
        readings[k] = FullReading(stmt, producers);
        probes[k] = false;
    }
    bool changed = join_keys != NIL;
    for (int pass = 0; changed && pass < count; pass++) {
        changed = false;
        for (int k = 0; k < count; k++) {
            ScanReading reading =
                ForeseeScanReading(k, list_nth_node(PlannedStmt, scan_stmts, k), 1 + list_nth_int(scan_helpers, k),
                                   readings, scan_sources, join_keys, params, &probes[k]);
            changed = changed || reading.rows != readings[k].rows;
            readings[k] = reading;
        }
    }
    return readings;
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

bool* ForeseeKeyProbes(List* scan_stmts, List* scan_helpers, List* scan_sources, List* join_keys,
                       ParamListInfo params) {
    auto* probes = static_cast<bool*>(palloc0(sizeof(bool) * Max(list_length(scan_stmts), 1)));
    ForeseeReadings(scan_stmts, scan_helpers, scan_sources, join_keys, params, probes);
    return probes;
}

FusionEstimate EstimateFusionCost(List* scan_stmts, List* scan_helpers, List* scan_sources, List* join_keys,
                                  ParamListInfo params) {
    FusionEstimate estimate{};
    auto* probes = static_cast<bool*>(palloc0(sizeof(bool) * Max(list_length(scan_stmts), 1)));
    ScanReading* readings = ForeseeReadings(scan_stmts, scan_helpers, scan_sources, join_keys, params, probes);
    for (int k = 0; k < list_length(scan_stmts); k++) {
        const PlannedStmt* stmt = list_nth_node(PlannedStmt, scan_stmts, k);
        const ScanReading& reading = readings[k];
        /* A scan of no columns (count(*)) still sends its rows' count. */
        double values = reading.rows * Max(list_length(stmt->planTree->targetlist), 1);
        estimate.scans += reading.cost;
        estimate.key_probes += probes[k] ? 1 : 0;
        estimate.values += values;
        estimate.encoding +=
            values * guc_scan_value_cost / (reading.producers > 1 ? ProducerDivisor(reading.producers) : 1.0);
        estimate.engine_rows += reading.rows;
    }
    estimate.engine = guc_engine_startup_cost + estimate.engine_rows * guc_engine_row_cost / guc_engine_threads;
    estimate.total = estimate.scans + estimate.encoding + estimate.engine;
    return estimate;
}

} // namespace pgf
