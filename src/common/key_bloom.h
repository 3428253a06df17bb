/*
 * key_bloom.h — the Bloom filter over keys that producers check before encoding a row.
 *
 * Two uses share it, so it has one definition: the filter in front of an IN list's hash set
 * (backend row_filters), and a join's build-side key filter (engine build_key_filter), which
 * the engine fills from every build row and the probe scan's producers test. Both sides
 * must hash a key alike: a key is a numeric column's page value (integers, dates, timestamps,
 * scaled decimals of at most 8 bytes) widened to int64, or a string's bytes folded to one int64
 * by KeyBloomStringKey (the engine's string equality is bytewise), in the engine as in the
 * backend.
 *
 * Blocked layout: a key sets two bits of one 64-bit word, so a test reads one word. The word
 * is the hash's low bits (words are a power of two); the bits are two 6-bit fields above them.
 * At kKeyBloomBitsPerKey bits per key about 5% of absent keys pass. Folding the upper half of
 * the words onto the lower half (OR) gives the filter of the same keys with half the words: a
 * filter sized from an estimate is shrunk to the keys it received before it is sent.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace pgf {

constexpr uint32_t kKeyBloomBitsPerKey = 8;

inline uint64_t KeyBloomHash(int64_t key) {
    uint64_t h = static_cast<uint64_t>(key) * 0xC2B2AE3D27D4EB4FULL;
    return h ^ (h >> 29);
}

inline uint64_t KeyBloomBits(uint64_t hash) { return (1ULL << ((hash >> 40) & 63)) | (1ULL << ((hash >> 52) & 63)); }

/* A string key as the int64 the filter hashes: its bytes, eight at a time, and its length. */
inline int64_t KeyBloomStringKey(const char* data, size_t length) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ length;
    size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t chunk;
        std::memcpy(&chunk, data + i, 8);
        h = (h ^ chunk) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    if (i < length) {
        uint64_t chunk = 0;
        std::memcpy(&chunk, data + i, length - i);
        h = (h ^ chunk) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    return static_cast<int64_t>(h);
}

/* Words for keys keys at kKeyBloomBitsPerKey bits each: a power of two, at least one. */
inline uint32_t KeyBloomWords(uint64_t keys) {
    uint32_t words = 1;
    while (static_cast<uint64_t>(words) * 64 < keys * kKeyBloomBitsPerKey && words < (1u << 30))
        words *= 2;
    return words;
}

/* False if key is certainly not among the filter's keys; mask is its words - 1. */
inline bool KeyBloomMayContain(const uint64_t* words, uint32_t mask, int64_t key) {
    uint64_t hash = KeyBloomHash(key);
    uint64_t bits = KeyBloomBits(hash);
    return (words[hash & mask] & bits) == bits;
}

} // namespace pgf
