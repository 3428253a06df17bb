/* Unit tests for src/common/page_pool: allocation, ownership, stale references, concurrency. */
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "common/page_pool.h"

using namespace pgf;

namespace {

/* Control block and pages in ordinary memory (the layout is the same as in shared memory). */
class TestPool {
public:
    TestPool(uint32_t page_count, uint32_t page_size)
        : control_(PagePool::ControlBytes(page_count) / 8 + 8, 0),
          pages_(static_cast<size_t>(page_count) * page_size / 8 + 8, 0) {
        PagePool::Initialize(control_.data(), reinterpret_cast<uint8_t*>(pages_.data()), page_count, page_size);
        pool_ = PagePool(control_.data(), reinterpret_cast<uint8_t*>(pages_.data()));
    }
    PagePool& pool() { return pool_; }
    uint8_t* pages_base() { return reinterpret_cast<uint8_t*>(pages_.data()); }

private:
    std::vector<uint64_t> control_;
    std::vector<uint64_t> pages_;
    PagePool pool_;
};

const uint32_t kA = SessionOwner(0);
const uint32_t kB = SessionOwner(1);

} // namespace

TEST(PagePool, OwnerConstants) {
    EXPECT_EQ(SessionOwner(0), 1u);
    EXPECT_EQ(SessionOwner(41), 42u);
    EXPECT_NE(SessionOwner(0), kFreeOwner);
    EXPECT_NE(kWorkerOwner, kFreeOwner);
}

TEST(PagePool, InitializeAllFree) {
    TestPool t(16, 4096);
    PagePool& p = t.pool();
    EXPECT_EQ(p.PageCount(), 16u);
    EXPECT_EQ(p.PageSize(), 4096u);
    EXPECT_EQ(p.FreeCount(), 16);
    EXPECT_EQ(p.CountOwnedBy(kFreeOwner), 16u);
    EXPECT_EQ(p.CountOwnedBy(kA), 0u);
    for (uint32_t i = 0; i < 16; i++)
        EXPECT_EQ(p.Data(i), t.pages_base() + static_cast<size_t>(i) * 4096);
}

TEST(PagePool, AllocateAllThenExhausted) {
    const uint32_t n = 37;
    TestPool t(n, 256);
    PagePool& p = t.pool();
    std::set<uint32_t> seen;
    for (uint32_t i = 0; i < n; i++) {
        PageRef ref{};
        ASSERT_TRUE(p.Allocate(i % 2 ? kA : kWorkerOwner, &ref));
        EXPECT_LT(ref.index, n);
        EXPECT_TRUE(p.IsValid(ref));
        EXPECT_TRUE(seen.insert(ref.index).second) << "page " << ref.index << " handed out twice";
        EXPECT_EQ(ref.sequence, 1u) << "first allocation of a page";
        EXPECT_EQ(p.FreeCount(), static_cast<int32_t>(n - i - 1));
    }
    PageRef none{12345, 678};
    EXPECT_FALSE(p.Allocate(kA, &none));
    EXPECT_EQ(none.index, 12345u) << "a failed Allocate leaves *out alone";
    EXPECT_EQ(p.FreeCount(), 0);
    EXPECT_EQ(p.CountOwnedBy(kA), n / 2);
    EXPECT_EQ(p.CountOwnedBy(kWorkerOwner), n - n / 2);
    EXPECT_EQ(p.CountOwnedBy(kFreeOwner), 0u);
}

TEST(PagePool, ReleaseChecksOwnerAndSequence) {
    TestPool t(4, 128);
    PagePool& p = t.pool();
    PageRef ref;
    ASSERT_TRUE(p.Allocate(kA, &ref));
    EXPECT_EQ(p.FreeCount(), 3);
    EXPECT_FALSE(p.Release(ref, kB)) << "wrong owner";
    EXPECT_FALSE(p.Release(ref, kWorkerOwner)) << "wrong owner";
    EXPECT_FALSE(p.Release(ref, kFreeOwner)) << "free is no owner";
    EXPECT_FALSE(p.Release(PageRef{ref.index, ref.sequence + 1}, kA)) << "future sequence";
    EXPECT_FALSE(p.Release(PageRef{ref.index, ref.sequence - 1}, kA)) << "stale sequence";
    EXPECT_FALSE(p.Release(PageRef{4, ref.sequence}, kA)) << "index out of range";
    EXPECT_FALSE(p.Release(PageRef{0xFFFFFFFFu, ref.sequence}, kA)) << "index out of range";
    EXPECT_EQ(p.FreeCount(), 3);
    EXPECT_EQ(p.CountOwnedBy(kA), 1u);
    EXPECT_TRUE(p.Release(ref, kA));
    EXPECT_EQ(p.FreeCount(), 4);
    EXPECT_FALSE(p.Release(ref, kA)) << "double release";
    EXPECT_EQ(p.FreeCount(), 4);
    EXPECT_EQ(p.CountOwnedBy(kA), 0u);
}

