/*
 * value_codec.h — PostgreSQL Datums to page values and back, one function per type.
 *
 * The scan side picks a ValueEncoder per column once per scan; the result side picks a
 * ValueImporter per column once per query; no per-value type switch. Conversions are exact:
 *   date       PostgreSQL days since 2000  <-> days since 1970; +/-infinity <-> +/-INT32_MAX
 *   timestamp  PostgreSQL µs since 2000    <-> µs since 1970;   +/-infinity <-> +/-INT64_MAX
 *   numeric    base-10000 digits           <-> scaled integer of the column's scale
 *   char(n)    trailing spaces removed going in, padded to n characters coming out
 *   interval, time, uuid, bytea, json, ... (IsTextCarriedType): the type's output function
 *              going in, its input function coming out (every one of them reads back the
 *              value its output function wrote)
 * Domains are coded as their base type.
 * Encoders may raise ERROR (detoasting, NaN in a decimal column): PostgreSQL-style callers only.
 */
#pragma once

#include "common/column_type.h"
#include "common/decimal_codec.h"
#include "common/page_layout.h"

#include "backend/pg.h"

namespace pgf {

/* A text-carried column's output (scans) or input (results) function, looked up once per
 * column in the memory context that outlives the column's use. */
struct TextIo {
    FmgrInfo function;
    Oid io_param; /* input functions only */
};

/* The text functions of a column of type (a domain's own input function checks its
 * constraints), or nullptr when the type is not carried as text. */
TextIo* TextOutputFor(Oid type);
TextIo* TextInputFor(Oid type);

/* Writes a non-null value into the row being built; false if a string did not fit. io is the
 * column's TextOutputFor. */
using ValueEncoder = bool (*)(PageWriter* writer, uint16_t column, Datum value, const ColumnSpec& spec,
                              const TextIo* io);

/* Builds the Datum of a non-null page value (by-reference results are palloc'd). io is the
 * column's TextInputFor. */
using ValueImporter = Datum (*)(const PageView& page, uint16_t column, uint32_t row, const ColumnSpec& spec,
                                int32 typmod, const TextIo* io);

ValueEncoder EncoderFor(Oid type, const ColumnSpec& spec);
ValueImporter ImporterFor(Oid type, const ColumnSpec& spec);

/* Exposed for tests of the numeric bridge. */
Datum ScaledToNumericDatum(int128 value, int scale);

} // namespace pgf
