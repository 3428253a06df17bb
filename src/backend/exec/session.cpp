#include "backend/exec/session.h"

#include "backend/exec/scan_producer.h"
#include "backend/gucs.h"
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
constexpr int kWorkerStartWaitMs = 30000;

int session_index = -1;
FusionQuery* running_query = nullptr;

/* Encodes and writes a message; false if the ring has no room. Never raises. */
template <typename Message> bool TryWriteMessage(SessionSlot* slot, const Message& message) {
    return slot->to_worker.TryWrite(Encode(message));
}

void WakeWorker() {
    RegionHeader* header = Region().Header();
    if (header->worker_latch != nullptr)
        SetLatch(static_cast<Latch*>(header->worker_latch));
}

void DetachSession(int code, Datum arg) {
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
}

/* Waits for the latch or the timeout; the only way this module sleeps. */
void WaitForWork() {
    (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, kWaitMs, PG_WAIT_EXTENSION);
    ResetLatch(MyLatch);
    CHECK_FOR_INTERRUPTS();
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
        WaitForWork();
    }
}

/* A message about a query this backend no longer runs: free the result page it carries. */
void DiscardStale(SessionSlot* slot, uint32_t owner, const std::string& bytes) {
    ResultPageMessage page;
    if (Decode(bytes, &page) && Region().Pool().Release(page.page, owner))
        slot->result_pages_in_flight.fetch_sub(1);
}

void DrainStaleMessages(SessionSlot* slot, uint32_t owner) {
    std::string bytes;
    while (slot->to_backend.TryRead(&bytes))
        DiscardStale(slot, owner, bytes);
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
        WaitForWork();
    }
}

void QueryCleanupCallback(void* arg) { FusionQueryRelease(static_cast<FusionQuery*>(arg)); }

void ReleaseResultPage(FusionQuery* query, PageRef page) {
    if (Region().Pool().Release(page, query->owner))
        query->slot->result_pages_in_flight.fetch_sub(1);
}

