/*
 * probe_parts.h — the parts of a split key probe (key_probe.h), taken one at a time by the
 * producers of its scan.
 *
 * The backend publishes the probe in a dynamic shared memory segment of its own: a counter of
 * the next part to take, the split list's sorted keys, and the probe's plan as nodeToString
 * text, planned once with the list as a parameter. Its helpers attach to the segment when they
 * find its handle in the scan's SharedScan and parse the plan once; every producer then takes a
 * part, runs the plan with the part's keys as the parameter to the end, and takes the next,
 * until none is left. So a producer that runs slower (fewer cores than producers) takes fewer
 * parts, as with the blocks of a parallel heap scan, and nothing is planned per part. Every part
 * is taken exactly once (an atomic counter).
 *
 * Lifetime: each process detaches when its producer closes (ScanProducerClose); the segment goes
 * away with the last one, and on an ERROR with the transaction's resource owner. A helper that
 * comes after the segment went away finds nothing to take. When no segment can be created the
 * probe stays in the backend's memory, the handle is 0 and the backend takes every part itself.
 * PostgreSQL-style code (palloc, may raise).
 */
#pragma once

#include "backend/pg.h"

extern "C" {
#include "nodes/params.h"
#include "storage/dsm.h"
}

namespace pgf {

struct KeyProbe;
struct ProbeParts;

/* The backend's: publishes a split probe. */
ProbeParts* ProbePartsPublish(const KeyProbe& probe);
/* The segment's handle for the helpers, or 0 if the parts are the backend's alone. */
dsm_handle ProbePartsHandle(const ProbeParts* parts);
/* A helper's: the published parts, or nullptr if the segment is gone. */
ProbeParts* ProbePartsAttach(dsm_handle handle);
/* The next part nobody took yet: false if every part was taken; else *stmt, the probe's plan,
 * and *params, the statement's parameters (copied) with the part's keys as the probe's own. */
bool ProbePartsTake(ProbeParts* parts, ParamListInfo statement_params, PlannedStmt** stmt, ParamListInfo* params);
void ProbePartsDetach(ProbeParts* parts);

} // namespace pgf
