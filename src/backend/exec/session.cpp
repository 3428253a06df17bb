#include "backend/exec/session.h"

#include "backend/exec/scan_helpers.h"
#include "backend/exec/scan_producer.h"
#include "backend/guard.h"
#include "backend/gucs.h"
#include "backend/planner/column_statistics.h"
#include "backend/shmem.h"

extern "C" {
#include "pgstat.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "utils/timestamp.h"
#include "utils/wait_event.h"
}

namespace pgf {

namespace {

constexpr int kResultPageQuota = 4; /* the engine's own limit on result pages in flight */
/* Chunks DuckDB keeps alive per scan after taking them (measured: 6-8), on top of the queued ones. */
constexpr int kEngineHeldPagesPerScan = 8;
constexpr long kWaitMs = 50;
/* The worker sets no latch when it drains a ring, so a full ring is polled this often. */
constexpr long kRingWaitMs = 1;
constexpr int kWorkerStartWaitMs = 30000;
constexpr int kCancelledQueryEndWaitMs = 1000;

int session_index = -1;
FusionQuery* running_query = nullptr;
/* Every message the backend reads lands here. Reserved for the largest message when the
 * session attaches, so reading (and so FusionQueryRelease) never allocates. */
std::string message_bytes;
/* Long engine messages (an OpenScan with a long key list) come in parts (protocol.h). */
MessageAssembler engine_messages;

void WakeWorker() {
    RegionHeader* header = Region().Header();
    if (header->worker_latch != nullptr)
        SetLatch(static_cast<Latch*>(header->worker_latch));
}

void WaitForWorkerReady() {
    RegionHeader* header = Region().Header();
    TimestampTz start = GetCurrentTimestamp();
    for (;;) {
        WorkerState state = static_cast<WorkerState>(header->worker_state.load());
        if (state == WorkerState::Ready)
            return;
        if (state == WorkerState::Failed)
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("pg_fusion: the engine worker is not available: %s", header->worker_error)));
        if (TimestampDifferenceExceeds(start, GetCurrentTimestamp(), kWorkerStartWaitMs))
            ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                            errmsg("pg_fusion: the engine worker is not running"),
                            errhint("Check the server log for pg_fusion worker messages.")));
        WaitForWork(kWaitMs);
    }
}

/* A message about a query this backend no longer runs: free the result page it carries. */
void DiscardStale(PagePool& pool, SessionSlot* slot, uint32_t owner, const std::string& bytes) {
    ResultPageMessage page;
    if (Decode(bytes, &page) && pool.Release(page.page, owner))
        slot->result_pages_in_flight.fetch_sub(1);
}

void DrainStaleMessages(SessionSlot* slot, uint32_t owner) {
    PagePool& pool = Region().Pool();
    while (slot->to_backend.TryRead(&message_bytes))
        DiscardStale(pool, slot, owner, message_bytes);
}

void DetachSession(int code, Datum arg) {
    PGF_CALLBACK_BEGIN
    if (session_index < 0)
        return;
    if (running_query != nullptr)
        FusionQueryRelease(running_query);
    SharedRegion& region = Region();
    SessionSlot* slot = region.Session(static_cast<uint32_t>(session_index));
    region.Pool().ReleaseAllOwnedBy(SessionOwner(static_cast<uint32_t>(session_index)));
    slot->backend_latch = nullptr;
    slot->backend_pid = 0;
    slot->attached.store(0);
    session_index = -1;
    PGF_CALLBACK_END(LOG, "could not detach the session")
}

void AdmitQuery(FusionQuery* query, int32_t need) {
    RegionHeader* header = Region().Header();
    int32_t capacity = static_cast<int32_t>(header->page_count);
    if (need > capacity)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("pg_fusion: query needs %d shared pages but pg_fusion.page_count is %d", need, capacity),
                        errhint("Raise pg_fusion.page_count or lower pg_fusion.scan_pages_in_flight.")));
    for (;;) {
        int32_t reserved = header->pages_reserved.load();
        if (reserved + need <= capacity) {
            if (header->pages_reserved.compare_exchange_weak(reserved, reserved + need)) {
                query->reserved_pages = need;
                return;
            }
            continue;
        }
        WaitForWork(kWaitMs);
    }
}

