#include "common/page_layout.h"

namespace pgf {

namespace {

constexpr uint32_t kAlign = 64;

uint32_t AlignUp(uint32_t v) { return (v + kAlign - 1) & ~(kAlign - 1); }

uint32_t ValidityBytes(uint32_t rows) { return ((rows + 63) / 64) * 8; }

/* Bytes of the fixed part (slots, bitmaps, values) for a given capacity. */
uint64_t FixedBytes(uint32_t rows, const ColumnType* types, uint16_t n) {
    uint64_t total = PageHeaderBytes(n);
    for (uint16_t i = 0; i < n; i++) {
        total += AlignUp(ValidityBytes(rows));
        total += AlignUp(ColumnValueWidth(types[i]) * rows);
    }
    return total;
}

bool HasVarchar(const ColumnType* types, uint16_t n) {
    for (uint16_t i = 0; i < n; i++)
        if (types[i] == ColumnType::Varchar)
            return true;
    return false;
}

} // namespace

uint32_t PageHeaderBytes(uint16_t column_count) {
    return AlignUp(static_cast<uint32_t>(offsetof(PageHeader, columns) + sizeof(ColumnSlot) * column_count));
}

uint32_t PageRowCapacity(uint32_t page_size, const ColumnType* types, uint16_t column_count) {
    /* With strings, leave at least half the page to the heap. */
    uint64_t budget = HasVarchar(types, column_count) ? page_size / 2 : page_size;
    uint32_t lo = 0, hi = kMaxPageRows;
    while (lo < hi) {
        uint32_t mid = (lo + hi + 1) / 2;
        if (FixedBytes(mid, types, column_count) <= budget)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

bool PageWriter::Begin(uint8_t* page, uint32_t page_size, const ColumnType* types, uint16_t column_count) {
    uint32_t capacity = PageRowCapacity(page_size, types, column_count);
    if (capacity == 0)
        return false;
    page_ = page;
    header_ = reinterpret_cast<PageHeader*>(page);
    header_->magic = kPageMagic;
    header_->page_size = page_size;
    header_->row_count = 0;
    header_->row_capacity = capacity;
    header_->column_count = column_count;
    header_->reserved = 0;
    header_->reserved2 = 0;
    uint32_t offset = PageHeaderBytes(column_count);
    for (uint16_t i = 0; i < column_count; i++) {
        ColumnSlot& slot = header_->columns[i];
        slot.type = static_cast<uint8_t>(types[i]);
        slot.has_nulls = 0;
        slot.reserved = 0;
        slot.validity_offset = offset;
        std::memset(page + offset, 0xFF, ValidityBytes(capacity));
        offset += AlignUp(ValidityBytes(capacity));
        slot.values_offset = offset;
        offset += AlignUp(ColumnValueWidth(types[i]) * capacity);
    }
    header_->heap_begin = offset;
    header_->heap_used = 0;
    row_heap_mark_ = 0;
    return true;
}

void PageWriter::SetNull(uint16_t column) {
    ColumnSlot& slot = header_->columns[column];
    uint32_t row = header_->row_count;
    auto* bits = reinterpret_cast<uint64_t*>(page_ + slot.validity_offset);
    bits[row / 64] &= ~(uint64_t{1} << (row % 64));
    slot.has_nulls = 1;
    std::memset(page_ + slot.values_offset + ColumnValueWidth(static_cast<ColumnType>(slot.type)) * row, 0,
                ColumnValueWidth(static_cast<ColumnType>(slot.type)));
}

uint32_t PageWriter::DataBytes() const {
    uint32_t rows = header_->row_count;
    uint32_t bytes = header_->heap_used;
    for (uint16_t c = 0; c < header_->column_count; c++)
        bytes += ColumnValueWidth(static_cast<ColumnType>(header_->columns[c].type)) * rows + (rows + 63) / 64 * 8;
    return bytes;
}

void PageWriter::AbandonRow() {
    uint32_t row = header_->row_count;
    for (uint16_t i = 0; i < header_->column_count; i++) {
        auto* bits = reinterpret_cast<uint64_t*>(page_ + header_->columns[i].validity_offset);
        bits[row / 64] |= uint64_t{1} << (row % 64);
    }
    header_->heap_used = row_heap_mark_;
}

const char* PageView::StringData(uint16_t column, uint32_t row, uint32_t* length) const {
    return StringViewData(page_, Values(column) + kStringViewBytes * static_cast<size_t>(row), length);
}

} // namespace pgf
