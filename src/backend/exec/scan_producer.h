/*
 * scan_producer.h — one process's part of one PostgreSQL scan feeding pages to the engine.
 *
 * A producer runs its scan query (SELECT cols FROM ONLY rel WHERE pushed-quals, planned by
 * PostgreSQL at plan time) through the executor under the query's snapshot, with a
 * DestReceiver that encodes each slot straight into the current page: per-column encoders
 * chosen once, values converted to the engine's representation (page_layout.h), no
 * intermediate tuple store. The executor is suspended whenever a page fills (the receiver
 * returns false) and resumed for the next page, so one process can interleave many scans
 * with other work. The scan starts only when the engine asks for it (OpenScan).
 *
 * Several producers may share one scan (the backend and its scan helpers, scan_helpers.h):
 * they then share a SharedScan in the parallel context's memory, and their executors read
 * one parallel heap scan, which hands out blocks dynamically, so every row is produced once
 * and a slow producer takes fewer blocks. A scan nobody shares has a SharedScan of its own.
 *
 * Ending a shared scan: a producer joins the scan when its executor starts and leaves when
 * its executor is exhausted (every block handed out, its own rows sent). The one that leaves
 * last closes the scan (no producer can join any more) and sends ScanEnd with the pages all
 * producers sent (protocol.h), since each sends through its own ring.
 *
 * Flow control: before filling a page a producer claims one page of the scan's credit in the
 * backend's session slot (scan_pages_in_flight), and gives it back if it sends nothing.
 *
 * Engine filters: the OpenScan message may carry filters (row_filters.h); every producer of
 * the scan encodes the columns they read first and drops a row that fails them before
 * encoding the rest, counting it in SharedScan.filtered.
 *
 * Key probes: before the backend starts a scan the engine opened with filters, PostgreSQL
 * may plan it anew with them as quals and read it through an index (key_probe.h). Only then
 * does the backend publish the scan as opened to the helpers. A key probe is the backend's
 * alone (SharedScan.backend_only), since one index scan is not split between processes, unless
 * it is split into parts by key range (SharedScan.probe_parts): then each producer joins the
 * scan, runs one part's executor after another until none is left (probe_parts.h), and leaves.
 */
#pragma once

#include <atomic>

#include "common/column_type.h"
#include "common/page_pool.h"
#include "common/scan_membership.h"

#include "backend/pg.h"

extern "C" {
#include "access/relscan.h"
#include "nodes/params.h"
}