void QueryCleanupCallback(void* arg) {
    PGF_CALLBACK_BEGIN
    FusionQueryRelease(static_cast<FusionQuery*>(arg));
    PGF_CALLBACK_END(WARNING, "could not release the engine query")
}

void ReleaseResultPage(PagePool& pool, FusionQuery* query, PageRef page) {
    if (pool.Release(page, query->channel.owner))
        query->slot->result_pages_in_flight.fetch_sub(1);
}

/* A message the backend must not act on: the query fails with an internal error. */
void FailOnMessage(const char* message, char* error_message, size_t error_size, char* sqlstate, bool* failed) {
    strlcpy(error_message, message, error_size);
    strlcpy(sqlstate, "XX000", 6);
    *failed = true;
}

/* Messages for this query from the engine; returns true if any arrived. A failure is only
 * recorded in the out-parameters: the caller raises it once the messages are gone. */
bool ReadEngineMessages(FusionQuery* query, char* error_message, size_t error_size, char* sqlstate,
                        bool* failed) {
    bool any = false;
    PagePool& pool = Region().Pool();
    while (!*failed && query->slot->to_backend.TryRead(&message_bytes)) {
        any = true;
        if (!engine_messages.Take(&message_bytes))
            continue;
        MessageType type;
        if (!PeekType(message_bytes, &type))
            continue;
        switch (type) {
        case MessageType::OpenScan: {
            OpenScanMessage open;
            if (!Decode(message_bytes, &open) || open.query_id != query->channel.query_id)
                break;
            /* The scan index indexes the producers: never trust it unchecked. */
            if (open.scan >= query->scan_count)
                FailOnMessage("pg_fusion: the engine asked for a scan the query does not have", error_message,
                              error_size, sqlstate, failed);
            else if (open.late) {
                ScanProducerLateFilters(query->scans[open.scan], message_bytes.data(),
                                        static_cast<uint32_t>(message_bytes.size()));
            } else {
                ScanProducerOpen(query->scans[open.scan], message_bytes.data(),
                                 static_cast<uint32_t>(message_bytes.size()));
                if (open.awaits_filters)
                    ScanProducerAwaitFilters(query->scans[open.scan]);
                WakeScanHelpers(query->session_index);
            }
            break;
        }
        case MessageType::ResultPage: {
            ResultPageMessage page;
            if (!Decode(message_bytes, &page) || page.query_id != query->channel.query_id) {
                DiscardStale(pool, query->slot, query->channel.owner, message_bytes);
            } else if (!pool.IsValid(page.page)) {
                FailOnMessage("pg_fusion: the engine sent a result page that is not in the pool", error_message,
                              error_size, sqlstate, failed);
            } else if (query->queue_length == kResultQueueCapacity) {
                ReleaseResultPage(pool, query, page.page);
                FailOnMessage("result queue overflow", error_message, error_size, sqlstate, failed);
            } else {
                int tail = (query->queue_head + query->queue_length) % kResultQueueCapacity;
                query->queue[tail] = PendingResultPage{page.page, page.rows};
                query->queue_length++;
            }
            break;
        }
        case MessageType::QueryDone: {
            QueryDoneMessage done;
            if (Decode(message_bytes, &done) && done.query_id == query->channel.query_id) {
                query->engine_done = true;
                query->engine_us = done.engine_us;
                query->engine_scan_wait_us = done.scan_wait_us;
                /* Reading must not raise: without memory the profile is left out. */
                if (!done.profile.empty()) {
                    void* copy = MemoryContextAllocExtended(GetMemoryChunkContext(query), done.profile.size() + 1,
                                                            MCXT_ALLOC_NO_OOM);
                    if (copy != nullptr) {
                        memcpy(copy, done.profile.c_str(), done.profile.size() + 1);
                        query->engine_profile = static_cast<char*>(copy);
                    }
                }
            }
            break;
        }
        case MessageType::QueryError: {
            QueryErrorMessage error;
            if (Decode(message_bytes, &error) && error.query_id == query->channel.query_id) {
                query->engine_done = true;
                strlcpy(error_message, error.message.c_str(), error_size);
                strlcpy(sqlstate, error.sqlstate.size() == 5 ? error.sqlstate.c_str() : "XX000", 6);
                *failed = true;
            }
            break;
        }
        default:
            break;
        }
    }
    return any;
}

