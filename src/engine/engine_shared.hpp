/*
 * engine_shared.hpp — the shared-memory region and the worker's callbacks, as every engine
 * thread sees them.
 *
 * Thread safety: any thread may send to a backend, free scan pages or queue a log line.
 * A session's to_backend ring has one producer by contract (byte_ring.h), and here several
 * threads (query threads, DuckDB threads opening scans) write to it, so writes to one
 * session are serialized by that session's mutex. Log lines are only queued here; the main
 * thread emits them in service(), because the worker's log callback is PostgreSQL's ereport.
 * No DuckDB types here.
 */
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/engine_api.h"
#include "common/shared_region.h"

namespace pgf {

class EngineShared {
public:
    explicit EngineShared(const PgfEngineConfig& config);

    SharedRegion& Region() { return region_; }
    PagePool& Pool() { return region_.Pool(); }
    const PgfEngineConfig& Config() const { return config_; }
    /* Changes Config().memory_limit (worker main thread only, as StartDatabase reads it). */
    void SetMemoryLimit(const std::string& memory_limit);
    /* The limit in force, for any thread's messages. */
    std::string MemoryLimit() const;

    /*
     * Writes a message to a session's backend, sleeping while the ring is full, then wakes
     * the backend; one longer than a ring message goes as MessagePart fragments (protocol.h).
     * Returns false once the backend has detached or *give_up turns true (a cancelled query
     * must not wait for a backend that stopped reading), possibly after some fragments.
     */
    bool SendToBackend(uint32_t session, const std::string& bytes, const std::atomic<bool>* give_up);
    void WakeBackend(uint32_t session);
    /* The backend and its scan helpers: whoever may wait for scan credit or a free page. */
    void WakeProducers(uint32_t session);
    /* Frees a scan page the engine holds; stale refs are no-ops. */
    void ReleaseScanPage(uint32_t session, PageRef page);
    /*
     * Returns one page of flow-control credit to a scan. Credit returns when a page leaves the
     * scan's queue (handed to DuckDB, or dropped), not when DuckDB frees it: DuckDB keeps
     * several recent chunks alive, and tying credit to that would stall the scan the engine
     * is waiting on.
     */
    void CreditScan(uint32_t session, uint64_t query_id, uint16_t scan);

    void Log(bool warning, std::string message);
    /* Main thread only. */
    void FlushLog();

private:
    PgfEngineConfig config_;
    /* Owned copies: the worker's strings need not outlive create(). */
    std::string memory_limit_; /* guarded by memory_limit_mutex_ where another thread reads it */
    mutable std::mutex memory_limit_mutex_;
    std::string temp_directory_;
    SharedRegion region_;
    std::unique_ptr<std::mutex[]> session_mutexes_;
    std::mutex log_mutex_;
    std::vector<std::pair<bool, std::string>> log_;
};

} // namespace pgf
