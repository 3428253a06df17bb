#include "backend/types/type_mapping.h"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
}

namespace pgf {

namespace {

constexpr int kMaxEnginePrecision = 38;

/* numeric's typmod packs ((precision << 16) | scale) + VARHDRSZ; scale may be negative in PG15. */
bool DecodeNumericTypmod(int32 typmod, int* precision, int* scale) {
    if (typmod < (int32)VARHDRSZ)
        return false;
    int32 packed = typmod - VARHDRSZ;
    *precision = (packed >> 16) & 0xFFFF;
    *scale = ((packed & 0x7FF) ^ 1024) - 1024;
    return true;
}

} // namespace

bool IsTextCarriedType(Oid type) {
    if (OidIsValid(get_element_type(type)))
        return true; /* arrays: array_out's text, read back by array_in */
    switch (type) {
    case INTERVALOID:
    case TIMEOID:
    case TIMETZOID:
    case UUIDOID:
    case BYTEAOID:
    case JSONOID:
    case JSONBOID:
    case INETOID:
    case CIDROID:
    case MACADDROID:
        return true;
    default:
        return false;
    }
}

bool IsTextComparableType(Oid type) { return type == UUIDOID; }

bool ColumnSpecForType(Oid type, int32 typmod, ColumnSpec* spec, const char** reason) {
    spec->precision = 0;
    spec->scale = 0;
    type = getBaseTypeAndTypmod(type, &typmod);
    if (IsTextCarriedType(type)) {
        spec->type = ColumnType::Varchar;
        return true;
    }
    switch (type) {
    case BOOLOID:
        spec->type = ColumnType::Bool;
        return true;
    case INT2OID:
        spec->type = ColumnType::Int16;
        return true;
    case INT4OID:
        spec->type = ColumnType::Int32;
        return true;
    case INT8OID:
        spec->type = ColumnType::Int64;
        return true;
    case FLOAT4OID:
        spec->type = ColumnType::Float32;
        return true;
    case FLOAT8OID:
        spec->type = ColumnType::Float64;
        return true;
    case NUMERICOID: {
        int precision, scale;
        if (!DecodeNumericTypmod(typmod, &precision, &scale)) {
            *reason = "numeric without precision and scale";
            return false;
        }
        if (precision > kMaxEnginePrecision || scale < 0 || scale > precision) {
            *reason = "numeric with precision above 38 or negative scale";
            return false;
        }
        spec->type = DecimalTypeForPrecision(precision);
        spec->precision = static_cast<uint8_t>(precision);
        spec->scale = static_cast<uint8_t>(scale);
        return true;
    }
    case TEXTOID:
    case VARCHAROID:
    case BPCHAROID:
        spec->type = ColumnType::Varchar;
        return true;
    case DATEOID:
        spec->type = ColumnType::Date;
        return true;
    case TIMESTAMPOID:
        spec->type = ColumnType::Timestamp;
        return true;
    case TIMESTAMPTZOID:
        spec->type = ColumnType::TimestampTz;
        return true;
    default:
        *reason = "this data type";
        return false;
    }
}

char* EngineTypeName(Oid type, int32 typmod) {
    ColumnSpec spec;
    const char* reason = nullptr;
    if (!ColumnSpecForType(type, typmod, &spec, &reason))
        elog(ERROR, "pg_fusion: type %u has no engine type", type);
    switch (spec.type) {
    case ColumnType::Bool: return pstrdup("BOOLEAN");
    case ColumnType::Int16: return pstrdup("SMALLINT");
    case ColumnType::Int32: return pstrdup("INTEGER");
    case ColumnType::Int64: return pstrdup("BIGINT");
    case ColumnType::Float32: return pstrdup("FLOAT");
    case ColumnType::Float64: return pstrdup("DOUBLE");
    case ColumnType::Decimal16:
    case ColumnType::Decimal32:
    case ColumnType::Decimal64:
    case ColumnType::Decimal128: return psprintf("DECIMAL(%d,%d)", spec.precision, spec.scale);
    case ColumnType::Varchar: return pstrdup("VARCHAR");
    case ColumnType::Date: return pstrdup("DATE");
    case ColumnType::Timestamp: return pstrdup("TIMESTAMP");
    case ColumnType::TimestampTz: return pstrdup("TIMESTAMPTZ");
    }
    return pstrdup("VARCHAR");
}

} // namespace pgf
