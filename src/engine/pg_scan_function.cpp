/*
 * pg_scan_function.cpp — the pg_scan(k) table function (see pg_scan_function.hpp).
 *
 * Errors raised here travel through DuckDB, which invalidates the whole database on an
 * INTERNAL exception; a malformed page is caught before DuckDB sees its data, so it is
 * reported as an EXECUTOR error that leaves the database usable.
 */
#include "pg_scan_function.hpp"

#include <algorithm>
#include <cstring>

#include "duckdb/execution/expression_executor.hpp"
#include "duckdb/execution/operator/scan/physical_table_scan.hpp"
#include "duckdb/planner/filter/conjunction_filter.hpp"
#include "duckdb/planner/filter/constant_filter.hpp"
#include "duckdb/planner/operator/logical_get.hpp"
#include "duckdb/planner/table_filter.hpp"

#include "common/page_layout.h"

#include "build_key_filter.hpp"
#include "query_context.hpp"
#include "scan_filters.hpp"

namespace pgf {

namespace {

thread_local QueryContext* current_query = nullptr;

struct PgScanBindData : public duckdb::TableFunctionData {
    QueryContext* query = nullptr;
    uint16_t scan = 0;
    /* Columns (of the scan's column ids) a join pushes filters into from above a pipeline
     * breaker (MarkLateJoinFilters); empty if none. */
    std::vector<duckdb::idx_t> late_filter_columns;
    /* Joins' build-key filters on columns (of the column ids); empty if none. */
    std::vector<std::pair<duckdb::idx_t, std::shared_ptr<BuildKeyFilter>>> build_key_filters;
};

/* PostgreSQL's row estimate lets the engine pick the smaller side as a hash join's build. */
duckdb::unique_ptr<duckdb::NodeStatistics> PgScanCardinality(duckdb::ClientContext& context,
                                                            const duckdb::FunctionData* bind_data) {
    auto& bind = bind_data->Cast<PgScanBindData>();
    idx_t rows = static_cast<idx_t>(bind.query->Execute().scans[bind.scan].estimated_rows);
    return duckdb::make_uniq<duckdb::NodeStatistics>(rows, rows);
}

/* PostgreSQL's distinct values of a column: DuckDB estimates join sizes from them (without,
 * it takes every value as distinct). No min, max or null flags: nothing is pruned by them. */
duckdb::unique_ptr<duckdb::BaseStatistics> PgScanStatistics(duckdb::ClientContext& context,
                                                            const duckdb::FunctionData* bind_data,
                                                            duckdb::column_t column) {
    auto& bind = bind_data->Cast<PgScanBindData>();
    const ScanSchema& schema = bind.query->Execute().scans[bind.scan];
    if (column >= schema.columns.size() || column >= schema.distinct_values.size() ||
        schema.distinct_values[column] == 0)
        return nullptr;
    auto statistics = duckdb::BaseStatistics::CreateUnknown(EngineLogicalType(schema.columns[column]));
    statistics.SetDistinctCount(schema.distinct_values[column]);
    return statistics.ToUnique();
}

/* Pages come from one queue per scan that any thread may take from, so the scan runs on as
 * many threads as it has producers, and so does the pipeline above it (one thread while it
 * awaits a join's filters). */
struct PgScanGlobalState : public duckdb::GlobalTableFunctionState {
    PgScanGlobalState(const duckdb::PhysicalTableScan* awaited, idx_t producers,
                      std::vector<duckdb::column_t> outputs, duckdb::unique_ptr<duckdb::Expression> filter)
        : awaited_filters(awaited), threads(awaited != nullptr ? 1 : producers), outputs(std::move(outputs)),
          filter(std::move(filter)) {}
    idx_t MaxThreads() const override { return threads; }
    /* The scan operator, while a join that pushes filters into it has not done so yet: its
     * build side was still running when the scan opened (a probe below an aggregate). */
    std::atomic<const duckdb::PhysicalTableScan*> awaited_filters;
    /* As many as the scan has producers; one while it awaits a join's filters, so the other
     * threads stay free to finish that join's build side. */
    idx_t threads;
    /* The scan column of each output column (projection pushdown); one past the last column
     * for a row-id DuckDB asks for when it reads no column (count(*)). */
    std::vector<duckdb::column_t> outputs;
    /* DuckDB's pushed filters, applied to every chunk (scan_filters.hpp); nullptr if none. */
    duckdb::unique_ptr<duckdb::Expression> filter;
};

/* Per thread: the executor of the global filter. */
struct PgScanLocalState : public duckdb::LocalTableFunctionState {
    duckdb::unique_ptr<duckdb::ExpressionExecutor> filter;
    duckdb::SelectionVector selection{STANDARD_VECTOR_SIZE};
};

/*
 * Keeps one scan page alive while any vector refers to it. It refers to the engine's shared
 * state, never to the query: DuckDB may drop the last vector after the query has ended.
 */
class PageBuffer : public duckdb::VectorBuffer {
public:
    PageBuffer(EngineShared* shared, uint32_t session, PageRef page)
        : duckdb::VectorBuffer(duckdb::VectorBufferType::OPAQUE_BUFFER), shared_(shared), session_(session),
          page_(page) {}
    ~PageBuffer() override { shared_->ReleaseScanPage(session_, page_); }

private:
    EngineShared* shared_;
    uint32_t session_;
    PageRef page_;
};

[[noreturn]] void MalformedPage(const char* what) {
    throw duckdb::Exception(duckdb::ExceptionType::EXECUTOR, std::string("pg_fusion internal: malformed scan page: ") + what);
}

duckdb::unique_ptr<duckdb::FunctionData> PgScanBind(duckdb::ClientContext& context,
                                                   duckdb::TableFunctionBindInput& input,
                                                   duckdb::vector<duckdb::LogicalType>& return_types,
                                                   duckdb::vector<duckdb::string>& names) {
    if (current_query == nullptr)
        throw duckdb::BinderException("pg_scan can only be used by pg_fusion queries");
    const auto& scans = current_query->Execute().scans;
    if (input.inputs[0].IsNull())
        throw duckdb::BinderException("pg_scan(NULL): no such scan");
    int64_t k = input.inputs[0].GetValue<int64_t>();
    if (k < 0 || static_cast<uint64_t>(k) >= scans.size())
        throw duckdb::BinderException("pg_scan(%lld): the query has no such scan", static_cast<long long>(k));
    auto data = duckdb::make_uniq<PgScanBindData>();
    data->query = current_query;
    data->scan = static_cast<uint16_t>(k);
    const ScanSchema& schema = scans[k];
    for (size_t i = 0; i < schema.columns.size(); i++) {
        return_types.push_back(EngineLogicalType(schema.columns[i]));
        names.push_back("c" + std::to_string(i));
    }
    return std::move(data);
}

/* Whether a join finished pushing its filters for the column: it pushes the maximum (or the one
 * value) last, after the key list and the minimum. */
bool HasUpperBound(const duckdb::TableFilter& filter) {
    switch (filter.filter_type) {
    case duckdb::TableFilterType::CONSTANT_COMPARISON: {
        auto comparison = filter.Cast<duckdb::ConstantFilter>().comparison_type;
        return comparison == duckdb::ExpressionType::COMPARE_EQUAL ||
               comparison == duckdb::ExpressionType::COMPARE_LESSTHANOREQUALTO;
    }
    case duckdb::TableFilterType::CONJUNCTION_AND:
        for (auto& child : filter.Cast<duckdb::ConjunctionAndFilter>().child_filters)
            if (HasUpperBound(*child))
                return true;
        return false;
    default: return false;
    }
}

bool HasEveryUpperBound(const duckdb::TableFilterSet& filters, const std::vector<duckdb::idx_t>& columns) {
    for (auto column : columns) {
        auto entry = filters.filters.find(column);
        if (entry == filters.filters.end() || !HasUpperBound(*entry->second))
            return false;
    }
    return true;
}

/* Whether the filters of the joins MarkLateJoinFilters named have all reached the scan. Another
 * join's filters may already be there (a small build directly above the scan finishes first),
 * so "the scan has filters" is not enough. */
bool LateFiltersArrived(const duckdb::PhysicalTableScan& scan, const std::vector<duckdb::idx_t>& late_columns) {
    if (!scan.dynamic_filters->HasFilters())
        return false;
    auto filters = scan.dynamic_filters->GetFinalTableFilters(scan, scan.table_filters.get());
    return HasEveryUpperBound(*filters, late_columns);
}

bool HasKeyList(const std::vector<ScanFilter>& filters, uint16_t column) {
    for (const ScanFilter& filter : filters)
        if (filter.column == column && filter.op == FilterOp::In)
            return true;
    return false;
}

/* The build-key filters of joins whose build completed, on columns DuckDB gave no key list. */
void AddBuildKeyFilters(const PgScanBindData& bind, duckdb::optional_ptr<duckdb::TableFilterSet> filters,
                        const std::vector<duckdb::column_t>& column_ids, const ScanSchema& schema,
                        std::vector<ScanFilter>* forwarded) {
    for (const auto& [position, filter] : bind.build_key_filters) {
        if (!filters || position >= column_ids.size() || column_ids[position] >= schema.columns.size())
            continue;
        auto bound = filters->filters.find(position);
        if (bound == filters->filters.end() || !HasUpperBound(*bound->second))
            continue;
        auto column = static_cast<uint16_t>(column_ids[position]);
        /* producers check integer key lists themselves; a string list only the engine does */
        if (schema.columns[column].type != ColumnType::Varchar && HasKeyList(*forwarded, column))
            continue;
        /* one key: DuckDB gave the scan an equality to it */
        uint64_t keys = filter->Keys();
        if (keys <= 1)
            continue;
        std::string words = filter->Words();
        if (!words.empty())
            forwarded->push_back(
                {column, FilterOp::KeyBloom, {std::move(words), std::string(reinterpret_cast<const char*>(&keys), 8)}});
    }
}

duckdb::unique_ptr<duckdb::GlobalTableFunctionState> PgScanInitGlobal(duckdb::ClientContext& context,
                                                                     duckdb::TableFunctionInitInput& input) {
    auto& bind = input.bind_data->Cast<PgScanBindData>();
    QueryContext* query = bind.query;
    /* One scan is one stream of pages: a second reader would take pages from the first
     * (each seeing part of the rows). The planner renders every scan once. */
    if (!query->MarkScanOpened(bind.scan))
        throw duckdb::InvalidInputException("pg_fusion internal: pg_scan(%d) is read twice in one query",
                                            static_cast<int>(bind.scan));
    const ScanSchema& schema = query->Execute().scans[bind.scan];
    ScanFilterPlan filters = PlanScanFilters(input.filters, input.column_ids, schema);
    AddBuildKeyFilters(bind, input.filters, input.column_ids, schema, &filters.forwarded);
    const duckdb::PhysicalTableScan* awaited = nullptr;
    if (input.op && !bind.late_filter_columns.empty()) {
        auto& scan = input.op->Cast<duckdb::PhysicalTableScan>();
        if (scan.dynamic_filters && !LateFiltersArrived(scan, bind.late_filter_columns))
            awaited = &scan;
    }
    auto state = duckdb::make_uniq<PgScanGlobalState>(awaited, schema.producers, input.column_ids,
                                                      std::move(filters.exact));
    OpenScanMessage open;
    open.query_id = query->Id();
    open.scan = bind.scan;
    open.filters = std::move(filters.forwarded);
    open.awaits_filters = awaited != nullptr;
    if (!query->Shared().SendToBackend(query->Session(), EncodeWithin(open, kMaxAssembledMessage),
                                      query->CancelledFlag()))
        throw duckdb::InterruptException();
    return std::move(state);
}

/*
 * Once the awaited join filters exist, sends them (with the scan's own) in a late OpenScan, so
 * the producers drop the rows the join cannot match from then on. They are not applied here:
 * the join checks its condition itself, and DuckDB took nothing out of the plan for them.
 */
void SendLateFilters(const PgScanBindData& bind, PgScanGlobalState& global) {
    QueryContext* query = bind.query;
    uint16_t scan_index = bind.scan;
    const duckdb::PhysicalTableScan* scan = global.awaited_filters.load(std::memory_order_relaxed);
    if (scan == nullptr || !scan->dynamic_filters->HasFilters() ||
        !global.awaited_filters.compare_exchange_strong(scan, nullptr))
        return;
    auto filters = scan->dynamic_filters->GetFinalTableFilters(*scan, scan->table_filters.get());
    if (!HasEveryUpperBound(*filters, bind.late_filter_columns)) {
        /* a join is still pushing them: look again at the next call */
        global.awaited_filters.store(scan);
        return;
    }
    OpenScanMessage late;
    late.query_id = query->Id();
    late.scan = scan_index;
    late.late = true;
    late.filters = PlanScanFilters(filters.get(), global.outputs, query->Execute().scans[scan_index]).forwarded;
    if (late.filters.empty())
        return;
    if (!query->Shared().SendToBackend(query->Session(), EncodeWithin(late, kMaxAssembledMessage),
                                      query->CancelledFlag()))
        throw duckdb::InterruptException();
}

duckdb::unique_ptr<duckdb::LocalTableFunctionState> PgScanInitLocal(duckdb::ExecutionContext& context,
                                                                   duckdb::TableFunctionInitInput& input,
                                                                   duckdb::GlobalTableFunctionState* global) {
    auto local = duckdb::make_uniq<PgScanLocalState>();
    auto& state = global->Cast<PgScanGlobalState>();
    if (state.filter)
        local->filter = duckdb::make_uniq<duckdb::ExpressionExecutor>(context.client, *state.filter);
    return std::move(local);
}

/*
 * Rewrites the page's long string views ({length, prefix, reserved, heap offset}) into
 * DuckDB's {length, prefix, pointer}: the same 16 bytes with the offset replaced by the
 * address, so the strings are used where they lie.
 */
void RewriteStringViews(uint8_t* page, uint32_t page_size, uint8_t* values, uint32_t rows) {
    for (uint32_t r = 0; r < rows; r++) {
        uint8_t* view = values + static_cast<size_t>(kStringViewBytes) * r;
        uint32_t length;
        std::memcpy(&length, view, sizeof(length));
        if (length <= kStringInlineBytes)
            continue;
        uint32_t offset;
        std::memcpy(&offset, view + 12, sizeof(offset));
        if (offset > page_size || length > page_size - offset)
            MalformedPage("string outside the page");
        const char* data = reinterpret_cast<const char*>(page + offset);
        std::memcpy(view + 8, &data, sizeof(data));
    }
}

/* Makes the page the output chunk; false for an empty page (freed here), which DuckDB would take for the scan's end. */
bool EmitPage(QueryContext* query, uint16_t scan, const std::vector<duckdb::column_t>& outputs,
              const ScanPageMessage& message, duckdb::DataChunk& output) {
    PagePool& pool = query->Shared().Pool();
    /* Owns the page from here on, also if the page turns out malformed. */
    auto buffer = duckdb::make_buffer<PageBuffer>(&query->Shared(), query->Session(), message.page);
    if (!pool.IsValid(message.page))
        MalformedPage("no such page");
    uint8_t* page = pool.Data(message.page.index);
    PageView view(page);
    const auto& columns = query->Execute().scans[scan].columns;
    uint32_t rows = view.RowCount();
    if (!view.Valid() || view.ColumnCount() != columns.size() || outputs.size() != output.ColumnCount() ||
        rows > STANDARD_VECTOR_SIZE)
        MalformedPage("header does not match the scan");
    if (rows == 0)
        return false;
    for (uint16_t c = 0; c < view.ColumnCount(); c++)
        if (view.Type(c) != columns[c].type)
            MalformedPage("column type does not match the scan");
    for (size_t i = 0; i < outputs.size(); i++) {
        duckdb::Vector& vector = output.data[i];
        if (outputs[i] >= columns.size()) {
            /* a row-id: nothing reads its values */
            vector.SetVectorType(duckdb::VectorType::CONSTANT_VECTOR);
            duckdb::ConstantVector::SetNull(vector, true);
            continue;
        }
        auto c = static_cast<uint16_t>(outputs[i]);
        /* DuckDB never writes into scan vectors, so handing it the shared page is safe. */
        uint8_t* values = const_cast<uint8_t*>(view.Values(c));
        if (view.Type(c) == ColumnType::Varchar) {
            RewriteStringViews(page, pool.PageSize(), values, rows);
            duckdb::FlatVector::SetData(vector, values);
            duckdb::StringVector::AddBuffer(vector, buffer);
        } else {
            duckdb::FlatVector::SetData(vector, values);
            vector.SetAuxiliary(buffer);
        }
        auto& validity = duckdb::FlatVector::Validity(vector);
        if (view.HasNulls(c)) {
            validity.Initialize(STANDARD_VECTOR_SIZE);
            std::memcpy(validity.GetData(), view.Validity(c), ((rows + 63) / 64) * sizeof(uint64_t));
        } else {
            validity.Reset();
        }
    }
    output.SetCardinality(rows);
    return true;
}

/* Applies the scan's filters to the page just emitted; false if no row passed (the chunk is reset). */
bool KeepPassingRows(PgScanLocalState& local, duckdb::DataChunk& output) {
    if (!local.filter)
        return true;
    idx_t kept = local.filter->SelectExpression(output, local.selection);
    if (kept == 0) {
        output.Reset();
        return false;
    }
    if (kept < output.size())
        output.Slice(local.selection, kept);
    return true;
}

void PgScanFunction(duckdb::ClientContext& context, duckdb::TableFunctionInput& input, duckdb::DataChunk& output) {
    auto& bind = input.bind_data->Cast<PgScanBindData>();
    auto& local = input.local_state->Cast<PgScanLocalState>();
    auto& global = input.global_state->Cast<PgScanGlobalState>();
    QueryContext* query = bind.query;
    ScanPageMessage message;
    for (;;) {
        bool awaiting = global.awaited_filters.load(std::memory_order_relaxed) != nullptr;
        if (awaiting)
            SendLateFilters(bind, global);
        switch (query->NextScanPage(bind.scan, &message, awaiting)) {
        case QueryContext::ScanWait::Idle:
            break;
        case QueryContext::ScanWait::Cancelled:
            throw duckdb::InterruptException();
        case QueryContext::ScanWait::Ended:
            output.SetCardinality(0);
            return;
        case QueryContext::ScanWait::Page:
            if (EmitPage(query, bind.scan, global.outputs, message, output) && KeepPassingRows(local, output))
                return;
            break;
        }
    }
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
    throw duckdb::BinderException("pg_fusion internal: unknown column type %d", static_cast<int>(spec.type));
}

duckdb::TableFunction MakePgScanFunction() {
    duckdb::TableFunction function("pg_scan", {duckdb::LogicalType::INTEGER}, PgScanFunction, PgScanBind,
                                   PgScanInitGlobal);
    function.init_local = PgScanInitLocal;
    function.cardinality = PgScanCardinality;
    function.statistics = PgScanStatistics;
    /* DuckDB reads only the columns it needs; the producers still encode every planned column
     * (the planner already asks PostgreSQL only for columns the engine SQL names). */
    function.projection_pushdown = true;
    /* Needed for DuckDB's join and Top-N filters; the constant filters it then takes out of the
     * plan are applied here exactly (KeepPassingRows). */
    function.filter_pushdown = true;
    return function;
}

void MarkLateJoinFilters(duckdb::LogicalGet& get, duckdb::idx_t column) {
    if (get.function.name != "pg_scan" || !get.bind_data)
        return;
    auto& columns = get.bind_data->Cast<PgScanBindData>().late_filter_columns;
    if (std::find(columns.begin(), columns.end(), column) == columns.end())
        columns.push_back(column);
}

bool TakesBuildKeyFilters(const duckdb::LogicalGet& get) {
    return get.function.name == "pg_scan" && get.bind_data &&
           get.bind_data->Cast<PgScanBindData>().query->Execute().join_key_filters;
}

void AttachBuildKeyFilter(duckdb::LogicalGet& get, duckdb::idx_t column, std::shared_ptr<BuildKeyFilter> filter) {
    if (!TakesBuildKeyFilters(get))
        return;
    get.bind_data->Cast<PgScanBindData>().build_key_filters.emplace_back(column, std::move(filter));
}

CurrentQueryScope::CurrentQueryScope(QueryContext* query) { current_query = query; }
CurrentQueryScope::~CurrentQueryScope() { current_query = nullptr; }

} // namespace pgf
