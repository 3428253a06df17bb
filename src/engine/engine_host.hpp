/*
 * engine_host.hpp — the engine worker's DuckDB instance and its queries.
 *
 * Owned and driven by the worker's main thread. Service() drains every session's to_worker
 * ring (detached ones too: an exited backend may have left scan pages to free), queues
 * Execute messages and starts them on their own threads (at most max_queries at once, and
 * at most as many as the memory limit holds query_memory: the others wait in the queue),
 * routes scan pages and scan ends to the queries' pg_scan channels, keeps cancelled queries
 * interrupted until they end, reaps finished queries, recreates the DuckDB instance once a
 * query invalidated it and no query runs, and emits queued log lines. It never waits for a
 * query. All signals are blocked while DuckDB or a query thread is created (signal_block.hpp).
 *
 * One DuckDB instance serves every session: it is the shared box for threads, memory limit
 * and spill; each query gets its own connection.
 */
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "engine_shared.hpp"
#include "query_context.hpp"

namespace duckdb {
class DuckDB;
}

namespace pgf {

class EngineHost {
public:
    /* nullptr with *error set if DuckDB cannot start. */
    static std::unique_ptr<EngineHost> Create(const PgfEngineConfig& config, std::string* error);
    /* Cancels and joins every running query. */
    ~EngineHost();

    /* source_id of the libduckdb.so actually loaded. */
    static const char* LoadedSourceId();

    void Service();
    /* Sets DuckDB's memory_limit now (false with *error if DuckDB rejects it) and for the
     * instances StartDatabase creates later. Called from the worker's main thread only. */
    bool SetMemoryLimit(const std::string& memory_limit, std::string* error);
    /* The memory counted per query when starting queued ones (0: none). Main thread only. */
    void SetQueryMemory(int64_t query_memory) { query_memory_ = query_memory; }

private:
    explicit EngineHost(const PgfEngineConfig& config);

    struct RunningQuery {
        std::unique_ptr<QueryContext> query;
        std::thread thread;
    };

    void ServiceOnce();
    void StartDatabase();
    void RecoverFromPreviousWorker();
    void HandleMessage(uint32_t session, bool from_helper, const std::string& bytes);
    QueryContext* FindQuery(uint64_t query_id);
    void CancelStoppedQueries();
    void ReapQueries();
    void StartQueries();
    /* How many queries may run at once: max_queries, and no more than the memory limit holds
     * query_memory each (at least one). */
    size_t QueriesAtOnce() const;
    void FailUnstarted(QueryContext* query, const std::string& message);

    EngineShared shared_;
    std::unique_ptr<duckdb::DuckDB> db_;
    std::map<uint64_t, RunningQuery> running_;
    std::deque<std::unique_ptr<QueryContext>> queued_;
    bool recreate_database_ = false;
    int64_t query_memory_;
};

} // namespace pgf
