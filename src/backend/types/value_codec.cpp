#include "backend/types/value_codec.h"

#include "backend/types/type_mapping.h"

#include <climits>

extern "C" {
#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "mb/pg_wchar.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
}

namespace pgf {

namespace {

/* Days and microseconds between 1970-01-01 and 2000-01-01, PostgreSQL's epoch. */
constexpr int32 kEpochDays = POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE;
constexpr int64 kEpochMicros = static_cast<int64>(kEpochDays) * USECS_PER_DAY;

/*
 * numeric's stable on-disk header (numeric.c keeps the struct private; pg_upgrade keeps
 * the format): a uint16 word, then for the long form an int16 weight, then int16 digits.
 */
constexpr uint16 kNumericSignMask = 0xC000;
constexpr uint16 kNumericNeg = 0x4000;
constexpr uint16 kNumericShort = 0x8000;
constexpr uint16 kNumericSpecial = 0xC000;
constexpr uint16 kShortSignMask = 0x2000;
constexpr uint16 kShortWeightSignMask = 0x0040;
constexpr uint16 kShortWeightMask = 0x003F;
constexpr uint16 kLongDscaleMask = 0x3FFF;

/* ---- encoders ---------------------------------------------------------------------- */

bool EncodeBool(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo*) {
    w->SetValue<uint8_t>(c, DatumGetBool(v) ? 1 : 0);
    return true;
}
bool EncodeInt16(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo*) {
    w->SetValue<int16_t>(c, DatumGetInt16(v));
    return true;
}
bool EncodeInt32(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo*) {
    w->SetValue<int32_t>(c, DatumGetInt32(v));
    return true;
}
bool EncodeInt64(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo*) {
    w->SetValue<int64_t>(c, DatumGetInt64(v));
    return true;
}
bool EncodeFloat32(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo*) {
    w->SetValue<float>(c, DatumGetFloat4(v));
    return true;
}
bool EncodeFloat64(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo*) {
    w->SetValue<double>(c, DatumGetFloat8(v));
    return true;
}

/* pg_detoast_datum_packed without a call for the usual in-line, uncompressed value. */
inline struct varlena* UntoastedPacked(Datum v) {
    auto* value = reinterpret_cast<struct varlena*>(DatumGetPointer(v));
    if (VARATT_IS_COMPRESSED(value) || VARATT_IS_EXTERNAL(value))
        return pg_detoast_datum_packed(value);
    return value;
}

bool EncodeText(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo*) {
    struct varlena* text = UntoastedPacked(v);
    return w->SetString(c, VARDATA_ANY(text), VARSIZE_ANY_EXHDR(text));
}

bool EncodeBpchar(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo*) {
    struct varlena* text = UntoastedPacked(v);
    const char* data = VARDATA_ANY(text);
    uint32_t length = VARSIZE_ANY_EXHDR(text);
    while (length > 0 && data[length - 1] == ' ')
        length--;
    return w->SetString(c, data, length);
}

/* Types the engine only carries: their text form, as PostgreSQL's output function writes it. */
bool EncodeViaText(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo* io) {
    char* text = OutputFunctionCall(const_cast<FmgrInfo*>(&io->function), v);
    bool stored = w->SetString(c, text, static_cast<uint32_t>(strlen(text)));
    pfree(text);
    return stored;
}

bool EncodeDate(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo*) {
    DateADT d = DatumGetDateADT(v);
    int32_t out;
    if (DATE_IS_NOBEGIN(d))
        out = -INT32_MAX;
    else if (DATE_IS_NOEND(d))
        out = INT32_MAX;
    else
        out = d + kEpochDays;
    w->SetValue<int32_t>(c, out);
    return true;
}

bool EncodeTimestamp(PageWriter* w, uint16_t c, Datum v, const ColumnSpec&, const TextIo*) {
    int64 t = DatumGetInt64(v);
    int64_t out;
    if (TIMESTAMP_IS_NOBEGIN(t))
        out = -INT64_MAX;
    else if (TIMESTAMP_IS_NOEND(t))
        out = INT64_MAX;
    else
        out = t + kEpochMicros;
    w->SetValue<int64_t>(c, out);
    return true;
}

/* A numeric's sign, weight and digit groups, read in place from its (untoasted) body. */
struct NumericParts {
    bool negative;
    int weight;
    int ndigits;
    const char* digits; /* not aligned */
};

NumericParts ReadNumeric(Datum v) {
    struct varlena* raw = UntoastedPacked(v);
    const char* body = VARDATA_ANY(raw);
    uint32_t body_length = VARSIZE_ANY_EXHDR(raw);
    uint16 header;
    memcpy(&header, body, sizeof(header));
    if ((header & kNumericSignMask) == kNumericSpecial)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("pg_fusion: numeric NaN or infinity values are not supported")));
    NumericParts parts;
    int header_bytes;
    if ((header & kNumericSignMask) == kNumericShort) {
        parts.negative = (header & kShortSignMask) != 0;
        /* a 7-bit two's complement weight */
        parts.weight = static_cast<int>(header & kShortWeightMask) - ((header & kShortWeightSignMask) ? 64 : 0);
        header_bytes = 2;
    } else {
        parts.negative = (header & kNumericSignMask) == kNumericNeg;
        int16 long_weight;
        memcpy(&long_weight, body + 2, sizeof(long_weight));
        parts.weight = long_weight;
        header_bytes = 4;
    }
    parts.ndigits = static_cast<int>((body_length - header_bytes) / sizeof(int16));
    parts.digits = body + header_bytes;
    return parts;
}

