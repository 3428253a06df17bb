/*
 * engine_deparse.cpp — PostgreSQL Query/Expr trees rendered as DuckDB SQL.
 *
 * Contract: every expression rendered here computes, in DuckDB, exactly the value (or
 * the error) PostgreSQL computes, with the engine type of its PostgreSQL type
 * (EngineTypeOf). Where DuckDB's operator differs at the edges the rendering adds the
 * missing PostgreSQL check: integer division and float arithmetic call the engine's checked
 * functions (each operand evaluated once); the few CASE renderings that repeat an operand
 * (extract, date_trunc, substring) are pure, and an operand holding a subquery there is
 * refused because a scan is one stream read once (CheckEachScanReadOnce). An expression
 * the engine does not render, over one base relation, becomes a column PostgreSQL computes
 * in that relation's scan (DeparseInScan); where only a value matters (comparison operands,
 * sort keys: Ctx.value_only) numeric division, avg and mixed-scale CASEs are computed at the
 * engine's own scale. Anything else is refused by name. Columns of base relations are
 * "tN"."cK" (pg_scan(k) column K), outputs of derived tables and VALUES lists "sN"."cK"
 * (resno K+1); all identifiers are generated here.
 */
#include "backend/planner/planner_internal.h"

#include "backend/types/type_mapping.h"

#include <algorithm>
#include <clocale>

extern "C" {
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "catalog/pg_collation.h"
#include "utils/syscache.h"
#include "rewrite/rewriteManip.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/formatting.h"
#include "utils/pg_locale.h"
#include "utils/regproc.h"
#include "utils/typcache.h"
}

