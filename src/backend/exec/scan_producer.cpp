#include "backend/exec/scan_producer.h"

#include <string>

#include "common/page_layout.h"
#include "common/protocol.h"

#include "backend/exec/probe_parts.h"
#include "backend/exec/row_filters.h"
#include "backend/exec/session.h"
#include "backend/guard.h"
#include "backend/gucs.h"
#include "backend/planner/key_probe.h"
#include "backend/shmem.h"
#include "backend/types/type_mapping.h"
#include "backend/types/value_codec.h"

extern "C" {
#include "nodes/nodeFuncs.h"
}

extern "C" {
#include "access/tableam.h"
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "nodes/execnodes.h"
#include "portability/instr_time.h"
#include "tcop/dest.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
}

namespace pgf {

namespace {

/* No version of the filter area: odd, so no complete version equals it. */
constexpr uint32_t kNoFilterVersion = UINT32_MAX;
/* A scan awaiting a join's filters is held back while the backend works on the query's other
 * scans (a build side is still being read) and for kAwaitFiltersMs after, but
 * kAwaitFiltersMaxMs at most: a build that stalls, gives no keys (an empty one) or takes
 * longer lets the scan start in full, as it would without them. */
constexpr long kAwaitFiltersMs = 200;
constexpr long kAwaitFiltersMaxMs = 10000;

/* The receiver the scan's executor sends its rows to. */
struct PageReceiver {
    DestReceiver pub;
    ScanProducer* producer;
};

} // namespace

struct ScanProducer {
    int scan_index;
    PlannedStmt* stmt;
    Query* probe_source;     /* the backend's: the scan query, to plan a key probe from */
    char* probe;             /* EXPLAIN's description of the key probe it runs, or nullptr */
    char* key_filter;        /* EXPLAIN's description of the join key filters it got, or nullptr */
    ProbeParts* parts;       /* a split key probe's parts, taken one at a time; or nullptr */
    ParamListInfo part_params; /* the part's: params and its keys as the probe's parameter */
    ParamListInfo params;
    int column_count;
    Oid* type_oids; /* the planned type of each column, which chose its encoder */
    ColumnSpec* columns;
    ColumnType* types;
    ValueEncoder* encoders;
    TextIo** text_io;       /* per column: its output function if carried as text */
    bool open_requested;
    bool started;
    bool joined;   /* in shared->membership */
    bool finished;
    SharedScan own;          /* the scan's state when nobody shares it, and the final counters */
    SharedScan* shared;      /* &own, or the parallel context's */
    ParallelTableScanDesc pscan; /* the shared parallel heap scan, or nullptr */
    char* filter_area;       /* the backend's: where helpers find the engine's filters (DSM), or nullptr */
    dsm_segment* filter_segment; /* the backend's: filters too long for the area, or nullptr */
    MemoryContext context;   /* of the producer's memory */
    char* open_message;      /* the engine's OpenScan with its filters, or nullptr */
    uint32_t open_length;
    RowFilters* filters;     /* checked before a row is kept, or nullptr */
    uint32_t filter_version; /* a helper's: the filter area's version its filters are from */
    TimestampTz awaiting_until; /* held back until then for a join's late filters, or 0 */
    TimestampTz awaiting_since; /* when the hold began, or 0 if the scan was never held */
    TimestampTz awaited_until;  /* when it ended: the filters came or the deadline passed */
    uint64_t filtered;       /* rows the filters dropped, not yet counted in shared */
    QueryDesc* query_desc;
    PageReceiver receiver;
    PageWriter writer;
    /* A row that did not fit the previous page; encoded first into the next. */
    TupleTableSlot* pending;
    bool has_pending;
    bool stopped; /* the receiver asked the executor to pause */
};

namespace {

enum class RowOutcome { Kept, Filtered, NoRoom };

/* Column i of the slot into the row being built; false if it does not fit. */
bool EncodeColumn(ScanProducer* p, TupleTableSlot* slot, int i) {
    if (slot->tts_isnull[i]) {
        p->writer.SetNull(static_cast<uint16_t>(i));
        return true;
    }
    return p->encoders[i](&p->writer, static_cast<uint16_t>(i), slot->tts_values[i], p->columns[i], p->text_io[i]);
}

/* Encodes the slot's row into the current page. With the engine's filters, the columns they
 * read go first, and a row that fails them is dropped before the others are encoded. */
RowOutcome EncodeRow(ScanProducer* p, TupleTableSlot* slot) {
    slot_getallattrs(slot);
    if (p->filters != nullptr) {
        for (int i = 0; i < p->column_count; i++)
            if (RowFiltersRead(p->filters, i) && !EncodeColumn(p, slot, i)) {
                p->writer.AbandonRow();
                return RowOutcome::NoRoom;
            }
        if (!RowFiltersPass(p->filters, p->writer)) {
            p->writer.AbandonRow();
            p->filtered++;
            return RowOutcome::Filtered;
        }
    }
    for (int i = 0; i < p->column_count; i++)
        if ((p->filters == nullptr || !RowFiltersRead(p->filters, i)) && !EncodeColumn(p, slot, i)) {
            p->writer.AbandonRow();
            return RowOutcome::NoRoom;
        }
    p->writer.CommitRow();
    return RowOutcome::Kept;
}

/* Returns false to pause the executor (the page is full). */
bool ReceiveRow(ScanProducer* p, TupleTableSlot* slot) {
    RowOutcome outcome = EncodeRow(p, slot);
    if (outcome == RowOutcome::Filtered)
        return true;
    if (outcome == RowOutcome::NoRoom) {
        ExecCopySlot(p->pending, slot);
        p->has_pending = true;
        p->stopped = true;
        return false;
    }
    if (p->writer.RowsFull()) {
        p->stopped = true;
        return false;
    }
    return true;
}

bool ReceiveSlot(TupleTableSlot* slot, DestReceiver* self) {
    bool more = false;
    PGF_ENTRY_BEGIN
    more = ReceiveRow(reinterpret_cast<PageReceiver*>(self)->producer, slot);
    PGF_ENTRY_END
    return more;
}

void StartupReceiver(DestReceiver* self, int operation, TupleDesc typeinfo) {}
void ShutdownReceiver(DestReceiver* self) {}
void DestroyReceiver(DestReceiver* self) {}

/* EncodeRow reads attribute i with column i's encoder: the executor's rows must have exactly
 * the planned columns, or it would read Datums of another type (or past tts_values). */
void CheckRowDescriptor(const ScanProducer* p, TupleDesc desc) {
    if (desc->natts != p->column_count)
        elog(ERROR, "pg_fusion: scan %d returns %d columns but %d were planned", p->scan_index, desc->natts,
             p->column_count);
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute attr = TupleDescAttr(desc, i);
        if (attr->attisdropped || attr->atttypid != p->type_oids[i])
            elog(ERROR, "pg_fusion: column %d of scan %d does not have its planned type", i + 1, p->scan_index);
    }
}

void StartExecutor(ScanProducer* p) {
    p->receiver.pub.receiveSlot = ReceiveSlot;
    p->receiver.pub.rStartup = StartupReceiver;
    p->receiver.pub.rShutdown = ShutdownReceiver;
    p->receiver.pub.rDestroy = DestroyReceiver;
    p->receiver.pub.mydest = DestNone;
    p->receiver.producer = p;
    p->query_desc = CreateQueryDesc(p->stmt, "pg_fusion scan", GetActiveSnapshot(), InvalidSnapshot,
                                    &p->receiver.pub, p->part_params != nullptr ? p->part_params : p->params,
                                    nullptr, 0);
    ExecutorStart(p->query_desc, 0);
    p->started = true;
    CheckRowDescriptor(p, p->query_desc->tupDesc);
    p->pending = MakeSingleTupleTableSlot(p->query_desc->tupDesc, &TTSOpsMinimalTuple);
    if (p->pscan != nullptr) {
        /* Only scans whose plan is one SeqScan are shared (planner/parallel_scans.cpp); its
         * executor begins its heap scan lazily, so handing it the parallel one is enough. */
        PlanState* top = p->query_desc->planstate;
        if (!IsA(top, SeqScanState))
            elog(ERROR, "pg_fusion: the shared scan %d is not a sequential scan", p->scan_index);
        auto* seq = reinterpret_cast<SeqScanState*>(top);
        seq->ss.ss_currentScanDesc = table_beginscan_parallel(seq->ss.ss_currentRelation, p->pscan);
    }
    if (p->open_message != nullptr && p->filters == nullptr)
        p->filters = RowFiltersBuild(p->open_message, p->open_length, p->types, p->column_count);
}

/* With the engine's filters, PostgreSQL may read the scan through an index (key_probe.h): a
 * split probe goes to the helpers as parts (true), any other the backend produces alone. */
bool PlanProbe(ScanProducer* p) {
    if (p->probe_source == nullptr || p->open_message == nullptr)
        return false;
    KeyProbe probe;
    if (!PlanKeyProbe(p->probe_source, p->open_message, p->open_length, p->type_oids, p->column_count, p->stmt,
                      static_cast<int>(ScanProducerProducers(p)), p->params != nullptr ? p->params->numParams : 0,
                      &probe))
        return false;
    p->stmt = probe.stmt;
    p->probe = probe.description;
    p->pscan = nullptr;
    dsm_handle handle = 0;
    if (probe.part_count > 0) {
        p->parts = ProbePartsPublish(probe);
        handle = ProbePartsHandle(p->parts);
    }
    if (handle != 0)
        p->shared->probe_parts.store(handle);
    else
        p->shared->backend_only.store(1);
    return handle != 0;
}

/* The backend's first step, before the helpers may look at the scan: they share a sequential
 * scan's blocks or a split probe's parts; a scan read through an index otherwise (a key probe,
 * or a plan that read an index from the start, whose helpers came for a split probe) is the
 * backend's alone. */
void ChooseScanPlan(ScanProducer* p) {
    if (PlanProbe(p) || IsA(p->stmt->planTree, SeqScan))
        return;
    p->pscan = nullptr;
    p->shared->backend_only.store(1);
}

/* A helper's first step in a split key probe: its parts instead of the parallel heap scan;
 * false if they are gone (every part was taken and the backend closed the scan). */
bool AttachProbeParts(ScanProducer* p) {
    dsm_handle handle = p->shared->probe_parts.load();
    if (handle == 0 || p->parts != nullptr)
        return true;
    p->pscan = nullptr;
    p->parts = ProbePartsAttach(handle);
    return p->parts != nullptr;
}

/* Joins the scan unless its last producer already closed it (then there is nothing left). */
bool JoinScan(ScanProducer* p) {
    if (!p->shared->membership.Join())
        return false;
    p->joined = true;
    p->shared->joined.fetch_add(1);
    return true;
}

/* Leaves the scan; true if this producer closed it (and so sends its end). */
bool LeaveScan(ScanProducer* p) {
    p->joined = false;
    return p->shared->membership.Leave();
}

/* One page of the scan's credit; false if the scan has as many pages queued as it may. */
bool ClaimCredit(ScanProducer* p, ProducerChannel* channel) {
    std::atomic<int32_t>& in_flight = channel->credit_slot->scan_pages_in_flight[p->scan_index];
    if (in_flight.fetch_add(1) < guc_scan_pages_in_flight)
        return true;
    in_flight.fetch_sub(1);
    return false;
}

void ReturnCredit(ScanProducer* p, ProducerChannel* channel) {
    channel->credit_slot->scan_pages_in_flight[p->scan_index].fetch_sub(1);
}

uint64_t MicrosecondsSince(instr_time start) {
    instr_time now;
    INSTR_TIME_SET_CURRENT(now);
    INSTR_TIME_SUBTRACT(now, start);
    return INSTR_TIME_GET_MICROSEC(now);
}

void StopExecutor(ScanProducer* p) {
    if (!p->started || p->query_desc == nullptr)
        return;
    ExecutorFinish(p->query_desc);
    ExecutorEnd(p->query_desc);
    FreeQueryDesc(p->query_desc);
    p->query_desc = nullptr;
}

/* Ends the executor of a split probe's part and starts the next part nobody took; false if
 * none is left. */
bool StartNextPart(ScanProducer* p) {
    if (p->pending != nullptr) {
        ExecDropSingleTupleTableSlot(p->pending);
        p->pending = nullptr;
    }
    StopExecutor(p);
    if (!ProbePartsTake(p->parts, p->params, &p->stmt, &p->part_params))
        return false;
    StartExecutor(p);
    return true;
}

/* Sends the filled page; its credit was claimed before it was filled. */
void SendPage(ScanProducer* p, ProducerChannel* channel, PageRef page) {
    SharedRegion& region = Region();
    uint32_t rows = p->writer.RowCount();
    ScanPageMessage message;
    message.query_id = channel->query_id;
    message.scan = static_cast<uint16_t>(p->scan_index);
    message.page = page;
    message.rows = rows;
    std::string bytes = Encode(message);
    region.Pool().Transfer(page, channel->owner, kWorkerOwner);
    /* Counted before the message can be read: the producer that ends the scan must see it. */
    p->shared->pages.fetch_add(1);
    try {
        SendToWorker(channel, bytes);
    } catch (...) {
        /* The worker never saw the page: it is the producer's again, freed with has_filling. */
        region.Pool().Transfer(page, kWorkerOwner, channel->owner);
        p->shared->pages.fetch_sub(1);
        throw;
    }
    region.Header()->metrics.scan_pages.fetch_add(1);
    region.Header()->metrics.scan_rows.fetch_add(rows);
    p->shared->rows.fetch_add(rows);
    p->shared->bytes.fetch_add(p->writer.DataBytes());
}

void SendEnd(ScanProducer* p, ProducerChannel* channel) {
    ScanEndMessage message;
    message.query_id = channel->query_id;
    message.scan = static_cast<uint16_t>(p->scan_index);
    message.pages = p->shared->pages.load();
    SendToWorker(channel, Encode(message));
}

/* The executor is exhausted: this producer is done; the last one ends the scan. */
void FinishProducing(ScanProducer* p, ProducerChannel* channel) {
    StopExecutor(p);
    p->finished = true;
    if (p->joined && LeaveScan(p))
        SendEnd(p, channel);
}

/* The hold is over: the filters came, or the deadline passed. */
void EndHold(ScanProducer* p, TimestampTz now) {
    if (p->awaiting_until == 0)
        return;
    p->awaiting_until = 0;
    p->awaited_until = now;
}

/* Makes the engine's OpenScan (palloc'd in the producer's memory) the producer's filters:
 * checked from the start of its scan, or from its next row if it is producing. The filters are
 * an optimization: without memory for them the scan runs without. */
void AdoptFilters(ScanProducer* p, char* copy, uint32_t length) {
    p->open_message = copy;
    p->open_length = length;
    if (!p->started)
        return;
    try {
        p->filters = RowFiltersBuild(p->open_message, p->open_length, p->types, p->column_count);
    } catch (...) {
        /* no memory for the new filters: the scan goes on with the ones it had */
    }
}

/* EXPLAIN's words for the join key filters (Bloom filters) of an OpenScan, or nullptr if it has
 * none: "146279 keys on column 0 (32768 words)". */
char* DescribeKeyFilters(const char* open_message, uint32_t length) {
    OpenScanMessage open;
    if (!Decode(std::string(open_message, length), &open))
        return nullptr;
    std::string text;
    for (const ScanFilter& filter : open.filters) {
        if (filter.op != FilterOp::KeyBloom || filter.values.size() != 2 || filter.values[1].size() != 8)
            continue;
        uint64_t keys;
        memcpy(&keys, filter.values[1].data(), 8);
        if (!text.empty())
            text += ", ";
        text += std::to_string(keys) + " keys on column " + std::to_string(filter.column) + " (" +
                std::to_string(filter.values[0].size() / 8) + " words)";
    }
    return text.empty() ? nullptr : PgCall([&]() { return pstrdup(text.c_str()); });
}

/* The same with a copy of open_message in the producer's memory. */
void KeepFilters(ScanProducer* p, const char* open_message, uint32_t length) {
    void* copy = length > 0 ? MemoryContextAllocExtended(p->context, length, MCXT_ALLOC_NO_OOM) : nullptr;
    if (copy == nullptr)
        return;
    memcpy(copy, open_message, length);
    AdoptFilters(p, static_cast<char*>(copy), length);
    if (char* key_filter = DescribeKeyFilters(open_message, length))
        p->key_filter = key_filter;
}

/* The OpenScan the helpers get through their filter area of one ring message: the engine's,
 * or, when its key lists make it longer, the same without them (its comparisons still apply;
 * the backend alone drops rows by key then). */
std::string FiltersForHelpers(const char* open_message, uint32_t length) {
    if (length <= ByteRing::MaxMessage())
        return std::string(open_message, length);
    OpenScanMessage open;
    if (!Decode(std::string(open_message, length), &open))
        return std::string();
    return EncodeWithin(std::move(open), ByteRing::MaxMessage());
}

/* A segment holding an OpenScan longer than the filter area (long key lists), or nullptr if
 * none can be created. */
dsm_segment* FilterSegment(const char* open_message, uint32_t length) {
    dsm_segment* segment = nullptr;
    try {
        PgCallVoid([&]() { segment = dsm_create(length, DSM_CREATE_NULL_IF_MAXSEGMENTS); });
    } catch (...) {
        return nullptr;
    }
    if (segment != nullptr)
        memcpy(dsm_segment_address(segment), open_message, length);
    return segment;
}

/* Leaves the engine's OpenScan for the helpers: in the filter area, or in a segment of its own
 * when longer (the area's version marks the rewrite, ScanProducerRefreshFilters). Without memory
 * for either, the helpers keep the filters they have. */
void PublishForHelpers(ScanProducer* p, const char* open_message, uint32_t length) {
    SharedScan* shared = p->shared;
    dsm_segment* segment = length > ByteRing::MaxMessage() ? FilterSegment(open_message, length) : nullptr;
    try {
        std::string in_area = segment != nullptr ? std::string() : FiltersForHelpers(open_message, length);
        shared->filter_version.fetch_add(1);
        memcpy(p->filter_area, in_area.data(), in_area.size());
        shared->filter_segment.store(segment != nullptr ? dsm_segment_handle(segment) : 0);
        shared->filter_length.store(segment != nullptr ? length : static_cast<uint32_t>(in_area.size()));
        shared->filter_version.fetch_add(1);
    } catch (...) {
        if (segment != nullptr)
            dsm_detach(segment);
        return;
    }
    if (p->filter_segment != nullptr)
        dsm_detach(p->filter_segment);
    p->filter_segment = segment;
}

} // namespace

