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
 * Scans are assumed to be read in full: key probes and join filters, which make a scan read
 * less at run time, are not foreseen, so the estimate is an upper bound where an engine filter
 * would help. PostgreSQL-style code (palloc, may raise).
 */
#pragma once

#include "backend/pg.h"

extern "C" {
#include "nodes/pathnodes.h"
}

namespace pgf {

struct FusionEstimate {
    Cost scans;         /* the scans' PostgreSQL cost, shared among producers */
    double values;      /* values the producers encode */
    Cost encoding;      /* their cost */
    double engine_rows; /* rows the engine reads */
    Cost engine;        /* their cost, engine_startup_cost included */
    Cost total;
};

/* scan_stmts: the planned scan queries; scan_helpers: the helpers each may use (int list). */
FusionEstimate EstimateFusionCost(List* scan_stmts, List* scan_helpers);

/* A full scan's cost when `producers` processes share it (PostgreSQL's Parallel Seq Scan
 * arithmetic); its own total cost when it is not a plain SeqScan or has one producer. */
Cost FullScanCostPerProducer(const PlannedStmt* full_scan, int producers);

} // namespace pgf
