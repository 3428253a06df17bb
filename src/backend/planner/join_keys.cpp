/*
 * join_keys.cpp — which scans a join may hand the keys of another scan, for auto's estimate.
 *
 * At run time DuckDB pushes a hash join's build-side keys into the probe side's scan, which
 * PostgreSQL may then read through an index (key_probe.h). Which side builds is DuckDB's
 * choice, made from cardinalities only known once the scans are planned, so this lists every
 * join that could do it and fusion_cost.cpp weighs them: an equality of two integer columns of
 * the same type, one of each scan (key probes are offered for int2, int4 and int8 only).
 *   - Within a level without outer joins the join is inner: either side may build.
 *   - A subquery's equality with a column of an outer scan (EXISTS, NOT EXISTS, IN, a scalar
 *     subquery, decorrelated by DuckDB) hands the outer scan's keys into the subquery's scan;
 *     never the other way, since NOT EXISTS and scalar subqueries keep every outer row.
 *   - Levels with outer joins are left out: their preserved sides are never filtered.
 * PostgreSQL-style code, planner-internal.
 */
#include "backend/planner/planner_internal.h"

extern "C" {
#include "catalog/pg_type.h"
#include "nodes/nodeFuncs.h"
}

namespace pgf {
namespace planner {

namespace {

bool IsIntegerType(Oid type) { return type == INT2OID || type == INT4OID || type == INT8OID; }

/* The scan a column Var of `level` (or of an outer level) reads, or nullptr. */
ScanRef* ScanOfVar(Level* level, Var* var) {
    Level* owner = level;
    for (Index up = 0; up < var->varlevelsup && owner != nullptr; up++)
        owner = owner->parent;
    if (owner == nullptr || var->varattno <= 0 || var->varno < 1 || static_cast<int>(var->varno) > owner->nrtes)
        return nullptr;
    return owner->scans[var->varno - 1];
}

/* Only a table's scan can be read through an index; any scan can give the keys. */
List* AddJoinKey(List* join_keys, ScanRef* probe, Var* probe_column, ScanRef* source) {
    if (probe->rte->rtekind != RTE_RELATION)
        return join_keys;
    return lappend(join_keys, list_make3_int(probe->scan_id, probe_column->varattno, source->scan_id));
}

} // namespace

List* CollectJoinKeys(PlanState* plan) {
    List* join_keys = NIL;
    ListCell* level_cell;
    foreach (level_cell, plan->levels) {
        Level* level = (Level*) lfirst(level_cell);
        if (level->from_nodes != NIL)
            continue;
        ListCell* lc;
        foreach (lc, level->engine_quals) {
            Node* conjunct = (Node*) lfirst(lc);
            if (!IsA(conjunct, OpExpr) || list_length(((OpExpr*) conjunct)->args) != 2 ||
                LookupOperator(((OpExpr*) conjunct)->opfuncid) != OpKind::Eq)
                continue;
            Node* left = (Node*) linitial(((OpExpr*) conjunct)->args);
            Node* right = (Node*) lsecond(((OpExpr*) conjunct)->args);
            if (!IsA(left, Var) || !IsA(right, Var))
                continue;
            Var* a = (Var*) left;
            Var* b = (Var*) right;
            if (a->vartype != b->vartype || !IsIntegerType(a->vartype))
                continue;
            ScanRef* scan_a = ScanOfVar(level, a);
            ScanRef* scan_b = ScanOfVar(level, b);
            if (scan_a == nullptr || scan_b == nullptr || scan_a == scan_b)
                continue;
            if (a->varlevelsup == 0 && b->varlevelsup == 0) {
                join_keys = AddJoinKey(join_keys, scan_a, a, scan_b);
                join_keys = AddJoinKey(join_keys, scan_b, b, scan_a);
            } else if (a->varlevelsup == 0 && b->varlevelsup > 0) {
                join_keys = AddJoinKey(join_keys, scan_a, a, scan_b);
            } else if (b->varlevelsup == 0 && a->varlevelsup > 0) {
                join_keys = AddJoinKey(join_keys, scan_b, b, scan_a);
            }
        }
    }
    return join_keys;
}

} // namespace planner
} // namespace pgf
