/*
 * query_context.hpp — one engine query as the main thread, its query thread and DuckDB's
 * threads (running pg_scan) share it.
 *
 * The main thread creates it from an Execute message, feeds scan pages and scan ends into
 * its channels and cancels it; the query thread runs it; pg_scan takes pages from the
 * channels on whatever DuckDB thread runs the scan. The context outlives every DuckDB object
 * of the query (the main thread frees it only after joining the query thread).
 *
 * Cancellation is a state: Cancel() sets a flag that every wait checks, and also interrupts
 * the DuckDB call running at that moment. An interrupt that arrives while no DuckDB call runs
 * is lost, so the main thread repeats Cancel() on every service() until the query ends.
 * No DuckDB types here.
 */
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "common/protocol.h"
#include "engine_shared.hpp"

namespace pgf {

class QueryContext {
public:
    enum class ScanWait { Page, Ended, Cancelled, Idle };

    QueryContext(EngineShared* shared, uint32_t session, ExecuteMessage execute);

    uint64_t Id() const { return execute_.query_id; }
    uint32_t Session() const { return session_; }
    const ExecuteMessage& Execute() const { return execute_; }
    EngineShared& Shared() const { return *shared_; }

    /* True once, for the first caller: the scan's OpenScan is to be sent. */
    bool MarkScanOpened(uint16_t scan);
    /* Queues a page for pg_scan; false if the query no longer takes pages (the caller frees it). */
    bool PushScanPage(const ScanPageMessage& page);
    /* The scan's producers sent pages pages in all; it ends once that many have arrived. */
    void EndScan(uint16_t scan, uint32_t pages);
    /* Waits for the scan's next page or its end; Cancelled as soon as the query should stop.
     * With return_when_idle, Idle after one short wait without either. */
    ScanWait NextScanPage(uint16_t scan, ScanPageMessage* page, bool return_when_idle = false);
    /* The query is over: frees the pages still queued and refuses later ones. */
    void CloseScans();

    void Cancel();
    /* True if the query should stop: cancelled, or its backend no longer waits for it. */
    bool ShouldStop() const;
    bool Cancelled() const { return cancelled_.load(); }
    const std::atomic<bool>* CancelledFlag() const { return &cancelled_; }
    /* The query thread registers how to interrupt its running DuckDB call and clears it before the call's objects die. */
    void SetInterrupt(std::function<void()> interrupt);

    /* Microseconds DuckDB's threads spent waiting for this query's scan pages, summed. */
    uint64_t ScanWaitMicros() const { return scan_wait_us_.load(); }

    void MarkFinished() { finished_.store(true); }
    bool Finished() const { return finished_.load(); }

private:
    struct ScanChannel {
        std::mutex mutex;
        std::condition_variable ready;
        std::deque<ScanPageMessage> pages;
        uint32_t received = 0;        /* ScanPage messages pushed, taken or not */
        int64_t expected_pages = -1;  /* from ScanEnd; -1 until it arrives */
        bool opened = false;
        bool closed = false;
    };

    EngineShared* shared_;
    uint32_t session_;
    ExecuteMessage execute_;
    std::vector<std::unique_ptr<ScanChannel>> scans_;
    std::atomic<bool> cancelled_{false};
    std::atomic<bool> finished_{false};
    std::atomic<uint64_t> scan_wait_us_{0};
    std::mutex interrupt_mutex_;
    std::function<void()> interrupt_;
};

} // namespace pgf