namespace pgf {
namespace planner {

namespace {

/* The operand a CaseTestExpr stands for: the innermost simple CASE's argument. */
struct CaseFrame {
    Node* arg;
    CaseFrame* outer;
};

struct Ctx {
    Level* level;
    CaseFrame* case_frame;
    bool conditional; /* inside a CASE branch or a later COALESCE argument: PostgreSQL may
                       * not evaluate it for every row */
    bool value_only;  /* only the value matters, not the numeric display scale: operands of
                       * comparisons, sort keys */
};

void Deparse(Ctx* ctx, Node* node, StringInfo buf);

/* Renders args separated by ", ". */
void DeparseList(Ctx* ctx, List* args, StringInfo buf) {
    ListCell* lc;
    foreach (lc, args) {
        if (lc != list_head(args))
            appendStringInfoString(buf, ", ");
        Deparse(ctx, (Node*) lfirst(lc), buf);
    }
}

/* Renders node with ctx->value_only set to value_only, restoring it after. */
void DeparseAs(Ctx* ctx, Node* node, bool value_only, StringInfo buf) {
    bool outer = ctx->value_only;
    ctx->value_only = value_only;
    Deparse(ctx, node, buf);
    ctx->value_only = outer;
}

void DeparseSubLink(Ctx* ctx, SubLink* sublink, StringInfo buf);
bool IsEngineConcat(Oid funcid, List* args);
void DeparseConcat(Ctx* ctx, Oid funcid, List* args, StringInfo buf);
void DeparseWindowFunc(Ctx* ctx, WindowFunc* wf, StringInfo buf);
void CheckGroupingEquality(SortGroupClause* clause, Node* expr);

bool IsDateArithmetic(Oid funcid) { return funcid == F_DATE_PLI || funcid == F_DATE_MII || funcid == F_DATE_MI; }
bool IsIntType(Oid type) { return type == INT2OID || type == INT4OID || type == INT8OID; }
bool IsFloatType(Oid type) { return type == FLOAT4OID || type == FLOAT8OID; }

/* Renders node; as type result_type if it has another integer/float type (PostgreSQL's
 * mixed-width operators compute in the result type). */
char* OperandAs(Ctx* ctx, Node* node, Oid result_type) {
    StringInfoData buf;
    initStringInfo(&buf);
    if (exprType(node) != result_type) {
        appendStringInfoString(&buf, "CAST(");
        Deparse(ctx, node, &buf);
        appendStringInfo(&buf, " AS %s)", EngineTypeName(result_type, -1));
    } else {
        Deparse(ctx, node, &buf);
    }
    return buf.data;
}

const char* ComparisonSymbol(OpKind kind) {
    switch (kind) {
    case OpKind::Eq: return "=";
    case OpKind::Ne: return "<>";
    case OpKind::Lt: return "<";
    case OpKind::Le: return "<=";
    case OpKind::Gt: return ">";
    case OpKind::Ge: return ">=";
    default: return nullptr;
    }
}

const char* ArithmeticSymbol(OpKind kind) {
    switch (kind) {
    case OpKind::Add: return "+";
    case OpKind::Sub: return "-";
    case OpKind::Mul: return "*";
    default: return nullptr;
    }
}

/* Integer + - * raise on overflow in DuckDB as in PostgreSQL. Division and modulo, and
 * float arithmetic, need PostgreSQL's checks (a zero divisor raises, x % -1 is 0, float
 * overflow and underflow raise): the engine's pgf_int_* and pgf_float_* functions
 * (checked_arithmetic_function.hpp) evaluate each operand once. */
void DeparseCheckedArithmetic(OpKind kind, bool is_float, const char* a, const char* b, StringInfo buf) {
    const char* name = nullptr;
    switch (kind) {
    case OpKind::Add: name = is_float ? "pgf_float_add" : nullptr; break;
    case OpKind::Sub: name = is_float ? "pgf_float_sub" : nullptr; break;
    case OpKind::Mul: name = is_float ? "pgf_float_mul" : nullptr; break;
    case OpKind::Div: name = is_float ? "pgf_float_div" : "pgf_int_div"; break;
    case OpKind::Mod: name = is_float ? nullptr : "pgf_int_mod"; break;
    default: elog(ERROR, "pg_fusion: unexpected arithmetic operator");
    }
    if (name == nullptr)
        appendStringInfo(buf, "(%s %s %s)", a, ArithmeticSymbol(kind), b);
    else
        appendStringInfo(buf, "%s(%s, %s)", name, a, b);
}

void CheckComparisonCollation(OpKind kind, Oid collid) {
    if (kind == OpKind::Eq || kind == OpKind::Ne || kind == OpKind::Like || kind == OpKind::NotLike)
        CheckEqualityCollation(collid);
    else
        CheckOrderingCollation(collid);
}

/*
 * date + integer, date - integer, date - date. PostgreSQL keeps +/-infinity as is when adding
 * days, refuses to subtract infinite dates, and raises "date out of range" past its own range
 * (4714-11-24 BC .. 5874897-12-31), which is narrower than the engine's.
 */
void DeparseDateArithmetic(Ctx* ctx, OpExpr* op, StringInfo buf) {
    StringInfoData left, right;
    initStringInfo(&left);
    initStringInfo(&right);
    Deparse(ctx, (Node*) linitial(op->args), &left);
    Deparse(ctx, (Node*) lsecond(op->args), &right);
    if (op->opfuncid == F_DATE_MI) {
        appendStringInfo(buf,
                         "(CASE WHEN isinf(%s) OR isinf(%s) THEN error('cannot subtract infinite dates') "
                         "ELSE CAST(%s - %s AS INTEGER) END)",
                         left.data, right.data, left.data, right.data);
        return;
    }
    const char* sign = op->opfuncid == F_DATE_PLI ? "+" : "-";
    appendStringInfo(buf,
                     "(CASE WHEN isinf(%s) THEN %s "
                     "WHEN %s %s %s NOT BETWEEN DATE '4714-11-24 (BC)' AND DATE '5874897-12-31' "
                     "THEN error('date out of range') ELSE %s %s %s END)",
                     left.data, left.data, left.data, sign, right.data, left.data, sign, right.data);
}

/* At most how many digits the integer part of a numeric/integer value has; -1 if unknown. */
int IntegerDigitsBound(Node* node) {
    while (IsA(node, RelabelType))
        node = (Node*) ((RelabelType*) node)->arg;
    switch (exprType(node)) {
    case INT2OID: return 5;
    case INT4OID: return 10;
    case INT8OID: return 19;
    case NUMERICOID: break;
    default: return -1;
    }
    int32 typmod = exprTypmod(node);
    if (typmod >= (int32) VARHDRSZ)
        return ((typmod - VARHDRSZ) >> 16) - ((typmod - VARHDRSZ) & 0xFFFF);
    if (IsA(node, FuncExpr) && LookupCast(((FuncExpr*) node)->funcid) == CastKind::Plain)
        return IntegerDigitsBound((Node*) linitial(((FuncExpr*) node)->args));
    if (IsA(node, Const) && !((Const*) node)->constisnull) {
        char* text = DatumGetCString(DirectFunctionCall1(numeric_out, ((Const*) node)->constvalue));
        int digits = 0;
        for (char* c = text; *c != '\0' && *c != '.'; c++)
            digits += isdigit((unsigned char) *c) ? 1 : 0;
        return digits;
    }
    return -1;
}

/* The engine scale of a quotient: as many decimals as its largest integer part leaves room
 * for in 38 digits (20 when that is unknown), at least the operands' scales. At most 24:
 * what it is compared with must fit in the same 38 digits (quotients below 10^-8 may need
 * more and then raise). */
int QuotientScale(int integer_digits, int dividend_scale, int divisor_scale) {
    constexpr int kLargestUsualScale = 24;
    int scale = integer_digits < 0 ? 20 : std::min(38 - integer_digits, kLargestUsualScale);
    scale = std::max(scale, std::max(dividend_scale, divisor_scale));
    return std::min(scale, 38);
}

/*
 * numeric / numeric: its result scale depends on the values, so it is computed only where
 * just the value matters, by pgf_numeric_div (PostgreSQL's rounding, see the engine's
 * numeric_division_function.hpp). The operands need static scales: they decide the result's.
 */
void DeparseNumericDivision(Ctx* ctx, Node* dividend, Node* divisor, StringInfo buf) {
    if (!ctx->value_only)
        Unsupported("numeric division outside comparisons and the final select list");
    int dividend_scale = std::max(StaticNumericScale(ctx->level, dividend), 0);
    int divisor_scale = std::max(StaticNumericScale(ctx->level, divisor), 0);
    /* |a / b| < 10^digits(a) / 10^-scale(b) for a non-zero b */
    int dividend_digits = IntegerDigitsBound(dividend);
    int quotient_digits = dividend_digits < 0 ? -1 : dividend_digits + divisor_scale;
    appendStringInfoString(buf, "pgf_numeric_div(CAST(");
    DeparseAs(ctx, dividend, false, buf);
    appendStringInfo(buf, " AS DECIMAL(38,%d)), CAST(", dividend_scale);
    DeparseAs(ctx, divisor, false, buf);
    appendStringInfo(buf, " AS DECIMAL(38,%d)), %d)", divisor_scale,
                     QuotientScale(quotient_digits, dividend_scale, divisor_scale));
}

/* avg(int/numeric) is numeric_div(sum, count) in PostgreSQL; as a value, the engine's. An
 * average's integer part is no longer than its argument's. */
void DeparseNumericAvg(Ctx* ctx, Aggref* avg, StringInfo buf) {
    if (!ctx->value_only)
        Unsupported("avg() of integer or numeric outside comparisons and the final select list");
    Aggref* sum = AvgSumPart(avg);
    int sum_scale = sum->aggfnoid == F_SUM_NUMERIC ? AggrefNumericScale(ctx->level, sum) : 0;
    int digits = IntegerDigitsBound((Node*) ((TargetEntry*) linitial(avg->args))->expr);
    appendStringInfoString(buf, "pgf_numeric_div(CAST(");
    DeparseAggref(ctx->level, sum, buf);
    appendStringInfo(buf, " AS DECIMAL(38,%d)), CAST(", sum_scale);
    DeparseAggref(ctx->level, AvgCountPart(avg), buf);
    appendStringInfo(buf, " AS DECIMAL(38,0)), %d)", QuotientScale(digits, sum_scale, 0));
}

void DeparseOpExpr(Ctx* ctx, OpExpr* op, StringInfo buf) {
    set_opfuncid(op);
    if (IsDateArithmetic(op->opfuncid)) {
        DeparseDateArithmetic(ctx, op, buf);
        return;
    }
    if (op->opfuncid == F_NUMERIC_DIV) {
        DeparseNumericDivision(ctx, (Node*) linitial(op->args), (Node*) lsecond(op->args), buf);
        return;
    }
    if (IsEngineConcat(op->opfuncid, op->args)) {
        DeparseConcat(ctx, op->opfuncid, op->args, buf);
        return;
    }
    if (op->opfuncid == F_TEXTCAT) {
        /* text || text: NULL if either is NULL, in both */
        appendStringInfoChar(buf, '(');
        Deparse(ctx, (Node*) linitial(op->args), buf);
        appendStringInfoString(buf, " || ");
        Deparse(ctx, (Node*) lsecond(op->args), buf);
        appendStringInfoChar(buf, ')');
        return;
    }
    OpKind kind = LookupOperator(op->opfuncid);
    if (kind == OpKind::None)
        Unsupported(psprintf("operator %s", format_operator(op->opno)));
    Oid result_type = op->opresulttype;

    if (kind == OpKind::Neg) {
        appendStringInfoString(buf, "(-(");
        Deparse(ctx, (Node*) linitial(op->args), buf);
        appendStringInfoString(buf, "))");
        return;
    }
    Node* left = (Node*) linitial(op->args);
    Node* right = (Node*) lsecond(op->args);

    if (const char* symbol = ComparisonSymbol(kind)) {
        CheckComparisonCollation(kind, op->inputcollid);
        appendStringInfoChar(buf, '(');
        DeparseAs(ctx, left, true, buf);
        appendStringInfo(buf, " %s ", symbol);
        DeparseAs(ctx, right, true, buf);
        appendStringInfoChar(buf, ')');
        return;
    }

    if (kind == OpKind::Like || kind == OpKind::NotLike) {
        CheckComparisonCollation(kind, op->inputcollid);
        appendStringInfoChar(buf, '(');
        Deparse(ctx, left, buf);
        /* PostgreSQL's LIKE has the default escape character \; DuckDB's has none. */
        appendStringInfoString(buf, kind == OpKind::Like ? " LIKE " : " NOT LIKE ");
        Deparse(ctx, right, buf);
        appendStringInfoString(buf, " ESCAPE '\\')");
        return;
    }

    if (IsIntType(result_type) || IsFloatType(result_type)) {
        DeparseCheckedArithmetic(kind, IsFloatType(result_type), OperandAs(ctx, left, result_type),
                                 OperandAs(ctx, right, result_type), buf);
    } else {
        /* numeric + - *: exact decimal arithmetic with PostgreSQL's result scale
         * (StaticNumericScale refuses scales DuckDB cannot represent). Where only the value
         * matters the engine's own scale will do: DuckDB computes it exactly or raises. */
        if (!ctx->value_only)
            StaticNumericScale(ctx->level, (Node*) op);
        appendStringInfoChar(buf, '(');
        Deparse(ctx, left, buf);
        appendStringInfo(buf, " %s ", ArithmeticSymbol(kind));
        Deparse(ctx, right, buf);
        appendStringInfoChar(buf, ')');
    }
}

/* Elements of the array side of x IN (...), as expression nodes. */
List* ArrayElements(Node* array) {
    if (IsA(array, ArrayExpr)) {
        ArrayExpr* expr = (ArrayExpr*) array;
        if (expr->multidims)
            Unsupported("multidimensional arrays");
        return expr->elements;
    }
    if (!IsA(array, Const))
        Unsupported("ANY/ALL over a non-constant array");
    Const* c = (Const*) array;
    Oid elem_type = get_element_type(c->consttype);
    int16 typlen;
    bool typbyval;
    char typalign;
    get_typlenbyvalalign(elem_type, &typlen, &typbyval, &typalign);
    Datum* values;
    bool* nulls;
    int count;
    deconstruct_array(DatumGetArrayTypeP(c->constvalue), elem_type, typlen, typbyval, typalign, &values,
                      &nulls, &count);
    List* elements = NIL;
    for (int i = 0; i < count; i++)
        elements = lappend(elements, makeConst(elem_type, -1, c->constcollid, typlen, values[i], nulls[i], typbyval));
    return elements;
}

void DeparseScalarArrayOp(Ctx* ctx, ScalarArrayOpExpr* op, StringInfo buf) {
    set_sa_opfuncid(op);
    OpKind kind = LookupOperator(op->opfuncid);
    if (!((op->useOr && kind == OpKind::Eq) || (!op->useOr && kind == OpKind::Ne)))
        Unsupported(psprintf("%s over operator %s", op->useOr ? "ANY" : "ALL", format_operator(op->opno)));
    CheckEqualityCollation(op->inputcollid);
    Node* array = (Node*) lsecond(op->args);
    if (IsA(array, Const) && ((Const*) array)->constisnull) {
        appendStringInfoString(buf, "CAST(NULL AS BOOLEAN)");
        return;
    }
    List* elements = ArrayElements(array);
    /* PostgreSQL: = ANY('{}') is false and <> ALL('{}') true, even for a NULL operand. */
    if (elements == NIL) {
        appendStringInfoString(buf, op->useOr ? "FALSE" : "TRUE");
        return;
    }
    /* SQL's IN list has = ANY's three-valued result: NULL when nothing matches and an
     * element or the operand is NULL. */
    appendStringInfoChar(buf, '(');
    DeparseAs(ctx, (Node*) linitial(op->args), true, buf);
    appendStringInfoString(buf, op->useOr ? " IN (" : " NOT IN (");
    ListCell* lc;
    foreach (lc, elements) {
        if (lc != list_head(elements))
            appendStringInfoString(buf, ", ");
        DeparseAs(ctx, (Node*) lfirst(lc), true, buf);
    }
    appendStringInfoString(buf, "))");
}

void DeparseBoolExpr(Ctx* ctx, BoolExpr* expr, StringInfo buf) {
    if (expr->boolop == NOT_EXPR) {
        appendStringInfoString(buf, "(NOT ");
        Deparse(ctx, (Node*) linitial(expr->args), buf);
        appendStringInfoChar(buf, ')');
        return;
    }
    const char* op = expr->boolop == AND_EXPR ? " AND " : " OR ";
    appendStringInfoChar(buf, '(');
    ListCell* lc;
    foreach (lc, expr->args) {
        if (lc != list_head(expr->args))
            appendStringInfoString(buf, op);
        Deparse(ctx, (Node*) lfirst(lc), buf);
    }
    appendStringInfoChar(buf, ')');
}

void DeparseCase(Ctx* ctx, CaseExpr* expr, StringInfo buf) {
    /* A numeric CASE must produce one scale for every branch (PostgreSQL keeps each
     * value's own scale; the engine's DECIMAL has one), unless only its value matters. */
    if (expr->casetype == NUMERICOID) {
        if (ctx->value_only && !HasStaticNumericScale(ctx->level, (Node*) expr)) {
            Deparse(ctx, WithCommonScale(ctx->level, (Node*) expr), buf);
            return;
        }
        StaticNumericScale(ctx->level, (Node*) expr);
    }
    CaseFrame frame = {(Node*) expr->arg, ctx->case_frame};
    appendStringInfoString(buf, "(CASE");
    ListCell* lc;
    bool outer_conditional = ctx->conditional;
    foreach (lc, expr->args) {
        CaseWhen* when = (CaseWhen*) lfirst(lc);
        appendStringInfoString(buf, " WHEN ");
        if (expr->arg != nullptr)
            ctx->case_frame = &frame;
        Deparse(ctx, (Node*) when->expr, buf);
        ctx->case_frame = frame.outer;
        /* only the first condition is evaluated for every row */
        ctx->conditional = true;
        appendStringInfoString(buf, " THEN ");
        Deparse(ctx, (Node*) when->result, buf);
    }
    appendStringInfoString(buf, " ELSE ");
    Deparse(ctx, (Node*) expr->defresult, buf);
    ctx->conditional = outer_conditional;
    appendStringInfoString(buf, " END)");
}

void DeparseCaseTest(Ctx* ctx, StringInfo buf) {
    CaseFrame* frame = ctx->case_frame;
    if (frame == nullptr)
        Unsupported("this CASE expression");
    /* The operand is evaluated in the context of its CASE, outside the WHEN clauses. */
    ctx->case_frame = frame->outer;
    Deparse(ctx, frame->arg, buf);
    ctx->case_frame = frame;
}

bool IsExtract(Oid funcid) { return funcid == F_EXTRACT_TEXT_DATE || funcid == F_EXTRACT_TEXT_TIMESTAMP; }

/*
 * extract(field FROM date|timestamp) for the integer-valued fields. PostgreSQL returns
 * numeric (scale 0) and counts years without a year 0 (1 BC is -1; the engine's proleptic
 * calendar calls it 0). For +/-infinity PostgreSQL returns NULL for the cyclic fields and
 * +/-Infinity for year, which date_part's DOUBLE holds and extract's DECIMAL cannot (the engine
 * raises there instead). Fields with fractions (second, epoch) and
 * timestamptz (TimeZone-dependent) are refused.
 */
/* The lower-cased field name of extract/date_trunc: a non-null constant. */
char* ConstantFieldName(FuncExpr* func, const char* function) {
    Node* field_node = (Node*) linitial(func->args);
    if (!IsA(field_node, Const) || ((Const*) field_node)->constisnull)
        Unsupported(psprintf("%s with a non-constant field", function));
    char* raw_field = TextDatumGetCString(((Const*) field_node)->constvalue);
    return str_tolower(raw_field, strlen(raw_field), DEFAULT_COLLATION_OID);
}

/* date_part(field, date|timestamp): extract's value as float8. */
bool IsDatePart(Oid funcid) { return funcid == F_DATE_PART_TEXT_DATE || funcid == F_DATE_PART_TEXT_TIMESTAMP; }

void DeparseExtract(Ctx* ctx, FuncExpr* func, StringInfo buf) {
    char* field = ConstantFieldName(func, IsDatePart(func->funcid) ? "date_part" : "extract");
    bool is_date = func->funcid == F_EXTRACT_TEXT_DATE || func->funcid == F_DATE_PART_TEXT_DATE;
    const char* engine = nullptr;
    if (strcmp(field, "year") == 0 || strcmp(field, "years") == 0)
        engine = "year";
    else if (strcmp(field, "month") == 0 || strcmp(field, "months") == 0 || strcmp(field, "mon") == 0)
        engine = "month";
    else if (strcmp(field, "day") == 0 || strcmp(field, "days") == 0)
        engine = "day";
    else if (strcmp(field, "quarter") == 0)
        engine = "quarter";
    else if (strcmp(field, "dow") == 0)
        engine = "dayofweek";
    else if (strcmp(field, "isodow") == 0)
        engine = "isodow";
    else if (strcmp(field, "doy") == 0)
        engine = "dayofyear";
    else if (strcmp(field, "week") == 0)
        engine = "week";
    else if (!is_date && (strcmp(field, "hour") == 0 || strcmp(field, "hours") == 0))
        engine = "hour";
    else if (!is_date && (strcmp(field, "minute") == 0 || strcmp(field, "minutes") == 0 || strcmp(field, "min") == 0))
        engine = "minute";
    else
        Unsupported(psprintf("extract(%s from %s)", field, is_date ? "date" : "timestamp"));
    StringInfoData arg;
    initStringInfo(&arg);
    Deparse(ctx, (Node*) lsecond(func->args), &arg);
    /* PostgreSQL: NULL for the fields that cycle, ±Infinity for the one that grows (year) */
    bool monotonic = strcmp(engine, "year") == 0;
    if (!monotonic)
        appendStringInfo(buf, "CAST((CASE WHEN isinf(%s) THEN NULL ", arg.data);
    else if (IsDatePart(func->funcid))
        appendStringInfo(buf,
                         "CAST((CASE WHEN isinf(%s) THEN (CASE WHEN %s > CAST('2000-01-01' AS %s) THEN "
                         "CAST('infinity' AS DOUBLE) ELSE CAST('-infinity' AS DOUBLE) END) ",
                         arg.data, arg.data, is_date ? "DATE" : "TIMESTAMP");
    else
        appendStringInfo(buf,
                         "CAST((CASE WHEN isinf(%s) THEN error('pg_fusion: extract(year) of an infinite date or "
                         "timestamp is numeric Infinity, which the engine cannot hold') ",
                         arg.data);
    if (monotonic)
        appendStringInfo(buf, "WHEN year(%s) <= 0 THEN year(%s) - 1 ", arg.data, arg.data);
    appendStringInfo(buf, "ELSE %s(%s) END) AS %s)", engine, arg.data,
                     IsDatePart(func->funcid) ? "DOUBLE" : "DECIMAL(38,0)");
}

bool IsSubstring(Oid funcid) {
    return funcid == F_SUBSTRING_TEXT_INT4_INT4 || funcid == F_SUBSTRING_TEXT_INT4 ||
           funcid == F_SUBSTR_TEXT_INT4_INT4 || funcid == F_SUBSTR_TEXT_INT4;
}

/*
 * substring/substr(text, start [, length]) on characters. PostgreSQL takes the characters at
 * positions start .. start+length-1 that exist (a start below 1 eats into the length) and
 * rejects a negative length; the engine counts a negative start from the end, so the bounds
 * are normalized first, in 64-bit arithmetic as PostgreSQL guards against overflow.
 */
void DeparseSubstring(Ctx* ctx, FuncExpr* func, StringInfo buf) {
    StringInfoData text, start;
    initStringInfo(&text);
    initStringInfo(&start);
    Deparse(ctx, (Node*) linitial(func->args), &text);
    Deparse(ctx, (Node*) lsecond(func->args), &start);
    if (list_length(func->args) == 2) {
        appendStringInfo(buf, "substring(%s, CAST(greatest(%s, 1) AS BIGINT))", text.data, start.data);
        return;
    }
    StringInfoData length;
    initStringInfo(&length);
    Deparse(ctx, (Node*) lthird(func->args), &length);
    appendStringInfo(buf,
                     "(CASE WHEN %s < 0 THEN error('negative substring length not allowed') "
                     "ELSE substring(%s, CAST(greatest(%s, 1) AS BIGINT), "
                     "greatest(CAST(%s AS BIGINT) + %s - greatest(%s, 1), 0)) END)",
                     length.data, text.data, start.data, start.data, length.data, start.data);
}

/*
 * date_trunc(field, timestamp) for fields from microseconds to year (decade and up count
 * BC years differently). The engine may return a DATE for day and coarser fields: cast back.
 * +/-infinity stays as is, as in PostgreSQL. timestamptz (TimeZone-dependent) is refused.
 */
void DeparseDateTrunc(Ctx* ctx, FuncExpr* func, StringInfo buf) {
    char* field = ConstantFieldName(func, "date_trunc");
    static const char* const kFields[][2] = {
        {"microseconds", "microseconds"}, {"microsecond", "microseconds"}, {"milliseconds", "milliseconds"},
        {"millisecond", "milliseconds"}, {"second", "second"}, {"seconds", "second"}, {"minute", "minute"},
        {"minutes", "minute"}, {"hour", "hour"}, {"hours", "hour"}, {"day", "day"}, {"days", "day"},
        {"week", "week"}, {"weeks", "week"}, {"month", "month"}, {"months", "month"}, {"quarter", "quarter"},
        {"year", "year"}, {"years", "year"},
    };
    const char* engine = nullptr;
    for (const auto& entry : kFields)
        if (strcmp(field, entry[0]) == 0)
            engine = entry[1];
    if (engine == nullptr)
        Unsupported(psprintf("date_trunc('%s', timestamp)", field));
    StringInfoData arg;
    initStringInfo(&arg);
    Deparse(ctx, (Node*) lsecond(func->args), &arg);
    appendStringInfo(buf, "(CASE WHEN isinf(%s) THEN %s ELSE CAST(date_trunc('%s', %s) AS TIMESTAMP) END)", arg.data,
                     arg.data, engine, arg.data);
}

/* round(numeric [, n]) with a constant n >= 0 (DuckDB rounds decimals half away from zero,
 * as PostgreSQL does; a negative n is left to PostgreSQL). */
bool IsEngineRound(FuncExpr* func) {
    if (func->funcid == F_ROUND_NUMERIC)
        return true;
    if (func->funcid != F_ROUND_NUMERIC_INT4)
        return false;
    Node* digits = (Node*) lsecond(func->args);
    return IsA(digits, Const) && !((Const*) digits)->constisnull && DatumGetInt32(((Const*) digits)->constvalue) >= 0 &&
           DatumGetInt32(((Const*) digits)->constvalue) <= 38;
}

/* abs, round, ceil and floor the engine computes with PostgreSQL's results: abs raises on the
 * smallest integer in both, decimals round half away from zero, ceil/floor have scale 0. */
const char* EngineMathFunction(FuncExpr* func) {
    switch (func->funcid) {
    case F_INT2ABS: case F_INT4ABS: case F_INT8ABS: case F_FLOAT4ABS: case F_FLOAT8ABS: /* the @ operator */
    case F_ABS_INT2: case F_ABS_INT4: case F_ABS_INT8: case F_ABS_FLOAT4: case F_ABS_FLOAT8: case F_ABS_NUMERIC:
        return "abs";
    case F_CEIL_NUMERIC: case F_CEILING_NUMERIC:
        return "ceil";
    case F_FLOOR_NUMERIC:
        return "floor";
    default:
        return IsEngineRound(func) ? "round" : nullptr;
    }
}

/*
 * Text functions whose engine counterpart gives PostgreSQL's result for every input, checked
 * one by one against PostgreSQL (characters are code points in both; negative counts of
 * left/right, empty search strings and NULLs behave alike). upper/lower (locale rules),
 * split_part (empty delimiter) and the padding functions stay PostgreSQL-side.
 */
struct TextFunction {
    Oid funcid;
    const char* engine;
    bool compares; /* matches text, so the collation must be deterministic */
};

/* A two-argument call of an arithmetic operator's function (mod(a, b) is int4mod). */
bool IsOperatorFunction(FuncExpr* func) {
    if (list_length(func->args) != 2)
        return false;
    switch (LookupOperator(func->funcid)) {
    case OpKind::Add: case OpKind::Sub: case OpKind::Mul: case OpKind::Div: case OpKind::Mod:
        return true;
    default:
        return false;
    }
}

/* split_part with an empty delimiter splits into characters in DuckDB, not in PostgreSQL. */
bool HasNonEmptyDelimiter(FuncExpr* func) {
    Node* delimiter = (Node*) lsecond(func->args);
    return IsA(delimiter, Const) && !((Const*) delimiter)->constisnull &&
           VARSIZE_ANY_EXHDR(DatumGetPointer(((Const*) delimiter)->constvalue)) > 0;
}

const TextFunction* EngineTextFunction(Oid funcid) {
    static const TextFunction kFunctions[] = {
        {F_LENGTH_TEXT, "length", false},       {F_CHAR_LENGTH_TEXT, "length", false},
        {F_CHARACTER_LENGTH_TEXT, "length", false}, {F_LENGTH_BPCHAR, "length", false},
        {F_CHAR_LENGTH_BPCHAR, "length", false}, {F_CHARACTER_LENGTH_BPCHAR, "length", false},
        {F_OCTET_LENGTH_TEXT, "strlen", false}, {F_STRPOS, "strpos", true},
        {F_POSITION_TEXT_TEXT, "position", true}, {F_LEFT, "left", false},
        {F_RIGHT, "right", false},              {F_REPLACE, "replace", true},
        {F_STARTS_WITH, "starts_with", true},   {F_REVERSE, "reverse", false},
        {F_LTRIM_TEXT, "ltrim", false},         {F_LTRIM_TEXT_TEXT, "ltrim", false},
        {F_RTRIM_TEXT, "rtrim", false},         {F_RTRIM_TEXT_TEXT, "rtrim", false},
        {F_BTRIM_TEXT, "btrim", false},         {F_BTRIM_TEXT_TEXT, "btrim", false},
        {F_SPLIT_PART, "split_part", true},     {F_REPEAT, "repeat", false},
        {F_TRANSLATE, "translate", false},      {F_MD5_TEXT, "md5", false},
    };
    for (const TextFunction& function : kFunctions)
        if (function.funcid == funcid)
            return &function;
    return nullptr;
}

const TextFunction* EngineTextFunction(FuncExpr* func) {
    if (func->funcid == F_SPLIT_PART && !HasNonEmptyDelimiter(func))
        return nullptr;
    return EngineTextFunction(func->funcid);
}

void DeparseTextFunction(Ctx* ctx, FuncExpr* func, const TextFunction* function, StringInfo buf) {
    if (function->compares)
        CheckEqualityCollation(func->inputcollid);
    appendStringInfoString(buf, "CAST(");
    if (func->funcid == F_BTRIM_TEXT || func->funcid == F_BTRIM_TEXT_TEXT) {
        /* both ends: the engine's ltrim of its rtrim (same character set semantics) */
        appendStringInfoString(buf, "ltrim(rtrim(");
        DeparseList(ctx, func->args, buf);
        appendStringInfoChar(buf, ')');
        if (list_length(func->args) > 1) {
            appendStringInfoString(buf, ", ");
            Deparse(ctx, (Node*) lsecond(func->args), buf);
        }
        appendStringInfo(buf, ") AS %s)", EngineTypeOf(ctx->level, (Node*) func));
        return;
    }
    if (func->funcid == F_POSITION_TEXT_TEXT) {
        /* position(substring IN string) is textpos(string, substring) */
        appendStringInfoString(buf, "strpos(");
    } else {
        appendStringInfo(buf, "%s(", function->engine);
    }
    DeparseList(ctx, func->args, buf);
    appendStringInfo(buf, ") AS %s)", EngineTypeOf(ctx->level, (Node*) func));
}

/* Text and integer arguments print alike in both systems; others (booleans, floats, dates)
 * would be converted to text differently. */
bool PrintsAlike(Node* arg) {
    while (IsA(arg, RelabelType))
        arg = (Node*) ((RelabelType*) arg)->arg;
    Oid type = exprType(arg);
    return type == TEXTOID || type == VARCHAROID || IsIntType(type);
}

/* concat/concat_ws skip NULL arguments in both; text || integer prints the integer. */
bool IsEngineConcat(Oid funcid, List* args) {
    if (funcid != F_CONCAT && funcid != F_CONCAT_WS && funcid != F_TEXTANYCAT && funcid != F_ANYTEXTCAT)
        return false;
    ListCell* lc;
    foreach (lc, args)
        if (!PrintsAlike((Node*) lfirst(lc)))
            return false;
    return true;
}

void DeparseConcat(Ctx* ctx, Oid funcid, List* args, StringInfo buf) {
    bool operator_form = funcid == F_TEXTANYCAT || funcid == F_ANYTEXTCAT;
    appendStringInfoString(buf, operator_form ? "(" : funcid == F_CONCAT ? "concat(" : "concat_ws(");
    ListCell* lc;
    foreach (lc, args) {
        if (lc != list_head(args))
            appendStringInfoString(buf, operator_form ? " || " : ", ");
        appendStringInfoString(buf, "CAST(");
        Deparse(ctx, (Node*) lfirst(lc), buf);
        appendStringInfoString(buf, " AS VARCHAR)");
    }
    appendStringInfoChar(buf, ')');
}

void DeparseFunc(Ctx* ctx, FuncExpr* func, StringInfo buf) {
    if (func->funcretset)
        Unsupported("SRFs in the target list");
    if (func->funcid == F_DATE_TRUNC_TEXT_TIMESTAMP) {
        DeparseDateTrunc(ctx, func, buf);
        return;
    }
    if (IsExtract(func->funcid) || IsDatePart(func->funcid)) {
        DeparseExtract(ctx, func, buf);
        return;
    }
    if (IsSubstring(func->funcid)) {
        DeparseSubstring(ctx, func, buf);
        return;
    }
    if (IsEngineConcat(func->funcid, func->args)) {
        DeparseConcat(ctx, func->funcid, func->args, buf);
        return;
    }
    if (IsOperatorFunction(func)) {
        /* mod(a, b) and the like: the operator's own function, called by name */
        OpExpr* op = makeNode(OpExpr);
        op->opfuncid = func->funcid;
        op->opresulttype = func->funcresulttype;
        op->inputcollid = func->inputcollid;
        op->args = func->args;
        op->location = -1;
        DeparseOpExpr(ctx, op, buf);
        return;
    }
    if (const TextFunction* text = EngineTextFunction(func)) {
        DeparseTextFunction(ctx, func, text, buf);
        return;
    }
    if (const char* math = EngineMathFunction(func)) {
        appendStringInfo(buf, "CAST(%s(", math);
        Deparse(ctx, (Node*) linitial(func->args), buf);
        if (list_length(func->args) > 1) {
            appendStringInfoString(buf, ", ");
            Deparse(ctx, (Node*) lsecond(func->args), buf);
        } else if (func->funcid == F_ROUND_NUMERIC) {
            appendStringInfoString(buf, ", 0");
        }
        appendStringInfo(buf, ") AS %s)", EngineTypeOf(ctx->level, (Node*) func));
        return;
    }
    CastKind cast = LookupCast(func->funcid);
    /* now() and other functions without arguments are no casts either */
    if (cast == CastKind::None || func->args == NIL)
        Unsupported(psprintf("function %s", format_procedure(func->funcid)));
    Node* arg = (Node*) linitial(func->args);
    switch (cast) {
    case CastKind::None:
        Unsupported(psprintf("function %s", format_procedure(func->funcid)));
    case CastKind::Identity:
        Deparse(ctx, arg, buf);
        return;
    case CastKind::NumericTypmod: {
        int32 typmod = exprTypmod((Node*) func);
        if (typmod < 0) {
            Deparse(ctx, arg, buf);
            return;
        }
        appendStringInfoString(buf, "CAST(");
        Deparse(ctx, arg, buf);
        appendStringInfo(buf, " AS %s)", EngineTypeOf(ctx->level, (Node*) func));
        return;
    }
    case CastKind::Plain:
        appendStringInfoString(buf, "CAST(");
        Deparse(ctx, arg, buf);
        appendStringInfo(buf, " AS %s)", EngineTypeOf(ctx->level, (Node*) func));
        return;
    }
}

/*
 * Expressions the engine does not render itself (PostgreSQL-only functions and operators,
 * casts through text, values of types the pages cannot carry) can still run when they read
 * a single base relation: PostgreSQL computes them in that relation's scan and the engine
 * reads the result as one more scan column. The largest such subtree is pushed, so a CASE
 * over one relation keeps its own evaluation order.
 */
bool IsCarriedType(Oid type, int32 typmod) {
    ColumnSpec spec;
    const char* reason = nullptr;
    return ColumnSpecForType(type, typmod, &spec, &reason);
}

/* Whether rendering node itself (not its children) is the engine's job. */
bool EngineRendersNode(Node* node) {
    switch (nodeTag(node)) {
    case T_Var:
        return IsCarriedType(((Var*) node)->vartype, ((Var*) node)->vartypmod);
    case T_Param:
        return ((Param*) node)->paramkind == PARAM_EXTERN &&
               IsCarriedType(((Param*) node)->paramtype, ((Param*) node)->paramtypmod) &&
               !IsTextCarriedType(getBaseType(((Param*) node)->paramtype));
    case T_List:
    case T_Const:
    case T_Aggref:
    case T_GroupingFunc:
    case T_WindowFunc:
    case T_SubLink:
    case T_BoolExpr:
    case T_CaseExpr:
    case T_CaseTestExpr:
    case T_CoalesceExpr:
    case T_NullTest:
    case T_BooleanTest:
    case T_RelabelType:
        return true;
    case T_OpExpr: {
        OpExpr* op = (OpExpr*) node;
        set_opfuncid(op);
        return IsDateArithmetic(op->opfuncid) || op->opfuncid == F_NUMERIC_DIV || op->opfuncid == F_TEXTCAT ||
               IsEngineConcat(op->opfuncid, op->args) ||
               LookupOperator(op->opfuncid) != OpKind::None;
    }
    case T_NullIfExpr:
    case T_DistinctExpr: {
        OpExpr* op = (OpExpr*) node;
        set_opfuncid(op);
        return LookupOperator(op->opfuncid) == OpKind::Eq;
    }
    case T_MinMaxExpr:
        return !IsFloatType(((MinMaxExpr*) node)->minmaxtype) &&
               IsCarriedType(((MinMaxExpr*) node)->minmaxtype, -1) &&
               !IsTextCarriedType(((MinMaxExpr*) node)->minmaxtype);
    case T_ScalarArrayOpExpr: {
        ScalarArrayOpExpr* op = (ScalarArrayOpExpr*) node;
        set_sa_opfuncid(op);
        OpKind kind = LookupOperator(op->opfuncid);
        return (op->useOr && kind == OpKind::Eq) || (!op->useOr && kind == OpKind::Ne);
    }
    case T_FuncExpr: {
        FuncExpr* func = (FuncExpr*) node;
        return func->funcid == F_DATE_TRUNC_TEXT_TIMESTAMP || IsExtract(func->funcid) || IsDatePart(func->funcid) ||
               IsSubstring(func->funcid) ||
               EngineMathFunction(func) != nullptr || EngineTextFunction(func) != nullptr || IsOperatorFunction(func) ||
               IsEngineConcat(func->funcid, func->args) ||
               LookupCast(func->funcid) != CastKind::None;
    }
    default:
        return false;
    }
}

bool ContainsPostgresOnlyWalker(Node* node, void* context) {
    if (node == nullptr)
        return false;
    /* aggregates, window functions and subqueries render their insides on their own */
    if (IsA(node, Aggref) || IsA(node, GroupingFunc) || IsA(node, WindowFunc) || IsA(node, SubLink) ||
        IsA(node, Query))
        return false;
    if (!EngineRendersNode(node))
        return true;
    return expression_tree_walker(node, (bool (*)()) ContainsPostgresOnlyWalker, context);
}

struct ScanSearch {
    Level* level;   /* where the expression is rendered */
    ScanRef* scan;  /* the one base relation its Vars read */
    Index levelsup; /* how far up that relation's level is */
    bool other;     /* something that cannot move into a scan */
};

bool FindSingleScanWalker(Node* node, ScanSearch* search) {
    if (node == nullptr)
        return false;
    if (IsA(node, Var)) {
        Var* var = (Var*) node;
        Level* owner = search->level;
        for (Index up = 0; up < var->varlevelsup && owner != nullptr; up++)
            owner = owner->parent;
        ScanRef* scan = owner != nullptr && var->varno >= 1 && (int) var->varno <= owner->nrtes
                            ? owner->scans[var->varno - 1]
                            : nullptr;
        if (scan == nullptr || var->varattno <= 0 || (search->scan != nullptr && search->scan != scan))
            search->other = true;
        search->scan = scan;
        search->levelsup = var->varlevelsup;
        return search->other;
    }
    /* A CaseTestExpr stands for its CASE's operand, which would stay behind. */
    if (IsA(node, Aggref) || IsA(node, WindowFunc) || IsA(node, SubLink) || IsA(node, GroupingFunc) ||
        IsA(node, CaseTestExpr) || IsA(node, PlaceHolderVar)) {
        search->other = true;
        return true;
    }
    return expression_tree_walker(node, (bool (*)()) FindSingleScanWalker, search);
}

/* The base relation all of node's Vars read, if node can be computed in its scan. */
ScanRef* SingleScanOf(Level* level, Node* node, Index* levelsup) {
    ScanSearch search = {level, nullptr, 0, false};
    FindSingleScanWalker(node, &search);
    if (search.other || search.scan == nullptr)
        return nullptr;
    *levelsup = search.levelsup;
    return search.scan;
}

bool IsGroupKey(Level* level, Node* expr) {
    ListCell* lc;
    foreach (lc, level->query->groupClause) {
        TargetEntry* tle = get_sortgroupclause_tle((SortGroupClause*) lfirst(lc), level->query->targetList);
        if (equal(tle->expr, expr))
            return true;
    }
    return false;
}

bool ContainsSubtreeWalker(Node* node, Node* subtree) {
    if (node == nullptr)
        return false;
    if (equal(node, subtree))
        return true;
    return expression_tree_walker(node, (bool (*)()) ContainsSubtreeWalker, subtree);
}

/* Whether expr is a grouping key or part of one: the GROUP BY clause renders that part the
 * same way (into the same scan column), so the engine matches the whole key. */
bool IsWithinGroupKey(Level* level, Node* expr) {
    ListCell* lc;
    foreach (lc, level->query->groupClause) {
        TargetEntry* tle = get_sortgroupclause_tle((SortGroupClause*) lfirst(lc), level->query->targetList);
        if (ContainsSubtreeWalker((Node*) tle->expr, expr))
            return true;
    }
    return false;
}

bool NullExtendedIn(FromNode* node, Index rti, bool nullable) {
    if (node->rti != 0)
        return node->rti == rti && nullable;
    bool left = nullable || node->jointype == JOIN_RIGHT || node->jointype == JOIN_FULL;
    bool right = nullable || node->jointype == JOIN_LEFT || node->jointype == JOIN_FULL;
    return NullExtendedIn(node->left, rti, left) || NullExtendedIn(node->right, rti, right);
}

/* Whether an outer join of level null-extends the relation at rti. */
bool IsNullExtended(Level* level, Index rti) {
    ListCell* lc;
    foreach (lc, level->from_nodes) {
        if (NullExtendedIn((FromNode*) lfirst(lc), rti, false))
            return true;
    }
    return false;
}

/* A scan computes expressions for its own rows only; on a null-extended row the engine sees
 * NULL, which is the expression's value there only if NULL inputs make it NULL. */
bool ScanValueHoldsWhenNullExtended(Level* owner, ScanRef* scan, Node* expr) {
    return !IsNullExtended(owner, scan->rti) || !contain_nonstrict_functions(expr);
}

/* Renders node as a column of the scan it reads, if the rules above allow; else false. */
bool DeparseInScan(Ctx* ctx, Node* node, StringInfo buf) {
    Index levelsup = 0;
    ScanRef* scan = SingleScanOf(ctx->level, node, &levelsup);
    if (scan == nullptr)
        return false;
    Level* owner = ctx->level;
    for (Index up = 0; up < levelsup; up++)
        owner = owner->parent;
    Node* expr = (Node*) copyObject(node);
    if (levelsup > 0)
        IncrementVarSublevelsUp(expr, -(int) levelsup, 0);
    /* Over groups, the value must be a grouping key, which the engine matches by its
     * rendering (the GROUP BY clause pushes the same expression into the same column). */
    if (owner->after_grouping && !IsWithinGroupKey(owner, expr))
        return false;
    if (!ScanValueHoldsWhenNullExtended(owner, scan, expr))
        return false;
    /* The scan computes it for every row, where PostgreSQL might not evaluate it at all. */
    if (ctx->conditional)
        Unsupported("PostgreSQL-only functions inside a CASE/COALESCE branch over several tables");
    /* numeric results cross with the scale they have (a static one, or refused) */
    if (exprType(expr) == NUMERICOID && exprTypmod(expr) < 0) {
        int scale = StaticNumericScale(owner, expr);
        expr = (Node*) WithNumericScale((Expr*) expr, scale == kAnyScale ? 0 : scale);
    }
    int column = ScanExprColumn(scan, (Expr*) expr);
    AppendQuotedIdent(buf, scan->alias);
    appendStringInfo(buf, ".\"c%d\"", column);
    return true;
}

void DeparseVar(Ctx* ctx, Var* var, StringInfo buf) {
    /* An outer reference of a subquery names the outer level's FROM item: the engine SQL
     * nests the subquery inside that level, and aliases are unique in the whole query. */
    Level* level = ctx->level;
    for (Index up = 0; up < var->varlevelsup; up++)
        level = level->parent;
    if (var->varno < 1 || (int) var->varno > level->nrtes)
        elog(ERROR, "pg_fusion: unexpected varno %d", var->varno);
    if (ScanRef* scan = level->scans[var->varno - 1]) {
        int column = ScanColumn(scan, var->varattno);
        AppendQuotedIdent(buf, scan->alias);
        appendStringInfo(buf, ".\"c%d\"", column);
        return;
    }
    if (Level* sub = level->subs[var->varno - 1]) {
        if (var->varattno <= 0)
            Unsupported("whole-row references");
        sub->used_outputs = bms_add_member(sub->used_outputs, var->varattno);
        AppendQuotedIdent(buf, level->aliases[var->varno - 1]);
        appendStringInfo(buf, ".\"c%d\"", var->varattno - 1);
        return;
    }
    if (level->values[var->varno - 1] != nullptr) {
        if (var->varattno <= 0)
            Unsupported("whole-row references");
        level->values_read[var->varno - 1] = bms_add_member(level->values_read[var->varno - 1], var->varattno);
        AppendQuotedIdent(buf, level->aliases[var->varno - 1]);
        appendStringInfo(buf, ".\"c%d\"", var->varattno - 1);
        return;
    }
    Unsupported("references to this range table entry");
}

void Deparse(Ctx* ctx, Node* node, StringInfo buf) {
    check_stack_depth();
    if (!IsA(node, Const) && !IsA(node, Var) && ContainsPostgresOnlyWalker(node, nullptr) &&
        DeparseInScan(ctx, node, buf))
        return;
    switch (nodeTag(node)) {
    case T_Var:
        DeparseVar(ctx, (Var*) node, buf);
        return;
    case T_Const:
        DeparseConst((Const*) node, buf);
        return;
    case T_Aggref:
        if (((Aggref*) node)->agglevelsup > 0)
            Unsupported("aggregates of an outer query inside a subquery");
    {
        /* an aggregate's inputs are per row */
        bool after_grouping = ctx->level->after_grouping;
        ctx->level->after_grouping = false;
        if (IsNumericAvg((Aggref*) node))
            DeparseNumericAvg(ctx, (Aggref*) node, buf);
        else if (ctx->value_only && IsMixedScaleSum(ctx->level, (Aggref*) node))
            DeparseAggref(ctx->level, MixedSumValuePart(ctx->level, (Aggref*) node), buf);
        else
            DeparseAggref(ctx->level, (Aggref*) node, buf);
        ctx->level->after_grouping = after_grouping;
        return;
    }
    case T_OpExpr:
        DeparseOpExpr(ctx, (OpExpr*) node, buf);
        return;
    case T_ScalarArrayOpExpr:
        DeparseScalarArrayOp(ctx, (ScalarArrayOpExpr*) node, buf);
        return;
    case T_BoolExpr:
        DeparseBoolExpr(ctx, (BoolExpr*) node, buf);
        return;
    case T_CaseExpr:
        DeparseCase(ctx, (CaseExpr*) node, buf);
        return;
    case T_CaseTestExpr:
        DeparseCaseTest(ctx, buf);
        return;
    case T_FuncExpr:
        DeparseFunc(ctx, (FuncExpr*) node, buf);
        return;
    case T_RelabelType: {
        /* binary-compatible: varchar as text and the like */
        RelabelType* relabel = (RelabelType*) node;
        EngineTypeOf(ctx->level, node); /* refuses what the engine cannot carry */
        Deparse(ctx, (Node*) relabel->arg, buf);
        return;
    }
    case T_CoalesceExpr: {
        CoalesceExpr* coalesce = (CoalesceExpr*) node;
        if (coalesce->coalescetype == NUMERICOID) {
            if (ctx->value_only && !HasStaticNumericScale(ctx->level, node)) {
                Deparse(ctx, WithCommonScale(ctx->level, node), buf);
                return;
            }
            StaticNumericScale(ctx->level, node);
        }
        appendStringInfoString(buf, "COALESCE(");
        bool outer_conditional = ctx->conditional;
        ListCell* lc;
        foreach (lc, coalesce->args) {
            if (lc != list_head(coalesce->args)) {
                appendStringInfoString(buf, ", ");
                ctx->conditional = true;
            }
            Deparse(ctx, (Node*) lfirst(lc), buf);
        }
        ctx->conditional = outer_conditional;
        appendStringInfoChar(buf, ')');
        return;
    }
    case T_NullIfExpr:
    case T_DistinctExpr: {
        /* NullIfExpr and DistinctExpr are OpExprs over the = operator */
        OpExpr* op = (OpExpr*) node;
        set_opfuncid(op);
        if (LookupOperator(op->opfuncid) != OpKind::Eq)
            Unsupported(psprintf("operator %s", format_operator(op->opno)));
        CheckEqualityCollation(op->inputcollid);
        bool nullif = IsA(node, NullIfExpr);
        appendStringInfoString(buf, nullif ? "NULLIF(" : "(");
        DeparseAs(ctx, (Node*) linitial(op->args), !nullif && ctx->value_only, buf);
        appendStringInfoString(buf, nullif ? ", " : " IS DISTINCT FROM ");
        DeparseAs(ctx, (Node*) lsecond(op->args), true, buf);
        appendStringInfoChar(buf, ')');
        return;
    }
    case T_NullTest: {
        NullTest* test = (NullTest*) node;
        if (test->argisrow)
            Unsupported("IS NULL on rows");
        appendStringInfoChar(buf, '(');
        DeparseAs(ctx, (Node*) test->arg, true, buf);
        appendStringInfoString(buf, test->nulltesttype == IS_NULL ? " IS NULL)" : " IS NOT NULL)");
        return;
    }
    case T_BooleanTest: {
        BooleanTest* test = (BooleanTest*) node;
        const char* suffix = nullptr;
        switch (test->booltesttype) {
        case IS_TRUE: suffix = " IS NOT DISTINCT FROM TRUE)"; break;
        case IS_NOT_TRUE: suffix = " IS DISTINCT FROM TRUE)"; break;
        case IS_FALSE: suffix = " IS NOT DISTINCT FROM FALSE)"; break;
        case IS_NOT_FALSE: suffix = " IS DISTINCT FROM FALSE)"; break;
        case IS_UNKNOWN: suffix = " IS NULL)"; break;
        case IS_NOT_UNKNOWN: suffix = " IS NOT NULL)"; break;
        }
        appendStringInfoChar(buf, '(');
        Deparse(ctx, (Node*) test->arg, buf);
        appendStringInfoString(buf, suffix);
        return;
    }
    case T_Param: {
        /* $n: a marker the statement's value replaces at execution (a generic plan has no
         * value yet); conditions on one table still take it in PostgreSQL's scan. */
        Param* param = (Param*) node;
        if (param->paramkind != PARAM_EXTERN)
            Unsupported("parameters outside a filter on a single table");
        /* a numeric value brings its own scale: fine where only the value matters */
        if (param->paramtype == NUMERICOID && param->paramtypmod < 0) {
            if (!ctx->value_only)
                Unsupported("numeric parameters outside comparisons");
        } else {
            EngineTypeOf(ctx->level, node); /* a type the engine carries */
        }
        AppendParameterMarker(buf, param->paramid);
        return;
    }
    case T_SubLink:
        DeparseSubLink(ctx, (SubLink*) node, buf);
        return;
    case T_SubPlan:
        Unsupported("sublinks");
    case T_WindowFunc:
        DeparseWindowFunc(ctx, (WindowFunc*) node, buf);
        return;
    case T_GroupingFunc: {
        /* GROUPING(a, b): a bit per argument, set when the row's grouping set leaves it out,
         * the last argument the lowest bit, in both systems */
        GroupingFunc* grouping = (GroupingFunc*) node;
        if (grouping->agglevelsup != 0)
            Unsupported("GROUPING() of an outer query");
        appendStringInfoString(buf, "CAST(grouping(");
        DeparseList(ctx, grouping->args, buf);
        appendStringInfoString(buf, ") AS INTEGER)");
        return;
    }
    case T_CoerceViaIO: {
        CoerceViaIO* coerce = (CoerceViaIO*) node;
        Unsupported(psprintf("cast from %s to %s", format_type_be(exprType((Node*) coerce->arg)),
                             format_type_be(coerce->resulttype)));
    }
    case T_MinMaxExpr: {
        /* GREATEST/LEAST skip NULLs in both; floats are left to PostgreSQL (which of two
         * equal values, -0 or 0, it returns is PostgreSQL's rule) */
        MinMaxExpr* minmax = (MinMaxExpr*) node;
        if (IsFloatType(minmax->minmaxtype))
            Unsupported("GREATEST/LEAST");
        CheckOrderingCollation(minmax->inputcollid);
        if (minmax->minmaxtype == NUMERICOID)
            StaticNumericScale(ctx->level, node);
        appendStringInfoString(buf, minmax->op == IS_GREATEST ? "greatest(" : "least(");
        DeparseList(ctx, minmax->args, buf);
        appendStringInfoChar(buf, ')');
        return;
    }
    case T_SQLValueFunction:
        Unsupported("SQL value functions such as CURRENT_DATE");
    case T_ArrayExpr:
    case T_ArrayCoerceExpr:
    case T_SubscriptingRef:
        Unsupported("arrays");
    case T_RowExpr:
    case T_RowCompareExpr:
        Unsupported("row expressions");
    default:
        Unsupported(psprintf("expression node %d", (int) nodeTag(node)));
    }
}

/* The scale shared by all branches of a CASE/COALESCE (NULL branches take any scale). */
int UnifiedScale(Level* level, List* branches) {
    bool mixed = false;
    int scale = LargestBranchScale(level, branches, &mixed);
    if (mixed)
        Unsupported("numeric CASE/COALESCE branches of different scales");
    return scale;
}

int MaxScale(int a, int b) {
    if (a == kAnyScale)
        return b;
    if (b == kAnyScale)
        return a;
    return a > b ? a : b;
}

} // namespace

char* SortDirection(SortGroupClause* sort, Node* expr) {
    Oid type = getBaseType(exprType(expr));
    if (IsTextCarriedType(type) && !IsTextComparableType(type))
        Unsupported(psprintf("ordering by %s values", format_type_be(exprType(expr))));
    TypeCacheEntry* entry = lookup_type_cache(exprType(expr), TYPECACHE_LT_OPR | TYPECACHE_GT_OPR);
    const char* direction;
    if (sort->sortop == entry->lt_opr)
        direction = "ASC";
    else if (sort->sortop == entry->gt_opr)
        direction = "DESC";
    else
        Unsupported(psprintf("ORDER BY USING operator %s", format_operator(sort->sortop)));
    /* DuckDB's default is NULLS LAST both ways; PostgreSQL's depends on the direction, and
     * the parser has already resolved it into nulls_first. */
    return psprintf("%s NULLS %s", direction, sort->nulls_first ? "FIRST" : "LAST");
}

namespace {

/* One frame bound of a ROWS frame; RANGE/GROUPS offsets are refused (type-dependent). */
void AppendFrameBound(Ctx* ctx, int options, bool start, Node* offset, StringInfo buf) {
    int unbounded_preceding = start ? FRAMEOPTION_START_UNBOUNDED_PRECEDING : FRAMEOPTION_END_UNBOUNDED_PRECEDING;
    int unbounded_following = start ? FRAMEOPTION_START_UNBOUNDED_FOLLOWING : FRAMEOPTION_END_UNBOUNDED_FOLLOWING;
    int current_row = start ? FRAMEOPTION_START_CURRENT_ROW : FRAMEOPTION_END_CURRENT_ROW;
    int offset_preceding = start ? FRAMEOPTION_START_OFFSET_PRECEDING : FRAMEOPTION_END_OFFSET_PRECEDING;
    if (options & unbounded_preceding) {
        appendStringInfoString(buf, "UNBOUNDED PRECEDING");
    } else if (options & unbounded_following) {
        appendStringInfoString(buf, "UNBOUNDED FOLLOWING");
    } else if (options & current_row) {
        appendStringInfoString(buf, "CURRENT ROW");
    } else {
        if (!(options & FRAMEOPTION_ROWS))
            Unsupported("RANGE or GROUPS frames with an offset");
        Node* value = eval_const_expressions(nullptr, offset);
        if (!IsA(value, Const) || ((Const*) value)->constisnull)
            Unsupported("non-constant window frame offsets");
        int64 rows = DatumGetInt64(((Const*) value)->constvalue);
        if (rows < 0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PRECEDING_OR_FOLLOWING_SIZE),
                            errmsg("frame starting offset must not be negative")));
        appendStringInfo(buf, INT64_FORMAT " %s", rows, (options & offset_preceding) ? "PRECEDING" : "FOLLOWING");
    }
}

/*
 * Window functions with SQL-standard semantics the engine shares with PostgreSQL: ranking
 * (row_number, rank, dense_rank, ntile), lag/lead with constant offsets, first/last_value,
 * and count/sum/min/max over a window. The default frame (RANGE UNBOUNDED PRECEDING to
 * CURRENT ROW, peers included; the whole partition without ORDER BY) is the engine's too.
 */
void DeparseWindowFunc(Ctx* ctx, WindowFunc* wf, StringInfo buf) {
    Query* query = ctx->level->query;
    WindowClause* clause = nullptr;
    ListCell* lc;
    foreach (lc, query->windowClause) {
        WindowClause* candidate = lfirst_node(WindowClause, lc);
        if (candidate->winref == wf->winref)
            clause = candidate;
    }
    if (clause == nullptr)
        elog(ERROR, "pg_fusion: window clause %u not found", wf->winref);
    if (wf->aggfilter != nullptr)
        Unsupported("FILTER in window functions");
    if (clause->frameOptions & (FRAMEOPTION_GROUPS | FRAMEOPTION_EXCLUSION))
        Unsupported("GROUPS frames and frame exclusion");

    const char* name = nullptr;
    const char* cast = nullptr;
    bool has_args = true;
    switch (wf->winfnoid) {
    case F_ROW_NUMBER: name = "row_number"; has_args = false; break;
    case F_RANK_: name = "rank"; has_args = false; break;
    case F_DENSE_RANK_: name = "dense_rank"; has_args = false; break;
    case F_NTILE: name = "ntile"; cast = "INTEGER"; break;
    case F_LAG_ANYELEMENT: case F_LAG_ANYELEMENT_INT4: case F_LAG_ANYCOMPATIBLE_INT4_ANYCOMPATIBLE:
        name = "lag"; break;
    case F_LEAD_ANYELEMENT: case F_LEAD_ANYELEMENT_INT4: case F_LEAD_ANYCOMPATIBLE_INT4_ANYCOMPATIBLE:
        name = "lead"; break;
    case F_FIRST_VALUE: name = "first_value"; break;
    case F_LAST_VALUE: name = "last_value"; break;
    case F_COUNT_: name = "count"; has_args = false; break;
    case F_COUNT_ANY: name = "count"; break;
    case F_SUM_INT2: case F_SUM_INT4: name = "sum"; cast = "BIGINT"; break;
    case F_SUM_INT8: name = "sum"; cast = "DECIMAL(38,0)"; break;
    case F_SUM_NUMERIC:
        name = "sum";
        cast = psprintf("DECIMAL(38,%d)", StaticNumericScale(ctx->level, (Node*) linitial(wf->args)));
        break;
    default:
        if (!wf->winagg)
            Unsupported(psprintf("window function %s", format_procedure(wf->winfnoid)));
        if (!IsMinMax(wf->winfnoid))
            Unsupported(psprintf("window aggregate %s", format_procedure(wf->winfnoid)));
        name = IsMax(wf->winfnoid) ? "max" : "min";
        CheckOrderingCollation(wf->inputcollid);
    }
    /* lag/lead offsets and ntile's bucket count: the engine wants constants. */
    bool nonpositive_ntile = false;
    if (wf->winfnoid == F_NTILE || list_length(wf->args) > 1) {
        Node* count = eval_const_expressions(nullptr, (Node*) (wf->winfnoid == F_NTILE ? linitial(wf->args)
                                                                                      : lsecond(wf->args)));
        if (!IsA(count, Const))
            Unsupported(psprintf("non-constant arguments of %s", name));
        nonpositive_ntile = wf->winfnoid == F_NTILE && !((Const*) count)->constisnull &&
                            DatumGetInt32(((Const*) count)->constvalue) <= 0;
    }

    StringInfoData call;
    initStringInfo(&call);
    appendStringInfo(&call, "%s(", name);
    if (nonpositive_ntile) {
        /* PostgreSQL's message, raised per row as PostgreSQL does (none for no rows) */
        appendStringInfoString(&call, "CAST(error('argument of ntile must be greater than zero') AS INTEGER)");
    } else if (has_args) {
        DeparseList(ctx, wf->args, &call);
    } else if (wf->winfnoid == F_COUNT_) {
        appendStringInfoChar(&call, '*');
    }
    appendStringInfoString(&call, ") OVER (");
    bool space = false;
    if (clause->partitionClause != NIL) {
        appendStringInfoString(&call, "PARTITION BY ");
        foreach (lc, clause->partitionClause) {
            SortGroupClause* part = lfirst_node(SortGroupClause, lc);
            TargetEntry* tle = get_sortgroupclause_tle(part, query->targetList);
            CheckGroupingEquality(part, (Node*) tle->expr);
            if (lc != list_head(clause->partitionClause))
                appendStringInfoString(&call, ", ");
            Deparse(ctx, (Node*) tle->expr, &call);
        }
        space = true;
    }
    /* functions that number or offset rows, without an order of their own, see the rows in
     * the order of an ordered derived table below (frames and peers are not changed: the
     * others are left alone) */
    bool positional = wf->winfnoid == F_ROW_NUMBER || wf->winfnoid == F_NTILE || strcmp(name, "lag") == 0 ||
                      strcmp(name, "lead") == 0 ||
                      /* an ORDER BY keeps the default frame's start: still the partition's first row */
                      (wf->winfnoid == F_FIRST_VALUE && !(clause->frameOptions & FRAMEOPTION_NONDEFAULT));
    if (clause->orderClause == NIL && positional && AppendInputOrder(ctx->level, &call)) {
        space = true;
    } else if (clause->orderClause != NIL) {
        appendStringInfoString(&call, space ? " ORDER BY " : "ORDER BY ");
        foreach (lc, clause->orderClause) {
            SortGroupClause* sort = lfirst_node(SortGroupClause, lc);
            TargetEntry* tle = get_sortgroupclause_tle(sort, query->targetList);
            CheckOrderingCollation(exprCollation((Node*) tle->expr));
            if (lc != list_head(clause->orderClause))
                appendStringInfoString(&call, ", ");
            Deparse(ctx, (Node*) tle->expr, &call);
            appendStringInfo(&call, " %s", SortDirection(sort, (Node*) tle->expr));
        }
        space = true;
    }
    int options = clause->frameOptions;
    bool framed = wf->winagg || wf->winfnoid == F_FIRST_VALUE || wf->winfnoid == F_LAST_VALUE;
    if ((options & FRAMEOPTION_NONDEFAULT) && framed) {
        appendStringInfo(&call, "%s%s BETWEEN ", space ? " " : "", (options & FRAMEOPTION_ROWS) ? "ROWS" : "RANGE");
        AppendFrameBound(ctx, options, true, clause->startOffset, &call);
        appendStringInfoString(&call, " AND ");
        if (options & FRAMEOPTION_BETWEEN)
            AppendFrameBound(ctx, options, false, clause->endOffset, &call);
        else
            appendStringInfoString(&call, "CURRENT ROW");
    }
    appendStringInfoChar(&call, ')');
    if (cast != nullptr)
        appendStringInfo(buf, "CAST(%s AS %s)", call.data, cast);
    else
        appendStringInfoString(buf, call.data);
}

/* The grouping keys of a grouping set's content (sortgroupref ints), comma-separated. */
void AppendGroupingKeys(Ctx* ctx, List* refs, StringInfo buf) {
    Query* query = ctx->level->query;
    ListCell* lc;
    foreach (lc, refs) {
        if (lc != list_head(refs))
            appendStringInfoString(buf, ", ");
        Deparse(ctx, (Node*) get_sortgroupref_tle(lfirst_int(lc), query->targetList)->expr, buf);
    }
}

/* GROUPING SETS / ROLLUP / CUBE as PostgreSQL parsed them; both systems keep duplicate sets
 * (and so duplicate rows). top: an item of the GROUP BY list itself, where a plain set is
 * a list of keys rather than a parenthesized set. */
void AppendGroupingSet(Ctx* ctx, GroupingSet* set, bool top, StringInfo buf) {
    switch (set->kind) {
    case GROUPING_SET_EMPTY:
        appendStringInfoString(buf, top ? "GROUPING SETS (())" : "()");
        return;
    case GROUPING_SET_SIMPLE:
        if (!top)
            appendStringInfoChar(buf, '(');
        AppendGroupingKeys(ctx, set->content, buf);
        if (!top)
            appendStringInfoChar(buf, ')');
        return;
    case GROUPING_SET_ROLLUP:
    case GROUPING_SET_CUBE:
    case GROUPING_SET_SETS: {
        appendStringInfoString(buf, set->kind == GROUPING_SET_ROLLUP ? "ROLLUP ("
                                    : set->kind == GROUPING_SET_CUBE ? "CUBE ("
                                                                     : "GROUPING SETS (");
        ListCell* lc;
        foreach (lc, set->content) {
            if (lc != list_head(set->content))
                appendStringInfoString(buf, ", ");
            AppendGroupingSet(ctx, lfirst_node(GroupingSet, lc), false, buf);
        }
        appendStringInfoChar(buf, ')');
        return;
    }
    }
}

/* GROUP BY and DISTINCT compare with the type's = operator; it must be one the engine
 * reproduces (e.g. float = treats NaN as equal to NaN and -0 as 0, as DuckDB's grouping
 * does). */
/* The expression behind a derived table's output column, or nullptr. */
Node* SubqueryOutputExpr(Level* level, Node* node) {
    if (!IsA(node, Var) || ((Var*) node)->varlevelsup != 0 || ((Var*) node)->varattno <= 0)
        return nullptr;
    Var* var = (Var*) node;
    Level* sub = var->varno >= 1 && (int) var->varno <= level->nrtes ? level->subs[var->varno - 1] : nullptr;
    if (sub == nullptr || var->varattno > list_length(sub->query->targetList))
        return nullptr;
    return (Node*) ((TargetEntry*) list_nth(sub->query->targetList, var->varattno - 1))->expr;
}

/* Grouping sets over two columns of a derived table that hold the same expression (SELECT x,
 * y FROM (SELECT a AS x, a AS y ...) GROUP BY GROUPING SETS (x, y)): PostgreSQL 15 pulls the
 * subquery up and groups both by one expression, the engine keeps two columns; the answers
 * differ in which column is NULL. */
void CheckDistinctGroupingColumns(Level* level) {
    List* keys = NIL;
    ListCell* lc;
    foreach (lc, level->query->groupClause) {
        TargetEntry* tle = get_sortgroupclause_tle(lfirst_node(SortGroupClause, lc), level->query->targetList);
        keys = lappend(keys, tle->expr);
    }
    ListCell* a;
    foreach (a, keys) {
        Node* left = SubqueryOutputExpr(level, (Node*) lfirst(a));
        for (ListCell* b = lnext(keys, a); left != nullptr && b != nullptr; b = lnext(keys, b)) {
            Node* right = SubqueryOutputExpr(level, (Node*) lfirst(b));
            if (right != nullptr && ((Var*) lfirst(a))->varno == ((Var*) lfirst(b))->varno && equal(left, right) &&
                !equal(lfirst(a), lfirst(b)))
                Unsupported("GROUPING SETS over two subquery columns holding the same expression");
        }
    }
}

void CheckGroupingEquality(SortGroupClause* clause, Node* expr) {
    if (LookupOperator(get_opcode(clause->eqop)) != OpKind::Eq)
        Unsupported(psprintf("grouping by operator %s", format_operator(clause->eqop)));
    CheckEqualityCollation(exprCollation(expr));
}

void AppendConjuncts(Ctx* ctx, List* conjuncts, StringInfo buf) {
    ListCell* lc;
    foreach (lc, conjuncts) {
        if (lc != list_head(conjuncts))
            appendStringInfoString(buf, " AND ");
        Deparse(ctx, (Node*) lfirst(lc), buf);
    }
}

/* LIMIT/OFFSET must be constants (after folding), as the engine SQL is fixed at plan time. */
bool LimitValue(Node* expr, const char* clause, int64* value) {
    if (expr == nullptr)
        return false;
    Node* folded = eval_const_expressions(nullptr, expr);
    if (!IsA(folded, Const))
        Unsupported(psprintf("non-constant %s", clause));
    Const* c = (Const*) folded;
    if (c->constisnull)
        return false; /* LIMIT ALL / LIMIT NULL / OFFSET NULL */
    *value = DatumGetInt64(c->constvalue);
    if (*value < 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_ROW_COUNT_IN_LIMIT_CLAUSE),
                        errmsg("%s must not be negative", clause)));
    return true;
}

