/* Unit tests for src/common/shared_region: size, formatting, attaching, sessions, pool. */
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <string>

#include "common/page_layout.h"
#include "common/protocol.h"
#include "common/shared_region.h"

using namespace pgf;

namespace {

struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
};

/* Memory like PostgreSQL's shared segment: aligned, filled with garbage before formatting. */
std::unique_ptr<uint8_t, FreeDeleter> NewRegionMemory(size_t bytes, size_t align = 4096) {
    void* p = nullptr;
    if (posix_memalign(&p, align, bytes) != 0)
        return nullptr;
    std::memset(p, 0x5A, bytes);
    return std::unique_ptr<uint8_t, FreeDeleter>(static_cast<uint8_t*>(p));
}

uintptr_t Addr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

} // namespace

TEST(SharedRegion, RequiredBytesCoversLayout) {
    for (uint32_t sessions : {1u, 3u, 64u}) {
        for (uint32_t pages : {1u, 10u, 1000u}) {
            const uint32_t page_size = 64 * 1024;
            size_t need = SharedRegion::RequiredBytes(page_size, pages, sessions);
            size_t parts = sizeof(RegionHeader) + sizeof(SessionSlot) * sessions + PagePool::ControlBytes(pages) +
                           static_cast<size_t>(page_size) * pages;
            EXPECT_GE(need, parts);
            /* Bounded overhead: alignment padding only. */
            EXPECT_LE(need, parts + 3 * 4096 + 128);
            /* Monotone in every argument. */
            EXPECT_LT(need, SharedRegion::RequiredBytes(page_size, pages + 1, sessions));
            EXPECT_LT(need, SharedRegion::RequiredBytes(page_size, pages, sessions + 1));
            EXPECT_LT(need, SharedRegion::RequiredBytes(page_size * 2, pages, sessions));
        }
    }
}

TEST(SharedRegion, InitializeAndAttach) {
    const uint32_t page_size = 32 * 1024, page_count = 50, session_count = 8;
    size_t bytes = SharedRegion::RequiredBytes(page_size, page_count, session_count);
    auto mem = NewRegionMemory(bytes);
    ASSERT_TRUE(mem);
    EXPECT_FALSE(SharedRegion().Valid());
    SharedRegion::Initialize(mem.get(), page_size, page_count, session_count);

    SharedRegion a(mem.get());
    ASSERT_TRUE(a.Valid());
    RegionHeader* h = a.Header();
    EXPECT_EQ(Addr(h), Addr(mem.get()));
    EXPECT_EQ(h->magic, kRegionMagic);
    EXPECT_EQ(h->version, kRegionVersion);
    EXPECT_EQ(h->page_size, page_size);
    EXPECT_EQ(h->page_count, page_count);
    EXPECT_EQ(h->session_count, session_count);
    EXPECT_EQ(a.SessionCount(), session_count);
    EXPECT_EQ(h->worker_pid.load(), 0);
    EXPECT_EQ(h->worker_latch, nullptr);
    EXPECT_EQ(h->worker_state.load(), static_cast<uint32_t>(WorkerState::Down));
    EXPECT_EQ(h->worker_generation.load(), 0u);
    EXPECT_EQ(h->next_query_id.load(), 1u) << "query id 0 means 'no query'";
    EXPECT_EQ(h->pages_reserved.load(), 0);
    EXPECT_EQ(h->running_queries.load(), 0);
    EXPECT_EQ(h->worker_error[0], '\0');
    EXPECT_EQ(h->metrics.queries_started.load(), 0u);
    EXPECT_EQ(h->metrics.engine_recreations.load(), 0u);

    /* A second attach (another process) sees the same memory through the same offsets. */
    SharedRegion b(mem.get());
    ASSERT_TRUE(b.Valid());
    EXPECT_EQ(b.Header(), a.Header());
    for (uint32_t i = 0; i < session_count; i++)
        EXPECT_EQ(b.Session(i), a.Session(i));
    EXPECT_EQ(b.Pool().Data(0), a.Pool().Data(0));
    a.Header()->next_query_id.fetch_add(5);
    EXPECT_EQ(b.Header()->next_query_id.load(), 6u);

    /* Memory that was never formatted is not valid. */
    auto other = NewRegionMemory(bytes);
    std::memset(other.get(), 0, sizeof(RegionHeader));
    EXPECT_FALSE(SharedRegion(other.get()).Valid());
    /* A region of another layout version is not valid. */
    h->version = kRegionVersion + 1;
    EXPECT_FALSE(a.Valid());
    h->version = kRegionVersion;
    EXPECT_TRUE(a.Valid());
}