int128 NumericToScaled(Datum v, int scale) {
    NumericParts parts = ReadNumeric(v);
    int64_t small;
    if (SmallNumericDigitsToScaled(parts.digits, parts.ndigits, parts.weight, scale, &small))
        return parts.negative ? -small : small;
    int16 digits[64];
    if (parts.ndigits > 64)
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("pg_fusion: numeric value has more than 38 digits")));
    memcpy(digits, parts.digits, parts.ndigits * sizeof(int16));
    int128 scaled;
    if (!NumericDigitsToScaled(digits, parts.ndigits, parts.weight, parts.negative, scale, &scaled))
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("pg_fusion: numeric value does not fit DECIMAL(38,%d)", scale)));
    return scaled;
}

bool EncodeDecimal16(PageWriter* w, uint16_t c, Datum v, const ColumnSpec& spec, const TextIo*) {
    w->SetValue<int16_t>(c, static_cast<int16_t>(NumericToScaled(v, spec.scale)));
    return true;
}
bool EncodeDecimal32(PageWriter* w, uint16_t c, Datum v, const ColumnSpec& spec, const TextIo*) {
    w->SetValue<int32_t>(c, static_cast<int32_t>(NumericToScaled(v, spec.scale)));
    return true;
}
bool EncodeDecimal64(PageWriter* w, uint16_t c, Datum v, const ColumnSpec& spec, const TextIo*) {
    w->SetValue<int64_t>(c, static_cast<int64_t>(NumericToScaled(v, spec.scale)));
    return true;
}
bool EncodeDecimal128(PageWriter* w, uint16_t c, Datum v, const ColumnSpec& spec, const TextIo*) {
    w->SetValue<int128>(c, NumericToScaled(v, spec.scale));
    return true;
}

/* ---- importers --------------------------------------------------------------------- */

Datum ImportBool(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32, const TextIo*) {
    return BoolGetDatum(p.Value<uint8_t>(c, r) != 0);
}
Datum ImportInt16(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32, const TextIo*) {
    return Int16GetDatum(p.Value<int16_t>(c, r));
}
Datum ImportInt32(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32, const TextIo*) {
    return Int32GetDatum(p.Value<int32_t>(c, r));
}
Datum ImportInt64(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32, const TextIo*) {
    return Int64GetDatum(p.Value<int64_t>(c, r));
}
Datum ImportFloat32(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32, const TextIo*) {
    return Float4GetDatum(p.Value<float>(c, r));
}
Datum ImportFloat64(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32, const TextIo*) {
    return Float8GetDatum(p.Value<double>(c, r));
}

Datum ImportText(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32, const TextIo*) {
    uint32_t length;
    const char* data = p.StringData(c, r, &length);
    return PointerGetDatum(cstring_to_text_with_len(data, static_cast<int>(length)));
}

/* char(n): restore the padding PostgreSQL stores, to n characters. */
Datum ImportBpchar(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32 typmod, const TextIo*) {
    uint32_t length;
    const char* data = p.StringData(c, r, &length);
    int target_chars = typmod >= static_cast<int32>(VARHDRSZ) ? typmod - VARHDRSZ : 0;
    int chars = pg_mbstrlen_with_len(data, static_cast<int>(length));
    int pad = target_chars > chars ? target_chars - chars : 0;
    text* result = static_cast<text*>(palloc(VARHDRSZ + length + pad));
    SET_VARSIZE(result, VARHDRSZ + length + pad);
    memcpy(VARDATA(result), data, length);
    memset(VARDATA(result) + length, ' ', pad);
    return PointerGetDatum(result);
}

/* The output function's text read back by the input function: the same value. */
Datum ImportViaText(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32 typmod, const TextIo* io) {
    uint32_t length;
    const char* data = p.StringData(c, r, &length);
    return InputFunctionCall(const_cast<FmgrInfo*>(&io->function), pnstrdup(data, length), io->io_param, typmod);
}

Datum ImportDate(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32, const TextIo*) {
    int32_t d = p.Value<int32_t>(c, r);
    DateADT out;
    if (d == -INT32_MAX || d == INT32_MIN)
        DATE_NOBEGIN(out);
    else if (d == INT32_MAX)
        DATE_NOEND(out);
    else
        out = d - kEpochDays;
    return DateADTGetDatum(out);
}

