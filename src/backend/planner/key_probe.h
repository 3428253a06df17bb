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
 * A scan with helpers can split its probe: the largest key list, sorted and without
 * duplicates, is cut into ranges, each planned as a scan query of its own (parts); the backend
 * and its helpers take the parts one at a time (probe_parts.h), so the index reads are shared
 * like the blocks of a full scan. Parts share no key, so no row is read twice; the split is
 * taken only if every part reads through an index and the parts' cost shared among the
 * producers is below the full scan's share.
 *
 * Only filters on integer columns (int2, int4, int8) that are plain columns of the scanned
 * relation are offered: their equality and order are the engine's, so the quals are exact.
 * Called in the backend when the scan starts; planning may raise like any planning.
 */
#pragma once

#include "backend/pg.h"

namespace pgf {

struct KeyProbe {
    PlannedStmt* stmt;   /* the scan query with the filters as quals, planned to read an index */
    PlannedStmt** parts; /* a split probe: the plans of its key ranges (stmt is the first); else nullptr */
    int part_count;      /* 0 unless split */
    char* description;   /* for EXPLAIN: plan node, index, key count (and parts) */
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
 * `producers` processes (more than one: the probe may be split among them). Returns false if no
 * filter can be offered or the full scan is cheaper. */
bool PlanKeyProbe(const Query* scan_query, const char* open_message, uint32_t length, const Oid* column_types,
                  int column_count, const PlannedStmt* full_scan, int producers, KeyProbe* probe);

} // namespace pgf