TEST(SharedRegion, SessionsDistinctAlignedAndClean) {
    const uint32_t page_size = 8192, page_count = 16, session_count = 17;
    size_t bytes = SharedRegion::RequiredBytes(page_size, page_count, session_count);
    auto mem = NewRegionMemory(bytes);
    SharedRegion::Initialize(mem.get(), page_size, page_count, session_count);
    SharedRegion r(mem.get());
    uintptr_t begin = Addr(mem.get()), end = begin + bytes;
    std::set<uintptr_t> seen;
    uintptr_t prev_end = Addr(r.Header()) + sizeof(RegionHeader);
    for (uint32_t i = 0; i < session_count; i++) {
        SessionSlot* s = r.Session(i);
        EXPECT_EQ(Addr(s) % 64, 0u) << "session " << i << " not cache-line aligned";
        EXPECT_TRUE(seen.insert(Addr(s)).second);
        EXPECT_GE(Addr(s), prev_end) << "session " << i << " overlaps what precedes it";
        prev_end = Addr(s) + sizeof(SessionSlot);
        EXPECT_LE(prev_end, end);
        EXPECT_EQ(s->attached.load(), 0u);
        EXPECT_EQ(s->backend_pid, 0);
        EXPECT_EQ(s->backend_latch, nullptr);
        EXPECT_EQ(s->query_id.load(), 0u);
        EXPECT_EQ(s->result_pages_in_flight.load(), 0);
        for (uint32_t k = 0; k < kMaxScansPerQuery; k++)
            EXPECT_EQ(s->scan_pages_in_flight[k].load(), 0);
        EXPECT_TRUE(s->to_worker.Empty());
        EXPECT_TRUE(s->to_backend.Empty());
    }
    /* Sessions end before the pool's pages begin. */
    EXPECT_LE(prev_end, Addr(r.Pool().Data(0)));

    /* The rings of different sessions are independent. */
    ASSERT_TRUE(r.Session(0)->to_worker.TryWrite(Encode(CancelMessage{11})));
    ASSERT_TRUE(r.Session(16)->to_backend.TryWrite(Encode(QueryDoneMessage{12, 3})));
    for (uint32_t i = 1; i < 16; i++) {
        EXPECT_TRUE(r.Session(i)->to_worker.Empty());
        EXPECT_TRUE(r.Session(i)->to_backend.Empty());
    }
    EXPECT_TRUE(r.Session(0)->to_backend.Empty());
    std::string msg;
    ASSERT_TRUE(r.Session(0)->to_worker.TryRead(&msg));
    CancelMessage c;
    ASSERT_TRUE(Decode(msg, &c));
    EXPECT_EQ(c.query_id, 11u);
    ASSERT_TRUE(r.Session(16)->to_backend.TryRead(&msg));
    QueryDoneMessage d;
    ASSERT_TRUE(Decode(msg, &d));
    EXPECT_EQ(d.rows, 3u);
}

