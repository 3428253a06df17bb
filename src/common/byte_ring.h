/*
 * byte_ring.h — a bounded single-producer single-consumer ring of length-prefixed messages
 * in shared memory.
 *
 * One producer and one consumer, possibly in different processes; a side with several
 * threads serializes them itself. Never blocks: a full ring makes TryWrite return false and
 * the caller decides how to wait. Messages are framed as uint32 length + bytes and may wrap.
 */
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace pgf {

constexpr uint32_t kRingBytes = 64 * 1024; /* power of two */

struct ByteRing {
    std::atomic<uint64_t> write_pos;
    std::atomic<uint64_t> read_pos;
    uint8_t data[kRingBytes];

    void Reset() {
        write_pos.store(0);
        read_pos.store(0);
    }
    /* Largest message TryWrite can ever accept. */
    static constexpr uint32_t MaxMessage() { return kRingBytes - 4; }

    bool TryWrite(const void* message, uint32_t length);
    bool TryWrite(const std::string& message) { return TryWrite(message.data(), static_cast<uint32_t>(message.size())); }
    /* Replaces *out with the next message; false if the ring is empty. */
    bool TryRead(std::string* out);
    bool Empty() const { return write_pos.load(std::memory_order_acquire) == read_pos.load(std::memory_order_acquire); }

private:
    void CopyIn(uint64_t pos, const void* src, uint32_t length);
    void CopyOut(uint64_t pos, void* dst, uint32_t length) const;
};

} // namespace pgf
