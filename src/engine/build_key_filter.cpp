/*
 * build_key_filter.cpp — see build_key_filter.hpp.
 */
#include "build_key_filter.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "duckdb/planner/expression/bound_function_expression.hpp"
#include "duckdb/planner/operator/logical_filter.hpp"

#include "common/key_bloom.h"

namespace pgf {

namespace {

/* Words a filter starts with: room for four times the estimate, so an estimate that is low
 * by that much still leaves kKeyBloomBitsPerKey per key; between 64 kB and 4 MB. */
constexpr uint64_t kMinStartKeys = 1u << 16;
constexpr uint32_t kMaxWords = 1u << 19;
/* Below this many bits per key the filter passes about a third of absent keys: not sent. */
constexpr uint64_t kMinBitsPerKey = 4;

struct BuildKeyFilterData : public duckdb::FunctionData {
    explicit BuildKeyFilterData(std::shared_ptr<BuildKeyFilter> filter) : filter(std::move(filter)) {}
    duckdb::unique_ptr<duckdb::FunctionData> Copy() const override {
        return duckdb::make_uniq<BuildKeyFilterData>(filter);
    }
    bool Equals(const duckdb::FunctionData& other) const override {
        return filter == other.Cast<BuildKeyFilterData>().filter;
    }
    std::shared_ptr<BuildKeyFilter> filter;
};

void AddBuildKeys(duckdb::DataChunk& args, duckdb::ExpressionState& state, duckdb::Vector& result) {
    auto& data = state.expr.Cast<duckdb::BoundFunctionExpression>().bind_info->Cast<BuildKeyFilterData>();
    data.filter->Add(args.data[0], args.size());
    result.SetVectorType(duckdb::VectorType::CONSTANT_VECTOR);
    duckdb::ConstantVector::GetData<bool>(result)[0] = true;
    duckdb::ConstantVector::SetNull(result, false);
}

/* A value as the int64 key_bloom.h hashes. */
template <typename T> int64_t BloomKey(const T& value) { return static_cast<int64_t>(value); }
template <> int64_t BloomKey(const duckdb::string_t& value) { return KeyBloomStringKey(value.GetData(), value.GetSize()); }

} // namespace

BuildKeyFilter::BuildKeyFilter(uint64_t expected_rows) {
    uint32_t words = std::min(KeyBloomWords(std::max(expected_rows * 4, kMinStartKeys)), kMaxWords);
    words_ = std::make_unique<std::atomic<uint64_t>[]>(words);
    for (uint32_t i = 0; i < words; i++)
        words_[i].store(0, std::memory_order_relaxed);
    mask_ = words - 1;
}

template <typename T> void BuildKeyFilter::AddValues(const duckdb::UnifiedVectorFormat& format, duckdb::idx_t count) {
    auto values = duckdb::UnifiedVectorFormat::GetData<T>(format);
    uint64_t added = 0;
    for (duckdb::idx_t i = 0; i < count; i++) {
        duckdb::idx_t index = format.sel->get_index(i);
        if (!format.validity.RowIsValid(index))
            continue;
        uint64_t hash = KeyBloomHash(BloomKey(values[index]));
        uint64_t bits = KeyBloomBits(hash);
        std::atomic<uint64_t>& word = words_[hash & mask_];
        /* most keys of a build with duplicates find their bits set: no write to share */
        if ((word.load(std::memory_order_relaxed) & bits) != bits)
            word.fetch_or(bits, std::memory_order_relaxed);
        added++;
    }
    keys_.fetch_add(added, std::memory_order_relaxed);
}

void BuildKeyFilter::Add(duckdb::Vector& keys, duckdb::idx_t count) {
    duckdb::UnifiedVectorFormat format;
    keys.ToUnifiedFormat(count, format);
    switch (keys.GetType().InternalType()) {
    case duckdb::PhysicalType::INT16: AddValues<int16_t>(format, count); return;
    case duckdb::PhysicalType::INT32: AddValues<int32_t>(format, count); return;
    case duckdb::PhysicalType::INT64: AddValues<int64_t>(format, count); return;
    case duckdb::PhysicalType::VARCHAR: AddValues<duckdb::string_t>(format, count); return;
    /* IsBuildKeyType admits no other; not an INTERNAL error, which would invalidate the database */
    default: throw duckdb::InvalidInputException("pg_fusion internal: a build key filter of an unsupported type");
    }
}

std::string BuildKeyFilter::Words() const {
    uint64_t keys = Keys();
    uint32_t words = mask_ + 1;
    uint32_t target = KeyBloomWords(keys);
    if (static_cast<uint64_t>(words) * 64 < keys * kMinBitsPerKey)
        return std::string();
    std::vector<uint64_t> folded(words);
    for (uint32_t i = 0; i < words; i++)
        folded[i] = words_[i].load(std::memory_order_relaxed);
    while (words > target) {
        words /= 2;
        for (uint32_t i = 0; i < words; i++)
            folded[i] |= folded[i + words];
    }
    return std::string(reinterpret_cast<const char*>(folded.data()), sizeof(uint64_t) * words);
}

bool IsBuildKeyType(const duckdb::LogicalType& type) {
    switch (type.id()) {
    case duckdb::LogicalTypeId::SMALLINT:
    case duckdb::LogicalTypeId::INTEGER:
    case duckdb::LogicalTypeId::BIGINT:
    case duckdb::LogicalTypeId::DATE:
    case duckdb::LogicalTypeId::TIMESTAMP:
    case duckdb::LogicalTypeId::TIMESTAMP_TZ: return true;
    /* a collated string compares by its collation, not its bytes */
    case duckdb::LogicalTypeId::VARCHAR: return duckdb::StringType::GetCollation(type).empty();
    case duckdb::LogicalTypeId::DECIMAL: return type.InternalType() != duckdb::PhysicalType::INT128;
    default: return false;
    }
}

std::shared_ptr<BuildKeyFilter> CollectBuildKeys(duckdb::LogicalComparisonJoin& join, const duckdb::Expression& build_key) {
    auto& build = join.children[1];
    uint64_t expected = build->has_estimated_cardinality ? build->estimated_cardinality : 0;
    auto filter = std::make_shared<BuildKeyFilter>(expected);
    /* volatile: no rewrite may fold the always-true call away; it handles NULLs itself */
    duckdb::ScalarFunction function("pgf_build_keys", {build_key.return_type}, duckdb::LogicalType::BOOLEAN,
                                    AddBuildKeys, nullptr, nullptr, nullptr, nullptr,
                                    duckdb::LogicalType(duckdb::LogicalTypeId::INVALID),
                                    duckdb::FunctionStability::VOLATILE,
                                    duckdb::FunctionNullHandling::SPECIAL_HANDLING);
    duckdb::vector<duckdb::unique_ptr<duckdb::Expression>> arguments;
    arguments.push_back(build_key.Copy());
    auto call = duckdb::make_uniq<duckdb::BoundFunctionExpression>(
        duckdb::LogicalType::BOOLEAN, std::move(function), std::move(arguments), duckdb::make_uniq<BuildKeyFilterData>(filter));
    auto collector = duckdb::make_uniq<duckdb::LogicalFilter>(std::move(call));
    if (build->has_estimated_cardinality)
        collector->SetEstimatedCardinality(build->estimated_cardinality);
    collector->children.push_back(std::move(build));
    collector->ResolveOperatorTypes();
    build = std::move(collector);
    return filter;
}

} // namespace pgf
