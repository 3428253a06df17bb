/*
 * sql_functions.cpp — the SQL-callable functions of the pg_fusion extension: one C entry
 * per SQL function (sql/pg_fusion--*.sql), each running its body as a guard.h entry.
 */
#include "common/page_layout.h"
#include "common/shared_region.h"

#include "backend/exec/session.h"
#include "backend/guard.h"
#include "backend/pg.h"
#include "backend/shmem.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/tuplestore.h"

#include <signal.h>

PGDLLEXPORT Datum pg_fusion_pages(PG_FUNCTION_ARGS);
PGDLLEXPORT Datum pg_fusion_metrics(PG_FUNCTION_ARGS);
PGDLLEXPORT Datum pg_fusion_worker_status(PG_FUNCTION_ARGS);
PGDLLEXPORT Datum pg_fusion_engine_eval(PG_FUNCTION_ARGS);
PGDLLEXPORT Datum pg_fusion_restart_worker(PG_FUNCTION_ARGS);
PG_FUNCTION_INFO_V1(pg_fusion_pages);
PG_FUNCTION_INFO_V1(pg_fusion_metrics);
PG_FUNCTION_INFO_V1(pg_fusion_worker_status);
PG_FUNCTION_INFO_V1(pg_fusion_engine_eval);
PG_FUNCTION_INFO_V1(pg_fusion_restart_worker);
}

namespace {

Datum MakeRecord(FunctionCallInfo fcinfo, Datum* values, bool* nulls) {
    TupleDesc desc;
    if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("function returning record called in context that cannot accept type record")));
    desc = BlessTupleDesc(desc);
    return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

const char* WorkerStateName(pgf::WorkerState state) {
    switch (state) {
    case pgf::WorkerState::Ready: return "ready";
    case pgf::WorkerState::Failed: return "failed";
    case pgf::WorkerState::Down: return "starting";
    }
    return "unknown";
}

Datum Pages(PG_FUNCTION_ARGS) {
    pgf::SharedRegion& region = pgf::Region();
    pgf::PagePool& pool = region.Pool();
    int32 backend_pages = 0;
    for (uint32_t i = 0; i < region.SessionCount(); i++)
        backend_pages += static_cast<int32>(pool.CountOwnedBy(pgf::SessionOwner(i)));
    Datum values[6];
    bool nulls[6] = {false, false, false, false, false, false};
    values[0] = Int32GetDatum(static_cast<int32>(pool.PageSize()));
    values[1] = Int32GetDatum(static_cast<int32>(pool.PageCount()));
    values[2] = Int32GetDatum(pool.FreeCount());
    values[3] = Int32GetDatum(backend_pages);
    values[4] = Int32GetDatum(static_cast<int32>(pool.CountOwnedBy(pgf::kWorkerOwner)));
    values[5] = Int32GetDatum(region.Header()->pages_reserved.load());
    PG_RETURN_DATUM(MakeRecord(fcinfo, values, nulls));
}

Datum MetricCounters(PG_FUNCTION_ARGS) {
    pgf::Metrics& m = pgf::Region().Header()->metrics;
    const struct {
        const char* name;
        const std::atomic<uint64_t>* value;
    } counters[] = {
        {"queries_started", &m.queries_started},     {"queries_succeeded", &m.queries_succeeded},
        {"queries_failed", &m.queries_failed},       {"queries_cancelled", &m.queries_cancelled},
        {"scan_pages", &m.scan_pages},               {"scan_rows", &m.scan_rows},
        {"result_pages", &m.result_pages},           {"result_rows", &m.result_rows},
        {"worker_starts", &m.worker_starts},         {"engine_recreations", &m.engine_recreations},
    };
    InitMaterializedSRF(fcinfo, 0);
    ReturnSetInfo* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    for (const auto& counter : counters) {
        Datum values[2] = {CStringGetTextDatum(counter.name), Int64GetDatum(static_cast<int64>(counter.value->load()))};
        bool nulls[2] = {false, false};
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    return static_cast<Datum>(0);
}

Datum WorkerStatus(PG_FUNCTION_ARGS) {
    pgf::RegionHeader* header = pgf::Region().Header();
    auto state = static_cast<pgf::WorkerState>(header->worker_state.load());
    Datum values[4];
    bool nulls[4] = {false, false, false, header->worker_error[0] == '\0'};
    values[0] = CStringGetTextDatum(WorkerStateName(state));
    values[1] = Int32GetDatum(header->worker_pid.load());
    values[2] = Int64GetDatum(static_cast<int64>(header->worker_generation.load()));
    values[3] = nulls[3] ? static_cast<Datum>(0) : CStringGetTextDatum(header->worker_error);
    PG_RETURN_DATUM(MakeRecord(fcinfo, values, nulls));
}

Datum EngineEval(PG_FUNCTION_ARGS) {
    char* sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
    char* wrapped = psprintf("SELECT CAST(#1 AS VARCHAR) FROM (%s) LIMIT 1", sql);
    pgf::ColumnSpec result{pgf::ColumnType::Varchar, 0, 0};
    MemoryContext query_context = AllocSetContextCreate(CurrentMemoryContext, "pg_fusion engine_eval", ALLOCSET_DEFAULT_SIZES);
    MemoryContext old = MemoryContextSwitchTo(query_context);
    pgf::FusionQuery* query = pgf::FusionQueryStart(wrapped, &result, 1, nullptr, 0, 0, false);
    MemoryContextSwitchTo(old);
    text* answer = nullptr;
    bool is_null = true;
    uint32_t rows = 0;
    const uint8_t* page;
    while ((page = pgf::FusionQueryNextPage(query, &rows)) != nullptr) {
        pgf::PageView view(page);
        if (!view.Valid() || view.ColumnCount() != 1 || view.Type(0) != pgf::ColumnType::Varchar ||
            view.RowCount() != rows)
            ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("pg_fusion: malformed result page")));
        if (answer == nullptr && is_null && view.RowCount() > 0 && !view.IsNull(0, 0)) {
            uint32_t length;
            const char* data = view.StringData(0, 0, &length);
            answer = cstring_to_text_with_len(data, static_cast<int>(length));
            is_null = false;
        }
    }
    MemoryContextDelete(query_context);
    if (is_null)
        PG_RETURN_NULL();
    PG_RETURN_TEXT_P(answer);
}

Datum RestartWorker(PG_FUNCTION_ARGS) {
    pgf::RegionHeader* header = pgf::Region().Header();
    int32 pid = header->worker_pid.load();
    bool running = static_cast<pgf::WorkerState>(header->worker_state.load()) == pgf::WorkerState::Ready;
    /* The worker is not a client backend, so pg_terminate_backend() refuses it; SIGTERM is
     * its orderly shutdown request. */
    PG_RETURN_BOOL(running && pid > 0 && kill(pid, SIGTERM) == 0);
}

} // namespace

Datum pg_fusion_pages(PG_FUNCTION_ARGS) { return pgf::CallSqlFunction(Pages, fcinfo); }
Datum pg_fusion_metrics(PG_FUNCTION_ARGS) { return pgf::CallSqlFunction(MetricCounters, fcinfo); }
Datum pg_fusion_worker_status(PG_FUNCTION_ARGS) { return pgf::CallSqlFunction(WorkerStatus, fcinfo); }
Datum pg_fusion_engine_eval(PG_FUNCTION_ARGS) { return pgf::CallSqlFunction(EngineEval, fcinfo); }
Datum pg_fusion_restart_worker(PG_FUNCTION_ARGS) { return pgf::CallSqlFunction(RestartWorker, fcinfo); }
