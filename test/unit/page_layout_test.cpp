/* Unit tests for src/common/page_layout: layout, every column type, NULLs, strings, row abandon. */
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "common/column_type.h"
#include "common/page_layout.h"

using namespace pgf;

namespace {

/* A zeroed, 64-byte aligned buffer standing in for one pool page. */
class PageBuffer {
public:
    explicit PageBuffer(uint32_t size) : storage_(size / 8 + 16, 0), size_(size) {
        auto addr = reinterpret_cast<uintptr_t>(storage_.data());
        page_ = reinterpret_cast<uint8_t*>((addr + 63) & ~uintptr_t{63});
        std::memset(page_, 0xAB, size_); /* garbage: Begin must not rely on zeroed memory */
    }
    uint8_t* data() { return page_; }
    uint32_t size() const { return size_; }

private:
    std::vector<uint64_t> storage_;
    uint8_t* page_;
    uint32_t size_;
};

/* Independent model of the documented layout: header+slots, then per column an aligned
 * validity bitmap (64-bit words) and an aligned values array. */
uint64_t Align64(uint64_t v) { return (v + 63) / 64 * 64; }

uint64_t ModelFixedBytes(uint32_t rows, const std::vector<ColumnType>& types) {
    uint64_t total = Align64(32 + 12 * types.size());
    for (ColumnType t : types)
        total += Align64((rows + 63) / 64 * 8) + Align64(uint64_t{ColumnValueWidth(t)} * rows);
    return total;
}

uint32_t ModelCapacity(uint32_t page_size, const std::vector<ColumnType>& types) {
    bool has_varchar = false;
    for (ColumnType t : types)
        has_varchar |= t == ColumnType::Varchar;
    uint64_t budget = has_varchar ? page_size / 2 : page_size;
    uint32_t rows = 0;
    while (rows < kMaxPageRows && ModelFixedBytes(rows + 1, types) <= budget)
        rows++;
    return rows;
}

const PageHeader* Header(const uint8_t* page) { return reinterpret_cast<const PageHeader*>(page); }

std::string ReadString(const PageView& view, uint16_t column, uint32_t row) {
    uint32_t length = 0;
    const char* data = view.StringData(column, row, &length);
    return std::string(data, length);
}

} // namespace

TEST(PageLayout, HeaderBytesAreAlignedAndCoverSlots) {
    EXPECT_EQ(offsetof(PageHeader, columns), 32u);
    EXPECT_EQ(sizeof(ColumnSlot), 12u);
    for (uint16_t n : {0, 1, 2, 3, 10, 100, 1000}) {
        uint32_t bytes = PageHeaderBytes(n);
        EXPECT_EQ(bytes % 64, 0u) << n;
        EXPECT_GE(bytes, offsetof(PageHeader, columns) + sizeof(ColumnSlot) * n) << n;
        EXPECT_LT(bytes, offsetof(PageHeader, columns) + sizeof(ColumnSlot) * n + 64) << n;
    }
    EXPECT_EQ(PageHeaderBytes(1), 64u);
    EXPECT_EQ(PageHeaderBytes(3), 128u); /* 32 + 36 = 68 -> 128 */
}

TEST(PageLayout, CapacityKnownValues) {
    /* One int64 column in 4 KiB: 64 header + 64 bitmap + align64(8 * rows) <= 4096 -> 496. */
    ColumnType i64[] = {ColumnType::Int64};
    EXPECT_EQ(PageRowCapacity(4096, i64, 1), 496u);
    /* Enough room for a full vector: capped at 2048. */
    EXPECT_EQ(PageRowCapacity(64 * 1024, i64, 1), 2048u);
    /* One varchar column in 64 KiB: only half the page for the fixed part -> 2028 rows. */
    ColumnType vc[] = {ColumnType::Varchar};
    EXPECT_EQ(PageRowCapacity(64 * 1024, vc, 1), 2028u);
}