void DeparseSubLevel(Level* sub, StringInfo buf) {
    Query* query = sub->query;
    int count = list_length(query->targetList);
    int* ordinal = (int*) palloc0(sizeof(int) * (count + 1));
    List* items = NIL;
    ListCell* lc;
    foreach (lc, query->targetList) {
        TargetEntry* tle = (TargetEntry*) lfirst(lc);
        bool sort_key = sub->emit_sort_keys && tle->ressortgroupref != 0 &&
                        get_sortgroupref_clause_noerr(tle->ressortgroupref, query->sortClause) != nullptr;
        if (tle->resjunk && !sort_key)
            continue;
        /* DISTINCT is over all outputs; otherwise only what the parent reads crosses. */
        if (sort_key || query->distinctClause != NIL || bms_is_member(tle->resno, sub->used_outputs)) {
            items = lappend(items, tle);
            ordinal[tle->resno] = list_length(items);
        }
    }
    DeparseSelect(sub, items, ordinal, buf);
}

/* The values of column `column` (0-based) of a VALUES list, one per row. */
List* ValuesColumn(RangeTblEntry* rte, int column) {
    List* cells = NIL;
    ListCell* lc;
    foreach (lc, rte->values_lists)
        cells = lappend(cells, list_nth((List*) lfirst(lc), column));
    return cells;
}

