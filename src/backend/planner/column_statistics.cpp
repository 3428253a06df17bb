#include "backend/planner/column_statistics.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_class.h"
#include "catalog/pg_statistic.h"
#include "nodes/plannodes.h"
#include "parser/parsetree.h"
#include "utils/syscache.h"
}

namespace pgf {

namespace {

/* The relation a scan node reads, or InvalidOid if the plan's top is not a relation scan
 * (a row-security subquery, a Result). */
Oid ScannedRelation(const PlannedStmt* scan) {
    const Plan* plan = scan->planTree;
    switch (nodeTag(plan)) {
    case T_SeqScan:
    case T_SampleScan:
    case T_IndexScan:
    case T_BitmapHeapScan:
    case T_TidScan:
    case T_TidRangeScan: {
        Index relation = reinterpret_cast<const Scan*>(plan)->scanrelid;
        RangeTblEntry* rte = rt_fetch(relation, scan->rtable);
        return rte->rtekind == RTE_RELATION && !rte->inh ? rte->relid : InvalidOid;
    }
    default: return InvalidOid;
    }
}

double RelationTuples(Oid relation) {
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relation));
    if (!HeapTupleIsValid(tuple))
        return -1;
    double tuples = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->reltuples;
    ReleaseSysCache(tuple);
    return tuples;
}

/* ANALYZE's distinct values of the column among `tuples` rows; 0 if it has none. */
double ColumnDistinct(Oid relation, AttrNumber attno, double tuples) {
    HeapTuple tuple = SearchSysCache3(STATRELATTINH, ObjectIdGetDatum(relation), Int16GetDatum(attno),
                                      BoolGetDatum(false));
    if (!HeapTupleIsValid(tuple))
        return 0;
    double stadistinct = reinterpret_cast<Form_pg_statistic>(GETSTRUCT(tuple))->stadistinct;
    ReleaseSysCache(tuple);
    if (stadistinct > 0)
        return stadistinct;
    return stadistinct < 0 && tuples > 0 ? -stadistinct * tuples : 0;
}

} // namespace

double RelationColumnDistinct(Oid relation, AttrNumber attno) {
    return ColumnDistinct(relation, attno, RelationTuples(relation));
}

void EstimateDistinctValues(const PlannedStmt* scan, int column_count, uint64_t* distinct) {
    for (int c = 0; c < column_count; c++)
        distinct[c] = 0;
    Oid relation = ScannedRelation(scan);
    if (!OidIsValid(relation))
        return;
    double rows = Max(scan->planTree->plan_rows, 1.0);
    double tuples = RelationTuples(relation);
    int column = 0;
    ListCell* lc;
    foreach (lc, scan->planTree->targetlist) {
        TargetEntry* tle = lfirst_node(TargetEntry, lc);
        if (tle->resjunk)
            continue;
        if (column >= column_count)
            break;
        if (IsA(tle->expr, Var) && reinterpret_cast<Var*>(tle->expr)->varattno > 0) {
            double values = ColumnDistinct(relation, reinterpret_cast<Var*>(tle->expr)->varattno, tuples);
            /* a filtered scan holds at most as many distinct values as rows */
            if (values > 0)
                distinct[column] = static_cast<uint64_t>(Max(Min(values, rows), 1.0));
        }
        column++;
    }
}

} // namespace pgf
