#include "common/byte_ring.h"

#include <cstring>

namespace pgf {

static_assert((kRingBytes & (kRingBytes - 1)) == 0, "ring size must be a power of two");

void ByteRing::CopyIn(uint64_t pos, const void* src, uint32_t length) {
    if (length == 0) /* an empty message may come as (nullptr, 0); memcpy from null is undefined */
        return;
    uint32_t start = static_cast<uint32_t>(pos % kRingBytes);
    uint32_t first = length < kRingBytes - start ? length : kRingBytes - start;
    std::memcpy(data + start, src, first);
    std::memcpy(data, static_cast<const uint8_t*>(src) + first, length - first);
}

void ByteRing::CopyOut(uint64_t pos, void* dst, uint32_t length) const {
    if (length == 0)
        return;
    uint32_t start = static_cast<uint32_t>(pos % kRingBytes);
    uint32_t first = length < kRingBytes - start ? length : kRingBytes - start;
    std::memcpy(dst, data + start, first);
    std::memcpy(static_cast<uint8_t*>(dst) + first, data, length - first);
}

bool ByteRing::TryWrite(const void* message, uint32_t length) {
    if (length > MaxMessage())
        return false;
    uint64_t w = write_pos.load(std::memory_order_relaxed);
    uint64_t r = read_pos.load(std::memory_order_acquire);
    if (kRingBytes - (w - r) < uint64_t{length} + 4)
        return false;
    CopyIn(w, &length, 4);
    CopyIn(w + 4, message, length);
    write_pos.store(w + 4 + length, std::memory_order_release);
    return true;
}

bool ByteRing::TryRead(std::string* out) {
    uint64_t r = read_pos.load(std::memory_order_relaxed);
    uint64_t w = write_pos.load(std::memory_order_acquire);
    if (w == r)
        return false;
    uint32_t length;
    CopyOut(r, &length, 4);
    out->resize(length);
    CopyOut(r + 4, out->data(), length);
    read_pos.store(r + 4 + length, std::memory_order_release);
    return true;
}

} // namespace pgf
