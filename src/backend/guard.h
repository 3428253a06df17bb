/*
 * guard.h — the boundary between PostgreSQL's longjmp errors and C++ exceptions.
 *
 * Rule: a PostgreSQL ERROR (siglongjmp) never unwinds a C++ frame that has live destructors,
 * and a C++ exception never unwinds a PostgreSQL frame. src/backend keeps it like this:
 *
 *   - Every function PostgreSQL calls (CustomScan and DestReceiver callbacks, SQL-callable
 *     functions, shared-memory hooks, _PG_init; empty or constant ones aside) is a thin entry
 *     whose body sits between PGF_ENTRY_BEGIN and PGF_ENTRY_END: a C++ exception,
 *     std::bad_alloc included, leaves it as ereport(ERROR) once the body's frames are unwound.
 *   - Callbacks that run while an error is being recovered from or the process exits
 *     (memory-context reset, before_shmem_exit) must not raise: their bodies sit between
 *     PGF_CALLBACK_BEGIN and PGF_CALLBACK_END, which report a C++ exception at WARNING or LOG
 *     and swallow it. They make no PostgreSQL call that can raise, not even through PgCall:
 *     its FlushErrorState would discard the error being recovered from.
 *   - A frame that holds an object with a destructor (std::string, std::vector, a protocol
 *     message) calls what can raise only through PgCall/PgCallVoid, which turn the ERROR into
 *     a pgf::PgError exception; the entry re-raises it.
 *   - Frames without such objects (palloc'd state, List, StringInfo: the planner, the executor
 *     glue, the value codec) call PostgreSQL directly. An ERROR longjmps through them and
 *     through an entry's try block, which has nothing to destroy.
 * The planner hook and the worker's main loop are such PostgreSQL-style code: they run no C++
 * that can throw (the engine's C entry points catch everything themselves).
 */
#pragma once

#include <exception>

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
    ErrorData* volatile caught = nullptr;
    std::exception_ptr thrown;
    PG_TRY();
    {
        /* A C++ exception must not leave PG_TRY: PG_exception_stack would keep pointing here. */
        try {
            fn();
        } catch (...) {
            thrown = std::current_exception();
        }
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(caller_context);
        caught = CopyErrorData();
        FlushErrorState();
    }
    PG_END_TRY();
    if (thrown)
        std::rethrow_exception(thrown);
    if (caught != nullptr)
        throw PgError(caught);
}

/* Runs fn and returns its (trivially copyable) result; an ERROR becomes a PgError. */
template <typename Fn> auto PgCall(Fn&& fn) -> decltype(fn()) {
    decltype(fn()) result{};
    PgCallVoid([&]() { result = fn(); });
    return result;
}

/* What an entry caught: plain data, so nothing is left to destroy when it is reported. */
struct CaughtError {
    bool caught = false;
    ErrorData* pg_error = nullptr; /* a PgError's */
    int sqlerrcode = 0;            /* else the SQLSTATE and text of a C++ exception */
    char message[1024];
};

/* Records the exception being handled; call only from a catch handler. */
void RecordCaughtError(CaughtError* error) noexcept;
/* Raises error as a PostgreSQL ERROR; call with no C++ frames left to unwind. */
[[noreturn]] void RaiseCaughtError(const CaughtError* error);
/* Reports error at elevel (WARNING or LOG) without raising; context says what failed. */
void ReportCaughtError(const CaughtError* error, int elevel, const char* context);

/* A SQL-callable function whose body is impl, run as an entry. */
Datum CallSqlFunction(PGFunction impl, FunctionCallInfo fcinfo);

} // namespace pgf

/*
 * The body of a function PostgreSQL calls. The body may use C++ freely; errors leave as
 * ereport(ERROR) once the body's frames are unwound. Use the pair as the whole function body
 * (a result variable declared before it is fine if it has no destructor).
 */
#define PGF_ENTRY_BEGIN                        \
    {                                          \
        pgf::CaughtError pgf_entry_error_;     \
        try {
#define PGF_ENTRY_END                                  \
        } catch (...) {                                \
            pgf::RecordCaughtError(&pgf_entry_error_); \
        }                                              \
        if (pgf_entry_error_.caught)                   \
            pgf::RaiseCaughtError(&pgf_entry_error_);  \
    }

/* The body of a callback that must not raise; a C++ exception is reported at elevel. */
#define PGF_CALLBACK_BEGIN PGF_ENTRY_BEGIN
#define PGF_CALLBACK_END(elevel, context)                                  \
        } catch (...) {                                                    \
            pgf::RecordCaughtError(&pgf_entry_error_);                     \
        }                                                                  \
        if (pgf_entry_error_.caught)                                       \
            pgf::ReportCaughtError(&pgf_entry_error_, (elevel), (context)); \
    }
