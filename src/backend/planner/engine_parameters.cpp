/*
 * engine_parameters.cpp — $n parameters in engine SQL.
 *
 * The engine SQL is fixed at plan time, but a prepared statement's parameter values arrive at
 * execution (generic plans) or may differ between executions of a cached plan. The deparser
 * therefore writes a parameter as a marker, "\x01" n "\x01", which no other part of the SQL
 * can contain (string literals spell a \x01 character as chr(1)); at execution each marker is
 * replaced by the value rendered as a typed literal, exactly as a constant of the query would
 * have been at plan time.
 */
#include "backend/planner/fusion_plan.h"

#include "backend/planner/planner_internal.h"

extern "C" {
#include "nodes/makefuncs.h"
#include "nodes/params.h"
}

namespace pgf {

using namespace planner;

namespace {

constexpr char kMarker = '\x01';

/* Copies sql to out, replacing each marker by render(paramid). */
template <typename Render>
char* ReplaceMarkers(const char* sql, Render render) {
    StringInfoData out;
    initStringInfo(&out);
    for (const char* p = sql; *p != '\0'; p++) {
        if (*p != kMarker) {
            appendStringInfoChar(&out, *p);
            continue;
        }
        char* end;
        long paramid = strtol(p + 1, &end, 10);
        if (*end != kMarker)
            elog(ERROR, "pg_fusion: malformed parameter marker in engine SQL");
        render(static_cast<int>(paramid), &out);
        p = end;
    }
    return out.data;
}

} // namespace

namespace planner {

void AppendParameterMarker(StringInfo buf, int paramid) {
    appendStringInfo(buf, "%c%d%c", kMarker, paramid, kMarker);
}

} // namespace planner

bool EngineSqlHasParameters(const char* engine_sql) { return strchr(engine_sql, kMarker) != nullptr; }

char* BindEngineParameters(const char* engine_sql, ParamListInfo params) {
    return ReplaceMarkers(engine_sql, [params](int paramid, StringInfo out) {
        if (params == nullptr || paramid < 1 || paramid > params->numParams)
            ereport(ERROR, (errcode(ERRCODE_UNDEFINED_PARAMETER), errmsg("there is no parameter $%d", paramid)));
        ParamExternData workspace;
        ParamExternData* param = params->paramFetch != nullptr
                                     ? params->paramFetch(params, paramid, false, &workspace)
                                     : &params->params[paramid - 1];
        if (!OidIsValid(param->ptype))
            ereport(ERROR, (errcode(ERRCODE_UNDEFINED_PARAMETER),
                            errmsg("no value found for parameter %d", paramid)));
        int16 typlen;
        bool typbyval;
        get_typlenbyval(param->ptype, &typlen, &typbyval);
        DeparseConst(makeConst(param->ptype, -1, InvalidOid, typlen, param->value, param->isnull, typbyval), out);
    });
}

char* EngineSqlForDisplay(const char* engine_sql) {
    return ReplaceMarkers(engine_sql, [](int paramid, StringInfo out) { appendStringInfo(out, "$%d", paramid); });
}

} // namespace pgf