/* VALUES (...), (...) AS "sN"("c0", ...): every cell cast to its column's engine type (for
 * numeric without a typmod, the scale all its values share); columns nothing reads are
 * NULLs. */
void AppendValuesList(Level* level, RangeTblEntry* rte, Bitmapset* read, const char* alias, StringInfo buf) {
    int ncolumns = list_length(rte->coltypes);
    char** types = (char**) palloc(sizeof(char*) * ncolumns);
    for (int i = 0; i < ncolumns; i++) {
        Oid type = list_nth_oid(rte->coltypes, i);
        int32 typmod = list_nth_int(rte->coltypmods, i);
        if (!bms_is_member(i + 1, read)) {
            types[i] = nullptr;
        } else if (type == NUMERICOID && typmod < 0) {
            int scale = UnifiedScale(level, ValuesColumn(rte, i));
            types[i] = psprintf("DECIMAL(38,%d)", scale == kAnyScale ? 0 : scale);
        } else if (type == BPCHAROID && typmod < 0) {
            Unsupported("character values without a length in VALUES");
        } else {
            ColumnSpec spec;
            const char* reason = nullptr;
            if (!ColumnSpecForType(type, typmod, &spec, &reason))
                Unsupported(psprintf("VALUES of type %s", format_type_with_typemod(type, typmod)));
            types[i] = EngineTypeName(type, typmod);
        }
    }
    appendStringInfoString(buf, "(VALUES ");
    ListCell* row;
    foreach (row, rte->values_lists) {
        if (row != list_head(rte->values_lists))
            appendStringInfoString(buf, ", ");
        appendStringInfoChar(buf, '(');
        int i = 0;
        ListCell* cell;
        foreach (cell, (List*) lfirst(row)) {
            if (i > 0)
                appendStringInfoString(buf, ", ");
            if (types[i] == nullptr) {
                appendStringInfoString(buf, "NULL");
            } else {
                appendStringInfoString(buf, "CAST(");
                DeparseExpr(level, (Node*) lfirst(cell), buf);
                appendStringInfo(buf, " AS %s)", types[i]);
            }
            i++;
        }
        appendStringInfoChar(buf, ')');
    }
    appendStringInfoString(buf, ") AS ");
    AppendQuotedIdent(buf, alias);
    appendStringInfoChar(buf, '(');
    for (int i = 0; i < ncolumns; i++)
        appendStringInfo(buf, "%s\"c%d\"", i > 0 ? ", " : "", i);
    appendStringInfoChar(buf, ')');
}