namespace pgf {

struct ProducerChannel;
struct ScanProducer;

/* What the producers of one scan share. Lives in the parallel context's DSM when helpers
 * produce for the scan (so only atomics and plain values), in the backend's memory otherwise. */
struct SharedScan {
    std::atomic<uint32_t> opened;    /* the engine asked for the scan, and the backend chose its plan */
    std::atomic<uint32_t> backend_only; /* the backend reads it through an index: helpers stay out */
    std::atomic<uint32_t> probe_parts; /* a split key probe's parts (probe_parts.h): dsm_handle, or 0 */
    ScanMembership membership;       /* producers in the scan now; who ends it */
    std::atomic<uint32_t> joined;    /* producers that took part */
    std::atomic<uint32_t> pages;     /* pages sent by all producers */
    std::atomic<uint64_t> rows;
    std::atomic<uint64_t> bytes;     /* data bytes of the pages sent */
    std::atomic<uint64_t> produce_us; /* in the executor: reading, quals, encoding */
    std::atomic<uint64_t> send_us;    /* handing pages to the worker, waits for ring space included */
    std::atomic<uint64_t> filtered;   /* rows the engine's filters dropped before encoding */
    std::atomic<uint32_t> filter_length; /* bytes of the OpenScan message in the filter area */
    std::atomic<uint32_t> filter_segment; /* dsm_handle of a longer one (long key lists), or 0 */
    std::atomic<uint32_t> filter_version; /* odd while the backend rewrites the area (late filters) */
    uint32_t filter_offset;          /* its filter area (ByteRing::MaxMessage() bytes) in the plans chunk */
    uint32_t helpers;                /* scan helpers that produce for it (helper n if n < helpers) */
    uint32_t plan_offset;            /* its PlannedStmt's nodeToString in the plans chunk */
    Size pscan_offset;               /* its ParallelTableScanDesc in the plans chunk, 0 if none */
};

/* stmt: the planned scan query; its targetlist types passed ColumnSpecForType at plan time.
 * params: the statement's parameter values (for $n in pushed quals), or nullptr.
 * probe_source: the backend's: the scan query stmt was planned from, so that the engine's
 * filters can make it a key probe (key_probe.h); helpers pass nullptr. */
ScanProducer* ScanProducerCreate(int scan_index, PlannedStmt* stmt, ParamListInfo params, Query* probe_source);

/* Makes the producer one of several of a parallel scan: before it starts, in every producer.
 * filter_area: the backend's only, where ScanProducerOpen leaves the engine's filters for the
 * helpers (which pass nullptr and open their producers with what they find there). */
void ScanProducerShare(ScanProducer* producer, SharedScan* shared, ParallelTableScanDesc pscan, char* filter_area);
/* Copies the shared counters back into the producer's own SharedScan, before the parallel
 * context's memory goes away; the producer may not produce any more. */
void ScanProducerUnshare(ScanProducer* producer);

/* The page schema of the scan's columns. */
const ColumnSpec* ScanProducerColumns(const ScanProducer* producer, int* count);
PlannedStmt* ScanProducerStmt(const ScanProducer* producer);
/* How the scan reads its relation through an index (EXPLAIN), or nullptr for the full scan. */
const char* ScanProducerKeyProbe(const ScanProducer* producer);
/* The join key filters (Bloom filters of build keys) the engine sent it (EXPLAIN), or nullptr. */
const char* ScanProducerKeyFilter(const ScanProducer* producer);

bool ScanProducerIsOpen(const ScanProducer* producer);
bool ScanProducerIsFinished(const ScanProducer* producer);
/* Called when the engine asks for the scan, with its encoded OpenScan message (the filters
 * the producers apply, row_filters.h); only records it (the executor starts in the next
 * step), so it never raises. */
void ScanProducerOpen(ScanProducer* producer, const char* open_message, uint32_t length);
/* The engine expects a join's filters for the scan later: the backend holds it back (and so
 * its helpers) until they come in a late OpenScan or a deadline passes. */
void ScanProducerAwaitFilters(ScanProducer* producer);
/* Another scan of the query just did work: the join's build side may still be reading it,
 * so a held scan's deadline moves on (bounded). The time the backend spent in that scan
 * (a selective one can run long before it fills a page) must not end the hold. */
void ScanProducerNoteQueryProgress(ScanProducer* producer);
/* How long the scan was held back for a join's filters (EXPLAIN), or -1 if it never was. */
double ScanProducerJoinKeyWaitMs(const ScanProducer* producer);
/* A late OpenScan (protocol.h): the producer checks its filters from its next row on, and the
 * backend's passes them on to the helpers' filter area. Never raises. */
void ScanProducerLateFilters(ScanProducer* producer, const char* open_message, uint32_t length);
/* A helper's producer: takes the filter area's filters if they changed since it last looked
 * (at first, whatever the area holds); a version being rewritten is left for the next call. */
void ScanProducerRefreshFilters(ScanProducer* producer, const char* filter_area);

/*
 * Fills one page and sends it through the channel (and ScanEnd if this producer ended the
 * scan). Returns false without doing anything if the scan has no credit or no page is free.
 * The scan's errors are raised directly; sending may throw (SendToWorker, session.h).
 */
bool ScanProducerStep(ScanProducer* producer, ProducerChannel* channel);

/* Ends the scan's executor if it is still running (query finished early, e.g. LIMIT). */
void ScanProducerClose(ScanProducer* producer);

/* PostgreSQL's row estimate for the scan. */
uint64_t ScanProducerEstimatedRows(const ScanProducer* producer);

/* Processes producing the scan's pages (for the engine's threads): 1 + its helpers. */
uint32_t ScanProducerProducers(const ScanProducer* producer);

/* The scan's counters over all its producers (final once the scan or its helpers stopped). */
const SharedScan* ScanProducerStats(const ScanProducer* producer);

} // namespace pgf