TEST(PageLayout, CapacityMatchesModelForManySchemas) {
    const std::vector<std::vector<ColumnType>> schemas = {
        {ColumnType::Bool},
        {ColumnType::Int32},
        {ColumnType::Int64, ColumnType::Float64},
        {ColumnType::Decimal128, ColumnType::Date, ColumnType::Varchar},
        {ColumnType::Varchar, ColumnType::Varchar, ColumnType::Varchar, ColumnType::Varchar},
        {ColumnType::Bool, ColumnType::Int16, ColumnType::Int32, ColumnType::Int64, ColumnType::Float32,
         ColumnType::Float64, ColumnType::Decimal16, ColumnType::Decimal32, ColumnType::Decimal64,
         ColumnType::Decimal128, ColumnType::Varchar, ColumnType::Date, ColumnType::Timestamp,
         ColumnType::TimestampTz},
        std::vector<ColumnType>(40, ColumnType::Int64),
    };
    for (const auto& types : schemas) {
        for (uint32_t page_size : {512u, 1000u, 4096u, 8192u, 65536u, 1u << 20, 8u << 20}) {
            uint32_t cap = PageRowCapacity(page_size, types.data(), static_cast<uint16_t>(types.size()));
            EXPECT_EQ(cap, ModelCapacity(page_size, types)) << "page " << page_size << " cols " << types.size();
            EXPECT_LE(cap, kMaxPageRows);
        }
    }
}

TEST(PageLayout, BeginLaysOutDisjointAlignedRegions) {
    std::vector<ColumnType> types = {ColumnType::Bool,    ColumnType::Int16,      ColumnType::Varchar,
                                     ColumnType::Float64, ColumnType::Decimal128, ColumnType::Date};
    for (uint32_t page_size : {4096u, 65536u, 1u << 20}) {
        PageBuffer buf(page_size);
        PageWriter w;
        ASSERT_TRUE(w.Begin(buf.data(), page_size, types.data(), static_cast<uint16_t>(types.size())));
        const PageHeader* h = Header(buf.data());
        EXPECT_EQ(h->magic, kPageMagic);
        EXPECT_EQ(h->page_size, page_size);
        EXPECT_EQ(h->row_count, 0u);
        EXPECT_EQ(h->column_count, types.size());
        EXPECT_EQ(h->heap_used, 0u);
        uint32_t cap = h->row_capacity;
        EXPECT_EQ(cap, PageRowCapacity(page_size, types.data(), static_cast<uint16_t>(types.size())));
        EXPECT_GT(cap, 0u);
        uint64_t prev_end = PageHeaderBytes(static_cast<uint16_t>(types.size()));
        for (size_t i = 0; i < types.size(); i++) {
            const ColumnSlot& s = h->columns[i];
            EXPECT_EQ(s.type, static_cast<uint8_t>(types[i]));
            EXPECT_EQ(s.has_nulls, 0);
            EXPECT_EQ(s.validity_offset % 64, 0u);
            EXPECT_EQ(s.values_offset % 64, 0u);
            EXPECT_GE(s.validity_offset, prev_end);
            EXPECT_GE(s.values_offset, s.validity_offset + (cap + 63) / 64 * 8);
            prev_end = s.values_offset + uint64_t{ColumnValueWidth(types[i])} * cap;
            /* Every row starts valid. */
            const uint64_t* bits = reinterpret_cast<const uint64_t*>(buf.data() + s.validity_offset);
            for (uint32_t r = 0; r < cap; r++)
                ASSERT_TRUE((bits[r / 64] >> (r % 64)) & 1) << "col " << i << " row " << r;
        }
        EXPECT_GE(h->heap_begin, prev_end);
        EXPECT_LE(h->heap_begin, page_size);
        /* With a string column, at least half the page is left to the heap. */
        EXPECT_GE(page_size - h->heap_begin, page_size / 2);
        PageView v(buf.data());
        EXPECT_TRUE(v.Valid());
        EXPECT_EQ(v.RowCount(), 0u);
        EXPECT_EQ(v.ColumnCount(), types.size());
        for (size_t i = 0; i < types.size(); i++)
            EXPECT_EQ(v.Type(static_cast<uint16_t>(i)), types[i]);
    }
}

TEST(PageLayout, RowCapacityNeverAbove2048) {
    ColumnType b[] = {ColumnType::Bool};
    EXPECT_EQ(PageRowCapacity(16u << 20, b, 1), kMaxPageRows);
    EXPECT_EQ(kMaxPageRows, 2048u);
    PageBuffer buf(1u << 20);
    PageWriter w;
    ASSERT_TRUE(w.Begin(buf.data(), buf.size(), b, 1));
    EXPECT_EQ(Header(buf.data())->row_capacity, 2048u);
    for (uint32_t r = 0; r < 2048; r++) {
        ASSERT_FALSE(w.RowsFull());
        w.SetValue<bool>(0, r % 3 == 0);
        w.CommitRow();
    }
    EXPECT_TRUE(w.RowsFull());
    EXPECT_EQ(w.RowCount(), 2048u);
    PageView v(buf.data());
    for (uint32_t r = 0; r < 2048; r++)
        ASSERT_EQ(v.Value<bool>(0, r), r % 3 == 0);
}