Datum ImportTimestamp(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec&, int32, const TextIo*) {
    int64_t t = p.Value<int64_t>(c, r);
    int64 out;
    if (t == -INT64_MAX || t == INT64_MIN)
        TIMESTAMP_NOBEGIN(out);
    else if (t == INT64_MAX)
        TIMESTAMP_NOEND(out);
    else
        out = t - kEpochMicros;
    return Int64GetDatum(out);
}

template <typename T> Datum ImportDecimal(const PageView& p, uint16_t c, uint32_t r, const ColumnSpec& spec, int32, const TextIo*) {
    return ScaledToNumericDatum(static_cast<int128>(p.Value<T>(c, r)), spec.scale);
}

} // namespace

Datum ScaledToNumericDatum(int128 value, int scale) {
    int16_t digits[kMaxDecimalDigitGroups];
    int weight;
    bool negative;
    int ndigits = ScaledToNumericDigits(value, scale, digits, &weight, &negative);
    /* Long form: header word (sign | dscale), weight, digits. */
    Size size = VARHDRSZ + 2 * sizeof(uint16) + ndigits * sizeof(int16);
    char* result = static_cast<char*>(palloc(size));
    SET_VARSIZE(result, size);
    uint16 sign_dscale = static_cast<uint16>((negative ? kNumericNeg : 0) | (scale & kLongDscaleMask));
    int16 weight16 = static_cast<int16>(weight);
    memcpy(result + VARHDRSZ, &sign_dscale, sizeof(sign_dscale));
    memcpy(result + VARHDRSZ + 2, &weight16, sizeof(weight16));
    memcpy(result + VARHDRSZ + 4, digits, ndigits * sizeof(int16));
    return PointerGetDatum(result);
}

TextIo* TextOutputFor(Oid type) {
    if (!IsTextCarriedType(getBaseType(type)))
        return nullptr;
    auto* io = static_cast<TextIo*>(palloc0(sizeof(TextIo)));
    Oid output;
    bool is_varlena;
    getTypeOutputInfo(type, &output, &is_varlena);
    fmgr_info(output, &io->function);
    return io;
}

TextIo* TextInputFor(Oid type) {
    if (!IsTextCarriedType(getBaseType(type)))
        return nullptr;
    auto* io = static_cast<TextIo*>(palloc0(sizeof(TextIo)));
    Oid input;
    getTypeInputInfo(type, &input, &io->io_param);
    fmgr_info(input, &io->function);
    return io;
}

ValueEncoder EncoderFor(Oid type, const ColumnSpec& spec) {
    type = getBaseType(type);
    if (IsTextCarriedType(type))
        return EncodeViaText;
    switch (spec.type) {
    case ColumnType::Bool: return EncodeBool;
    case ColumnType::Int16: return EncodeInt16;
    case ColumnType::Int32: return EncodeInt32;
    case ColumnType::Int64: return EncodeInt64;
    case ColumnType::Float32: return EncodeFloat32;
    case ColumnType::Float64: return EncodeFloat64;
    case ColumnType::Decimal16: return EncodeDecimal16;
    case ColumnType::Decimal32: return EncodeDecimal32;
    case ColumnType::Decimal64: return EncodeDecimal64;
    case ColumnType::Decimal128: return EncodeDecimal128;
    case ColumnType::Varchar: return type == BPCHAROID ? EncodeBpchar : EncodeText;
    case ColumnType::Date: return EncodeDate;
    case ColumnType::Timestamp:
    case ColumnType::TimestampTz: return EncodeTimestamp;
    }
    return nullptr;
}

ValueImporter ImporterFor(Oid type, const ColumnSpec& spec) {
    type = getBaseType(type);
    if (IsTextCarriedType(type))
        return ImportViaText;
    switch (spec.type) {
    case ColumnType::Bool: return ImportBool;
    case ColumnType::Int16: return ImportInt16;
    case ColumnType::Int32: return ImportInt32;
    case ColumnType::Int64: return ImportInt64;
    case ColumnType::Float32: return ImportFloat32;
    case ColumnType::Float64: return ImportFloat64;
    case ColumnType::Decimal16: return ImportDecimal<int16_t>;
    case ColumnType::Decimal32: return ImportDecimal<int32_t>;
    case ColumnType::Decimal64: return ImportDecimal<int64_t>;
    case ColumnType::Decimal128: return ImportDecimal<int128>;
    case ColumnType::Varchar: return type == BPCHAROID ? ImportBpchar : ImportText;
    case ColumnType::Date: return ImportDate;
    case ColumnType::Timestamp:
    case ColumnType::TimestampTz: return ImportTimestamp;
    }
    return nullptr;
}

} // namespace pgf