TEST(PagePool, ReleaseOfNeverAllocatedPageFails) {
    TestPool t(4, 128);
    PagePool& p = t.pool();
    /* Sequence 0 is the initial (free) state of every page. */
    for (uint32_t i = 0; i < 4; i++) {
        EXPECT_FALSE(p.Release(PageRef{i, 0}, kA));
        EXPECT_FALSE(p.Release(PageRef{i, 0}, kFreeOwner));
    }
    EXPECT_EQ(p.FreeCount(), 4);
}

TEST(PagePool, TransferSemantics) {
    TestPool t(4, 128);
    PagePool& p = t.pool();
    PageRef ref;
    ASSERT_TRUE(p.Allocate(kA, &ref));
    EXPECT_FALSE(p.Transfer(ref, kB, kWorkerOwner)) << "not held by from";
    EXPECT_FALSE(p.Transfer(PageRef{ref.index, ref.sequence + 1}, kA, kWorkerOwner)) << "stale ref";
    EXPECT_FALSE(p.Transfer(PageRef{99, ref.sequence}, kA, kWorkerOwner)) << "bad index";
    EXPECT_EQ(p.CountOwnedBy(kA), 1u);

    EXPECT_TRUE(p.Transfer(ref, kA, kWorkerOwner));
    EXPECT_EQ(p.CountOwnedBy(kA), 0u);
    EXPECT_EQ(p.CountOwnedBy(kWorkerOwner), 1u);
    EXPECT_EQ(p.FreeCount(), 3) << "a transfer neither frees nor allocates";
    EXPECT_FALSE(p.Transfer(ref, kA, kWorkerOwner)) << "the old owner no longer holds it";
    EXPECT_FALSE(p.Release(ref, kA)) << "the old owner cannot release it";
    /* The ref (index + sequence) stays valid across transfers. */
    EXPECT_TRUE(p.Transfer(ref, kWorkerOwner, kB));
    EXPECT_TRUE(p.Transfer(ref, kB, kB)) << "to self is a no-op that succeeds";
    EXPECT_TRUE(p.Release(ref, kB));
    EXPECT_EQ(p.FreeCount(), 4);
    EXPECT_FALSE(p.Transfer(ref, kB, kA)) << "freed page";
}

TEST(PagePool, TransferNeverTouchesFreePages) {
    /* "Free" is not an owner: handing a page to it would take it off the books without putting
     * it back on the free list (a leak); taking a free page with Transfer would let a page sit on
     * the free list while owned (it would later be handed out twice). */
    TestPool t(2, 128);
    PagePool& p = t.pool();
    PageRef ref;
    ASSERT_TRUE(p.Allocate(kA, &ref));
    EXPECT_FALSE(p.Transfer(ref, kA, kFreeOwner));
    EXPECT_EQ(p.CountOwnedBy(kA), 1u);
    ASSERT_TRUE(p.Release(ref, kA));
    EXPECT_FALSE(p.Transfer(ref, kFreeOwner, kB)) << "a free page cannot be taken over";
    EXPECT_EQ(p.CountOwnedBy(kB), 0u);
    /* And every page can still be allocated exactly once. */
    PageRef r1, r2, r3;
    ASSERT_TRUE(p.Allocate(kA, &r1));
    ASSERT_TRUE(p.Allocate(kA, &r2));
    EXPECT_NE(r1.index, r2.index);
    EXPECT_FALSE(p.Allocate(kA, &r3));
}

TEST(PagePool, AllocateForFreeOwnerFails) {
    TestPool t(2, 128);
    PagePool& p = t.pool();
    PageRef ref;
    EXPECT_FALSE(p.Allocate(kFreeOwner, &ref)) << "a page allocated to nobody could never be released";
    EXPECT_EQ(p.FreeCount(), 2);
}

