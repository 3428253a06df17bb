/*
 * engine_api.h — the C ABI between the pg_fusion worker process (pg_fusion.so) and the
 * engine library (pg_fusion_engine.so, the only code that links DuckDB).
 *
 * The worker dlopen()s the engine library with RTLD_DEEPBIND and calls pgf_engine_api().
 * Threading contract:
 *   - create/service/destroy are called only from the worker's main thread.
 *   - service() never blocks for long: it drains the session rings, starts and cancels
 *     queries (each query runs on its own engine thread) and returns.
 *   - Engine threads call back into the worker only through wake_latch (PostgreSQL's
 *     SetLatch, safe from any thread); log is called only from within service().
 */
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {

constexpr uint32_t kEngineAbiVersion = 3;

struct PgfEngineConfig {
    void* region;                    /* SharedRegion base */
    int threads;                     /* engine worker threads */
    const char* memory_limit;        /* e.g. "4GB"; empty = engine default */
    const char* temp_directory;      /* spill directory; empty = engine default */
    int max_queries;                 /* concurrent engine queries */
    int64_t query_memory;            /* bytes each engine query is counted to need: at most
                                      * memory limit / query_memory run at once; 0 = no bound */
    void (*wake_latch)(void* latch); /* wakes a backend waiting on its latch */
    void (*log)(int is_warning, const char* message);
};

struct PgfEngineApi {
    uint32_t abi_version;
    /* The DuckDB build this library was compiled against and the one it runs with. */
    const char* (*expected_source_id)(void);
    const char* (*loaded_source_id)(void);
    /* Returns an engine handle, or nullptr with a message in error. */
    void* (*create)(const PgfEngineConfig* config, char* error, size_t error_size);
    void (*service)(void* engine);
    /* Applies a new memory limit (DuckDB syntax; empty = the engine's default) to the running
     * engine and to any engine it recreates. Returns 0 with a message in error if the engine
     * rejects it (the previous limit stays). */
    int (*set_memory_limit)(void* engine, const char* memory_limit, char* error, size_t error_size);
    /* Applies a new query_memory (PgfEngineConfig) to the queries started from now on. */
    void (*set_query_memory)(void* engine, int64_t query_memory);
    /* Cancels running queries, waits for their threads, frees the engine. */
    void (*destroy)(void* engine);
};

typedef const PgfEngineApi* (*PgfEngineApiEntry)(void);

const PgfEngineApi* pgf_engine_api(void);
}