TEST(PageLayout, PageTooSmallBeginFails) {
    ColumnType i32[] = {ColumnType::Int32};
    PageBuffer buf(4096);
    PageWriter w;
    /* Header (64) + bitmap (64) + values (64) = 192 bytes for a single row -- and for up to 16
     * int32 rows, since every region is padded to 64 bytes. */
    EXPECT_EQ(PageRowCapacity(191, i32, 1), 0u);
    EXPECT_FALSE(w.Begin(buf.data(), 191, i32, 1));
    EXPECT_FALSE(w.Begin(buf.data(), 64, i32, 1));
    EXPECT_FALSE(w.Begin(buf.data(), 0, i32, 1));
    EXPECT_EQ(PageRowCapacity(192, i32, 1), 16u);
    EXPECT_EQ(PageRowCapacity(255, i32, 1), 16u);
    EXPECT_EQ(PageRowCapacity(256, i32, 1), 32u);
    EXPECT_TRUE(w.Begin(buf.data(), 192, i32, 1));
    EXPECT_EQ(Header(buf.data())->row_capacity, 16u);
    EXPECT_EQ(Header(buf.data())->heap_begin, 192u);
    /* A varchar schema needs the fixed part within half the page. */
    ColumnType vc[] = {ColumnType::Varchar};
    EXPECT_FALSE(w.Begin(buf.data(), 383, vc, 1));
    EXPECT_TRUE(w.Begin(buf.data(), 384, vc, 1));
    /* Many columns: the header alone does not fit. */
    std::vector<ColumnType> many(400, ColumnType::Int64);
    EXPECT_FALSE(w.Begin(buf.data(), 4096, many.data(), static_cast<uint16_t>(many.size())));
}

