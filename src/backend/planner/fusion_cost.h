/*
 * fusion_cost.h — what pg_fusion's plan of a query is estimated to cost, in PostgreSQL's
 * planner units, so it can be set against PostgreSQL's own plan (plan_choice.h) and against a
 * key probe (key_probe.h).
 *
 * The model, every term calibrated by measurement (docs/configuration.md, "Calibrating auto"):
 *   - each scan costs what PostgreSQL estimates for its scan query, shared among its
 *     producers (the backend and its helpers) as a Parallel Seq Scan shares it: the pages once,
 *     the per-row work divided by PostgreSQL's parallel divisor;
 *   - each value a producer encodes costs pg_fusion.scan_value_cost, divided the same way;
 *   - each row the engine reads costs pg_fusion.engine_row_cost, divided by the engine's
 *     threads (DuckDB's hash joins, aggregates and sorts are linear in their input);
 *   - a query costs pg_fusion.engine_startup_cost once (messages, DuckDB's parse and plan).
 * A scan a join may hand another scan's keys (FusionPlan.join_keys) is foreseen as a key probe
 * (key_probe.h) when the key source is estimated at most pg_fusion.join_key_list_limit rows and
 * fewer than the scan's (a source itself foreseen as a key probe counts with its probe's rows,
 * so nation's one key makes supplier few rows and supplier's keys a probe of partsupp): it
 * then costs PostgreSQL's plan of the scan with that many keys
 * ("column = ANY(keys)", each key of the column's average frequency; a list longer than 1024
 * keys planned with 1024 and its cost scaled), read by the backend alone or, a list long enough
 * to be split (key_probe.h), shared by the scan's producers, if that plan reads an index and
 * costs less than the full scan's share.
 * Every other scan is assumed read in full (join filters applied in the producers are not
 * foreseen), so the estimate stays an upper bound there. PostgreSQL-style code (palloc, may raise).
 */
#pragma once

#include "backend/pg.h"

extern "C" {
#include "nodes/params.h"
#include "nodes/pathnodes.h"
}

namespace pgf {

struct FusionEstimate {
    Cost scans;         /* the scans' PostgreSQL cost, shared among producers */
    int key_probes;     /* scans foreseen as key probes */
    double values;      /* values the producers encode */
    Cost encoding;      /* their cost */
    double engine_rows; /* rows the engine reads */
    Cost engine;        /* their cost, engine_startup_cost included */
    Cost total;
};

/* scan_stmts: the planned scan queries; scan_helpers: the helpers each may use (int list);
 * scan_sources: the scan queries unplanned; join_keys: FusionPlan.join_keys; params: the
 * statement's. */
FusionEstimate EstimateFusionCost(List* scan_stmts, List* scan_helpers, List* scan_sources, List* join_keys,
                                  ParamListInfo params);

/* [k]: whether EstimateFusionCost foresees scan k as a key probe (same arguments). */
bool* ForeseeKeyProbes(List* scan_stmts, List* scan_helpers, List* scan_sources, List* join_keys, ParamListInfo params);

/* A full scan's cost when `producers` processes share it (PostgreSQL's Parallel Seq Scan
 * arithmetic); its own total cost when it is not a plain SeqScan or has one producer. */
Cost FullScanCostPerProducer(const PlannedStmt* full_scan, int producers);

} // namespace pgf
