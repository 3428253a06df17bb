/*
 * planner_internal.h — shared state of the planner modules behind BuildFusionPlan.
 *
 * The planner works on one query tree in two passes:
 *   1. PrepareLevel (scan_split.cpp) walks every query level once, refuses what is out of
 *      scope (eligibility.cpp), flattens inner joins into a FROM list plus conjuncts, numbers
 *      the base relations (scan k = pg_scan(k)) and decides which conjuncts PostgreSQL
 *      evaluates inside a scan (pushed) and which the engine evaluates.
 *   2. The deparser (engine_deparse.cpp, aggregates.cpp, literals.cpp) renders the engine
 *      part as DuckDB SQL. Rendering decides which columns each scan must deliver (a scan's
 *      column list grows when the deparser first reads a column), so the scan Queries are
 *      built last (BuildScanQuery).
 *
 * Everything is PostgreSQL style: palloc'd, no destructors; refusals are ereport(ERROR).
 */
#pragma once

#include "backend/pg.h"

namespace pgf {
namespace planner {

/* Raises ERROR "pg_fusion: <construct> is not supported" (ERRCODE_FEATURE_NOT_SUPPORTED),
 * or, inside CatchRefusal, returns there. */
[[noreturn]] void Unsupported(const char* construct);
/* Runs fn(arg). A refusal raised inside returns its message instead of an ERROR; every other
 * error (a user function that constant folding runs, a catalog lookup) propagates untouched,
 * so nothing is swallowed without PostgreSQL's abort cleanup. Refusals come from planner code
 * that holds nothing but palloc'd memory when it refuses, so the jump back needs no cleanup;
 * that code must stay free of C++ objects with destructors. Returns NULL if fn completed. */
const char* CatchRefusal(void (*fn)(void*), void* arg);

/* One occurrence of a base relation in FROM: becomes pg_scan(scan_id). */
struct ScanRef {
    int scan_id;
    Index rti;              /* in its level's rtable */
    RangeTblEntry* rte;     /* the original RTE */
    List* pushed_quals;     /* conjuncts PostgreSQL evaluates in the scan; original varnos */
    List* columns;          /* Expr*: scan column k is columns[k], a Var of this relation or an
                             * expression over it PostgreSQL computes in the scan; Vars have
                             * varno rti and varlevelsup 0 */
    char* alias;            /* "tN" */
};

/*
 * A FROM item as the engine renders it when its level has an outer join: a base relation or
 * derived table (rti > 0), or a join kept as a join with the ON conjuncts the engine
 * evaluates. Levels without outer joins flatten their inner joins instead (from_rtis).
 */
struct FromNode {
    Index rti;              /* leaf: the RTE; 0 for a join */
    JoinType jointype;      /* joins: JOIN_INNER, JOIN_LEFT, JOIN_RIGHT or JOIN_FULL */
    FromNode* left;
    FromNode* right;
    List* engine_on;        /* ON conjuncts left to the engine (NIL renders ON TRUE) */
    char* on_sql;           /* engine_on rendered, before the FROM items are */
};

struct Level;

/*
 * A CTE PostgreSQL may materialize (not NOT MATERIALIZED) and read by more than one FROM item:
 * prepared once, rendered once as a WITH entry of the level that defines it, so the engine
 * computes it once (one scan per table) and every reference reads the same rows, as
 * PostgreSQL's own plan reads its materialized CTE.
 */
struct SharedCte {
    const char* name;       /* the CTE's name in the defining query */
    Level* level;           /* its query */
    int references;         /* FROM items that read it, at any depth below the definer (the
                             * parser's count) */
    char* alias;            /* "wN" */
};

/* One query level (the top query, a view or a derived table). */
struct Level {
    Query* query;           /* private copy with join alias Vars flattened */
    Level* parent;          /* the level whose Vars varlevelsup 1 names */
    struct PlanState* plan;
    int nrtes;
    ScanRef** scans;        /* [rti - 1]: the base relation at rti, else NULL */
    Level** subs;           /* [rti - 1]: the derived table at rti, else NULL */
    RangeTblEntry** values; /* [rti - 1]: the VALUES list at rti, else NULL */
    Bitmapset** values_read; /* [rti - 1]: the VALUES list's columns (attnos) the SQL reads */
    char** aliases;         /* [rti - 1]: "sN" for derived tables and VALUES lists */
    SharedCte* shared;      /* a CTE's level that its references share, else NULL */
    List* ctes;             /* SharedCte*: the shareable CTEs this level defines and reads, in
                             * dependency order (a CTE after the ones it reads) */
    List* from_rtis;        /* int List: base relations and derived tables in FROM order */
    List* from_nodes;       /* FromNode*: the FROM list as joins, if the level has an outer join */
    Node* setop;            /* UNION/INTERSECT/EXCEPT tree of a set-operation level, else NULL:
                             * its leaves are subs[], its result is read as the leftmost leaf's
                             * alias */
    List* engine_quals;     /* conjuncts the engine evaluates (WHERE and ON) */
    Bitmapset* used_outputs; /* resnos of this level's targetlist read by the parent */
    bool grouped;           /* aggregates, GROUP BY, GROUPING SETS or HAVING; without GROUP BY
                             * the engine SQL says GROUP BY (), so the level is one group even
                             * when constant folding removed every aggregate */
    bool sort_in_postgres;  /* top level whose ORDER BY/LIMIT PostgreSQL applies after the engine */
    bool distinct_in_postgres; /* ... and its DISTINCT */
    bool value_outputs;     /* the parent only compares this level's outputs (a subquery
                             * operand of a comparison): numeric scales may be the engine's */
    bool emit_sort_keys;    /* a derived table whose parent reads its rows in its ORDER BY
                             * order (AppendInputOrder): its sort keys are outputs too */
    bool after_grouping;    /* the deparser renders an expression over groups (select list,
                             * HAVING, ORDER BY of a grouped level, outside aggregate inputs) */
};

/* What the whole plan collects while it is built. */
struct PlanState {
    List* scans;            /* ScanRef*, index = scan_id */
    List* levels;           /* Level*: every level prepared (join_keys.cpp reads their joins) */
    int next_alias;
};

/* eligibility.cpp: refuses statement-level constructs of one query level. */
void CheckQueryLevel(Query* query);
/* eligibility.cpp: refuses an RTE kind the planner cannot place. */
void CheckRangeTableEntry(RangeTblEntry* rte);

/* scan_split.cpp */
Level* PrepareLevel(PlanState* plan, Query* query, Level* parent);
/* HAVING or GROUPING SETS without aggregates or grouping columns: one group (per empty
 * grouping set) whatever the rows, which PostgreSQL computes without reading FROM. */
bool IsDegenerateGrouping(Query* query);
int ScanColumn(ScanRef* scan, AttrNumber attno); /* 0-based column, added on first use */
/* The 0-based column delivering expr (Vars as in ScanRef.columns), added on first use;
 * refuses a result type the pages cannot carry. */
int ScanExprColumn(ScanRef* scan, Expr* expr);
Query* BuildScanQuery(ScanRef* scan, bool has_row_security);

/* join_keys.cpp: the joins through which the engine may hand one scan the keys of another,
 * as FusionPlan.join_keys lists them. Call once every level is prepared. */
List* CollectJoinKeys(PlanState* plan);

/* operator_map.cpp: engine-side operators and casts, by implementing function OID. */
enum class OpKind { None, Add, Sub, Mul, Div, Mod, Neg, Eq, Ne, Lt, Le, Gt, Ge, Like, NotLike };
OpKind LookupOperator(Oid funcid);
enum class CastKind { None, Plain, Identity, NumericTypmod };
CastKind LookupCast(Oid funcid);

/* literals.cpp */
void AppendQuotedIdent(StringInfo buf, const char* ident);
void AppendStringLiteral(StringInfo buf, const char* text);
void DeparseConst(Const* c, StringInfo buf);
int NumericConstScale(Const* c); /* display scale of a non-null numeric Const */

/* engine_parameters.cpp: $n in engine SQL, bound at execution (BindEngineParameters). */
void AppendParameterMarker(StringInfo buf, int paramid);

/* engine_deparse.cpp */
constexpr int kAnyScale = -1; /* NULL constant: takes the scale of its context */
void DeparseExpr(Level* level, Node* node, StringInfo buf);
int StaticNumericScale(Level* level, Node* node);
/* Whether StaticNumericScale succeeds: a scale fixed by the expression's types. */
bool HasStaticNumericScale(Level* level, Node* node);
/* Whether the engine renders this node itself (its children aside). */
bool EngineRendersItself(Node* node);
/* Whether node, evaluated for every row of level, is computed in the scan of the one base
 * relation it reads (it contains something the engine does not render). */
bool ScanComputes(Level* level, Node* node);
/* The same, whatever its numeric scale: for values that cross the engine as text. */
bool ScanCanCompute(Level* level, Node* node);
/* Whether node reads one base relation of level, which the scan may evaluate it over (not
 * a value that changes when an outer join null-extends the relation), whether or not the
 * engine could compute it too. */
bool ScanCanEvaluate(Level* level, Node* node);
/* extract(year FROM date|timestamp): numeric ±Infinity for infinite values, which only text
 * carries through the engine. */
bool IsYearExtract(Node* node);
/* Whether node is one of level's GROUP BY expressions. */
bool IsGroupingKey(Level* level, Node* node);
char* EngineTypeOf(Level* level, Node* expr);
/* expr coerced to numeric(38, scale): how an unconstrained numeric with a static scale
 * crosses into or out of the engine. */
Expr* WithNumericScale(Expr* expr, int scale);
/* SELECT ... for one level. items: TargetEntry list rendered as the select list, each
 * CAST to its engine type and aliased "c<resno-1>"; select_ordinal[resno of query->targetList]
 * is the 1-based position of that output in items (0: not selected), for ORDER BY. */
void DeparseSelect(Level* level, List* items, const int* select_ordinal, StringInfo buf);
/* For an order-sensitive aggregate or window function without an ORDER BY of its own over a
 * level that reads one derived table with an ORDER BY (SELECT string_agg(x, ',') FROM (SELECT
 * x FROM t ORDER BY y) s): PostgreSQL feeds it the rows in that order, the engine in any order
 * unless told. Appends " ORDER BY <the derived table's sort keys>" and returns true, or returns
 * false for any other level. */
bool AppendInputOrder(Level* level, StringInfo buf);
void CheckEqualityCollation(Oid collid);
void CheckOrderingCollation(Oid collid);
char* SortDirection(SortGroupClause* sort, Node* expr); /* "ASC NULLS LAST" and the like */

/* aggregates.cpp */
void DeparseAggref(Level* level, Aggref* agg, StringInfo buf);
bool IsMinMax(Oid aggfnoid); /* min/max over a type the engine carries */
bool IsMax(Oid aggfnoid);
int AggrefNumericScale(Level* level, Aggref* agg);
/* avg(int2/int4/int8/numeric): PostgreSQL computes it as numeric_div(sum, count). */
bool IsNumericAvg(Aggref* agg);
Aggref* AvgSumPart(Aggref* avg);
/* The sum behind avg_function (avg of int2/int4/int8/numeric) and its result type. */
bool AvgSumFunction(Oid avg_function, Oid* sum_function, Oid* sum_type);
/* avg(int/numeric) OVER (...): split like the aggregate, into sum and count over the window. */
bool IsNumericAvgWindow(WindowFunc* window);
/* lag/lead(x, n, default) of numeric whose default has another scale than x: PostgreSQL keeps
 * each value's own display scale. In the select list the engine returns lag/lead(x, n), whether
 * the offset row exists (lag/lead(true, n, false)) and the default; PostgreSQL's final
 * projection picks one (CASE WHEN present THEN value ELSE default END). */
bool IsLagLeadWithDefault(WindowFunc* window);
bool IsMixedScaleLagLead(Level* level, WindowFunc* window);
struct LagLeadParts {
    WindowFunc* value;
    WindowFunc* present;
    Expr* fallback;
};
LagLeadParts SplitLagLead(WindowFunc* window);
Expr* LagLeadFinalExpr(Expr* present_column, Expr* value_column, Expr* fallback);
Aggref* AvgCountPart(Aggref* avg);
Expr* AvgFinalExpr(Expr* sum_column, Expr* count_column);
/* sum(numeric) of a CASE/COALESCE whose branches have different scales: PostgreSQL's result
 * scale is the largest scale among the values it added. In the select list the engine returns
 * the sum at the largest branch scale (value part) and the largest scale of a summed row
 * (scale part); PostgreSQL's final projection rounds the one to the other. */
/* The largest static scale among numeric branches (NULL constants ignored; kAnyScale if all
 * are); *mixed tells whether they differ. */
int LargestBranchScale(Level* level, List* branches, bool* mixed);
bool IsMixedScaleSum(Level* level, Aggref* agg);
/* A numeric CASE/COALESCE with every non-NULL branch coerced to the largest branch scale: the
 * same values, one scale (where only values matter, or summed before rounding back). */
Node* WithCommonScale(Level* level, Node* branching);
/* stddev/variance of int2/int4/int8/numeric: numeric results PostgreSQL derives from the exact
 * sums of x and x*x and the count (numeric_stddev_internal). In the select list the engine
 * returns those three and fusion.numeric_variance_final (numeric_statistics.cpp) finishes. */
bool IsNumericVariance(Aggref* agg);
Aggref* VarianceSumPart(Aggref* agg);
Aggref* VarianceSquaresPart(Aggref* agg);
Aggref* VarianceCountPart(Aggref* agg);
Expr* VarianceFinalExpr(Aggref* agg, Expr* sum_column, Expr* squares_column, Expr* count_column);
Aggref* MixedSumValuePart(Level* level, Aggref* sum);
Aggref* MixedSumScalePart(Level* level, Aggref* sum);
Expr* MixedSumFinalExpr(Expr* value_column, Expr* scale_column);

} // namespace planner
} // namespace pgf