TEST(PagePool, ReleaseAllOwnedBy) {
    TestPool t(20, 64);
    PagePool& p = t.pool();
    std::vector<PageRef> a, b, w;
    for (int i = 0; i < 7; i++) {
        PageRef r;
        ASSERT_TRUE(p.Allocate(kA, &r));
        a.push_back(r);
        ASSERT_TRUE(p.Allocate(kB, &r));
        b.push_back(r);
    }
    for (int i = 0; i < 3; i++) {
        PageRef r;
        ASSERT_TRUE(p.Allocate(kWorkerOwner, &r));
        w.push_back(r);
    }
    /* Two of A's pages move to the worker: they are no longer A's to clean up. */
    ASSERT_TRUE(p.Transfer(a[0], kA, kWorkerOwner));
    ASSERT_TRUE(p.Transfer(a[1], kA, kWorkerOwner));
    EXPECT_EQ(p.FreeCount(), 3);
    EXPECT_EQ(p.ReleaseAllOwnedBy(kA), 5u);
    EXPECT_EQ(p.FreeCount(), 8);
    EXPECT_EQ(p.CountOwnedBy(kA), 0u);
    EXPECT_EQ(p.CountOwnedBy(kB), 7u);
    EXPECT_EQ(p.CountOwnedBy(kWorkerOwner), 5u);
    EXPECT_EQ(p.ReleaseAllOwnedBy(kA), 0u) << "idempotent";
    for (size_t i = 2; i < a.size(); i++)
        EXPECT_FALSE(p.Release(a[i], kA)) << "refs freed by cleanup are stale";
    EXPECT_TRUE(p.Release(a[0], kWorkerOwner));
    EXPECT_EQ(p.ReleaseAllOwnedBy(kWorkerOwner), 4u);
    EXPECT_EQ(p.ReleaseAllOwnedBy(kB), 7u);
    EXPECT_EQ(p.FreeCount(), 20);
    EXPECT_EQ(p.ReleaseAllOwnedBy(kFreeOwner), 0u) << "cleanup of 'free' frees nothing";
    EXPECT_EQ(p.FreeCount(), 20);
    /* The pool is whole again: 20 distinct pages. */
    std::set<uint32_t> idx;
    for (int i = 0; i < 20; i++) {
        PageRef r;
        ASSERT_TRUE(p.Allocate(kA, &r));
        idx.insert(r.index);
    }
    EXPECT_EQ(idx.size(), 20u);
}

TEST(PagePool, StaleRefAfterReallocationFails) {
    TestPool t(1, 64); /* one page: reallocation must reuse it */
    PagePool& p = t.pool();
    PageRef first, second;
    ASSERT_TRUE(p.Allocate(kA, &first));
    ASSERT_TRUE(p.Release(first, kA));
    ASSERT_TRUE(p.Allocate(kA, &second)); /* same owner, same page: only the sequence differs */
    EXPECT_EQ(second.index, first.index);
    EXPECT_NE(second.sequence, first.sequence);
    EXPECT_FALSE(p.Release(first, kA)) << "a stale message must not free the new allocation";
    EXPECT_FALSE(p.Transfer(first, kA, kWorkerOwner));
    EXPECT_EQ(p.CountOwnedBy(kA), 1u);
    EXPECT_TRUE(p.Transfer(second, kA, kWorkerOwner));
    EXPECT_TRUE(p.Release(second, kWorkerOwner));
    /* Many generations: every old ref stays dead. */
    std::vector<PageRef> old = {first, second};
    for (int i = 0; i < 100; i++) {
        PageRef r;
        ASSERT_TRUE(p.Allocate(kB, &r));
        for (const PageRef& o : old)
            ASSERT_FALSE(p.Release(o, kB));
        old.push_back(r);
        ASSERT_TRUE(p.Release(r, kB));
    }
    EXPECT_EQ(p.FreeCount(), 1);
}

TEST(PagePool, LifoReuse) {
    TestPool t(8, 64);
    PagePool& p = t.pool();
    PageRef r1, r2;
    ASSERT_TRUE(p.Allocate(kA, &r1));
    ASSERT_TRUE(p.Release(r1, kA));
    ASSERT_TRUE(p.Allocate(kA, &r2));
    EXPECT_EQ(r1.index, r2.index) << "the most recently freed page is reused first (warm cache)";
    EXPECT_EQ(r2.sequence, r1.sequence + 1);
}

