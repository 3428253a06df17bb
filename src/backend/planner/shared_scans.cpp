#include "backend/planner/shared_scans.h"

#include "backend/gucs.h"
#include "backend/planner/fusion_cost.h"

extern "C" {
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
}

namespace pgf {

namespace {

/* One occurrence in a shared group: where its columns and its quals are in the shared scan. */
struct Member {
    int scan;     /* its scan number before the rewrite */
    int* columns; /* [i]: the shared column delivering its column i */
    int ncolumns;
    int marker;   /* the shared column holding its quals' value, -1 without quals */
};

struct Group {
    List* members;  /* Member* */
    Query* query;   /* the one scan query */
    int shared_scan; /* its scan number after the rewrite */
};

bool Shareable(const Query* scan_query, bool foreseen_probe) {
    if (foreseen_probe || list_length(scan_query->rtable) != 1 || scan_query->hasSubLinks)
        return false;
    const RangeTblEntry* rte = linitial_node(RangeTblEntry, scan_query->rtable);
    return rte->rtekind == RTE_RELATION && rte->tablesample == nullptr &&
           !contain_volatile_functions(scan_query->jointree->quals) &&
           !contain_volatile_functions(reinterpret_cast<Node*>(scan_query->targetList));
}

/* Whether two scans read their relation the same way: the RTEs differ at most in their alias
 * and the columns each selects. */
bool SameAccess(const Query* a, const Query* b) {
    auto* left = static_cast<RangeTblEntry*>(copyObjectImpl(linitial(a->rtable)));
    auto* right = static_cast<RangeTblEntry*>(copyObjectImpl(linitial(b->rtable)));
    left->alias = right->alias = nullptr;
    left->eref = right->eref = nullptr;
    left->selectedCols = right->selectedCols = nullptr;
    return equal(left, right);
}

/* The 0-based position of expr among *exprs, appended on first use. */
int SharedColumn(List** exprs, Expr* expr) {
    int index = 0;
    ListCell* lc;
    foreach (lc, *exprs) {
        if (equal(lfirst(lc), expr))
            return index;
        index++;
    }
    *exprs = lappend(*exprs, expr);
    return index;
}

/* A member's quals as a list of conjuncts (NIL: none). */
List* Conjuncts(const Query* scan_query) {
    return make_ands_implicit(reinterpret_cast<Expr*>(scan_query->jointree->quals));
}

/* The conjuncts every member has: the shared scan's WHERE applies them to all. */
List* CommonConjuncts(List* members, List* scan_queries) {
    List* common = NIL;
    ListCell* lc;
    const Query* first = list_nth_node(Query, scan_queries, static_cast<Member*>(linitial(members))->scan);
    foreach (lc, Conjuncts(first)) {
        bool everywhere = true;
        ListCell* mc;
        foreach (mc, members) {
            const Query* member = list_nth_node(Query, scan_queries, static_cast<Member*>(lfirst(mc))->scan);
            everywhere = everywhere && list_member(Conjuncts(member), lfirst(lc));
        }
        if (everywhere && !list_member(common, lfirst(lc)))
            common = lappend(common, lfirst(lc));
    }
    return common;
}

/*
 * The group's one scan query, filling in each member's columns and marker. Its WHERE is the
 * conjuncts all members share AND the OR of what remains of each member's (nothing more when a
 * member has nothing else: it reads every row the shared conjuncts pass); a member's marker is
 * what remains of its quals, so no conjunct is evaluated twice for a row. Members whose
 * remaining quals are all alike need no markers.
 */
Query* BuildSharedQuery(List* members, List* scan_queries) {
    List* exprs = NIL;
    Bitmapset* selected = nullptr;
    bool row_security = false;
    List* common = CommonConjuncts(members, scan_queries);
    List* remainders = NIL; /* Expr* per member, NULL where nothing remains */
    List* alternatives = NIL; /* the distinct remainders */
    bool any_unfiltered = false;
    ListCell* lc;
    foreach (lc, members) {
        auto* member = static_cast<Member*>(lfirst(lc));
        const Query* query = list_nth_node(Query, scan_queries, member->scan);
        member->ncolumns = list_length(query->targetList);
        member->columns = static_cast<int*>(palloc(sizeof(int) * member->ncolumns));
        int i = 0;
        ListCell* tc;
        foreach (tc, query->targetList)
            member->columns[i++] = SharedColumn(&exprs, lfirst_node(TargetEntry, tc)->expr);
        selected = bms_union(selected, linitial_node(RangeTblEntry, query->rtable)->selectedCols);
        row_security = row_security || query->hasRowSecurity;
        List* rest = list_difference(Conjuncts(query), common);
        Expr* remainder = rest == NIL ? nullptr : make_ands_explicit(rest);
        remainders = lappend(remainders, remainder);
        if (remainder == nullptr)
            any_unfiltered = true;
        else if (!list_member(alternatives, remainder))
            alternatives = lappend(alternatives, remainder);
    }
    bool markers = list_length(alternatives) > (any_unfiltered ? 0 : 1);
    int i = 0;
    foreach (lc, members) {
        auto* remainder = static_cast<Expr*>(list_nth(remainders, i++));
        int marker = remainder == nullptr || !markers ? -1 : SharedColumn(&exprs, remainder);
        static_cast<Member*>(lfirst(lc))->marker = marker;
    }

    int first_scan = static_cast<Member*>(linitial(members))->scan;
    auto* shared = static_cast<Query*>(copyObjectImpl(list_nth(scan_queries, first_scan)));
    shared->targetList = NIL;
    foreach (lc, exprs)
        shared->targetList =
            lappend(shared->targetList, makeTargetEntry(static_cast<Expr*>(copyObjectImpl(lfirst(lc))),
                                                        list_length(shared->targetList) + 1,
                                                        psprintf("c%d", list_length(shared->targetList)), false));
    List* where = list_copy(common);
    if (!any_unfiltered)
        where = lappend(where, list_length(alternatives) == 1 ? linitial(alternatives)
                                                              : makeBoolExpr(OR_EXPR, alternatives, -1));
    shared->jointree->quals = where == NIL ? nullptr : static_cast<Node*>(copyObjectImpl(make_ands_explicit(where)));
    linitial_node(RangeTblEntry, shared->rtable)->selectedCols = selected;
    shared->hasRowSecurity = row_security;
    return shared;
}

/* PostgreSQL's estimate of a scan plus the encoding of its values. */
Cost ScanAndEncodingCost(const Plan* plan, int columns) {
    return plan->total_cost + plan->plan_rows * columns * guc_scan_value_cost;
}

/* What materializing a shared scan costs the engine besides its rows, counted in rows: one
 * chunk (a CTE is one more pipeline with its own collection). Keeps tiny tables (nation)
 * unshared, where a second scan costs less than that. */
constexpr double kMaterializationRows = 2048;

/* Whether reading the members through one shared scan is estimated cheaper than separately
 * (the engine reads the materialized rows once per member as well as storing them), with the
 * materialized rows well inside one query's engine memory. */
bool SharingPays(const Query* shared, List* members, List* scan_stmts, ParamListInfo params) {
    Cost separate = 0;
    ListCell* lc;
    foreach (lc, members) {
        const Plan* plan = list_nth_node(PlannedStmt, scan_stmts, static_cast<Member*>(lfirst(lc))->scan)->planTree;
        separate += ScanAndEncodingCost(plan, list_length(plan->targetlist));
    }
    const Plan* plan = standard_planner(static_cast<Query*>(copyObjectImpl(shared)), nullptr, 0, params)->planTree;
    Cost together = ScanAndEncodingCost(plan, list_length(shared->targetList)) +
                    (kMaterializationRows + plan->plan_rows * (1 + list_length(members))) * guc_engine_row_cost /
                        guc_engine_threads;
    double materialized_bytes = plan->plan_rows * plan->plan_width;
    return together < separate && materialized_bytes <= guc_engine_query_memory * 1024.0 / 2;
}

/* The groups worth sharing, each a list of at least two members in scan order. */
List* FindSharedGroups(List* scan_queries, List* scan_stmts, const bool* foreseen_probes, ParamListInfo params) {
    int count = list_length(scan_queries);
    bool* grouped = static_cast<bool*>(palloc0(sizeof(bool) * count));
    List* groups = NIL;
    for (int k = 0; k < count; k++) {
        const Query* first = list_nth_node(Query, scan_queries, k);
        if (grouped[k] || !Shareable(first, foreseen_probes[k]))
            continue;
        List* members = NIL;
        for (int j = k; j < count; j++) {
            const Query* other = list_nth_node(Query, scan_queries, j);
            if (grouped[j] || (j != k && !(Shareable(other, foreseen_probes[j]) && SameAccess(first, other))))
                continue;
            auto* member = static_cast<Member*>(palloc0(sizeof(Member)));
            member->scan = j;
            members = lappend(members, member);
        }
        if (list_length(members) < 2)
            continue;
        Query* shared = BuildSharedQuery(members, scan_queries);
        if (!SharingPays(shared, members, scan_stmts, params))
            continue;
        ListCell* lc;
        foreach (lc, members)
            grouped[static_cast<Member*>(lfirst(lc))->scan] = true;
        auto* group = static_cast<Group*>(palloc0(sizeof(Group)));
        group->members = members;
        group->query = shared;
        groups = lappend(groups, group);
    }
    return groups;
}

/* Whether two scans read one relation: the cheap test before any forecast is planned. */
bool AnyRelationRepeated(List* scan_queries) {
    for (int k = 0; k < list_length(scan_queries); k++) {
        const RangeTblEntry* rte = linitial_node(RangeTblEntry, list_nth_node(Query, scan_queries, k)->rtable);
        for (int j = k + 1; rte->rtekind == RTE_RELATION && j < list_length(scan_queries); j++) {
            const RangeTblEntry* other = linitial_node(RangeTblEntry, list_nth_node(Query, scan_queries, j)->rtable);
            if (other->rtekind == RTE_RELATION && other->relid == rte->relid)
                return true;
        }
    }
    return false;
}

/* Where scan k's FROM item is in the engine SQL ("pg_scan(k) AS ..."; the planner renders each
 * scan once), or nullptr. */
const char* FindScanReference(const char* sql, int k) {
    char* reference = psprintf("pg_scan(%d) AS ", k);
    const char* at = strstr(sql, reference);
    pfree(reference);
    return at;
}

struct Reference {
    const char* at;
    int scan;
};

int CompareReferences(const void* a, const void* b) {
    const char* left = static_cast<const Reference*>(a)->at;
    const char* right = static_cast<const Reference*>(b)->at;
    return left < right ? -1 : left > right ? 1 : 0;
}

/* A member's FROM item: its columns and rows out of the materialized shared scan. */
void AppendMemberRead(const Member* member, int shared_scan, StringInfo buf) {
    appendStringInfoString(buf, "(SELECT ");
    for (int i = 0; i < member->ncolumns; i++)
        appendStringInfo(buf, "%s\"c%d\" AS \"c%d\"", i > 0 ? ", " : "", member->columns[i], i);
    appendStringInfo(buf, " FROM \"p%d\"", shared_scan);
    if (member->marker >= 0)
        appendStringInfo(buf, " WHERE \"c%d\"", member->marker);
    appendStringInfoChar(buf, ')');
}

} // namespace

bool ShareRepeatedScans(FusionPlan* plan, List* scan_stmts, List* scan_helpers, List* scan_sources,
                        ParamListInfo params) {
    if (!guc_share_scans || !AnyRelationRepeated(plan->scan_queries))
        return false;
    const bool* foreseen_probes = ForeseeKeyProbes(scan_stmts, scan_helpers, scan_sources, plan->join_keys, params);
    int count = list_length(plan->scan_queries);
    auto* references = static_cast<Reference*>(palloc(sizeof(Reference) * count));
    for (int k = 0; k < count; k++) {
        references[k] = Reference{FindScanReference(plan->engine_sql, k), k};
        if (references[k].at == nullptr)
            return false;
    }
    List* groups = FindSharedGroups(plan->scan_queries, scan_stmts, foreseen_probes, params);
    if (groups == NIL)
        return false;

    /* New scan numbers: a group's scan takes its first member's place, the others close up. */
    auto** member_of = static_cast<const Member**>(palloc0(sizeof(Member*) * count));
    auto** group_of = static_cast<Group**>(palloc0(sizeof(Group*) * count));
    ListCell* lc;
    foreach (lc, groups) {
        auto* group = static_cast<Group*>(lfirst(lc));
        group->shared_scan = -1;
        ListCell* mc;
        foreach (mc, group->members) {
            auto* member = static_cast<const Member*>(lfirst(mc));
            member_of[member->scan] = member;
            group_of[member->scan] = group;
        }
    }
    int* renumbered = static_cast<int*>(palloc(sizeof(int) * count));
    List* scan_queries = NIL;
    for (int k = 0; k < count; k++) {
        renumbered[k] = -1;
        if (group_of[k] == nullptr) {
            renumbered[k] = list_length(scan_queries);
            scan_queries = lappend(scan_queries, list_nth(plan->scan_queries, k));
        } else if (group_of[k]->shared_scan < 0) {
            group_of[k]->shared_scan = list_length(scan_queries);
            scan_queries = lappend(scan_queries, group_of[k]->query);
        }
    }

    StringInfoData sql;
    initStringInfo(&sql);
    appendStringInfoString(&sql, "WITH ");
    foreach (lc, groups) {
        auto* group = static_cast<Group*>(lfirst(lc));
        appendStringInfo(&sql, "%s\"p%d\" AS MATERIALIZED (SELECT * FROM pg_scan(%d))",
                         lc == list_head(groups) ? "" : ", ",
                         group->shared_scan, group->shared_scan);
    }
    const char* body = plan->engine_sql;
    if (strncmp(body, "WITH ", 5) == 0) {
        appendStringInfoString(&sql, ", ");
        body += 5;
    } else {
        appendStringInfoChar(&sql, ' ');
    }
    qsort(references, count, sizeof(Reference), CompareReferences);
    const char* copied = body;
    for (int i = 0; i < count; i++) {
        const Reference& reference = references[i];
        appendBinaryStringInfo(&sql, copied, static_cast<int>(reference.at - copied));
        if (member_of[reference.scan] != nullptr)
            AppendMemberRead(member_of[reference.scan], group_of[reference.scan]->shared_scan, &sql);
        else
            appendStringInfo(&sql, "pg_scan(%d)", renumbered[reference.scan]);
        copied = strchr(reference.at, ')') + 1;
    }
    appendStringInfoString(&sql, copied);

    List* join_keys = NIL;
    foreach (lc, plan->join_keys) {
        auto* join_key = static_cast<List*>(lfirst(lc));
        int probe = linitial_int(join_key);
        int source = lthird_int(join_key);
        if (renumbered[probe] >= 0 && renumbered[source] >= 0)
            join_keys =
                lappend(join_keys, list_make3_int(renumbered[probe], lsecond_int(join_key), renumbered[source]));
    }
    plan->engine_sql = sql.data;
    plan->scan_queries = scan_queries;
    plan->join_keys = join_keys;
    return true;
}

} // namespace pgf
