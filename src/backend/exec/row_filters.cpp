#include "backend/exec/row_filters.h"

#include <cstring>
#include <string>
#include <vector>

#include "common/key_bloom.h"
#include "common/protocol.h"

#include "backend/guard.h"

namespace pgf {

namespace {

using int128_t = __int128;

bool IsNumeric(ColumnType type) {
    switch (type) {
    case ColumnType::Int16:
    case ColumnType::Int32:
    case ColumnType::Int64:
    case ColumnType::Date:
    case ColumnType::Timestamp:
    case ColumnType::TimestampTz:
    case ColumnType::Decimal16:
    case ColumnType::Decimal32:
    case ColumnType::Decimal64:
    case ColumnType::Decimal128: return true;
    default: return false;
    }
}

int128_t ReadNumber(const uint8_t* value, uint32_t width) {
    switch (width) {
    case 2: { int16_t v; std::memcpy(&v, value, 2); return v; }
    case 4: { int32_t v; std::memcpy(&v, value, 4); return v; }
    case 8: { int64_t v; std::memcpy(&v, value, 8); return v; }
    default: { int128_t v; std::memcpy(&v, value, 16); return v; }
    }
}

uint32_t SlotOf(int64_t key, uint32_t mask) {
    return static_cast<uint32_t>((static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

/* The engine's string order: bytes, then length. */
int CompareBytes(const char* a, uint32_t a_length, const char* b, uint32_t b_length) {
    int c = std::memcmp(a, b, a_length < b_length ? a_length : b_length);
    if (c != 0)
        return c;
    return a_length < b_length ? -1 : a_length > b_length ? 1 : 0;
}

bool Holds(FilterOp op, int comparison) {
    switch (op) {
    case FilterOp::Equal: return comparison == 0;
    case FilterOp::Less: return comparison < 0;
    case FilterOp::LessEqual: return comparison <= 0;
    case FilterOp::Greater: return comparison > 0;
    case FilterOp::GreaterEqual: return comparison >= 0;
    default: return true;
    }
}

} // namespace

struct RowFilter {
    uint16_t column;
    FilterOp op;
    bool numeric;
    uint32_t width; /* of a numeric column's values */
    /* the constant as two halves: palloc'd memory is not aligned for a 128-bit integer */
    int64_t number_high;
    uint64_t number_low;
    char* bytes;
    uint32_t length;
    /* IN over a numeric column of at most 8 bytes: open addressing, used[] marks the slots */
    int64_t* keys;
    bool* used;
    uint32_t mask;
    /* and a Bloom filter in front (key_bloom.h): a row whose key is not in the list, most of
     * them where the list is long enough to matter, is dropped after one read of a table small
     * enough for the cache. KeyBloom: the join's filter alone. */
    uint64_t* bloom;
    uint32_t bloom_mask; /* words - 1 */
};

struct RowFilters {
    int count;
    RowFilter* filters;
    bool* read; /* per column */
};

namespace {

void* Allocate(size_t bytes) {
    return PgCall([&]() { return palloc0(bytes); });
}

/* The checkable form of one forwarded filter; false if it is left to the engine. */
bool Build(const ScanFilter& forwarded, const ColumnType* types, int column_count, RowFilter* out) {
    if (forwarded.column >= column_count)
        return false;
    ColumnType type = types[forwarded.column];
    out->column = forwarded.column;
    out->op = forwarded.op;
    out->numeric = IsNumeric(type);
    out->width = ColumnValueWidth(type);
    if (!out->numeric && type != ColumnType::Varchar)
        return false;
    if (forwarded.op == FilterOp::In) {
        if (!out->numeric || out->width > 8 || forwarded.values.empty())
            return false;
        uint32_t capacity = 4;
        while (capacity < 2 * forwarded.values.size())
            capacity *= 2;
        out->mask = capacity - 1;
        out->keys = static_cast<int64_t*>(Allocate(sizeof(int64_t) * capacity));
        out->used = static_cast<bool*>(Allocate(sizeof(bool) * capacity));
        uint32_t words = KeyBloomWords(forwarded.values.size());
        out->bloom_mask = words - 1;
        out->bloom = static_cast<uint64_t*>(Allocate(sizeof(uint64_t) * words));
        for (const std::string& value : forwarded.values) {
            if (value.size() != out->width)
                return false;
            auto key = static_cast<int64_t>(ReadNumber(reinterpret_cast<const uint8_t*>(value.data()), out->width));
            uint32_t slot = SlotOf(key, out->mask);
            while (out->used[slot] && out->keys[slot] != key)
                slot = (slot + 1) & out->mask;
            out->used[slot] = true;
            out->keys[slot] = key;
            uint64_t hash = KeyBloomHash(key);
            out->bloom[hash & out->bloom_mask] |= KeyBloomBits(hash);
        }
        return true;
    }
    if (forwarded.op == FilterOp::KeyBloom) {
        /* words: a power of two of them, as the engine built it */
        size_t bytes = forwarded.values.empty() ? 0 : forwarded.values[0].size();
        size_t words = bytes / sizeof(uint64_t);
        if ((out->numeric && out->width > 8) || words == 0 || bytes % sizeof(uint64_t) != 0 ||
            (words & (words - 1)) != 0 || words > (size_t{1} << 30))
            return false;
        out->bloom_mask = static_cast<uint32_t>(words - 1);
        out->bloom = static_cast<uint64_t*>(Allocate(bytes));
        std::memcpy(out->bloom, forwarded.values[0].data(), bytes);
        return true;
    }
    if (forwarded.op == FilterOp::IsNull || forwarded.op == FilterOp::IsNotNull || forwarded.values.size() != 1)
        return false;
    const std::string& value = forwarded.values[0];
    if (out->numeric) {
        if (value.size() != out->width)
            return false;
        int128_t number = ReadNumber(reinterpret_cast<const uint8_t*>(value.data()), out->width);
        out->number_high = static_cast<int64_t>(number >> 64);
        out->number_low = static_cast<uint64_t>(number);
    } else {
        out->length = static_cast<uint32_t>(value.size());
        out->bytes = static_cast<char*>(Allocate(value.size() + 1));
        std::memcpy(out->bytes, value.data(), value.size());
    }
    return true;
}

bool Passes(const RowFilter& filter, const PageWriter& row) {
    if (row.CurrentIsNull(filter.column))
        return false;
    if (!filter.numeric) {
        uint32_t length;
        const char* data = row.CurrentString(filter.column, &length);
        if (filter.op == FilterOp::KeyBloom)
            return KeyBloomMayContain(filter.bloom, filter.bloom_mask, KeyBloomStringKey(data, length));
        return Holds(filter.op, CompareBytes(data, length, filter.bytes, filter.length));
    }
    int128_t value = ReadNumber(row.CurrentValue(filter.column), filter.width);
    if (filter.op == FilterOp::KeyBloom)
        return KeyBloomMayContain(filter.bloom, filter.bloom_mask, static_cast<int64_t>(value));
    if (filter.op == FilterOp::In) {
        auto key = static_cast<int64_t>(value);
        if (!KeyBloomMayContain(filter.bloom, filter.bloom_mask, key))
            return false;
        for (uint32_t slot = SlotOf(key, filter.mask); filter.used[slot]; slot = (slot + 1) & filter.mask)
            if (filter.keys[slot] == key)
                return true;
        return false;
    }
    int128_t number = (static_cast<int128_t>(filter.number_high) << 64) | static_cast<int128_t>(filter.number_low);
    return Holds(filter.op, value < number ? -1 : value > number ? 1 : 0);
}

} // namespace

RowFilters* RowFiltersBuild(const char* open_message, uint32_t length, const ColumnType* types, int column_count) {
    OpenScanMessage open;
    if (!Decode(std::string(open_message, length), &open) || open.filters.empty())
        return nullptr;
    auto* filters = static_cast<RowFilters*>(Allocate(sizeof(RowFilters)));
    filters->filters = static_cast<RowFilter*>(Allocate(sizeof(RowFilter) * open.filters.size()));
    filters->read = static_cast<bool*>(Allocate(sizeof(bool) * (column_count + 1)));
    for (const ScanFilter& forwarded : open.filters) {
        RowFilter* filter = &filters->filters[filters->count];
        if (Build(forwarded, types, column_count, filter)) {
            filters->read[filter->column] = true;
            filters->count++;
        } else {
            memset(static_cast<void*>(filter), 0, sizeof(RowFilter));
        }
    }
    return filters->count > 0 ? filters : nullptr;
}

bool RowFiltersRead(const RowFilters* filters, int column) { return filters->read[column]; }

bool RowFiltersPass(const RowFilters* filters, const PageWriter& row) {
    for (int i = 0; i < filters->count; i++)
        if (!Passes(filters->filters[i], row))
            return false;
    return true;
}

} // namespace pgf
