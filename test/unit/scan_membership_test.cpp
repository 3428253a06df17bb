/* Unit tests for src/common/scan_membership: exactly one producer ends a shared scan. */
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "common/scan_membership.h"

using namespace pgf;

TEST(ScanMembership, LastLeaveCloses) {
    ScanMembership scan;
    ASSERT_TRUE(scan.Join());
    ASSERT_TRUE(scan.Join());
    EXPECT_FALSE(scan.Leave());
    EXPECT_FALSE(scan.Closed());
    EXPECT_TRUE(scan.Leave());
    EXPECT_TRUE(scan.Closed());
    EXPECT_FALSE(scan.Join());
}

/* Producers joining and leaving at the same time, many rounds: every round is closed exactly
 * once (the earlier code let two simultaneous leaves both decide they were not last). */
TEST(ScanMembership, ConcurrentLeavesCloseExactlyOnce) {
    constexpr int kRounds = 3000;
    constexpr int kProducers = 2;
    for (int round = 0; round < kRounds; round++) {
        ScanMembership scan;
        std::atomic<int> closers{0};
        std::atomic<int> ready{0};
        std::vector<std::thread> producers;
        for (int p = 0; p < kProducers; p++)
            producers.emplace_back([&]() {
                ready.fetch_add(1);
                while (ready.load() < kProducers)
                    std::this_thread::yield();
                if (scan.Join() && scan.Leave())
                    closers.fetch_add(1);
            });
        for (auto& t : producers)
            t.join();
        ASSERT_EQ(closers.load(), 1) << "round " << round;
        ASSERT_TRUE(scan.Closed());
    }
}
