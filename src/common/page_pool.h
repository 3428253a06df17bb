/*
 * page_pool.h — a fixed pool of equally sized pages in shared memory.
 *
 * Free pages sit on a lock-free stack (head tagged against ABA). Every page has a state
 * word {sequence:32, owner:32}: owner 0 is free, kWorkerOwner the engine worker, s+1 the
 * backend of session slot s. Allocation bumps the sequence; a PageRef names the page *and*
 * the allocation, so a stale reference (a message left over from a cancelled query, a
 * double release) fails its compare-and-swap instead of freeing someone else's page.
 *
 * Safe for any number of processes and threads; no locks, no PostgreSQL, no DuckDB.
 */
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace pgf {

constexpr uint32_t kFreeOwner = 0;
constexpr uint32_t kWorkerOwner = 0xFFFFFFFFu;

inline uint32_t SessionOwner(uint32_t session_index) { return session_index + 1; }

struct PageRef {
    uint32_t index;
    uint32_t sequence;
};

/* The pool's shared control block; page memory follows it separately. */
struct PagePoolControl {
    std::atomic<uint64_t> free_head; /* tag << 32 | (index + 1); 0 = empty */
    std::atomic<int32_t> free_count;
    uint32_t page_count;
    uint32_t page_size;
    /* followed by page_count std::atomic<uint64_t> states and page_count std::atomic<uint32_t> next links */
};

class PagePool {
public:
    static size_t ControlBytes(uint32_t page_count);

    /* Formats control memory: every page free. Not concurrent with any other use. */
    static void Initialize(void* control, uint8_t* pages, uint32_t page_count, uint32_t page_size);

    PagePool() = default;
    PagePool(void* control, uint8_t* pages);

    bool Allocate(uint32_t owner, PageRef* out);
    /* Hands a page from one owner to another; false if ref is stale or not held by from. */
    bool Transfer(PageRef ref, uint32_t from, uint32_t to);
    /* Returns a page to the pool; false (and nothing freed) if ref is stale or not held by owner. */
    bool Release(PageRef ref, uint32_t owner);
    /* Frees every page held by owner (cleanup after a dead or aborted holder). */
    uint32_t ReleaseAllOwnedBy(uint32_t owner);
    uint32_t CountOwnedBy(uint32_t owner) const;

    uint8_t* Data(uint32_t index) const { return pages_ + static_cast<size_t>(index) * control_->page_size; }
    uint32_t PageSize() const { return control_->page_size; }
    uint32_t PageCount() const { return control_->page_count; }
    int32_t FreeCount() const { return control_->free_count.load(std::memory_order_relaxed); }
    bool IsValid(PageRef ref) const { return ref.index < control_->page_count; }

private:
    std::atomic<uint64_t>* States() const;
    std::atomic<uint32_t>* Next() const;
    void Push(uint32_t index);

    PagePoolControl* control_ = nullptr;
    uint8_t* pages_ = nullptr;
};

} // namespace pgf
