/* Unit tests for src/common/protocol: every message round-trips; malformed input is rejected. */
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/byte_ring.h"
#include "common/protocol.h"

using namespace pgf;

namespace {

bool SameColumns(const std::vector<ColumnSpec>& a, const std::vector<ColumnSpec>& b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); i++)
        if (a[i].type != b[i].type || a[i].precision != b[i].precision || a[i].scale != b[i].scale)
            return false;
    return true;
}

/* A column without a distinct-values estimate travels as 0. */
uint64_t DistinctOf(const ScanSchema& scan, size_t column) {
    return column < scan.distinct_values.size() ? scan.distinct_values[column] : 0;
}

bool SameDistinct(const ScanSchema& a, const ScanSchema& b) {
    for (size_t c = 0; c < a.columns.size(); c++)
        if (DistinctOf(a, c) != DistinctOf(b, c))
            return false;
    return true;
}

bool Same(const ExecuteMessage& a, const ExecuteMessage& b) {
    if (a.query_id != b.query_id || a.sql != b.sql || a.time_zone != b.time_zone ||
        !SameColumns(a.result_columns, b.result_columns) || a.scans.size() != b.scans.size() ||
        a.profile != b.profile || a.join_key_list_limit != b.join_key_list_limit ||
        a.join_key_filters != b.join_key_filters)
        return false;
    for (size_t i = 0; i < a.scans.size(); i++)
        if (!SameColumns(a.scans[i].columns, b.scans[i].columns) ||
            a.scans[i].estimated_rows != b.scans[i].estimated_rows ||
            !SameDistinct(a.scans[i], b.scans[i]) || a.scans[i].producers != b.scans[i].producers)
            return false;
    return true;
}

bool Same(const OpenScanMessage& a, const OpenScanMessage& b) {
    if (a.query_id != b.query_id || a.scan != b.scan || a.filters.size() != b.filters.size() ||
        a.late != b.late || a.awaits_filters != b.awaits_filters)
        return false;
    for (size_t i = 0; i < a.filters.size(); i++)
        if (a.filters[i].column != b.filters[i].column || a.filters[i].op != b.filters[i].op ||
            a.filters[i].values != b.filters[i].values)
            return false;
    return true;
}

ExecuteMessage SampleExecute() {
    ExecuteMessage m;
    m.query_id = 0x0123456789ABCDEFULL;
    m.sql = "SELECT a, sum(b) FROM pg_scan(0) GROUP BY a ORDER BY a NULLS LAST";
    m.time_zone = "Europe/Amsterdam";
    m.result_columns = {{ColumnType::Int32, 0, 0}, {ColumnType::Decimal128, 38, 10}, {ColumnType::Varchar, 0, 0}};
    m.scans.resize(3);
    m.scans[0].columns = {{ColumnType::Int32, 0, 0}, {ColumnType::Decimal64, 12, 2}};
    m.scans[0].estimated_rows = 6001215;
    m.scans[0].distinct_values = {1500000, 0};
    m.scans[0].producers = 3;
    m.profile = true;
    m.join_key_list_limit = 60000;
    m.join_key_filters = true;
    /* scans[1] has no columns (count(*) over a table) */
    m.scans[2].columns = {{ColumnType::TimestampTz, 0, 0}, {ColumnType::Bool, 0, 0}, {ColumnType::Date, 0, 0}};
    m.scans[2].distinct_values = {0, 2, 2556};
    return m;
}

OpenScanMessage SampleOpenScan() {
    OpenScanMessage m;
    m.query_id = 77;
    m.scan = 3;
    m.awaits_filters = true;
    m.late = true;
    int32_t five = 5;
    m.filters.push_back({0, FilterOp::Equal, {std::string(reinterpret_cast<char*>(&five), 4)}});
    m.filters.push_back({1, FilterOp::In, {"abc", "", std::string(100000, 'q'), std::string("\0\1", 2)}});
    m.filters.push_back({2, FilterOp::IsNull, {}});
    m.filters.push_back({65535, FilterOp::IsNotNull, {}});
    m.filters.push_back({4, FilterOp::Less, {"x"}});
    m.filters.push_back({4, FilterOp::LessEqual, {"y"}});
    m.filters.push_back({4, FilterOp::Greater, {"z"}});
    m.filters.push_back({4, FilterOp::GreaterEqual, {"w"}});
    /* one width: encoded without lengths */
    m.filters.push_back({5, FilterOp::In, {std::string("\0\0\0\1", 4), std::string("\xff\0\0\0", 4), "abcd"}});
    m.filters.push_back({6, FilterOp::In, {std::string(16, 'x'), std::string(16, '\0')}});
    return m;
}

