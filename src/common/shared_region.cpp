#include "common/shared_region.h"

#include <cstring>
#include <new>

namespace pgf {

namespace {

constexpr size_t kPageAlign = 4096;

size_t AlignUp(size_t v, size_t a) { return (v + a - 1) & ~(a - 1); }

struct Offsets {
    size_t sessions;
    size_t pool;
    size_t pages;
    size_t total;
};

Offsets ComputeOffsets(uint32_t page_size, uint32_t page_count, uint32_t session_count) {
    Offsets o;
    o.sessions = AlignUp(sizeof(RegionHeader), 64);
    o.pool = AlignUp(o.sessions + sizeof(SessionSlot) * session_count, 64);
    o.pages = AlignUp(o.pool + PagePool::ControlBytes(page_count), kPageAlign);
    o.total = o.pages + static_cast<size_t>(page_size) * page_count;
    return o;
}

} // namespace

size_t SharedRegion::RequiredBytes(uint32_t page_size, uint32_t page_count, uint32_t session_count) {
    /* Slack for aligning the base itself. */
    return ComputeOffsets(page_size, page_count, session_count).total + kPageAlign;
}

void SharedRegion::Initialize(void* base, uint32_t page_size, uint32_t page_count, uint32_t session_count) {
    uint8_t* b = static_cast<uint8_t*>(base);
    Offsets o = ComputeOffsets(page_size, page_count, session_count);
    std::memset(b, 0, o.pages);
    auto* header = new (b) RegionHeader;
    header->version = kRegionVersion;
    header->page_size = page_size;
    header->page_count = page_count;
    header->session_count = session_count;
    header->worker_pid.store(0);
    header->worker_latch = nullptr;
    header->worker_state.store(static_cast<uint32_t>(WorkerState::Down));
    header->worker_generation.store(0);
    header->next_query_id.store(1);
    header->pages_reserved.store(0);
    header->running_queries.store(0);
    for (uint32_t i = 0; i < session_count; i++) {
        SessionSlot* slot = new (b + o.sessions + sizeof(SessionSlot) * i) SessionSlot;
        slot->produces_for.store(-1);
        for (auto& latch : slot->helper_latches)
            latch.store(nullptr);
    }
    PagePool::Initialize(b + o.pool, b + o.pages, page_count, page_size);
    std::atomic_thread_fence(std::memory_order_release);
    header->magic = kRegionMagic;
}

SharedRegion::SharedRegion(void* base) {
    uint8_t* b = static_cast<uint8_t*>(base);
    header_ = reinterpret_cast<RegionHeader*>(b);
    Offsets o = ComputeOffsets(header_->page_size, header_->page_count, header_->session_count);
    sessions_ = reinterpret_cast<SessionSlot*>(b + o.sessions);
    pool_ = PagePool(b + o.pool, b + o.pages);
}

} // namespace pgf
