#include "engine_host.hpp"

#include <csignal>

#include "duckdb.hpp"
#include "duckdb/main/extension/extension_loader.hpp"

#include "pg_scan_function.hpp"
#include "query_runner.hpp"

namespace pgf {

namespace {

/* Blocks every signal in the calling thread for the scope's lifetime. */
class SignalBlock {
public:
    SignalBlock() {
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &saved_);
    }
    ~SignalBlock() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }

private:
    sigset_t saved_;
};

} // namespace

EngineHost::EngineHost(const PgfEngineConfig& config) : shared_(config) {}

const char* EngineHost::LoadedSourceId() { return duckdb::DuckDB::SourceID(); }

std::unique_ptr<EngineHost> EngineHost::Create(const PgfEngineConfig& config, std::string* error) {
    try {
        std::unique_ptr<EngineHost> host(new EngineHost(config));
        host->RecoverFromPreviousWorker();
        host->StartDatabase();
        return host;
    } catch (std::exception& e) {
        *error = duckdb::ErrorData(e).RawMessage();
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
    SignalBlock block;
    db_.reset();
}

void EngineHost::StartDatabase() {
    const PgfEngineConfig& config = shared_.Config();
    duckdb::DBConfig db_config;
    db_config.options.maximum_threads = static_cast<idx_t>(config.threads);
    if (config.memory_limit[0] != '\0')
        db_config.SetOptionByName("memory_limit", duckdb::Value(config.memory_limit));
    if (config.temp_directory[0] != '\0')
        db_config.SetOptionByName("temp_directory", duckdb::Value(config.temp_directory));
    db_config.SetOptionByName("autoinstall_known_extensions", duckdb::Value::BOOLEAN(false));
    db_config.SetOptionByName("autoload_known_extensions", duckdb::Value::BOOLEAN(false));
    SignalBlock block;
    db_.reset();
    db_ = std::make_unique<duckdb::DuckDB>(nullptr, &db_config);
    duckdb::ExtensionLoader loader(*db_->instance, "pg_fusion");
    loader.RegisterFunction(MakePgScanFunction());
}

/* A previous worker may have died holding pages: everything it owned, and every page still
 * queued to it, goes back to the pool. Backends fail their queries when they see the new
 * generation. */
void EngineHost::RecoverFromPreviousWorker() {
    SharedRegion& region = shared_.Region();
    std::string bytes;
    for (uint32_t s = 0; s < region.SessionCount(); s++) {
        while (region.Session(s)->to_worker.TryRead(&bytes)) {
            ScanPageMessage page;
            if (Decode(bytes, &page))
                shared_.ReleaseScanPage(s, page.scan, page.page);
        }
    }
    region.Pool().ReleaseAllOwnedBy(kWorkerOwner);
    for (uint32_t s = 0; s < region.SessionCount(); s++) {
        for (auto& counter : region.Session(s)->scan_pages_in_flight)
            counter.store(0);
        region.Session(s)->result_pages_in_flight.store(static_cast<int32_t>(region.Pool().CountOwnedBy(SessionOwner(s))));
    }
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

void EngineHost::HandleMessage(uint32_t session, const std::string& bytes) {
    MessageType type;
    if (!PeekType(bytes, &type))
        return;
    switch (type) {
    case MessageType::Execute: {
        auto query = std::make_unique<QueryContext>();
        if (!Decode(bytes, &query->execute)) {
            shared_.Log(true, "malformed Execute message ignored");
            return;
        }
        query->shared = &shared_;
        query->session = session;
        for (size_t k = 0; k < query->execute.scans.size(); k++)
            query->scans.push_back(std::make_unique<ScanChannel>());
        queued_.push_back(std::move(query));
        break;
    }
    case MessageType::ScanPage: {
        ScanPageMessage page;
        if (!Decode(bytes, &page))
            return;
        QueryContext* query = FindQuery(page.query_id);
        if (query == nullptr || query->finished.load() || page.scan >= query->scans.size()) {
            shared_.ReleaseScanPage(session, page.scan, page.page);
            return;
        }
        ScanChannel& channel = *query->scans[page.scan];
        std::lock_guard<std::mutex> guard(channel.mutex);
        channel.pages.push_back(page);
        channel.ready.notify_all();
        break;
    }
    case MessageType::ScanEnd: {
        ScanEndMessage end;
        if (!Decode(bytes, &end))
            return;
        QueryContext* query = FindQuery(end.query_id);
        if (query == nullptr || end.scan >= query->scans.size())
            return;
        ScanChannel& channel = *query->scans[end.scan];
        std::lock_guard<std::mutex> guard(channel.mutex);
        channel.ended = true;
        channel.ready.notify_all();
        break;
    }
    case MessageType::Cancel: {
        CancelMessage cancel;
        if (!Decode(bytes, &cancel))
            return;
        if (QueryContext* query = FindQuery(cancel.query_id))
            query->Cancel();
        break;
    }
    default:
        shared_.Log(true, "unexpected message type from a backend ignored");
        break;
    }
}

void EngineHost::CancelAbandonedQueries() {
    for (auto& entry : running_)
        if (!entry.second.query->cancelled.load() && entry.second.query->ShouldStop())
            entry.second.query->Cancel();
}

void EngineHost::ReapQueries() {
    for (auto it = running_.begin(); it != running_.end();) {
        if (!it->second.query->finished.load()) {
            ++it;
            continue;
        }
        it->second.thread.join();
        it = running_.erase(it);
    }
    if (!recreate_database_ && db_ && duckdb::ValidChecker::IsInvalidated(*db_->instance)) {
        recreate_database_ = true;
        shared_.Log(true, "the DuckDB instance was invalidated; it is recreated once its queries end");
    }
    if (recreate_database_ && running_.empty()) {
        StartDatabase();
        recreate_database_ = false;
        shared_.Region().Header()->metrics.engine_recreations.fetch_add(1);
    }
}

void EngineHost::StartQueries() {
    int limit = shared_.Config().max_queries;
    while (!recreate_database_ && !queued_.empty() && static_cast<int>(running_.size()) < limit) {
        std::unique_ptr<QueryContext> query = std::move(queued_.front());
        queued_.pop_front();
        QueryContext* raw = query.get();
        duckdb::DuckDB* db = db_.get();
        RunningQuery& slot = running_[raw->Id()];
        slot.query = std::move(query);
        SignalBlock block;
        slot.thread = std::thread([db, raw]() { RunQuery(*db, raw); });
    }
}

void EngineHost::Service() {
    SharedRegion& region = shared_.Region();
    std::string bytes;
    for (uint32_t s = 0; s < region.SessionCount(); s++) {
        ByteRing& ring = region.Session(s)->to_worker;
        while (ring.TryRead(&bytes))
            HandleMessage(s, bytes);
    }
    CancelAbandonedQueries();
    ReapQueries();
    StartQueries();
    shared_.FlushLog();
}

} // namespace pgf
