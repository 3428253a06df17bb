/*
 * scan_split.cpp — the cut between PostgreSQL's scans and the engine.
 *
 * For each query level without outer joins: inner joins are flattened into one FROM list plus
 * a list of conjuncts (WHERE and every ON; for inner joins the two are the same filter on the
 * cross product). A conjunct that reads exactly one base relation of the level is pushed into
 * that relation's scan and evaluated by PostgreSQL's executor, so any PostgreSQL function,
 * operator or collation may appear in it; a conjunct that reads no column at all is pushed
 * into the level's first base relation (filtering one input of an inner join by a constant
 * condition filters the join). Every other conjunct is rendered for the engine.
 *
 * A level with an outer join keeps its join tree; a conjunct is pushed into a relation's scan
 * only where filtering that relation early is exact (see CollectJoinTree), else it stays in
 * its join's ON or the WHERE for the engine.
 *
 * Each base relation occurrence becomes one scan Query: SELECT <columns the engine reads>
 * FROM ONLY rel WHERE <pushed conjuncts>, over a copy of the original RTE (permissions,
 * checkAsUser, securityQuals/RLS stay PostgreSQL's).
 */
#include "backend/planner/planner_internal.h"

#include "backend/types/type_mapping.h"
#include "common/shared_region.h"

extern "C" {
#include "access/sysattr.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_relation.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
}

