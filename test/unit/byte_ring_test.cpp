/* Unit tests for src/common/byte_ring: framing, wraparound, full ring, SPSC across threads. */
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <thread>

#include "common/byte_ring.h"

using namespace pgf;

namespace {

std::unique_ptr<ByteRing> NewRing() {
    std::unique_ptr<ByteRing> ring(new ByteRing);
    std::memset(ring->data, 0xCD, sizeof(ring->data));
    ring->Reset();
    return ring;
}

std::string Pattern(uint64_t seed, size_t length) {
    std::string s(length, '\0');
    uint64_t x = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    for (size_t i = 0; i < length; i++) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ULL;
        s[i] = static_cast<char>(x >> 56);
    }
    return s;
}

} // namespace

TEST(ByteRing, EmptyReadFailsAndLeavesOutput) {
    auto ring = NewRing();
    EXPECT_TRUE(ring->Empty());
    std::string out = "untouched";
    EXPECT_FALSE(ring->TryRead(&out));
    EXPECT_EQ(out, "untouched");
    ASSERT_TRUE(ring->TryWrite("x", 1));
    EXPECT_FALSE(ring->Empty());
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, "x");
    EXPECT_TRUE(ring->Empty());
    EXPECT_FALSE(ring->TryRead(&out));
    EXPECT_EQ(out, "x");
}

TEST(ByteRing, EmptyMessageRoundTrips) {
    auto ring = NewRing();
    ASSERT_TRUE(ring->TryWrite(std::string()));
    ASSERT_TRUE(ring->TryWrite(nullptr, 0));
    EXPECT_FALSE(ring->Empty());
    std::string out = "old content";
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, "") << "TryRead replaces the output";
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, "");
    EXPECT_TRUE(ring->Empty());
    EXPECT_EQ(ring->write_pos.load(), 8u) << "an empty message costs its 4-byte length";
}

TEST(ByteRing, FifoOrderAndBinaryContent) {
    auto ring = NewRing();
    std::string binary("\0\x01\xff\0zz\0", 7);
    ASSERT_TRUE(ring->TryWrite("first"));
    ASSERT_TRUE(ring->TryWrite(binary));
    ASSERT_TRUE(ring->TryWrite(std::string("third")));
    std::string out;
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, "first");
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, binary);
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, "third");
    EXPECT_FALSE(ring->TryRead(&out));
}

TEST(ByteRing, WraparoundWithOddSizes) {
    auto ring = NewRing();
    std::deque<std::string> pending;
    uint64_t written = 0, read = 0;
    size_t size = 1;
    /* Keep the ring partly full so frames (and their length words) straddle the end. */
    for (int round = 0; round < 20000; round++) {
        size = (size * 7 + 13) % 4099; /* odd-ish, varied sizes, some 0 */
        std::string m = Pattern(written, size);
        if (ring->TryWrite(m)) {
            pending.push_back(m);
            written++;
        }
        if (round % 3 != 0 || pending.size() > 20) {
            std::string out;
            if (!pending.empty()) {
                ASSERT_TRUE(ring->TryRead(&out));
                ASSERT_EQ(out, pending.front()) << "message " << read;
                pending.pop_front();
                read++;
            } else {
                ASSERT_FALSE(ring->TryRead(&out));
            }
        }
    }
    while (!pending.empty()) {
        std::string out;
        ASSERT_TRUE(ring->TryRead(&out));
        ASSERT_EQ(out, pending.front());
        pending.pop_front();
    }
    EXPECT_TRUE(ring->Empty());
    EXPECT_GT(ring->write_pos.load(), 20u * kRingBytes) << "the test must actually wrap many times";
}

TEST(ByteRing, LengthWordSplitAtEveryOffset) {
    /* Place the 4-byte length at each of the positions that split it across the end. */
    for (uint32_t tail = 0; tail <= 8; tail++) {
        auto ring = NewRing();
        std::string out;
        /* Advance to kRingBytes - tail with a message of the right size, then drain. */
        uint32_t advance = kRingBytes - tail;
        uint32_t first = advance / 2 - 4, second = advance - (first + 4) - 4;
        ASSERT_TRUE(ring->TryWrite(Pattern(1, first)));
        ASSERT_TRUE(ring->TryWrite(Pattern(2, second)));
        ASSERT_TRUE(ring->TryRead(&out));
        ASSERT_TRUE(ring->TryRead(&out));
        ASSERT_EQ(ring->write_pos.load() % kRingBytes, (kRingBytes - tail) % kRingBytes);
        for (uint32_t len : {0u, 1u, 3u, 5u, 17u}) {
            std::string m = Pattern(tail * 100 + len, len);
            ASSERT_TRUE(ring->TryWrite(m));
            ASSERT_TRUE(ring->TryRead(&out));
            ASSERT_EQ(out, m) << "tail " << tail << " len " << len;
        }
    }
}

