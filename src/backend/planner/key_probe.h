/*
 * key_probe.h — a scan that reads only the rows whose keys the engine already knows.
 *
 * The engine opens a join's probe-side scan once the build side is complete, and DuckDB's
 * join filters (the build side's keys as an IN list, or their min and max) arrive with the
 * OpenScan message. The producers apply them to every row of the full scan (row_filters.h);
 * this module also offers them to PostgreSQL as quals on the scan query ("key = ANY('{...}')",
 * "key >= min") and lets its planner cost the scan with the real key count. The index or bitmap
 * scan it picks is taken if it costs less than the full scan's share per producer (the full scan
 * is split among the backend and its helpers; a key probe runs in the backend alone unless it
 * is split, below); else the
 * full scan stays as it was planned. The quals are filters the engine applies anyway, so the
 * engine receives exactly the same rows.
 *
 * A scan with helpers can split its probe: a key list on the first column of the index, sorted
 * and without duplicates, is cut into ranges (parts), and the scan query is planned once with
 * the list as a parameter; the backend and its helpers take the parts one at a time
 * (probe_parts.h) and run that plan with the part's keys, so the index reads are shared like
 * the blocks of a full scan. Parts share no key, so no row is read twice; the split is taken
 * if its first part's cost, times the parts and shared among the producers, is below the full
 * scan's share and the parameterized plan reads through an index.
 *
 * Only filters on integer columns (int2, int4, int8) that are plain columns of the scanned
 * relation are offered: their equality and order are the engine's, so the quals are exact.
 * Called in the backend when the scan starts; planning may raise like any planning.
 */
#pragma once

#include "backend/pg.h"

namespace pgf {

struct KeyProbe {
    /* the scan query with the filters as quals, planned to read an index; for a split probe,
     * with the split list as the parameter $param_id, which each part's keys fill in */
    PlannedStmt* stmt;
    int part_count;     /* 0 unless split */
    const int64* keys;  /* a split probe's list: sorted, without duplicates */
    int key_count;
    Oid key_type;       /* the list column's type (int2, int4, int8) */
    int param_id;       /* one past the statement's own parameters */
    char* description;  /* for EXPLAIN: plan node, index, key count (and parts) */
};

/* The parts a probe of `keys` keys is split into among `producers` (1: not split): enough for
 * the producers to balance their load, each with enough keys that its planning and executor
 * start-up stay small beside its index reads. */
int ProbePartCount(int keys, int producers);

/* column = ANY('{keys}'), column of an integer type (int2, int4, int8), with its equality. */
Expr* KeyListQual(Var* column, const int64* keys, int count, Oid type);

/* Whether a plan of a scan query reads its relation through an index (an index, index-only or
 * bitmap heap scan); *index is the index, or InvalidOid for a bitmap over several. */
bool ReadsThroughIndex(const Plan* plan, Oid* index);

/* scan_query: the scan's query as planned at plan time (unchanged: it is copied).
 * column_types: the type of each of its output columns. full_scan: its plan, to be read by
 * `producers` processes (more than one: the probe may be split among them). param_count: the
 * statement's parameters ($n in the scan query). Returns false if no filter can be offered or
 * the full scan is cheaper. */
bool PlanKeyProbe(const Query* scan_query, const char* open_message, uint32_t length, const Oid* column_types,
                  int column_count, const PlannedStmt* full_scan, int producers, int param_count, KeyProbe* probe);

/* The keys of part `part` of a split probe's `parts`: [*first, *first + *count). */
void ProbePartRange(int key_count, int part, int parts, int* first, int* count);

/* keys as an array of type (palloc'd): a part's value of the split probe's parameter. */
Datum KeyArrayDatum(const int64* keys, int count, Oid type);

} // namespace pgf
