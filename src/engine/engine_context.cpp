#include "engine_context.hpp"

#include <chrono>
#include <thread>

namespace pgf {

EngineShared::EngineShared(const PgfEngineConfig& config)
    : config_(config),
      memory_limit_(config.memory_limit ? config.memory_limit : ""),
      temp_directory_(config.temp_directory ? config.temp_directory : ""),
      region_(config.region) {
    config_.memory_limit = memory_limit_.c_str();
    config_.temp_directory = temp_directory_.c_str();
    session_mutexes_.reset(new std::mutex[region_.SessionCount()]);
}

void EngineShared::WakeBackend(uint32_t session) {
    void* latch = region_.Session(session)->backend_latch;
    if (latch != nullptr)
        config_.wake_latch(latch);
}

bool EngineShared::SendToBackend(uint32_t session, const std::string& bytes, const std::atomic<bool>* give_up) {
    SessionSlot* slot = region_.Session(session);
    {
        std::lock_guard<std::mutex> guard(session_mutexes_[session]);
        while (!slot->to_backend.TryWrite(bytes)) {
            if ((give_up != nullptr && give_up->load()) || slot->attached.load() == 0)
                return false;
            WakeBackend(session);
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    }
    WakeBackend(session);
    return true;
}

void EngineShared::ReleaseScanPage(uint32_t session, uint16_t scan, PageRef page) {
    if (Pool().Release(page, kWorkerOwner) && scan < kMaxScansPerQuery) {
        region_.Session(session)->scan_pages_in_flight[scan].fetch_sub(1);
        WakeBackend(session);
    }
}

void EngineShared::Log(bool warning, std::string message) {
    std::lock_guard<std::mutex> guard(log_mutex_);
    log_.emplace_back(warning, std::move(message));
}

void EngineShared::FlushLog() {
    std::vector<std::pair<bool, std::string>> pending;
    {
        std::lock_guard<std::mutex> guard(log_mutex_);
        pending.swap(log_);
    }
    for (auto& entry : pending)
        config_.log(entry.first ? 1 : 0, entry.second.c_str());
}

void QueryContext::SetInterrupt(std::function<void()> interrupt) {
    std::lock_guard<std::mutex> guard(interrupt_mutex_);
    interrupt_ = std::move(interrupt);
}

bool QueryContext::ShouldStop() const {
    return cancelled.load() || shared->Region().Session(session)->query_id.load() != Id();
}

void QueryContext::Cancel() {
    cancelled.store(true);
    {
        std::lock_guard<std::mutex> guard(interrupt_mutex_);
        if (interrupt_)
            interrupt_();
    }
    for (auto& scan : scans) {
        std::lock_guard<std::mutex> guard(scan->mutex);
        scan->ready.notify_all();
    }
}

void QueryContext::ReleaseQueuedPages() {
    for (size_t k = 0; k < scans.size(); k++) {
        std::lock_guard<std::mutex> guard(scans[k]->mutex);
        for (const ScanPageMessage& page : scans[k]->pages)
            shared->ReleaseScanPage(session, static_cast<uint16_t>(k), page.page);
        scans[k]->pages.clear();
    }
}

} // namespace pgf