ScanProducer* ScanProducerCreate(int scan_index, PlannedStmt* stmt, ParamListInfo params, Query* probe_source) {
    auto* p = static_cast<ScanProducer*>(palloc0(sizeof(ScanProducer)));
    p->shared = &p->own;
    p->context = CurrentMemoryContext;
    p->scan_index = scan_index;
    p->stmt = stmt;
    p->probe_source = probe_source;
    p->params = params;
    List* tlist = stmt->planTree->targetlist;
    p->type_oids = static_cast<Oid*>(palloc0(sizeof(Oid) * Max(list_length(tlist), 1)));
    p->columns = static_cast<ColumnSpec*>(palloc0(sizeof(ColumnSpec) * Max(list_length(tlist), 1)));
    p->types = static_cast<ColumnType*>(palloc0(sizeof(ColumnType) * Max(list_length(tlist), 1)));
    p->encoders = static_cast<ValueEncoder*>(palloc0(sizeof(ValueEncoder) * Max(list_length(tlist), 1)));
    p->text_io = static_cast<TextIo**>(palloc0(sizeof(TextIo*) * Max(list_length(tlist), 1)));
    ListCell* lc;
    foreach (lc, tlist) {
        TargetEntry* tle = lfirst_node(TargetEntry, lc);
        if (tle->resjunk)
            continue;
        Oid type = exprType(reinterpret_cast<Node*>(tle->expr));
        int32 typmod = exprTypmod(reinterpret_cast<Node*>(tle->expr));
        const char* reason = nullptr;
        ColumnSpec& spec = p->columns[p->column_count];
        if (!ColumnSpecForType(type, typmod, &spec, &reason))
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("pg_fusion: %s is not supported", reason)));
        p->type_oids[p->column_count] = type;
        p->types[p->column_count] = spec.type;
        p->encoders[p->column_count] = EncoderFor(type, spec);
        p->text_io[p->column_count] = TextOutputFor(type);
        p->column_count++;
    }
    return p;
}

