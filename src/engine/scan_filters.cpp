/*
 * scan_filters.cpp — see scan_filters.hpp.
 */
#include "scan_filters.hpp"

#include <cstring>

#include "duckdb/planner/expression/bound_conjunction_expression.hpp"
#include "duckdb/planner/expression/bound_reference_expression.hpp"
#include "duckdb/planner/filter/conjunction_filter.hpp"
#include "duckdb/planner/filter/constant_filter.hpp"
#include "duckdb/planner/filter/in_filter.hpp"
#include "duckdb/planner/filter/optional_filter.hpp"
#include "duckdb/planner/table_filter.hpp"

#include "pg_scan_function.hpp"

namespace pgf {

namespace {

template <typename T> std::string Bytes(T value) { return std::string(reinterpret_cast<const char*>(&value), sizeof(T)); }

/* The value in the column's page representation; false if it is not exactly of the column's
 * type (a cast could round) or the column's representation is not compared bytewise/numerically. */
bool PageBytes(const duckdb::Value& value, const ColumnSpec& spec, std::string* out) {
    if (value.IsNull() || value.type() != EngineLogicalType(spec))
        return false;
    switch (spec.type) {
    case ColumnType::Int16: *out = Bytes(value.GetValueUnsafe<int16_t>()); return true;
    case ColumnType::Int32: *out = Bytes(value.GetValueUnsafe<int32_t>()); return true;
    case ColumnType::Int64: *out = Bytes(value.GetValueUnsafe<int64_t>()); return true;
    case ColumnType::Date: *out = Bytes(value.GetValueUnsafe<int32_t>()); return true;
    case ColumnType::Timestamp:
    case ColumnType::TimestampTz: *out = Bytes(value.GetValueUnsafe<int64_t>()); return true;
    case ColumnType::Decimal16: *out = Bytes(value.GetValueUnsafe<int16_t>()); return true;
    case ColumnType::Decimal32: *out = Bytes(value.GetValueUnsafe<int32_t>()); return true;
    case ColumnType::Decimal64: *out = Bytes(value.GetValueUnsafe<int64_t>()); return true;
    case ColumnType::Decimal128: {
        auto h = value.GetValueUnsafe<duckdb::hugeint_t>();
        __int128 v = (static_cast<__int128>(h.upper) << 64) | static_cast<__int128>(h.lower);
        *out = Bytes(v);
        return true;
    }
    case ColumnType::Varchar: *out = duckdb::StringValue::Get(value); return true;
    default: return false; /* booleans and floats (NaN, -0) stay with the engine */
    }
}

bool ComparisonOp(duckdb::ExpressionType type, FilterOp* op) {
    switch (type) {
    case duckdb::ExpressionType::COMPARE_EQUAL: *op = FilterOp::Equal; return true;
    case duckdb::ExpressionType::COMPARE_LESSTHAN: *op = FilterOp::Less; return true;
    case duckdb::ExpressionType::COMPARE_LESSTHANOREQUALTO: *op = FilterOp::LessEqual; return true;
    case duckdb::ExpressionType::COMPARE_GREATERTHAN: *op = FilterOp::Greater; return true;
    case duckdb::ExpressionType::COMPARE_GREATERTHANOREQUALTO: *op = FilterOp::GreaterEqual; return true;
    default: return false;
    }
}

/* The parts of filter a producer can apply: comparisons and IN lists, through ANDs and
 * OPTIONAL wrappers (applying an optional filter is still exact). */
void Forward(const duckdb::TableFilter& filter, uint16_t column, const ColumnSpec& spec, std::vector<ScanFilter>* out) {
    switch (filter.filter_type) {
    case duckdb::TableFilterType::CONSTANT_COMPARISON: {
        auto& comparison = filter.Cast<duckdb::ConstantFilter>();
        ScanFilter forwarded{column, FilterOp::Equal, {std::string()}};
        if (ComparisonOp(comparison.comparison_type, &forwarded.op) &&
            PageBytes(comparison.constant, spec, &forwarded.values[0]))
            out->push_back(std::move(forwarded));
        return;
    }
    case duckdb::TableFilterType::IN_FILTER: {
        ScanFilter forwarded{column, FilterOp::In, {}};
        for (auto& value : filter.Cast<duckdb::InFilter>().values) {
            std::string bytes;
            if (!PageBytes(value, spec, &bytes))
                return;
            forwarded.values.push_back(std::move(bytes));
        }
        out->push_back(std::move(forwarded));
        return;
    }
    case duckdb::TableFilterType::CONJUNCTION_AND:
        for (auto& child : filter.Cast<duckdb::ConjunctionAndFilter>().child_filters)
            Forward(*child, column, spec, out);
        return;
    case duckdb::TableFilterType::OPTIONAL_FILTER: {
        auto& optional = filter.Cast<duckdb::OptionalFilter>();
        if (optional.child_filter)
            Forward(*optional.child_filter, column, spec, out);
        return;
    }
    default: return; /* OR, IS [NOT] NULL, Top-N, expressions: the engine's alone */
    }
}

/* The part of filter DuckDB no longer enforces above the scan: everything but OPTIONAL filters
 * (join key lists and Top-N boundaries, which the join or Top-N still applies; evaluating a
 * long IN list as an expression would cost a comparison per key and row). nullptr if none. */
duckdb::unique_ptr<duckdb::Expression> Mandatory(const duckdb::TableFilter& filter, const duckdb::Expression& column) {
    switch (filter.filter_type) {
    case duckdb::TableFilterType::OPTIONAL_FILTER: return nullptr;
    case duckdb::TableFilterType::CONJUNCTION_AND: {
        auto conjunction =
            duckdb::make_uniq<duckdb::BoundConjunctionExpression>(duckdb::ExpressionType::CONJUNCTION_AND);
        for (auto& child : filter.Cast<duckdb::ConjunctionAndFilter>().child_filters)
            if (auto part = Mandatory(*child, column))
                conjunction->children.push_back(std::move(part));
        if (conjunction->children.empty())
            return nullptr;
        if (conjunction->children.size() == 1)
            return std::move(conjunction->children[0]);
        return std::move(conjunction);
    }
    default: return filter.ToExpression(column);
    }
}

} // namespace

ScanFilterPlan PlanScanFilters(duckdb::optional_ptr<duckdb::TableFilterSet> filters,
                               const std::vector<duckdb::column_t>& column_ids, const ScanSchema& schema) {
    ScanFilterPlan plan;
    if (!filters || filters->filters.empty())
        return plan;
    auto conjunction = duckdb::make_uniq<duckdb::BoundConjunctionExpression>(duckdb::ExpressionType::CONJUNCTION_AND);
    for (auto& entry : filters->filters) {
        if (entry.first >= column_ids.size() || column_ids[entry.first] >= schema.columns.size())
            throw duckdb::InvalidInputException("pg_fusion internal: a filter on pg_scan names no column of the scan");
        auto column = static_cast<uint16_t>(column_ids[entry.first]);
        const ColumnSpec& spec = schema.columns[column];
        /* the chunk's columns are column_ids' */
        duckdb::BoundReferenceExpression reference(EngineLogicalType(spec), entry.first);
        if (auto mandatory = Mandatory(*entry.second, reference))
            conjunction->children.push_back(std::move(mandatory));
        Forward(*entry.second, column, spec, &plan.forwarded);
    }
    if (conjunction->children.size() == 1)
        plan.exact = std::move(conjunction->children[0]);
    else if (conjunction->children.size() > 1)
        plan.exact = std::move(conjunction);
    return plan;
}

} // namespace pgf
