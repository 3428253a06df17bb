/*
 * fusion_plan.h — the planner side's contract: from an analyzed, rewritten Query to
 * "run this DuckDB SQL over these PostgreSQL scans, then project this".
 *
 * BuildFusionPlan either returns a complete plan or raises ERROR
 *   (ERRCODE_FEATURE_NOT_SUPPORTED, "pg_fusion: <construct> is not supported")
 * naming the first construct it cannot run exactly; TryBuildFusionPlan returns that refusal
 * as a message instead (every other error still raises). It is written in PostgreSQL style
 * (palloc, List, StringInfo; no C++ objects with destructors), so it may call PostgreSQL and
 * ereport directly. All output is palloc'd in CurrentMemoryContext and copyObject-safe.
 */
#pragma once

#include "backend/pg.h"

extern "C" {
#include "nodes/params.h"
}

namespace pgf {

struct FusionPlan {
    /* The query the plan computes: the one given, or its inner query when a pass-through
     * wrapper was pulled up. PostgreSQL's PlannedStmt (range table, permissions, result
     * description) must be planned from this one, as the Vars below refer to its range table. */
    Query* query;
    /* DuckDB SQL. Base relation k (0-based) is read as pg_scan(k), a table function whose
     * columns are named c0, c1, ... in the order of scan_queries[k]'s targetlist. */
    char* engine_sql;
    /* One Query per pg_scan(k): SELECT <referenced columns> FROM ONLY <rel> WHERE <quals
     * pushed to PostgreSQL>. Exactly one RTE (a copy of the original, so permissions,
     * checkAsUser and securityQuals/RLS stay PostgreSQL's); Vars have varno 1. Ready for
     * standard_planner. Every targetlist type passes ColumnSpecForType. */
    List* scan_queries;
    /* Joins that may hand a scan the keys of another (DuckDB's join filters, key_probe.h), for
     * auto's estimate: IntList (probe scan, probe column's attno in its relation, key source
     * scan) per join, on integer columns of the same type. Equalities between two scans of a
     * level without outer joins count both ways; a correlated subquery's equality with an
     * outer scan hands the outer scan's keys into the subquery's scan only. */
    List* join_keys;
    /* The engine result's columns, in order: TargetEntry whose expr is the original
     * expression (its exprType/exprTypmod/exprCollation define the column; every type passes
     * ColumnSpecForType); resno 1..n. An expression of unconstrained numeric with a scale
     * known statically (sum of numeric(p,s), int8 sums) is wrapped in a length coercion to
     * numeric(38,s). engine_sql's select list is exactly these columns in order, each
     * CAST to EngineTypeName(type, typmod). */
    List* engine_tlist;
    /* The query's visible output (resjunk entries only for sort_clause): TargetEntry over
     * Var(INDEX_VAR, k, ...) referring to engine_tlist entry k, or expressions PostgreSQL
     * computes from such Vars (e.g. avg = numeric_div(sum, count)). */
    List* final_tlist;
    /* HAVING conditions PostgreSQL evaluates on each engine row (implicit AND, over the same
     * Var(INDEX_VAR, k) as final_tlist): the CustomScan's qual. */
    List* final_qual;
    /* Set when the query's ORDER BY reads an output PostgreSQL computes (final_tlist
     * entries with ressortgroupref; sort keys not in the select list are resjunk entries):
     * PostgreSQL sorts the CustomScan's rows with these SortGroupClauses, then applies
     * limit_offset/limit_count. The engine SQL then has neither ORDER BY nor LIMIT/OFFSET. */
    List* sort_clause;
    /* Non-NIL for SELECT DISTINCT over outputs PostgreSQL computes: the rows are sorted by
     * sort_clause and then the remaining distinct_clause entries, and PostgreSQL removes
     * duplicates of all distinct_clause entries (before the limit). */
    List* distinct_clause;
    Node* limit_offset;
    Node* limit_count;
};

/* nullptr when PostgreSQL's own plan reads no table: a degenerate grouping (HAVING without
 * GROUP BY or aggregates) is one row or none, computed without scanning FROM. */
FusionPlan* BuildFusionPlan(Query* parse);
/* BuildFusionPlan, with a refusal returned in *refusal (and nullptr) instead of raised. */
FusionPlan* TryBuildFusionPlan(Query* parse, const char** refusal);

/* engine_sql may hold $n parameters (as markers, see engine_parameters.cpp): */
bool EngineSqlHasParameters(const char* engine_sql);
/* the SQL to execute, with the statement's parameter values as literals; */
char* BindEngineParameters(const char* engine_sql, ParamListInfo params);
/* the SQL for EXPLAIN, parameters shown as $n. */
char* EngineSqlForDisplay(const char* engine_sql);

} // namespace pgf