void ScanProducerShare(ScanProducer* producer, SharedScan* shared, ParallelTableScanDesc pscan, char* filter_area) {
    producer->shared = shared;
    producer->pscan = pscan;
    producer->filter_area = filter_area;
    /* a helper has read no version of the filter area yet (versions are even when complete) */
    producer->filter_version = kNoFilterVersion;
}

void ScanProducerUnshare(ScanProducer* producer) {
    SharedScan* shared = producer->shared;
    SharedScan& own = producer->own;
    own.joined.store(shared->joined.load());
    own.pages.store(shared->pages.load());
    own.rows.store(shared->rows.load());
    own.bytes.store(shared->bytes.load());
    own.produce_us.store(shared->produce_us.load());
    own.send_us.store(shared->send_us.load());
    own.filtered.store(shared->filtered.load());
    own.helpers = shared->helpers;
    own.backend_only.store(shared->backend_only.load());
    producer->shared = &own;
    producer->pscan = nullptr;
    producer->finished = true;
}

const ColumnSpec* ScanProducerColumns(const ScanProducer* producer, int* count) {
    *count = producer->column_count;
    return producer->columns;
}

PlannedStmt* ScanProducerStmt(const ScanProducer* producer) { return producer->stmt; }
const char* ScanProducerKeyProbe(const ScanProducer* producer) { return producer->probe; }
const char* ScanProducerKeyFilter(const ScanProducer* producer) { return producer->key_filter; }
bool ScanProducerIsOpen(const ScanProducer* producer) { return producer->open_requested; }
bool ScanProducerIsFinished(const ScanProducer* producer) { return producer->finished; }
uint32_t ScanProducerProducers(const ScanProducer* producer) { return 1 + producer->shared->helpers; }
const SharedScan* ScanProducerStats(const ScanProducer* producer) { return producer->shared; }
uint64_t ScanProducerEstimatedRows(const ScanProducer* producer) {
    return static_cast<uint64_t>(Max(producer->stmt->planTree->plan_rows, 1.0));
}