TEST(PageLayout, EveryFixedWidthTypeRoundTripsWithNulls) {
    const std::vector<ColumnType> types = {
        ColumnType::Bool,       ColumnType::Int16,     ColumnType::Int32,     ColumnType::Int64,
        ColumnType::Float32,    ColumnType::Float64,   ColumnType::Decimal16, ColumnType::Decimal32,
        ColumnType::Decimal64,  ColumnType::Decimal128, ColumnType::Date,     ColumnType::Timestamp,
        ColumnType::TimestampTz,
    };
    const uint16_t n = static_cast<uint16_t>(types.size());
    PageBuffer buf(1u << 20);
    PageWriter w;
    ASSERT_TRUE(w.Begin(buf.data(), buf.size(), types.data(), n));
    const uint32_t rows = 1500;
    auto is_null = [](uint16_t c, uint32_t r) { return (r + c) % 7 == 3 || (c == 1 && r >= 1000); };
    auto i128 = [](uint32_t r) -> __int128 {
        __int128 v = static_cast<__int128>(r) * static_cast<__int128>(0x0123456789ABCDEFLL);
        v = v * 1000000007;
        return (r % 2) ? -v : v;
    };
    for (uint32_t r = 0; r < rows; r++) {
        for (uint16_t c = 0; c < n; c++) {
            if (is_null(c, r)) {
                w.SetNull(c);
                continue;
            }
            int64_t s = static_cast<int64_t>(r) - 700;
            switch (types[c]) {
            case ColumnType::Bool: w.SetValue<bool>(c, r % 2 == 0); break;
            case ColumnType::Int16:
            case ColumnType::Decimal16: w.SetValue<int16_t>(c, static_cast<int16_t>(s * 40)); break;
            case ColumnType::Int32:
            case ColumnType::Decimal32:
            case ColumnType::Date: w.SetValue<int32_t>(c, static_cast<int32_t>(s * 2000001)); break;
            case ColumnType::Int64:
            case ColumnType::Decimal64:
            case ColumnType::Timestamp:
            case ColumnType::TimestampTz: w.SetValue<int64_t>(c, s * 86400000000LL + c); break;
            case ColumnType::Float32: w.SetValue<float>(c, static_cast<float>(s) / 8.0f); break;
            case ColumnType::Float64: w.SetValue<double>(c, static_cast<double>(s) / 3.0); break;
            case ColumnType::Decimal128: w.SetValue<__int128>(c, i128(r)); break;
            default: FAIL();
            }
        }
        w.CommitRow();
    }
    PageView v(buf.data());
    ASSERT_EQ(v.RowCount(), rows);
    for (uint16_t c = 0; c < n; c++)
        EXPECT_TRUE(v.HasNulls(c)) << c;
    for (uint32_t r = 0; r < rows; r++) {
        for (uint16_t c = 0; c < n; c++) {
            ASSERT_EQ(v.IsNull(c, r), is_null(c, r)) << "col " << c << " row " << r;
            if (is_null(c, r))
                continue;
            int64_t s = static_cast<int64_t>(r) - 700;
            switch (types[c]) {
            case ColumnType::Bool: ASSERT_EQ(v.Value<uint8_t>(c, r), r % 2 == 0 ? 1 : 0); break;
            case ColumnType::Int16:
            case ColumnType::Decimal16: ASSERT_EQ(v.Value<int16_t>(c, r), static_cast<int16_t>(s * 40)); break;
            case ColumnType::Int32:
            case ColumnType::Decimal32:
            case ColumnType::Date: ASSERT_EQ(v.Value<int32_t>(c, r), static_cast<int32_t>(s * 2000001)); break;
            case ColumnType::Int64:
            case ColumnType::Decimal64:
            case ColumnType::Timestamp:
            case ColumnType::TimestampTz: ASSERT_EQ(v.Value<int64_t>(c, r), s * 86400000000LL + c); break;
            case ColumnType::Float32: ASSERT_EQ(v.Value<float>(c, r), static_cast<float>(s) / 8.0f); break;
            case ColumnType::Float64: ASSERT_EQ(v.Value<double>(c, r), static_cast<double>(s) / 3.0); break;
            case ColumnType::Decimal128: {
                ASSERT_TRUE(v.Value<__int128>(c, r) == i128(r)) << r;
                /* The documented {uint64 lower; int64 upper} layout. */
                struct Hugeint { uint64_t lower; int64_t upper; };
                Hugeint h = v.Value<Hugeint>(c, r);
                __int128 expect = i128(r);
                ASSERT_EQ(h.lower, static_cast<uint64_t>(expect));
                ASSERT_EQ(h.upper, static_cast<int64_t>(expect >> 64));
                break;
            }
            default: FAIL();
            }
        }
    }
    /* Values are densely packed: row r of an int64 column is at values_offset + 8 r. */
    const uint8_t* base = v.Values(3);
    int64_t raw;
    std::memcpy(&raw, base + 8 * 10, 8);
    EXPECT_EQ(raw, (10 - 700) * 86400000000LL + 3);
}

