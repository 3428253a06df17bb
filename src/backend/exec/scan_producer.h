/*
 * scan_producer.h — one PostgreSQL scan feeding pages to the engine.
 *
 * A producer runs its scan query (SELECT cols FROM ONLY rel WHERE pushed-quals, planned by
 * PostgreSQL at plan time) through the executor under the query's snapshot, with a
 * DestReceiver that encodes each slot straight into the current page: per-column encoders
 * chosen once, values converted to the engine's representation (page_layout.h), no
 * intermediate tuple store. The executor is suspended whenever a page fills (the receiver
 * returns false) and resumed for the next page, so one backend can interleave many scans
 * with reading results. The scan starts only when the engine asks for it (OpenScan).
 */
#pragma once

#include "common/column_type.h"
#include "common/page_pool.h"

#include "backend/pg.h"

extern "C" {
#include "nodes/params.h"
}

namespace pgf {

struct FusionQuery;
struct ScanProducer;

/* stmt: the planned scan query; its targetlist types passed ColumnSpecForType at plan time.
 * params: the statement's parameter values (for $n in pushed quals), or nullptr. */
ScanProducer* ScanProducerCreate(int scan_index, PlannedStmt* stmt, ParamListInfo params);

/* The page schema of the scan's columns. */
const ColumnSpec* ScanProducerColumns(const ScanProducer* producer, int* count);

bool ScanProducerIsOpen(const ScanProducer* producer);
bool ScanProducerIsFinished(const ScanProducer* producer);
/* Called when the engine asks for the scan; only marks it (the executor starts in the next
 * step), so it never raises. */
void ScanProducerOpen(ScanProducer* producer);

/*
 * Fills one page and sends it (or sends ScanEnd when the scan is exhausted). Returns false
 * without doing anything if no page is free in the pool. The scan's errors are raised
 * directly; sending may throw (SendToWorker, session.h).
 */
bool ScanProducerStep(ScanProducer* producer, FusionQuery* query);

/* Ends the scan's executor if it is still running (query finished early, e.g. LIMIT). */
void ScanProducerClose(ScanProducer* producer);

/* PostgreSQL's row estimate for the scan. */
uint64_t ScanProducerEstimatedRows(const ScanProducer* producer);

/* Rows sent so far. */
uint64_t ScanProducerRows(const ScanProducer* producer);

} // namespace pgf
