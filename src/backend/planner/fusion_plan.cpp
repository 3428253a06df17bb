/*
 * fusion_plan.cpp — BuildFusionPlan: the driver that ties the planner modules together.
 *
 * Prepares all query levels (scan_split.cpp), splits the top level's output into engine
 * columns and a PostgreSQL final projection, renders the engine SQL, and only then builds
 * the scan Queries (rendering decides which columns each scan delivers).
 *
 * A pass-through wrapper (SELECT cols FROM (query) s ORDER BY/LIMIT) is pulled up first.
 *
 * Final projection: an output the engine computes exactly is one engine column read back as
 * Var(INDEX_VAR, k). An output that needs PostgreSQL (avg of int/numeric, numeric division,
 * numeric stddev/variance, a sum or CASE over numeric branches of different scales, an
 * unconstrained numeric column, a function the engine lacks that no single scan can compute)
 * keeps the PostgreSQL nodes above and including that part, evaluated over engine columns:
 * avg becomes numeric_div(sum column, count column), and so on. Var-free subtrees (constants)
 * stay in PostgreSQL. In CASE branches PostgreSQL may skip, only columns and aggregates become
 * engine columns (nothing that could raise is computed for every row). ORDER BY, DISTINCT,
 * LIMIT and HAVING over such outputs become PostgreSQL nodes above the CustomScan
 * (FusionPlan.sort_clause, distinct_clause, final_qual).
 */
#include "backend/planner/fusion_plan.h"

#include "backend/planner/planner_internal.h"

extern "C" {
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/fmgroids.h"
}

