/*
 * checked_arithmetic_function.cpp — pgf_int_div, pgf_int_mod and pgf_float_* (see
 * checked_arithmetic_function.hpp).
 *
 * Errors are DuckDB exceptions carrying PostgreSQL's message (the query runner maps
 * "division by zero" to 22012 and out-of-range to 22003); a foreign exception type thrown
 * here could invalidate the database.
 */
#include "checked_arithmetic_function.hpp"

#include <cmath>
#include <limits>

namespace pgf {

namespace {

template <typename T> const char* IntegerRangeMessage();
template <> const char* IntegerRangeMessage<int16_t>() { return "smallint out of range"; }
template <> const char* IntegerRangeMessage<int32_t>() { return "integer out of range"; }
template <> const char* IntegerRangeMessage<int64_t>() { return "bigint out of range"; }

struct IntDivide {
    template <typename T> static T Apply(T a, T b) {
        if (b == 0)
            throw duckdb::InvalidInputException("division by zero");
        if (b == -1) {
            /* the one quotient that does not fit: the minimum divided by -1 */
            if (a == std::numeric_limits<T>::min())
                throw duckdb::OutOfRangeException(IntegerRangeMessage<T>());
            return static_cast<T>(-a);
        }
        return static_cast<T>(a / b);
    }
};

struct IntModulo {
    template <typename T> static T Apply(T a, T b) {
        if (b == 0)
            throw duckdb::InvalidInputException("division by zero");
        if (b == -1)
            return 0; /* C's minimum % -1 traps; the remainder is always 0 */
        return static_cast<T>(a % b);
    }
};

[[noreturn]] void Overflow() { throw duckdb::OutOfRangeException("value out of range: overflow"); }
[[noreturn]] void Underflow() { throw duckdb::OutOfRangeException("value out of range: underflow"); }

struct FloatAdd {
    template <typename T> static T Apply(T a, T b) {
        T result = a + b;
        if (std::isinf(result) && !std::isinf(a) && !std::isinf(b))
            Overflow();
        return result;
    }
};

struct FloatSubtract {
    template <typename T> static T Apply(T a, T b) {
        T result = a - b;
        if (std::isinf(result) && !std::isinf(a) && !std::isinf(b))
            Overflow();
        return result;
    }
};

struct FloatMultiply {
    template <typename T> static T Apply(T a, T b) {
        T result = a * b;
        if (std::isinf(result) && !std::isinf(a) && !std::isinf(b))
            Overflow();
        if (result == 0 && a != 0 && b != 0)
            Underflow();
        return result;
    }
};

struct FloatDivide {
    template <typename T> static T Apply(T a, T b) {
        if (b == 0 && !std::isnan(a))
            throw duckdb::InvalidInputException("division by zero");
        T result = a / b;
        if (std::isinf(result) && !std::isinf(a))
            Overflow();
        if (result == 0 && a != 0 && !std::isinf(b))
            Underflow();
        return result;
    }
};

template <typename Op, typename T> void Execute(duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
    duckdb::BinaryExecutor::Execute<T, T, T>(args.data[0], args.data[1], result, args.size(),
                                             [](T a, T b) { return Op::template Apply<T>(a, b); });
}

template <typename Op, typename T> void AddOverload(duckdb::ScalarFunctionSet& set, const duckdb::LogicalType& type) {
    set.AddFunction(duckdb::ScalarFunction({type, type}, type, Execute<Op, T>));
}

template <typename Op> duckdb::ScalarFunctionSet IntegerFunction(const char* name) {
    duckdb::ScalarFunctionSet set(name);
    AddOverload<Op, int16_t>(set, duckdb::LogicalType::SMALLINT);
    AddOverload<Op, int32_t>(set, duckdb::LogicalType::INTEGER);
    AddOverload<Op, int64_t>(set, duckdb::LogicalType::BIGINT);
    return set;
}

template <typename Op> duckdb::ScalarFunctionSet FloatFunction(const char* name) {
    duckdb::ScalarFunctionSet set(name);
    AddOverload<Op, float>(set, duckdb::LogicalType::FLOAT);
    AddOverload<Op, double>(set, duckdb::LogicalType::DOUBLE);
    return set;
}

} // namespace

duckdb::vector<duckdb::ScalarFunctionSet> MakeCheckedArithmeticFunctions() {
    return {IntegerFunction<IntDivide>("pgf_int_div"),     IntegerFunction<IntModulo>("pgf_int_mod"),
            FloatFunction<FloatAdd>("pgf_float_add"),      FloatFunction<FloatSubtract>("pgf_float_sub"),
            FloatFunction<FloatMultiply>("pgf_float_mul"), FloatFunction<FloatDivide>("pgf_float_div")};
}

} // namespace pgf
