/*
 * aggregates.cpp — aggregate calls in engine SQL, and the split of avg().
 *
 * The engine computes count, sum, min and max with PostgreSQL's result types:
 *   count(*) / count(x)      BIGINT in both
 *   sum(int2/int4) -> int8   CAST(sum(x) AS BIGINT) (DuckDB sums into HUGEINT)
 *   sum(int8) -> numeric     CAST(sum(x) AS DECIMAL(38,0))
 *   sum(numeric(p,s))        CAST(sum(x) AS DECIMAL(38,s)) (PostgreSQL's result scale is
 *                            the largest input scale, i.e. s)
 *   sum/avg(float4/float8)   with PostgreSQL's overflow error (DuckDB returns Infinity)
 *   min/max                  same type; text only under the C collation (byte order)
 * Empty input gives NULL for sum/min/max/avg and 0 for count in both.
 *
 * avg(int2/int4/int8/numeric) is numeric_div(sum, count) in PostgreSQL (int8_avg,
 * numeric_poly_avg, numeric_avg); its display scale depends on the values. In the select list
 * avg is split: the engine returns sum(x) and count(x) and PostgreSQL's final projection calls
 * numeric_div itself. Where only its value matters the deparser renders it with the engine's
 * pgf_numeric_div (DeparseNumericAvg); DeparseAggref itself never sees it.
 */
#include "backend/planner/planner_internal.h"

#include "backend/types/type_mapping.h"

#include <cmath>

extern "C" {
#include "catalog/pg_aggregate.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "parser/parse_func.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/fmgroids.h"
#include "utils/regproc.h"
}

