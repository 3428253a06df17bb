/*
 * numeric_statistics.cpp — fusion.numeric_variance_final(sum_x, sum_x2, n, kind): the final
 * step of PostgreSQL's stddev/variance of integers and numerics, from sums the engine
 * computed exactly.
 *
 * PostgreSQL (numeric_stddev_internal) computes, with exact numeric arithmetic,
 *   numerator = n * sum_x2 - sum_x * sum_x      (display scale: twice sum_x's)
 *   0 (display scale 0) if numerator <= 0, else
 *   variance  = numerator / (n * (n - 1))        (sample; n * n for population), rounded
 *               by numeric division to the scale select_div_scale picks, and
 *   stddev    = the square root of variance rounded half up to that same scale.
 * numeric_div reproduces the division exactly. PostgreSQL's sqrt() picks its own scale,
 * never smaller than its argument's; when it is larger, the root is re-derived here at the
 * variance's scale from exact squares (rounding sqrt()'s result again could round twice).
 */
#include "backend/guard.h"
#include "backend/pg.h"

extern "C" {
#include "utils/builtins.h"
#include "utils/numeric.h"

PGDLLEXPORT Datum pg_fusion_numeric_variance_final(PG_FUNCTION_ARGS);
PG_FUNCTION_INFO_V1(pg_fusion_numeric_variance_final);
}

namespace {

/* kind: bit 0 = sample (else population), bit 1 = standard deviation (else variance) */
constexpr int32 kSample = 1;
constexpr int32 kStddev = 2;

Datum Mul(Datum a, Datum b) { return DirectFunctionCall2(numeric_mul, a, b); }
Datum Add(Datum a, Datum b) { return DirectFunctionCall2(numeric_add, a, b); }
Datum Sub(Datum a, Datum b) { return DirectFunctionCall2(numeric_sub, a, b); }
int Compare(Datum a, Datum b) { return DatumGetInt32(DirectFunctionCall2(numeric_cmp, a, b)); }
Datum FromInt64(int64 value) { return DirectFunctionCall1(int8_numeric, Int64GetDatum(value)); }
int DisplayScale(Datum value) { return DatumGetInt32(DirectFunctionCall1(numeric_scale, value)); }

/* 10^-scale with display scale `scale`. */
Datum Unit(int scale) {
    StringInfoData text;
    initStringInfo(&text);
    appendStringInfo(&text, "1e-%d", scale);
    return DirectFunctionCall3(numeric_in, CStringGetDatum(text.data), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/* The square root of value (>= 0) rounded half up to `scale` decimals. */
Datum RoundedSqrt(Datum value, int scale) {
    Datum root = DirectFunctionCall1(numeric_sqrt, value);
    if (DisplayScale(root) == scale)
        return root; /* sqrt() rounded at this very scale */
    Datum unit = Unit(scale);
    Datum floor_root = DirectFunctionCall2(numeric_trunc, root, Int32GetDatum(scale));
    while (Compare(Mul(floor_root, floor_root), value) > 0)
        floor_root = Sub(floor_root, unit);
    Datum next = Add(floor_root, unit);
    while (Compare(Mul(next, next), value) <= 0) {
        floor_root = next;
        next = Add(floor_root, unit);
    }
    Datum half = Add(floor_root, DirectFunctionCall2(numeric_div, unit, FromInt64(2)));
    return Compare(Mul(half, half), value) <= 0 ? next : floor_root;
}

Datum VarianceFinal(PG_FUNCTION_ARGS) {
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
        PG_RETURN_NULL();
    Datum sum_x = PG_GETARG_DATUM(0);
    Datum sum_x2 = PG_GETARG_DATUM(1);
    int64 n = PG_GETARG_INT64(2);
    int32 kind = PG_GETARG_INT32(3);
    bool sample = (kind & kSample) != 0;
    if (n <= (sample ? 1 : 0))
        PG_RETURN_NULL();
    Datum count = FromInt64(n);
    Datum numerator = Sub(Mul(count, sum_x2), Mul(sum_x, sum_x));
    if (Compare(numerator, FromInt64(0)) <= 0)
        PG_RETURN_DATUM(FromInt64(0));
    Datum denominator = Mul(count, sample ? FromInt64(n - 1) : count);
    Datum variance = DirectFunctionCall2(numeric_div, numerator, denominator);
    if ((kind & kStddev) == 0)
        PG_RETURN_DATUM(variance);
    PG_RETURN_DATUM(RoundedSqrt(variance, DisplayScale(variance)));
}

} // namespace

Datum pg_fusion_numeric_variance_final(PG_FUNCTION_ARGS) { return pgf::CallSqlFunction(VarianceFinal, fcinfo); }
