#include "backend/guard.h"

namespace pgf {

void ReportCaughtException(ErrorData* pg_error, const char* message) {
    if (pg_error != nullptr)
        ReThrowError(pg_error);
    ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("pg_fusion: %s", message)));
    pg_unreachable();
}

} // namespace pgf