namespace pgf {
namespace planner {

namespace {


Node* SingleArgument(Aggref* agg) {
    return (Node*) ((TargetEntry*) linitial(agg->args))->expr;
}

/* A copy of agg (FILTER and DISTINCT kept) computing function over the one input value. */
Aggref* AggregateOf(Aggref* agg, Oid function, Oid result_type, Oid transition_type, Expr* value) {
    Aggref* result = (Aggref*) copyObject(agg);
    result->aggfnoid = function;
    result->aggtype = result_type;
    result->aggtranstype = transition_type;
    result->aggargtypes = list_make1_oid(exprType((Node*) value));
    result->args = list_make1(makeTargetEntry(value, 1, nullptr, false));
    return result;
}

/* An aggregate's per-row input. With FILTER, PostgreSQL evaluates the input only for rows
 * passing the filter; the engine evaluates inputs before filtering, so the input is rendered
 * as CASE WHEN filter THEN input END (an input that raises on filtered-out rows must not
 * raise, and PostgreSQL-side parts of it follow the CASE rules). */
void DeparseAggregateInput(Level* level, Aggref* agg, Node* input, StringInfo buf) {
    if (agg->aggfilter == nullptr) {
        DeparseExpr(level, input, buf);
        return;
    }
    CaseWhen* when = makeNode(CaseWhen);
    when->expr = (Expr*) copyObject(agg->aggfilter);
    when->result = (Expr*) input;
    when->location = -1;
    CaseExpr* guarded = makeNode(CaseExpr);
    guarded->casetype = exprType(input);
    guarded->casecollid = exprCollation(input);
    guarded->args = list_make1(when);
    guarded->defresult = (Expr*) makeNullConst(exprType(input), exprTypmod(input), exprCollation(input));
    guarded->location = -1;
    DeparseExpr(level, (Node*) guarded, buf);
}

/* PostgreSQL's float sum (float4pl/float8pl, float8_accum) raises when a running sum
 * overflows although no input is infinite; DuckDB just returns Infinity. */
void AppendCheckedFloatAggregate(const char* aggregate, const char* arg, const char* type, StringInfo buf) {
    appendStringInfo(buf,
                     "(CASE WHEN isinf(%s(%s)) AND NOT bool_or(isinf(%s)) "
                     "THEN error('value out of range: overflow') ELSE CAST(%s(%s) AS %s) END)",
                     aggregate, arg, arg, aggregate, arg, type);
}

} // namespace

bool IsMin(Oid aggfnoid) {
    switch (aggfnoid) {
    case F_MIN_INT2: case F_MIN_INT4: case F_MIN_INT8: case F_MIN_FLOAT4: case F_MIN_FLOAT8:
    case F_MIN_NUMERIC: case F_MIN_DATE: case F_MIN_TIMESTAMP: case F_MIN_TIMESTAMPTZ:
    case F_MIN_TEXT: case F_MIN_BPCHAR:
        return true;
    default:
        return false;
    }
}

bool IsMax(Oid aggfnoid) {
    switch (aggfnoid) {
    case F_MAX_INT2: case F_MAX_INT4: case F_MAX_INT8: case F_MAX_FLOAT4: case F_MAX_FLOAT8:
    case F_MAX_NUMERIC: case F_MAX_DATE: case F_MAX_TIMESTAMP: case F_MAX_TIMESTAMPTZ:
    case F_MAX_TEXT: case F_MAX_BPCHAR:
        return true;
    default:
        return false;
    }
}

bool IsMinMax(Oid aggfnoid) { return IsMin(aggfnoid) || IsMax(aggfnoid); }

bool IsNumericAvg(Aggref* agg) {
    switch (agg->aggfnoid) {
    case F_AVG_INT2: case F_AVG_INT4: case F_AVG_INT8: case F_AVG_NUMERIC:
        return true;
    default:
        return false;
    }
}

/*
 * string_agg(text, delimiter [ORDER BY ...]): the delimiter must be a non-null constant
 * (PostgreSQL skips a NULL delimiter per row); without ORDER BY the order is unspecified in
 * both systems. DISTINCT compares text bytes, so it needs a deterministic collation.
 */
void DeparseStringAgg(Level* level, Aggref* agg, const char* filter, StringInfo buf) {
    Node* delimiter = (Node*) ((TargetEntry*) lsecond(agg->args))->expr;
    if (!IsA(delimiter, Const) || ((Const*) delimiter)->constisnull)
        Unsupported("string_agg with a non-constant delimiter");
    if (agg->aggdistinct != NIL)
        CheckEqualityCollation(agg->inputcollid);
    StringInfoData call;
    initStringInfo(&call);
    appendStringInfo(&call, "string_agg(%s", agg->aggdistinct != NIL ? "DISTINCT " : "");
    DeparseAggregateInput(level, agg, SingleArgument(agg), &call);
    appendStringInfoString(&call, ", ");
    DeparseExpr(level, delimiter, &call);
    ListCell* lc;
    foreach (lc, agg->aggorder) {
        SortGroupClause* sort = lfirst_node(SortGroupClause, lc);
        TargetEntry* tle = get_sortgroupclause_tle(sort, agg->args);
        CheckOrderingCollation(exprCollation((Node*) tle->expr));
        appendStringInfoString(&call, lc == list_head(agg->aggorder) ? " ORDER BY " : ", ");
        DeparseExpr(level, (Node*) tle->expr, &call);
        appendStringInfo(&call, " %s", SortDirection(sort, (Node*) tle->expr));
    }
    if (agg->aggorder == NIL)
        AppendInputOrder(level, &call);
    appendStringInfo(buf, "%s)%s", call.data, filter);
}

/*
 * percentile_cont(q) / percentile_disc(q) WITHIN GROUP (ORDER BY x), q a constant in [0, 1]:
 * the engine's quantile_cont/quantile_disc pick the same rows (disc: the ceil(q * n)-th value,
 * at least the first; cont: interpolation between the floor and ceil of q * (n - 1) as
 * lo + (hi - lo) * fraction), NULLs skipped, NULL for no rows. Only ascending order.
 */
void DeparsePercentile(Level* level, Aggref* agg, const char* filter, StringInfo buf) {
    bool continuous = agg->aggfnoid == F_PERCENTILE_CONT_FLOAT8_FLOAT8;
    if (!continuous && agg->aggfnoid != F_PERCENTILE_DISC_FLOAT8_ANYELEMENT)
        Unsupported(psprintf("ordered-set aggregate %s", format_procedure(agg->aggfnoid)));
    Node* fraction = eval_const_expressions(nullptr, (Node*) linitial(agg->aggdirectargs));
    if (!IsA(fraction, Const) || ((Const*) fraction)->constisnull)
        Unsupported("percentiles with a non-constant fraction");
    double q = DatumGetFloat8(((Const*) fraction)->constvalue);
    /* PostgreSQL raises for it only when a group reaches the final function */
    if (q < 0 || q > 1 || std::isnan(q))
        Unsupported("percentiles outside 0 and 1");
    SortGroupClause* sort = linitial_node(SortGroupClause, agg->aggorder);
    Node* value = SingleArgument(agg);
    if (strncmp(SortDirection(sort, value), "ASC", 3) != 0)
        Unsupported("percentiles WITHIN GROUP (ORDER BY ... DESC)");
    CheckOrderingCollation(exprCollation(value));
    appendStringInfo(buf, "%s(", continuous ? "quantile_cont" : "quantile_disc");
    DeparseAggregateInput(level, agg, value, buf);
    appendStringInfo(buf, ", CAST('%.17g' AS DOUBLE))%s", q, filter);
}

/*
 * array_agg(x [ORDER BY ...]) of integers, numerics and text: the engine's list, written out as
 * PostgreSQL's array text ({1,NULL,3}; text elements quoted as array_out quotes them), which
 * the array type's input function reads back. DISTINCT sorts the elements, as PostgreSQL's
 * DISTINCT does. FILTER filters only (array_agg keeps NULL inputs, so no CASE guard).
 */
void DeparseArrayAgg(Level* level, Aggref* agg, const char* filter, StringInfo buf) {
    Node* value = SingleArgument(agg);
    Oid type = exprType(value);
    bool text = type == TEXTOID || type == VARCHAROID;
    if (!text && type != INT2OID && type != INT4OID && type != INT8OID && type != NUMERICOID)
        Unsupported(psprintf("array_agg of %s values", format_type_be(type)));
    if (type == NUMERICOID)
        StaticNumericScale(level, value);
    StringInfoData call;
    initStringInfo(&call);
    appendStringInfoString(&call, agg->aggdistinct != NIL ? "array_agg(DISTINCT " : "array_agg(");
    DeparseExpr(level, value, &call);
    List* order = agg->aggorder != NIL ? agg->aggorder : agg->aggdistinct;
    ListCell* lc;
    foreach (lc, order) {
        SortGroupClause* sort = lfirst_node(SortGroupClause, lc);
        TargetEntry* tle = get_sortgroupclause_tle(sort, agg->args);
        CheckOrderingCollation(exprCollation((Node*) tle->expr));
        appendStringInfoString(&call, lc == list_head(order) ? " ORDER BY " : ", ");
        DeparseExpr(level, (Node*) tle->expr, &call);
        appendStringInfo(&call, " %s", SortDirection(sort, (Node*) tle->expr));
    }
    if (order == NIL)
        AppendInputOrder(level, &call);
    if (agg->aggdistinct != NIL)
        CheckEqualityCollation(agg->inputcollid);
    appendStringInfo(&call, ")%s", filter);
    const char* element = text ? "CASE WHEN pgf_element = '' OR lower(pgf_element) = 'null' OR "
                                 "regexp_matches(pgf_element, '[{},\"\\\\ \\t\\n\\r\\x0B\\x0C]') "
                                 "THEN '\"' || replace(replace(pgf_element, '\\', '\\\\'), '\"', '\\\"') || '\"' "
                                 "ELSE pgf_element END"
                               : "CAST(pgf_element AS VARCHAR)";
    appendStringInfo(buf,
                     "('{' || array_to_string(list_transform(%s, lambda pgf_element: "
                     "CASE WHEN pgf_element IS NULL THEN 'NULL' ELSE %s END), ',') || '}')",
                     call.data, element);
}

void DeparseAggref(Level* level, Aggref* agg, StringInfo buf) {
    if (agg->agglevelsup != 0)
        Unsupported("aggregates of an outer query");
    if (agg->aggkind == AGGKIND_HYPOTHETICAL)
        Unsupported("hypothetical-set aggregates");
    if (agg->aggorder != NIL && agg->aggfnoid != F_STRING_AGG_TEXT_TEXT && agg->aggfnoid != F_ARRAY_AGG_ANYNONARRAY &&
        agg->aggkind != AGGKIND_ORDERED_SET)
        Unsupported("ORDER BY in aggregates other than string_agg");
    bool float_sum_or_avg = agg->aggfnoid == F_SUM_FLOAT4 || agg->aggfnoid == F_SUM_FLOAT8 ||
                            agg->aggfnoid == F_AVG_FLOAT4 || agg->aggfnoid == F_AVG_FLOAT8;
    /* FILTER (WHERE ...) keeps PostgreSQL's meaning: only rows where it is true are fed. */
    StringInfoData filter;
    initStringInfo(&filter);
    if (agg->aggfilter != nullptr) {
        if (float_sum_or_avg)
            Unsupported("FILTER in float sum/avg");
        appendStringInfoString(&filter, " FILTER (WHERE ");
        DeparseExpr(level, (Node*) agg->aggfilter, &filter);
        appendStringInfoChar(&filter, ')');
    }
    if (agg->aggfnoid == F_COUNT_) {
        appendStringInfo(buf, "count(*)%s", filter.data);
        return;
    }
    if (agg->aggfnoid == F_STRING_AGG_TEXT_TEXT) {
        DeparseStringAgg(level, agg, filter.data, buf);
        return;
    }
    if (agg->aggfnoid == F_ARRAY_AGG_ANYNONARRAY) {
        DeparseArrayAgg(level, agg, filter.data, buf);
        return;
    }
    if (agg->aggkind == AGGKIND_ORDERED_SET) {
        DeparsePercentile(level, agg, filter.data, buf);
        return;
    }
    /* DISTINCT compares values as the engine does: exact for integers, numerics, dates and
     * deterministic text, but floats (-0 = 0, NaN) are left to PostgreSQL. */
    const char* distinct = "";
    if (agg->aggdistinct != NIL) {
        Oid arg_type = exprType(SingleArgument(agg));
        if (arg_type == FLOAT4OID || arg_type == FLOAT8OID)
            Unsupported("DISTINCT in aggregates of floating-point values");
        if (IsTextCarriedType(getBaseType(arg_type)) && !IsTextComparableType(getBaseType(arg_type)))
            Unsupported(psprintf("DISTINCT in aggregates of %s values", format_type_be(arg_type)));
        CheckEqualityCollation(agg->inputcollid);
        distinct = "DISTINCT ";
    }

    const char* name = nullptr;
    switch (agg->aggfnoid) {
    case F_COUNT_ANY: name = "count"; break;
    case F_SUM_INT2: case F_SUM_INT4: case F_SUM_INT8: case F_SUM_NUMERIC:
    case F_SUM_FLOAT4: case F_SUM_FLOAT8: name = "sum"; break;
    case F_AVG_FLOAT4: case F_AVG_FLOAT8: name = "avg"; break;
    case F_BOOL_AND: case F_EVERY: name = "bool_and"; break;
    case F_BOOL_OR: name = "bool_or"; break;
    /* float statistics: PostgreSQL accumulates float4 input in float8 as well */
    case F_STDDEV_FLOAT4: case F_STDDEV_FLOAT8: case F_STDDEV_SAMP_FLOAT4: case F_STDDEV_SAMP_FLOAT8:
        name = "stddev_samp"; break;
    case F_STDDEV_POP_FLOAT4: case F_STDDEV_POP_FLOAT8: name = "stddev_pop"; break;
    case F_VARIANCE_FLOAT4: case F_VARIANCE_FLOAT8: case F_VAR_SAMP_FLOAT4: case F_VAR_SAMP_FLOAT8:
        name = "var_samp"; break;
    case F_VAR_POP_FLOAT4: case F_VAR_POP_FLOAT8: name = "var_pop"; break;
    default:
        if (!IsMinMax(agg->aggfnoid))
            Unsupported(psprintf("aggregate %s", format_procedure(agg->aggfnoid)));
        name = IsMax(agg->aggfnoid) ? "max" : "min";
        CheckOrderingCollation(agg->inputcollid);
    }

    StringInfoData arg;
    initStringInfo(&arg);
    DeparseAggregateInput(level, agg, SingleArgument(agg), &arg);

    switch (agg->aggfnoid) {
    case F_SUM_INT2:
    case F_SUM_INT4:
        appendStringInfo(buf, "CAST(sum(%s%s)%s AS BIGINT)", distinct, arg.data, filter.data);
        return;
    case F_SUM_INT8:
        appendStringInfo(buf, "CAST(sum(%s%s)%s AS DECIMAL(38,0))", distinct, arg.data, filter.data);
        return;
    case F_SUM_NUMERIC:
        appendStringInfo(buf, "CAST(sum(%s%s)%s AS DECIMAL(38,%d))", distinct, arg.data, filter.data,
                         AggrefNumericScale(level, agg));
        return;
    case F_SUM_FLOAT4:
        AppendCheckedFloatAggregate("sum", arg.data, "FLOAT", buf);
        return;
    case F_SUM_FLOAT8:
        AppendCheckedFloatAggregate("sum", arg.data, "DOUBLE", buf);
        return;
    case F_AVG_FLOAT4:
    case F_AVG_FLOAT8:
        /* PostgreSQL accumulates avg(float4) in float8 too */
        AppendCheckedFloatAggregate("avg", psprintf("CAST(%s AS DOUBLE)", arg.data), "DOUBLE", buf);
        return;
    case F_STDDEV_FLOAT4: case F_STDDEV_SAMP_FLOAT4: case F_STDDEV_POP_FLOAT4:
    case F_VARIANCE_FLOAT4: case F_VAR_SAMP_FLOAT4: case F_VAR_POP_FLOAT4:
        appendStringInfo(buf, "%s(CAST(%s AS DOUBLE))%s", name, arg.data, filter.data);
        return;
    default:
        appendStringInfo(buf, "%s(%s%s)%s", name, distinct, arg.data, filter.data);
    }
}

int AggrefNumericScale(Level* level, Aggref* agg) {
    switch (agg->aggfnoid) {
    case F_SUM_INT8:
        return 0;
    case F_SUM_NUMERIC:
    case F_MIN_NUMERIC:
    case F_MAX_NUMERIC:
    case F_PERCENTILE_DISC_FLOAT8_ANYELEMENT: {
        int scale = StaticNumericScale(level, SingleArgument(agg));
        return scale == kAnyScale ? 0 : scale;
    }
    default:
        Unsupported(psprintf("aggregate %s", format_procedure(agg->aggfnoid)));
    }
}

bool AvgSumFunction(Oid avg_function, Oid* sum_function, Oid* sum_type) {
    switch (avg_function) {
    case F_AVG_INT2: *sum_function = F_SUM_INT2; *sum_type = INT8OID; return true;
    case F_AVG_INT4: *sum_function = F_SUM_INT4; *sum_type = INT8OID; return true;
    case F_AVG_INT8: *sum_function = F_SUM_INT8; *sum_type = NUMERICOID; return true;
    case F_AVG_NUMERIC: *sum_function = F_SUM_NUMERIC; *sum_type = NUMERICOID; return true;
    default: return false;
    }
}

bool IsNumericAvgWindow(WindowFunc* window) {
    Oid sum_function, sum_type;
    return AvgSumFunction(window->winfnoid, &sum_function, &sum_type);
}

bool IsLagLeadWithDefault(WindowFunc* window) {
    return window->winfnoid == F_LAG_ANYCOMPATIBLE_INT4_ANYCOMPATIBLE ||
           window->winfnoid == F_LEAD_ANYCOMPATIBLE_INT4_ANYCOMPATIBLE;
}

bool IsMixedScaleLagLead(Level* level, WindowFunc* window) {
    if (!IsLagLeadWithDefault(window) || window->wintype != NUMERICOID)
        return false;
    bool mixed;
    LargestBranchScale(level, list_make2(linitial(window->args), lthird(window->args)), &mixed);
    return mixed;
}

LagLeadParts SplitLagLead(WindowFunc* window) {
    LagLeadParts parts;
    bool lag = window->winfnoid == F_LAG_ANYCOMPATIBLE_INT4_ANYCOMPATIBLE;
    parts.value = (WindowFunc*) copyObject(window);
    parts.value->winfnoid = lag ? F_LAG_ANYELEMENT_INT4 : F_LEAD_ANYELEMENT_INT4;
    parts.value->args = list_make2(linitial(window->args), lsecond(window->args));
    parts.present = (WindowFunc*) copyObject(window);
    parts.present->wintype = BOOLOID;
    parts.present->wincollid = InvalidOid;
    parts.present->inputcollid = InvalidOid;
    parts.present->args = list_make3(makeBoolConst(true, false), lsecond(window->args), makeBoolConst(false, false));
    parts.fallback = (Expr*) lthird(window->args);
    return parts;
}

Expr* LagLeadFinalExpr(Expr* present_column, Expr* value_column, Expr* fallback) {
    CaseWhen* when = makeNode(CaseWhen);
    when->expr = present_column;
    when->result = value_column;
    when->location = -1;
    CaseExpr* expr = makeNode(CaseExpr);
    expr->casetype = NUMERICOID;
    expr->casecollid = InvalidOid;
    expr->args = list_make1(when);
    expr->defresult = fallback;
    expr->location = -1;
    return (Expr*) expr;
}

Aggref* AvgSumPart(Aggref* avg) {
    Aggref* sum = (Aggref*) copyObject(avg);
    AvgSumFunction(avg->aggfnoid, &sum->aggfnoid, &sum->aggtype);
    return sum;
}

Aggref* AvgCountPart(Aggref* avg) {
    Aggref* count = (Aggref*) copyObject(avg);
    count->aggfnoid = F_COUNT_ANY;
    count->aggtype = INT8OID;
    return count;
}

/* numeric_div(sum, count) as int8_avg/numeric_avg compute it; both strict, so an empty
 * group (sum NULL) gives NULL as PostgreSQL's avg does. */
Expr* AvgFinalExpr(Expr* sum_column, Expr* count_column) {
    Expr* sum = sum_column;
    if (exprType((Node*) sum_column) == INT8OID)
        sum = (Expr*) makeFuncExpr(F_NUMERIC_INT8, NUMERICOID, list_make1(sum_column), InvalidOid, InvalidOid,
                                   COERCE_EXPLICIT_CALL);
    Expr* count = (Expr*) makeFuncExpr(F_NUMERIC_INT8, NUMERICOID, list_make1(count_column), InvalidOid,
                                       InvalidOid, COERCE_EXPLICIT_CALL);
    return (Expr*) makeFuncExpr(F_NUMERIC_DIV, NUMERICOID, list_make2(sum, count), InvalidOid, InvalidOid,
                                COERCE_EXPLICIT_CALL);
}

namespace {

/* The branches of a numeric CASE or COALESCE: the values it can take. */
List* NumericBranches(Node* arg) {
    if (IsA(arg, CaseExpr)) {
        CaseExpr* expr = (CaseExpr*) arg;
        List* branches = list_make1(expr->defresult);
        ListCell* lc;
        foreach (lc, expr->args)
            branches = lappend(branches, ((CaseWhen*) lfirst(lc))->result);
        return branches;
    }
    if (IsA(arg, CoalesceExpr))
        return ((CoalesceExpr*) arg)->args;
    return NIL;
}

CaseWhen* MakeWhen(Expr* condition, Expr* result) {
    CaseWhen* when = makeNode(CaseWhen);
    when->expr = condition;
    when->result = result;
    when->location = -1;
    return when;
}

bool IsNullConst(Node* node) { return IsA(node, Const) && ((Const*) node)->constisnull; }


Expr* ScaleConst(Level* level, Node* branch) {
    if (IsNullConst(branch))
        return (Expr*) makeNullConst(INT4OID, -1, InvalidOid);
    return (Expr*) makeConst(INT4OID, -1, InvalidOid, sizeof(int32),
                             Int32GetDatum(StaticNumericScale(level, branch)), false, true);
}

} // namespace

int LargestBranchScale(Level* level, List* branches, bool* mixed) {
    int largest = kAnyScale;
    *mixed = false;
    ListCell* lc;
    foreach (lc, branches) {
        int scale = StaticNumericScale(level, (Node*) lfirst(lc));
        if (scale == kAnyScale)
            continue;
        if (largest != kAnyScale && scale != largest)
            *mixed = true;
        if (scale > largest)
            largest = scale;
    }
    return largest;
}

bool IsMixedScaleSum(Level* level, Aggref* agg) {
    if (agg->aggfnoid != F_SUM_NUMERIC || agg->aggdistinct != NIL)
        return false;
    List* branches = NumericBranches(SingleArgument(agg));
    bool mixed = false;
    if (branches != NIL)
        LargestBranchScale(level, branches, &mixed);
    return mixed;
}

Node* WithCommonScale(Level* level, Node* branching) {
    Node* copy = (Node*) copyObject(branching);
    bool mixed = false;
    int largest = LargestBranchScale(level, NumericBranches(copy), &mixed);
    if (IsA(copy, CaseExpr)) {
        CaseExpr* expr = (CaseExpr*) copy;
        ListCell* lc;
        foreach (lc, expr->args) {
            CaseWhen* when = (CaseWhen*) lfirst(lc);
            if (!IsNullConst((Node*) when->result))
                when->result = WithNumericScale(when->result, largest);
        }
        if (!IsNullConst((Node*) expr->defresult))
            expr->defresult = WithNumericScale(expr->defresult, largest);
    } else {
        ListCell* lc;
        foreach (lc, ((CoalesceExpr*) copy)->args) {
            if (!IsNullConst((Node*) lfirst(lc)))
                lfirst(lc) = WithNumericScale((Expr*) lfirst(lc), largest);
        }
    }
    return copy;
}

Aggref* MixedSumValuePart(Level* level, Aggref* sum) {
    Aggref* value = (Aggref*) copyObject(sum);
    TargetEntry* input = (TargetEntry*) linitial(value->args);
    input->expr = (Expr*) WithCommonScale(level, (Node*) input->expr);
    return value;
}

Aggref* MixedSumScalePart(Level* level, Aggref* sum) {
    Node* arg = SingleArgument(sum);
    Expr* row_scale;
    if (IsA(arg, CaseExpr)) {
        /* the same CASE with each branch's scale as its result, for rows whose value is not
         * NULL (sum skips those) */
        CaseExpr* scales = (CaseExpr*) copyObject(arg);
        scales->casetype = INT4OID;
        scales->casecollid = InvalidOid;
        ListCell* lc;
        foreach (lc, scales->args) {
            CaseWhen* when = (CaseWhen*) lfirst(lc);
            when->result = ScaleConst(level, (Node*) when->result);
        }
        scales->defresult = ScaleConst(level, (Node*) scales->defresult);
        NullTest* present = makeNode(NullTest);
        present->arg = (Expr*) SingleArgument(MixedSumValuePart(level, sum)); /* one scale for the engine */
        present->nulltesttype = IS_NOT_NULL;
        present->location = -1;
        CaseExpr* guarded = makeNode(CaseExpr);
        guarded->casetype = INT4OID;
        guarded->args = list_make1(MakeWhen((Expr*) present, (Expr*) scales));
        guarded->defresult = (Expr*) makeNullConst(INT4OID, -1, InvalidOid);
        guarded->location = -1;
        row_scale = (Expr*) guarded;
    } else {
        /* COALESCE takes its first non-NULL argument */
        CaseExpr* scales = makeNode(CaseExpr);
        scales->casetype = INT4OID;
        ListCell* lc;
        foreach (lc, ((CoalesceExpr*) arg)->args) {
            NullTest* present = makeNode(NullTest);
            present->arg = (Expr*) copyObject(lfirst(lc));
            present->nulltesttype = IS_NOT_NULL;
            present->location = -1;
            scales->args = lappend(scales->args, MakeWhen((Expr*) present, ScaleConst(level, (Node*) lfirst(lc))));
        }
        scales->defresult = (Expr*) makeNullConst(INT4OID, -1, InvalidOid);
        scales->location = -1;
        row_scale = (Expr*) scales;
    }
    return AggregateOf(sum, F_MAX_INT4, INT4OID, INT4OID, row_scale);
}

/* Exact: every added value had at most max-scale decimals, so the sum's digits beyond it are
 * zeros and round() only sets the display scale, as PostgreSQL's sum reports it. */
Expr* MixedSumFinalExpr(Expr* value_column, Expr* scale_column) {
    return (Expr*) makeFuncExpr(F_ROUND_NUMERIC_INT4, NUMERICOID, list_make2(value_column, scale_column),
                                InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
}

int NumericVarianceKind(Aggref* agg) {
    constexpr int kSample = 1, kStddev = 2;
    switch (agg->aggfnoid) {
    case F_VARIANCE_INT2: case F_VARIANCE_INT4: case F_VARIANCE_INT8: case F_VARIANCE_NUMERIC:
    case F_VAR_SAMP_INT2: case F_VAR_SAMP_INT4: case F_VAR_SAMP_INT8: case F_VAR_SAMP_NUMERIC:
        return kSample;
    case F_VAR_POP_INT2: case F_VAR_POP_INT4: case F_VAR_POP_INT8: case F_VAR_POP_NUMERIC:
        return 0;
    case F_STDDEV_INT2: case F_STDDEV_INT4: case F_STDDEV_INT8: case F_STDDEV_NUMERIC:
    case F_STDDEV_SAMP_INT2: case F_STDDEV_SAMP_INT4: case F_STDDEV_SAMP_INT8: case F_STDDEV_SAMP_NUMERIC:
        return kStddev | kSample;
    case F_STDDEV_POP_INT2: case F_STDDEV_POP_INT4: case F_STDDEV_POP_INT8: case F_STDDEV_POP_NUMERIC:
        return kStddev;
    default:
        return -1;
    }
}

bool IsNumericVariance(Aggref* agg) { return NumericVarianceKind(agg) >= 0; }

namespace {

/* The aggregate's argument as numeric (PostgreSQL accumulates integers as numerics too). */
Expr* NumericArgument(Aggref* agg) {
    Expr* arg = (Expr*) SingleArgument(agg);
    switch (exprType((Node*) arg)) {
    case INT2OID: return (Expr*) makeFuncExpr(F_NUMERIC_INT2, NUMERICOID, list_make1(arg), InvalidOid, InvalidOid, COERCE_IMPLICIT_CAST);
    case INT4OID: return (Expr*) makeFuncExpr(F_NUMERIC_INT4, NUMERICOID, list_make1(arg), InvalidOid, InvalidOid, COERCE_IMPLICIT_CAST);
    case INT8OID: return (Expr*) makeFuncExpr(F_NUMERIC_INT8, NUMERICOID, list_make1(arg), InvalidOid, InvalidOid, COERCE_IMPLICIT_CAST);
    default: return arg;
    }
}

/* agg's copy (FILTER kept) as sum(numeric) of value. */
Aggref* NumericSumOf(Aggref* agg, Expr* value) { return AggregateOf(agg, F_SUM_NUMERIC, NUMERICOID, INTERNALOID, value); }

} // namespace

Aggref* VarianceSumPart(Aggref* agg) { return NumericSumOf(agg, NumericArgument(agg)); }

Aggref* VarianceSquaresPart(Aggref* agg) {
    if (agg->aggdistinct != NIL)
        Unsupported("DISTINCT in stddev/variance of integers or numerics"); /* x and -x square alike */
    Expr* value = NumericArgument(agg);
    Oid multiply = OpernameGetOprid(list_make1(makeString(pstrdup("*"))), NUMERICOID, NUMERICOID);
    Expr* square = make_opclause(multiply, NUMERICOID, false, value, (Expr*) copyObject(value), InvalidOid, InvalidOid);
    ((OpExpr*) square)->opfuncid = F_NUMERIC_MUL;
    return NumericSumOf(agg, square);
}

Aggref* VarianceCountPart(Aggref* agg) {
    Aggref* count = (Aggref*) copyObject(agg);
    count->aggfnoid = F_COUNT_ANY;
    count->aggtype = INT8OID;
    count->aggtranstype = INT8OID;
    return count;
}

Expr* VarianceFinalExpr(Aggref* agg, Expr* sum_column, Expr* squares_column, Expr* count_column) {
    Oid argtypes[] = {NUMERICOID, NUMERICOID, INT8OID, INT4OID};
    Oid final = LookupFuncName(list_make2(makeString(pstrdup("fusion")), makeString(pstrdup("numeric_variance_final"))),
                               4, argtypes, true);
    if (!OidIsValid(final))
        Unsupported("stddev/variance of integers or numerics without CREATE EXTENSION pg_fusion");
    Const* kind = makeConst(INT4OID, -1, InvalidOid, sizeof(int32), Int32GetDatum(NumericVarianceKind(agg)), false, true);
    return (Expr*) makeFuncExpr(final, NUMERICOID, list_make4(sum_column, squares_column, count_column, kind),
                                InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
}

} // namespace planner
} // namespace pgf
