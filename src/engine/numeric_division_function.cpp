/*
 * numeric_division_function.cpp — pgf_numeric_div (see numeric_division_function.hpp).
 *
 * All arithmetic is on magnitudes in unsigned 128-bit integers; the sign is applied last,
 * which is what makes the rounding "half away from zero". Long division produces one decimal
 * digit at a time, so no intermediate exceeds the divisor (< 10^38 < 2^127).
 */
#include "numeric_division_function.hpp"

#include "duckdb/execution/expression_executor.hpp"
#include "duckdb/planner/expression/bound_function_expression.hpp"

namespace pgf {

namespace {

using u128 = unsigned __int128;

constexpr int kMaxWidth = 38;
constexpr int kMinSignificantDigits = 16; /* NUMERIC_MIN_SIG_DIGITS */
constexpr int kBaseDigits = 4;            /* PostgreSQL's numeric base is 10^4 */

u128 PowerOfTen(int exponent) {
    u128 result = 1;
    for (int i = 0; i < exponent; i++)
        result *= 10;
    return result;
}

int DecimalDigits(u128 value) {
    int digits = 0;
    while (value != 0) {
        value /= 10;
        digits++;
    }
    return digits;
}

int FloorDiv(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* The weight and value of the first non-zero base-10^4 digit of magnitude/10^scale, as
 * PostgreSQL's select_div_scale reads them (weight 0, digit 0 for zero). */
void FirstBaseDigit(u128 magnitude, int scale, int* weight, int* digit) {
    if (magnitude == 0) {
        *weight = 0;
        *digit = 0;
        return;
    }
    int exponent = DecimalDigits(magnitude) - 1 - scale; /* of the leading decimal digit */
    *weight = FloorDiv(exponent, kBaseDigits);
    int shift = scale + kBaseDigits * *weight; /* digits below the first base digit */
    *digit = shift >= 0 ? static_cast<int>(magnitude / PowerOfTen(shift))
                        : static_cast<int>(magnitude * PowerOfTen(-shift));
}

/* remainder * 10 = digit * divisor + new remainder, without forming remainder * 10. */
int NextDigit(u128* remainder, u128 divisor) {
    u128 accumulated = 0;
    int digit = 0;
    for (int i = 0; i < 10; i++) {
        if (accumulated >= divisor - *remainder) {
            accumulated -= divisor - *remainder;
            digit++;
        } else {
            accumulated += *remainder;
        }
    }
    *remainder = accumulated;
    return digit;
}

struct DivisionBindData : public duckdb::FunctionData {
    int dividend_scale;
    int divisor_scale;
    int result_scale;
    DivisionBindData(int dividend, int divisor, int result)
        : dividend_scale(dividend), divisor_scale(divisor), result_scale(result) {}
    duckdb::unique_ptr<duckdb::FunctionData> Copy() const override {
        return duckdb::make_uniq<DivisionBindData>(dividend_scale, divisor_scale, result_scale);
    }
    bool Equals(const duckdb::FunctionData& other) const override {
        auto& o = other.Cast<DivisionBindData>();
        return dividend_scale == o.dividend_scale && divisor_scale == o.divisor_scale &&
               result_scale == o.result_scale;
    }
};

duckdb::hugeint_t ToHugeint(u128 magnitude, bool negative) {
    duckdb::hugeint_t value;
    value.lower = static_cast<uint64_t>(magnitude);
    value.upper = static_cast<int64_t>(static_cast<uint64_t>(magnitude >> 64));
    return negative ? -value : value;
}

u128 Magnitude(const duckdb::hugeint_t& value, bool* negative) {
    *negative = value.upper < 0;
    duckdb::hugeint_t positive = *negative ? -value : value;
    return (static_cast<u128>(static_cast<uint64_t>(positive.upper)) << 64) | positive.lower;
}

duckdb::hugeint_t Divide(const duckdb::hugeint_t& a, const duckdb::hugeint_t& b, const DivisionBindData& data) {
    bool a_negative, b_negative;
    u128 dividend = Magnitude(a, &a_negative);
    u128 divisor = Magnitude(b, &b_negative);
    if (divisor == 0)
        throw duckdb::InvalidInputException("division by zero");

    int weight1, digit1, weight2, digit2;
    FirstBaseDigit(dividend, data.dividend_scale, &weight1, &digit1);
    FirstBaseDigit(divisor, data.divisor_scale, &weight2, &digit2);
    int quotient_weight = weight1 - weight2 - (digit1 <= digit2 ? 1 : 0);
    int rscale = kMinSignificantDigits - quotient_weight * kBaseDigits;
    rscale = std::max({rscale, data.dividend_scale, data.divisor_scale, 0});

    /* (dividend / 10^sa) / (divisor / 10^sb) at rscale decimals: dividend * 10^(rscale-sa+sb)
     * / divisor, the power applied digit by digit; one more digit decides the rounding. */
    int extra_digits = rscale - data.dividend_scale + data.divisor_scale;
    u128 limit = PowerOfTen(kMaxWidth);
    u128 quotient = dividend / divisor;
    u128 remainder = dividend % divisor;
    for (int i = 0; i < extra_digits; i++) {
        if (quotient >= limit)
            throw duckdb::OutOfRangeException("pg_fusion: numeric division result does not fit in 38 digits");
        quotient = quotient * 10 + NextDigit(&remainder, divisor);
    }
    if (NextDigit(&remainder, divisor) >= 5)
        quotient++;

    if (rscale > data.result_scale) {
        u128 dropped = PowerOfTen(rscale - data.result_scale);
        if (quotient % dropped != 0)
            throw duckdb::OutOfRangeException(
                "pg_fusion: numeric division result needs %d decimals, more than the engine's %d", rscale,
                data.result_scale);
        quotient /= dropped;
    } else {
        for (int i = rscale; i < data.result_scale; i++) {
            if (quotient >= limit / 10)
                throw duckdb::OutOfRangeException("pg_fusion: numeric division result does not fit in 38 digits");
            quotient *= 10;
        }
    }
    if (quotient >= limit)
        throw duckdb::OutOfRangeException("pg_fusion: numeric division result does not fit in 38 digits");
    return ToHugeint(quotient, a_negative != b_negative);
}

void Execute(duckdb::DataChunk& args, duckdb::ExpressionState& state, duckdb::Vector& result) {
    auto& func_expr = state.expr.Cast<duckdb::BoundFunctionExpression>();
    auto& data = func_expr.bind_info->Cast<DivisionBindData>();
    duckdb::BinaryExecutor::Execute<duckdb::hugeint_t, duckdb::hugeint_t, duckdb::hugeint_t>(
        args.data[0], args.data[1], result, args.size(),
        [&](duckdb::hugeint_t a, duckdb::hugeint_t b) { return Divide(a, b, data); });
}

/* Both operands become DECIMAL(38, their scale), so the function reads 128-bit values; the
 * third argument, a constant, is the result's scale. */
duckdb::unique_ptr<duckdb::FunctionData> Bind(duckdb::ClientContext& context, duckdb::ScalarFunction& function,
                                              duckdb::vector<duckdb::unique_ptr<duckdb::Expression>>& arguments) {
    int scales[2];
    for (int i = 0; i < 2; i++) {
        const duckdb::LogicalType& type = arguments[i]->return_type;
        if (type.id() != duckdb::LogicalTypeId::DECIMAL)
            throw duckdb::BinderException("pgf_numeric_div takes DECIMAL operands, not %s", type.ToString());
        scales[i] = duckdb::DecimalType::GetScale(type);
        function.arguments[i] = duckdb::LogicalType::DECIMAL(kMaxWidth, scales[i]);
    }
    if (!arguments[2]->IsFoldable())
        throw duckdb::BinderException("pgf_numeric_div takes a constant result scale");
    duckdb::Value requested = duckdb::ExpressionExecutor::EvaluateScalar(context, *arguments[2]);
    int result_scale = requested.IsNull() ? -1 : requested.GetValue<int32_t>();
    if (result_scale < std::max(scales[0], scales[1]) || result_scale > kMaxWidth)
        throw duckdb::BinderException("pgf_numeric_div: result scale %d out of range", result_scale);
    function.return_type = duckdb::LogicalType::DECIMAL(kMaxWidth, result_scale);
    return duckdb::make_uniq<DivisionBindData>(scales[0], scales[1], result_scale);
}

} // namespace

duckdb::ScalarFunction MakeNumericDivisionFunction() {
    return duckdb::ScalarFunction("pgf_numeric_div",
                                  {duckdb::LogicalType(duckdb::LogicalTypeId::DECIMAL),
                                   duckdb::LogicalType(duckdb::LogicalTypeId::DECIMAL), duckdb::LogicalType::INTEGER},
                                  duckdb::LogicalType(duckdb::LogicalTypeId::DECIMAL), Execute, Bind);
}

} // namespace pgf
