/*
 * checked_arithmetic_function.hpp — integer division and modulo, and float + - * /, with
 * PostgreSQL's checks, as engine scalar functions.
 *
 *   pgf_int_div(a, b), pgf_int_mod(a, b)        SMALLINT, INTEGER, BIGINT (both operands of
 *                                               the result type): int2div/int4div/int8div and
 *                                               the mod functions
 *   pgf_float_add/sub/mul/div(a, b)             FLOAT, DOUBLE: float.h's float4/float8 checks
 *
 * DuckDB returns NULL for a zero divisor and plain IEEE results for floats; PostgreSQL raises
 * "division by zero" and "value out of range: overflow/underflow". Written as CASE
 * expressions these checks repeat each operand, and an operand holding a subquery then reads
 * its scan twice: as functions every operand is evaluated once. All are strict (NULL in,
 * NULL out, no check), as PostgreSQL's functions are.
 */
#pragma once

#include "duckdb.hpp"

namespace pgf {

/* Every function above, one set per name. */
duckdb::vector<duckdb::ScalarFunctionSet> MakeCheckedArithmeticFunctions();

} // namespace pgf