/* The CTE sub shares with its other references, if it has any (a CTE read once is an inline
 * derived table). */
SharedCte* RenderedOnce(Level* sub) {
    return sub->shared != nullptr && sub->shared->references > 1 ? sub->shared : nullptr;
}

/* A base relation as pg_scan(k), a derived table as its own SELECT, a shared CTE by its
 * name, or a VALUES list. */
void AppendFromLeaf(Level* level, int rti, StringInfo buf) {
    if (ScanRef* scan = level->scans[rti - 1]) {
        appendStringInfo(buf, "pg_scan(%d) AS ", scan->scan_id);
        AppendQuotedIdent(buf, scan->alias);
    } else if (RangeTblEntry* values = level->values[rti - 1]) {
        AppendValuesList(level, values, level->values_read[rti - 1], level->aliases[rti - 1], buf);
    } else if (SharedCte* shared = RenderedOnce(level->subs[rti - 1])) {
        AppendQuotedIdent(buf, shared->alias);
        appendStringInfoString(buf, " AS ");
        AppendQuotedIdent(buf, level->aliases[rti - 1]);
    } else {
        appendStringInfoChar(buf, '(');
        DeparseSubLevel(level->subs[rti - 1], buf);
        appendStringInfoString(buf, ") AS ");
        AppendQuotedIdent(buf, level->aliases[rti - 1]);
    }
}