/* Every encoded sample with the name of its type, for the generic malformed-input tests. */
struct Encoded {
    MessageType type;
    std::string bytes;
    std::function<bool(const std::string&)> decode;
};

std::vector<Encoded> AllSamples() {
    std::vector<Encoded> all;
    all.push_back({MessageType::Execute, Encode(SampleExecute()),
                   [](const std::string& b) { ExecuteMessage m; return Decode(b, &m); }});
    all.push_back({MessageType::ScanPage, Encode(ScanPageMessage{9, 2, PageRef{5, 6}, 2048}),
                   [](const std::string& b) { ScanPageMessage m; return Decode(b, &m); }});
    all.push_back({MessageType::ScanEnd, Encode(ScanEndMessage{9, 2, 5}),
                   [](const std::string& b) { ScanEndMessage m; return Decode(b, &m); }});
    all.push_back({MessageType::Cancel, Encode(CancelMessage{9}),
                   [](const std::string& b) { CancelMessage m; return Decode(b, &m); }});
    all.push_back({MessageType::OpenScan, Encode(SampleOpenScan()),
                   [](const std::string& b) { OpenScanMessage m; return Decode(b, &m); }});
    all.push_back({MessageType::ResultPage, Encode(ResultPageMessage{9, PageRef{1, 2}, 3}),
                   [](const std::string& b) { ResultPageMessage m; return Decode(b, &m); }});
    all.push_back({MessageType::QueryDone, Encode(QueryDoneMessage{9, 123456789012ULL}),
                   [](const std::string& b) { QueryDoneMessage m; return Decode(b, &m); }});
    all.push_back({MessageType::QueryError, Encode(QueryErrorMessage{9, "22012", "division by zero"}),
                   [](const std::string& b) { QueryErrorMessage m; return Decode(b, &m); }});
    return all;
}

} // namespace

TEST(Protocol, ExecuteRoundTrip) {
    ExecuteMessage in = SampleExecute();
    std::string bytes = Encode(in);
    MessageType t;
    ASSERT_TRUE(PeekType(bytes, &t));
    EXPECT_EQ(t, MessageType::Execute);
    ExecuteMessage out;
    ASSERT_TRUE(Decode(bytes, &out));
    EXPECT_TRUE(Same(in, out));
}

TEST(Protocol, ExecuteEmptyAndLargeStrings) {
    ExecuteMessage in;
    in.query_id = 0;
    in.sql = "";
    in.time_zone = "";
    ExecuteMessage out = SampleExecute(); /* decoding replaces previous content */
    ASSERT_TRUE(Decode(Encode(in), &out));
    EXPECT_TRUE(Same(in, out));
    EXPECT_TRUE(out.scans.empty());
    EXPECT_TRUE(out.result_columns.empty());

    in.query_id = ~uint64_t{0};
    in.sql = std::string(1 << 20, 'S') + "\xe2\x82\xac" + std::string(1, '\0') + "'; DROP TABLE x; --";
    in.time_zone = "America/Argentina/ComodRivadavia";
    for (int i = 0; i < 1000; i++)
        in.result_columns.push_back({static_cast<ColumnType>(1 + i % 14), static_cast<uint8_t>(i % 39),
                                     static_cast<uint8_t>(i % 11)});
    in.scans.resize(64);
    for (size_t s = 0; s < in.scans.size(); s++)
        in.scans[s].columns.assign(s, ColumnSpec{ColumnType::Varchar, 0, 0});
    ASSERT_TRUE(Decode(Encode(in), &out));
    EXPECT_TRUE(Same(in, out));
}