/* The worker that took the query's Execute is still the one running. */
bool WorkerAlive(const ProducerChannel* channel) {
    RegionHeader* header = Region().Header();
    return header->worker_generation.load() == channel->worker_generation &&
           static_cast<WorkerState>(header->worker_state.load()) == WorkerState::Ready;
}

void CheckWorkerAlive(const ProducerChannel* channel) {
    if (!WorkerAlive(channel))
        ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                        errmsg("pg_fusion: the engine worker stopped while the query was running"),
                        errhint("The worker restarts automatically; run the query again.")));
}

/*
 * After a Cancel the engine still sends the result pages it had ready, then its QueryDone or
 * QueryError (FIFO in the ring). Left in the ring they stay allocated until this session's
 * next query drains them, so an idle session that stopped reading early (a cursor, a PL/pgSQL
 * FOR loop left with EXIT, a LIMIT) would hold pool pages other sessions need. Waits a bounded
 * time for the end and frees what arrives; past the bound (the ring was full and the end was
 * dropped, or the engine is slow to stop) the next query's drain still frees the rest.
 */
void AwaitCancelledQueryEnd(FusionQuery* query) {
    PagePool& pool = Region().Pool();
    for (int waited_ms = 0; waited_ms < kCancelledQueryEndWaitMs && WorkerAlive(&query->channel); waited_ms++) {
        while (query->slot->to_backend.TryRead(&message_bytes)) {
            if (!engine_messages.Take(&message_bytes))
                continue;
            MessageType type;
            if (!PeekType(message_bytes, &type))
                continue;
            if (type == MessageType::ResultPage) {
                DiscardStale(pool, query->slot, query->channel.owner, message_bytes);
                continue;
            }
            QueryDoneMessage done;
            QueryErrorMessage error;
            if ((type == MessageType::QueryDone && Decode(message_bytes, &done) &&
                 done.query_id == query->channel.query_id) ||
                (type == MessageType::QueryError && Decode(message_bytes, &error) &&
                 error.query_id == query->channel.query_id))
                return;
        }
        pg_usleep(1000);
    }
}

/* Gives one open scan with room a chance to produce a page; true if one did work. */
bool ProduceForOneScan(FusionQuery* query, int* next_scan) {
    for (int i = 0; i < query->scan_count; i++) {
        int k = (*next_scan + i) % query->scan_count;
        ScanProducer* producer = query->scans[k];
        if (!ScanProducerIsOpen(producer) || ScanProducerIsFinished(producer))
            continue;
        if (ScanProducerStep(producer, &query->channel)) {
            for (int j = 0; j < query->scan_count; j++)
                if (j != k)
                    ScanProducerNoteQueryProgress(query->scans[j]);
            *next_scan = (k + 1) % query->scan_count;
            return true;
        }
    }
    return false;
}

} // namespace

void WaitForWork(long timeout_ms) {
    (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, timeout_ms, PG_WAIT_EXTENSION);
    ResetLatch(MyLatch);
    CHECK_FOR_INTERRUPTS();
}

bool EngineQueryRunning() { return running_query != nullptr; }

uint32_t BackendSessionIndex() {
    if (session_index >= 0)
        return static_cast<uint32_t>(session_index);
    SharedRegion& region = Region();
    message_bytes.reserve(kRingBytes);
    for (uint32_t i = 0; i < region.SessionCount(); i++) {
        SessionSlot* slot = region.Session(i);
        uint32_t expected = 0;
        if (slot->attached.compare_exchange_strong(expected, 1)) {
            slot->backend_pid = MyProcPid;
            slot->backend_latch = MyLatch;
            slot->query_id.store(0);
            slot->produces_for.store(-1);
            for (auto& latch : slot->helper_latches)
                latch.store(nullptr);
            session_index = static_cast<int>(i);
            before_shmem_exit(DetachSession, 0);
            /* Whatever a previous backend of this slot left behind is ours to free. */
            DrainStaleMessages(slot, SessionOwner(i));
            region.Pool().ReleaseAllOwnedBy(SessionOwner(i));
            slot->result_pages_in_flight.store(0);
            return i;
        }
    }
    ereport(ERROR, (errcode(ERRCODE_TOO_MANY_CONNECTIONS), errmsg("pg_fusion: no free session slot")));
    return 0;
}