/*
 * "WITH w1 AS MATERIALIZED (...), ... " for the shared CTEs level defines. Rendered after all
 * of the level's clauses, so every reference has marked the outputs it reads; a CTE's body can
 * mark the outputs of one it reads, so the bodies render last to first.
 */
void AppendSharedCtes(Level* level, StringInfo buf) {
    if (level->ctes == NIL)
        return;
    int count = list_length(level->ctes);
    StringInfoData* bodies = (StringInfoData*) palloc0(sizeof(StringInfoData) * count);
    for (int i = count - 1; i >= 0; i--) {
        Level* cte = ((SharedCte*) list_nth(level->ctes, i))->level;
        initStringInfo(&bodies[i]);
        if (RenderedOnce(cte) != nullptr)
            DeparseSubLevel(cte, &bodies[i]);
    }
    bool first = true;
    for (int i = 0; i < count; i++) {
        SharedCte* shared = (SharedCte*) list_nth(level->ctes, i);
        if (RenderedOnce(shared->level) == nullptr)
            continue;
        appendStringInfoString(buf, first ? "WITH " : ", ");
        AppendQuotedIdent(buf, shared->alias);
        appendStringInfo(buf, " AS MATERIALIZED (%s)", bodies[i].data);
        first = false;
    }
    if (!first)
        appendStringInfoChar(buf, ' ');
}

/* A UNION/INTERSECT/EXCEPT tree: each leaf is its own SELECT, outputs named c0, c1, ... */
void AppendSetOperation(Level* level, Node* node, StringInfo buf) {
    if (IsA(node, RangeTblRef)) {
        appendStringInfoChar(buf, '(');
        DeparseSubLevel(level->subs[((RangeTblRef*) node)->rtindex - 1], buf);
        appendStringInfoChar(buf, ')');
        return;
    }
    SetOperationStmt* op = castNode(SetOperationStmt, node);
    const char* keyword = op->op == SETOP_UNION ? "UNION" : op->op == SETOP_INTERSECT ? "INTERSECT" : "EXCEPT";
    appendStringInfoChar(buf, '(');
    AppendSetOperation(level, op->larg, buf);
    appendStringInfo(buf, " %s%s ", keyword, op->all ? " ALL" : "");
    AppendSetOperation(level, op->rarg, buf);
    appendStringInfoChar(buf, ')');
}

void DeparseOnClauses(Ctx* ctx, FromNode* node) {
    if (node->rti != 0)
        return;
    DeparseOnClauses(ctx, node->left);
    DeparseOnClauses(ctx, node->right);
    /* the engine evaluates subqueries in the ON of inner joins only */
    if (node->jointype != JOIN_INNER && checkExprHasSubLink((Node*) node->engine_on))
        Unsupported("subqueries in the ON clause of an outer join");
    StringInfoData on;
    initStringInfo(&on);
    AppendConjuncts(ctx, node->engine_on, &on);
    node->on_sql = on.len > 0 ? on.data : pstrdup("TRUE");
}

const char* JoinKeyword(JoinType type) {
    switch (type) {
    case JOIN_LEFT: return "LEFT JOIN";
    case JOIN_RIGHT: return "RIGHT JOIN";
    case JOIN_FULL: return "FULL JOIN";
    default: return "JOIN";
    }
}

