/*
 * engine_host.cpp — the worker's DuckDB instance and query scheduling (see engine_host.hpp).
 */
#include "engine_host.hpp"

#include <algorithm>
#include <system_error>

#include "duckdb.hpp"
#include "duckdb/main/extension/extension_loader.hpp"
#include "duckdb/storage/buffer_manager.hpp"

#include "checked_arithmetic_function.hpp"
#include "join_filter_extension.hpp"
#include "numeric_division_function.hpp"
#include "pg_scan_function.hpp"
#include "query_runner.hpp"
#include "signal_block.hpp"
#include "sql_literal.hpp"

namespace pgf {

EngineHost::EngineHost(const PgfEngineConfig& config) : shared_(config), query_memory_(config.query_memory) {}

const char* EngineHost::LoadedSourceId() { return duckdb::DuckDB::SourceID(); }

std::unique_ptr<EngineHost> EngineHost::Create(const PgfEngineConfig& config, std::string* error) {
    try {
        std::unique_ptr<EngineHost> host(new EngineHost(config));
        if (host->shared_.Region().Header()->worker_generation.load() > 1)
            host->RecoverFromPreviousWorker();
        host->StartDatabase();
        return host;
    } catch (std::exception& e) {
        *error = duckdb::ErrorData(e).Message();
        return nullptr;
    }
}

EngineHost::~EngineHost() {
    for (auto& entry : running_)
        entry.second.query->Cancel();
    for (auto& entry : running_)
        entry.second.thread.join();
    running_.clear();
    queued_.clear();
    /* Destroying DuckDB joins its threads; nothing of it may run a signal handler meanwhile. */
    SignalBlock block;
    db_.reset();
}

bool EngineHost::SetMemoryLimit(const std::string& memory_limit, std::string* error) {
    if (db_) {
        duckdb::Connection connection(*db_);
        auto result = connection.Query(memory_limit.empty() ? std::string("RESET GLOBAL memory_limit")
                                                            : "SET GLOBAL memory_limit = " + QuoteLiteral(memory_limit));
        if (result->HasError()) {
            *error = result->GetError();
            return false;
        }
    }
    shared_.SetMemoryLimit(memory_limit);
    return true;
}

void EngineHost::StartDatabase() {
    const PgfEngineConfig& config = shared_.Config();
    duckdb::DBConfig db_config;
    if (config.threads > 0)
        db_config.SetOptionByName("threads", duckdb::Value::BIGINT(config.threads));
    if (config.memory_limit[0] != '\0')
        db_config.SetOptionByName("memory_limit", duckdb::Value(config.memory_limit));
    if (config.temp_directory[0] != '\0')
        db_config.SetOptionByName("temp_directory", duckdb::Value(config.temp_directory));
    /* A server process must not download or load code on a query's behalf. */
    db_config.SetOptionByName("autoinstall_known_extensions", duckdb::Value::BOOLEAN(false));
    db_config.SetOptionByName("autoload_known_extensions", duckdb::Value::BOOLEAN(false));
    SignalBlock block;
    db_.reset();
    db_ = std::make_unique<duckdb::DuckDB>(nullptr, &db_config);
    /* the instance does not take optimizer extensions from the config it starts with */
    duckdb::DBConfig::GetConfig(*db_->instance).optimizer_extensions.push_back(MakeJoinFilterExtension());
    duckdb::ExtensionLoader loader(*db_->instance, "pg_fusion");
    loader.RegisterFunction(MakePgScanFunction());
    loader.RegisterFunction(MakeNumericDivisionFunction());
    for (auto& function : MakeCheckedArithmeticFunctions())
        loader.RegisterFunction(function);
}

/*
 * The previous worker died with pages: the ones still named by ScanPage messages in the
 * rings, and the ones it held. All go back to the pool. The dead worker could not credit
 * the scans' flow control for the pages it held, and its queries are gone (their backends
 * fail them on the new generation), so every scan counter restarts from zero.
 * Runs before the worker reports Ready, so no backend starts a query meanwhile.
 */
void EngineHost::RecoverFromPreviousWorker() {
    SharedRegion& region = shared_.Region();
    std::string bytes;
    for (uint32_t s = 0; s < region.SessionCount(); s++) {
        SessionSlot* slot = region.Session(s);
        while (slot->to_worker.TryRead(&bytes)) {
            ScanPageMessage page;
            if (Decode(bytes, &page))
                region.Pool().Release(page.page, kWorkerOwner);
        }
    }
    region.Pool().ReleaseAllOwnedBy(kWorkerOwner);
    for (uint32_t s = 0; s < region.SessionCount(); s++)
        for (auto& counter : region.Session(s)->scan_pages_in_flight)
            counter.store(0);
}

QueryContext* EngineHost::FindQuery(uint64_t query_id) {
    auto it = running_.find(query_id);
    if (it != running_.end())
        return it->second.query.get();
    for (auto& queued : queued_)
        if (queued->Id() == query_id)
            return queued.get();
    return nullptr;
}

void EngineHost::HandleMessage(uint32_t session, bool from_helper, const std::string& bytes) {
    MessageType type;
    if (!PeekType(bytes, &type))
        return;
    /* Helpers only produce scan pages; queries are started and cancelled by their backend. */
    if (from_helper && type != MessageType::ScanPage && type != MessageType::ScanEnd) {
        shared_.Log(true, "pg_fusion engine: message type " + std::to_string(static_cast<int>(type)) +
                              " from a scan helper ignored");
        return;
    }
    switch (type) {
    case MessageType::Execute: {
        ExecuteMessage execute;
        if (!Decode(bytes, &execute)) {
            shared_.Log(true, "pg_fusion engine: malformed Execute message ignored");
            return;
        }
        queued_.push_back(std::make_unique<QueryContext>(&shared_, session, std::move(execute)));
        break;
    }
    case MessageType::ScanPage: {
        ScanPageMessage page;
        if (!Decode(bytes, &page))
            return;
        QueryContext* query = FindQuery(page.query_id);
        if (query == nullptr || query->Session() != session || !query->PushScanPage(page)) {
            shared_.ReleaseScanPage(session, page.page);
            shared_.CreditScan(session, page.query_id, page.scan);
        }
        break;
    }
    case MessageType::ScanEnd: {
        ScanEndMessage end;
        QueryContext* query = Decode(bytes, &end) ? FindQuery(end.query_id) : nullptr;
        if (query != nullptr && query->Session() == session)
            query->EndScan(end.scan, end.pages);
        break;
    }
    case MessageType::Cancel: {
        CancelMessage cancel;
        QueryContext* query = Decode(bytes, &cancel) ? FindQuery(cancel.query_id) : nullptr;
        if (query != nullptr && query->Session() == session)
            query->Cancel();
        break;
    }
    default:
        shared_.Log(true, "pg_fusion engine: unexpected message type " + std::to_string(static_cast<int>(type)) +
                              " from a backend ignored");
        break;
    }
}

/* Repeated on every service(): an interrupt that reached DuckDB between two of its calls is lost. */
void EngineHost::CancelStoppedQueries() {
    for (auto& entry : running_)
        if (!entry.second.query->Finished() && entry.second.query->ShouldStop())
            entry.second.query->Cancel();
}

void EngineHost::ReapQueries() {
    for (auto it = running_.begin(); it != running_.end();) {
        if (!it->second.query->Finished()) {
            ++it;
            continue;
        }
        it->second.thread.join();
        it = running_.erase(it);
    }
    if (!recreate_database_ && db_ && duckdb::ValidChecker::IsInvalidated(*db_->instance)) {
        recreate_database_ = true;
        shared_.Log(true, "pg_fusion engine: the DuckDB instance was invalidated (" +
                              duckdb::ValidChecker::InvalidatedMessage(*db_->instance) +
                              "); it is recreated once its running queries end");
    }
    if (recreate_database_ && running_.empty()) {
        /* If this throws, db_ is gone and recreate_database_ stays set: no query starts, the next service() retries. */
        StartDatabase();
        recreate_database_ = false;
        shared_.Region().Header()->metrics.engine_recreations.fetch_add(1);
        shared_.Log(false, "pg_fusion engine: DuckDB instance recreated");
    }
}

size_t EngineHost::QueriesAtOnce() const {
    size_t limit = static_cast<size_t>(std::max(shared_.Config().max_queries, 1));
    if (query_memory_ <= 0 || !db_)
        return limit;
    idx_t memory = duckdb::BufferManager::GetBufferManager(*db_->instance).GetMaxMemory();
    return std::max<size_t>(1, std::min<size_t>(limit, memory / static_cast<idx_t>(query_memory_)));
}

void EngineHost::StartQueries() {
    const size_t limit = QueriesAtOnce();
    while (!recreate_database_ && !queued_.empty() && running_.size() < limit) {
        std::unique_ptr<QueryContext> query = std::move(queued_.front());
        queued_.pop_front();
        QueryContext* raw = query.get();
        duckdb::DuckDB* db = db_.get();
        std::thread thread;
        try {
            SignalBlock block;
            thread = std::thread([db, raw]() { RunQuery(*db, raw); });
        } catch (std::system_error& e) {
            FailUnstarted(raw, std::string("pg_fusion: could not start an engine query thread: ") + e.what());
            continue;
        }
        RunningQuery& slot = running_[raw->Id()];
        slot.query = std::move(query);
        slot.thread = std::move(thread);
    }
}

void EngineHost::FailUnstarted(QueryContext* query, const std::string& message) {
    QueryErrorMessage error;
    error.query_id = query->Id();
    error.sqlstate = "53000";
    error.message = message;
    query->CloseScans();
    shared_.SendToBackend(query->Session(), Encode(error), query->CancelledFlag());
    shared_.Log(true, message);
}

void EngineHost::Service() {
    try {
        ServiceOnce();
    } catch (std::exception& e) {
        shared_.Log(true, std::string("pg_fusion engine: service failed: ") + e.what());
    }
    shared_.FlushLog();
}

void EngineHost::ServiceOnce() {
    SharedRegion& region = shared_.Region();
    std::string bytes;
    /* Detached sessions too: a backend that exited may have left scan pages to free. A scan
     * helper's messages belong to the session it produces for. */
    for (uint32_t s = 0; s < region.SessionCount(); s++) {
        SessionSlot* slot = region.Session(s);
        while (slot->to_worker.TryRead(&bytes)) {
            int32_t produces_for = slot->produces_for.load();
            bool helper = produces_for >= 0 && static_cast<uint32_t>(produces_for) < region.SessionCount();
            HandleMessage(helper ? static_cast<uint32_t>(produces_for) : s, helper, bytes);
        }
    }
    CancelStoppedQueries();
    ReapQueries();
    StartQueries();
}

} // namespace pgf