FusionQuery* FusionQueryStart(const char* engine_sql, const ColumnSpec* result_columns, int result_count,
                              ScanProducer** scans, int scan_count, int helpers, bool profile) {
    SharedRegion& region = Region();
    if (running_query != nullptr)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("pg_fusion: only one engine query per session can run at a time"),
                        errhint("Close the open cursor that runs on pg_fusion first.")));
    if (scan_count > static_cast<int>(kMaxScansPerQuery))
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("pg_fusion: a query may read at most %u table scans", kMaxScansPerQuery),
                        errdetail("The query reads %d.", scan_count)));
    WaitForWorkerReady();
    uint32_t index = BackendSessionIndex();

    auto* query = static_cast<FusionQuery*>(palloc0(sizeof(FusionQuery)));
    query->session_index = index;
    query->channel.owner = SessionOwner(index);
    query->slot = region.Session(index);
    query->channel.ring_slot = query->slot;
    query->channel.credit_slot = query->slot;
    query->scans = scans;
    query->scan_count = scan_count;
    query->released = true; /* nothing to release until admitted */
    DrainStaleMessages(query->slot, query->channel.owner);
    engine_messages.Reset();
    /* Catalog lookups, so before admission too. */
    auto** distinct_values = static_cast<uint64_t**>(palloc(sizeof(uint64_t*) * Max(scan_count, 1)));
    for (int k = 0; k < scan_count; k++) {
        int column_count = 0;
        ScanProducerColumns(scans[k], &column_count);
        distinct_values[k] = static_cast<uint64_t*>(palloc(sizeof(uint64_t) * Max(column_count, 1)));
        EstimateDistinctValues(ScanProducerStmt(scans[k]), column_count, distinct_values[k]);
    }
    /* Allocated before admission: from admission on, nothing may fail before it is registered. */
    MemoryContextCallback* callback =
        static_cast<MemoryContextCallback*>(palloc0(sizeof(MemoryContextCallback)));
    callback->func = QueryCleanupCallback;
    callback->arg = query;

    AdmitQuery(query,
               scan_count * (guc_scan_pages_in_flight + kEngineHeldPagesPerScan) + kResultPageQuota + 1 + helpers);
    query->released = false;
    running_query = query;
    MemoryContextRegisterResetCallback(CurrentMemoryContext, callback);

    RegionHeader* header = region.Header();
    query->channel.worker_generation = header->worker_generation.load();
    query->channel.query_id = header->next_query_id.fetch_add(1);
    query->slot->query_id.store(query->channel.query_id);
    /* Scan credit is per query: the engine credits only pages of the slot's current query. */
    for (auto& in_flight : query->slot->scan_pages_in_flight)
        in_flight.store(0);
    header->metrics.queries_started.fetch_add(1);

    bool sent;
    {
        ExecuteMessage execute;
        execute.query_id = query->channel.query_id;
        execute.sql = engine_sql;
        execute.time_zone = pg_get_timezone_name(session_timezone);
        execute.profile = profile;
        execute.join_key_list_limit = static_cast<uint32_t>(guc_join_key_list_limit);
        execute.join_key_filters = guc_join_key_filters;
        execute.result_columns.assign(result_columns, result_columns + result_count);
        execute.scans.resize(scan_count);
        for (int k = 0; k < scan_count; k++) {
            int column_count = 0;
            const ColumnSpec* columns = ScanProducerColumns(scans[k], &column_count);
            execute.scans[k].columns.assign(columns, columns + column_count);
            execute.scans[k].estimated_rows = ScanProducerEstimatedRows(scans[k]);
            execute.scans[k].distinct_values.assign(distinct_values[k], distinct_values[k] + column_count);
            execute.scans[k].producers = static_cast<uint16_t>(ScanProducerProducers(scans[k]));
        }
        std::string bytes = Encode(execute);
        sent = bytes.size() <= ByteRing::MaxMessage();
        if (sent)
            SendToWorker(&query->channel, bytes);
    }
    if (!sent)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("pg_fusion: the engine query is longer than the %u-byte message limit",
                               ByteRing::MaxMessage())));
    return query;
}