TEST(PagePool, MultiThreadedStressNoPageHeldTwice) {
    const uint32_t kPages = 24;
    const uint32_t kPageSize = 64;
    const int kThreads = 4;
    const int kIterations = 100000;
    TestPool t(kPages, kPageSize);
    PagePool& p = t.pool();
    std::unique_ptr<std::atomic<int>[]> holder(new std::atomic<int>[kPages]);
    for (uint32_t i = 0; i < kPages; i++)
        holder[i].store(0);
    std::atomic<int> violations{0};
    std::atomic<long> allocations{0};
    std::atomic<long> release_failures{0};
    std::atomic<long> stale_successes{0};

    auto worker = [&](int id) {
        const uint32_t owner = SessionOwner(static_cast<uint32_t>(id));
        std::mt19937 rng(1234 + id);
        std::vector<PageRef> held;
        std::vector<PageRef> stale;
        for (int it = 0; it < kIterations; it++) {
            bool allocate = held.empty() || (held.size() < 8 && rng() % 2 == 0);
            if (allocate) {
                PageRef ref;
                if (!p.Allocate(owner, &ref))
                    continue; /* pool momentarily empty */
                allocations.fetch_add(1, std::memory_order_relaxed);
                int expected = 0;
                if (!holder[ref.index].compare_exchange_strong(expected, id + 1))
                    violations.fetch_add(1);
                /* Write a stamp into the page; nobody else may change it while we hold it. */
                std::memset(p.Data(ref.index), id + 1, kPageSize);
                held.push_back(ref);
            } else {
                size_t k = rng() % held.size();
                PageRef ref = held[k];
                held[k] = held.back();
                held.pop_back();
                const uint8_t* d = p.Data(ref.index);
                for (uint32_t b = 0; b < kPageSize; b++)
                    if (d[b] != id + 1) {
                        violations.fetch_add(1);
                        break;
                    }
                int expected = id + 1;
                if (!holder[ref.index].compare_exchange_strong(expected, 0))
                    violations.fetch_add(1);
                if (!p.Release(ref, owner))
                    release_failures.fetch_add(1);
                if (stale.size() < 64)
                    stale.push_back(ref);
                else
                    stale[rng() % stale.size()] = ref;
            }
            /* Now and then a stale ref (double release): must always fail. */
            if (it % 97 == 0 && !stale.empty()) {
                if (p.Release(stale[rng() % stale.size()], owner))
                    stale_successes.fetch_add(1);
            }
        }
        for (const PageRef& ref : held) {
            int expected = id + 1;
            if (!holder[ref.index].compare_exchange_strong(expected, 0))
                violations.fetch_add(1);
            if (!p.Release(ref, owner))
                release_failures.fetch_add(1);
        }
    };
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; i++)
        threads.emplace_back(worker, i);
    for (auto& th : threads)
        th.join();
    EXPECT_EQ(violations.load(), 0) << "a page was held by two owners at once";
    EXPECT_EQ(release_failures.load(), 0);
    EXPECT_EQ(stale_successes.load(), 0) << "a stale ref freed a page";
    EXPECT_GT(allocations.load(), kThreads * kIterations / 4);
    EXPECT_EQ(p.FreeCount(), static_cast<int32_t>(kPages));
    EXPECT_EQ(p.CountOwnedBy(kFreeOwner), kPages);
    /* The free list holds every page exactly once. */
    std::set<uint32_t> idx;
    for (uint32_t i = 0; i < kPages; i++) {
        PageRef r;
        ASSERT_TRUE(p.Allocate(kA, &r));
        EXPECT_TRUE(idx.insert(r.index).second);
    }
    PageRef r;
    EXPECT_FALSE(p.Allocate(kA, &r));
}

TEST(PagePool, MultiThreadedTransferAndCleanup) {
    /* Producers allocate and hand pages to a consumer (as a backend hands scan pages to the
     * worker); the consumer releases them. A cleanup thread races ReleaseAllOwnedBy for an owner
     * that holds nothing; it must never free anyone else's page. */
    const uint32_t kPages = 16;
    TestPool t(kPages, 64);
    PagePool& p = t.pool();
    const int kPerProducer = 50000;
    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::atomic<int> consumed{0};
    std::atomic<uint64_t> mailbox[2];
    mailbox[0].store(0);
    mailbox[1].store(0);
    auto pack = [](PageRef r) { return (uint64_t{r.sequence} << 32) | (r.index + 1); };
    auto producer = [&](int id) {
        uint32_t owner = SessionOwner(static_cast<uint32_t>(id));
        for (int i = 0; i < kPerProducer;) {
            PageRef r;
            if (!p.Allocate(owner, &r)) {
                std::this_thread::yield();
                continue;
            }
            if (!p.Transfer(r, owner, kWorkerOwner))
                failures.fetch_add(1);
            uint64_t expected = 0;
            while (!mailbox[id].compare_exchange_weak(expected, pack(r))) {
                expected = 0;
                std::this_thread::yield();
            }
            i++;
        }
    };
    auto consumer = [&]() {
        while (consumed.load() < 2 * kPerProducer) {
            for (int m = 0; m < 2; m++) {
                uint64_t v = mailbox[m].exchange(0);
                if (v == 0)
                    continue;
                PageRef r{static_cast<uint32_t>(v) - 1, static_cast<uint32_t>(v >> 32)};
                if (!p.Release(r, kWorkerOwner))
                    failures.fetch_add(1);
                consumed.fetch_add(1);
            }
        }
    };
    auto cleaner = [&]() {
        while (!done.load())
            if (p.ReleaseAllOwnedBy(SessionOwner(7)) != 0)
                failures.fetch_add(1);
    };
    std::thread c(consumer), cl(cleaner), p0(producer, 0), p1(producer, 1);
    p0.join();
    p1.join();
    c.join();
    done.store(true);
    cl.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(consumed.load(), 2 * kPerProducer);
    EXPECT_EQ(p.FreeCount(), static_cast<int32_t>(kPages));
}
