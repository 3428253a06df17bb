/*
 * guard.h — the boundary between PostgreSQL's longjmp errors and C++ exceptions.
 *
 * Rule: a PostgreSQL ERROR (siglongjmp) must never unwind a C++ frame that has live
 * destructors, and a C++ exception must never unwind a PostgreSQL frame.
 *
 *   - Code that holds C++ objects with destructors and must call something that can raise
 *     wraps the call in PgCall(): the ERROR becomes a pgf::PgError exception.
 *   - Every entry point called by PostgreSQL into such code uses PGF_ENTRY_BEGIN/END: any C++
 *     exception is turned back into an ereport(ERROR) after the C++ frames are gone.
 *   - Code written in PostgreSQL style (palloc, List, StringInfo, no destructors) may call
 *     PostgreSQL directly and raise with ereport; most of the planner side is such code.
 */
#pragma once

#include <exception>
#include <string>

#include "backend/pg.h"

namespace pgf {

/* A PostgreSQL error caught by PgCall, carried through C++ frames. */
class PgError : public std::exception {
public:
    explicit PgError(ErrorData* data) : data_(data) {}
    const char* what() const noexcept override { return data_->message ? data_->message : "PostgreSQL error"; }
    ErrorData* Data() const { return data_; }

private:
    ErrorData* data_; /* copied into the caller's memory context */
};

/* Runs fn (which returns void); a PostgreSQL ERROR raised inside becomes a PgError. */
template <typename Fn> void PgCallVoid(Fn&& fn) {
    MemoryContext caller_context = CurrentMemoryContext;
    ErrorData* caught = nullptr;
    PG_TRY();
    {
        fn();
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(caller_context);
        caught = CopyErrorData();
        FlushErrorState();
    }
    PG_END_TRY();
    if (caught != nullptr)
        throw PgError(caught);
}

/* Runs fn and returns its (trivially copyable) result; an ERROR becomes a PgError. */
template <typename Fn> auto PgCall(Fn&& fn) -> decltype(fn()) {
    decltype(fn()) result{};
    PgCallVoid([&]() { result = fn(); });
    return result;
}

/* Re-raises a C++ exception as a PostgreSQL ERROR; call with no C++ frames left to unwind. */
[[noreturn]] void ReportCaughtException(ErrorData* pg_error, const char* message);

} // namespace pgf

/*
 * Wraps the body of a function PostgreSQL calls. The body may use C++ freely; errors leave
 * as ereport(ERROR) once the body's frames are unwound.
 */
#define PGF_ENTRY_BEGIN                                                      \
    {                                                                        \
        ErrorData* pgf_entry_pg_error_ = nullptr;                            \
        char pgf_entry_message_[1024];                                       \
        pgf_entry_message_[0] = '\0';                                        \
        try {
#define PGF_ENTRY_END                                                        \
        } catch (const pgf::PgError& e) {                                    \
            pgf_entry_pg_error_ = e.Data();                                  \
        } catch (const std::exception& e) {                                  \
            strlcpy(pgf_entry_message_, e.what(), sizeof(pgf_entry_message_)); \
        } catch (...) {                                                      \
            strlcpy(pgf_entry_message_, "unknown C++ exception", sizeof(pgf_entry_message_)); \
        }                                                                    \
        if (pgf_entry_pg_error_ != nullptr || pgf_entry_message_[0] != '\0') \
            pgf::ReportCaughtException(pgf_entry_pg_error_, pgf_entry_message_); \
    }