namespace pgf {

using namespace planner;

namespace {

bool IsNumericDivision(Node* node) {
    if (!IsA(node, OpExpr))
        return false;
    OpExpr* op = (OpExpr*) node;
    set_opfuncid(op);
    return op->opfuncid == F_NUMERIC_DIV;
}

struct SplitContext {
    Level* top;
    List* engine_tlist;
    bool conditional; /* inside a CASE branch or a later COALESCE argument */
};

/* An unconstrained numeric value a scan delivers to an ungrouped top level — a column of a
 * base table, an expression the scan computes (extract(julian ...), a function the engine
 * lacks) or extract(year ...) of one table, which the scan then computes: each value has its
 * own display scale and may be NaN or ±Infinity, which no engine DECIMAL holds, so it crosses
 * the engine as its text and PostgreSQL reads it back (and computes with it in the final
 * projection). */
bool IsTextCarriedNumeric(SplitContext* ctx, Node* node) {
    if (ctx->top->grouped || IsA(node, List)) /* walkers visit some argument lists whole */
        return false;
    if (!IsA(node, Var))
        return !ctx->conditional &&
               (ScanCanCompute(ctx->top, node) || (IsYearExtract(node) && ScanCanEvaluate(ctx->top, node))) &&
               exprType(node) == NUMERICOID && exprTypmod(node) < 0;
    Var* var = (Var*) node;
    return var->vartype == NUMERICOID && var->vartypmod < 0 && var->varlevelsup == 0 && var->varno >= 1 &&
           (int) var->varno <= ctx->top->nrtes && ctx->top->scans[var->varno - 1] != nullptr;
}

CoerceViaIO* ViaText(Expr* arg, Oid type, Oid collation) {
    CoerceViaIO* coerce = makeNode(CoerceViaIO);
    coerce->arg = arg;
    coerce->resulttype = type;
    coerce->resultcollid = collation;
    coerce->coerceformat = COERCE_EXPLICIT_CAST;
    coerce->location = -1;
    return coerce;
}

/*
 * Parts of an output PostgreSQL computes: avg of integer/numeric and numeric division (their
 * result scale depends on the values), and whatever the engine does not render, unless the
 * whole subtree reads one base relation and its scan computes it. An aggregate's argument is
 * never split: it is computed per row inside the engine's aggregation.
 */
bool NeedsPostgresWalker(Node* node, SplitContext* ctx) {
    if (node == nullptr)
        return false;
    if (IsA(node, Aggref))
        return IsNumericAvg((Aggref*) node) || IsNumericVariance((Aggref*) node) ||
               IsMixedScaleSum(ctx->top, (Aggref*) node);
    if (IsA(node, WindowFunc))
        return IsNumericAvgWindow((WindowFunc*) node) || IsMixedScaleLagLead(ctx->top, (WindowFunc*) node);
    if (IsTextCarriedNumeric(ctx, node))
        return true;
    /* a column of a type the engine cannot carry is refused when the engine reads it */
    if (IsA(node, Var) || IsA(node, GroupingFunc) || IsA(node, SubLink) ||
        IsGroupingKey(ctx->top, node))
        return false;
    if (IsNumericDivision(node))
        return true;
    if (!ctx->conditional && ScanComputes(ctx->top, node))
        return false;
    if (!EngineRendersItself(node))
        return true;
    /* a numeric CASE/COALESCE whose branches have different scales keeps each value's own
     * scale in PostgreSQL: PostgreSQL evaluates it over the branches' engine columns */
    if ((IsA(node, CaseExpr) || IsA(node, CoalesceExpr)) && exprType(node) == NUMERICOID &&
        !HasStaticNumericScale(ctx->top, node))
        return true;
    bool outer_conditional = ctx->conditional;
    bool result = false;
    if (IsA(node, CaseExpr)) {
        CaseExpr* expr = (CaseExpr*) node;
        result = NeedsPostgresWalker((Node*) expr->arg, ctx);
        ListCell* lc;
        foreach (lc, expr->args) {
            CaseWhen* when = (CaseWhen*) lfirst(lc);
            result = result || NeedsPostgresWalker((Node*) when->expr, ctx);
            ctx->conditional = true;
            result = result || NeedsPostgresWalker((Node*) when->result, ctx);
        }
        result = result || NeedsPostgresWalker((Node*) expr->defresult, ctx);
    } else if (IsA(node, CoalesceExpr)) {
        ListCell* lc;
        foreach (lc, ((CoalesceExpr*) node)->args) {
            result = result || NeedsPostgresWalker((Node*) lfirst(lc), ctx);
            ctx->conditional = true;
        }
    } else {
        result = expression_tree_walker(node, (bool (*)()) NeedsPostgresWalker, ctx);
    }
    ctx->conditional = outer_conditional;
    return result;
}

bool ContainsVarOrAggrefWalker(Node* node, void* context) {
    if (node == nullptr)
        return false;
    if (IsA(node, Var) || IsA(node, Aggref) || IsA(node, GroupingFunc) || IsA(node, WindowFunc) ||
        IsA(node, SubLink))
        return true;
    return expression_tree_walker(node, (bool (*)()) ContainsVarOrAggrefWalker, context);
}

/* The length every char value of expr has when its type does not say (min/max of char(n)
 * columns, CASE/COALESCE over them), or -1. */
int StaticCharLength(Node* node) {
    int32 typmod = exprTypmod(node);
    if (typmod >= (int32) VARHDRSZ)
        return typmod;
    if (IsA(node, Aggref) && IsMinMax(((Aggref*) node)->aggfnoid))
        return StaticCharLength((Node*) ((TargetEntry*) linitial(((Aggref*) node)->args))->expr);
    if (IsA(node, RelabelType))
        return StaticCharLength((Node*) ((RelabelType*) node)->arg);
    List* branches = NIL;
    if (IsA(node, CoalesceExpr)) {
        branches = ((CoalesceExpr*) node)->args;
    } else if (IsA(node, CaseExpr)) {
        branches = list_make1(((CaseExpr*) node)->defresult);
        ListCell* lc;
        foreach (lc, ((CaseExpr*) node)->args)
            branches = lappend(branches, ((CaseWhen*) lfirst(lc))->result);
    }
    int length = -1;
    ListCell* lc;
    foreach (lc, branches) {
        Node* branch = (Node*) lfirst(lc);
        if (IsA(branch, Const) && ((Const*) branch)->constisnull)
            continue;
        int branch_length = StaticCharLength(branch);
        if (branch_length < 0 || (length >= 0 && branch_length != length))
            return -1;
        length = branch_length;
    }
    return length;
}

/* Appends expr as an engine column and returns the Var the final projection reads it by.
 * Unconstrained numeric gets its static scale as numeric(38,s) (the engine's DECIMAL needs
 * one); the Var keeps the expression's own typmod so the query's result type is
 * PostgreSQL's. */
Var* AddEngineColumn(SplitContext* ctx, Expr* expr) {
    Oid type = exprType((Node*) expr);
    int32 typmod = exprTypmod((Node*) expr);
    Expr* column = expr;
    if (type == NUMERICOID && typmod < 0) {
        int scale = StaticNumericScale(ctx->top, (Node*) expr);
        column = WithNumericScale(expr, scale == kAnyScale ? 0 : scale);
    }
    /* char values cross without their padding; a known length restores it */
    if (type == BPCHAROID && typmod < 0) {
        int length = StaticCharLength((Node*) expr);
        if (length >= 0)
            column = (Expr*) makeRelabelType(expr, BPCHAROID, length, exprCollation((Node*) expr), COERCE_IMPLICIT_CAST);
    }
    int resno = 1;
    ListCell* lc;
    foreach (lc, ctx->engine_tlist) {
        if (equal(((TargetEntry*) lfirst(lc))->expr, column))
            return makeVar(INDEX_VAR, resno, type, typmod, exprCollation((Node*) expr), 0);
        resno++;
    }
    ctx->engine_tlist =
        lappend(ctx->engine_tlist, makeTargetEntry(column, resno, psprintf("c%d", resno - 1), false));
    return makeVar(INDEX_VAR, resno, type, typmod, exprCollation((Node*) expr), 0);
}

/* A sum as the final projection reads it: one engine column, or two for a mixed-scale sum. */
Expr* SplitSum(SplitContext* ctx, Aggref* sum) {
    if (!IsMixedScaleSum(ctx->top, sum))
        return (Expr*) AddEngineColumn(ctx, (Expr*) sum);
    Var* value = AddEngineColumn(ctx, (Expr*) MixedSumValuePart(ctx->top, sum));
    Var* scale = AddEngineColumn(ctx, (Expr*) MixedSumScalePart(ctx->top, sum));
    return MixedSumFinalExpr((Expr*) value, (Expr*) scale);
}

/* In a branch PostgreSQL may skip, only values that cannot raise errors (columns, grouping
 * keys, aggregates and window functions, which are computed for every row anyway) become
 * engine columns; the expression over them stays PostgreSQL's. */
bool IsEngineLeaf(Node* node, SplitContext* ctx) {
    return IsA(node, Var) || IsA(node, Aggref) || IsA(node, GroupingFunc) || IsA(node, WindowFunc) ||
           IsA(node, SubLink) || IsGroupingKey(ctx->top, node);
}

Node* SplitMutator(Node* node, SplitContext* ctx) {
    if (node == nullptr)
        return nullptr;
    if (IsA(node, Aggref) && IsNumericAvg((Aggref*) node)) {
        Aggref* avg = (Aggref*) node;
        Aggref* sum_part = AvgSumPart(avg);
        Aggref* count_part = AvgCountPart(avg);
        /* count reads the argument only for its NULLs: the one-scale form renders */
        if (IsMixedScaleSum(ctx->top, sum_part))
            count_part->args = MixedSumValuePart(ctx->top, sum_part)->args;
        Expr* sum = SplitSum(ctx, sum_part);
        Var* count = AddEngineColumn(ctx, (Expr*) count_part);
        return (Node*) AvgFinalExpr(sum, (Expr*) count);
    }
    if (IsA(node, Aggref) && IsNumericVariance((Aggref*) node)) {
        Aggref* agg = (Aggref*) node;
        Var* sum = AddEngineColumn(ctx, (Expr*) VarianceSumPart(agg));
        Var* squares = AddEngineColumn(ctx, (Expr*) VarianceSquaresPart(agg));
        Var* count = AddEngineColumn(ctx, (Expr*) VarianceCountPart(agg));
        return (Node*) VarianceFinalExpr(agg, (Expr*) sum, (Expr*) squares, (Expr*) count);
    }
    if (IsA(node, WindowFunc) && IsNumericAvgWindow((WindowFunc*) node)) {
        WindowFunc* avg = (WindowFunc*) node;
        WindowFunc* sum = (WindowFunc*) copyObject(avg);
        WindowFunc* count = (WindowFunc*) copyObject(avg);
        AvgSumFunction(avg->winfnoid, &sum->winfnoid, &sum->wintype);
        count->winfnoid = F_COUNT_ANY;
        count->wintype = INT8OID;
        Var* sum_column = AddEngineColumn(ctx, (Expr*) sum);
        Var* count_column = AddEngineColumn(ctx, (Expr*) count);
        return (Node*) AvgFinalExpr((Expr*) sum_column, (Expr*) count_column);
    }
    if (IsA(node, WindowFunc) && IsMixedScaleLagLead(ctx->top, (WindowFunc*) node)) {
        LagLeadParts parts = SplitLagLead((WindowFunc*) node);
        Var* present = AddEngineColumn(ctx, (Expr*) parts.present);
        Var* value = AddEngineColumn(ctx, (Expr*) parts.value);
        /* the default is evaluated for the current row only when no offset row exists */
        bool outer_conditional = ctx->conditional;
        ctx->conditional = true;
        Expr* fallback = (Expr*) SplitMutator((Node*) parts.fallback, ctx);
        ctx->conditional = outer_conditional;
        return (Node*) LagLeadFinalExpr((Expr*) present, (Expr*) value, fallback);
    }
    if (IsA(node, Aggref) && IsMixedScaleSum(ctx->top, (Aggref*) node))
        return (Node*) SplitSum(ctx, (Aggref*) node);
    if (IsA(node, List))
        return expression_tree_mutator(node, (Node * (*) ()) SplitMutator, ctx);
    if (IsTextCarriedNumeric(ctx, node)) {
        Var* text = AddEngineColumn(ctx, (Expr*) ViaText((Expr*) node, TEXTOID, DEFAULT_COLLATION_OID));
        return (Node*) ViaText((Expr*) text, NUMERICOID, InvalidOid);
    }
    if (!ContainsVarOrAggrefWalker(node, nullptr))
        return (Node*) copyObject(node);
    if (!NeedsPostgresWalker(node, ctx) && (!ctx->conditional || IsEngineLeaf(node, ctx)))
        return (Node*) AddEngineColumn(ctx, (Expr*) node);
    bool outer_conditional = ctx->conditional;
    Node* result;
    if (IsA(node, CaseExpr)) {
        CaseExpr* expr = (CaseExpr*) copyObject(node);
        expr->arg = (Expr*) SplitMutator((Node*) expr->arg, ctx);
        ListCell* lc;
        foreach (lc, expr->args) {
            CaseWhen* when = (CaseWhen*) lfirst(lc);
            when->expr = (Expr*) SplitMutator((Node*) when->expr, ctx);
            ctx->conditional = true;
            when->result = (Expr*) SplitMutator((Node*) when->result, ctx);
        }
        expr->defresult = (Expr*) SplitMutator((Node*) expr->defresult, ctx);
        result = (Node*) expr;
    } else if (IsA(node, CoalesceExpr)) {
        CoalesceExpr* expr = (CoalesceExpr*) copyObject(node);
        List* args = NIL;
        ListCell* lc;
        foreach (lc, expr->args) {
            args = lappend(args, SplitMutator((Node*) lfirst(lc), ctx));
            ctx->conditional = true;
        }
        expr->args = args;
        result = (Node*) expr;
    } else {
        result = expression_tree_mutator(node, (Node * (*) ()) SplitMutator, ctx);
    }
    ctx->conditional = outer_conditional;
    return result;
}

/* The inner query's output a plain Var of the wrapper reads, or nullptr. */
TargetEntry* WrappedOutput(Query* inner, Node* expr) {
    if (!IsA(expr, Var))
        return nullptr;
    Var* var = (Var*) expr;
    if (var->varno != 1 || var->varlevelsup != 0 || var->varattno <= 0 ||
        var->varattno > list_length(inner->targetList))
        return nullptr;
    TargetEntry* tle = (TargetEntry*) list_nth(inner->targetList, var->varattno - 1);
    return tle->resjunk ? nullptr : tle;
}

/*
 * SELECT <columns of s> FROM (<query>) s [ORDER BY <columns of s>] [LIMIT ...], as BI tools
 * wrap queries, is <query> with that select list, order and limit: the wrapper goes, so the
 * inner select list is the final one (avg and the other outputs PostgreSQL finishes are only
 * finished there). Returns nullptr when the wrapper does anything else.
 */
Query* PullUpWrapper(Query* outer) {
    if (outer->setOperations != nullptr || outer->hasRecursive || list_length(outer->rtable) != 1 ||
        outer->jointree == nullptr || list_length(outer->jointree->fromlist) != 1 || outer->jointree->quals != nullptr ||
        outer->hasAggs || outer->groupClause != NIL || outer->groupingSets != NIL || outer->havingQual != nullptr ||
        outer->hasWindowFuncs || outer->distinctClause != NIL || outer->hasTargetSRFs || outer->hasSubLinks ||
        outer->rowMarks != NIL || outer->limitOption == LIMIT_OPTION_WITH_TIES)
        return nullptr;
    Node* item = (Node*) linitial(outer->jointree->fromlist);
    RangeTblEntry* rte = (RangeTblEntry*) linitial(outer->rtable);
    if (!IsA(item, RangeTblRef) || ((RangeTblRef*) item)->rtindex != 1 || rte->lateral || rte->security_barrier)
        return nullptr;
    /* the wrapped query: a derived table, or the wrapper's one CTE (WITH q AS (...) SELECT
     * ... FROM q), which nothing else can reference */
    Query* inner;
    if (rte->rtekind == RTE_SUBQUERY && outer->cteList == NIL) {
        inner = rte->subquery;
    } else if (rte->rtekind == RTE_CTE && rte->ctelevelsup == 0 && list_length(outer->cteList) == 1 &&
               strcmp(lfirst_node(CommonTableExpr, list_head(outer->cteList))->ctename, rte->ctename) == 0) {
        inner = (Query*) lfirst_node(CommonTableExpr, list_head(outer->cteList))->ctequery;
    } else {
        return nullptr;
    }
    bool inner_limit = inner->limitCount != nullptr || inner->limitOffset != nullptr;
    bool outer_order = outer->sortClause != NIL || outer->limitCount != nullptr || outer->limitOffset != nullptr;
    if (inner->setOperations != nullptr || inner->hasDistinctOn || inner->hasTargetSRFs || inner->rowMarks != NIL ||
        (inner_limit && outer_order))
        return nullptr;
    ListCell* lc;
    foreach (lc, outer->targetList)
        if (WrappedOutput(inner, (Node*) ((TargetEntry*) lfirst(lc))->expr) == nullptr)
            return nullptr;
    /* DISTINCT is over the inner outputs: the wrapper must show exactly those, in order */
    if (inner->distinctClause != NIL) {
        int position = 0;
        foreach (lc, inner->targetList) {
            if (((TargetEntry*) lfirst(lc))->resjunk)
                continue;
            position++;
            TargetEntry* shown = position <= list_length(outer->targetList)
                                     ? (TargetEntry*) list_nth(outer->targetList, position - 1)
                                     : nullptr;
            if (shown == nullptr || shown->resjunk || ((Var*) shown->expr)->varattno != ((TargetEntry*) lfirst(lc))->resno)
                return nullptr;
        }
        foreach (lc, outer->targetList)
            if (((TargetEntry*) lfirst(lc))->resjunk)
                return nullptr;
        if (position != list_length(outer->targetList))
            return nullptr;
    }

    Query* pulled = (Query*) copyObject(inner);
    Index next_ref = 0;
    foreach (lc, pulled->targetList)
        next_ref = Max(next_ref, ((TargetEntry*) lfirst(lc))->ressortgroupref);
    /* the wrapper's columns first, in its order and names; the rest of the inner select list
     * stays as junk (grouping keys are named by their sortgroupref) */
    List* targets = NIL;
    int* moved_to = (int*) palloc0(sizeof(int) * (list_length(pulled->targetList) + 1));
    foreach (lc, outer->targetList) {
        TargetEntry* wrapper = (TargetEntry*) lfirst(lc);
        AttrNumber attno = ((Var*) wrapper->expr)->varattno;
        TargetEntry* tle = (TargetEntry*) copyObject(list_nth(pulled->targetList, attno - 1));
        tle->resno = list_length(targets) + 1;
        tle->resname = wrapper->resname;
        tle->resjunk = wrapper->resjunk;
        if (moved_to[attno] != 0)
            tle->ressortgroupref = 0; /* a repeated column: the first copy keeps the reference */
        else
            moved_to[attno] = tle->resno;
        targets = lappend(targets, tle);
    }
    int attno = 0;
    foreach (lc, pulled->targetList) {
        attno++;
        if (moved_to[attno] != 0)
            continue;
        TargetEntry* tle = (TargetEntry*) copyObject(lfirst(lc));
        tle->resno = list_length(targets) + 1;
        tle->resjunk = true;
        targets = lappend(targets, tle);
    }
    /* A LIMIT/OFFSET without an ORDER BY of its own takes the first rows in the inner
     * query's order: the inner ORDER BY stays. */
    if (outer_order && outer->sortClause != NIL) {
        List* sort = NIL;
        foreach (lc, outer->sortClause) {
            SortGroupClause* clause = (SortGroupClause*) copyObject(lfirst(lc));
            TargetEntry* wrapper = get_sortgroupclause_tle(clause, outer->targetList);
            TargetEntry* tle = (TargetEntry*) list_nth(targets, moved_to[((Var*) wrapper->expr)->varattno] - 1);
            if (tle->ressortgroupref == 0)
                tle->ressortgroupref = ++next_ref;
            clause->tleSortGroupRef = tle->ressortgroupref;
            sort = lappend(sort, clause);
        }
        pulled->sortClause = sort;
    }
    if (outer_order) {
        pulled->limitCount = outer->limitCount;
        pulled->limitOffset = outer->limitOffset;
        pulled->limitOption = outer->limitOption;
    }
    pulled->targetList = targets;
    pulled->canSetTag = outer->canSetTag;
    pulled->stmt_location = outer->stmt_location;
    pulled->stmt_len = outer->stmt_len;
    return pulled;
}

/* A scan is one stream of pages that one reader consumes: an expression whose rendering
 * repeats an operand holding a subquery would read that subquery's scans twice (the engine
 * refuses at execution; refusing here names the reason and lets fallback work). */
void CheckEachScanReadOnce(const char* sql, int scan_count) {
    for (int k = 0; k < scan_count; k++) {
        char* reference = psprintf("pg_scan(%d)", k);
        const char* first = strstr(sql, reference);
        if (first != nullptr && strstr(first + 1, reference) != nullptr)
            Unsupported("a subquery inside an expression the engine evaluates with repeated operands "
                        "(extract, date_trunc or substring of a subquery's value)");
        pfree(reference);
    }
}

} // namespace

FusionPlan* BuildFusionPlan(Query* parse) {
    PlanState plan = {};
    while (Query* pulled = PullUpWrapper(parse))
        parse = pulled;
    if (IsDegenerateGrouping(parse))
        return nullptr;
    Level* top = PrepareLevel(&plan, parse, nullptr);
    Query* query = top->query;

    SplitContext split = {top, NIL, false};
    int* select_ordinal = (int*) palloc0(sizeof(int) * (list_length(query->targetList) + 1));
    bool any_split = false;
    /* HAVING conditions PostgreSQL computes (numeric stddev, functions over aggregates)
     * filter the engine's groups in the CustomScan; the engine keeps the others. */
    ListCell* lc;
    List* postgres_having = NIL;
    List* engine_having = NIL;
    foreach (lc, make_ands_implicit((Expr*) query->havingQual)) {
        Node* condition = (Node*) lfirst(lc);
        if (NeedsPostgresWalker(condition, &split))
            postgres_having = lappend(postgres_having, condition);
        else
            engine_having = lappend(engine_having, condition);
    }
    if (postgres_having != NIL) {
        if (query->hasDistinctOn || query->distinctClause != NIL)
            Unsupported("DISTINCT with HAVING conditions PostgreSQL computes after the engine");
        query->havingQual = engine_having == NIL ? nullptr : (Node*) make_ands_explicit(engine_having);
        /* the limit applies to the groups that pass */
        if (query->limitCount != nullptr || query->limitOffset != nullptr)
            top->sort_in_postgres = true;
    }
    /* A LIMIT/OFFSET known only at execution ($n) is PostgreSQL's Limit node, after the sort. */
    Node* limits[] = {query->limitCount, query->limitOffset};
    for (Node* limit : limits) {
        if (limit != nullptr && !IsA(eval_const_expressions(nullptr, limit), Const))
            top->sort_in_postgres = true;
    }
    /* An ORDER BY key PostgreSQL computes makes PostgreSQL sort (and limit) the result. */
    foreach (lc, query->sortClause) {
        TargetEntry* tle = get_sortgroupclause_tle(lfirst_node(SortGroupClause, lc), query->targetList);
        if (NeedsPostgresWalker((Node*) tle->expr, &split))
            top->sort_in_postgres = true;
    }
    if (top->sort_in_postgres && query->hasDistinctOn)
        Unsupported("DISTINCT ON with ORDER BY outputs PostgreSQL computes after the engine");
    /* DISTINCT over an output PostgreSQL computes: PostgreSQL sorts and removes duplicates. */
    bool distinct_in_postgres = false;
    if (query->distinctClause != NIL && !query->hasDistinctOn) {
        foreach (lc, query->targetList) {
            TargetEntry* tle = (TargetEntry*) lfirst(lc);
            if (!tle->resjunk && NeedsPostgresWalker((Node*) tle->expr, &split))
                distinct_in_postgres = true;
        }
    }
    if (distinct_in_postgres) {
        foreach (lc, query->distinctClause) {
            if (!OidIsValid(lfirst_node(SortGroupClause, lc)->sortop))
                Unsupported("DISTINCT over outputs PostgreSQL computes after the engine (avg() of integer or numeric, "
                            "numeric division, functions the engine does not have)");
        }
        top->sort_in_postgres = true;
        top->distinct_in_postgres = true;
    }
    List* final_tlist = NIL;
    foreach (lc, query->targetList) {
        TargetEntry* tle = (TargetEntry*) lfirst(lc);
        bool sort_key = top->sort_in_postgres && tle->ressortgroupref != 0 &&
                        (get_sortgroupref_clause_noerr(tle->ressortgroupref, query->sortClause) != nullptr ||
                         (distinct_in_postgres &&
                          get_sortgroupref_clause_noerr(tle->ressortgroupref, query->distinctClause) != nullptr));
        if (tle->resjunk && !sort_key)
            continue;
        Expr* final_expr;
        if (NeedsPostgresWalker((Node*) tle->expr, &split)) {
            final_expr = (Expr*) SplitMutator((Node*) tle->expr, &split);
            any_split = true;
        } else {
            Var* column = AddEngineColumn(&split, tle->expr);
            select_ordinal[tle->resno] = column->varattno;
            final_expr = (Expr*) column;
        }
        TargetEntry* out = makeTargetEntry(final_expr, list_length(final_tlist) + 1,
                                           tle->resname ? pstrdup(tle->resname) : nullptr, tle->resjunk);
        out->resorigtbl = tle->resorigtbl;
        out->resorigcol = tle->resorigcol;
        if (sort_key)
            out->ressortgroupref = tle->ressortgroupref;
        final_tlist = lappend(final_tlist, out);
    }
    if (final_tlist == NIL)
        Unsupported("empty select lists");
    List* final_qual = NIL;
    foreach (lc, postgres_having)
        final_qual = lappend(final_qual, SplitMutator((Node*) lfirst(lc), &split));
    /* DISTINCT ON compares the outputs; the engine would compare (sum, count) pairs. */
    if (any_split && query->hasDistinctOn)
        Unsupported("DISTINCT ON over outputs PostgreSQL computes after the engine");

    StringInfoData sql;
    initStringInfo(&sql);
    DeparseSelect(top, split.engine_tlist, select_ordinal, &sql);

    CheckEachScanReadOnce(sql.data, list_length(plan.scans));

    FusionPlan* result = (FusionPlan*) palloc0(sizeof(FusionPlan));
    result->query = parse;
    result->engine_sql = sql.data;
    foreach (lc, plan.scans)
        result->scan_queries = lappend(result->scan_queries, BuildScanQuery((ScanRef*) lfirst(lc), parse->hasRowSecurity));
    result->join_keys = CollectJoinKeys(&plan);
    result->engine_tlist = split.engine_tlist;
    result->final_tlist = final_tlist;
    result->final_qual = final_qual;
    if (top->sort_in_postgres) {
        result->sort_clause = query->sortClause;
        if (distinct_in_postgres)
            result->distinct_clause = query->distinctClause;
        result->limit_offset = query->limitOffset;
        result->limit_count = query->limitCount;
    }
    return result;
}

namespace {

struct PlanAttempt {
    Query* parse;
    FusionPlan* plan;
};

void AttemptFusionPlan(void* arg) {
    PlanAttempt* attempt = (PlanAttempt*) arg;
    attempt->plan = BuildFusionPlan(attempt->parse);
}

} // namespace

FusionPlan* TryBuildFusionPlan(Query* parse, const char** refusal) {
    PlanAttempt attempt = {parse, nullptr};
    *refusal = CatchRefusal(AttemptFusionPlan, &attempt);
    return *refusal == nullptr ? attempt.plan : nullptr;
}

} // namespace pgf
