#include "common/page_pool.h"

#include <new>

namespace pgf {

namespace {

uint64_t MakeState(uint32_t sequence, uint32_t owner) { return (uint64_t{sequence} << 32) | owner; }
uint32_t StateOwner(uint64_t state) { return static_cast<uint32_t>(state); }
uint32_t StateSequence(uint64_t state) { return static_cast<uint32_t>(state >> 32); }

size_t StatesOffset() { return (sizeof(PagePoolControl) + 7) & ~size_t{7}; }

} // namespace

size_t PagePool::ControlBytes(uint32_t page_count) {
    return StatesOffset() + sizeof(std::atomic<uint64_t>) * page_count + sizeof(std::atomic<uint32_t>) * page_count;
}

void PagePool::Initialize(void* control, uint8_t* pages, uint32_t page_count, uint32_t page_size) {
    auto* c = new (control) PagePoolControl;
    c->page_count = page_count;
    c->page_size = page_size;
    c->free_head.store(0);
    c->free_count.store(0);
    PagePool pool(control, pages);
    for (uint32_t i = 0; i < page_count; i++) {
        new (&pool.States()[i]) std::atomic<uint64_t>(MakeState(0, kFreeOwner));
        new (&pool.Next()[i]) std::atomic<uint32_t>(0);
    }
    for (uint32_t i = page_count; i > 0; i--)
        pool.Push(i - 1);
}

PagePool::PagePool(void* control, uint8_t* pages)
    : control_(static_cast<PagePoolControl*>(control)), pages_(pages) {}

std::atomic<uint64_t>* PagePool::States() const {
    return reinterpret_cast<std::atomic<uint64_t>*>(reinterpret_cast<uint8_t*>(control_) + StatesOffset());
}

std::atomic<uint32_t>* PagePool::Next() const {
    return reinterpret_cast<std::atomic<uint32_t>*>(States() + control_->page_count);
}

void PagePool::Push(uint32_t index) {
    uint64_t head = control_->free_head.load(std::memory_order_acquire);
    for (;;) {
        Next()[index].store(static_cast<uint32_t>(head), std::memory_order_relaxed);
        uint64_t tag = (head >> 32) + 1;
        uint64_t desired = (tag << 32) | (index + 1);
        if (control_->free_head.compare_exchange_weak(head, desired, std::memory_order_acq_rel))
            break;
    }
    control_->free_count.fetch_add(1, std::memory_order_relaxed);
}

bool PagePool::Allocate(uint32_t owner, PageRef* out) {
    if (owner == kFreeOwner) /* a page held by "free" could never be released */
        return false;
    uint64_t head = control_->free_head.load(std::memory_order_acquire);
    for (;;) {
        uint32_t top = static_cast<uint32_t>(head);
        if (top == 0)
            return false;
        uint32_t index = top - 1;
        uint32_t next = Next()[index].load(std::memory_order_relaxed);
        uint64_t tag = (head >> 32) + 1;
        uint64_t desired = (tag << 32) | next;
        if (control_->free_head.compare_exchange_weak(head, desired, std::memory_order_acq_rel)) {
            control_->free_count.fetch_sub(1, std::memory_order_relaxed);
            std::atomic<uint64_t>& state = States()[index];
            uint32_t sequence = StateSequence(state.load(std::memory_order_relaxed)) + 1;
            state.store(MakeState(sequence, owner), std::memory_order_release);
            out->index = index;
            out->sequence = sequence;
            return true;
        }
    }
}

bool PagePool::Transfer(PageRef ref, uint32_t from, uint32_t to) {
    /* "Free" is not an owner: taking a free page would leave it on the free list while owned,
     * handing a page to "free" would leak it off the free list. */
    if (!IsValid(ref) || from == kFreeOwner || to == kFreeOwner)
        return false;
    uint64_t expected = MakeState(ref.sequence, from);
    return States()[ref.index].compare_exchange_strong(expected, MakeState(ref.sequence, to),
                                                       std::memory_order_acq_rel);
}

bool PagePool::Release(PageRef ref, uint32_t owner) {
    if (!IsValid(ref) || owner == kFreeOwner)
        return false;
    uint64_t expected = MakeState(ref.sequence, owner);
    if (!States()[ref.index].compare_exchange_strong(expected, MakeState(ref.sequence, kFreeOwner),
                                                     std::memory_order_acq_rel))
        return false;
    Push(ref.index);
    return true;
}

uint32_t PagePool::ReleaseAllOwnedBy(uint32_t owner) {
    uint32_t released = 0;
    for (uint32_t i = 0; i < control_->page_count; i++) {
        uint64_t state = States()[i].load(std::memory_order_acquire);
        if (StateOwner(state) == owner && Release(PageRef{i, StateSequence(state)}, owner))
            released++;
    }
    return released;
}

uint32_t PagePool::CountOwnedBy(uint32_t owner) const {
    uint32_t count = 0;
    for (uint32_t i = 0; i < control_->page_count; i++)
        if (StateOwner(States()[i].load(std::memory_order_relaxed)) == owner)
            count++;
    return count;
}

} // namespace pgf
