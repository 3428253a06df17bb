/*
 * session.h — the backend's side of the shared-memory protocol for one engine query.
 *
 * A backend claims one session slot for the life of its connection. A FusionQuery is one
 * engine query in flight: admitted against the page budget, sent as Execute, and driven by
 * FusionQueryNextPage, which interleaves — on the backend's single thread — reading the
 * worker's messages, producing pages for the scans the engine opened, and waiting on the
 * latch. Deadlock freedom: the query reserves its pages (scans x in-flight quota + result
 * quota) before it starts, so every producer and the engine can always make progress; every
 * wait is a WaitLatch with a timeout, postmaster-death exit and CHECK_FOR_INTERRUPTS, and a
 * wait for the worker also fails once the worker that took the query is gone. (Release,
 * which must not raise, only retries writing Cancel for at most 100 ms.)
 *
 * PostgreSQL-style code: the state is palloc'd in the executor's query context, and a reset
 * callback on that context cancels the engine query and frees the query's pages on every
 * exit path (end, ERROR, cancel). Messages are std::strings, so FusionQueryStart,
 * FusionQueryNextPage and SendToWorker may throw (std::bad_alloc, or a pgf::PgError from a
 * wait that raised, guard.h): call them from a PGF_ENTRY body.
 */
#pragma once

#include "common/page_layout.h"
#include "common/protocol.h"
#include "common/shared_region.h"

#include "backend/pg.h"

extern "C" {
#include "executor/execdesc.h"
}

namespace pgf {

struct ScanProducer;

/*
 * Where one producing process sends one query's scan pages: its own ring to the worker and page
 * owner (the backend's, or a scan helper's own session slot), and the credit counters of the
 * query's backend slot. filling is the page being filled, owned by owner until it is sent.
 */
struct ProducerChannel {
    uint64_t query_id;
    uint64_t worker_generation;
    uint32_t owner;           /* SessionOwner of ring_slot */
    SessionSlot* ring_slot;   /* its to_worker ring */
    SessionSlot* credit_slot; /* the query's backend slot: scan_pages_in_flight */
    bool has_filling;
    PageRef filling;
};

struct PendingResultPage {
    PageRef page;
    uint32_t rows;
};

constexpr int kResultQueueCapacity = 64;

struct FusionQuery {
    ProducerChannel channel; /* the backend's own: ring_slot == credit_slot == slot */
    uint32_t session_index;
    SessionSlot* slot;
    int32_t reserved_pages;
    int scan_count;
    ScanProducer** scans;
    /* Result pages received and not yet consumed, FIFO. */
    PendingResultPage queue[kResultQueueCapacity];
    int queue_head;
    int queue_length;
    /* The result page being read (valid if has_current). */
    bool has_current;
    PendingResultPage current;
    bool engine_done;    /* QueryDone received */
    /* From QueryDone: the engine's time, its threads' waits for scan pages, and (when asked
     * for) its operator tree, palloc'd next to the query; nullptr if none or no memory. */
    uint64_t engine_us;
    uint64_t engine_scan_wait_us;
    char* engine_profile;
    bool released;       /* cleanup ran */
    uint64_t result_rows;
};

/*
 * Starts an engine query: claims the session slot if needed, admits against the page budget
 * (waiting if other queries hold it), sends Execute. scans may be empty; more than
 * kMaxScansPerQuery (one flow-control counter each in the session slot) raise an ERROR.
 * helpers: scan helpers running for the query (each fills one page of its own at a time).
 * profile: the engine reports its operator tree (EXPLAIN ANALYZE).
 */
FusionQuery* FusionQueryStart(const char* engine_sql, const ColumnSpec* result_columns, int result_count,
                              ScanProducer** scans, int scan_count, int helpers, bool profile);

/* The next result page, or nullptr when the engine is done. Raises the engine's ERROR. */
const uint8_t* FusionQueryNextPage(FusionQuery* query, uint32_t* rows);

/* Cancels (if still running) and frees every page the query holds; idempotent, never raises,
 * so it may run in a memory-context reset callback. */
void FusionQueryRelease(FusionQuery* query);

/* Writes bytes to the worker through the channel's ring and wakes it. While the ring is full it
 * waits on the latch, answering cancel and failing when the worker is gone. */
void SendToWorker(ProducerChannel* channel, const std::string& bytes);

/* Waits for the latch or timeout_ms, then CHECK_FOR_INTERRUPTS: how producers sleep. */
void WaitForWork(long timeout_ms);

/* True while this backend runs an engine query; nested planning (functions the scans call)
 * then stays with PostgreSQL, and a second engine query (another open cursor) is refused. */
bool EngineQueryRunning();

/* Pool and slot of this backend (claims the slot on first use). */
uint32_t BackendSessionIndex();

} // namespace pgf