TEST(Protocol, FixedMessagesRoundTrip) {
    {
        ScanPageMessage in{~uint64_t{0} - 1, 65535, PageRef{0xFFFFFFFEu, 0xFFFFFFFFu}, 2048}, out;
        ASSERT_TRUE(Decode(Encode(in), &out));
        EXPECT_EQ(out.query_id, in.query_id);
        EXPECT_EQ(out.scan, in.scan);
        EXPECT_EQ(out.page.index, in.page.index);
        EXPECT_EQ(out.page.sequence, in.page.sequence);
        EXPECT_EQ(out.rows, in.rows);
    }
    {
        ScanEndMessage in{42, 7, 0xFFFFFFF0u}, out;
        ASSERT_TRUE(Decode(Encode(in), &out));
        EXPECT_EQ(out.query_id, 42u);
        EXPECT_EQ(out.scan, 7);
        EXPECT_EQ(out.pages, 0xFFFFFFF0u);
    }
    {
        CancelMessage in{1ULL << 63}, out;
        ASSERT_TRUE(Decode(Encode(in), &out));
        EXPECT_EQ(out.query_id, 1ULL << 63);
    }
    {
        ResultPageMessage in{5, PageRef{12, 34}, 0}, out;
        ASSERT_TRUE(Decode(Encode(in), &out));
        EXPECT_EQ(out.query_id, 5u);
        EXPECT_EQ(out.page.index, 12u);
        EXPECT_EQ(out.page.sequence, 34u);
        EXPECT_EQ(out.rows, 0u);
    }
    {
        QueryDoneMessage in{6, 0}, out;
        ASSERT_TRUE(Decode(Encode(in), &out));
        EXPECT_EQ(out.query_id, 6u);
        EXPECT_EQ(out.rows, 0u);
        in.rows = ~uint64_t{0};
        in.engine_us = 123456;
        in.scan_wait_us = ~uint64_t{0} - 7;
        in.profile = "HASH_GROUP_BY rows=4\n  PG_SCAN rows=5916591";
        ASSERT_TRUE(Decode(Encode(in), &out));
        EXPECT_EQ(out.rows, ~uint64_t{0});
        EXPECT_EQ(out.engine_us, 123456u);
        EXPECT_EQ(out.scan_wait_us, ~uint64_t{0} - 7);
        EXPECT_EQ(out.profile, in.profile);
    }
}

TEST(Protocol, QueryErrorRoundTrip) {
    QueryErrorMessage in{3, "XX000", ""}, out;
    ASSERT_TRUE(Decode(Encode(in), &out));
    EXPECT_EQ(out.query_id, 3u);
    EXPECT_EQ(out.sqlstate, "XX000");
    EXPECT_EQ(out.message, "");
    in.sqlstate = "";
    in.message = std::string(60000, 'e') + "\n\xc3\xa9";
    ASSERT_TRUE(Decode(Encode(in), &out));
    EXPECT_EQ(out.sqlstate, "");
    EXPECT_EQ(out.message, in.message);
}

TEST(Protocol, OpenScanRoundTrip) {
    OpenScanMessage in = SampleOpenScan(), out;
    ASSERT_TRUE(Decode(Encode(in), &out));
    EXPECT_TRUE(Same(in, out));
    /* No filters. */
    OpenScanMessage empty;
    empty.query_id = 1;
    empty.scan = 0;
    ASSERT_TRUE(Decode(Encode(empty), &out));
    EXPECT_TRUE(Same(empty, out));
    EXPECT_TRUE(out.filters.empty());
    /* A long IN list (a join's build side). */
    OpenScanMessage big;
    big.query_id = 2;
    big.scan = 63;
    ScanFilter in_list{1, FilterOp::In, {}};
    for (int64_t k = 0; k < 10000; k++)
        in_list.values.push_back(std::string(reinterpret_cast<const char*>(&k), 8));
    big.filters.push_back(in_list);
    ASSERT_TRUE(Decode(Encode(big), &out));
    EXPECT_TRUE(Same(big, out));
    /* Same-width values carry no lengths: 10,000 int64 keys in ~80 kB, not ~120 kB. */
    EXPECT_LT(Encode(big).size(), 10000u * 8 + 64);
}

TEST(Protocol, EncodingIsLittleEndianWithTypePrefix) {
    std::string b = Encode(CancelMessage{0x0102030405060708ULL});
    ASSERT_EQ(b.size(), 10u);
    EXPECT_EQ(static_cast<uint8_t>(b[0]), static_cast<uint8_t>(MessageType::Cancel));
    EXPECT_EQ(static_cast<uint8_t>(b[1]), 0);
    EXPECT_EQ(static_cast<uint8_t>(b[2]), 0x08);
    EXPECT_EQ(static_cast<uint8_t>(b[9]), 0x01);
    EXPECT_EQ(Encode(ScanPageMessage{}).size(), 2u + 8 + 2 + 8 + 4);
    EXPECT_EQ(Encode(QueryErrorMessage{1, "ab", "cde"}).size(), 2u + 8 + 4 + 2 + 4 + 3);
}

