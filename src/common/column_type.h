/*
 * column_type.h — the physical column types that cross the shared-memory boundary.
 *
 * Every value in a page is already in the engine's in-memory representation, so the
 * engine can import a column without converting it:
 *   Bool      1 byte, 0 or 1
 *   IntN      little-endian two's complement
 *   FloatN    IEEE 754
 *   DecimalN  scaled integer (value * 10^scale); the width follows the engine's rule:
 *             precision <= 4 -> 16 bit, <= 9 -> 32 bit, <= 18 -> 64 bit, <= 38 -> 128 bit
 *             (128 bit = {uint64 lower; int64 upper})
 *   Varchar   16-byte string view (see page_layout.h), bytes in the page's heap
 *   Date      int32 days since 1970-01-01; +/-infinity = +/-INT32_MAX
 *   Timestamp int64 microseconds since 1970-01-01 00:00:00; +/-infinity = +/-INT64_MAX
 *   TimestampTz same as Timestamp, in UTC
 *
 * Knows neither PostgreSQL nor DuckDB.
 */
#pragma once

#include <cstdint>

namespace pgf {

enum class ColumnType : uint8_t {
    Bool = 1,
    Int16,
    Int32,
    Int64,
    Float32,
    Float64,
    Decimal16,
    Decimal32,
    Decimal64,
    Decimal128,
    Varchar,
    Date,
    Timestamp,
    TimestampTz,
};

/* A column's type with the decimal precision/scale that the page layout does not carry. */
struct ColumnSpec {
    ColumnType type;
    uint8_t precision; /* decimals only, 1..38 */
    uint8_t scale;     /* decimals only, 0..precision */
};

constexpr uint32_t kStringViewBytes = 16;
constexpr uint32_t kStringInlineBytes = 12;

/* Bytes one value occupies in a page's values array. */
uint32_t ColumnValueWidth(ColumnType type);

/* The decimal physical type the engine uses for a given precision (1..38). */
ColumnType DecimalTypeForPrecision(int precision);

bool IsValidColumnType(uint8_t raw);

const char* ColumnTypeName(ColumnType type);

} // namespace pgf
