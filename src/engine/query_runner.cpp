#include "query_runner.hpp"

#include <chrono>
#include <thread>

#include "duckdb.hpp"

#include "common/page_layout.h"

#include "engine_context.hpp"
#include "pg_scan_function.hpp"

namespace pgf {

namespace {

using CellWriter = bool (*)(PageWriter& writer, uint16_t column, const duckdb::Vector& vector, idx_t row);

template <typename T> bool WriteFixed(PageWriter& writer, uint16_t column, const duckdb::Vector& vector, idx_t row) {
    writer.SetValue<T>(column, duckdb::FlatVector::GetData<T>(vector)[row]);
    return true;
}

bool WriteBool(PageWriter& writer, uint16_t column, const duckdb::Vector& vector, idx_t row) {
    writer.SetValue<uint8_t>(column, duckdb::FlatVector::GetData<bool>(vector)[row] ? 1 : 0);
    return true;
}

bool WriteString(PageWriter& writer, uint16_t column, const duckdb::Vector& vector, idx_t row) {
    const duckdb::string_t& value = duckdb::FlatVector::GetData<duckdb::string_t>(vector)[row];
    return writer.SetString(column, value.GetData(), static_cast<uint32_t>(value.GetSize()));
}

CellWriter WriterFor(ColumnType type) {
    switch (type) {
    case ColumnType::Bool: return WriteBool;
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
    return nullptr;
}

/* Result pages for one query: fills a page, hands it to the backend, starts the next. */
class ResultWriter {
public:
    explicit ResultWriter(QueryContext* query) : query_(query) {
        for (const ColumnSpec& spec : query->execute.result_columns) {
            types_.push_back(spec.type);
            writers_.push_back(WriterFor(spec.type));
        }
    }
    ~ResultWriter() {
        if (has_page_)
            query_->shared->Pool().Release(page_, kWorkerOwner);
    }

    void Append(duckdb::DataChunk& chunk) {
        const uint16_t columns = static_cast<uint16_t>(types_.size());
        for (idx_t row = 0; row < chunk.size(); row++) {
            if (!has_page_)
                StartPage();
            if (!AppendRow(chunk, row, columns)) {
                bool was_empty = writer_.RowCount() == 0;
                SendPage();
                if (was_empty)
                    throw duckdb::OutOfRangeException("pg_fusion: a result row does not fit in pg_fusion.page_size");
                StartPage();
                if (!AppendRow(chunk, row, columns))
                    throw duckdb::OutOfRangeException("pg_fusion: a result row does not fit in pg_fusion.page_size");
            }
            if (writer_.RowsFull())
                SendPage();
        }
    }

    void Finish() {
        if (has_page_ && writer_.RowCount() > 0)
            SendPage();
    }

    uint64_t Rows() const { return rows_; }

private:
    bool AppendRow(duckdb::DataChunk& chunk, idx_t row, uint16_t columns) {
        for (uint16_t c = 0; c < columns; c++) {
            duckdb::Vector& vector = chunk.data[c];
            if (!duckdb::FlatVector::Validity(vector).RowIsValid(row)) {
                writer_.SetNull(c);
            } else if (!writers_[c](writer_, c, vector, row)) {
                writer_.AbandonRow();
                return false;
            }
        }
        writer_.CommitRow();
        return true;
    }

    void StartPage() {
        EngineShared* shared = query_->shared;
        SessionSlot* slot = shared->Region().Session(query_->session);
        for (;;) {
            if (query_->ShouldStop())
                throw duckdb::InterruptException();
            if (slot->result_pages_in_flight.load() < kResultPagesInFlight && shared->Pool().Allocate(kWorkerOwner, &page_))
                break;
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        has_page_ = true;
        if (!writer_.Begin(shared->Pool().Data(page_.index), shared->Pool().PageSize(), types_.data(),
                           static_cast<uint16_t>(types_.size())))
            throw duckdb::OutOfRangeException("pg_fusion: a result row does not fit in pg_fusion.page_size");
    }

    void SendPage() {
        EngineShared* shared = query_->shared;
        SessionSlot* slot = shared->Region().Session(query_->session);
        uint32_t owner = SessionOwner(query_->session);
        ResultPageMessage message;
        message.query_id = query_->Id();
        message.page = page_;
        message.rows = writer_.RowCount();
        slot->result_pages_in_flight.fetch_add(1);
        shared->Pool().Transfer(page_, kWorkerOwner, owner);
        has_page_ = false;
        if (!shared->SendToBackend(query_->session, Encode(message), &query_->cancelled)) {
            if (shared->Pool().Release(message.page, owner))
                slot->result_pages_in_flight.fetch_sub(1);
            throw duckdb::InterruptException();
        }
        rows_ += message.rows;
        shared->Region().Header()->metrics.result_pages.fetch_add(1);
        shared->Region().Header()->metrics.result_rows.fetch_add(message.rows);
    }

    QueryContext* query_;
    std::vector<ColumnType> types_;
    std::vector<CellWriter> writers_;
    PageWriter writer_;
    PageRef page_{};
    bool has_page_ = false;
    uint64_t rows_ = 0;
};

bool Contains(const std::string& text, const char* needle) { return text.find(needle) != std::string::npos; }

std::string SqlStateFor(const duckdb::ErrorData& error) {
    const std::string& message = error.RawMessage();
    switch (error.Type()) {
    case duckdb::ExceptionType::INTERRUPT: return "57014";
    case duckdb::ExceptionType::DIVIDE_BY_ZERO: return "22012";
    case duckdb::ExceptionType::OUT_OF_RANGE: return "22003";
    case duckdb::ExceptionType::CONVERSION:
    case duckdb::ExceptionType::INVALID_INPUT:
        if (Contains(message, "division by zero"))
            return "22012";
        if (Contains(message, "out of range") || Contains(message, "Overflow") || Contains(message, "overflow"))
            return "22003";
        return "22023";
    default: return "XX000";
    }
}

[[noreturn]] void Rethrow(const duckdb::ErrorData& error) { error.Throw(); }

std::string QuoteLiteral(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'')
            quoted += '\'';
        quoted += c;
    }
    return quoted + "'";
}

void CheckResultTypes(QueryContext* query, const duckdb::vector<duckdb::LogicalType>& types) {
    const auto& expected = query->execute.result_columns;
    if (types.size() != expected.size())
        throw duckdb::InternalException("pg_fusion internal: engine result has %llu columns, expected %llu",
                                        static_cast<unsigned long long>(types.size()),
                                        static_cast<unsigned long long>(expected.size()));
    for (size_t i = 0; i < types.size(); i++) {
        duckdb::LogicalType want = EngineLogicalType(expected[i]);
        if (types[i] != want)
            throw duckdb::InternalException("pg_fusion internal: engine result column %llu has type %s, expected %s",
                                            static_cast<unsigned long long>(i + 1), types[i].ToString(),
                                            want.ToString());
    }
}

/* Runs the SQL and streams its result; throws on any failure. */
uint64_t Execute(duckdb::DuckDB& db, QueryContext* query) {
    if (query->ShouldStop())
        throw duckdb::InterruptException();
    duckdb::Connection connection(db);
    query->SetInterrupt([&connection]() { connection.Interrupt(); });
    struct ClearInterrupt {
        QueryContext* query;
        ~ClearInterrupt() { query->SetInterrupt(nullptr); }
    } clear{query};
    if (query->ShouldStop())
        throw duckdb::InterruptException();
    if (!query->execute.time_zone.empty()) {
        auto set = connection.Query("SET TimeZone = " + QuoteLiteral(query->execute.time_zone));
        if (set->HasError())
            Rethrow(set->GetErrorObject());
    }
    duckdb::unique_ptr<duckdb::QueryResult> result;
    {
        CurrentQueryScope scope(query);
        auto pending = connection.PendingQuery(query->execute.sql, true);
        if (pending->HasError())
            Rethrow(pending->GetErrorObject());
        result = pending->Execute();
    }
    if (result->HasError())
        Rethrow(result->GetErrorObject());
    CheckResultTypes(query, result->types);
    ResultWriter writer(query);
    for (;;) {
        auto chunk = result->Fetch();
        if (result->HasError())
            Rethrow(result->GetErrorObject());
        if (!chunk || chunk->size() == 0)
            break;
        writer.Append(*chunk);
    }
    writer.Finish();
    return writer.Rows();
}

} // namespace

void RunQuery(duckdb::DuckDB& db, QueryContext* query) {
    bool failed = false;
    QueryErrorMessage error;
    error.query_id = query->Id();
    uint64_t rows = 0;
    try {
        rows = Execute(db, query);
    } catch (std::exception& e) {
        duckdb::ErrorData data(e);
        failed = true;
        error.sqlstate = query->cancelled.load() ? "57014" : SqlStateFor(data);
        error.message = data.RawMessage();
    } catch (...) {
        failed = true;
        error.sqlstate = "XX000";
        error.message = "pg_fusion: unknown engine failure";
    }
    query->ReleaseQueuedPages();
    if (failed) {
        query->shared->SendToBackend(query->session, Encode(error), &query->cancelled);
    } else {
        QueryDoneMessage done;
        done.query_id = query->Id();
        done.rows = rows;
        query->shared->SendToBackend(query->session, Encode(done), &query->cancelled);
    }
    query->finished.store(true);
}

} // namespace pgf