TEST(PageLayout, ExtremeValuesRoundTrip) {
    const std::vector<ColumnType> types = {ColumnType::Int16, ColumnType::Int32, ColumnType::Int64,
                                           ColumnType::Float32, ColumnType::Float64, ColumnType::Decimal128};
    PageBuffer buf(65536);
    PageWriter w;
    ASSERT_TRUE(w.Begin(buf.data(), buf.size(), types.data(), 6));
    __int128 max128 = (static_cast<__int128>(std::numeric_limits<int64_t>::max()) << 64) |
                      static_cast<__int128>(~uint64_t{0});
    for (int r = 0; r < 5; r++) {
        switch (r) {
        case 0:
            w.SetValue<int16_t>(0, INT16_MIN); w.SetValue<int32_t>(1, INT32_MIN); w.SetValue<int64_t>(2, INT64_MIN);
            w.SetValue<float>(3, -std::numeric_limits<float>::infinity());
            w.SetValue<double>(4, -std::numeric_limits<double>::infinity());
            w.SetValue<__int128>(5, -max128 - 1);
            break;
        case 1:
            w.SetValue<int16_t>(0, INT16_MAX); w.SetValue<int32_t>(1, INT32_MAX); w.SetValue<int64_t>(2, INT64_MAX);
            w.SetValue<float>(3, std::numeric_limits<float>::infinity());
            w.SetValue<double>(4, std::numeric_limits<double>::infinity());
            w.SetValue<__int128>(5, max128);
            break;
        case 2:
            w.SetValue<int16_t>(0, 0); w.SetValue<int32_t>(1, 0); w.SetValue<int64_t>(2, 0);
            w.SetValue<float>(3, std::numeric_limits<float>::quiet_NaN());
            w.SetValue<double>(4, std::numeric_limits<double>::quiet_NaN());
            w.SetValue<__int128>(5, 0);
            break;
        case 3:
            w.SetValue<int16_t>(0, -1); w.SetValue<int32_t>(1, -1); w.SetValue<int64_t>(2, -1);
            w.SetValue<float>(3, -0.0f);
            w.SetValue<double>(4, -0.0);
            w.SetValue<__int128>(5, -1);
            break;
        case 4:
            w.SetValue<int16_t>(0, 1); w.SetValue<int32_t>(1, 1); w.SetValue<int64_t>(2, 1);
            w.SetValue<float>(3, std::numeric_limits<float>::denorm_min());
            w.SetValue<double>(4, std::numeric_limits<double>::denorm_min());
            w.SetValue<__int128>(5, 1);
            break;
        }
        w.CommitRow();
    }
    PageView v(buf.data());
    for (uint16_t c = 0; c < 6; c++)
        EXPECT_FALSE(v.HasNulls(c));
    EXPECT_EQ(v.Value<int16_t>(0, 0), INT16_MIN);
    EXPECT_EQ(v.Value<int32_t>(1, 0), INT32_MIN);
    EXPECT_EQ(v.Value<int64_t>(2, 0), INT64_MIN);
    EXPECT_EQ(v.Value<int16_t>(0, 1), INT16_MAX);
    EXPECT_EQ(v.Value<int32_t>(1, 1), INT32_MAX);
    EXPECT_EQ(v.Value<int64_t>(2, 1), INT64_MAX);
    EXPECT_TRUE(std::isinf(v.Value<float>(3, 0)) && v.Value<float>(3, 0) < 0);
    EXPECT_TRUE(std::isinf(v.Value<double>(4, 1)) && v.Value<double>(4, 1) > 0);
    EXPECT_TRUE(std::isnan(v.Value<float>(3, 2)));
    EXPECT_TRUE(std::isnan(v.Value<double>(4, 2)));
    EXPECT_TRUE(std::signbit(v.Value<float>(3, 3)));
    EXPECT_TRUE(std::signbit(v.Value<double>(4, 3)));
    EXPECT_EQ(v.Value<double>(4, 4), std::numeric_limits<double>::denorm_min());
    EXPECT_TRUE(v.Value<__int128>(5, 0) == -max128 - 1);
    EXPECT_TRUE(v.Value<__int128>(5, 1) == max128);
    EXPECT_TRUE(v.Value<__int128>(5, 3) == -1);
}

TEST(PageLayout, NullsSetValidityAndZeroValues) {
    ColumnType types[] = {ColumnType::Int64, ColumnType::Varchar, ColumnType::Int32};
    PageBuffer buf(65536);
    PageWriter w;
    ASSERT_TRUE(w.Begin(buf.data(), buf.size(), types, 3));
    for (uint32_t r = 0; r < 200; r++) {
        if (r % 2)
            w.SetNull(0);
        else
            w.SetValue<int64_t>(0, r);
        if (r % 3 == 0)
            w.SetNull(1);
        else
            ASSERT_TRUE(w.SetString(1, "x", 1));
        w.SetValue<int32_t>(2, static_cast<int32_t>(r));
        w.CommitRow();
    }
    PageView v(buf.data());
    EXPECT_TRUE(v.HasNulls(0));
    EXPECT_TRUE(v.HasNulls(1));
    EXPECT_FALSE(v.HasNulls(2));
    for (uint32_t r = 0; r < 200; r++) {
        EXPECT_EQ(v.IsNull(0, r), r % 2 == 1) << r;
        EXPECT_EQ(v.IsNull(1, r), r % 3 == 0) << r;
        EXPECT_FALSE(v.IsNull(2, r));
        /* The bitmap itself: LSB first, 1 = valid. */
        EXPECT_EQ((v.Validity(0)[r / 64] >> (r % 64)) & 1, r % 2 == 0 ? 1u : 0u) << r;
        if (r % 2)
            EXPECT_EQ(v.Value<int64_t>(0, r), 0);
        else
            EXPECT_EQ(v.Value<int64_t>(0, r), static_cast<int64_t>(r));
        if (r % 3 == 0) {
            /* A NULL string is a zeroed view (length 0): safe for a reader that ignores validity. */
            uint8_t zero[16] = {0};
            EXPECT_EQ(std::memcmp(v.Values(1) + 16 * r, zero, 16), 0) << r;
        } else {
            EXPECT_EQ(ReadString(v, 1, r), "x");
        }
        EXPECT_EQ(v.Value<int32_t>(2, r), static_cast<int32_t>(r));
    }
    /* A row never written still reads as valid (rows >= row_count are not data). */
    EXPECT_EQ((v.Validity(0)[201 / 64] >> (201 % 64)) & 1, 1u);
}

