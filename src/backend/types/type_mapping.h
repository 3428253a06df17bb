/*
 * type_mapping.h — which PostgreSQL types cross into the engine, and as what.
 *
 * One place decides, by type OID (never by name), how a PostgreSQL type is carried in pages
 * (ColumnSpec), which DuckDB SQL type names it in engine SQL, and why a type is refused.
 * Domains are refused for now (their constraints are PostgreSQL's).
 *
 *   bool -> Bool/BOOLEAN         int2/int4/int8 -> Int16/32/64 SMALLINT/INTEGER/BIGINT
 *   float4/float8 -> FLOAT/DOUBLE
 *   numeric(p,s), p <= 38 -> DecimalN DECIMAL(p,s); numeric without typmod is refused as a
 *     column type (see EngineNumericScale for numeric expressions)
 *   text, varchar(n) -> Varchar VARCHAR
 *   char(n) -> Varchar VARCHAR, trailing spaces removed on the way in (PostgreSQL ignores them
 *     in comparisons) and restored to n characters on the way out
 *   date -> Date DATE, timestamp -> Timestamp TIMESTAMP, timestamptz -> TimestampTz TIMESTAMPTZ
 */
#pragma once

#include "common/column_type.h"

#include "backend/pg.h"

namespace pgf {

/* Fills *spec and returns true if values of (type, typmod) can be carried; else returns
 * false and sets *reason to a static phrase such as "type money". */
bool ColumnSpecForType(Oid type, int32 typmod, ColumnSpec* spec, const char** reason);

/* The DuckDB SQL type for (type, typmod), e.g. "DECIMAL(15,2)"; palloc'd. Requires ColumnSpecForType. */
char* EngineTypeName(Oid type, int32 typmod);

} // namespace pgf
