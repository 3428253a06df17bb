/*
 * join_filter_extension.cpp — see join_filter_extension.hpp.
 */
#include "join_filter_extension.hpp"

#include <new>

#include "duckdb/execution/operator/join/join_filter_pushdown.hpp"
#include "duckdb/execution/operator/join/physical_comparison_join.hpp"
#include "duckdb/function/aggregate/distributive_function_utils.hpp"
#include "duckdb/function/function_binder.hpp"
#include "duckdb/optimizer/optimizer_extension.hpp"
#include "duckdb/planner/expression/bound_aggregate_expression.hpp"
#include "duckdb/planner/expression/bound_columnref_expression.hpp"
#include "duckdb/planner/expression/bound_operator_expression.hpp"
#include "duckdb/planner/operator/logical_aggregate.hpp"
#include "duckdb/planner/operator/logical_comparison_join.hpp"
#include "duckdb/planner/operator/logical_filter.hpp"
#include "duckdb/planner/operator/logical_get.hpp"
#include "duckdb/planner/operator/logical_projection.hpp"
#include "duckdb/planner/table_filter.hpp"

#include "build_key_filter.hpp"
#include "pg_scan_function.hpp"

namespace pgf {

namespace {

/* A probe-side key column on its way down to the scan. */
struct ProbeColumn {
    duckdb::ColumnBinding binding;
    bool non_null = false; /* an IS NOT NULL filter below the join drops every NULL key */
};

bool IsNotNullOf(const duckdb::Expression& expression, const duckdb::ColumnBinding& binding) {
    if (expression.GetExpressionType() != duckdb::ExpressionType::OPERATOR_IS_NOT_NULL)
        return false;
    auto& child = *expression.Cast<duckdb::BoundOperatorExpression>().children[0];
    return child.GetExpressionType() == duckdb::ExpressionType::BOUND_COLUMN_REF &&
           child.Cast<duckdb::BoundColumnRefExpression>().binding == binding;
}

/* Renames columns to the bindings of the column references they are in expressions; false if
 * one is not a plain column reference of this operator. */
bool ThroughColumnReferences(duckdb::idx_t table_index, const duckdb::vector<duckdb::unique_ptr<duckdb::Expression>>& expressions,
                             std::vector<ProbeColumn>& columns) {
    for (auto& column : columns) {
        if (column.binding.table_index != table_index || column.binding.column_index >= expressions.size())
            return false;
        auto& expression = *expressions[column.binding.column_index];
        if (expression.GetExpressionType() != duckdb::ExpressionType::BOUND_COLUMN_REF)
            return false;
        column.binding = expression.Cast<duckdb::BoundColumnRefExpression>().binding;
    }
    return true;
}

/*
 * The pg_scan below op that produces every one of columns, renamed on the way to the scan's
 * bindings; nullptr if there is none (a union, a computed key, grouping sets on the way).
 * Rows reach the join from the scan only through operators that keep or drop them, so a key
 * filter on the scan drops exactly the rows the join would not match. padded: a join above
 * op pads the probe side with NULLs, so a filter below proves nothing about NULLs at the join.
 * through_aggregate: set if the way passes an aggregate (a pipeline breaker: the scan may start
 * before the join's build side is complete).
 */
duckdb::LogicalGet* ProbeScan(duckdb::LogicalOperator& op, std::vector<ProbeColumn>& columns, bool padded,
                              bool* through_aggregate = nullptr) {
    switch (op.type) {
    case duckdb::LogicalOperatorType::LOGICAL_FILTER:
        for (auto& column : columns)
            for (auto& expression : op.Cast<duckdb::LogicalFilter>().expressions)
                if (!padded && IsNotNullOf(*expression, column.binding))
                    column.non_null = true;
        return ProbeScan(*op.children[0], columns, padded, through_aggregate);
    case duckdb::LogicalOperatorType::LOGICAL_COMPARISON_JOIN: {
        /* the probe side's columns pass through a join's probe side, as in DuckDB's own pass */
        auto type = op.Cast<duckdb::LogicalComparisonJoin>().join_type;
        bool pads = type == duckdb::JoinType::RIGHT || type == duckdb::JoinType::OUTER;
        return ProbeScan(*op.children[0], columns, padded || pads, through_aggregate);
    }
    case duckdb::LogicalOperatorType::LOGICAL_PROJECTION: {
        auto& projection = op.Cast<duckdb::LogicalProjection>();
        if (!ThroughColumnReferences(projection.table_index, projection.expressions, columns))
            return nullptr;
        return ProbeScan(*op.children[0], columns, padded, through_aggregate);
    }
    case duckdb::LogicalOperatorType::LOGICAL_AGGREGATE_AND_GROUP_BY: {
        /* a group key is one of its rows' keys; grouping sets would add NULL keys */
        auto& aggregate = op.Cast<duckdb::LogicalAggregate>();
        if (aggregate.grouping_sets.size() > 1 ||
            !ThroughColumnReferences(aggregate.group_index, aggregate.groups, columns))
            return nullptr;
        if (through_aggregate != nullptr)
            *through_aggregate = true;
        return ProbeScan(*op.children[0], columns, padded, through_aggregate);
    }
    case duckdb::LogicalOperatorType::LOGICAL_GET: {
        auto& get = op.Cast<duckdb::LogicalGet>();
        if (get.function.name != "pg_scan" || !get.function.filter_pushdown)
            return nullptr;
        for (auto& column : columns)
            if (column.binding.table_index != get.table_index)
                return nullptr;
        return &get;
    }
    default: return nullptr;
    }
}

bool IsRangeComparison(duckdb::ExpressionType comparison) {
    switch (comparison) {
    case duckdb::ExpressionType::COMPARE_EQUAL:
    case duckdb::ExpressionType::COMPARE_LESSTHAN:
    case duckdb::ExpressionType::COMPARE_LESSTHANOREQUALTO:
    case duckdb::ExpressionType::COMPARE_GREATERTHAN:
    case duckdb::ExpressionType::COMPARE_GREATERTHANOREQUALTO: return true;
    default: return false;
    }
}

bool IsFilterableKey(const duckdb::JoinCondition& condition) {
    const auto& type = condition.left->return_type;
    return condition.left->GetExpressionType() == duckdb::ExpressionType::BOUND_COLUMN_REF && !type.IsNested() &&
           type.id() != duckdb::LogicalTypeId::INTERVAL;
}

/* Whether a probe row that matches no build row can be dropped before the join. */
bool DropsUnmatchedProbeRows(duckdb::JoinType type) {
    switch (type) {
    case duckdb::JoinType::INNER:
    case duckdb::JoinType::SEMI:
    case duckdb::JoinType::RIGHT:
    case duckdb::JoinType::RIGHT_SEMI:
    case duckdb::JoinType::RIGHT_ANTI: return true;
    default: return false; /* LEFT, OUTER, ANTI, MARK, SINGLE keep or count every probe row */
    }
}

/*
 * a IS NOT DISTINCT FROM b, which DuckDB's decorrelation writes for a correlated key, matches
 * exactly as a = b when the probe key a is never NULL: a NULL key a filter would drop cannot
 * reach the join. DuckDB then adds the IS NOT NULL filter itself when it removes the
 * correlation, so most decorrelated EXISTS, NOT EXISTS and scalar subqueries qualify.
 */
void EqualityForNonNullKeys(duckdb::LogicalComparisonJoin& join) {
    for (auto& condition : join.conditions) {
        if (condition.comparison != duckdb::ExpressionType::COMPARE_NOT_DISTINCT_FROM || !IsFilterableKey(condition))
            continue;
        std::vector<ProbeColumn> key{{condition.left->Cast<duckdb::BoundColumnRefExpression>().binding}};
        if (ProbeScan(*join.children[0], key, false) != nullptr && key[0].non_null)
            condition.comparison = duckdb::ExpressionType::COMPARE_EQUAL;
    }
}

void GenerateFilters(duckdb::ClientContext& context, duckdb::LogicalComparisonJoin& join) {
    if (!DropsUnmatchedProbeRows(join.join_type) || join.filter_pushdown)
        return;
    EqualityForNonNullKeys(join);
    /* as DuckDB's own pass does: the physical join orders them so, and the indexes below must hold */
    duckdb::PhysicalComparisonJoin::ReorderConditions(join.conditions);
    auto info = duckdb::make_uniq<duckdb::JoinFilterPushdownInfo>();
    std::vector<ProbeColumn> keys;
    for (duckdb::idx_t i = 0; i < join.conditions.size(); i++) {
        auto& condition = join.conditions[i];
        if (!IsRangeComparison(condition.comparison) || !IsFilterableKey(condition))
            continue;
        keys.push_back({condition.left->Cast<duckdb::BoundColumnRefExpression>().binding});
        info->join_condition.push_back(i);
    }
    if (keys.empty())
        return;
    duckdb::LogicalGet* get = ProbeScan(*join.children[0], keys, false);
    if (get == nullptr)
        return;
    for (auto condition : info->join_condition) {
        for (auto function : {duckdb::MinFunction::GetFunction(), duckdb::MaxFunction::GetFunction()}) {
            duckdb::FunctionBinder binder(context);
            duckdb::vector<duckdb::unique_ptr<duckdb::Expression>> children;
            children.push_back(join.conditions[condition].right->Copy());
            auto aggregate =
                binder.BindAggregateFunction(function, std::move(children), nullptr, duckdb::AggregateType::NON_DISTINCT);
            if (aggregate->children.size() != 1)
                return; /* a collated min/max: DuckDB gives up here too */
            info->min_max_aggregates.push_back(std::move(aggregate));
        }
    }
    if (!get->dynamic_filters)
        get->dynamic_filters = duckdb::make_shared_ptr<duckdb::DynamicTableFilterSet>();
    duckdb::JoinFilterPushdownFilter target;
    target.dynamic_filters = get->dynamic_filters;
    for (auto& key : keys) {
        duckdb::JoinFilterPushdownColumn column;
        column.probe_column_index = key.binding;
        target.columns.push_back(column);
    }
    info->probe_info.push_back(std::move(target));
    join.filter_pushdown = std::move(info);
}

/* A join's filters for a scan below an aggregate may come after the scan opened: the scan is
 * told to await them (pg_scan_function.hpp), for DuckDB's own join filters as for ours. */
void MarkLateTargets(duckdb::LogicalComparisonJoin& join) {
    if (!join.filter_pushdown || join.filter_pushdown->probe_info.empty())
        return;
    std::vector<ProbeColumn> keys;
    for (auto i : join.filter_pushdown->join_condition) {
        auto& left = *join.conditions[i].left;
        if (left.GetExpressionType() != duckdb::ExpressionType::BOUND_COLUMN_REF)
            return;
        keys.push_back({left.Cast<duckdb::BoundColumnRefExpression>().binding});
    }
    bool through_aggregate = false;
    duckdb::LogicalGet* get = ProbeScan(*join.children[0], keys, false, &through_aggregate);
    if (get == nullptr || !through_aggregate)
        return;
    for (size_t k = 0; k < keys.size(); k++)
        if (join.conditions[join.filter_pushdown->join_condition[k]].comparison == duckdb::ExpressionType::COMPARE_EQUAL)
            MarkLateJoinFilters(*get, keys[k].binding.column_index);
}

/* A join whose probe scan opens after its build completed gets a Bloom filter of its build keys
 * on the first equality key of a type the filter takes (build_key_filter.hpp); its probe scan
 * sends it to the producers when DuckDB gives no key list. */
void FilterByBuildKeys(duckdb::LogicalComparisonJoin& join) {
    if (!DropsUnmatchedProbeRows(join.join_type) || !join.filter_pushdown)
        return;
    for (auto& condition : join.conditions) {
        if (condition.comparison != duckdb::ExpressionType::COMPARE_EQUAL || !IsFilterableKey(condition) ||
            !IsBuildKeyType(condition.left->return_type) || condition.right->return_type != condition.left->return_type)
            continue;
        std::vector<ProbeColumn> key{{condition.left->Cast<duckdb::BoundColumnRefExpression>().binding}};
        bool through_aggregate = false;
        duckdb::LogicalGet* get = ProbeScan(*join.children[0], key, false, &through_aggregate);
        if (get == nullptr || through_aggregate || !TakesBuildKeyFilters(*get))
            return;
        try {
            AttachBuildKeyFilter(*get, key[0].binding.column_index, CollectBuildKeys(join, *condition.right));
        } catch (const std::bad_alloc&) {
            /* the filter is an optimization: without memory for it the join runs without */
        }
        return;
    }
}

void Visit(duckdb::ClientContext& context, duckdb::LogicalOperator& op) {
    if (op.type == duckdb::LogicalOperatorType::LOGICAL_COMPARISON_JOIN) {
        auto& join = op.Cast<duckdb::LogicalComparisonJoin>();
        GenerateFilters(context, join);
        MarkLateTargets(join);
        FilterByBuildKeys(join);
    }
    for (auto& child : op.children)
        Visit(context, *child);
}

void Optimize(duckdb::OptimizerExtensionInput& input, duckdb::unique_ptr<duckdb::LogicalOperator>& plan) {
    Visit(input.context, *plan);
}

} // namespace

duckdb::OptimizerExtension MakeJoinFilterExtension() {
    duckdb::OptimizerExtension extension;
    extension.optimize_function = Optimize;
    return extension;
}

} // namespace pgf
