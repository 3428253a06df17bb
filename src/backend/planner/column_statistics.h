/*
 * column_statistics.h — PostgreSQL's estimate of the distinct values in each column a scan
 * delivers, for the engine's join order.
 *
 * DuckDB estimates a join's size from its inputs' cardinalities and the distinct values of the
 * join keys; a table function without statistics makes it assume every value distinct, so a
 * join of a big table with a filtered small one looks as big as the big table and a
 * decorrelated subquery's keys look like millions (TPC-H Q17 then builds its hash join on the
 * wrong side and no join filter reaches the subquery's scan). The estimate is what ANALYZE
 * stored in pg_statistic (stadistinct: a count, or minus a fraction of the rows), scaled to the
 * relation's reltuples, never more than the scan's estimated rows. Columns that are not plain
 * columns of the scanned relation, and columns ANALYZE never saw, have no estimate (0).
 * Only advice for the engine's optimizer: answers never depend on it.
 * Runs in the backend when the query starts; catalog lookups only (may raise like them).
 */
#pragma once

#include <cstdint>

#include "backend/pg.h"

namespace pgf {

/* ANALYZE's distinct values of a column of a relation (its own rows, not its children's);
 * 0 if ANALYZE never saw it. */
double RelationColumnDistinct(Oid relation, AttrNumber attno);

/* distinct[c] for each of the scan's `column_count` output columns (0: no estimate). */
void EstimateDistinctValues(const PlannedStmt* scan, int column_count, uint64_t* distinct);

} // namespace pgf
