/*
 * build_key_filter.hpp — a Bloom filter of a hash join's build keys, for its probe scan's
 * producers.
 *
 * DuckDB 1.4 gives a probe scan the build side's key list only while the build holds at most
 * dynamic_or_filter_threshold rows (pg_fusion.join_key_list_limit); above that it gives the
 * keys' min/max only, and the probe scan reads, encodes and ships every row the join then
 * drops (TPC-H Q3: 3.2 million lineitem rows for 30,000 join rows; its 146,000 order keys are
 * above the limit). So pg_fusion collects such a join's build keys itself: a filter above the
 * build side, always true, sets each key's bits in a BuildKeyFilter that the probe's pg_scan
 * also holds; when the scan opens it sends the filled filter in its OpenScan
 * (FilterOp::KeyBloom, key_bloom.h), and the producers drop the rows whose key no build row
 * has before encoding them.
 *
 * Exactness: once the build side is complete the filter holds every build key; a false
 * positive only lets through a row the join drops. pg_scan sends it only when the scan opens
 * after the build completed: the probe reaches the join without a pipeline breaker (the
 * scan's pipeline starts after the build's; join_filter_extension.cpp checks) and the scan's
 * filters hold the join's maximum on the key column, which DuckDB pushes when the build
 * finishes. An integer key list DuckDB gave the scan (a small build), which the producers check
 * themselves, makes the filter redundant: not sent. Keys: integers, dates, timestamps and
 * decimals of at most 18 digits, hashed as int64 (their page values widened, as the producers
 * read them), and strings without a collation, hashed by their bytes (DuckDB's equality for
 * them); NULL keys are never added (they match nothing). The build rows themselves all pass
 * on, NULL keys too.
 *
 * Threads: Add runs on every thread of the build pipeline at once (atomic word updates).
 */
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "duckdb.hpp"
#include "duckdb/planner/operator/logical_comparison_join.hpp"

namespace pgf {

class BuildKeyFilter {
public:
    /* Sized for expected_rows keys with room to spare (it folds to what it received). */
    explicit BuildKeyFilter(uint64_t expected_rows);

    void Add(duckdb::Vector& keys, duckdb::idx_t count);
    /* Non-NULL keys added so far (duplicates counted). */
    uint64_t Keys() const { return keys_.load(std::memory_order_relaxed); }
    /* The words, folded to about kKeyBloomBitsPerKey per key received; empty if the filter is
     * too full to drop much (it was sized far below the build). */
    std::string Words() const;

private:
    template <typename T> void AddValues(const duckdb::UnifiedVectorFormat& format, duckdb::idx_t count);

    std::unique_ptr<std::atomic<uint64_t>[]> words_;
    uint32_t mask_;
    std::atomic<uint64_t> keys_{0};
};

/* Whether a join key of this type can go into a filter. */
bool IsBuildKeyType(const duckdb::LogicalType& type);

/* Puts the always-true filter that feeds the returned BuildKeyFilter with build_key (an
 * expression over the build side's columns) above join's build side. */
std::shared_ptr<BuildKeyFilter> CollectBuildKeys(duckdb::LogicalComparisonJoin& join, const duckdb::Expression& build_key);

} // namespace pgf