TEST(PageLayout, InlineAndHeapStrings) {
    ColumnType types[] = {ColumnType::Varchar};
    PageBuffer buf(65536);
    PageWriter w;
    ASSERT_TRUE(w.Begin(buf.data(), buf.size(), types, 1));
    const PageHeader* h = Header(buf.data());
    const std::vector<std::string> values = {
        "",
        "a",
        "twelve bytes",           /* exactly 12: inline */
        "thirteen byte",          /* exactly 13: heap */
        std::string("nul\0in\0side", 11),
        "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", /* multibyte UTF-8, 14 bytes */
        std::string(1000, 'z'),
        "abcdefghijklmnopqrstuvwxyz",
        "trailing   ",
    };
    uint32_t expected_heap = 0;
    for (const std::string& s : values) {
        uint32_t before = h->heap_used;
        ASSERT_TRUE(w.SetString(0, s.data(), static_cast<uint32_t>(s.size())));
        if (s.size() <= 12) {
            EXPECT_EQ(h->heap_used, before) << s;
        } else {
            EXPECT_EQ(h->heap_used, before + s.size()) << s;
            expected_heap += static_cast<uint32_t>(s.size());
        }
        w.CommitRow();
    }
    EXPECT_EQ(h->heap_used, expected_heap);
    /* 9 views of 16 bytes, one validity word, the heap. */
    EXPECT_EQ(w.DataBytes(), 9u * 16u + 8u + expected_heap);
    PageView v(buf.data());
    ASSERT_EQ(v.RowCount(), values.size());
    EXPECT_FALSE(v.HasNulls(0));
    for (uint32_t r = 0; r < values.size(); r++) {
        const std::string& s = values[r];
        EXPECT_EQ(ReadString(v, 0, r), s) << r;
        const uint8_t* view = v.Values(0) + 16 * r;
        uint32_t len;
        std::memcpy(&len, view, 4);
        EXPECT_EQ(len, s.size());
        if (s.size() <= 12) {
            /* Inline: bytes at +4, the rest of the 12 bytes zero (DuckDB's string_t compares them). */
            EXPECT_EQ(std::memcmp(view + 4, s.data(), s.size()), 0);
            for (size_t k = s.size(); k < 12; k++)
                EXPECT_EQ(view[4 + k], 0) << "row " << r << " byte " << k;
            /* The pointer StringData returns is inside the view. */
            uint32_t l2;
            EXPECT_EQ(v.StringData(0, r, &l2), reinterpret_cast<const char*>(view + 4));
        } else {
            /* Heap: 4-byte prefix, reserved word, offset from the page start into the heap. */
            EXPECT_EQ(std::memcmp(view + 4, s.data(), 4), 0);
            uint32_t offset;
            std::memcpy(&offset, view + 12, 4);
            EXPECT_GE(offset, h->heap_begin);
            EXPECT_LE(offset + s.size(), h->heap_begin + h->heap_used);
            EXPECT_EQ(std::memcmp(buf.data() + offset, s.data(), s.size()), 0);
        }
    }
}

