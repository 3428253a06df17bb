#include "common/column_type.h"

namespace pgf {

uint32_t ColumnValueWidth(ColumnType type) {
    switch (type) {
    case ColumnType::Bool:
        return 1;
    case ColumnType::Int16:
    case ColumnType::Decimal16:
        return 2;
    case ColumnType::Int32:
    case ColumnType::Float32:
    case ColumnType::Decimal32:
    case ColumnType::Date:
        return 4;
    case ColumnType::Int64:
    case ColumnType::Float64:
    case ColumnType::Decimal64:
    case ColumnType::Timestamp:
    case ColumnType::TimestampTz:
        return 8;
    case ColumnType::Decimal128:
    case ColumnType::Varchar:
        return 16;
    }
    return 0;
}

ColumnType DecimalTypeForPrecision(int precision) {
    if (precision <= 4)
        return ColumnType::Decimal16;
    if (precision <= 9)
        return ColumnType::Decimal32;
    if (precision <= 18)
        return ColumnType::Decimal64;
    return ColumnType::Decimal128;
}

bool IsValidColumnType(uint8_t raw) {
    return raw >= static_cast<uint8_t>(ColumnType::Bool) &&
           raw <= static_cast<uint8_t>(ColumnType::TimestampTz);
}

const char* ColumnTypeName(ColumnType type) {
    switch (type) {
    case ColumnType::Bool: return "bool";
    case ColumnType::Int16: return "int16";
    case ColumnType::Int32: return "int32";
    case ColumnType::Int64: return "int64";
    case ColumnType::Float32: return "float32";
    case ColumnType::Float64: return "float64";
    case ColumnType::Decimal16: return "decimal16";
    case ColumnType::Decimal32: return "decimal32";
    case ColumnType::Decimal64: return "decimal64";
    case ColumnType::Decimal128: return "decimal128";
    case ColumnType::Varchar: return "varchar";
    case ColumnType::Date: return "date";
    case ColumnType::Timestamp: return "timestamp";
    case ColumnType::TimestampTz: return "timestamptz";
    }
    return "invalid";
}

} // namespace pgf
