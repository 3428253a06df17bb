/* key_bloom.h: no key added is ever missed, folded or not, and absent keys mostly fail. */
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/key_bloom.h"

namespace pgf {
namespace {

std::vector<uint64_t> FilterOf(const std::vector<int64_t>& keys, uint32_t words) {
    std::vector<uint64_t> filter(words);
    for (int64_t key : keys) {
        uint64_t hash = KeyBloomHash(key);
        filter[hash & (words - 1)] |= KeyBloomBits(hash);
    }
    return filter;
}

std::vector<uint64_t> Folded(std::vector<uint64_t> filter, uint32_t words) {
    for (uint32_t size = static_cast<uint32_t>(filter.size()); size > words;) {
        size /= 2;
        for (uint32_t i = 0; i < size; i++)
            filter[i] |= filter[i + size];
    }
    filter.resize(words);
    return filter;
}

TEST(KeyBloom, WordsArePowersOfTwoWithEightBitsPerKey) {
    EXPECT_EQ(KeyBloomWords(0), 1u);
    EXPECT_EQ(KeyBloomWords(8), 1u);
    EXPECT_EQ(KeyBloomWords(9), 2u);
    EXPECT_EQ(KeyBloomWords(146279), 32768u);
}

TEST(KeyBloom, FoldingKeepsEveryKeyAndMatchesAFilterBuiltSmall) {
    std::vector<int64_t> keys;
    for (int64_t i = 0; i < 20000; i++)
        keys.push_back(i * 7919 - 5000000); /* negative keys too */
    keys.push_back(INT64_MIN);
    keys.push_back(INT64_MAX);
    uint32_t words = KeyBloomWords(keys.size());
    std::vector<uint64_t> folded = Folded(FilterOf(keys, words * 16), words);
    EXPECT_EQ(folded, FilterOf(keys, words));
    for (int64_t key : keys)
        ASSERT_TRUE(KeyBloomMayContain(folded.data(), words - 1, key)) << key;
    int passed = 0;
    for (int64_t i = 0; i < 100000; i++)
        passed += KeyBloomMayContain(folded.data(), words - 1, i * 7919 + 1) ? 1 : 0;
    EXPECT_LT(passed, 10000); /* about 5% at eight bits per key */
}

TEST(KeyBloom, StringKeysDependOnEveryByteAndTheLength) {
    const std::string base = "abcdefghijklmnopqrstu";
    for (size_t length = 0; length <= base.size(); length++) {
        std::string key = base.substr(0, length);
        EXPECT_EQ(KeyBloomStringKey(key.data(), key.size()), KeyBloomStringKey(std::string(key).data(), key.size()));
        for (size_t at = 0; at < length; at++) {
            std::string changed = key;
            changed[at] = 'Z';
            EXPECT_NE(KeyBloomStringKey(key.data(), key.size()), KeyBloomStringKey(changed.data(), changed.size()))
                << length << " " << at;
        }
    }
    /* a trailing NUL byte is part of the key: "ab" and "ab\0" differ */
    EXPECT_NE(KeyBloomStringKey("ab", 2), KeyBloomStringKey("ab\0", 3));
}

} // namespace
} // namespace pgf
