/*
 * scan_membership.h — which producers are in one shared scan, and who ends it.
 *
 * A producer joins when it starts producing and leaves when its part of the scan is done.
 * Exactly one leave closes the scan — the one that takes the count to zero while nobody has
 * joined meanwhile — and after that no producer can join (Join returns false: there is
 * nothing left to produce). The closer sends the scan's end. Lock-free; one 32-bit word, so
 * it can live in shared memory (PostgreSQL's dynamic shared memory for scan helpers).
 */
#pragma once

#include <atomic>
#include <cstdint>

namespace pgf {

class ScanMembership {
public:
    /* False if the scan is closed. */
    bool Join() {
        uint32_t state = state_.load();
        do {
            if (state & kClosed)
                return false;
        } while (!state_.compare_exchange_weak(state, state + 1));
        return true;
    }

    /* True if this leave closed the scan. Testing for "last" before decrementing would let two
     * producers leaving together each see the other still in, and nobody would close it. */
    bool Leave() {
        if (state_.fetch_sub(1) != 1)
            return false;
        uint32_t expected = 0;
        return state_.compare_exchange_strong(expected, kClosed);
    }

    bool Closed() const { return (state_.load() & kClosed) != 0; }

private:
    static constexpr uint32_t kClosed = 0x80000000u;
    std::atomic<uint32_t> state_{0};
};

} // namespace pgf
