/*
 * engine_context.hpp — engine-side state shared by the host, the query threads and the
 * pg_scan table function. No DuckDB types here, so this header is cheap to include.
 *
 * Threads: the worker's main thread (service) owns the query table and is the only reader
 * of the to_worker rings; each query runs on its own engine thread; DuckDB's threads run
 * pg_scan and drop page buffers. Writes to a session's to_backend ring are serialized by
 * that session's mutex.
 */
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/engine_api.h"
#include "common/protocol.h"
#include "common/shared_region.h"

namespace pgf {

/* Shared memory plus the callbacks the worker gave us. */
class EngineShared {
public:
    EngineShared(const PgfEngineConfig& config);

    SharedRegion& Region() { return region_; }
    PagePool& Pool() { return region_.Pool(); }
    const PgfEngineConfig& Config() const { return config_; }

    /* Writes a message to a session's backend, waiting while the ring is full; wakes the backend.
     * Gives up (returns false) once `give_up` turns true. */
    bool SendToBackend(uint32_t session, const std::string& bytes, const std::atomic<bool>* give_up = nullptr);
    void WakeBackend(uint32_t session);
    /* Frees a scan page the engine holds and credits the scan's flow control. */
    void ReleaseScanPage(uint32_t session, uint16_t scan, PageRef page);

    /* Messages for the PostgreSQL log; emitted by the main thread in service(). */
    void Log(bool warning, std::string message);
    void FlushLog();

private:
    PgfEngineConfig config_;
    std::string memory_limit_;
    std::string temp_directory_;
    SharedRegion region_;
    std::unique_ptr<std::mutex[]> session_mutexes_;
    std::mutex log_mutex_;
    std::vector<std::pair<bool, std::string>> log_;
};

/* One scan's pages, handed from the main thread to pg_scan. */
struct ScanChannel {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<ScanPageMessage> pages;
    bool ended = false;
    bool opened = false;
};

/* One engine query. */
struct QueryContext {
    EngineShared* shared = nullptr;
    uint32_t session = 0;
    ExecuteMessage execute;
    std::vector<std::unique_ptr<ScanChannel>> scans;
    std::atomic<bool> cancelled{false};
    std::atomic<bool> finished{false};

    uint64_t Id() const { return execute.query_id; }
    /* Cancellation is a state (checked before and between engine calls) plus an interrupt of
     * the running engine call, because an interrupt sent while nothing runs is lost. */
    void Cancel();
    /* The runner registers how to interrupt its running engine call, and clears it after. */
    void SetInterrupt(std::function<void()> interrupt);
    /* True if the query should stop: cancelled, or its backend no longer waits for it. */
    bool ShouldStop() const;
    /* Frees pages still queued for the scans (the query is over). */
    void ReleaseQueuedPages();

private:
    std::mutex interrupt_mutex_;
    std::function<void()> interrupt_;
};

} // namespace pgf
