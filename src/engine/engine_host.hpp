/*
 * engine_host.hpp — the engine worker's DuckDB instance and its queries.
 *
 * Owned and driven by the worker's main thread: Service() drains every session's to_worker
 * ring, starts queries on their own threads (at most max_queries at once, the rest queue),
 * routes scan pages to the queries' pg_scan channels, cancels, reaps finished queries and
 * recreates the DuckDB instance if a query invalidated it. All signals are blocked while
 * DuckDB or an engine thread is created, so PostgreSQL's signals reach only the main thread.
 */
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "engine_context.hpp"

namespace duckdb {
class DuckDB;
}

namespace pgf {

class EngineHost {
public:
    static std::unique_ptr<EngineHost> Create(const PgfEngineConfig& config, std::string* error);
    ~EngineHost();

    /* source_id of the libduckdb.so actually loaded. */
    static const char* LoadedSourceId();

    void Service();

private:
    explicit EngineHost(const PgfEngineConfig& config);

    struct RunningQuery {
        std::unique_ptr<QueryContext> query;
        std::thread thread;
    };

    void StartDatabase();
    void RecoverFromPreviousWorker();
    void HandleMessage(uint32_t session, const std::string& bytes);
    void StartQueries();
    void ReapQueries();
    void CancelAbandonedQueries();
    QueryContext* FindQuery(uint64_t query_id);

    EngineShared shared_;
    std::unique_ptr<duckdb::DuckDB> db_;
    std::map<uint64_t, RunningQuery> running_;
    std::deque<std::unique_ptr<QueryContext>> queued_;
    bool recreate_database_ = false;
};

} // namespace pgf