TEST(PageLayout, String12And13BoundaryExact) {
    ColumnType types[] = {ColumnType::Varchar};
    PageBuffer buf(4096);
    PageWriter w;
    ASSERT_TRUE(w.Begin(buf.data(), buf.size(), types, 1));
    const PageHeader* h = Header(buf.data());
    std::string s12(12, 'L'), s13(13, 'M');
    ASSERT_TRUE(w.SetString(0, s12.data(), 12));
    w.CommitRow();
    EXPECT_EQ(h->heap_used, 0u);
    ASSERT_TRUE(w.SetString(0, s13.data(), 13));
    w.CommitRow();
    EXPECT_EQ(h->heap_used, 13u);
    PageView v(buf.data());
    EXPECT_EQ(ReadString(v, 0, 0), s12);
    EXPECT_EQ(ReadString(v, 0, 1), s13);
}

TEST(PageLayout, HeapExhaustionAbandonRowRestoresState) {
    ColumnType types[] = {ColumnType::Int32, ColumnType::Varchar, ColumnType::Varchar};
    const uint32_t page_size = 8192;
    PageBuffer buf(page_size);
    PageWriter w;
    ASSERT_TRUE(w.Begin(buf.data(), page_size, types, 3));
    const PageHeader* h = Header(buf.data());
    const uint32_t heap_space = page_size - h->heap_begin;
    ASSERT_GT(heap_space, 1000u);

    /* Fill the heap with committed 100-byte strings until one no longer fits. */
    std::vector<std::string> committed;
    for (;;) {
        std::string s(100, static_cast<char>('a' + committed.size() % 26));
        w.SetValue<int32_t>(0, static_cast<int32_t>(committed.size()));
        ASSERT_TRUE(w.SetString(1, "short", 5));
        if (!w.SetString(2, s.data(), 100)) {
            w.AbandonRow();
            break;
        }
        w.CommitRow();
        committed.push_back(s);
        ASSERT_LT(committed.size(), 1000u);
    }
    EXPECT_EQ(committed.size(), heap_space / 100);
    uint32_t heap_after_commits = h->heap_used;
    EXPECT_EQ(heap_after_commits, 100 * committed.size());
    EXPECT_EQ(w.RowCount(), committed.size());

    /* A row that puts heap bytes in one column and NULL in another, then fails on a third
     * column: AbandonRow must give back the heap bytes and the validity bit. */
    const uint32_t row = w.RowCount();
    uint32_t room = heap_space - heap_after_commits;
    ASSERT_GE(room, 13u);
    w.SetNull(0);
    std::string fits(room, 'F');
    ASSERT_TRUE(w.SetString(1, fits.data(), room)); /* uses exactly the rest of the heap */
    EXPECT_EQ(h->heap_used, heap_space);
    EXPECT_FALSE(w.SetString(2, "0123456789abc", 13)); /* heap full */
    w.AbandonRow();
    EXPECT_EQ(h->heap_used, heap_after_commits);
    EXPECT_EQ(w.RowCount(), row);
    PageView v(buf.data());
    EXPECT_FALSE(v.IsNull(0, row)) << "validity bit of the abandoned row must be restored";
    EXPECT_TRUE((v.Validity(0)[row / 64] >> (row % 64)) & 1);

    /* The same page still takes a row that fits. */
    w.SetValue<int32_t>(0, -5);
    ASSERT_TRUE(w.SetString(1, "tiny", 4));
    ASSERT_TRUE(w.SetString(2, "0123456789abc", 13));
    w.CommitRow();
    EXPECT_EQ(h->heap_used, heap_after_commits + 13);
    /* Now exactly room - 13 bytes remain: a string of that size fits, one byte more does not. */
    uint32_t left = heap_space - h->heap_used;
    if (left > 12) {
        std::string over(left + 1, 'o');
        w.SetNull(0);
        EXPECT_FALSE(w.SetString(1, over.data(), left + 1));
        w.AbandonRow();
        std::string exact(left, 'e');
        w.SetValue<int32_t>(0, 7);
        w.SetNull(1);
        EXPECT_TRUE(w.SetString(2, exact.data(), left));
        w.CommitRow();
        EXPECT_EQ(h->heap_used, heap_space);
        EXPECT_EQ(ReadString(v, 2, w.RowCount() - 1), exact);
        EXPECT_TRUE(v.IsNull(1, w.RowCount() - 1));
        EXPECT_FALSE(v.IsNull(0, w.RowCount() - 1));
    }

    /* Earlier rows are intact. */
    for (uint32_t r = 0; r < committed.size(); r++) {
        EXPECT_EQ(v.Value<int32_t>(0, r), static_cast<int32_t>(r));
        EXPECT_EQ(ReadString(v, 1, r), "short");
        EXPECT_EQ(ReadString(v, 2, r), committed[r]);
    }
    EXPECT_EQ(v.Value<int32_t>(0, row), -5);
    EXPECT_EQ(ReadString(v, 2, row), "0123456789abc");
}