void SendToWorker(ProducerChannel* channel, const std::string& bytes) {
    ByteRing& ring = channel->ring_slot->to_worker;
    if (!ring.TryWrite(bytes)) {
        /* The caller holds the message: the wait raises through the guard. */
        PgCallVoid([&]() {
            WakeWorker();
            do {
                CheckWorkerAlive(channel);
                WaitForWork(kRingWaitMs);
            } while (!ring.TryWrite(bytes));
        });
    }
    WakeWorker();
}

const uint8_t* FusionQueryNextPage(FusionQuery* query, uint32_t* rows) {
    if (query->has_current) {
        ReleaseResultPage(Region().Pool(), query, query->current.page);
        query->has_current = false;
    }
    char error_message[8192 + 1]; /* the engine caps its messages at 8 kB */
    char sqlstate[6];
    bool failed = false;
    int next_scan = 0;
    for (;;) {
        ReadEngineMessages(query, error_message, sizeof(error_message), sqlstate, &failed);
        if (failed) {
            /* A worker shutting down cancels its queries; say why, not just "interrupted". */
            CheckWorkerAlive(&query->channel);
            FusionQueryRelease(query);
            Region().Header()->metrics.queries_failed.fetch_add(1);
            ereport(ERROR, (errcode(MAKE_SQLSTATE(sqlstate[0], sqlstate[1], sqlstate[2], sqlstate[3], sqlstate[4])),
                            errmsg("%s", error_message)));
        }
        if (query->queue_length > 0) {
            query->current = query->queue[query->queue_head];
            query->queue_head = (query->queue_head + 1) % kResultQueueCapacity;
            query->queue_length--;
            query->has_current = true;
            query->result_rows += query->current.rows;
            *rows = query->current.rows;
            return Region().Pool().Data(query->current.page.index);
        }
        if (query->engine_done) {
            Region().Header()->metrics.queries_succeeded.fetch_add(1);
            return nullptr;
        }
        if (ProduceForOneScan(query, &next_scan))
            continue;
        CheckWorkerAlive(&query->channel);
        WaitForWork(kWaitMs);
    }
}

void FusionQueryRelease(FusionQuery* query) {
    if (query->released)
        return;
    query->released = true;
    if (running_query == query)
        running_query = nullptr;
    SharedRegion& region = Region();
    if (query->has_current) {
        ReleaseResultPage(region.Pool(), query, query->current.page);
        query->has_current = false;
    }
    while (query->queue_length > 0) {
        ReleaseResultPage(region.Pool(), query, query->queue[query->queue_head].page);
        query->queue_head = (query->queue_head + 1) % kResultQueueCapacity;
        query->queue_length--;
    }
    DrainStaleMessages(query->slot, query->channel.owner);
    if (query->channel.has_filling) {
        region.Pool().Release(query->channel.filling, query->channel.owner);
        query->channel.has_filling = false;
    }
    query->slot->query_id.store(0);
    region.Header()->pages_reserved.fetch_sub(query->reserved_pages);
    query->reserved_pages = 0;
    if (!query->engine_done) {
        /*
         * The engine already stops a query whose slot moved on to another query_id; Cancel
         * only makes it stop sooner. It comes last because encoding it may throw, and the
         * pages and budget above must come back even then. pg_usleep, not WaitLatch: this
         * runs in callbacks that must neither raise nor exit.
         */
        std::string cancel = Encode(CancelMessage{query->channel.query_id});
        for (int attempt = 0; attempt < 100 && !query->slot->to_worker.TryWrite(cancel) && WorkerAlive(&query->channel);
             attempt++)
            pg_usleep(1000);
        region.Header()->metrics.queries_cancelled.fetch_add(1);
        WakeWorker();
        AwaitCancelledQueryEnd(query);
    }
}

} // namespace pgf
