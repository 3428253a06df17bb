/*
 * engine_shared.cpp — shared-memory access and worker callbacks for all engine threads.
 */
#include "engine_shared.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/protocol.h"

namespace pgf {

namespace {

/* Long enough not to spin, short next to a backend's 1 ms+ reaction time. */
constexpr auto kRingFullSleep = std::chrono::microseconds(200);

} // namespace

EngineShared::EngineShared(const PgfEngineConfig& config)
    : config_(config),
      memory_limit_(config.memory_limit ? config.memory_limit : ""),
      temp_directory_(config.temp_directory ? config.temp_directory : ""),
      region_(config.region) {
    config_.memory_limit = memory_limit_.c_str();
    config_.temp_directory = temp_directory_.c_str();
    session_mutexes_.reset(new std::mutex[region_.SessionCount()]);
}

void EngineShared::SetMemoryLimit(const std::string& memory_limit) {
    std::lock_guard<std::mutex> lock(memory_limit_mutex_);
    memory_limit_ = memory_limit;
    config_.memory_limit = memory_limit_.c_str();
}

std::string EngineShared::MemoryLimit() const {
    std::lock_guard<std::mutex> lock(memory_limit_mutex_);
    return memory_limit_;
}

void EngineShared::WakeBackend(uint32_t session) {
    SessionSlot* slot = region_.Session(session);
    void* latch = slot->backend_latch;
    if (latch != nullptr)
        config_.wake_latch(latch);
}

void EngineShared::WakeProducers(uint32_t session) {
    WakeBackend(session);
    for (auto& helper : region_.Session(session)->helper_latches) {
        void* latch = helper.load(std::memory_order_relaxed);
        if (latch != nullptr)
            config_.wake_latch(latch);
    }
}

bool EngineShared::SendToBackend(uint32_t session, const std::string& bytes, const std::atomic<bool>* give_up) {
    SessionSlot* slot = region_.Session(session);
    std::vector<std::string> parts;
    if (bytes.size() > ByteRing::MaxMessage())
        parts = SplitMessage(bytes, ByteRing::MaxMessage());
    {
        /* held for all parts of a long message: nothing may fall between them */
        std::lock_guard<std::mutex> guard(session_mutexes_[session]);
        for (size_t i = 0; i < std::max<size_t>(parts.size(), 1); i++) {
            const std::string& message = parts.empty() ? bytes : parts[i];
            while (!slot->to_backend.TryWrite(message)) {
                if (give_up->load() || slot->attached.load() == 0)
                    return false;
                /* The backend may be asleep with the ring full of messages it has not seen yet. */
                WakeBackend(session);
                std::this_thread::sleep_for(kRingFullSleep);
            }
        }
    }
    WakeBackend(session);
    return true;
}

void EngineShared::ReleaseScanPage(uint32_t session, PageRef page) {
    /* The backend or its helpers may be waiting for a free page. */
    if (Pool().Release(page, kWorkerOwner))
        WakeProducers(session);
}

void EngineShared::CreditScan(uint32_t session, uint64_t query_id, uint16_t scan) {
    /* Credit belongs to the backend's current query: a late page of an earlier query must not
     * credit (or, after the backend reset its counters, over-credit) the next one. */
    SessionSlot* slot = region_.Session(session);
    if (scan < kMaxScansPerQuery && slot->query_id.load() == query_id) {
        slot->scan_pages_in_flight[scan].fetch_sub(1);
        WakeProducers(session);
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

} // namespace pgf