void ScanProducerOpen(ScanProducer* producer, const char* open_message, uint32_t length) {
    producer->open_requested = true;
    KeepFilters(producer, open_message, length);
    if (producer->filter_area != nullptr)
        PublishForHelpers(producer, open_message, length);
    /* The backend publishes its own scan once it has chosen how to read it. */
    if (producer->probe_source == nullptr)
        producer->shared->opened.store(1);
}

void ScanProducerLateFilters(ScanProducer* producer, const char* open_message, uint32_t length) {
    if (!producer->open_requested || producer->finished)
        return;
    EndHold(producer, GetCurrentTimestamp());
    KeepFilters(producer, open_message, length);
    if (producer->filter_area != nullptr)
        PublishForHelpers(producer, open_message, length);
}

void ScanProducerRefreshFilters(ScanProducer* producer, const char* filter_area) {
    SharedScan* shared = producer->shared;
    uint32_t version = shared->filter_version.load();
    if (version == producer->filter_version || (version & 1) != 0)
        return;
    uint32_t length = shared->filter_length.load();
    dsm_handle handle = shared->filter_segment.load();
    char* copy = length > 0 ? static_cast<char*>(MemoryContextAllocExtended(producer->context, length, MCXT_ALLOC_NO_OOM))
                            : nullptr;
    if (copy == nullptr) {
        if (length == 0)
            producer->filter_version = version; /* no filters to take */
        return;
    }
    if (handle != 0) {
        /* gone if the backend replaced it meanwhile: the next call takes the new version */
        dsm_segment* segment = dsm_attach(handle);
        if (segment == nullptr)
            return;
        memcpy(copy, dsm_segment_address(segment), length);
        dsm_detach(segment);
    } else {
        memcpy(copy, filter_area, length);
    }
    /* a rewrite that began while copying: the next step looks again */
    if (shared->filter_version.load() != version)
        return;
    producer->filter_version = version;
    AdoptFilters(producer, copy, length);
}

