/*
 * type_mapping.h — which PostgreSQL types cross into the engine, and as what.
 *
 * One place decides, by type OID (never by name), how a PostgreSQL type is carried in pages
 * (ColumnSpec), which DuckDB SQL type names it in engine SQL, and why a type is refused.
 * A domain is carried as its base type (its constraints held when the value was stored).
 *
 *   bool -> Bool/BOOLEAN         int2/int4/int8 -> Int16/32/64 SMALLINT/INTEGER/BIGINT
 *   float4/float8 -> FLOAT/DOUBLE
 *   numeric(p,s), p <= 38 -> DecimalN DECIMAL(p,s); numeric without typmod is refused as a
 *     column type (see EngineNumericScale for numeric expressions)
 *   text, varchar(n) -> Varchar VARCHAR
 *   char(n) -> Varchar VARCHAR, trailing spaces removed on the way in (PostgreSQL ignores them
 *     in comparisons) and restored to n characters on the way out
 *   date -> Date DATE, timestamp -> Timestamp TIMESTAMP, timestamptz -> TimestampTz TIMESTAMPTZ
 *   interval, time, timetz, uuid, bytea, json, jsonb, inet, cidr, macaddr, arrays -> Varchar VARCHAR
 *     holding the type's text form (IsTextCarriedType): the engine carries these values
 *     through joins, outer joins, window functions and CASE, but never compares, groups,
 *     orders or computes with them (the planner refuses that; PostgreSQL's scans can) —
 *     except uuid, whose canonical text compares and orders like its bytes
 */
#pragma once

#include "common/column_type.h"

#include "backend/pg.h"

namespace pgf {

/* Fills *spec and returns true if values of (type, typmod) can be carried; else returns
 * false and sets *reason to a static phrase such as "type money". */
bool ColumnSpecForType(Oid type, int32 typmod, ColumnSpec* spec, const char** reason);

/* Types carried through the engine as their text form only (base types, not domains). */
bool IsTextCarriedType(Oid type);
/* Text-carried types whose text compares, orders and groups exactly as the values (uuid). */
bool IsTextComparableType(Oid type);

/* The DuckDB SQL type for (type, typmod), e.g. "DECIMAL(15,2)"; palloc'd. Requires ColumnSpecForType. */
char* EngineTypeName(Oid type, int32 typmod);

} // namespace pgf
