/*
 * shared_region.h — the layout of pg_fusion's one shared-memory region.
 *
 *   RegionHeader | SessionSlot[session_count] | PagePoolControl + page states | pages
 *
 * The postmaster formats the region once (Initialize); backends and the worker Attach to the
 * same memory. Pointers stored inside (latches) are valid in every process because
 * PostgreSQL maps its main segment at one address in all children of the postmaster.
 *
 * Session slot protocol: a backend claims a free slot (attached 0 -> 1) for the life of its
 * connection and is the only writer of to_worker and only reader of to_backend; the worker
 * is the only reader of to_worker and (one thread at a time) the only writer of to_backend.
 * Flow control: scan_pages_in_flight[k] counts pages of the slot's current query's scan k
 * sent to the engine and not yet taken from its queue (the backend resets it per query and
 * refuses a query of more than kMaxScansPerQuery scans; the engine credits only pages of the
 * slot's current query_id). result_pages_in_flight counts
 * result pages sent to the backend and not yet freed; whoever frees one decrements it.
 *
 * Scan helpers (parallel workers producing scan pages for a backend's query) claim session
 * slots of their own, for their own to_worker ring and page owner, and set produces_for to the
 * backend's slot: the worker files their messages under that session, and they use that
 * slot's scan_pages_in_flight. helper_latches of a backend's slot are its helpers' latches,
 * woken with the backend's whenever credit or pages come back (a stale latch only costs a
 * spurious wakeup).
 */
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "common/byte_ring.h"
#include "common/page_pool.h"

namespace pgf {

constexpr uint64_t kRegionMagic = 0x70675f667573696fULL; /* "pg_fusio" */
constexpr uint32_t kRegionVersion = 2;
constexpr uint32_t kMaxScansPerQuery = 64;
/* Scan helper processes one query may use (pg_fusion.scan_helpers is capped by it). */
constexpr uint32_t kMaxScanHelpers = 32;

enum class WorkerState : uint32_t { Down = 0, Ready = 1, Failed = 2 };

struct Metrics {
    std::atomic<uint64_t> queries_started;
    std::atomic<uint64_t> queries_succeeded;
    std::atomic<uint64_t> queries_failed;
    std::atomic<uint64_t> queries_cancelled;
    std::atomic<uint64_t> scan_pages;
    std::atomic<uint64_t> scan_rows;
    std::atomic<uint64_t> result_pages;
    std::atomic<uint64_t> result_rows;
    std::atomic<uint64_t> worker_starts;
    std::atomic<uint64_t> engine_recreations;
};

struct RegionHeader {
    uint64_t magic;
    uint32_t version;
    uint32_t page_size;
    uint32_t page_count;
    uint32_t session_count;
    std::atomic<int32_t> worker_pid;
    void* worker_latch;
    std::atomic<uint32_t> worker_state; /* WorkerState */
    std::atomic<uint64_t> worker_generation;
    char worker_error[512];
    std::atomic<uint64_t> next_query_id;
    std::atomic<int32_t> pages_reserved; /* admission budget, see backend/session */
    std::atomic<int32_t> running_queries;
    Metrics metrics;
};

struct alignas(64) SessionSlot {
    std::atomic<uint32_t> attached;
    int32_t backend_pid;
    void* backend_latch;
    std::atomic<uint64_t> query_id; /* query the backend runs now, 0 if none */
    std::atomic<int32_t> scan_pages_in_flight[kMaxScansPerQuery];
    std::atomic<int32_t> result_pages_in_flight;
    std::atomic<int32_t> produces_for; /* -1: a client session; else the slot a scan helper works for */
    std::atomic<void*> helper_latches[kMaxScanHelpers];
    ByteRing to_worker;
    ByteRing to_backend;
};

class SharedRegion {
public:
    static size_t RequiredBytes(uint32_t page_size, uint32_t page_count, uint32_t session_count);
    /* Formats memory of RequiredBytes(); not concurrent with any other use. */
    static void Initialize(void* base, uint32_t page_size, uint32_t page_count, uint32_t session_count);

    SharedRegion() = default;
    explicit SharedRegion(void* base);

    bool Valid() const { return header_ != nullptr && header_->magic == kRegionMagic && header_->version == kRegionVersion; }
    RegionHeader* Header() const { return header_; }
    uint32_t SessionCount() const { return header_->session_count; }
    SessionSlot* Session(uint32_t index) const { return sessions_ + index; }
    PagePool& Pool() { return pool_; }

private:
    RegionHeader* header_ = nullptr;
    SessionSlot* sessions_ = nullptr;
    PagePool pool_;
};

} // namespace pgf