TEST(SharedRegion, PoolIsUsableAndPagesInBounds) {
    const uint32_t page_size = 16 * 1024, page_count = 12, session_count = 4;
    size_t bytes = SharedRegion::RequiredBytes(page_size, page_count, session_count);
    auto mem = NewRegionMemory(bytes);
    SharedRegion::Initialize(mem.get(), page_size, page_count, session_count);
    SharedRegion r(mem.get());
    PagePool& pool = r.Pool();
    EXPECT_EQ(pool.PageCount(), page_count);
    EXPECT_EQ(pool.PageSize(), page_size);
    EXPECT_EQ(pool.FreeCount(), static_cast<int32_t>(page_count));
    uintptr_t begin = Addr(mem.get()), end = begin + bytes;
    uintptr_t after_sessions = Addr(r.Session(session_count - 1)) + sizeof(SessionSlot);
    for (uint32_t i = 0; i < page_count; i++) {
        uintptr_t p = Addr(pool.Data(i));
        EXPECT_EQ(p % 4096, 0u) << "page " << i;
        EXPECT_GE(p, after_sessions);
        EXPECT_LE(p + page_size, end) << "page " << i << " runs past RequiredBytes";
    }
    /* Allocate every page, write a full page layout into each, read them back. */
    std::vector<PageRef> refs;
    for (uint32_t i = 0; i < page_count; i++) {
        PageRef ref;
        ASSERT_TRUE(pool.Allocate(SessionOwner(i % session_count), &ref));
        refs.push_back(ref);
        ColumnType t[] = {ColumnType::Int64};
        PageWriter w;
        ASSERT_TRUE(w.Begin(pool.Data(ref.index), page_size, t, 1));
        while (!w.RowsFull()) {
            w.SetValue<int64_t>(0, static_cast<int64_t>(ref.index) * 100000 + w.RowCount());
            w.CommitRow();
        }
    }
    PageRef none;
    EXPECT_FALSE(pool.Allocate(kWorkerOwner, &none));
    for (const PageRef& ref : refs) {
        PageView v(pool.Data(ref.index));
        ASSERT_TRUE(v.Valid());
        for (uint32_t row = 0; row < v.RowCount(); row++)
            ASSERT_EQ(v.Value<int64_t>(0, row), static_cast<int64_t>(ref.index) * 100000 + row);
    }
    /* The header and session slots were not overwritten by page data. */
    EXPECT_TRUE(r.Valid());
    EXPECT_EQ(r.Header()->page_count, page_count);
    for (uint32_t i = 0; i < session_count; i++)
        EXPECT_TRUE(r.Session(i)->to_worker.Empty());
    /* A pool seen through a second attach is the same pool. */
    SharedRegion again(mem.get());
    EXPECT_EQ(again.Pool().FreeCount(), 0);
    EXPECT_EQ(again.Pool().ReleaseAllOwnedBy(SessionOwner(1)), 3u);
    EXPECT_EQ(pool.FreeCount(), 3);
}

TEST(SharedRegion, InitializeResetsAUsedRegion) {
    const uint32_t page_size = 4096, page_count = 4, session_count = 2;
    size_t bytes = SharedRegion::RequiredBytes(page_size, page_count, session_count);
    auto mem = NewRegionMemory(bytes);
    SharedRegion::Initialize(mem.get(), page_size, page_count, session_count);
    SharedRegion r(mem.get());
    PageRef ref;
    ASSERT_TRUE(r.Pool().Allocate(kWorkerOwner, &ref));
    r.Session(1)->attached.store(1);
    ASSERT_TRUE(r.Session(1)->to_worker.TryWrite("x", 1));
    r.Header()->metrics.queries_started.fetch_add(3);
    SharedRegion::Initialize(mem.get(), page_size, page_count, session_count);
    SharedRegion r2(mem.get());
    EXPECT_EQ(r2.Pool().FreeCount(), 4);
    EXPECT_EQ(r2.Session(1)->attached.load(), 0u);
    EXPECT_TRUE(r2.Session(1)->to_worker.Empty());
    EXPECT_EQ(r2.Header()->metrics.queries_started.load(), 0u);
}
