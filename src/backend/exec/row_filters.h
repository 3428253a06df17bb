/*
 * row_filters.h — the engine's forwarded filters (OpenScan, protocol.h), checked by a scan
 * producer on each row before the row is kept in its page.
 *
 * A filter compares one column's value, as the encoder wrote it into the row being built
 * (page_layout.h), with constants in the same representation: fixed-width integers (integers,
 * dates, timestamps, decimals) numerically, strings bytewise as the engine compares them; an IN
 * list is a Bloom filter in front of a hash set of the keys (no key of the list is ever
 * dropped); a join's key filter (KeyBloom) is the Bloom filter alone, which only drops keys no
 * build row has. NULL passes no filter, as in the engine. The engine applies every filter again
 * itself (the join its condition), so a producer only drops rows the engine would drop: filters
 * it cannot check (another type, a malformed message) are left out, never guessed.
 *
 * The filters live in palloc'd memory; building them may raise (PostgreSQL-style callers).
 */
#pragma once

#include <cstdint>

#include "common/column_type.h"
#include "common/page_layout.h"

namespace pgf {

struct RowFilters;

/* The filters of an encoded OpenScan message for a scan of these columns; nullptr if none
 * can be checked. */
RowFilters* RowFiltersBuild(const char* open_message, uint32_t length, const ColumnType* types, int column_count);

/* Whether column is read by a filter (the producer encodes those columns first). */
bool RowFiltersRead(const RowFilters* filters, int column);

/* Whether the row being built passes every filter; only the filtered columns need be set. */
bool RowFiltersPass(const RowFilters* filters, const PageWriter& row);

} // namespace pgf
