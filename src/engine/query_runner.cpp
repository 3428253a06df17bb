/*
 * query_runner.cpp — one engine query on its own thread (see query_runner.hpp).
 */
#include "query_runner.hpp"

#include <chrono>
#include <exception>
#include <thread>

#include "duckdb.hpp"
#include "duckdb/main/profiling_node.hpp"
#include "duckdb/main/query_profiler.hpp"

#include "common/protocol.h"

#include "engine_error.hpp"
#include "pg_scan_function.hpp"
#include "query_context.hpp"
#include "result_writer.hpp"
#include "sql_literal.hpp"

namespace pgf {

namespace {

bool Contains(const std::string& text, const char* needle) { return text.find(needle) != std::string::npos; }

/*
 * The backend deparses PostgreSQL errors it must reproduce into DuckDB's error('...') with
 * PostgreSQL's message text, which DuckDB raises as invalid input; the message decides then.
 */
const char* SqlStateFor(const duckdb::ErrorData& error) {
    const std::string& message = error.RawMessage();
    switch (error.Type()) {
    case duckdb::ExceptionType::INTERRUPT: return "57014";
    case duckdb::ExceptionType::DIVIDE_BY_ZERO: return "22012";
    case duckdb::ExceptionType::OUT_OF_RANGE: return "22003";
    case duckdb::ExceptionType::OUT_OF_MEMORY: return "53200";
    case duckdb::ExceptionType::CONVERSION:
    case duckdb::ExceptionType::INVALID_INPUT:
        if (Contains(message, "division by zero"))
            return "22012";
        if (Contains(message, "out of range") || Contains(message, "overflow") || Contains(message, "Overflow"))
            return "22003";
        return "22023";
    default: return "XX000";
    }
}

/*
 * DuckDB's out-of-memory message goes on with advice in DuckDB's terms (SET threads, SET
 * memory_limit, a web page) that a PostgreSQL user cannot follow: only its first line stays,
 * with the pg_fusion settings that decide.
 */
std::string OutOfMemoryMessage(const std::string& duckdb_message, const std::string& memory_limit) {
    std::string first_line = duckdb_message.substr(0, duckdb_message.find('\n'));
    return "pg_fusion: the engine ran out of memory (" + first_line + ") under pg_fusion.engine_memory_limit = " +
           (memory_limit.empty() ? std::string("DuckDB's default") : memory_limit) +
           "; raise it, or lower pg_fusion.engine_threads (each engine thread holds its own hash tables)";
}

/* Error messages travel through a 64 KiB ring; PostgreSQL wants whole UTF-8 characters. */
constexpr size_t kMaxErrorMessage = 8192;

void TruncateMessage(std::string* message) {
    if (message->size() <= kMaxErrorMessage)
        return;
    size_t length = kMaxErrorMessage;
    while (length > 0 && (static_cast<unsigned char>((*message)[length]) & 0xC0) == 0x80)
        length--;
    message->resize(length);
}

[[noreturn]] void Rethrow(const duckdb::ErrorData& error) { error.Throw(); }

/* A profile travels in QueryDone through the same ring. */
constexpr size_t kMaxProfile = 32768;

/* A metric the profiler collected, as text; empty if it did not. */
std::string Metric(const duckdb::ProfilingInfo& info, duckdb::MetricsType metric) {
    auto it = info.metrics.find(metric);
    return it == info.metrics.end() || it->second.IsNull() ? std::string() : it->second.ToString();
}

/* One line per operator, children indented: name (and join type), rows, seconds (DuckDB's profiler). */
void RenderOperators(duckdb::ProfilingNode& node, int depth, std::string* out) {
    const auto& info = node.GetProfilingInfo();
    std::string name = Metric(info, duckdb::MetricsType::OPERATOR_NAME);
    while (!name.empty() && name.back() == ' ')
        name.pop_back();
    if (!name.empty()) {
        char line[256];
        auto timing = info.metrics.find(duckdb::MetricsType::OPERATOR_TIMING);
        double seconds = timing == info.metrics.end() ? 0.0 : timing->second.GetValue<double>();
        /* a join's type tells which side is probed, and so which scans can get its keys */
        auto join_type = info.extra_info.find("Join Type");
        if (join_type != info.extra_info.end())
            name += " " + join_type->second;
        snprintf(line, sizeof(line), "%*s%s  rows=%s  time=%.3f ms\n", 2 * depth, "", name.c_str(),
                 Metric(info, duckdb::MetricsType::OPERATOR_CARDINALITY).c_str(), seconds * 1000.0);
        if (out->size() + strlen(line) > kMaxProfile)
            return;
        *out += line;
        depth++;
    }
    for (idx_t i = 0; i < node.GetChildCount(); i++)
        RenderOperators(*node.GetChild(i), depth, out);
}

std::string OperatorProfile(duckdb::Connection& connection) {
    std::string text;
    duckdb::QueryProfiler::Get(*connection.context).GetRootUnderLock([&](duckdb::optional_ptr<duckdb::ProfilingNode> root) {
        if (root)
            RenderOperators(*root, 0, &text);
    });
    return text;
}

void CheckResultTypes(const QueryContext& query, const duckdb::vector<duckdb::LogicalType>& types) {
    const auto& expected = query.Execute().result_columns;
    if (types.size() != expected.size())
        throw EngineError("XX000", "pg_fusion internal: engine result has " + std::to_string(types.size()) +
                                       " columns, expected " + std::to_string(expected.size()));
    for (size_t i = 0; i < types.size(); i++) {
        duckdb::LogicalType want = EngineLogicalType(expected[i]);
        if (types[i] != want)
            throw EngineError("XX000", "pg_fusion internal: engine result column " + std::to_string(i + 1) +
                                           " has type " + types[i].ToString() + ", expected " + want.ToString());
    }
}

/*
 * Runs the query's tasks on this thread until the first result is ready. When DuckDB has no
 * task for this thread (its other threads run them, or a pg_scan waits for the backend) the
 * thread naps instead of polling: on two cores a spinning engine thread would take the CPU
 * from the backend that produces the scan pages.
 */
void DriveUntilReady(duckdb::PendingQueryResult& pending) {
    for (;;) {
        duckdb::PendingExecutionResult state = pending.ExecuteTask();
        if (state == duckdb::PendingExecutionResult::EXECUTION_ERROR || pending.HasError())
            Rethrow(pending.GetErrorObject());
        if (duckdb::PendingQueryResult::IsResultReady(state))
            return;
        if (state == duckdb::PendingExecutionResult::NO_TASKS_AVAILABLE ||
            state == duckdb::PendingExecutionResult::BLOCKED)
            std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
}

/* Runs the SQL on the connection and streams its result; returns the row count, throws on
 * any failure. With profile set, leaves DuckDB's operator tree in *profile. */
uint64_t ExecuteOn(duckdb::Connection& connection, QueryContext* query, std::string* profile) {
    /* Cleared before the connection dies, also when this throws. */
    struct InterruptRegistration {
        QueryContext* query;
        ~InterruptRegistration() { query->SetInterrupt(nullptr); }
    } registration{query};
    query->SetInterrupt([&connection]() { connection.Interrupt(); });
    if (!query->Execute().time_zone.empty()) {
        /* A PostgreSQL zone ICU does not know (e.g. a POSIX "<+03>-03") leaves the engine on UTC:
         * the planner keeps every TimeZone-dependent expression out of engine SQL, so only
         * diagnostics (fusion.engine_eval) can observe the difference. */
        (void)connection.Query("SET TimeZone = " + QuoteLiteral(query->Execute().time_zone));
    }
    if (query->Execute().profile)
        (void)connection.Query("PRAGMA enable_profiling = 'no_output'");
    /* A hash join's build side of up to this many rows becomes an IN list on the probe scan,
     * which the producers apply and key probes plan with (DuckDB's default is 50). */
    (void)connection.Query("SET dynamic_or_filter_threshold = " + std::to_string(query->Execute().join_key_list_limit));
    if (query->ShouldStop())
        throw duckdb::InterruptException();
    duckdb::unique_ptr<duckdb::QueryResult> result;
    {
        CurrentQueryScope scope(query);
        auto pending = connection.PendingQuery(query->Execute().sql, true);
        if (pending->HasError())
            Rethrow(pending->GetErrorObject());
        DriveUntilReady(*pending);
        result = pending->Execute();
    }
    if (result->HasError())
        Rethrow(result->GetErrorObject());
    CheckResultTypes(*query, result->types);
    ResultWriter writer(query);
    for (;;) {
        auto chunk = result->FetchRaw();
        if (result->HasError())
            Rethrow(result->GetErrorObject());
        if (!chunk || chunk->size() == 0)
            break;
        writer.Append(*chunk);
    }
    writer.Finish();
    /* The profile is complete once the result is closed. */
    result.reset();
    if (query->Execute().profile)
        *profile = OperatorProfile(connection);
    return writer.Rows();
}

/*
 * A connection must never be destroyed by an exception passing through: DuckDB's
 * ~ClientContext skips its cleanup while an exception unwinds (std::uncaught_exceptions), so
 * the query's executor would be freed without cancelling its tasks, and a task still running
 * on another DuckDB thread would then use it (the engine worker crashed in
 * Executor::PushError after a cursor was closed half way). The failure is caught, the
 * connection is destroyed normally, which cancels the query and waits for every task, and
 * only then is the failure rethrown.
 */
uint64_t Execute(duckdb::DuckDB& db, QueryContext* query, std::string* profile) {
    if (query->ShouldStop())
        throw duckdb::InterruptException();
    std::exception_ptr failure;
    uint64_t rows = 0;
    {
        duckdb::Connection connection(db);
        try {
            rows = ExecuteOn(connection, query, profile);
        } catch (...) {
            failure = std::current_exception();
        }
    }
    if (failure)
        std::rethrow_exception(failure);
    return rows;
}

} // namespace

void RunQuery(duckdb::DuckDB& db, QueryContext* query) {
    QueryErrorMessage error;
    error.query_id = query->Id();
    bool failed = true;
    uint64_t rows = 0;
    std::string profile;
    auto start = std::chrono::steady_clock::now();
    try {
        rows = Execute(db, query, &profile);
        failed = false;
    } catch (EngineError& e) {
        error.sqlstate = e.SqlState();
        error.message = e.what();
    } catch (std::exception& e) {
        duckdb::ErrorData data(e);
        error.sqlstate = SqlStateFor(data);
        error.message = data.Type() == duckdb::ExceptionType::OUT_OF_MEMORY
                            ? OutOfMemoryMessage(data.RawMessage(), query->Shared().MemoryLimit())
                            : data.RawMessage();
    } catch (...) {
        error.sqlstate = "XX000";
        error.message = "pg_fusion internal: unknown engine failure";
    }
    /* Whatever failed after a cancel, the backend asked for the cancel. */
    if (failed && query->Cancelled())
        error.sqlstate = "57014";
    TruncateMessage(&error.message);
    query->CloseScans();
    std::string bytes;
    if (failed) {
        bytes = Encode(error);
    } else {
        QueryDoneMessage done;
        done.query_id = query->Id();
        done.rows = rows;
        done.engine_us = static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count());
        done.scan_wait_us = query->ScanWaitMicros();
        done.profile = std::move(profile);
        bytes = Encode(done);
    }
    query->Shared().SendToBackend(query->Session(), bytes, query->CancelledFlag());
    query->MarkFinished();
}

} // namespace pgf
