/*
 * literals.cpp — constants and identifiers in engine SQL.
 *
 * Every constant is rendered with an explicit engine type, so DuckDB never infers a type
 * that PostgreSQL did not: CAST(42 AS INTEGER), CAST('12.50' AS DECIMAL(4,2)),
 * CAST('2024-01-01' AS DATE). Values are written independently of the session's
 * DateStyle/extra_float_digits: dates and timestamps in ISO form computed from the stored
 * value, floats as the shortest string that reads back to the same bits. String literals
 * are '...' with quotes doubled; DuckDB treats backslashes in them literally (standard
 * conforming strings), so a literal cannot end early or inject SQL.
 */
#include "backend/planner/planner_internal.h"

#include "backend/types/type_mapping.h"

extern "C" {
#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "common/shortest_dec.h"
#include "datatype/timestamp.h"
#include "mb/pg_wchar.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"
}

namespace pgf {
namespace planner {

namespace {

/* Years outside 1..9999 have spellings that differ between the two systems. */
void CheckYear(int year) {
    if (year < 1 || year > 9999)
        Unsupported("date/time constants outside years 1-9999");
}

void AppendDate(StringInfo buf, DateADT date) {
    if (DATE_IS_NOBEGIN(date)) {
        appendStringInfoString(buf, "CAST('-infinity' AS DATE)");
        return;
    }
    if (DATE_IS_NOEND(date)) {
        appendStringInfoString(buf, "CAST('infinity' AS DATE)");
        return;
    }
    int year, month, day;
    j2date(date + POSTGRES_EPOCH_JDATE, &year, &month, &day);
    CheckYear(year);
    appendStringInfo(buf, "CAST('%04d-%02d-%02d' AS DATE)", year, month, day);
}

/* timestamptz values are instants: written in UTC with an explicit offset, so the engine's
 * TimeZone setting does not matter. */
void AppendTimestamp(StringInfo buf, Timestamp ts, bool with_zone) {
    const char* type = with_zone ? "TIMESTAMPTZ" : "TIMESTAMP";
    if (TIMESTAMP_IS_NOBEGIN(ts)) {
        appendStringInfo(buf, "CAST('-infinity' AS %s)", type);
        return;
    }
    if (TIMESTAMP_IS_NOEND(ts)) {
        appendStringInfo(buf, "CAST('infinity' AS %s)", type);
        return;
    }
    struct pg_tm tm;
    fsec_t fsec;
    if (timestamp2tm(ts, nullptr, &tm, &fsec, nullptr, nullptr) != 0)
        ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("timestamp out of range")));
    CheckYear(tm.tm_year);
    appendStringInfo(buf, "CAST('%04d-%02d-%02d %02d:%02d:%02d.%06d%s' AS %s)", tm.tm_year, tm.tm_mon,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int) fsec, with_zone ? "+00" : "", type);
}

void AppendFloat(StringInfo buf, double value, bool is_float4) {
    const char* type = is_float4 ? "FLOAT" : "DOUBLE";
    if (isnan(value)) {
        appendStringInfo(buf, "CAST('NaN' AS %s)", type);
        return;
    }
    if (isinf(value)) {
        appendStringInfo(buf, "CAST('%s' AS %s)", value > 0 ? "Infinity" : "-Infinity", type);
        return;
    }
    char digits[64];
    if (is_float4)
        float_to_shortest_decimal_buf((float) value, digits);
    else
        double_to_shortest_decimal_buf(value, digits);
    appendStringInfo(buf, "CAST('%s' AS %s)", digits, type);
}

char* NumericConstText(Const* c) {
    Numeric num = DatumGetNumeric(c->constvalue);
    if (numeric_is_nan(num) || numeric_is_inf(num))
        Unsupported("numeric NaN or infinity constants");
    return DatumGetCString(DirectFunctionCall1(numeric_out, c->constvalue));
}

void AppendNumeric(StringInfo buf, Const* c) {
    const char* text = NumericConstText(c);
    int integer_digits = 0;
    bool leading = true;
    const char* p = text;
    if (*p == '-')
        p++;
    for (; *p != '\0' && *p != '.'; p++) {
        if (leading && *p == '0')
            continue;
        leading = false;
        integer_digits++;
    }
    int scale = NumericConstScale(c);
    int precision = integer_digits + scale;
    if (precision < 1)
        precision = 1;
    if (precision > 38)
        Unsupported("numeric constants with more than 38 digits");
    appendStringInfo(buf, "CAST('%s' AS DECIMAL(%d,%d))", text, precision, scale);
}