TEST(ByteRing, FullRingRejectsThenAcceptsAfterRead) {
    auto ring = NewRing();
    const uint32_t size = 1000;
    int count = 0;
    while (ring->TryWrite(Pattern(count, size)))
        count++;
    /* Each frame is 1004 bytes: 65 frames fit into 65536 (65260), a 66th does not. */
    EXPECT_EQ(count, static_cast<int>(kRingBytes / (size + 4)));
    uint64_t used = ring->write_pos.load() - ring->read_pos.load();
    EXPECT_LE(used, kRingBytes);
    uint64_t free_bytes = kRingBytes - used;
    /* What is left is too small for this frame, but a frame that fits exactly is accepted. */
    EXPECT_LT(free_bytes, size + 4u);
    ASSERT_GE(free_bytes, 4u);
    std::string exact = Pattern(999, static_cast<size_t>(free_bytes - 4));
    EXPECT_FALSE(ring->TryWrite(Pattern(1, static_cast<size_t>(free_bytes - 3)))) << "one byte too many";
    EXPECT_TRUE(ring->TryWrite(exact));
    EXPECT_EQ(ring->write_pos.load() - ring->read_pos.load(), kRingBytes);
    EXPECT_FALSE(ring->TryWrite(std::string())) << "completely full: not even an empty frame";
    std::string out;
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, Pattern(0, size));
    EXPECT_TRUE(ring->TryWrite(Pattern(count, size)));
    for (int i = 1; i < count; i++) {
        ASSERT_TRUE(ring->TryRead(&out));
        ASSERT_EQ(out, Pattern(i, size));
    }
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, exact);
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, Pattern(count, size));
    EXPECT_TRUE(ring->Empty());
}

TEST(ByteRing, MaxMessage) {
    EXPECT_EQ(ByteRing::MaxMessage(), kRingBytes - 4);
    auto ring = NewRing();
    std::string big = Pattern(7, ByteRing::MaxMessage());
    EXPECT_FALSE(ring->TryWrite(Pattern(8, ByteRing::MaxMessage() + 1)));
    EXPECT_FALSE(ring->TryWrite(big.data(), 0xFFFFFFFFu)) << "absurd length is rejected, not read";
    EXPECT_TRUE(ring->Empty());
    ASSERT_TRUE(ring->TryWrite(big));
    EXPECT_FALSE(ring->TryWrite("", 0));
    std::string out;
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, big);
    EXPECT_TRUE(ring->Empty());
    /* A maximal message that starts mid-ring and wraps. */
    ASSERT_TRUE(ring->TryWrite(Pattern(1, 12345)));
    ASSERT_TRUE(ring->TryRead(&out));
    std::string big2 = Pattern(9, ByteRing::MaxMessage());
    ASSERT_TRUE(ring->TryWrite(big2));
    ASSERT_TRUE(ring->TryRead(&out));
    EXPECT_EQ(out, big2);
    /* Not while anything else is in the ring. */
    ASSERT_TRUE(ring->TryWrite("a", 1));
    EXPECT_FALSE(ring->TryWrite(big2));
}

TEST(ByteRing, SpscTwoThreadStressOneMillionMessages) {
    auto ring = NewRing();
    const uint64_t kMessages = 1000000;
    std::atomic<uint64_t> producer_sum{0};
    auto message = [](uint64_t i) {
        /* 8-byte sequence number, then a payload whose size varies 0..300 (odd and even). */
        size_t payload = (i * 2654435761u) % 301;
        if (i % 10007 == 0)
            payload = 20000; /* an occasional large one */
        std::string m(8 + payload, '\0');
        std::memcpy(&m[0], &i, 8);
        for (size_t k = 0; k < payload; k++)
            m[8 + k] = static_cast<char>((i + k * 31) & 0xFF);
        return m;
    };
    auto checksum = [](const std::string& m) {
        uint64_t h = 1469598103934665603ULL;
        for (unsigned char c : m)
            h = (h ^ c) * 1099511628211ULL;
        return h;
    };
    std::thread producer([&] {
        uint64_t sum = 0;
        for (uint64_t i = 0; i < kMessages; i++) {
            std::string m = message(i);
            sum += checksum(m);
            while (!ring->TryWrite(m))
                std::this_thread::yield();
        }
        producer_sum.store(sum);
    });
    uint64_t consumer_sum = 0;
    uint64_t received = 0;
    uint64_t bad = 0;
    std::string out;
    while (received < kMessages) {
        if (!ring->TryRead(&out)) {
            std::this_thread::yield();
            continue;
        }
        uint64_t seq = ~uint64_t{0};
        if (out.size() >= 8)
            std::memcpy(&seq, out.data(), 8);
        if (seq != received || out != message(received))
            bad++;
        consumer_sum += checksum(out);
        received++;
    }
    producer.join();
    EXPECT_EQ(bad, 0u);
    EXPECT_EQ(consumer_sum, producer_sum.load());
    EXPECT_TRUE(ring->Empty());
    EXPECT_FALSE(ring->TryRead(&out));
}
