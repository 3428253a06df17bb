#include "backend/guard.h"

#include <new>

namespace pgf {

void RecordCaughtError(CaughtError* error) noexcept {
    error->caught = true;
    try {
        throw;
    } catch (const PgError& e) {
        error->pg_error = e.Data();
    } catch (const std::bad_alloc&) {
        error->sqlerrcode = ERRCODE_OUT_OF_MEMORY;
        strlcpy(error->message, "out of memory", sizeof(error->message));
    } catch (const std::exception& e) {
        error->sqlerrcode = ERRCODE_INTERNAL_ERROR;
        strlcpy(error->message, e.what(), sizeof(error->message));
    } catch (...) {
        error->sqlerrcode = ERRCODE_INTERNAL_ERROR;
        strlcpy(error->message, "unknown C++ exception", sizeof(error->message));
    }
}

void RaiseCaughtError(const CaughtError* error) {
    if (error->pg_error != nullptr)
        ReThrowError(error->pg_error);
    ereport(ERROR, (errcode(error->sqlerrcode), errmsg("pg_fusion: %s", error->message)));
    pg_unreachable();
}

void ReportCaughtError(const CaughtError* error, int elevel, const char* context) {
    const char* message = error->pg_error != nullptr ? error->pg_error->message : error->message;
    elog(elevel, "pg_fusion: %s: %s", context, message != nullptr ? message : "PostgreSQL error");
}

Datum CallSqlFunction(PGFunction impl, FunctionCallInfo fcinfo) {
    Datum result = 0;
    PGF_ENTRY_BEGIN
    result = impl(fcinfo);
    PGF_ENTRY_END
    return result;
}

} // namespace pgf