void AppendFromNode(Level* level, FromNode* node, StringInfo buf) {
    if (node->rti != 0) {
        AppendFromLeaf(level, (int) node->rti, buf);
        return;
    }
    appendStringInfoChar(buf, '(');
    AppendFromNode(level, node->left, buf);
    appendStringInfo(buf, " %s ", JoinKeyword(node->jointype));
    AppendFromNode(level, node->right, buf);
    appendStringInfo(buf, " ON %s)", node->on_sql);
}

/* The scale a numeric compared value has in the engine: its static scale, or the largest one
 * pgf_numeric_div gives a quotient (a value-only average or division). */
int NumericValueScale(Level* level, Node* expr) {
    constexpr int kLargestQuotientScale = 24;
    if (!HasStaticNumericScale(level, expr))
        return kLargestQuotientScale;
    return std::max(StaticNumericScale(level, expr), 0);
}

/* The scale of a subquery's (first) output, read without preparing the subquery. */
int SubqueryOutputScale(Level* level, Query* subquery) {
    Level opaque = {};
    opaque.query = subquery;
    opaque.parent = level;
    return NumericValueScale(&opaque, (Node*) ((TargetEntry*) linitial(subquery->targetList))->expr);
}

/* The comparison x op <subquery column> of x IN / op ANY / op ALL (subquery). The subquery's
 * column may be cast first (int IN (SELECT numeric ...)): *cast is then the engine type the
 * rows are compared as, else nullptr. */
void DeparseSubLinkTest(Ctx* ctx, SubLink* sublink, const char** cast, StringInfo buf) {
    Node* test = sublink->testexpr;
    if (!IsA(test, OpExpr) || list_length(((OpExpr*) test)->args) != 2)
        Unsupported("row comparisons with subqueries");
    OpExpr* op = (OpExpr*) test;
    set_opfuncid(op);
    Node* inner = (Node*) lsecond(op->args);
    *cast = nullptr;
    if (IsA(inner, FuncExpr) && LookupCast(((FuncExpr*) inner)->funcid) == CastKind::Plain) {
        *cast = EngineTypeOf(ctx->level, inner);
        inner = (Node*) linitial(((FuncExpr*) inner)->args);
    }
    while (IsA(inner, RelabelType))
        inner = (Node*) ((RelabelType*) inner)->arg;
    if (!IsA(inner, Param) || ((Param*) inner)->paramkind != PARAM_SUBLINK)
        Unsupported("this subquery comparison");
    const char* symbol = nullptr;
    OpKind kind = LookupOperator(op->opfuncid);
    switch (kind) {
    case OpKind::Eq: symbol = "="; break;
    case OpKind::Ne: symbol = "<>"; break;
    case OpKind::Lt: symbol = "<"; break;
    case OpKind::Le: symbol = "<="; break;
    case OpKind::Gt: symbol = ">"; break;
    case OpKind::Ge: symbol = ">="; break;
    default: Unsupported(psprintf("operator %s with a subquery", format_operator(op->opno)));
    }
    CheckComparisonCollation(kind, op->inputcollid);
    Node* left = (Node*) linitial(op->args);
    appendStringInfoChar(buf, '(');
    if (exprType(left) == NUMERICOID && exprType((Node*) lsecond(op->args)) == NUMERICOID) {
        /* DuckDB compares DECIMALs of different scales in ANY/ALL (subquery) in a type that
         * can round (1.50 = ANY (SELECT 2::DECIMAL(38,0)) is true): both sides get one scale
         * that holds either exactly (too many digits raise instead). */
        int left_scale = NumericValueScale(ctx->level, left);
        int right_scale = *cast != nullptr ? 0 : SubqueryOutputScale(ctx->level, (Query*) sublink->subselect);
        *cast = psprintf("DECIMAL(38,%d)", std::max(left_scale, right_scale));
        appendStringInfoString(buf, "CAST(");
        DeparseAs(ctx, left, true, buf);
        appendStringInfo(buf, " AS %s)", *cast);
    } else {
        DeparseAs(ctx, left, true, buf);
    }
    appendStringInfo(buf, " %s %s (", symbol, sublink->subLinkType == ALL_SUBLINK ? "ALL" : "ANY");
}

/* EXISTS, IN / ANY / ALL and scalar subqueries, correlated or not: DuckDB evaluates them
 * (and decorrelates) with the same NULL semantics as PostgreSQL. */
/* Whether an EXISTS must compute its subquery's select list. PostgreSQL throws the list away
 * (simplify_EXISTS_query) unless it can change which rows exist or is evaluated anyway; then
 * an EXISTS (SELECT * ...) reads no column of its tables for the select list either. */
bool ExistsNeedsOutputs(Query* query) {
    return query->setOperations != nullptr || query->hasAggs || query->groupingSets != NIL ||
           query->hasWindowFuncs || query->hasTargetSRFs || query->hasModifyingCTE || query->havingQual != nullptr ||
           query->limitOffset != nullptr || query->limitCount != nullptr || query->rowMarks != NIL;
}

void DeparseSubLink(Ctx* ctx, SubLink* sublink, StringInfo buf) {
    Level* sub = PrepareLevel(ctx->level->plan, (Query*) sublink->subselect, ctx->level);
    bool outputs_read = sublink->subLinkType != EXISTS_SUBLINK || ExistsNeedsOutputs(sub->query);
    ListCell* lc;
    foreach (lc, outputs_read ? sub->query->targetList : NIL) {
        TargetEntry* tle = (TargetEntry*) lfirst(lc);
        if (!tle->resjunk)
            sub->used_outputs = bms_add_member(sub->used_outputs, tle->resno);
    }
    switch (sublink->subLinkType) {
    case EXISTS_SUBLINK:
        appendStringInfoString(buf, "(EXISTS (");
        DeparseSubLevel(sub, buf);
        appendStringInfoString(buf, "))");
        return;
    case EXPR_SUBLINK:
        sub->value_outputs = ctx->value_only;
        appendStringInfoChar(buf, '(');
        DeparseSubLevel(sub, buf);
        appendStringInfoChar(buf, ')');
        return;
    case ANY_SUBLINK:
    case ALL_SUBLINK: {
        sub->value_outputs = true;
        const char* cast;
        DeparseSubLinkTest(ctx, sublink, &cast, buf);
        if (cast != nullptr)
            appendStringInfo(buf, "SELECT CAST(\"pgf_compared\".\"c0\" AS %s) FROM (", cast);
        DeparseSubLevel(sub, buf);
        if (cast != nullptr)
            appendStringInfoString(buf, ") AS \"pgf_compared\"");
        appendStringInfoString(buf, "))");
        return;
    }
    default:
        Unsupported("this kind of subquery");
    }
}

} // namespace

bool AppendInputOrder(Level* level, StringInfo buf) {
    if (list_length(level->from_rtis) != 1 || level->from_nodes != NIL || level->setop != nullptr)
        return false;
    int rti = linitial_int(level->from_rtis);
    Level* sub = level->subs[rti - 1];
    /* DISTINCT requires its sort keys among its outputs: no extra outputs there */
    if (sub == nullptr || sub->setop != nullptr || sub->query->sortClause == NIL || sub->query->distinctClause != NIL)
        return false;
    sub->emit_sort_keys = true;
    ListCell* lc;
    foreach (lc, sub->query->sortClause) {
        SortGroupClause* sort = lfirst_node(SortGroupClause, lc);
        TargetEntry* tle = get_sortgroupclause_tle(sort, sub->query->targetList);
        CheckOrderingCollation(exprCollation((Node*) tle->expr));
        appendStringInfoString(buf, lc == list_head(sub->query->sortClause) ? " ORDER BY " : ", ");
        AppendQuotedIdent(buf, level->aliases[rti - 1]);
        appendStringInfo(buf, ".\"c%d\" %s", tle->resno - 1, SortDirection(sort, (Node*) tle->expr));
    }
    return true;
}

void CheckEqualityCollation(Oid collid) {
    if (OidIsValid(collid) && !get_collation_isdeterministic(collid))
        Unsupported(psprintf("nondeterministic collation \"%s\"", get_collation_name(collid)));
}

namespace {

/* glibc's C.UTF-8 orders by code point, which for UTF-8 is byte order. */
bool IsCodePointLocale(const char* name) {
    return name != nullptr && (pg_strcasecmp(name, "C.UTF-8") == 0 || pg_strcasecmp(name, "C.UTF8") == 0);
}

bool IsByteOrderCollation(Oid collid) {
    if (lc_collate_is_c(collid))
        return true;
    if (collid == DEFAULT_COLLATION_OID)
        return default_locale.provider != COLLPROVIDER_ICU && IsCodePointLocale(setlocale(LC_COLLATE, nullptr));
    HeapTuple tuple = SearchSysCache1(COLLOID, ObjectIdGetDatum(collid));
    if (!HeapTupleIsValid(tuple))
        return false;
    bool result = false;
    if (((Form_pg_collation) GETSTRUCT(tuple))->collprovider == COLLPROVIDER_LIBC) {
        bool isnull;
        Datum collate = SysCacheGetAttr(COLLOID, tuple, Anum_pg_collation_collcollate, &isnull);
        result = !isnull && IsCodePointLocale(TextDatumGetCString(collate));
    }
    ReleaseSysCache(tuple);
    return result;
}

} // namespace

/* DuckDB orders strings by bytes: PostgreSQL's order under C/POSIX and C.UTF-8. */
void CheckOrderingCollation(Oid collid) {
    if (OidIsValid(collid) && !IsByteOrderCollation(collid))
        Unsupported(psprintf("ordering text with %s (the engine orders by bytes, as C and C.UTF-8 do)",
                             collid == DEFAULT_COLLATION_OID
                                 ? "the database's default collation"
                                 : psprintf("collation \"%s\"", get_collation_name(collid))));
}

bool EngineRendersItself(Node* node) { return EngineRendersNode(node); }

struct ScaleProbe {
    Level* level;
    Node* node;
};

void ProbeStaticNumericScale(void* arg) {
    ScaleProbe* probe = (ScaleProbe*) arg;
    StaticNumericScale(probe->level, probe->node);
}

bool HasStaticNumericScale(Level* level, Node* node) {
    ScaleProbe probe = {level, node};
    return CatchRefusal(ProbeStaticNumericScale, &probe) == nullptr;
}

bool IsYearExtract(Node* node) {
    if (!IsA(node, FuncExpr) || !IsExtract(((FuncExpr*) node)->funcid))
        return false;
    Node* field = (Node*) linitial(((FuncExpr*) node)->args);
    if (!IsA(field, Const) || ((Const*) field)->constisnull)
        return false;
    char* name = TextDatumGetCString(((Const*) field)->constvalue);
    return pg_strcasecmp(name, "year") == 0 || pg_strcasecmp(name, "years") == 0;
}

bool ScanCanCompute(Level* level, Node* node) {
    return !IsA(node, Var) && ContainsPostgresOnlyWalker(node, nullptr) && ScanCanEvaluate(level, node);
}

bool ScanCanEvaluate(Level* level, Node* node) {
    Index levelsup = 0;
    ScanRef* scan = SingleScanOf(level, node, &levelsup);
    if (scan == nullptr || (levelsup == 0 && !ScanValueHoldsWhenNullExtended(level, scan, node)))
        return false;
    return levelsup == 0 && (!level->grouped || IsGroupKey(level, node));
}

bool ScanComputes(Level* level, Node* node) {
    return ScanCanCompute(level, node) && (exprType(node) != NUMERICOID || HasStaticNumericScale(level, node));
}

bool IsGroupingKey(Level* level, Node* node) { return level->grouped && IsGroupKey(level, node); }

void DeparseExpr(Level* level, Node* node, StringInfo buf) {
    Ctx ctx = {level, nullptr, false, false};
    Deparse(&ctx, node, buf);
}