TEST(Protocol, PeekType) {
    MessageType t = MessageType::Cancel;
    EXPECT_FALSE(PeekType("", &t));
    EXPECT_FALSE(PeekType(std::string(1, '\x01'), &t));
    for (const Encoded& e : AllSamples()) {
        ASSERT_TRUE(PeekType(e.bytes, &t));
        EXPECT_EQ(t, e.type);
    }
}

TEST(Protocol, EveryTruncationIsRejected) {
    for (const Encoded& e : AllSamples()) {
        ASSERT_TRUE(e.decode(e.bytes)) << static_cast<int>(e.type);
        /* Every strict prefix (OpenScan's is long: sample the middle). */
        for (size_t len = 0; len < e.bytes.size(); len += (len < 2000 || e.bytes.size() - len < 2000) ? 1 : 997)
            ASSERT_FALSE(e.decode(e.bytes.substr(0, len))) << "type " << static_cast<int>(e.type) << " len " << len;
    }
}

TEST(Protocol, TrailingBytesAreRejected) {
    for (const Encoded& e : AllSamples()) {
        ASSERT_FALSE(e.decode(e.bytes + '\0')) << static_cast<int>(e.type);
        ASSERT_FALSE(e.decode(e.bytes + "garbage")) << static_cast<int>(e.type);
    }
}

TEST(Protocol, WrongTypeIsRejected) {
    std::vector<Encoded> all = AllSamples();
    for (const Encoded& bytes : all) {
        for (const Encoded& decoder : all) {
            if (bytes.type != decoder.type) {
                EXPECT_FALSE(decoder.decode(bytes.bytes))
                    << "bytes of type " << static_cast<int>(bytes.type) << " decoded as "
                    << static_cast<int>(decoder.type);
            }
        }
    }
    /* Same length and payload shape, unknown type word. */
    std::string b = Encode(CancelMessage{1});
    b[0] = 0x55;
    CancelMessage c;
    EXPECT_FALSE(Decode(b, &c));
    /* ScanEnd and Cancel bodies differ only in length: the type decides. */
    std::string s = Encode(ScanEndMessage{1, 2});
    s[0] = static_cast<char>(MessageType::Cancel);
    EXPECT_FALSE(Decode(s, &c));
}

TEST(Protocol, MalformedExecuteIsRejected) {
    ExecuteMessage m;
    m.query_id = 1;
    m.sql = "select 1";
    m.result_columns = {{ColumnType::Int32, 0, 0}};
    m.scans.resize(1);
    m.scans[0].columns = {{ColumnType::Varchar, 0, 0}};
    std::string good = Encode(m);
    ExecuteMessage out;
    ASSERT_TRUE(Decode(good, &out));
    /* Layout: type(2) id(8) sql_len(4) sql(8) tz_len(4) ncols(2) col(3) nscans(2) ncols(2) col(3)
     * estimated_rows(8) distinct_values(8 per column) producers(2) profile(1) join_key_list_limit(4)
     * join_key_filters(1). */
    const size_t sql_len_at = 10, tz_len_at = 22, col_type_at = 28, scan_col_type_at = 35, key_filters_at = 61;
    ASSERT_EQ(good.size(), 62u);
    for (uint8_t bad_flag : {2, 255}) {
        std::string b = good;
        b[key_filters_at] = static_cast<char>(bad_flag);
        EXPECT_FALSE(Decode(b, &out)) << int(bad_flag);
    }
    ASSERT_EQ(static_cast<uint8_t>(good[col_type_at]), static_cast<uint8_t>(ColumnType::Int32));
    ASSERT_EQ(static_cast<uint8_t>(good[scan_col_type_at]), static_cast<uint8_t>(ColumnType::Varchar));
    for (uint8_t bad_type : {0, 15, 200, 255}) {
        std::string b = good;
        b[col_type_at] = static_cast<char>(bad_type);
        EXPECT_FALSE(Decode(b, &out)) << int(bad_type);
        b = good;
        b[scan_col_type_at] = static_cast<char>(bad_type);
        EXPECT_FALSE(Decode(b, &out)) << int(bad_type);
    }
    /* String lengths pointing past the end (including ones that would overflow a 32-bit sum). */
    for (uint32_t bad_len : {9u, 1000u, 0x7FFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFF8u}) {
        std::string b = good;
        std::memcpy(&b[sql_len_at], &bad_len, 4);
        EXPECT_FALSE(Decode(b, &out)) << bad_len;
        b = good;
        std::memcpy(&b[tz_len_at], &bad_len, 4);
        EXPECT_FALSE(Decode(b, &out)) << bad_len;
    }
    /* Column and scan counts larger than what follows. */
    {
        std::string b = good;
        uint16_t n = 65535;
        std::memcpy(&b[26], &n, 2);
        EXPECT_FALSE(Decode(b, &out));
        b = good;
        std::memcpy(&b[31], &n, 2);
        EXPECT_FALSE(Decode(b, &out));
        b = good;
        n = 0; /* fewer than what follows: trailing bytes */
        std::memcpy(&b[31], &n, 2);
        EXPECT_FALSE(Decode(b, &out));
    }
}

