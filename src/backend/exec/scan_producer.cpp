#include "backend/exec/scan_producer.h"

#include "common/page_layout.h"
#include "common/protocol.h"

#include "backend/exec/session.h"
#include "backend/guard.h"
#include "backend/shmem.h"
#include "backend/types/type_mapping.h"
#include "backend/types/value_codec.h"

extern "C" {
#include "nodes/nodeFuncs.h"
}

extern "C" {
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "tcop/dest.h"
#include "utils/snapmgr.h"
}

namespace pgf {

namespace {

/* The receiver the scan's executor sends its rows to. */
struct PageReceiver {
    DestReceiver pub;
    ScanProducer* producer;
};

} // namespace

struct ScanProducer {
    int scan_index;
    PlannedStmt* stmt;
    ParamListInfo params;
    int column_count;
    Oid* type_oids; /* the planned type of each column, which chose its encoder */
    ColumnSpec* columns;
    ColumnType* types;
    ValueEncoder* encoders;
    TextIo** text_io;       /* per column: its output function if carried as text */
    bool open_requested;
    bool started;
    bool finished;
    QueryDesc* query_desc;
    PageReceiver receiver;
    PageWriter writer;
    /* A row that did not fit the previous page; encoded first into the next. */
    TupleTableSlot* pending;
    bool has_pending;
    bool stopped; /* the receiver asked the executor to pause */
    uint64_t rows_sent;
};

namespace {

/* Encodes the slot's row into the current page; false if it does not fit. */
bool EncodeRow(ScanProducer* p, TupleTableSlot* slot) {
    slot_getallattrs(slot);
    for (int i = 0; i < p->column_count; i++) {
        if (slot->tts_isnull[i]) {
            p->writer.SetNull(static_cast<uint16_t>(i));
        } else if (!p->encoders[i](&p->writer, static_cast<uint16_t>(i), slot->tts_values[i], p->columns[i],
                                        p->text_io[i])) {
            p->writer.AbandonRow();
            return false;
        }
    }
    p->writer.CommitRow();
    return true;
}

/* Returns false to pause the executor (the page is full). */
bool ReceiveRow(ScanProducer* p, TupleTableSlot* slot) {
    if (!EncodeRow(p, slot)) {
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
                                    &p->receiver.pub, p->params, nullptr, 0);
    ExecutorStart(p->query_desc, 0);
    CheckRowDescriptor(p, p->query_desc->tupDesc);
    p->pending = MakeSingleTupleTableSlot(p->query_desc->tupDesc, &TTSOpsMinimalTuple);
    p->started = true;
}

void StopExecutor(ScanProducer* p) {
    if (!p->started || p->query_desc == nullptr)
        return;
    ExecutorFinish(p->query_desc);
    ExecutorEnd(p->query_desc);
    FreeQueryDesc(p->query_desc);
    p->query_desc = nullptr;
}

void SendPage(ScanProducer* p, FusionQuery* query, PageRef page) {
    SharedRegion& region = Region();
    uint32_t rows = p->writer.RowCount();
    ScanPageMessage message;
    message.query_id = query->query_id;
    message.scan = static_cast<uint16_t>(p->scan_index);
    message.page = page;
    message.rows = rows;
    std::string bytes = Encode(message);
    region.Pool().Transfer(page, query->owner, kWorkerOwner);
    query->slot->scan_pages_in_flight[p->scan_index].fetch_add(1);
    try {
        SendToWorker(query, bytes);
    } catch (...) {
        /* The worker never saw the page: it is the query's again, freed with has_filling. */
        region.Pool().Transfer(page, kWorkerOwner, query->owner);
        throw;
    }
    region.Header()->metrics.scan_pages.fetch_add(1);
    region.Header()->metrics.scan_rows.fetch_add(rows);
    p->rows_sent += rows;
}

void SendEnd(ScanProducer* p, FusionQuery* query) {
    ScanEndMessage message;
    message.query_id = query->query_id;
    message.scan = static_cast<uint16_t>(p->scan_index);
    SendToWorker(query, Encode(message));
}

} // namespace

ScanProducer* ScanProducerCreate(int scan_index, PlannedStmt* stmt, ParamListInfo params) {
    auto* p = static_cast<ScanProducer*>(palloc0(sizeof(ScanProducer)));
    p->scan_index = scan_index;
    p->stmt = stmt;
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

const ColumnSpec* ScanProducerColumns(const ScanProducer* producer, int* count) {
    *count = producer->column_count;
    return producer->columns;
}

bool ScanProducerIsOpen(const ScanProducer* producer) { return producer->open_requested; }
bool ScanProducerIsFinished(const ScanProducer* producer) { return producer->finished; }
void ScanProducerOpen(ScanProducer* producer) { producer->open_requested = true; }
uint64_t ScanProducerRows(const ScanProducer* producer) { return producer->rows_sent; }
uint64_t ScanProducerEstimatedRows(const ScanProducer* producer) {
    return static_cast<uint64_t>(Max(producer->stmt->planTree->plan_rows, 1.0));
}

bool ScanProducerStep(ScanProducer* p, FusionQuery* query) {
    SharedRegion& region = Region();
    if (!p->started)
        StartExecutor(p);
    PageRef page;
    if (!region.Pool().Allocate(query->owner, &page))
        return false;
    query->filling = page;
    query->has_filling = true;

    if (!p->writer.Begin(region.Pool().Data(page.index), region.Pool().PageSize(), p->types,
                         static_cast<uint16_t>(p->column_count))) {
        region.Pool().Release(page, query->owner);
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("pg_fusion: a row of this scan does not fit in pg_fusion.page_size")));
    }
    if (p->has_pending) {
        p->has_pending = false;
        if (!EncodeRow(p, p->pending)) {
            region.Pool().Release(page, query->owner);
            ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                            errmsg("pg_fusion: a row of %d columns does not fit in one page", p->column_count),
                            errhint("Raise pg_fusion.page_size.")));
        }
        ExecClearTuple(p->pending);
    }
    p->stopped = false;
    if (!p->writer.RowsFull())
        ExecutorRun(p->query_desc, ForwardScanDirection, 0, false);
    else
        p->stopped = true;

    if (p->writer.RowCount() > 0)
        SendPage(p, query, page);
    else
        region.Pool().Release(page, query->owner);
    query->has_filling = false;
    if (!p->stopped) {
        StopExecutor(p);
        p->finished = true;
        SendEnd(p, query);
    }
    return true;
}

void ScanProducerClose(ScanProducer* producer) {
    StopExecutor(producer);
    producer->finished = true;
}

} // namespace pgf
