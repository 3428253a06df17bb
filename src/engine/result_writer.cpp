/*
 * result_writer.cpp — DuckDB result chunks to result pages (see result_writer.hpp).
 */
#include "result_writer.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "duckdb.hpp"

#include "common/protocol.h"

#include "engine_error.hpp"
#include "query_context.hpp"

namespace pgf {

namespace {

/* How often a writer waiting for a free page or result quota looks again. */
constexpr auto kPageWaitSleep = std::chrono::microseconds(200);

/* Every fixed-width engine value has the page representation already (column_type.h);
 * DuckDB's bool is one byte 0/1 and hugeint_t is {lower, upper}, as in the page. */
template <typename T>
bool WriteFixed(PageWriter& writer, uint16_t column, const duckdb::UnifiedVectorFormat& format, uint64_t index) {
    writer.SetValue<T>(column, duckdb::UnifiedVectorFormat::GetData<T>(format)[index]);
    return true;
}

bool WriteString(PageWriter& writer, uint16_t column, const duckdb::UnifiedVectorFormat& format, uint64_t index) {
    const duckdb::string_t& value = duckdb::UnifiedVectorFormat::GetData<duckdb::string_t>(format)[index];
    return writer.SetString(column, value.GetData(), static_cast<uint32_t>(value.GetSize()));
}

ResultWriter::CellWriter WriterFor(ColumnType type) {
    switch (type) {
    case ColumnType::Bool: return WriteFixed<bool>;
    case ColumnType::Int16:
    case ColumnType::Decimal16: return WriteFixed<int16_t>;
    case ColumnType::Int32:
    case ColumnType::Decimal32:
    case ColumnType::Date: return WriteFixed<int32_t>;
    case ColumnType::Int64:
    case ColumnType::Decimal64:
    case ColumnType::Timestamp:
    case ColumnType::TimestampTz: return WriteFixed<int64_t>;
    case ColumnType::Float32: return WriteFixed<float>;
    case ColumnType::Float64: return WriteFixed<double>;
    case ColumnType::Decimal128: return WriteFixed<duckdb::hugeint_t>;
    case ColumnType::Varchar: return WriteString;
    }
    throw EngineError("XX000", "pg_fusion internal: unknown result column type");
}

} // namespace

ResultWriter::ResultWriter(QueryContext* query) : query_(query) {
    for (const ColumnSpec& spec : query->Execute().result_columns) {
        types_.push_back(spec.type);
        writers_.push_back(WriterFor(spec.type));
    }
}

ResultWriter::~ResultWriter() {
    if (has_page_)
        query_->Shared().Pool().Release(page_, kWorkerOwner);
}

void ResultWriter::Append(duckdb::DataChunk& chunk) {
    std::vector<duckdb::UnifiedVectorFormat> formats(types_.size());
    for (size_t c = 0; c < types_.size(); c++)
        chunk.data[c].ToUnifiedFormat(chunk.size(), formats[c]);
    for (idx_t row = 0; row < chunk.size(); row++) {
        if (!has_page_)
            StartPage();
        if (!AppendRow(formats, row)) {
            if (writer_.RowCount() == 0)
                RowTooLarge(formats, row);
            SendPage();
            StartPage();
            if (!AppendRow(formats, row))
                RowTooLarge(formats, row);
        }
        if (writer_.RowsFull())
            SendPage();
    }
}

void ResultWriter::Finish() {
    if (has_page_ && writer_.RowCount() > 0)
        SendPage();
}

bool ResultWriter::AppendRow(const std::vector<duckdb::UnifiedVectorFormat>& formats, uint64_t row) {
    const uint16_t columns = static_cast<uint16_t>(types_.size());
    for (uint16_t c = 0; c < columns; c++) {
        const duckdb::UnifiedVectorFormat& format = formats[c];
        idx_t index = format.sel->get_index(row);
        if (!format.validity.RowIsValid(index)) {
            writer_.SetNull(c);
        } else if (!writers_[c](writer_, c, format, index)) {
            writer_.AbandonRow();
            return false;
        }
    }
    writer_.CommitRow();
    return true;
}

/* The row did not fit in an empty page: name its largest value, the thing the user can change. */
void ResultWriter::RowTooLarge(const std::vector<duckdb::UnifiedVectorFormat>& formats, uint64_t row) const {
    uint64_t largest = 0;
    for (size_t c = 0; c < types_.size(); c++) {
        idx_t index = formats[c].sel->get_index(row);
        if (types_[c] == ColumnType::Varchar && formats[c].validity.RowIsValid(index))
            largest = std::max<uint64_t>(largest,
                                         duckdb::UnifiedVectorFormat::GetData<duckdb::string_t>(formats[c])[index].GetSize());
    }
    throw EngineError("54000", "pg_fusion: result value of " + std::to_string(largest) +
                                   " bytes does not fit in pg_fusion.page_size");
}

void ResultWriter::StartPage() {
    EngineShared& shared = query_->Shared();
    SessionSlot* slot = shared.Region().Session(query_->Session());
    for (;;) {
        if (query_->ShouldStop())
            throw duckdb::InterruptException();
        if (slot->result_pages_in_flight.load() < kResultPagesInFlight && shared.Pool().Allocate(kWorkerOwner, &page_))
            break;
        std::this_thread::sleep_for(kPageWaitSleep);
    }
    has_page_ = true;
    if (!writer_.Begin(shared.Pool().Data(page_.index), shared.Pool().PageSize(), types_.data(),
                       static_cast<uint16_t>(types_.size())))
        throw EngineError("54000", "pg_fusion: a result row of " + std::to_string(types_.size()) +
                                       " columns does not fit in pg_fusion.page_size");
}

void ResultWriter::SendPage() {
    EngineShared& shared = query_->Shared();
    SessionSlot* slot = shared.Region().Session(query_->Session());
    uint32_t owner = SessionOwner(query_->Session());
    ResultPageMessage message;
    message.query_id = query_->Id();
    message.page = page_;
    message.rows = writer_.RowCount();
    slot->result_pages_in_flight.fetch_add(1);
    has_page_ = false;
    if (!shared.Pool().Transfer(page_, kWorkerOwner, owner)) {
        slot->result_pages_in_flight.fetch_sub(1);
        throw EngineError("XX000", "pg_fusion internal: a result page changed owner while the engine wrote it");
    }
    if (!shared.SendToBackend(query_->Session(), Encode(message), query_->CancelledFlag())) {
        if (shared.Pool().Release(message.page, owner))
            slot->result_pages_in_flight.fetch_sub(1);
        throw duckdb::InterruptException();
    }
    rows_ += message.rows;
    Metrics& metrics = shared.Region().Header()->metrics;
    metrics.result_pages.fetch_add(1);
    metrics.result_rows.fetch_add(message.rows);
}

} // namespace pgf
