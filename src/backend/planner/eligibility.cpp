/*
 * eligibility.cpp — which statement shapes pg_fusion accepts at all.
 *
 * Checks the parts of one query level that no placement can fix: statement kind, clauses
 * outside the walking skeleton (CTEs, set operations, windows, ...), and constructs that
 * would need PostgreSQL in the middle of the engine (sublinks, parameters) or that must not
 * run twice or out of order (volatile functions). Expressions themselves are checked where
 * they are placed: by the deparser for the engine, by PostgreSQL for pushed quals.
 */
#include "backend/planner/planner_internal.h"

extern "C" {
#include "catalog/pg_class.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
}

namespace pgf {
namespace planner {

namespace {

/* Where a refusal jumps while CatchRefusal runs, and the refusal's message. */
sigjmp_buf* refusal_target = nullptr;
char* refusal_message = nullptr;

} // namespace

void Unsupported(const char* construct) {
    if (refusal_target != nullptr) {
        refusal_message = psprintf("pg_fusion: %s is not supported", construct);
        siglongjmp(*refusal_target, 1);
    }
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("pg_fusion: %s is not supported", construct)));
    pg_unreachable();
}

const char* CatchRefusal(void (*fn)(void*), void* arg) {
    sigjmp_buf* outer = refusal_target;
    MemoryContext context = CurrentMemoryContext;
    ErrorContextCallback* error_context = error_context_stack;
    sigjmp_buf* exception_stack = PG_exception_stack;
    sigjmp_buf target;
    if (sigsetjmp(target, 0) != 0) {
        /* the jump left the PG_TRY below (and any inside fn) without their epilogues */
        refusal_target = outer;
        PG_exception_stack = exception_stack;
        error_context_stack = error_context;
        MemoryContextSwitchTo(context);
        return refusal_message;
    }
    refusal_target = &target;
    PG_TRY();
    {
        fn(arg);
    }
    PG_CATCH();
    {
        /* a real error leaves for PostgreSQL's handler: no refusal may jump here any more */
        refusal_target = outer;
        PG_RE_THROW();
    }
    PG_END_TRY();
    refusal_target = outer;
    return nullptr;
}

namespace {

/* The parts of a level the planner renders or pushes; RTEs are checked separately
 * (securityQuals are PostgreSQL's own and may contain anything). */
void CheckLevelExpressions(Query* query) {
    Node* parts[] = {(Node*) query->targetList, (Node*) query->jointree, query->havingQual,
                     query->limitCount, query->limitOffset};
    for (Node* part : parts) {
        /* Volatile functions would be evaluated a different number of times or in a
         * different order than PostgreSQL's plan would. */
        if (contain_volatile_functions(part))
            Unsupported("volatile functions");
    }
}

} // namespace

void CheckQueryLevel(Query* query) {
    if (query->commandType != CMD_SELECT || query->utilityStmt != nullptr)
        Unsupported("non-SELECT statements");
    if (query->hasRecursive)
        Unsupported("recursive CTEs");
    if (query->hasModifyingCTE)
        Unsupported("data-modifying CTEs");
    if (query->hasTargetSRFs)
        Unsupported("SRFs in the target list");
    if (query->hasForUpdate || query->rowMarks != NIL)
        Unsupported("FOR UPDATE");
    if (query->groupDistinct)
        Unsupported("GROUP BY DISTINCT");
    if (query->limitOption == LIMIT_OPTION_WITH_TIES)
        Unsupported("FETCH FIRST ... WITH TIES");
    /* PostgreSQL lets a grouped query read columns functionally dependent on a grouped
     * primary key; DuckDB has no such rule and would reject the same SQL. */
    if (query->constraintDeps != NIL)
        Unsupported("columns functionally dependent on a GROUP BY primary key");
    CheckLevelExpressions(query);
}

void CheckRangeTableEntry(RangeTblEntry* rte) {
    switch (rte->rtekind) {
    case RTE_RELATION:
        if (rte->tablesample != nullptr)
            Unsupported("TABLESAMPLE");
        switch (rte->relkind) {
        case RELKIND_RELATION:
        case RELKIND_MATVIEW:
        case RELKIND_PARTITIONED_TABLE:
            return;
        case RELKIND_FOREIGN_TABLE:
            Unsupported("foreign tables");
        default:
            Unsupported(psprintf("relation kind '%c'", rte->relkind));
        }
    case RTE_SUBQUERY:
        if (rte->lateral)
            Unsupported("LATERAL");
        /* The engine may evaluate an outer query's quals before a security_barrier view's
         * own engine-side quals (it reorders filters freely). */
        if (rte->security_barrier)
            Unsupported("security_barrier views");
        return;
    case RTE_JOIN:
        return;
    case RTE_FUNCTION:
        /* PostgreSQL evaluates it in a scan of its own, once, as its own plan would */
        if (rte->lateral)
            Unsupported("LATERAL");
        return;
    case RTE_TABLEFUNC:
        Unsupported("table functions in FROM");
    case RTE_VALUES:
        return;
    case RTE_CTE:
        if (rte->self_reference)
            Unsupported("recursive CTEs");
        return;
    case RTE_NAMEDTUPLESTORE:
        Unsupported("transition tables");
    case RTE_RESULT:
        Unsupported("SELECT without FROM");
    }
    Unsupported("this range table entry");
}

} // namespace planner
} // namespace pgf
