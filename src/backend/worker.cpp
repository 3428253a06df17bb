#include "backend/worker.h"

#include <dlfcn.h>

#include "common/engine_api.h"
#include "common/shared_region.h"

#include "backend/gucs.h"
#include "backend/pg.h"
#include "backend/shmem.h"

extern "C" {
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "utils/guc.h"
#include "utils/wait_event.h"
}

namespace pgf {

namespace {

constexpr int kServiceIntervalMs = 100;
constexpr int kRestartSeconds = 2;

void WakeLatch(void* latch) { SetLatch(static_cast<Latch*>(latch)); }

void LogFromEngine(int is_warning, const char* message) {
    ereport(is_warning ? WARNING : LOG, (errmsg("pg_fusion engine: %s", message)));
}

/* Records why the worker cannot run, for fusion.worker_status() and for backends' errors. */
void RecordFailure(RegionHeader* header, const char* message) {
    strlcpy(header->worker_error, message, sizeof(header->worker_error));
    header->worker_state.store(static_cast<uint32_t>(WorkerState::Failed));
    ereport(LOG, (errmsg("pg_fusion worker: %s", message)));
}

const PgfEngineApi* LoadEngine(RegionHeader* header) {
    char path[MAXPGPATH];
    snprintf(path, sizeof(path), "%s/%s/pg_fusion_engine.so", pkglib_path, PGF_ENGINE_SUBDIR);
    void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (handle == nullptr) {
        char message[512];
        snprintf(message, sizeof(message), "could not load engine library \"%s\": %s", path, dlerror());
        RecordFailure(header, message);
        return nullptr;
    }
    auto entry = reinterpret_cast<PgfEngineApiEntry>(dlsym(handle, "pgf_engine_api"));
    const PgfEngineApi* api = entry ? entry() : nullptr;
    if (api == nullptr || api->abi_version != kEngineAbiVersion) {
        RecordFailure(header, "engine library has an incompatible interface version");
        return nullptr;
    }
    if (strcmp(api->expected_source_id(), api->loaded_source_id()) != 0) {
        char message[512];
        snprintf(message, sizeof(message),
                 "DuckDB build mismatch: pg_fusion was built for source_id %s but libduckdb.so is %s",
                 api->expected_source_id(), api->loaded_source_id());
        RecordFailure(header, message);
        return nullptr;
    }
    return api;
}

} // namespace

void RegisterEngineWorker() {
    BackgroundWorker worker;
    memset(&worker, 0, sizeof(worker));
    worker.bgw_flags = BGWORKER_SHMEM_ACCESS;
    worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
    worker.bgw_restart_time = kRestartSeconds;
    strlcpy(worker.bgw_library_name, "pg_fusion", BGW_MAXLEN);
    strlcpy(worker.bgw_function_name, "pg_fusion_worker_main", BGW_MAXLEN);
    strlcpy(worker.bgw_name, "pg_fusion engine", BGW_MAXLEN);
    strlcpy(worker.bgw_type, "pg_fusion engine", BGW_MAXLEN);
    RegisterBackgroundWorker(&worker);
}

} // namespace pgf

void pg_fusion_worker_main(unsigned long arg) {
    using namespace pgf;
    pqsignal(SIGTERM, SignalHandlerForShutdownRequest);
    pqsignal(SIGHUP, SignalHandlerForConfigReload);
    BackgroundWorkerUnblockSignals();

    SharedRegion& region = Region();
    RegionHeader* header = region.Header();
    header->worker_state.store(static_cast<uint32_t>(WorkerState::Down));
    header->worker_error[0] = '\0';
    header->worker_pid.store(MyProcPid);
    header->worker_latch = MyLatch;
    header->worker_generation.fetch_add(1);
    header->metrics.worker_starts.fetch_add(1);

    const PgfEngineApi* api = LoadEngine(header);
    if (api == nullptr)
        proc_exit(1);

    char temp_directory[MAXPGPATH];
    if (guc_engine_temp_directory != nullptr && guc_engine_temp_directory[0] != '\0')
        strlcpy(temp_directory, guc_engine_temp_directory, sizeof(temp_directory));
    else
        snprintf(temp_directory, sizeof(temp_directory), "%s/pg_fusion_tmp", DataDir);

    PgfEngineConfig config;
    config.region = header;
    config.threads = guc_engine_threads;
    config.memory_limit = guc_engine_memory_limit ? guc_engine_memory_limit : "";
    config.temp_directory = temp_directory;
    config.max_queries = guc_max_queries;
    config.wake_latch = WakeLatch;
    config.log = LogFromEngine;

    char error[512];
    error[0] = '\0';
    void* engine = api->create(&config, error, sizeof(error));
    if (engine == nullptr) {
        RecordFailure(header, error[0] ? error : "engine could not start");
        proc_exit(1);
    }
    header->worker_state.store(static_cast<uint32_t>(WorkerState::Ready));
    ereport(LOG, (errmsg("pg_fusion worker ready (DuckDB %s)", api->loaded_source_id())));

    while (!ShutdownRequestPending) {
        (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, kServiceIntervalMs,
                        PG_WAIT_EXTENSION);
        ResetLatch(MyLatch);
        CHECK_FOR_INTERRUPTS();
        if (ConfigReloadPending) {
            ConfigReloadPending = false;
            ProcessConfigFile(PGC_SIGHUP);
        }
        api->service(engine);
    }

    header->worker_state.store(static_cast<uint32_t>(WorkerState::Down));
    api->destroy(engine);
    /* A non-zero exit keeps the worker registered, so the postmaster starts it again. */
    proc_exit(1);
}
