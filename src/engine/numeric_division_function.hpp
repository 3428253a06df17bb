/*
 * numeric_division_function.hpp — pgf_numeric_div(a, b, scale): PostgreSQL's numeric division
 * (numeric_div, and so avg of integers and numerics), value for value.
 *
 * PostgreSQL chooses the quotient's scale from the operands: at least 16 significant
 * digits, at least either operand's display scale (select_div_scale), and rounds the exact
 * quotient half away from zero to it. Arguments are DECIMAL(38, s) whose scale is the
 * operand's PostgreSQL display scale (the planner casts them so). The result is that rounded
 * value as DECIMAL(38, scale), scale a constant the planner picks from the quotient's largest
 * possible integer part; a quotient needing more decimals than that, or more than 38 digits,
 * raises instead of being rounded twice. The result's scale is not
 * PostgreSQL's display scale, so the planner uses it only where the value alone matters
 * (comparisons, sort keys); in the select list PostgreSQL divides itself.
 */
#pragma once

#include "duckdb.hpp"

namespace pgf {

duckdb::ScalarFunction MakeNumericDivisionFunction();

} // namespace pgf
