#include "pg_scan_function.hpp"

#include <chrono>

#include "common/page_layout.h"

#include "engine_context.hpp"

namespace pgf {

namespace {

thread_local QueryContext* current_query = nullptr;

constexpr auto kWaitSlice = std::chrono::milliseconds(20);

struct PgScanBindData : public duckdb::TableFunctionData {
    QueryContext* query = nullptr;
    uint16_t scan = 0;
};

struct PgScanGlobalState : public duckdb::GlobalTableFunctionState {
    idx_t MaxThreads() const override { return 1; }
};

/* Keeps one scan page alive while any vector refers to it. */
class PageBuffer : public duckdb::VectorBuffer {
public:
    PageBuffer(EngineShared* shared, uint32_t session, uint16_t scan, PageRef page)
        : duckdb::VectorBuffer(duckdb::VectorBufferType::OPAQUE_BUFFER), shared_(shared), session_(session),
          scan_(scan), page_(page) {}
    ~PageBuffer() override { shared_->ReleaseScanPage(session_, scan_, page_); }

private:
    EngineShared* shared_;
    uint32_t session_;
    uint16_t scan_;
    PageRef page_;
};

duckdb::unique_ptr<duckdb::FunctionData> PgScanBind(duckdb::ClientContext& context,
                                                   duckdb::TableFunctionBindInput& input,
                                                   duckdb::vector<duckdb::LogicalType>& return_types,
                                                   duckdb::vector<duckdb::string>& names) {
    if (current_query == nullptr)
        throw duckdb::BinderException("pg_scan can only be used by pg_fusion queries");
    int64_t k = input.inputs[0].GetValue<int64_t>();
    if (k < 0 || static_cast<size_t>(k) >= current_query->execute.scans.size())
        throw duckdb::BinderException("pg_scan(%lld): the query has no such scan", static_cast<long long>(k));
    auto data = duckdb::make_uniq<PgScanBindData>();
    data->query = current_query;
    data->scan = static_cast<uint16_t>(k);
    const ScanSchema& schema = current_query->execute.scans[k];
    for (size_t i = 0; i < schema.columns.size(); i++) {
        return_types.push_back(EngineLogicalType(schema.columns[i]));
        names.push_back("c" + std::to_string(i));
    }
    return std::move(data);
}

duckdb::unique_ptr<duckdb::GlobalTableFunctionState> PgScanInitGlobal(duckdb::ClientContext& context,
                                                                     duckdb::TableFunctionInitInput& input) {
    auto& bind = input.bind_data->Cast<PgScanBindData>();
    QueryContext* query = bind.query;
    ScanChannel& channel = *query->scans[bind.scan];
    bool send = false;
    {
        std::lock_guard<std::mutex> guard(channel.mutex);
        send = !channel.opened;
        channel.opened = true;
    }
    if (send) {
        OpenScanMessage open;
        open.query_id = query->Id();
        open.scan = bind.scan;
        if (!query->shared->SendToBackend(query->session, Encode(open), &query->cancelled))
            throw duckdb::InterruptException();
    }
    return duckdb::make_uniq<PgScanGlobalState>();
}

/* Rewrites the page's long string views into DuckDB strings pointing into the page. */
void FixStringViews(uint8_t* page, uint8_t* values, uint32_t rows) {
    for (uint32_t r = 0; r < rows; r++) {
        uint8_t* view = values + static_cast<size_t>(kStringViewBytes) * r;
        uint32_t length;
        memcpy(&length, view, 4);
        if (length <= kStringInlineBytes)
            continue;
        uint32_t offset;
        memcpy(&offset, view + 12, 4);
        const char* data = reinterpret_cast<const char*>(page + offset);
        memcpy(view + 8, &data, sizeof(data));
    }
}

void EmitPage(QueryContext* query, uint16_t scan, const ScanPageMessage& message, duckdb::DataChunk& output) {
    uint8_t* page = query->shared->Pool().Data(message.page.index);
    PageView view(page);
    uint32_t rows = view.RowCount();
    auto buffer = duckdb::make_buffer<PageBuffer>(query->shared, query->session, scan, message.page);
    if (!view.Valid() || view.ColumnCount() != output.ColumnCount() || rows > STANDARD_VECTOR_SIZE)
        throw duckdb::InternalException("pg_fusion: malformed scan page");
    for (uint16_t c = 0; c < view.ColumnCount(); c++) {
        duckdb::Vector& vector = output.data[c];
        uint8_t* values = const_cast<uint8_t*>(view.Values(c));
        vector.SetVectorType(duckdb::VectorType::FLAT_VECTOR);
        if (view.Type(c) == ColumnType::Varchar) {
            FixStringViews(page, values, rows);
            duckdb::FlatVector::SetData(vector, values);
            duckdb::StringVector::AddBuffer(vector, buffer);
        } else {
            duckdb::FlatVector::SetData(vector, values);
            vector.SetAuxiliary(buffer);
        }
        auto& validity = duckdb::FlatVector::Validity(vector);
        if (view.HasNulls(c)) {
            validity.Initialize(STANDARD_VECTOR_SIZE);
            memcpy(validity.GetData(), view.Validity(c), ((rows + 63) / 64) * sizeof(uint64_t));
        } else {
            validity.Reset();
        }
    }
    output.SetCardinality(rows);
}

void PgScanFunction(duckdb::ClientContext& context, duckdb::TableFunctionInput& input, duckdb::DataChunk& output) {
    auto& bind = input.bind_data->Cast<PgScanBindData>();
    QueryContext* query = bind.query;
    ScanChannel& channel = *query->scans[bind.scan];
    ScanPageMessage message;
    {
        std::unique_lock<std::mutex> lock(channel.mutex);
        for (;;) {
            if (query->cancelled.load())
                throw duckdb::InterruptException();
            if (!channel.pages.empty())
                break;
            if (channel.ended) {
                output.SetCardinality(0);
                return;
            }
            channel.ready.wait_for(lock, kWaitSlice);
        }
        message = channel.pages.front();
        channel.pages.pop_front();
    }
    EmitPage(query, bind.scan, message, output);
}

} // namespace

duckdb::LogicalType EngineLogicalType(const ColumnSpec& spec) {
    using duckdb::LogicalType;
    switch (spec.type) {
    case ColumnType::Bool: return LogicalType::BOOLEAN;
    case ColumnType::Int16: return LogicalType::SMALLINT;
    case ColumnType::Int32: return LogicalType::INTEGER;
    case ColumnType::Int64: return LogicalType::BIGINT;
    case ColumnType::Float32: return LogicalType::FLOAT;
    case ColumnType::Float64: return LogicalType::DOUBLE;
    case ColumnType::Decimal16:
    case ColumnType::Decimal32:
    case ColumnType::Decimal64:
    case ColumnType::Decimal128: return LogicalType::DECIMAL(spec.precision, spec.scale);
    case ColumnType::Varchar: return LogicalType::VARCHAR;
    case ColumnType::Date: return LogicalType::DATE;
    case ColumnType::Timestamp: return LogicalType::TIMESTAMP;
    case ColumnType::TimestampTz: return LogicalType::TIMESTAMP_TZ;
    }
    throw duckdb::InternalException("pg_fusion: unknown column type");
}

duckdb::TableFunction MakePgScanFunction() {
    duckdb::TableFunction function("pg_scan", {duckdb::LogicalType::INTEGER}, PgScanFunction, PgScanBind,
                                   PgScanInitGlobal);
    function.projection_pushdown = false;
    function.filter_pushdown = false;
    return function;
}

CurrentQueryScope::CurrentQueryScope(QueryContext* query) { current_query = query; }
CurrentQueryScope::~CurrentQueryScope() { current_query = nullptr; }

} // namespace pgf
