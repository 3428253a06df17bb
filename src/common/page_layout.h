/*
 * page_layout.h — Arrow-layout column pages in shared memory.
 *
 * A page is one contiguous block of page_size bytes:
 *
 *   PageHeader | ColumnSlot[column_count] | per column: validity bitmap, values | string heap
 *
 * - Row capacity is fixed when the page is begun and never exceeds kMaxPageRows (the engine's
 *   vector size), so one page maps onto one engine chunk.
 * - Validity: one bit per row, LSB first, 1 = valid (Arrow and DuckDB agree). The bitmap is
 *   padded to whole 64-bit words.
 * - Varchar values are 16-byte string views: {uint32 length; 12 bytes inline} when
 *   length <= 12, else {uint32 length; 4-byte prefix; uint32 reserved; uint32 heap_offset}
 *   where heap_offset counts from the start of the page. The inline form is byte-identical
 *   to DuckDB's string_t; the engine rewrites the long form into string_t in place.
 * - Offsets are relative to the page start, so a page means the same in every process.
 *
 * PageWriter fills a page a row at a time; a row that does not fit (row capacity or heap
 * space) is abandoned and retried on a fresh page. Knows neither PostgreSQL nor DuckDB.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "common/column_type.h"

namespace pgf {

constexpr uint32_t kPageMagic = 0x50474650; /* "PGFP" */
constexpr uint32_t kMaxPageRows = 2048;

struct ColumnSlot {
    uint8_t type;      /* ColumnType */
    uint8_t has_nulls; /* 1 if any validity bit is 0 */
    uint16_t reserved;
    uint32_t validity_offset;
    uint32_t values_offset;
};

struct PageHeader {
    uint32_t magic;
    uint32_t page_size;
    uint32_t row_count;
    uint32_t row_capacity;
    uint16_t column_count;
    uint16_t reserved;
    uint32_t heap_begin; /* first heap byte */
    uint32_t heap_used;  /* heap bytes in use, from heap_begin up */
    uint32_t reserved2;
    ColumnSlot columns[1]; /* column_count entries */
};

/* Bytes of header + slots for n columns, rounded up to 64. */
uint32_t PageHeaderBytes(uint16_t column_count);

/* Rows a page of page_size bytes holds for these columns (0 if not even one row fits). */
uint32_t PageRowCapacity(uint32_t page_size, const ColumnType* types, uint16_t column_count);

/* The bytes of the string view at view (inline, or in the heap of page) and their length. */
inline const char* StringViewData(const uint8_t* page, const uint8_t* view, uint32_t* length) {
    std::memcpy(length, view, 4);
    if (*length <= kStringInlineBytes)
        return reinterpret_cast<const char*>(view + 4);
    uint32_t offset;
    std::memcpy(&offset, view + 12, 4);
    return reinterpret_cast<const char*>(page + offset);
}

class PageWriter {
public:
    /* Lays out an empty page. Returns false if not even one row fits. */
    bool Begin(uint8_t* page, uint32_t page_size, const ColumnType* types, uint16_t column_count);

    uint32_t RowCount() const { return header_->row_count; }
    /* Bytes the committed rows occupy: values, validity words and string heap. */
    uint32_t DataBytes() const;
    bool RowsFull() const { return header_->row_count >= header_->row_capacity; }
    uint8_t* Page() const { return page_; }

    /* Values of the row being built go at index RowCount(). */
    template <typename T> void SetValue(uint16_t column, T value) {
        std::memcpy(page_ + header_->columns[column].values_offset +
                        sizeof(T) * static_cast<size_t>(header_->row_count),
                    &value, sizeof(T));
    }
    void SetNull(uint16_t column);
    /* False if the heap has no room: abandon the row and start a new page. Inline: the
     * scan's encoders call it for every string value. */
    bool SetString(uint16_t column, const char* data, uint32_t length) {
        uint8_t view[kStringViewBytes] = {0};
        std::memcpy(view, &length, 4);
        if (length <= kStringInlineBytes) {
            std::memcpy(view + 4, data, length);
        } else {
            if (static_cast<uint64_t>(header_->heap_begin) + header_->heap_used + length > header_->page_size)
                return false;
            uint32_t offset = header_->heap_begin + header_->heap_used;
            std::memcpy(page_ + offset, data, length);
            header_->heap_used += length;
            std::memcpy(view + 4, data, 4);
            std::memcpy(view + 12, &offset, 4);
        }
        std::memcpy(page_ + header_->columns[column].values_offset + kStringViewBytes * header_->row_count, view,
                    kStringViewBytes);
        return true;
    }

    /* The row being built, as its values were set (for checks before it is kept). */
    bool CurrentIsNull(uint16_t column) const {
        const ColumnSlot& slot = header_->columns[column];
        uint32_t row = header_->row_count;
        const auto* bits = reinterpret_cast<const uint64_t*>(page_ + slot.validity_offset);
        return !((bits[row / 64] >> (row % 64)) & 1);
    }
    const uint8_t* CurrentValue(uint16_t column) const {
        const ColumnSlot& slot = header_->columns[column];
        return page_ + slot.values_offset +
               static_cast<size_t>(ColumnValueWidth(static_cast<ColumnType>(slot.type))) * header_->row_count;
    }
    const char* CurrentString(uint16_t column, uint32_t* length) const {
        return StringViewData(page_, CurrentValue(column), length);
    }

    /* Keeps the row being built. */
    void CommitRow() { header_->row_count++; row_heap_mark_ = header_->heap_used; }
    /* Forgets the row being built: its validity bits and heap bytes. */
    void AbandonRow();

private:
    uint8_t* page_ = nullptr;
    PageHeader* header_ = nullptr;
    uint32_t row_heap_mark_ = 0;
};

/* Read access to a finished page. */
class PageView {
public:
    explicit PageView(const uint8_t* page) : page_(page), header_(reinterpret_cast<const PageHeader*>(page)) {}

    bool Valid() const { return header_->magic == kPageMagic; }
    uint32_t RowCount() const { return header_->row_count; }
    uint16_t ColumnCount() const { return header_->column_count; }
    ColumnType Type(uint16_t column) const { return static_cast<ColumnType>(header_->columns[column].type); }
    bool HasNulls(uint16_t column) const { return header_->columns[column].has_nulls != 0; }
    const uint64_t* Validity(uint16_t column) const {
        return reinterpret_cast<const uint64_t*>(page_ + header_->columns[column].validity_offset);
    }
    bool IsNull(uint16_t column, uint32_t row) const {
        return HasNulls(column) && !((Validity(column)[row / 64] >> (row % 64)) & 1);
    }
    const uint8_t* Values(uint16_t column) const { return page_ + header_->columns[column].values_offset; }
    template <typename T> T Value(uint16_t column, uint32_t row) const {
        T v;
        std::memcpy(&v, Values(column) + sizeof(T) * static_cast<size_t>(row), sizeof(T));
        return v;
    }
    /* Bytes of a Varchar value (inline or in the heap). */
    const char* StringData(uint16_t column, uint32_t row, uint32_t* length) const;
    const uint8_t* Page() const { return page_; }

private:
    const uint8_t* page_;
    const PageHeader* header_;
};

} // namespace pgf
