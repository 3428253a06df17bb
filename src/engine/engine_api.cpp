/*
 * engine_api.cpp — the C entry of pg_fusion_engine.so (src/common/engine_api.h).
 * No exception leaves this file: the worker is C-linked PostgreSQL code, where an exception
 * would unwind through frames that know nothing of it.
 */
#include <cstdio>

#include "engine_host.hpp"

namespace {

const char* ExpectedSourceId() { return PGF_DUCKDB_SOURCE_ID; }

const char* LoadedSourceId() { return pgf::EngineHost::LoadedSourceId(); }

void* Create(const PgfEngineConfig* config, char* error, size_t error_size) {
    std::string message;
    try {
        std::unique_ptr<pgf::EngineHost> host = pgf::EngineHost::Create(*config, &message);
        if (host)
            return host.release();
    } catch (std::exception& e) {
        message = e.what();
    }
    snprintf(error, error_size, "%s", message.empty() ? "engine could not start" : message.c_str());
    return nullptr;
}

void Service(void* engine) {
    try {
        static_cast<pgf::EngineHost*>(engine)->Service();
    } catch (std::exception& e) {
        /* Only if logging itself failed (Service logs its own errors): stderr is the server log. */
        fprintf(stderr, "pg_fusion engine: service failed: %s\n", e.what());
    }
}

int SetMemoryLimit(void* engine, const char* memory_limit, char* error, size_t error_size) {
    std::string message;
    try {
        if (static_cast<pgf::EngineHost*>(engine)->SetMemoryLimit(memory_limit, &message))
            return 1;
    } catch (std::exception& e) {
        message = e.what();
    }
    snprintf(error, error_size, "%s", message.empty() ? "the engine rejected the memory limit" : message.c_str());
    return 0;
}

void SetQueryMemory(void* engine, int64_t query_memory) {
    static_cast<pgf::EngineHost*>(engine)->SetQueryMemory(query_memory);
}

void Destroy(void* engine) {
    try {
        delete static_cast<pgf::EngineHost*>(engine);
    } catch (...) {
    }
}

const PgfEngineApi kApi = {kEngineAbiVersion, ExpectedSourceId, LoadedSourceId, Create, Service, SetMemoryLimit, SetQueryMemory,
                           Destroy};

} // namespace

extern "C" __attribute__((visibility("default"))) const PgfEngineApi* pgf_engine_api(void) { return &kApi; }
