#include "backend/planner/planner_hook.h"

#include "backend/exec/fusion_scan.h"
#include "backend/exec/session.h"
#include "backend/gucs.h"
#include "backend/pg.h"
#include "backend/planner/fusion_plan.h"
#include "backend/planner/parallel_scans.h"
#include "backend/planner/plan_choice.h"
#include "backend/planner/shared_scans.h"
#include "backend/shmem.h"

extern "C" {
#include "access/parallel.h"
#include "catalog/catalog.h"
#include "nodes/nodeFuncs.h"
#include "nodes/makefuncs.h"
#include "optimizer/planmain.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "utils/ruleutils.h"
}

namespace pgf {

namespace {

planner_hook_type previous_planner_hook = nullptr;

struct RelationUse {
    bool user_table;
    bool catalog;
};

bool FindRelations(Node* node, RelationUse* use) {
    if (node == nullptr)
        return false;
    if (IsA(node, RangeTblEntry)) {
        auto* rte = reinterpret_cast<RangeTblEntry*>(node);
        if (rte->rtekind == RTE_RELATION) {
            if (IsCatalogRelationOid(rte->relid))
                use->catalog = true;
            else
                use->user_table = true;
        }
        return false;
    }
    if (IsA(node, Query))
        return query_tree_walker(reinterpret_cast<Query*>(node), reinterpret_cast<bool (*)()>(FindRelations), use,
                                 QTW_EXAMINE_RTES_BEFORE);
    return expression_tree_walker(node, reinterpret_cast<bool (*)()>(FindRelations), use);
}

bool ShouldPlanWithFusion(Query* parse) {
    if (guc_enable == static_cast<int>(EnableMode::Off) || !RegionAvailable() || EngineQueryRunning() || IsParallelWorker())
        return false;
    if (parse->commandType != CMD_SELECT || parse->utilityStmt != nullptr)
        return false;
    /* Row-locking reads (FOR UPDATE/SHARE, and the FOR KEY SHARE probes of foreign-key
     * triggers) need PostgreSQL's executor: they are PostgreSQL's, never refused. */
    if (parse->rowMarks != NIL)
        return false;
    RelationUse use{false, false};
    FindRelations(reinterpret_cast<Node*>(parse), &use);
    return use.user_table && !use.catalog;
}

/* Collapses ruleutils' line breaks and indentation (outside string literals) for a one-line
 * EXPLAIN property. */
char* SingleLine(char* text) {
    char* out = text;
    bool in_space = true; /* drops leading blanks */
    bool in_literal = false;
    for (char* in = text; *in != '\0'; in++) {
        if (*in == '\'')
            in_literal = !in_literal;
        bool space = !in_literal && (*in == '\n' || *in == ' ' || *in == '\t');
        if (space && in_space)
            continue;
        *out++ = space ? ' ' : *in;
        in_space = space;
    }
    *out = '\0';
    return text;
}

PlannedStmt* PostgresPlanner(Query* parse, const char* query_string, int cursor_options, ParamListInfo params) {
    if (previous_planner_hook)
        return previous_planner_hook(parse, query_string, cursor_options, params);
    return standard_planner(parse, query_string, cursor_options, params);
}

/* BuildFusionPlan, or nullptr when the query is unsupported and PostgreSQL's plan is to run
 * instead (pg_fusion.on_unsupported = fallback, or pg_fusion.enable = auto). */
FusionPlan* PlanOrFallBack(Query* parse, bool choosing) {
    if (!choosing && guc_on_unsupported == static_cast<int>(UnsupportedAction::Error))
        return BuildFusionPlan(parse);
    const char* refusal = nullptr;
    FusionPlan* plan = TryBuildFusionPlan(parse, &refusal);
    if (refusal != nullptr) {
        ereport(DEBUG1, (errmsg("%s; using PostgreSQL's plan", refusal)));
        RecordRefusal(parse, refusal);
    }
    return plan;
}

/* The child's outputs as the parent node reads them (a finished plan's OUTER_VAR references). */
List* OutputsOf(Plan* child) {
    List* tlist = NIL;
    ListCell* lc;
    foreach (lc, child->targetlist) {
        TargetEntry* tle = lfirst_node(TargetEntry, lc);
        Var* var = makeVarFromTargetEntry(OUTER_VAR, tle);
        TargetEntry* out = makeTargetEntry((Expr*) var, tle->resno, tle->resname, tle->resjunk);
        out->ressortgroupref = tle->ressortgroupref;
        tlist = lappend(tlist, out);
    }
    return tlist;
}

/* Puts node above child: it reads child's outputs and carries child's estimates. */
void PlaceAbove(Plan* node, Plan* child) {
    node->targetlist = OutputsOf(child);
    node->lefttree = child;
    node->startup_cost = child->startup_cost;
    node->total_cost = child->total_cost;
    node->plan_rows = child->plan_rows;
    node->plan_width = child->plan_width;
    node->plan_node_id = child->plan_node_id + 1;
}

/* LIMIT/OFFSET above top, if the query has them. */
Plan* LimitOf(FusionPlan* plan, Plan* top) {
    if (plan->limit_count == nullptr && plan->limit_offset == nullptr)
        return top;
    Limit* limit = makeNode(Limit);
    PlaceAbove(&limit->plan, top);
    limit->limitOffset = plan->limit_offset;
    limit->limitCount = plan->limit_count;
    limit->limitOption = LIMIT_OPTION_COUNT;
    return &limit->plan;
}

/* The columns, operators and collations of clauses, as child's output positions. */
void SortGroupColumns(List* clauses, Plan* child, bool equality, AttrNumber** columns, Oid** operators,
                      Oid** collations) {
    int count = list_length(clauses);
    *columns = (AttrNumber*) palloc(sizeof(AttrNumber) * count);
    *operators = (Oid*) palloc(sizeof(Oid) * count);
    *collations = (Oid*) palloc(sizeof(Oid) * count);
    int i = 0;
    ListCell* lc;
    foreach (lc, clauses) {
        SortGroupClause* clause = lfirst_node(SortGroupClause, lc);
        TargetEntry* tle = get_sortgroupclause_tle(clause, child->targetlist);
        (*columns)[i] = tle->resno;
        (*operators)[i] = equality ? clause->eqop : clause->sortop;
        (*collations)[i] = exprCollation((Node*) tle->expr);
        i++;
    }
}

/*
 * ORDER BY or DISTINCT over outputs PostgreSQL computes (FusionPlan.sort_clause,
 * distinct_clause): a Sort on the CustomScan's rows with the query's own sort operators,
 * collations and NULLS order, a Unique for DISTINCT, then a Limit for LIMIT/OFFSET, as
 * PostgreSQL's planner would build them.
 */
Plan* SortAndLimit(FusionPlan* plan, Plan* child) {
    /* DISTINCT sorts by the ORDER BY keys first (PostgreSQL requires them among the
     * outputs), then by the other outputs, so equal rows are adjacent. Without either, only
     * the Limit remains (after a HAVING PostgreSQL applies). */
    List* keys = list_copy(plan->sort_clause);
    ListCell* lc;
    foreach (lc, plan->distinct_clause) {
        SortGroupClause* clause = lfirst_node(SortGroupClause, lc);
        if (get_sortgroupref_clause_noerr(clause->tleSortGroupRef, keys) == nullptr)
            keys = lappend(keys, clause);
    }
    if (keys == NIL)
        return LimitOf(plan, child);
    Sort* sort = makeNode(Sort);
    PlaceAbove(&sort->plan, child);
    sort->plan.startup_cost = child->total_cost; /* a sort returns rows once it has them all */
    sort->numCols = list_length(keys);
    SortGroupColumns(keys, child, false, &sort->sortColIdx, &sort->sortOperators, &sort->collations);
    sort->nullsFirst = (bool*) palloc(sizeof(bool) * sort->numCols);
    int i = 0;
    foreach (lc, keys)
        sort->nullsFirst[i++] = lfirst_node(SortGroupClause, lc)->nulls_first;
    Plan* top = &sort->plan;
    if (plan->distinct_clause != NIL) {
        Unique* unique = makeNode(Unique);
        PlaceAbove(&unique->plan, top);
        unique->numCols = list_length(plan->distinct_clause);
        SortGroupColumns(plan->distinct_clause, child, true, &unique->uniqColIdx, &unique->uniqOperators,
                         &unique->uniqCollations);
        top = &unique->plan;
    }
    return LimitOf(plan, top);
}

/* The scan queries planned by PostgreSQL, with what the executor and auto's estimate need. */
struct PlannedScans {
    List* stmts;
    List* texts;   /* String: each scan query as SQL, for EXPLAIN */
    List* helpers; /* int: scan helpers each may use */
    List* sources; /* the scan queries unplanned (the planner rewrites what it plans) */
    bool any_helpers;
};

PlannedScans PlanScans(List* scan_queries, int max_helpers, ParamListInfo params) {
    PlannedScans scans{};
    List* parallel_safe = NIL;
    int query_helpers = 0;
    ListCell* lc;
    foreach (lc, scan_queries) {
        Query* scan_query = lfirst_node(Query, lc);
        scans.texts = lappend(scans.texts, makeString(SingleLine(pg_get_querydef(copyObject(scan_query), false))));
        bool safe = max_helpers > 0 && ScanQueryIsParallelSafe(scan_query);
        parallel_safe = lappend_int(parallel_safe, safe ? 1 : 0);
        scans.sources = lappend(scans.sources, copyObject(scan_query));
        PlannedStmt* scan_stmt = standard_planner(copyObject(scan_query), nullptr, 0, params);
        int helpers = safe ? ScanHelpersForPlan(scan_stmt, max_helpers) : 0;
        scans.stmts = lappend(scans.stmts, scan_stmt);
        scans.helpers = lappend_int(scans.helpers, helpers);
        query_helpers = Max(query_helpers, helpers);
    }
    /* the helpers started for the sequential scans may also share a split probe of the others */
    for (int k = 0; k < list_length(scans.stmts); k++)
        if (list_nth_int(scans.helpers, k) == 0 && list_nth_int(parallel_safe, k) != 0)
            list_nth_cell(scans.helpers, k)->int_value =
                ProbeHelpersForPlan(list_nth_node(PlannedStmt, scans.stmts, k), query_helpers);
    scans.any_helpers = query_helpers > 0;
    return scans;
}

PlannedStmt* FusionPlanner(Query* parse, const char* query_string, int cursor_options, ParamListInfo params) {
    if (!ShouldPlanWithFusion(parse))
        return PostgresPlanner(parse, query_string, cursor_options, params);

    bool choosing = guc_enable == static_cast<int>(EnableMode::Auto);
    int max_helpers = QueryAllowsScanHelpers(parse, cursor_options) ? MaxScanHelpers() : 0;
    FusionPlan* plan = PlanOrFallBack(parse, choosing);
    if (plan == nullptr)
        return PostgresPlanner(parse, query_string, cursor_options, params);

    PlannedScans scans = PlanScans(plan->scan_queries, max_helpers, params);
    if (ShareRepeatedScans(plan, scans.stmts, scans.helpers, scans.sources, params))
        scans = PlanScans(plan->scan_queries, max_helpers, params);

    /* PostgreSQL's plan of a pulled-up inner query is not the query's own plan: auto keeps
     * the query unplanned to plan it whole if PostgreSQL's plan wins. */
    Query* whole_query = choosing && plan->query != parse ? copyObject(parse) : nullptr;
    PlannedStmt* stmt = PostgresPlanner(plan->query, query_string, cursor_options, params);
    Plan* postgres_plan = stmt->planTree;
    if (choosing &&
        !ChooseFusion(parse, postgres_plan->total_cost, EstimateFusionCost(scans.stmts, scans.helpers, scans.sources, plan->join_keys, params)))
        return whole_query != nullptr ? PostgresPlanner(whole_query, query_string, cursor_options, params) : stmt;
    CustomScan* cscan = MakeFusionScan(plan->engine_sql, plan->engine_tlist, plan->final_tlist, scans.stmts,
                                       scans.texts, scans.helpers, scans.sources);
    cscan->scan.plan.startup_cost = postgres_plan->startup_cost;
    cscan->scan.plan.total_cost = postgres_plan->total_cost;
    cscan->scan.plan.plan_rows = postgres_plan->plan_rows;
    cscan->scan.plan.plan_width = postgres_plan->plan_width;
    cscan->scan.plan.plan_node_id = 0;
    Plan* top = &cscan->scan.plan;
    cscan->scan.plan.qual = plan->final_qual;
    if (plan->sort_clause != NIL || plan->distinct_clause != NIL || plan->limit_count != nullptr ||
        plan->limit_offset != nullptr)
        top = SortAndLimit(plan, top);
    /* A cursor that may fetch backward: SCROLL, or a DECLARE (CURSOR_OPT_FAST_PLAN) that says
     * neither SCROLL nor NO SCROLL, where PostgreSQL allows backward fetches whenever its plan
     * can scan backward. The engine's rows stream forward only; a Material keeps them. */
    bool may_scroll = (cursor_options & CURSOR_OPT_SCROLL) ||
                      ((cursor_options & CURSOR_OPT_FAST_PLAN) && !(cursor_options & CURSOR_OPT_NO_SCROLL));
    if (may_scroll)
        top = materialize_finished_plan(top);
    stmt->planTree = top;
    stmt->subplans = NIL;
    /* Scan helpers are parallel workers: the executor enters parallel mode for them when it
     * runs the plan to completion in one go (never for cursors). */
    stmt->parallelModeNeeded = scans.any_helpers;
    stmt->jitFlags = 0;
    ListCell* lc;
    foreach (lc, scans.stmts)
        stmt->relationOids = list_concat(stmt->relationOids, lfirst_node(PlannedStmt, lc)->relationOids);
    return stmt;
}

} // namespace

void InstallPlannerHook() {
    previous_planner_hook = planner_hook;
    planner_hook = FusionPlanner;
}

} // namespace pgf
