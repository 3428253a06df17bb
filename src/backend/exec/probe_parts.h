/*
 * probe_parts.h — the parts of a split key probe (key_probe.h), taken one at a time by the
 * producers of its scan.
 *
 * The backend plans the parts and publishes them in a dynamic shared memory segment of their
 * own: a counter of the next part to take and each part's plan as nodeToString text. Its
 * helpers attach to the segment when they find its handle in the scan's SharedScan, take a
 * part, parse its plan and run it to the end, then take the next, until none is left; so a
 * producer that runs slower (fewer cores than producers) takes fewer parts, as with the blocks
 * of a parallel heap scan. Every part is taken exactly once (an atomic counter).
 *
 * Lifetime: each process detaches when its producer closes (ScanProducerClose); the segment goes
 * away with the last one, and on an ERROR with the transaction's resource owner. A helper that
 * comes after the segment went away finds nothing to take. When no segment can be created the
 * parts stay in the backend's memory, the handle is 0 and the backend takes every part itself.
 * PostgreSQL-style code (palloc, may raise).
 */
#pragma once

#include "backend/pg.h"

extern "C" {
#include "storage/dsm.h"
}

namespace pgf {

struct ProbeParts;

/* The backend's: publishes the planned parts. */
ProbeParts* ProbePartsPublish(PlannedStmt** parts, int count);
/* The segment's handle for the helpers, or 0 if the parts are the backend's alone. */
dsm_handle ProbePartsHandle(const ProbeParts* parts);
/* A helper's: the published parts, or nullptr if the segment is gone. */
ProbeParts* ProbePartsAttach(dsm_handle handle);
/* The plan of the next part nobody took yet (a helper's parsed into CurrentMemoryContext), or
 * nullptr if every part was taken. */
PlannedStmt* ProbePartsTake(ProbeParts* parts);
void ProbePartsDetach(ProbeParts* parts);

} // namespace pgf