/* Messages for this query from the engine; returns true if any arrived. */
bool ReadEngineMessages(FusionQuery* query, char* error_message, size_t error_size, char* sqlstate,
                        bool* failed) {
    bool any = false;
    std::string bytes;
    while (!*failed && query->slot->to_backend.TryRead(&bytes)) {
        any = true;
        MessageType type;
        if (!PeekType(bytes, &type))
            continue;
        switch (type) {
        case MessageType::OpenScan: {
            OpenScanMessage open;
            if (Decode(bytes, &open) && open.query_id == query->query_id && open.scan < query->scan_count)
                ScanProducerOpen(query->scans[open.scan]);
            break;
        }
        case MessageType::ResultPage: {
            ResultPageMessage page;
            if (!Decode(bytes, &page) || page.query_id != query->query_id) {
                DiscardStale(query->slot, query->owner, bytes);
            } else if (query->queue_length == kResultQueueCapacity) {
                ReleaseResultPage(query, page.page);
                strlcpy(error_message, "result queue overflow", error_size);
                strlcpy(sqlstate, "XX000", 6);
                *failed = true;
            } else {
                int tail = (query->queue_head + query->queue_length) % kResultQueueCapacity;
                query->queue[tail] = PendingResultPage{page.page, page.rows};
                query->queue_length++;
            }
            break;
        }
        case MessageType::QueryDone: {
            QueryDoneMessage done;
            if (Decode(bytes, &done) && done.query_id == query->query_id)
                query->engine_done = true;
            break;
        }
        case MessageType::QueryError: {
            QueryErrorMessage error;
            if (Decode(bytes, &error) && error.query_id == query->query_id) {
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

void CheckWorkerAlive(FusionQuery* query) {
    RegionHeader* header = Region().Header();
    if (header->worker_generation.load() != query->worker_generation ||
        static_cast<WorkerState>(header->worker_state.load()) != WorkerState::Ready)
        ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
                        errmsg("pg_fusion: the engine worker stopped while the query was running"),
                        errhint("The worker restarts automatically; run the query again.")));
}

/* Gives one open scan with room a chance to produce a page; true if one did work. */
bool ProduceForOneScan(FusionQuery* query, int* next_scan) {
    for (int i = 0; i < query->scan_count; i++) {
        int k = (*next_scan + i) % query->scan_count;
        ScanProducer* producer = query->scans[k];
        if (!ScanProducerIsOpen(producer) || ScanProducerIsFinished(producer))
            continue;
        if (query->slot->scan_pages_in_flight[k].load() >= guc_scan_pages_in_flight)
            continue;
        if (ScanProducerStep(producer, query)) {
            *next_scan = (k + 1) % query->scan_count;
            return true;
        }
    }
    return false;
}

} // namespace

bool EngineQueryRunning() { return running_query != nullptr; }

uint32_t BackendSessionIndex() {
    if (session_index >= 0)
        return static_cast<uint32_t>(session_index);
    SharedRegion& region = Region();
    for (uint32_t i = 0; i < region.SessionCount(); i++) {
        SessionSlot* slot = region.Session(i);
        uint32_t expected = 0;
        if (slot->attached.compare_exchange_strong(expected, 1)) {
            slot->backend_pid = MyProcPid;
            slot->backend_latch = MyLatch;
            slot->query_id.store(0);
            /* Whatever a previous backend of this slot left behind is ours to free. */
            DrainStaleMessages(slot, SessionOwner(i));
            region.Pool().ReleaseAllOwnedBy(SessionOwner(i));
            slot->result_pages_in_flight.store(0);
            session_index = static_cast<int>(i);
            before_shmem_exit(DetachSession, 0);
            return i;
        }
    }
    ereport(ERROR, (errcode(ERRCODE_TOO_MANY_CONNECTIONS), errmsg("pg_fusion: no free session slot")));
    return 0;
}

FusionQuery* FusionQueryStart(const char* engine_sql, const ColumnSpec* result_columns, int result_count,
                              ScanProducer** scans, int scan_count) {
    SharedRegion& region = Region();
    if (running_query != nullptr)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("pg_fusion: only one engine query per session can run at a time"),
                        errhint("Close the open cursor that runs on pg_fusion first.")));
    WaitForWorkerReady();
    uint32_t index = BackendSessionIndex();

    auto* query = static_cast<FusionQuery*>(palloc0(sizeof(FusionQuery)));
    query->session_index = index;
    query->owner = SessionOwner(index);
    query->slot = region.Session(index);
    query->scans = scans;
    query->scan_count = scan_count;
    query->released = true; /* nothing to release until admitted */
    DrainStaleMessages(query->slot, query->owner);

    AdmitQuery(query, scan_count * (guc_scan_pages_in_flight + kEngineHeldPagesPerScan) + kResultPageQuota + 1);
    query->released = false;
    running_query = query;
    MemoryContextCallback* callback =
        static_cast<MemoryContextCallback*>(palloc0(sizeof(MemoryContextCallback)));
    callback->func = QueryCleanupCallback;
    callback->arg = query;
    MemoryContextRegisterResetCallback(CurrentMemoryContext, callback);

    RegionHeader* header = region.Header();
    query->worker_generation = header->worker_generation.load();
    query->query_id = header->next_query_id.fetch_add(1);
    query->slot->query_id.store(query->query_id);
    /* Scan credit is per query: the engine credits only pages of the slot's current query. */
    for (auto& in_flight : query->slot->scan_pages_in_flight)
        in_flight.store(0);
    header->metrics.queries_started.fetch_add(1);

    bool sent;
    {
        ExecuteMessage execute;
        execute.query_id = query->query_id;
        execute.sql = engine_sql;
        execute.time_zone = pg_get_timezone_name(session_timezone);
        execute.result_columns.assign(result_columns, result_columns + result_count);
        execute.scans.resize(scan_count);
        for (int k = 0; k < scan_count; k++) {
            int column_count = 0;
            const ColumnSpec* columns = ScanProducerColumns(scans[k], &column_count);
            execute.scans[k].columns.assign(columns, columns + column_count);
            execute.scans[k].estimated_rows = ScanProducerEstimatedRows(scans[k]);
        }
        sent = false;
        std::string bytes = Encode(execute);
        if (bytes.size() <= ByteRing::MaxMessage()) {
            while (!(sent = query->slot->to_worker.TryWrite(bytes)))
                pg_usleep(1000);
        }
    }
    if (!sent)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("pg_fusion: the engine query is longer than the %u-byte message limit",
                               ByteRing::MaxMessage())));
    WakeWorker();
    return query;
}

const uint8_t* FusionQueryNextPage(FusionQuery* query, uint32_t* rows) {
    if (query->has_current) {
        ReleaseResultPage(query, query->current.page);
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
            CheckWorkerAlive(query);
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
        CheckWorkerAlive(query);
        WaitForWork();
    }
}

void FusionQueryRelease(FusionQuery* query) {
    if (query->released)
        return;
    query->released = true;
    if (running_query == query)
        running_query = nullptr;
    SharedRegion& region = Region();
    if (!query->engine_done) {
        CancelMessage cancel;
        cancel.query_id = query->query_id;
        for (int attempt = 0; attempt < 100 && !TryWriteMessage(query->slot, cancel); attempt++)
            pg_usleep(1000);
        region.Header()->metrics.queries_cancelled.fetch_add(1);
        WakeWorker();
    }
    if (query->has_current) {
        ReleaseResultPage(query, query->current.page);
        query->has_current = false;
    }
    while (query->queue_length > 0) {
        ReleaseResultPage(query, query->queue[query->queue_head].page);
        query->queue_head = (query->queue_head + 1) % kResultQueueCapacity;
        query->queue_length--;
    }
    DrainStaleMessages(query->slot, query->owner);
    if (query->has_filling) {
        region.Pool().Release(query->filling, query->owner);
        query->has_filling = false;
    }
    query->slot->query_id.store(0);
    region.Header()->pages_reserved.fetch_sub(query->reserved_pages);
    query->reserved_pages = 0;
}

} // namespace pgf