void AppendText(StringInfo buf, Const* c, bool strip_trailing_spaces) {
    if (GetDatabaseEncoding() != PG_UTF8)
        Unsupported("text constants in a database whose encoding is not UTF8");
    char* value = TextDatumGetCString(c->constvalue);
    if (strip_trailing_spaces) {
        size_t len = strlen(value);
        while (len > 0 && value[len - 1] == ' ')
            value[--len] = '\0';
    }
    appendStringInfoString(buf, "CAST(");
    AppendStringLiteral(buf, value);
    appendStringInfoString(buf, " AS VARCHAR)");
}

} // namespace

void AppendQuotedIdent(StringInfo buf, const char* ident) {
    appendStringInfoChar(buf, '"');
    for (const char* p = ident; *p != '\0'; p++) {
        if (*p == '"')
            appendStringInfoChar(buf, '"');
        appendStringInfoChar(buf, *p);
    }
    appendStringInfoChar(buf, '"');
}

/* \x01 marks parameters in engine SQL (engine_parameters.cpp): a literal spells it chr(1). */
void AppendStringLiteral(StringInfo buf, const char* text) {
    appendStringInfoChar(buf, '\'');
    for (const char* p = text; *p != '\0'; p++) {
        if (*p == '\x01') {
            appendStringInfoString(buf, "' || chr(1) || '");
            continue;
        }
        if (*p == '\'')
            appendStringInfoChar(buf, '\'');
        appendStringInfoChar(buf, *p);
    }
    appendStringInfoChar(buf, '\'');
}

int NumericConstScale(Const* c) {
    const char* point = strchr(NumericConstText(c), '.');
    return point == nullptr ? 0 : (int) strlen(point + 1);
}

void DeparseConst(Const* c, StringInfo buf) {
    if (c->constisnull) {
        /* An unconstrained numeric NULL takes its scale from its context; DuckDB's NULL
         * literal does the same. */
        if (c->consttype == NUMERICOID && c->consttypmod < 0) {
            appendStringInfoString(buf, "NULL");
            return;
        }
        ColumnSpec spec;
        const char* reason = nullptr;
        if (!ColumnSpecForType(c->consttype, c->consttypmod, &spec, &reason))
            Unsupported(psprintf("type %s", format_type_with_typemod(c->consttype, c->consttypmod)));
        appendStringInfo(buf, "CAST(NULL AS %s)", EngineTypeName(c->consttype, c->consttypmod));
        return;
    }
    switch (c->consttype) {
    case BOOLOID:
        appendStringInfoString(buf, DatumGetBool(c->constvalue) ? "TRUE" : "FALSE");
        return;
    case INT2OID:
        appendStringInfo(buf, "CAST(%d AS SMALLINT)", (int) DatumGetInt16(c->constvalue));
        return;
    case INT4OID:
        appendStringInfo(buf, "CAST(%d AS INTEGER)", DatumGetInt32(c->constvalue));
        return;
    case INT8OID:
        appendStringInfo(buf, "CAST(" INT64_FORMAT " AS BIGINT)", DatumGetInt64(c->constvalue));
        return;
    case FLOAT4OID:
        AppendFloat(buf, DatumGetFloat4(c->constvalue), true);
        return;
    case FLOAT8OID:
        AppendFloat(buf, DatumGetFloat8(c->constvalue), false);
        return;
    case NUMERICOID:
        AppendNumeric(buf, c);
        return;
    case TEXTOID:
    case VARCHAROID:
        AppendText(buf, c, false);
        return;
    case BPCHAROID:
        AppendText(buf, c, true);
        return;
    case DATEOID:
        AppendDate(buf, DatumGetDateADT(c->constvalue));
        return;
    case TIMESTAMPOID:
        AppendTimestamp(buf, DatumGetTimestamp(c->constvalue), false);
        return;
    case TIMESTAMPTZOID:
        AppendTimestamp(buf, DatumGetTimestampTz(c->constvalue), true);
        return;
    case UUIDOID: {
        /* the canonical text the engine compares uuid values as */
        appendStringInfoString(buf, "CAST(");
        AppendStringLiteral(buf, DatumGetCString(DirectFunctionCall1(uuid_out, c->constvalue)));
        appendStringInfoString(buf, " AS VARCHAR)");
        return;
    }
    default:
        Unsupported(psprintf("type %s", format_type_be(c->consttype)));
    }
}

} // namespace planner
} // namespace pgf
