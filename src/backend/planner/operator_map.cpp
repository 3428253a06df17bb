/*
 * operator_map.cpp — the allowlist of operators and casts the engine may evaluate.
 *
 * Keyed by the implementing function's OID (fmgroids.h), never by name: a user-defined
 * operator "+" on int4 has another function and is refused. An entry is here only if the
 * engine rendering in engine_deparse.cpp reproduces PostgreSQL's result and errors for
 * every input (overflow, division by zero, NaN, rounding); the reasons are in
 * docs/query-support.md.
 */
#include "backend/planner/planner_internal.h"

extern "C" {
#include "utils/fmgroids.h"
}

namespace pgf {
namespace planner {

namespace {

struct OperatorEntry {
    Oid funcid;
    OpKind kind;
};

const OperatorEntry kOperators[] = {
    /* integer arithmetic, same and mixed widths */
    {F_INT2PL, OpKind::Add}, {F_INT4PL, OpKind::Add}, {F_INT8PL, OpKind::Add},
    {F_INT24PL, OpKind::Add}, {F_INT42PL, OpKind::Add}, {F_INT28PL, OpKind::Add},
    {F_INT82PL, OpKind::Add}, {F_INT48PL, OpKind::Add}, {F_INT84PL, OpKind::Add},
    {F_INT2MI, OpKind::Sub}, {F_INT4MI, OpKind::Sub}, {F_INT8MI, OpKind::Sub},
    {F_INT24MI, OpKind::Sub}, {F_INT42MI, OpKind::Sub}, {F_INT28MI, OpKind::Sub},
    {F_INT82MI, OpKind::Sub}, {F_INT48MI, OpKind::Sub}, {F_INT84MI, OpKind::Sub},
    {F_INT2MUL, OpKind::Mul}, {F_INT4MUL, OpKind::Mul}, {F_INT8MUL, OpKind::Mul},
    {F_INT24MUL, OpKind::Mul}, {F_INT42MUL, OpKind::Mul}, {F_INT28MUL, OpKind::Mul},
    {F_INT82MUL, OpKind::Mul}, {F_INT48MUL, OpKind::Mul}, {F_INT84MUL, OpKind::Mul},
    {F_INT2DIV, OpKind::Div}, {F_INT4DIV, OpKind::Div}, {F_INT8DIV, OpKind::Div},
    {F_INT24DIV, OpKind::Div}, {F_INT42DIV, OpKind::Div}, {F_INT28DIV, OpKind::Div},
    {F_INT82DIV, OpKind::Div}, {F_INT48DIV, OpKind::Div}, {F_INT84DIV, OpKind::Div},
    {F_INT2MOD, OpKind::Mod}, {F_INT4MOD, OpKind::Mod}, {F_INT8MOD, OpKind::Mod},
    {F_INT2UM, OpKind::Neg}, {F_INT4UM, OpKind::Neg}, {F_INT8UM, OpKind::Neg},
    /* float arithmetic */
    {F_FLOAT4PL, OpKind::Add}, {F_FLOAT8PL, OpKind::Add}, {F_FLOAT48PL, OpKind::Add}, {F_FLOAT84PL, OpKind::Add},
    {F_FLOAT4MI, OpKind::Sub}, {F_FLOAT8MI, OpKind::Sub}, {F_FLOAT48MI, OpKind::Sub}, {F_FLOAT84MI, OpKind::Sub},
    {F_FLOAT4MUL, OpKind::Mul}, {F_FLOAT8MUL, OpKind::Mul}, {F_FLOAT48MUL, OpKind::Mul}, {F_FLOAT84MUL, OpKind::Mul},
    {F_FLOAT4DIV, OpKind::Div}, {F_FLOAT8DIV, OpKind::Div}, {F_FLOAT48DIV, OpKind::Div}, {F_FLOAT84DIV, OpKind::Div},
    {F_FLOAT4UM, OpKind::Neg}, {F_FLOAT8UM, OpKind::Neg},
    /* numeric: exact in both; / and % are not here (PostgreSQL picks the quotient's scale
     * from the values) */
    {F_NUMERIC_ADD, OpKind::Add}, {F_NUMERIC_SUB, OpKind::Sub}, {F_NUMERIC_MUL, OpKind::Mul},
    {F_NUMERIC_UMINUS, OpKind::Neg},
    /* comparisons */
    /* uuid crosses as its canonical text (lower-case hex): text order and equality are the
     * uuid's byte order and equality */
    {F_UUID_EQ, OpKind::Eq}, {F_UUID_NE, OpKind::Ne}, {F_UUID_LT, OpKind::Lt},
    {F_UUID_LE, OpKind::Le}, {F_UUID_GT, OpKind::Gt}, {F_UUID_GE, OpKind::Ge},
    {F_BOOLEQ, OpKind::Eq}, {F_BOOLNE, OpKind::Ne}, {F_BOOLLT, OpKind::Lt},
    {F_BOOLLE, OpKind::Le}, {F_BOOLGT, OpKind::Gt}, {F_BOOLGE, OpKind::Ge},
    {F_INT2EQ, OpKind::Eq}, {F_INT2NE, OpKind::Ne}, {F_INT2LT, OpKind::Lt},
    {F_INT2LE, OpKind::Le}, {F_INT2GT, OpKind::Gt}, {F_INT2GE, OpKind::Ge},
    {F_INT4EQ, OpKind::Eq}, {F_INT4NE, OpKind::Ne}, {F_INT4LT, OpKind::Lt},
    {F_INT4LE, OpKind::Le}, {F_INT4GT, OpKind::Gt}, {F_INT4GE, OpKind::Ge},
    {F_INT8EQ, OpKind::Eq}, {F_INT8NE, OpKind::Ne}, {F_INT8LT, OpKind::Lt},
    {F_INT8LE, OpKind::Le}, {F_INT8GT, OpKind::Gt}, {F_INT8GE, OpKind::Ge},
    {F_INT24EQ, OpKind::Eq}, {F_INT24NE, OpKind::Ne}, {F_INT24LT, OpKind::Lt},
    {F_INT24LE, OpKind::Le}, {F_INT24GT, OpKind::Gt}, {F_INT24GE, OpKind::Ge},
    {F_INT42EQ, OpKind::Eq}, {F_INT42NE, OpKind::Ne}, {F_INT42LT, OpKind::Lt},
    {F_INT42LE, OpKind::Le}, {F_INT42GT, OpKind::Gt}, {F_INT42GE, OpKind::Ge},
    {F_INT28EQ, OpKind::Eq}, {F_INT28NE, OpKind::Ne}, {F_INT28LT, OpKind::Lt},
    {F_INT28LE, OpKind::Le}, {F_INT28GT, OpKind::Gt}, {F_INT28GE, OpKind::Ge},
    {F_INT82EQ, OpKind::Eq}, {F_INT82NE, OpKind::Ne}, {F_INT82LT, OpKind::Lt},
    {F_INT82LE, OpKind::Le}, {F_INT82GT, OpKind::Gt}, {F_INT82GE, OpKind::Ge},
    {F_INT48EQ, OpKind::Eq}, {F_INT48NE, OpKind::Ne}, {F_INT48LT, OpKind::Lt},
    {F_INT48LE, OpKind::Le}, {F_INT48GT, OpKind::Gt}, {F_INT48GE, OpKind::Ge},
    {F_INT84EQ, OpKind::Eq}, {F_INT84NE, OpKind::Ne}, {F_INT84LT, OpKind::Lt},
    {F_INT84LE, OpKind::Le}, {F_INT84GT, OpKind::Gt}, {F_INT84GE, OpKind::Ge},
    {F_FLOAT4EQ, OpKind::Eq}, {F_FLOAT4NE, OpKind::Ne}, {F_FLOAT4LT, OpKind::Lt},
    {F_FLOAT4LE, OpKind::Le}, {F_FLOAT4GT, OpKind::Gt}, {F_FLOAT4GE, OpKind::Ge},
    {F_FLOAT8EQ, OpKind::Eq}, {F_FLOAT8NE, OpKind::Ne}, {F_FLOAT8LT, OpKind::Lt},
    {F_FLOAT8LE, OpKind::Le}, {F_FLOAT8GT, OpKind::Gt}, {F_FLOAT8GE, OpKind::Ge},
    {F_FLOAT48EQ, OpKind::Eq}, {F_FLOAT48NE, OpKind::Ne}, {F_FLOAT48LT, OpKind::Lt},
    {F_FLOAT48LE, OpKind::Le}, {F_FLOAT48GT, OpKind::Gt}, {F_FLOAT48GE, OpKind::Ge},
    {F_FLOAT84EQ, OpKind::Eq}, {F_FLOAT84NE, OpKind::Ne}, {F_FLOAT84LT, OpKind::Lt},
    {F_FLOAT84LE, OpKind::Le}, {F_FLOAT84GT, OpKind::Gt}, {F_FLOAT84GE, OpKind::Ge},
    {F_NUMERIC_EQ, OpKind::Eq}, {F_NUMERIC_NE, OpKind::Ne}, {F_NUMERIC_LT, OpKind::Lt},
    {F_NUMERIC_LE, OpKind::Le}, {F_NUMERIC_GT, OpKind::Gt}, {F_NUMERIC_GE, OpKind::Ge},
    {F_TEXTEQ, OpKind::Eq}, {F_TEXTNE, OpKind::Ne}, {F_TEXT_LT, OpKind::Lt},
    {F_TEXT_LE, OpKind::Le}, {F_TEXT_GT, OpKind::Gt}, {F_TEXT_GE, OpKind::Ge},
    /* bpchar values reach the engine without trailing spaces, which PostgreSQL's bpchar
     * comparisons ignore */
    {F_BPCHAREQ, OpKind::Eq}, {F_BPCHARNE, OpKind::Ne}, {F_BPCHARLT, OpKind::Lt},
    {F_BPCHARLE, OpKind::Le}, {F_BPCHARGT, OpKind::Gt}, {F_BPCHARGE, OpKind::Ge},
    {F_DATE_EQ, OpKind::Eq}, {F_DATE_NE, OpKind::Ne}, {F_DATE_LT, OpKind::Lt},
    {F_DATE_LE, OpKind::Le}, {F_DATE_GT, OpKind::Gt}, {F_DATE_GE, OpKind::Ge},
    {F_TIMESTAMP_EQ, OpKind::Eq}, {F_TIMESTAMP_NE, OpKind::Ne}, {F_TIMESTAMP_LT, OpKind::Lt},
    {F_TIMESTAMP_LE, OpKind::Le}, {F_TIMESTAMP_GT, OpKind::Gt}, {F_TIMESTAMP_GE, OpKind::Ge},
    {F_TIMESTAMPTZ_EQ, OpKind::Eq}, {F_TIMESTAMPTZ_NE, OpKind::Ne}, {F_TIMESTAMPTZ_LT, OpKind::Lt},
    {F_TIMESTAMPTZ_LE, OpKind::Le}, {F_TIMESTAMPTZ_GT, OpKind::Gt}, {F_TIMESTAMPTZ_GE, OpKind::Ge},
    /* text LIKE; not bpchar LIKE, which matches the padded value */
    {F_TEXTLIKE, OpKind::Like}, {F_TEXTNLIKE, OpKind::NotLike},
};

struct CastEntry {
    Oid funcid;
    CastKind kind;
};

const CastEntry kCasts[] = {
    /* integer widening and narrowing: both raise on out-of-range values */
    {F_INT4_INT2, CastKind::Plain}, {F_INT8_INT2, CastKind::Plain}, {F_INT8_INT4, CastKind::Plain},
    {F_INT2_INT4, CastKind::Plain}, {F_INT2_INT8, CastKind::Plain}, {F_INT4_INT8, CastKind::Plain},
    /* integer to float: the same IEEE round-to-nearest conversion */
    {F_FLOAT4_INT2, CastKind::Plain}, {F_FLOAT8_INT2, CastKind::Plain}, {F_FLOAT4_INT4, CastKind::Plain},
    {F_FLOAT8_INT4, CastKind::Plain}, {F_FLOAT4_INT8, CastKind::Plain}, {F_FLOAT8_INT8, CastKind::Plain},
    {F_FLOAT8_FLOAT4, CastKind::Plain},
    /* integer to numeric is exact; numeric to integer rounds half away from zero in both */
    {F_NUMERIC_INT2, CastKind::Plain}, {F_NUMERIC_INT4, CastKind::Plain}, {F_NUMERIC_INT8, CastKind::Plain},
    {F_INT2_NUMERIC, CastKind::Plain}, {F_INT4_NUMERIC, CastKind::Plain}, {F_INT8_NUMERIC, CastKind::Plain},
    /* numeric to float: correctly rounded in both (PostgreSQL goes through strtod) */
    {F_FLOAT4_NUMERIC, CastKind::Plain}, {F_FLOAT8_NUMERIC, CastKind::Plain},
    {F_TIMESTAMP_DATE, CastKind::Plain},
    /* bpchar to text strips trailing spaces, which the engine's values already lack */
    {F_TEXT_BPCHAR, CastKind::Identity},
    /* numeric(p,s) length coercion: both round half away from zero and raise on overflow */
    {F_NUMERIC_NUMERIC_INT4, CastKind::NumericTypmod},
};

} // namespace

OpKind LookupOperator(Oid funcid) {
    for (const OperatorEntry& entry : kOperators)
        if (entry.funcid == funcid)
            return entry.kind;
    return OpKind::None;
}

CastKind LookupCast(Oid funcid) {
    for (const CastEntry& entry : kCasts)
        if (entry.funcid == funcid)
            return entry.kind;
    return CastKind::None;
}

} // namespace planner
} // namespace pgf