TEST(Protocol, MalformedOpenScanIsRejected) {
    OpenScanMessage m;
    m.query_id = 1;
    m.scan = 0;
    m.filters.push_back({0, FilterOp::In, {"ab", "c"}});
    std::string good = Encode(m);
    OpenScanMessage out;
    ASSERT_TRUE(Decode(good, &out));
    /* Layout: type(2) id(8) scan(2) nfilters(2) column(2) op(1) nvalues(4) width(1, 0: values of
     * their own length) len(4) "ab" len(4) "c" flags(1: late, awaits_filters). */
    const size_t op_at = 16, nvalues_at = 17, width_at = 21, first_len_at = 22, flags_at = 33;
    ASSERT_EQ(good.size(), 34u);
    for (uint8_t bad_flags : {4, 128, 255}) {
        std::string b = good;
        b[flags_at] = static_cast<char>(bad_flags);
        EXPECT_FALSE(Decode(b, &out)) << int(bad_flags);
    }
    ASSERT_EQ(good[width_at], 0);
    for (uint8_t bad_width : {1, 2, 16, 255}) {
        std::string b = good;
        b[width_at] = static_cast<char>(bad_width); /* the rest no longer adds up */
        EXPECT_FALSE(Decode(b, &out)) << int(bad_width);
    }
    ASSERT_EQ(static_cast<uint8_t>(good[op_at]), static_cast<uint8_t>(FilterOp::In));
    for (uint8_t bad_op : {0, 10, 100, 255}) { /* 9 is KeyBloom */
        std::string b = good;
        b[op_at] = static_cast<char>(bad_op);
        EXPECT_FALSE(Decode(b, &out)) << int(bad_op);
    }
    for (uint8_t op = 1; op <= 8; op++) {
        std::string b = good;
        b[op_at] = static_cast<char>(op);
        EXPECT_TRUE(Decode(b, &out)) << int(op);
        EXPECT_EQ(static_cast<uint8_t>(out.filters[0].op), op);
    }
    /* A value count far beyond the message must fail without allocating billions of strings. */
    for (uint32_t bad_count : {3u, 1000u, 0xFFFFFFFFu}) {
        std::string b = good;
        std::memcpy(&b[nvalues_at], &bad_count, 4);
        EXPECT_FALSE(Decode(b, &out)) << bad_count;
    }
    {
        std::string b = good;
        uint32_t one = 1; /* fewer values than bytes: trailing data */
        std::memcpy(&b[nvalues_at], &one, 4);
        EXPECT_FALSE(Decode(b, &out));
    }
    for (uint32_t bad_len : {3u, 13u, 0xFFFFFFFFu}) {
        std::string b = good;
        std::memcpy(&b[first_len_at], &bad_len, 4);
        EXPECT_FALSE(Decode(b, &out)) << bad_len;
    }
    {
        std::string b = good;
        uint16_t n = 2; /* more filters than present */
        std::memcpy(&b[12], &n, 2);
        EXPECT_FALSE(Decode(b, &out));
    }
}

TEST(Protocol, RandomCorruptionNeverCrashes) {
    /* Flipping bytes may yield another valid message, but decoding must stay in bounds. */
    uint64_t x = 88172645463325252ULL;
    for (const Encoded& e : AllSamples()) {
        if (e.bytes.size() > 5000)
            continue;
        for (int trial = 0; trial < 2000; trial++) {
            std::string b = e.bytes;
            for (int k = 0; k < 3; k++) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b[x % b.size()] = static_cast<char>(x >> 40);
            }
            (void)e.decode(b);
        }
    }
    SUCCEED();
}

