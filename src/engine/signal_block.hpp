/*
 * signal_block.hpp — blocks every signal in the calling thread for a scope.
 *
 * The worker is a PostgreSQL process: its signal handlers (SIGTERM, SIGHUP, latch wakeups via
 * SIGURG) must run on the main thread only. A new thread inherits its creator's signal mask,
 * so creating DuckDB (which starts its task threads) or a query thread inside this scope keeps
 * every engine thread deaf to signals for life.
 */
#pragma once

#include <csignal>

#include <pthread.h>

namespace pgf {

class SignalBlock {
public:
    SignalBlock() {
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &saved_);
    }
    ~SignalBlock() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }

    SignalBlock(const SignalBlock&) = delete;
    SignalBlock& operator=(const SignalBlock&) = delete;

private:
    sigset_t saved_;
};

} // namespace pgf
