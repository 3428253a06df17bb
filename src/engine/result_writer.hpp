/*
 * result_writer.hpp — encodes a query's DuckDB result chunks into result pages and hands
 * them to the session's backend.
 *
 * - The result column types were checked against the Execute message's result specs before
 *   the first chunk, so each column's cell writer is chosen once per query: no type switch
 *   per value. Chunks may hold any vector kind (flat, constant, dictionary); they are read
 *   through DuckDB's unified format without flattening.
 * - Flow control: at most kResultPagesInFlight pages per session are with the backend; the
 *   writer sleeps while the quota is used or the pool is empty, and stops (throws DuckDB's
 *   InterruptException) once the query should stop.
 * - A page changes owner to the session before the ResultPage message names it.
 * - A value that cannot fit in an empty page fails the query with SQLSTATE 54000.
 * Runs on the query thread only.
 */
#pragma once

#include <cstdint>
#include <vector>

#include "common/page_layout.h"
#include "common/page_pool.h"

namespace duckdb {
class DataChunk;
struct UnifiedVectorFormat;
}

namespace pgf {

class QueryContext;

constexpr int32_t kResultPagesInFlight = 4;

class ResultWriter {
public:
    explicit ResultWriter(QueryContext* query);
    ~ResultWriter();

    ResultWriter(const ResultWriter&) = delete;
    ResultWriter& operator=(const ResultWriter&) = delete;

    void Append(duckdb::DataChunk& chunk);
    /* Sends the last, partly filled page. */
    void Finish();
    uint64_t Rows() const { return rows_; }

    /* Writes value `index` of a column (not NULL) into the row being built; false if the page's heap is full. */
    using CellWriter = bool (*)(PageWriter& writer, uint16_t column, const duckdb::UnifiedVectorFormat& format,
                                uint64_t index);

private:
    bool AppendRow(const std::vector<duckdb::UnifiedVectorFormat>& formats, uint64_t row);
    [[noreturn]] void RowTooLarge(const std::vector<duckdb::UnifiedVectorFormat>& formats, uint64_t row) const;
    void StartPage();
    void SendPage();

    QueryContext* query_;
    std::vector<ColumnType> types_;
    std::vector<CellWriter> writers_;
    PageWriter writer_;
    PageRef page_{};
    bool has_page_ = false;
    uint64_t rows_ = 0;
};

} // namespace pgf