/* An OpenScan with a key list longer than one ring message: split, read back through a ring
 * of the real size, reassembled into the same message. */
TEST(Protocol, LongMessageTravelsInParts) {
    OpenScanMessage open;
    open.query_id = 42;
    open.scan = 3;
    ScanFilter keys{1, FilterOp::In, {}};
    for (int32_t k = 0; k < 100000; k++)
        keys.values.push_back(std::string(reinterpret_cast<const char*>(&k), sizeof(k)));
    open.filters.push_back(keys);
    std::string whole = Encode(open);
    ASSERT_GT(whole.size(), ByteRing::MaxMessage());
    std::vector<std::string> parts = SplitMessage(whole, ByteRing::MaxMessage());
    ASSERT_GE(parts.size(), 7u);
    auto ring = std::make_unique<ByteRing>();
    ring->Reset();
    MessageAssembler assembler;
    std::string read;
    int whole_messages = 0;
    for (const std::string& part : parts) {
        ASSERT_LE(part.size(), ByteRing::MaxMessage());
        ASSERT_TRUE(ring->TryWrite(part));
        ASSERT_TRUE(ring->TryRead(&read));
        if (assembler.Take(&read)) {
            whole_messages++;
            EXPECT_EQ(read, whole);
        }
    }
    EXPECT_EQ(whole_messages, 1);
    OpenScanMessage decoded;
    ASSERT_TRUE(Decode(read, &decoded));
    EXPECT_EQ(decoded.filters[0].values.size(), 100000u);
}

/* A sequence a cancelled writer left unfinished never prefixes the next message. */
TEST(Protocol, UnfinishedPartsAreDropped) {
    std::string first(200000, 'a'), second = Encode(CancelMessage{7});
    std::vector<std::string> parts = SplitMessage(first, ByteRing::MaxMessage());
    MessageAssembler assembler;
    std::string message = parts[0];
    EXPECT_FALSE(assembler.Take(&message));
    message = second;
    ASSERT_TRUE(assembler.Take(&message));
    EXPECT_EQ(message, second);
    /* the rest of the broken sequence is not a message */
    for (size_t i = 1; i < parts.size(); i++) {
        message = parts[i];
        EXPECT_FALSE(assembler.Take(&message));
    }
    /* a new sequence starts clean after a first part of an unfinished one */
    std::vector<std::string> again = SplitMessage(second + std::string(100000, 'b'), ByteRing::MaxMessage());
    message = parts[0];
    EXPECT_FALSE(assembler.Take(&message));
    bool done = false;
    for (const std::string& part : again) {
        message = part;
        done = assembler.Take(&message);
    }
    ASSERT_TRUE(done);
    EXPECT_EQ(message, second + std::string(100000, 'b'));
    /* a malformed part is dropped */
    message = std::string("\xc8\x00", 2);
    EXPECT_FALSE(assembler.Take(&message));
}

/* Filters are optional: an OpenScan too long for its channel loses its key lists and key
 * filters, then all. */
TEST(Protocol, EncodeWithinDropsFiltersToFit) {
    OpenScanMessage open;
    open.query_id = 5;
    open.scan = 1;
    int32_t seven = 7;
    open.filters.push_back({0, FilterOp::GreaterEqual, {std::string(reinterpret_cast<char*>(&seven), 4)}});
    ScanFilter keys{0, FilterOp::In, {}};
    for (int32_t k = 0; k < 1000; k++)
        keys.values.push_back(std::string(reinterpret_cast<const char*>(&k), sizeof(k)));
    open.filters.push_back(keys);
    open.filters.push_back({0, FilterOp::KeyBloom, {std::string(4096, '\x55')}});
    OpenScanMessage out;
    ASSERT_TRUE(Decode(EncodeWithin(open, 1 << 20), &out));
    EXPECT_EQ(out.filters.size(), 3u);
    EXPECT_EQ(out.filters[2].op, FilterOp::KeyBloom);
    EXPECT_EQ(out.filters[2].values, open.filters[2].values);
    ASSERT_TRUE(Decode(EncodeWithin(open, 100), &out));
    ASSERT_EQ(out.filters.size(), 1u);
    EXPECT_EQ(out.filters[0].op, FilterOp::GreaterEqual);
    ASSERT_TRUE(Decode(EncodeWithin(open, 10), &out));
    EXPECT_TRUE(out.filters.empty());
    EXPECT_EQ(out.scan, 1);
}