TEST(PageLayout, AbandonRowRestoresEveryColumnsValidity) {
    std::vector<ColumnType> types(70, ColumnType::Int16);
    PageBuffer buf(1u << 20);
    PageWriter w;
    ASSERT_TRUE(w.Begin(buf.data(), buf.size(), types.data(), 70));
    /* Row positions on both sides of a bitmap word boundary. */
    for (uint32_t r = 0; r < 130; r++) {
        for (uint16_t c = 0; c < 70; c++)
            w.SetNull(c);
        if (r == 63 || r == 64 || r == 127) {
            w.AbandonRow();
            for (uint16_t c = 0; c < 70; c++)
                w.SetValue<int16_t>(c, static_cast<int16_t>(c));
        }
        w.CommitRow();
    }
    PageView v(buf.data());
    for (uint32_t r = 0; r < 130; r++)
        for (uint16_t c = 0; c < 70; c++)
            ASSERT_EQ(v.IsNull(c, r), !(r == 63 || r == 64 || r == 127)) << r << " " << c;
}

TEST(PageLayout, StringsThatFillRowsAndHeapAcrossPages) {
    /* A producer loop as the scan side writes it: fill, start a new page when a row does not fit. */
    ColumnType types[] = {ColumnType::Int64, ColumnType::Varchar};
    const uint32_t page_size = 16384;
    std::vector<PageBuffer> pages;
    std::vector<std::pair<int64_t, std::string>> rows;
    for (int64_t i = 0; i < 5000; i++)
        rows.emplace_back(i, std::string(static_cast<size_t>(i * 7919 % 97), static_cast<char>('A' + i % 26)));
    size_t next = 0;
    while (next < rows.size()) {
        pages.emplace_back(page_size);
        PageWriter w;
        ASSERT_TRUE(w.Begin(pages.back().data(), page_size, types, 2));
        while (next < rows.size() && !w.RowsFull()) {
            w.SetValue<int64_t>(0, rows[next].first);
            if (!w.SetString(1, rows[next].second.data(), static_cast<uint32_t>(rows[next].second.size()))) {
                w.AbandonRow();
                break;
            }
            w.CommitRow();
            next++;
        }
        ASSERT_GT(w.RowCount(), 0u);
    }
    size_t r = 0;
    for (auto& p : pages) {
        PageView v(p.data());
        for (uint32_t k = 0; k < v.RowCount(); k++, r++) {
            ASSERT_EQ(v.Value<int64_t>(0, k), rows[r].first);
            ASSERT_EQ(ReadString(v, 1, k), rows[r].second);
        }
    }
    EXPECT_EQ(r, rows.size());
}

TEST(ColumnType, WidthsAndDecimalMapping) {
    EXPECT_EQ(ColumnValueWidth(ColumnType::Bool), 1u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Int16), 2u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Int32), 4u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Int64), 8u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Float32), 4u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Float64), 8u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Decimal16), 2u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Decimal32), 4u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Decimal64), 8u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Decimal128), 16u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Varchar), 16u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Date), 4u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::Timestamp), 8u);
    EXPECT_EQ(ColumnValueWidth(ColumnType::TimestampTz), 8u);
    for (int p = 1; p <= 38; p++) {
        ColumnType expect = p <= 4 ? ColumnType::Decimal16
                            : p <= 9 ? ColumnType::Decimal32
                            : p <= 18 ? ColumnType::Decimal64
                                      : ColumnType::Decimal128;
        EXPECT_EQ(DecimalTypeForPrecision(p), expect) << p;
    }
    EXPECT_FALSE(IsValidColumnType(0));
    for (uint8_t t = 1; t <= 14; t++)
        EXPECT_TRUE(IsValidColumnType(t)) << int(t);
    EXPECT_FALSE(IsValidColumnType(15));
    EXPECT_FALSE(IsValidColumnType(255));
    EXPECT_STREQ(ColumnTypeName(ColumnType::Varchar), "varchar");
    EXPECT_STREQ(ColumnTypeName(static_cast<ColumnType>(99)), "invalid");
}
