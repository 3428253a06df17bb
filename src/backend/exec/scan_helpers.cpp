#include "backend/exec/scan_helpers.h"

#include <new>

#include "common/shared_region.h"

#include "backend/exec/scan_producer.h"
#include "backend/exec/session.h"
#include "backend/guard.h"
#include "backend/shmem.h"

extern "C" {
#include "access/parallel.h"
#include "access/table.h"
#include "access/tableam.h"
#include "parser/parsetree.h"
#include "storage/latch.h"
#include "storage/shm_toc.h"
#include "utils/snapmgr.h"
}

namespace pgf {

namespace {

constexpr uint64 kKeyQuery = UINT64CONST(0x50470001);
constexpr uint64 kKeyPlans = UINT64CONST(0x50470002);
constexpr uint64 kKeyParams = UINT64CONST(0x50470003);

/* A missed wakeup costs at most this long; every state change sets the helpers' latches. */
constexpr long kHelperWaitMs = 10;

/* The query as its helpers see it; SharedScan[scan_count] follows. */
struct HelperQuery {
    std::atomic<uint32_t> ready; /* query_id and worker_generation are set */
    std::atomic<uint32_t> stop;
    uint64_t query_id;
    uint64_t worker_generation;
    uint32_t leader_session;
    uint32_t scan_count;
};

SharedScan* ScansOf(HelperQuery* query) {
    return reinterpret_cast<SharedScan*>(reinterpret_cast<char*>(query) + MAXALIGN(sizeof(HelperQuery)));
}

Size QueryBytes(int scan_count) { return MAXALIGN(sizeof(HelperQuery)) + sizeof(SharedScan) * scan_count; }

int HelpersOf(List* helpers_per_scan, int k) { return list_nth_int(helpers_per_scan, k); }

Oid ScanRelation(PlannedStmt* stmt) {
    return rt_fetch(reinterpret_cast<Scan*>(stmt->planTree)->scanrelid, stmt->rtable)->relid;
}

} // namespace

struct ScanHelpers {
    ParallelContext* context;
    HelperQuery* query;
    ScanProducer** producers;
    int scan_count;
    bool stopped;
};

void WakeScanHelpers(uint32_t session_index) {
    for (auto& helper : Region().Session(session_index)->helper_latches) {
        void* latch = helper.load();
        if (latch != nullptr)
            SetLatch(static_cast<Latch*>(latch));
    }
}

ScanHelpers* ScanHelpersLaunch(ScanProducer** producers, int scan_count, List* helpers_per_scan,
                               ParamListInfo params) {
    int wanted = 0;
    for (int k = 0; k < scan_count; k++)
        wanted = Max(wanted, HelpersOf(helpers_per_scan, k));
    if (wanted == 0 || !IsInParallelMode())
        return nullptr;
    uint32_t session = BackendSessionIndex();
    Snapshot snapshot = GetActiveSnapshot();

    /* Sizes: the plans chunk holds each shared scan's plan text, then its parallel scan state. */
    char** plan_texts = static_cast<char**>(palloc0(sizeof(char*) * scan_count));
    Relation* relations = static_cast<Relation*>(palloc0(sizeof(Relation) * scan_count));
    Size plans_bytes = 0;
    for (int k = 0; k < scan_count; k++) {
        if (HelpersOf(helpers_per_scan, k) == 0)
            continue;
        PlannedStmt* stmt = ScanProducerStmt(producers[k]);
        plan_texts[k] = nodeToString(stmt);
        relations[k] = table_open(ScanRelation(stmt), AccessShareLock);
        plans_bytes += MAXALIGN(strlen(plan_texts[k]) + 1) + MAXALIGN(table_parallelscan_estimate(relations[k], snapshot)) +
                       MAXALIGN(ByteRing::MaxMessage());
    }
    Size params_bytes = EstimateParamListSpace(params);

    ParallelContext* context = CreateParallelContext("pg_fusion", "pg_fusion_scan_helper_main", wanted);
    shm_toc_estimate_chunk(&context->estimator, QueryBytes(scan_count));
    shm_toc_estimate_chunk(&context->estimator, plans_bytes);
    shm_toc_estimate_chunk(&context->estimator, params_bytes);
    shm_toc_estimate_keys(&context->estimator, 3);
    InitializeParallelDSM(context);
    if (context->seg == nullptr || context->nworkers == 0) {
        /* No dynamic shared memory for the context: no helpers. */
        DestroyParallelContext(context);
        for (int k = 0; k < scan_count; k++)
            if (relations[k] != nullptr)
                table_close(relations[k], NoLock);
        return nullptr;
    }

    auto* query = static_cast<HelperQuery*>(shm_toc_allocate(context->toc, QueryBytes(scan_count)));
    memset(static_cast<void*>(query), 0, QueryBytes(scan_count));
    query->leader_session = session;
    query->scan_count = static_cast<uint32_t>(scan_count);
    SharedScan* scans = ScansOf(query);
    for (int k = 0; k < scan_count; k++)
        new (&scans[k]) SharedScan();
    char* plans = static_cast<char*>(shm_toc_allocate(context->toc, plans_bytes));
    Size offset = 0;
    for (int k = 0; k < scan_count; k++) {
        if (plan_texts[k] == nullptr)
            continue;
        scans[k].plan_offset = static_cast<uint32_t>(offset);
        strcpy(plans + offset, plan_texts[k]);
        offset += MAXALIGN(strlen(plan_texts[k]) + 1);
        scans[k].pscan_offset = offset;
        table_parallelscan_initialize(relations[k], reinterpret_cast<ParallelTableScanDesc>(plans + offset), snapshot);
        offset += MAXALIGN(table_parallelscan_estimate(relations[k], snapshot));
        scans[k].filter_offset = static_cast<uint32_t>(offset);
        offset += MAXALIGN(ByteRing::MaxMessage());
        table_close(relations[k], NoLock);
    }
    char* param_space = static_cast<char*>(shm_toc_allocate(context->toc, params_bytes));
    shm_toc_insert(context->toc, kKeyQuery, query);
    shm_toc_insert(context->toc, kKeyPlans, plans);
    shm_toc_insert(context->toc, kKeyParams, param_space);
    SerializeParamList(params, &param_space);

    LaunchParallelWorkers(context);
    int launched = context->nworkers_launched;
    if (launched == 0) {
        DestroyParallelContext(context);
        return nullptr;
    }
    for (int k = 0; k < scan_count; k++) {
        if (plan_texts[k] == nullptr)
            continue;
        scans[k].helpers = static_cast<uint32_t>(Min(HelpersOf(helpers_per_scan, k), launched));
        ScanProducerShare(producers[k], &scans[k], reinterpret_cast<ParallelTableScanDesc>(plans + scans[k].pscan_offset),
                          plans + scans[k].filter_offset);
    }
    auto* helpers = static_cast<ScanHelpers*>(palloc0(sizeof(ScanHelpers)));
    helpers->context = context;
    helpers->query = query;
    helpers->producers = producers;
    helpers->scan_count = scan_count;
    return helpers;
}

int ScanHelpersLaunched(const ScanHelpers* helpers) { return helpers->context->nworkers_launched; }

void ScanHelpersBegin(ScanHelpers* helpers, const FusionQuery* query) {
    helpers->query->query_id = query->channel.query_id;
    helpers->query->worker_generation = query->channel.worker_generation;
    helpers->query->ready.store(1);
    WakeScanHelpers(helpers->query->leader_session);
}

void ScanHelpersStop(ScanHelpers* helpers) {
    if (helpers->stopped)
        return;
    helpers->stopped = true;
    helpers->query->stop.store(1);
    WakeScanHelpers(helpers->query->leader_session);
    WaitForParallelWorkersToFinish(helpers->context);
    SharedScan* scans = ScansOf(helpers->query);
    for (int k = 0; k < helpers->scan_count; k++)
        if (scans[k].helpers > 0)
            ScanProducerUnshare(helpers->producers[k]);
    DestroyParallelContext(helpers->context);
    helpers->context = nullptr;
}

namespace {

void WaitUntilReady(HelperQuery* query) {
    while (!query->ready.load() && !query->stop.load())
        WaitForWork(kHelperWaitMs);
}

void ProduceAsHelper(shm_toc* toc) {
    auto* query = static_cast<HelperQuery*>(shm_toc_lookup(toc, kKeyQuery, false));
    char* plans = static_cast<char*>(shm_toc_lookup(toc, kKeyPlans, false));
    char* param_space = static_cast<char*>(shm_toc_lookup(toc, kKeyParams, false));
    ParamListInfo params = RestoreParamList(&param_space);
    SharedScan* scans = ScansOf(query);
    int scan_count = static_cast<int>(query->scan_count);
    uint32_t number = static_cast<uint32_t>(ParallelWorkerNumber);

    SharedRegion& region = Region();
    uint32_t own_session = BackendSessionIndex();
    SessionSlot* own_slot = region.Session(own_session);
    SessionSlot* leader_slot = region.Session(query->leader_session);
    own_slot->produces_for.store(static_cast<int32_t>(query->leader_session));
    leader_slot->helper_latches[number].store(MyLatch);
    WaitUntilReady(query);

    ProducerChannel channel{};
    channel.query_id = query->query_id;
    channel.worker_generation = query->worker_generation;
    channel.owner = SessionOwner(own_session);
    channel.ring_slot = own_slot;
    channel.credit_slot = leader_slot;
    ScanProducer** producers = static_cast<ScanProducer**>(palloc0(sizeof(ScanProducer*) * Max(scan_count, 1)));
    while (!query->stop.load() && leader_slot->query_id.load() == channel.query_id) {
        bool worked = false;
        for (int k = 0; k < scan_count; k++) {
            SharedScan* scan = &scans[k];
            if (number >= scan->helpers || !scan->opened.load() || scan->backend_only.load())
                continue;
            if (producers[k] == nullptr) {
                auto* stmt = static_cast<PlannedStmt*>(stringToNode(plans + scan->plan_offset));
                producers[k] = ScanProducerCreate(k, stmt, params, nullptr);
                ScanProducerShare(producers[k], scan,
                                  reinterpret_cast<ParallelTableScanDesc>(plans + scan->pscan_offset), nullptr);
                /* its filters come from the filter area, as they change */
                ScanProducerOpen(producers[k], nullptr, 0);
            }
            ScanProducerRefreshFilters(producers[k], plans + scan->filter_offset);
            if (!ScanProducerIsFinished(producers[k]) && ScanProducerStep(producers[k], &channel))
                worked = true;
        }
        if (!worked)
            WaitForWork(kHelperWaitMs);
    }
    for (int k = 0; k < scan_count; k++)
        if (producers[k] != nullptr)
            ScanProducerClose(producers[k]);
    leader_slot->helper_latches[number].store(nullptr);
}

} // namespace

} // namespace pgf

void pg_fusion_scan_helper_main(dsm_segment* segment, shm_toc* toc) {
    PGF_ENTRY_BEGIN
    pgf::ProduceAsHelper(toc);
    PGF_ENTRY_END
}