namespace pgf {
namespace planner {

namespace {

bool CollectVarnosWalker(Node* node, Bitmapset** varnos) {
    if (node == nullptr)
        return false;
    if (IsA(node, Var)) {
        Var* var = (Var*) node;
        if (var->varlevelsup == 0)
            *varnos = bms_add_member(*varnos, var->varno);
        return false;
    }
    return expression_tree_walker(node, (bool (*)()) CollectVarnosWalker, varnos);
}

/* A subquery, or a reference to an outer query's row, has no value inside one table's scan. */
bool NeedsEngineWalker(Node* node, void* context) {
    if (node == nullptr)
        return false;
    if (IsA(node, SubLink))
        return true;
    if (IsA(node, Var) && ((Var*) node)->varlevelsup > 0)
        return true;
    return expression_tree_walker(node, (bool (*)()) NeedsEngineWalker, context);
}

/* The base relation a conjunct can be pushed into: its only relation, if it has exactly one
 * and nothing else the scan cannot evaluate; 0 if none; -1 if it reads no column at all. */
int PushableRelation(Node* conjunct) {
    if (NeedsEngineWalker(conjunct, nullptr))
        return 0;
    Bitmapset* varnos = nullptr;
    CollectVarnosWalker(conjunct, &varnos);
    int rti = 0;
    if (bms_get_singleton_member(varnos, &rti))
        return rti;
    return bms_is_empty(varnos) ? -1 : 0;
}

/*
 * An OR conjunct over several relations implies, for a relation every OR arm restricts, the OR
 * of those restrictions (TPC-H Q19: each arm's conditions on lineitem). As PostgreSQL's planner
 * does (extract_restriction_or_clauses), that implied condition also filters the relation's
 * scan; the OR itself stays with the engine. Returns NULL when some arm does not restrict rti.
 */
Node* ImpliedRestriction(Node* conjunct, int rti) {
    if (!is_orclause(conjunct))
        return nullptr;
    List* arms = NIL;
    ListCell* lc;
    foreach (lc, ((BoolExpr*) conjunct)->args) {
        List* restrictions = NIL;
        ListCell* inner;
        foreach (inner, make_ands_implicit((Expr*) lfirst(lc))) {
            Node* part = (Node*) lfirst(inner);
            if (PushableRelation(part) == rti)
                restrictions = lappend(restrictions, part);
            else if (Node* nested = ImpliedRestriction(part, rti))
                restrictions = lappend(restrictions, nested);
        }
        if (restrictions == NIL)
            return nullptr;
        arms = lappend(arms, make_ands_explicit(restrictions));
    }
    return (Node*) make_orclause(arms);
}

const char* JoinTypeName(JoinType type) {
    switch (type) {
    case JOIN_LEFT: return "LEFT JOIN";
    case JOIN_RIGHT: return "RIGHT JOIN";
    case JOIN_FULL: return "FULL JOIN";
    default: return "this join type";
    }
}

List* FlattenedConjuncts(Query* query, Node* quals) {
    if (quals == nullptr)
        return NIL;
    return make_ands_implicit((Expr*) eval_const_expressions(nullptr, flatten_join_alias_vars(query, quals)));
}

void CollectFromItem(Level* level, Node* item, List** conjuncts) {
    if (IsA(item, RangeTblRef)) {
        level->from_rtis = lappend_int(level->from_rtis, ((RangeTblRef*) item)->rtindex);
        return;
    }
    if (IsA(item, JoinExpr)) {
        JoinExpr* join = (JoinExpr*) item;
        CollectFromItem(level, join->larg, conjuncts);
        CollectFromItem(level, join->rarg, conjuncts);
        *conjuncts = list_concat(*conjuncts, FlattenedConjuncts(level->query, join->quals));
        return;
    }
    Unsupported("this FROM item");
}

CommonTableExpr* FindCte(Query* query, const char* name) {
    ListCell* lc;
    foreach (lc, query->cteList) {
        CommonTableExpr* cte = lfirst_node(CommonTableExpr, lc);
        if (strcmp(cte->ctename, name) == 0)
            return cte;
    }
    elog(ERROR, "pg_fusion: CTE \"%s\" not found", name);
    return nullptr;
}

bool HasOuterJoin(Node* item) {
    if (item == nullptr || !IsA(item, JoinExpr))
        return false;
    JoinExpr* join = (JoinExpr*) item;
    return join->jointype != JOIN_INNER || HasOuterJoin(join->larg) || HasOuterJoin(join->rarg);
}

/*
 * Where a conjunct may go: into the scan of a single base relation in `pushable`, else the
 * engine list `home` (a join's ON or the level's WHERE).
 */
struct Placement {
    Node* conjunct;
    Bitmapset* pushable;
    List** home;
};

/*
 * Builds the join tree of one FROM item. `rels` gets every relation under it, `nullable`
 * those an outer join under it may null-extend. A conjunct attached to a join can be
 * evaluated early, in a relation's scan, only if that relation is on a side the join
 * filters (both sides of an inner join, the nullable side of a left/right join, neither side
 * of a full join) and no outer join below null-extends it.
 */
FromNode* CollectJoinTree(Level* level, Node* item, Bitmapset** rels, Bitmapset** nullable, List** placements) {
    FromNode* node = (FromNode*) palloc0(sizeof(FromNode));
    if (IsA(item, RangeTblRef)) {
        node->rti = ((RangeTblRef*) item)->rtindex;
        level->from_rtis = lappend_int(level->from_rtis, node->rti);
        *rels = bms_make_singleton(node->rti);
        *nullable = nullptr;
        return node;
    }
    if (!IsA(item, JoinExpr))
        Unsupported("this FROM item");
    JoinExpr* join = (JoinExpr*) item;
    if (join->jointype != JOIN_INNER && join->jointype != JOIN_LEFT && join->jointype != JOIN_RIGHT &&
        join->jointype != JOIN_FULL)
        Unsupported(JoinTypeName(join->jointype));
    Bitmapset *left_rels, *left_nullable, *right_rels, *right_nullable;
    node->jointype = join->jointype;
    node->left = CollectJoinTree(level, join->larg, &left_rels, &left_nullable, placements);
    node->right = CollectJoinTree(level, join->rarg, &right_rels, &right_nullable, placements);
    Bitmapset* left_filterable = bms_difference(left_rels, left_nullable);
    Bitmapset* right_filterable = bms_difference(right_rels, right_nullable);
    Bitmapset* pushable = nullptr;
    switch (join->jointype) {
    case JOIN_INNER:
        pushable = bms_union(left_filterable, right_filterable);
        *nullable = bms_union(left_nullable, right_nullable);
        break;
    case JOIN_LEFT:
        pushable = right_filterable;
        *nullable = bms_union(left_nullable, right_rels);
        break;
    case JOIN_RIGHT:
        pushable = left_filterable;
        *nullable = bms_union(left_rels, right_nullable);
        break;
    default: /* JOIN_FULL */
        *nullable = bms_union(left_rels, right_rels);
        break;
    }
    *rels = bms_union(left_rels, right_rels);
    ListCell* lc;
    foreach (lc, FlattenedConjuncts(level->query, join->quals)) {
        Placement* placement = (Placement*) palloc(sizeof(Placement));
        placement->conjunct = (Node*) lfirst(lc);
        placement->pushable = pushable;
        placement->home = &node->engine_on;
        *placements = lappend(*placements, placement);
    }
    return node;
}

/* A level with an outer join: FROM stays a tree, each conjunct goes where it is exact. */
void CollectOuterJoinLevel(Level* level, List** placements) {
    Bitmapset* all_rels = nullptr;
    Bitmapset* all_nullable = nullptr;
    ListCell* lc;
    foreach (lc, level->query->jointree->fromlist) {
        Bitmapset *rels, *nullable;
        level->from_nodes =
            lappend(level->from_nodes, CollectJoinTree(level, (Node*) lfirst(lc), &rels, &nullable, placements));
        all_rels = bms_union(all_rels, rels);
        all_nullable = bms_union(all_nullable, nullable);
    }
    /* WHERE filters the joined rows: early only for relations no outer join null-extends. */
    Bitmapset* pushable = bms_difference(all_rels, all_nullable);
    foreach (lc, FlattenedConjuncts(level->query, level->query->jointree->quals)) {
        Placement* placement = (Placement*) palloc(sizeof(Placement));
        placement->conjunct = (Node*) lfirst(lc);
        placement->pushable = pushable;
        placement->home = &level->engine_quals;
        *placements = lappend(*placements, placement);
    }
}

} // namespace

/* The leaves of a set-operation tree, left to right. */
void CollectSetOpLeaves(Node* node, List** leaves) {
    if (IsA(node, RangeTblRef)) {
        *leaves = lappend_int(*leaves, ((RangeTblRef*) node)->rtindex);
        return;
    }
    SetOperationStmt* op = castNode(SetOperationStmt, node);
    CollectSetOpLeaves(op->larg, leaves);
    CollectSetOpLeaves(op->rarg, leaves);
}

/*
 * A set operation runs in the engine when every leaf delivers each column with the result's
 * exact type (and numeric scale): PostgreSQL keeps each value's own type and display scale,
 * the engine would unify them. UNION/INTERSECT/EXCEPT without ALL compare values, so floats
 * (-0, NaN) are left to PostgreSQL there.
 */
/* Whether any operation of the tree compares rows (all but UNION ALL do). */
bool SetOperationCompares(Node* node) {
    if (!IsA(node, SetOperationStmt))
        return false;
    SetOperationStmt* op = (SetOperationStmt*) node;
    return !(op->op == SETOP_UNION && op->all) || SetOperationCompares(op->larg) || SetOperationCompares(op->rarg);
}

void PrepareSetOperation(PlanState* plan, Level* level) {
    SetOperationStmt* top = castNode(SetOperationStmt, level->query->setOperations);
    List* leaves = NIL;
    CollectSetOpLeaves((Node*) top, &leaves);
    int* scales = (int*) palloc(sizeof(int) * (list_length(top->colTypes) + 1));
    ListCell* lc;
    foreach (lc, leaves) {
        int rti = lfirst_int(lc);
        RangeTblEntry* rte = rt_fetch(rti, level->query->rtable);
        Level* leaf = PrepareLevel(plan, rte->subquery, level);
        level->subs[rti - 1] = leaf;
        int column = 0;
        ListCell* col_type = list_head(top->colTypes);
        ListCell* col_typmod = list_head(top->colTypmods);
        ListCell* tlc;
        foreach (tlc, leaf->query->targetList) {
            TargetEntry* tle = (TargetEntry*) lfirst(tlc);
            if (tle->resjunk)
                continue;
            Oid type = exprType((Node*) tle->expr);
            bool text_like = (type == TEXTOID || type == VARCHAROID) &&
                             (lfirst_oid(col_type) == TEXTOID || lfirst_oid(col_type) == VARCHAROID);
            if (!text_like && (type != lfirst_oid(col_type) || exprTypmod((Node*) tle->expr) != lfirst_int(col_typmod)))
                Unsupported("set operations over columns of different types");
            if (type == NUMERICOID && exprTypmod((Node*) tle->expr) < 0) {
                int scale = StaticNumericScale(leaf, (Node*) tle->expr);
                if (lc != list_head(leaves) && scale != scales[column])
                    Unsupported("set operations over numeric columns of different scales");
                scales[column] = scale;
            }
            if ((type == FLOAT4OID || type == FLOAT8OID) && SetOperationCompares((Node*) top))
                Unsupported("UNION, INTERSECT or EXCEPT (other than UNION ALL) over floating-point columns");
            if (IsTextCarriedType(getBaseType(type)) && !IsTextComparableType(getBaseType(type)) &&
                SetOperationCompares((Node*) top))
                Unsupported(psprintf("UNION, INTERSECT or EXCEPT (other than UNION ALL) over %s columns",
                                     format_type_be(type)));
            column++;
            leaf->used_outputs = bms_add_member(leaf->used_outputs, tle->resno);
            col_type = lnext(top->colTypes, col_type);
            col_typmod = lnext(top->colTypmods, col_typmod);
        }
    }
    level->setop = (Node*) top;
    level->from_rtis = list_make1_int(linitial_int(leaves));
    level->aliases[linitial_int(leaves) - 1] = psprintf("s%d", ++plan->next_alias);
}

bool IsDegenerateGrouping(Query* query) {
    return (query->havingQual != nullptr || query->groupingSets != NIL) && !query->hasAggs &&
           query->groupClause == NIL && query->setOperations == nullptr;
}

namespace {

/*
 * The level a reference to cte (defined by owner) reads. A CTE PostgreSQL may materialize is
 * prepared once for all its references (SharedCte). NOT MATERIALIZED, and a CTE with ORDER BY
 * (a reader may rely on its row order, which the engine's materialized CTE does not keep), is
 * read as a derived table of its own by each reference, the same rows as CTE queries are free
 * of volatile functions (checked like any level).
 */
Level* CteLevel(PlanState* plan, Level* owner, CommonTableExpr* cte) {
    Query* query = (Query*) cte->ctequery;
    if (cte->ctematerialized == CTEMaterializeNever || query->sortClause != NIL)
        return PrepareLevel(plan, query, owner);
    ListCell* lc;
    foreach (lc, owner->ctes) {
        SharedCte* shared = (SharedCte*) lfirst(lc);
        if (strcmp(shared->name, cte->ctename) == 0)
            return shared->level;
    }
    SharedCte* shared = (SharedCte*) palloc0(sizeof(SharedCte));
    shared->name = cte->ctename;
    /* counted by the parser: subqueries are prepared as they are rendered, so the references
     * seen so far would not tell the first of them whether more follow */
    shared->references = cte->cterefcount;
    shared->alias = psprintf("w%d", ++plan->next_alias);
    /* prepared before it joins the list: the CTEs it reads come first */
    shared->level = PrepareLevel(plan, query, owner);
    shared->level->shared = shared;
    owner->ctes = lappend(owner->ctes, shared);
    return shared->level;
}

} // namespace

Level* PrepareLevel(PlanState* plan, Query* original, Level* parent) {
    CheckQueryLevel(original);

    Level* level = (Level*) palloc0(sizeof(Level));
    Query* query = (Query*) copyObject(original);
    level->query = query;
    level->parent = parent;
    level->plan = plan;
    plan->levels = lappend(plan->levels, level);
    level->nrtes = list_length(query->rtable);
    level->scans = (ScanRef**) palloc0(sizeof(ScanRef*) * (level->nrtes + 1));
    level->subs = (Level**) palloc0(sizeof(Level*) * (level->nrtes + 1));
    level->values = (RangeTblEntry**) palloc0(sizeof(RangeTblEntry*) * (level->nrtes + 1));
    level->values_read = (Bitmapset**) palloc0(sizeof(Bitmapset*) * (level->nrtes + 1));
    level->aliases = (char**) palloc0(sizeof(char*) * (level->nrtes + 1));
    level->grouped =
        query->hasAggs || query->groupClause != NIL || query->groupingSets != NIL || query->havingQual != nullptr;

    /* Join alias Vars (USING columns, joined subquery outputs) become base-relation Vars so
     * that every Var names a FROM item of this level. Immutable functions of constants are
     * folded as PostgreSQL's planner folds them (e.g. '1.5'::float8, upper('a')), so only
     * what depends on rows is left to place. */
    query->targetList = (List*) eval_const_expressions(
        nullptr, flatten_join_alias_vars(query, (Node*) query->targetList));
    query->havingQual = eval_const_expressions(nullptr, flatten_join_alias_vars(query, query->havingQual));

    if (query->setOperations != nullptr) {
        PrepareSetOperation(plan, level);
        return level;
    }
    /* One group made of no rows' values: PostgreSQL evaluates HAVING and the select list once
     * and never reads FROM (nor evaluates WHERE). The level renders without FROM. */
    if (IsDegenerateGrouping(query)) {
        if (query->groupingSets != NIL)
            Unsupported("GROUPING SETS of only empty sets in a query without aggregates");
        return level;
    }

    List* conjuncts = NIL;
    List* placements = NIL;
    bool outer_joins = false;
    ListCell* lc;
    foreach (lc, query->jointree->fromlist)
        outer_joins = outer_joins || HasOuterJoin((Node*) lfirst(lc));
    if (outer_joins) {
        CollectOuterJoinLevel(level, &placements);
    } else {
        foreach (lc, query->jointree->fromlist)
            CollectFromItem(level, (Node*) lfirst(lc), &conjuncts);
        conjuncts = list_concat(conjuncts, FlattenedConjuncts(query, query->jointree->quals));
    }

    /* Scan numbers follow FROM order, depth first: the order the deparser renders them. */
    ScanRef* first_scan = nullptr;
    foreach (lc, level->from_rtis) {
        Index rti = (Index) lfirst_int(lc);
        RangeTblEntry* rte = rt_fetch(rti, query->rtable);
        CheckRangeTableEntry(rte);
        if (rte->rtekind == RTE_RELATION || rte->rtekind == RTE_FUNCTION) {
            /* each scan has its own flow-control counter in the session's shared slot */
            if (list_length(plan->scans) >= (int) kMaxScansPerQuery)
                Unsupported(psprintf("queries reading more than %u table scans", kMaxScansPerQuery));
            ScanRef* scan = (ScanRef*) palloc0(sizeof(ScanRef));
            scan->scan_id = list_length(plan->scans);
            scan->rti = rti;
            scan->rte = rte;
            scan->alias = psprintf("t%d", ++plan->next_alias);
            plan->scans = lappend(plan->scans, scan);
            level->scans[rti - 1] = scan;
            if (first_scan == nullptr)
                first_scan = scan;
        } else if (rte->rtekind == RTE_SUBQUERY) {
            level->aliases[rti - 1] = psprintf("s%d", ++plan->next_alias);
            level->subs[rti - 1] = PrepareLevel(plan, rte->subquery, level);
        } else if (rte->rtekind == RTE_CTE) {
            Level* owner = level;
            for (Index up = 0; up < rte->ctelevelsup; up++)
                owner = owner->parent;
            level->aliases[rti - 1] = psprintf("s%d", ++plan->next_alias);
            level->subs[rti - 1] = CteLevel(plan, owner, FindCte(owner->query, rte->ctename));
        } else if (rte->rtekind == RTE_VALUES) {
            if (contain_var_clause((Node*) rte->values_lists))
                Unsupported("VALUES lists reading other FROM items");
            level->aliases[rti - 1] = psprintf("s%d", ++plan->next_alias);
            level->values[rti - 1] = rte;
        } else {
            Unsupported("this FROM item");
        }
    }

    foreach (lc, placements) {
        Placement* placement = (Placement*) lfirst(lc);
        int rti = PushableRelation(placement->conjunct);
        if (rti > 0 && bms_is_member(rti, placement->pushable) && level->scans[rti - 1] != nullptr)
            level->scans[rti - 1]->pushed_quals = lappend(level->scans[rti - 1]->pushed_quals, placement->conjunct);
        else
            *placement->home = lappend(*placement->home, placement->conjunct);
    }
    foreach (lc, conjuncts) {
        Node* conjunct = (Node*) lfirst(lc);
        int rti = PushableRelation(conjunct);
        ScanRef* target = nullptr;
        if (rti > 0)
            target = level->scans[rti - 1];
        else if (rti < 0)
            target = first_scan;
        if (target != nullptr) {
            target->pushed_quals = lappend(target->pushed_quals, conjunct);
            continue;
        }
        level->engine_quals = lappend(level->engine_quals, conjunct);
        if (rti == 0) {
            ListCell* scan_cell;
            foreach (scan_cell, level->from_rtis) {
                ScanRef* scan = level->scans[lfirst_int(scan_cell) - 1];
                if (scan == nullptr)
                    continue;
                if (Node* implied = ImpliedRestriction(conjunct, (int) scan->rti))
                    scan->pushed_quals = lappend(scan->pushed_quals, implied);
            }
        }
    }
    return level;
}

int ScanColumn(ScanRef* scan, AttrNumber attno) {
    if (attno < 0)
        Unsupported("system columns");
    if (attno == InvalidAttrNumber)
        Unsupported("whole-row references");
    Oid type, collation;
    int32 typmod;
    const char* name;
    if (scan->rte->rtekind == RTE_RELATION) {
        get_atttypetypmodcoll(scan->rte->relid, attno, &type, &typmod, &collation);
        name = get_attname(scan->rte->relid, attno, false);
        if (!OidIsValid(type))
            elog(ERROR, "pg_fusion: column %d of relation \"%s\" is dropped", attno, get_rel_name(scan->rte->relid));
    } else {
        /* a function in FROM: its result columns as the parser expanded them, dropped
         * columns of a composite result included so that attno indexes the list */
        List* names = NIL;
        List* vars = NIL;
        expandRTE(scan->rte, scan->rti, 0, -1, true, &names, &vars);
        if (attno > list_length(vars) || !IsA(list_nth(vars, attno - 1), Var))
            elog(ERROR, "pg_fusion: column %d of function \"%s\" does not exist", attno,
                 scan->rte->eref->aliasname);
        Var* var = (Var*) list_nth(vars, attno - 1);
        type = var->vartype;
        typmod = var->vartypmod;
        collation = var->varcollid;
        name = strVal(list_nth(names, attno - 1));
    }
    ColumnSpec spec;
    const char* reason = nullptr;
    if (!ColumnSpecForType(type, typmod, &spec, &reason))
        Unsupported(psprintf("column \"%s\" of type %s", name, format_type_with_typemod(type, typmod)));
    return ScanExprColumn(scan, (Expr*) makeVar(scan->rti, attno, type, typmod, collation, 0));
}

int ScanExprColumn(ScanRef* scan, Expr* expr) {
    int index = 0;
    ListCell* lc;
    foreach (lc, scan->columns) {
        if (equal(lfirst(lc), expr))
            return index;
        index++;
    }
    Oid type = exprType((Node*) expr);
    int32 typmod = exprTypmod((Node*) expr);
    ColumnSpec spec;
    const char* reason = nullptr;
    if (!ColumnSpecForType(type, typmod, &spec, &reason))
        Unsupported(psprintf("expressions of type %s computed in a scan (%s)", format_type_with_typemod(type, typmod),
                             reason));
    scan->columns = lappend(scan->columns, copyObject(expr));
    return index;
}

Query* BuildScanQuery(ScanRef* scan, bool has_row_security) {
    RangeTblEntry* rte = (RangeTblEntry*) copyObject(scan->rte);
    List* quals = (List*) copyObject(scan->pushed_quals);
    if (scan->rti != 1) {
        ChangeVarNodes((Node*) quals, scan->rti, 1, 0);
        ChangeVarNodes((Node*) rte->securityQuals, scan->rti, 1, 0);
    }
    /* rte->inh stays: PostgreSQL's plan of the scan reads inheritance children and
     * partitions (pruned by the pushed quals) unless the query said ONLY. */

    List* columns = (List*) copyObject(scan->columns);
    if (scan->rti != 1)
        ChangeVarNodes((Node*) columns, scan->rti, 1, 0);
    List* tlist = NIL;
    ListCell* lc;
    foreach (lc, columns)
        tlist = lappend(tlist, makeTargetEntry((Expr*) lfirst(lc), list_length(tlist) + 1,
                                               psprintf("c%d", list_length(tlist)), false));
    /* A page needs at least one column: a relation read only for its row count (count(*))
     * delivers a constant. */
    if (tlist == NIL)
        tlist = list_make1(makeTargetEntry((Expr*) makeBoolConst(true, false), 1, pstrdup("c0"), false));
    /* SELECT privilege covers every column the scan reads, in its outputs and its quals. */
    Bitmapset* selected = nullptr;
    pull_varattnos((Node*) columns, 1, &selected);
    pull_varattnos((Node*) quals, 1, &selected);
    rte->selectedCols = selected;

    RangeTblRef* ref = makeNode(RangeTblRef);
    ref->rtindex = 1;
    Query* query = makeNode(Query);
    query->commandType = CMD_SELECT;
    query->querySource = QSRC_ORIGINAL;
    query->canSetTag = true;
    query->rtable = list_make1(rte);
    query->jointree = makeFromExpr(list_make1(ref), quals == NIL ? nullptr : (Node*) make_ands_explicit(quals));
    query->targetList = tlist;
    query->hasRowSecurity = has_row_security || rte->securityQuals != NIL;
    /* The planner plans sub-selects only where the Query says it has them: a function's
     * arguments in FROM or a row-level-security policy may hold one. */
    query->hasSubLinks = checkExprHasSubLink((Node*) rte->functions) || checkExprHasSubLink((Node*) rte->securityQuals) ||
                         checkExprHasSubLink((Node*) quals) || checkExprHasSubLink((Node*) tlist);
    query->stmt_location = -1;
    return query;
}

} // namespace planner
} // namespace pgf
