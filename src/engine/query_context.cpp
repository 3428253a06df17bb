/*
 * query_context.cpp — scan channels and cancellation state of one engine query.
 */
#include "query_context.hpp"

#include <chrono>

namespace pgf {

namespace {

/* Cancel() wakes waiters at once; the timeout only bounds how long a missed wakeup or a
 * backend that went away unnoticed (ShouldStop) can keep a DuckDB thread waiting. */
constexpr auto kScanWaitSlice = std::chrono::milliseconds(20);
/* How long a scan that awaits join filters waits for a page before it looks for them again. */
constexpr auto kIdleWaitSlice = std::chrono::milliseconds(1);

} // namespace

QueryContext::QueryContext(EngineShared* shared, uint32_t session, ExecuteMessage execute)
    : shared_(shared), session_(session), execute_(std::move(execute)) {
    for (size_t k = 0; k < execute_.scans.size(); k++)
        scans_.push_back(std::make_unique<ScanChannel>());
}

bool QueryContext::MarkScanOpened(uint16_t scan) {
    ScanChannel& channel = *scans_[scan];
    std::lock_guard<std::mutex> guard(channel.mutex);
    bool first = !channel.opened;
    channel.opened = true;
    return first;
}

bool QueryContext::PushScanPage(const ScanPageMessage& page) {
    if (page.scan >= scans_.size())
        return false;
    ScanChannel& channel = *scans_[page.scan];
    std::lock_guard<std::mutex> guard(channel.mutex);
    if (channel.closed)
        return false;
    channel.received++;
    channel.pages.push_back(page);
    channel.ready.notify_all();
    return true;
}

void QueryContext::EndScan(uint16_t scan, uint32_t pages) {
    if (scan >= scans_.size())
        return;
    ScanChannel& channel = *scans_[scan];
    std::lock_guard<std::mutex> guard(channel.mutex);
    channel.expected_pages = pages;
    channel.ready.notify_all();
}

QueryContext::ScanWait QueryContext::NextScanPage(uint16_t scan, ScanPageMessage* page, bool return_when_idle) {
    ScanChannel& channel = *scans_[scan];
    std::unique_lock<std::mutex> lock(channel.mutex);
    for (;;) {
        if (ShouldStop())
            return ScanWait::Cancelled;
        if (!channel.pages.empty()) {
            *page = channel.pages.front();
            channel.pages.pop_front();
            shared_->CreditScan(session_, page->query_id, scan);
            return ScanWait::Page;
        }
        if (channel.expected_pages >= 0 && channel.received >= channel.expected_pages)
            return ScanWait::Ended;
        auto start = std::chrono::steady_clock::now();
        channel.ready.wait_for(lock, return_when_idle ? kIdleWaitSlice : kScanWaitSlice);
        scan_wait_us_.fetch_add(static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count()));
        if (return_when_idle && channel.pages.empty())
            return ScanWait::Idle;
    }
}

void QueryContext::CloseScans() {
    for (size_t k = 0; k < scans_.size(); k++) {
        ScanChannel& channel = *scans_[k];
        std::lock_guard<std::mutex> guard(channel.mutex);
        channel.closed = true;
        for (const ScanPageMessage& page : channel.pages) {
            shared_->ReleaseScanPage(session_, page.page);
            shared_->CreditScan(session_, page.query_id, static_cast<uint16_t>(k));
        }
        channel.pages.clear();
    }
}

void QueryContext::Cancel() {
    cancelled_.store(true);
    {
        std::lock_guard<std::mutex> guard(interrupt_mutex_);
        if (interrupt_)
            interrupt_();
    }
    for (auto& channel : scans_) {
        std::lock_guard<std::mutex> guard(channel->mutex);
        channel->ready.notify_all();
    }
}

bool QueryContext::ShouldStop() const {
    const SessionSlot* slot = shared_->Region().Session(session_);
    return cancelled_.load() || slot->attached.load() == 0 || slot->query_id.load() != Id();
}

void QueryContext::SetInterrupt(std::function<void()> interrupt) {
    std::lock_guard<std::mutex> guard(interrupt_mutex_);
    interrupt_ = std::move(interrupt);
}

} // namespace pgf