void ScanProducerAwaitFilters(ScanProducer* producer) {
    producer->awaiting_since = GetCurrentTimestamp();
    producer->awaiting_until = TimestampTzPlusMilliseconds(producer->awaiting_since, kAwaitFiltersMs);
}

void ScanProducerNoteQueryProgress(ScanProducer* producer) {
    if (producer->started || producer->awaiting_until == 0)
        return;
    TimestampTz extended = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), kAwaitFiltersMs);
    TimestampTz latest = TimestampTzPlusMilliseconds(producer->awaiting_since, kAwaitFiltersMaxMs);
    producer->awaiting_until = Max(producer->awaiting_until, Min(extended, latest));
}

double ScanProducerJoinKeyWaitMs(const ScanProducer* producer) {
    if (producer->awaiting_since == 0)
        return -1;
    return static_cast<double>(producer->awaited_until - producer->awaiting_since) / 1000.0;
}

bool ScanProducerStep(ScanProducer* p, ProducerChannel* channel) {
    SharedRegion& region = Region();
    if (!p->started && p->awaiting_until != 0) {
        TimestampTz now = GetCurrentTimestamp();
        if (now < p->awaiting_until)
            return false;
        EndHold(p, now);
    }
    if (!p->started) {
        if (p->probe_source != nullptr && !p->shared->opened.load()) {
            ChooseScanPlan(p);
            p->shared->opened.store(1);
        }
        if (!AttachProbeParts(p) || !JoinScan(p)) {
            p->finished = true;
            return true;
        }
        if (p->parts == nullptr) {
            StartExecutor(p);
        } else if (!StartNextPart(p)) {
            FinishProducing(p, channel);
            return true;
        }
    }
    if (!ClaimCredit(p, channel))
        return false;
    PageRef page;
    if (!region.Pool().Allocate(channel->owner, &page)) {
        ReturnCredit(p, channel);
        return false;
    }
    channel->filling = page;
    channel->has_filling = true;

    if (!p->writer.Begin(region.Pool().Data(page.index), region.Pool().PageSize(), p->types,
                         static_cast<uint16_t>(p->column_count))) {
        region.Pool().Release(page, channel->owner);
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("pg_fusion: a row of this scan does not fit in pg_fusion.page_size")));
    }
    if (p->has_pending) {
        p->has_pending = false;
        if (EncodeRow(p, p->pending) == RowOutcome::NoRoom) {
            region.Pool().Release(page, channel->owner);
            ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                            errmsg("pg_fusion: a row of %d columns does not fit in one page", p->column_count),
                            errhint("Raise pg_fusion.page_size.")));
        }
        ExecClearTuple(p->pending);
    }
    p->stopped = false;
    instr_time start;
    INSTR_TIME_SET_CURRENT(start);
    if (!p->writer.RowsFull())
        ExecutorRun(p->query_desc, ForwardScanDirection, 0, false);
    else
        p->stopped = true;
    p->shared->produce_us.fetch_add(MicrosecondsSince(start));
    p->shared->filtered.fetch_add(p->filtered);
    p->filtered = 0;

    if (p->writer.RowCount() > 0) {
        INSTR_TIME_SET_CURRENT(start);
        SendPage(p, channel, page);
        p->shared->send_us.fetch_add(MicrosecondsSince(start));
    } else {
        region.Pool().Release(page, channel->owner);
        ReturnCredit(p, channel);
    }
    channel->has_filling = false;
    if (!p->stopped && (p->parts == nullptr || !StartNextPart(p)))
        FinishProducing(p, channel);
    return true;
}

void ScanProducerClose(ScanProducer* producer) {
    StopExecutor(producer);
    producer->finished = true;
    if (producer->parts != nullptr)
        ProbePartsDetach(producer->parts);
    producer->parts = nullptr;
    if (producer->filter_segment != nullptr)
        dsm_detach(producer->filter_segment);
    producer->filter_segment = nullptr;
}

} // namespace pgf
