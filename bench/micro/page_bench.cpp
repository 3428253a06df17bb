/*
 * Micro-benchmarks of the scan hot path's PostgreSQL-free parts (Google Benchmark): filling a
 * page a row at a time (fixed-width values, decimals, short and long strings), converting
 * PostgreSQL numeric digits to scaled decimals, and reading a finished page. A regression in
 * the per-row cost of the boundary shows here as ns per row. The Datum encoders themselves
 * (src/backend/types/value_codec.cpp) need a PostgreSQL server and are measured by the
 * benchmark command's boundary comparison instead.
 *
 *   build/pgf_micro_bench [--benchmark_filter=String]
 */
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

#include "common/decimal_codec.h"
#include "common/page_layout.h"

namespace {

using namespace pgf;

constexpr uint32_t kPageSize = 512 * 1024;

/* Fills pages of `types` with `fill(writer, row)` until `rows` rows are written. */
template <typename Fill>
void FillPages(benchmark::State& state, const std::vector<ColumnType>& types, Fill fill) {
    std::vector<uint8_t> page(kPageSize);
    PageWriter writer;
    uint64_t rows = 0;
    for (auto _ : state) {
        writer.Begin(page.data(), kPageSize, types.data(), static_cast<uint16_t>(types.size()));
        while (!writer.RowsFull()) {
            if (!fill(writer, rows)) {
                writer.AbandonRow();
                break;
            }
            writer.CommitRow();
            rows++;
        }
        benchmark::DoNotOptimize(page.data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(rows));
}

void BM_FillInt64x4(benchmark::State& state) {
    FillPages(state, {ColumnType::Int64, ColumnType::Int64, ColumnType::Int64, ColumnType::Int64},
              [](PageWriter& w, uint64_t r) {
                  for (uint16_t c = 0; c < 4; c++)
                      w.SetValue<int64_t>(c, static_cast<int64_t>(r + c));
                  return true;
              });
}
BENCHMARK(BM_FillInt64x4);

void BM_FillShortStrings(benchmark::State& state) {
    FillPages(state, {ColumnType::Varchar, ColumnType::Varchar}, [](PageWriter& w, uint64_t r) {
        return w.SetString(0, "R", 1) && w.SetString(1, r % 2 ? "F" : "O", 1);
    });
}
BENCHMARK(BM_FillShortStrings);

void BM_FillLongStrings(benchmark::State& state) {
    static const std::string comment = "carefully final deposits detect slyly agai";
    FillPages(state, {ColumnType::Varchar},
              [](PageWriter& w, uint64_t) { return w.SetString(0, comment.data(), static_cast<uint32_t>(comment.size())); });
}
BENCHMARK(BM_FillLongStrings);

void BM_FillWithNulls(benchmark::State& state) {
    FillPages(state, {ColumnType::Int32, ColumnType::Date}, [](PageWriter& w, uint64_t r) {
        if (r % 3 == 0)
            w.SetNull(0);
        else
            w.SetValue<int32_t>(0, static_cast<int32_t>(r));
        w.SetValue<int32_t>(1, static_cast<int32_t>(r % 10000));
        return true;
    });
}
BENCHMARK(BM_FillWithNulls);

/* numeric(15,2) values as PostgreSQL stores them: 0.04 ({400}, weight -1), 12345.67
 * ({1, 2345, 6700}, weight 1), 17.00 ({17}, weight 0). */
void BM_NumericToScaled(benchmark::State& state) {
    const int16_t small[] = {400};
    const int16_t mid[] = {1, 2345, 6700};
    const int16_t whole[] = {17};
    int128 out = 0;
    for (auto _ : state) {
        NumericDigitsToScaled(small, 1, -1, false, 2, &out);
        benchmark::DoNotOptimize(out);
        NumericDigitsToScaled(mid, 3, 1, false, 2, &out);
        benchmark::DoNotOptimize(out);
        NumericDigitsToScaled(whole, 1, 0, true, 2, &out);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 3);
}
BENCHMARK(BM_NumericToScaled);

/* 38-digit values take the general path. */
void BM_NumericToScaledWide(benchmark::State& state) {
    const int16_t wide[] = {99, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999};
    int128 out = 0;
    for (auto _ : state) {
        NumericDigitsToScaled(wide, 10, 9, false, 0, &out);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_NumericToScaledWide);

/* Reading a finished page back, value by value and string by string (the result import's shape). */
void BM_ReadPage(benchmark::State& state) {
    std::vector<ColumnType> types = {ColumnType::Int64, ColumnType::Varchar};
    std::vector<uint8_t> page(kPageSize);
    PageWriter writer;
    writer.Begin(page.data(), kPageSize, types.data(), 2);
    for (uint64_t r = 0; !writer.RowsFull(); r++) {
        writer.SetValue<int64_t>(0, static_cast<int64_t>(r));
        writer.SetString(1, r % 2 ? "a fairly long string value" : "short", r % 2 ? 26 : 5);
        writer.CommitRow();
    }
    PageView view(page.data());
    uint64_t rows = 0;
    for (auto _ : state) {
        int64_t sum = 0;
        uint32_t length_sum = 0;
        for (uint32_t r = 0; r < view.RowCount(); r++) {
            sum += view.Value<int64_t>(0, r);
            uint32_t length;
            view.StringData(1, r, &length);
            length_sum += length;
        }
        benchmark::DoNotOptimize(sum);
        benchmark::DoNotOptimize(length_sum);
        rows += view.RowCount();
    }
    state.SetItemsProcessed(static_cast<int64_t>(rows));
}
BENCHMARK(BM_ReadPage);

} // namespace

BENCHMARK_MAIN();
