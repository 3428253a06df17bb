#include "backend/worker.h"

#include <dlfcn.h>

#include "common/engine_api.h"
#include "common/shared_region.h"

#include "backend/guard.h"
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
/* The pause after an error in the loop, so that one repeating every iteration cannot flood the log. */
constexpr long kErrorPauseMs = 1000;

/* The running engine, for ShutdownEngine. */
const PgfEngineApi* engine_api = nullptr;
void* engine = nullptr;

void WakeLatch(void* latch) { SetLatch(static_cast<Latch*>(latch)); }

/* Called from the engine's C++ frames (inside service()): an ERROR while reporting must not
 * unwind them, so the message then goes to stderr, which is the server log too. */
void LogFromEngine(int is_warning, const char* message) {
    try {
        PgCallVoid([&]() { ereport(is_warning ? WARNING : LOG, (errmsg("pg_fusion engine: %s", message))); });
    } catch (...) {
        write_stderr("pg_fusion engine: %s\n", message);
    }
}

/* Stops DuckDB's threads while shared memory is still attached, on every way out of the
 * worker: shutdown request, FATAL, postmaster death. */
void ShutdownEngine(int code, Datum arg) {
    PGF_CALLBACK_BEGIN
    reinterpret_cast<RegionHeader*>(DatumGetPointer(arg))->worker_state.store(static_cast<uint32_t>(WorkerState::Down));
    void* stopping = engine;
    engine = nullptr;
    engine_api->destroy(stopping);
    PGF_CALLBACK_END(LOG, "could not stop the engine")
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
#ifdef PGF_SANITIZE_ADDRESS
    /* AddressSanitizer build (docs/testing.md): ASan's dlopen refuses RTLD_DEEPBIND (the
     * engine's malloc/free would bind to libc's, past ASan's). Without it a few symbols of
     * DuckDB's bundled ICU can bind to the server's ICU; only this test build loads so. */
    void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
#else
    void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#endif
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

/* pg_fusion.engine_memory_limit is reloadable: the running engine takes a new value (applied
 * holds the one in force). A value the engine rejects leaves the previous one, with a warning. */
void ApplyMemoryLimit(char* applied, size_t size) {
    const char* wanted = guc_engine_memory_limit != nullptr ? guc_engine_memory_limit : "";
    if (strcmp(applied, wanted) == 0)
        return;
    char error[512];
    error[0] = '\0';
    if (engine_api->set_memory_limit(engine, wanted, error, sizeof(error))) {
        ereport(LOG, (errmsg("pg_fusion engine memory limit is now %s", wanted[0] ? wanted : "DuckDB's default")));
        strlcpy(applied, wanted, size);
    } else {
        ereport(WARNING, (errmsg("pg_fusion engine memory limit stays %s: \"%s\" was rejected: %s",
                                 applied[0] ? applied : "DuckDB's default", wanted, error)));
    }
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
    config.query_memory = static_cast<int64_t>(guc_engine_query_memory) * 1024;
    config.wake_latch = WakeLatch;
    config.log = LogFromEngine;

    char error[512];
    error[0] = '\0';
    void* created = api->create(&config, error, sizeof(error));
    if (created == nullptr) {
        RecordFailure(header, error[0] ? error : "engine could not start");
        proc_exit(1);
    }
    engine_api = api;
    engine = created;
    char applied_memory_limit[256];
    strlcpy(applied_memory_limit, config.memory_limit, sizeof(applied_memory_limit));
    before_shmem_exit(ShutdownEngine, PointerGetDatum(header));
    header->worker_state.store(static_cast<uint32_t>(WorkerState::Ready));
    ereport(LOG, (errmsg("pg_fusion worker ready (DuckDB %s)", api->loaded_source_id())));

    /*
     * An ERROR in the loop (a config reload, a report) is reported and the loop goes on, as in
     * PostgreSQL's walwriter: without this handler it would become FATAL. This function is
     * PostgreSQL-style code (guard.h): nothing in it can throw, the engine's entry points
     * catch everything themselves.
     */
    MemoryContext loop_context =
        AllocSetContextCreate(TopMemoryContext, "pg_fusion worker loop", ALLOCSET_DEFAULT_SIZES);
    sigjmp_buf local_sigjmp_buf;
    if (sigsetjmp(local_sigjmp_buf, 1) != 0) {
        error_context_stack = nullptr;
        HOLD_INTERRUPTS();
        EmitErrorReport();
        MemoryContextSwitchTo(loop_context);
        FlushErrorState();
        MemoryContextReset(loop_context);
        RESUME_INTERRUPTS();
        pg_usleep(kErrorPauseMs * 1000L);
    }
    PG_exception_stack = &local_sigjmp_buf;
    MemoryContextSwitchTo(loop_context);

    while (!ShutdownRequestPending) {
        (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, kServiceIntervalMs,
                        PG_WAIT_EXTENSION);
        ResetLatch(MyLatch);
        CHECK_FOR_INTERRUPTS();
        if (ConfigReloadPending) {
            ConfigReloadPending = false;
            ProcessConfigFile(PGC_SIGHUP);
            ApplyMemoryLimit(applied_memory_limit, sizeof(applied_memory_limit));
            engine_api->set_query_memory(engine, static_cast<int64_t>(guc_engine_query_memory) * 1024);
        }
        engine_api->service(engine);
    }

    /* A non-zero exit keeps the worker registered, so the postmaster starts it again;
     * ShutdownEngine stops the engine on the way out. */
    proc_exit(1);
}