int StaticNumericScale(Level* level, Node* node) {
    int32 typmod = exprTypmod(node);
    if (typmod < 0)
        getBaseTypeAndTypmod(exprType(node), &typmod); /* a domain's own typmod */
    if (typmod >= (int32) VARHDRSZ)
        return (typmod - VARHDRSZ) & 0xFFFF;
    switch (nodeTag(node)) {
    case T_Const:
        return ((Const*) node)->constisnull ? kAnyScale : NumericConstScale((Const*) node);
    case T_Var: {
        Var* var = (Var*) node;
        bool local = var->varlevelsup == 0 && var->varno >= 1 && (int) var->varno <= level->nrtes;
        if (local && level->values[var->varno - 1] != nullptr && var->varattno > 0)
            return UnifiedScale(level, ValuesColumn(level->values[var->varno - 1], var->varattno - 1));
        Level* sub = local ? level->subs[var->varno - 1] : nullptr;
        if (sub == nullptr || var->varattno <= 0)
            Unsupported("numeric without precision and scale");
        TargetEntry* tle = (TargetEntry*) list_nth(sub->query->targetList, var->varattno - 1);
        return StaticNumericScale(sub, (Node*) tle->expr);
    }
    case T_OpExpr: {
        OpExpr* op = (OpExpr*) node;
        set_opfuncid(op);
        switch (LookupOperator(op->opfuncid)) {
        case OpKind::Add:
        case OpKind::Sub:
            return MaxScale(StaticNumericScale(level, (Node*) linitial(op->args)),
                            StaticNumericScale(level, (Node*) lsecond(op->args)));
        case OpKind::Mul: {
            int left = StaticNumericScale(level, (Node*) linitial(op->args));
            int right = StaticNumericScale(level, (Node*) lsecond(op->args));
            if (left == kAnyScale || right == kAnyScale)
                return kAnyScale; /* NULL * x is NULL */
            if (left + right > 38)
                Unsupported("numeric products with a scale above 38");
            return left + right;
        }
        case OpKind::Neg:
            return StaticNumericScale(level, (Node*) linitial(op->args));
        default:
            Unsupported(psprintf("operator %s", format_operator(op->opno)));
        }
    }
    case T_FuncExpr: {
        FuncExpr* func = (FuncExpr*) node;
        if (IsExtract(func->funcid))
            return 0; /* integer-valued fields only, see DeparseExtract */
        switch (func->funcid) {
        case F_ABS_NUMERIC:
            return StaticNumericScale(level, (Node*) linitial(func->args));
        case F_SIGN_NUMERIC:
        case F_ROUND_NUMERIC:
        case F_TRUNC_NUMERIC:
        case F_CEIL_NUMERIC:
        case F_CEILING_NUMERIC:
        case F_FLOOR_NUMERIC:
            return 0;
        case F_ROUND_NUMERIC_INT4:
        case F_TRUNC_NUMERIC_INT4: {
            /* the result has exactly the requested number of decimals (none if negative) */
            Node* digits = (Node*) lsecond(func->args);
            if (!IsA(digits, Const) || ((Const*) digits)->constisnull)
                Unsupported(psprintf("%s with a non-constant scale", format_procedure(func->funcid)));
            int scale = DatumGetInt32(((Const*) digits)->constvalue);
            if (scale > 38)
                Unsupported(psprintf("%s to more than 38 decimals", format_procedure(func->funcid)));
            return scale < 0 ? 0 : scale;
        }
        default:
            break;
        }
        switch (LookupCast(func->funcid)) {
        case CastKind::Plain:
            return 0; /* the numeric casts in the allowlist are from integers */
        case CastKind::NumericTypmod:
            return StaticNumericScale(level, (Node*) linitial(func->args)); /* numeric(x, -1) */
        default:
            Unsupported(psprintf("function %s", format_procedure(func->funcid)));
        }
    }
    case T_Aggref:
        return AggrefNumericScale(level, (Aggref*) node);
    case T_WindowFunc: {
        /* sum(int8) is numeric of scale 0; every other numeric window result carries its
         * argument's values (sum keeps the scale of what it adds) */
        WindowFunc* wf = (WindowFunc*) node;
        if (wf->winfnoid == F_SUM_INT8)
            return 0;
        if (wf->args == NIL)
            Unsupported(psprintf("window function %s", format_procedure(wf->winfnoid)));
        /* lag/lead return the default where no offset row exists: both scales show */
        if (IsLagLeadWithDefault(wf)) {
            bool mixed;
            int scale = LargestBranchScale(level, list_make2(linitial(wf->args), lthird(wf->args)), &mixed);
            if (mixed)
                Unsupported("lag/lead with a default of another numeric scale outside the final select list");
            return scale;
        }
        return StaticNumericScale(level, (Node*) linitial(wf->args));
    }
    case T_RelabelType:
        return StaticNumericScale(level, (Node*) ((RelabelType*) node)->arg);
    case T_CaseExpr: {
        CaseExpr* expr = (CaseExpr*) node;
        List* branches = list_make1(expr->defresult);
        ListCell* lc;
        foreach (lc, expr->args)
            branches = lappend(branches, ((CaseWhen*) lfirst(lc))->result);
        return UnifiedScale(level, branches);
    }
    case T_CoalesceExpr:
        return UnifiedScale(level, ((CoalesceExpr*) node)->args);
    case T_MinMaxExpr:
        return UnifiedScale(level, ((MinMaxExpr*) node)->args);
    case T_NullIfExpr:
        return StaticNumericScale(level, (Node*) linitial(((NullIfExpr*) node)->args));
    case T_SubLink: {
        /* a scalar subquery's value: its output's scale, read without the subquery's own range
         * table (the subquery is prepared only when rendered), so only scales its types fix */
        SubLink* sublink = (SubLink*) node;
        if (sublink->subLinkType != EXPR_SUBLINK)
            Unsupported("this numeric expression");
        Query* subquery = (Query*) sublink->subselect;
        TargetEntry* output = (TargetEntry*) linitial(subquery->targetList);
        Level opaque = {};
        opaque.query = subquery;
        opaque.parent = level;
        return StaticNumericScale(&opaque, (Node*) output->expr);
    }
    default:
        Unsupported("this numeric expression");
    }
}

Expr* WithNumericScale(Expr* expr, int scale) {
    constexpr int kEnginePrecision = 38;
    int32 typmod = ((kEnginePrecision << 16) | scale) + VARHDRSZ;
    Const* typmod_arg = makeConst(INT4OID, -1, InvalidOid, sizeof(int32), Int32GetDatum(typmod), false, true);
    return (Expr*) makeFuncExpr(F_NUMERIC_NUMERIC_INT4, NUMERICOID, list_make2(expr, typmod_arg), InvalidOid,
                                InvalidOid, COERCE_IMPLICIT_CAST);
}

char* EngineTypeOf(Level* level, Node* expr) {
    Oid type = exprType(expr);
    int32 typmod = exprTypmod(expr);
    if (type == NUMERICOID && typmod < 0) {
        int scale = StaticNumericScale(level, expr);
        return psprintf("DECIMAL(38,%d)", scale == kAnyScale ? 0 : scale);
    }
    ColumnSpec spec;
    const char* reason = nullptr;
    if (!ColumnSpecForType(type, typmod, &spec, &reason))
        Unsupported(psprintf("type %s", format_type_with_typemod(type, typmod)));
    return EngineTypeName(type, typmod);
}

void DeparseSelect(Level* level, List* items, const int* select_ordinal, StringInfo buf) {
    Query* query = level->query;
    Ctx ctx = {level, nullptr, false, false};
    ListCell* lc;

    /* Clauses first: they decide which columns the FROM items must deliver. */
    level->after_grouping = level->grouped;
    StringInfoData select;
    initStringInfo(&select);
    foreach (lc, items) {
        TargetEntry* tle = (TargetEntry*) lfirst(lc);
        if (lc != list_head(items))
            appendStringInfoString(&select, ", ");
        /* char(n) leaves the engine without its padding; only a known n restores it. */
        if (exprType((Node*) tle->expr) == BPCHAROID && exprTypmod((Node*) tle->expr) < 0)
            Unsupported("character results without a length");
        /* outputs read only as values keep the engine's type (their numeric scale may be
         * the engine's own) */
        if (level->value_outputs) {
            DeparseAs(&ctx, (Node*) tle->expr, true, &select);
            appendStringInfo(&select, " AS \"c%d\"", tle->resno - 1);
            continue;
        }
        appendStringInfoString(&select, "CAST(");
        Deparse(&ctx, (Node*) tle->expr, &select);
        appendStringInfo(&select, " AS %s) AS \"c%d\"", EngineTypeOf(level, (Node*) tle->expr), tle->resno - 1);
    }
    if (items == NIL)
        appendStringInfoString(&select, "TRUE AS \"dummy\"");

    level->after_grouping = false;
    StringInfoData where;
    initStringInfo(&where);
    AppendConjuncts(&ctx, level->engine_quals, &where);

    StringInfoData group;
    initStringInfo(&group);
    foreach (lc, query->groupClause) {
        SortGroupClause* clause = (SortGroupClause*) lfirst(lc);
        TargetEntry* tle = get_sortgroupclause_tle(clause, query->targetList);
        CheckGroupingEquality(clause, (Node*) tle->expr);
        /* each rendering of a subquery reads scans of its own, so the select list's copy of
         * the key would not be the GROUP BY's */
        if (checkExprHasSubLink((Node*) tle->expr))
            Unsupported("GROUP BY over an expression holding a subquery");
        if (query->groupingSets != NIL)
            continue;
        if (lc != list_head(query->groupClause))
            appendStringInfoString(&group, ", ");
        Deparse(&ctx, (Node*) tle->expr, &group);
    }
    if (query->groupingSets != NIL)
        CheckDistinctGroupingColumns(level);
    foreach (lc, query->groupingSets) {
        if (lc != list_head(query->groupingSets))
            appendStringInfoString(&group, ", ");
        AppendGroupingSet(&ctx, lfirst_node(GroupingSet, lc), true, &group);
    }
    /* Grouping follows the query, not what constant folding left of its expressions:
     * count(*) + NULL is still one group, an empty input included. */
    if (level->grouped && group.len == 0)
        appendStringInfoString(&group, "()");
    level->after_grouping = level->grouped;
    /* DISTINCT ON keeps the first row of each group in ORDER BY order, in both systems. */
    StringInfoData distinct_on;
    initStringInfo(&distinct_on);
    foreach (lc, level->distinct_in_postgres ? NIL : query->distinctClause) {
        SortGroupClause* clause = (SortGroupClause*) lfirst(lc);
        TargetEntry* tle = get_sortgroupclause_tle(clause, query->targetList);
        CheckGroupingEquality(clause, (Node*) tle->expr);
        if (query->hasDistinctOn) {
            appendStringInfoString(&distinct_on, distinct_on.len == 0 ? "SELECT DISTINCT ON (" : ", ");
            Deparse(&ctx, (Node*) tle->expr, &distinct_on);
        }
    }
    if (query->hasDistinctOn)
        appendStringInfoString(&distinct_on, ") ");

    StringInfoData having;
    initStringInfo(&having);
    if (query->havingQual != nullptr)
        AppendConjuncts(&ctx, make_ands_implicit((Expr*) query->havingQual), &having);
    /* The engine treats grouping sets without any aggregate as a DISTINCT (GROUPING SETS ((),
     * ()) gives one row, not two): an aggregate that holds for every group keeps it grouping. */
    if (query->groupingSets != NIL && !contain_agg_clause((Node*) query->targetList) &&
        !contain_agg_clause(query->havingQual))
        appendStringInfo(&having, "%scount(*) >= 0", having.len > 0 ? " AND " : "");

    StringInfoData order;
    initStringInfo(&order);
    foreach (lc, level->sort_in_postgres ? NIL : query->sortClause) {
        SortGroupClause* clause = (SortGroupClause*) lfirst(lc);
        TargetEntry* tle = get_sortgroupclause_tle(clause, query->targetList);
        CheckOrderingCollation(exprCollation((Node*) tle->expr));
        if (lc != list_head(query->sortClause))
            appendStringInfoString(&order, ", ");
        /* An output in the select list is named by position: the select list holds it
         * wrapped in a CAST, and DISTINCT requires ORDER BY to name select-list entries. */
        Oid sort_type = exprType((Node*) tle->expr);
        if (query->distinctClause == NIL && IsFloatType(sort_type)) {
            /* DuckDB returns a float sort key decoded from its normalized key, turning -0 into
             * 0; sorting by x + 0 (same order) leaves the output column untouched. */
            appendStringInfoString(&order, "(");
            Deparse(&ctx, (Node*) tle->expr, &order);
            appendStringInfo(&order, " + CAST(0 AS %s))", sort_type == FLOAT4OID ? "FLOAT" : "DOUBLE");
        } else if (!tle->resjunk && select_ordinal[tle->resno] > 0) {
            appendStringInfo(&order, "%d", select_ordinal[tle->resno]);
        } else {
            DeparseAs(&ctx, (Node*) tle->expr, true, &order);
        }
        appendStringInfo(&order, " %s", SortDirection(clause, (Node*) tle->expr));
    }

    level->after_grouping = false;
    StringInfoData from;
    initStringInfo(&from);
    if (level->from_nodes != NIL) {
        /* ON clauses are clauses too: render them before any derived table renders its outputs. */
        foreach (lc, level->from_nodes)
            DeparseOnClauses(&ctx, (FromNode*) lfirst(lc));
        foreach (lc, level->from_nodes) {
            if (lc != list_head(level->from_nodes))
                appendStringInfoString(&from, ", ");
            AppendFromNode(level, (FromNode*) lfirst(lc), &from);
        }
    } else if (level->setop != nullptr) {
        appendStringInfoChar(&from, '(');
        AppendSetOperation(level, level->setop, &from);
        appendStringInfoString(&from, ") AS ");
        AppendQuotedIdent(&from, level->aliases[linitial_int(level->from_rtis) - 1]);
    } else {
        foreach (lc, level->from_rtis) {
            if (lc != list_head(level->from_rtis))
                appendStringInfoString(&from, ", ");
            AppendFromLeaf(level, lfirst_int(lc), &from);
        }
    }

    AppendSharedCtes(level, buf);
    if (query->hasDistinctOn)
        appendStringInfoString(buf, distinct_on.data);
    else
        appendStringInfoString(buf, query->distinctClause != NIL && !level->distinct_in_postgres ? "SELECT DISTINCT "
                                                                                               : "SELECT ");
    appendStringInfoString(buf, select.data);
    if (from.len > 0)
        appendStringInfo(buf, " FROM %s", from.data);
    if (where.len > 0)
        appendStringInfo(buf, " WHERE %s", where.data);
    if (group.len > 0)
        appendStringInfo(buf, " GROUP BY %s", group.data);
    if (having.len > 0)
        appendStringInfo(buf, " HAVING %s", having.data);
    if (order.len > 0)
        appendStringInfo(buf, " ORDER BY %s", order.data);
    int64 value;
    if (level->sort_in_postgres)
        return;
    if (LimitValue(query->limitCount, "LIMIT", &value))
        appendStringInfo(buf, " LIMIT " INT64_FORMAT, value);
    if (LimitValue(query->limitOffset, "OFFSET", &value))
        appendStringInfo(buf, " OFFSET " INT64_FORMAT, value);
}

} // namespace planner
} // namespace pgf
