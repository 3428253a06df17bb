#include "backend/planner/plan_choice.h"

extern "C" {
#include "commands/explain.h"
#include "executor/instrument.h"
#include "portability/instr_time.h"
#include "tcop/tcopprot.h"
}

namespace pgf {

namespace {

struct RecordedChoice {
    const Query* parse; /* the Query EXPLAIN is planning; nullptr outside EXPLAIN */
    bool made;
    bool fusion;
    const char* refusal; /* pg_fusion cannot run the query; no estimates then */
    Cost postgres_cost;
    FusionEstimate estimate;
};

RecordedChoice recorded;
ExplainOneQuery_hook_type previous_explain_hook = nullptr;

void PrintChoice(ExplainState* es) {
    if (!recorded.made)
        return;
    const char* chosen = recorded.fusion ? "pg_fusion" : "PostgreSQL";
    const FusionEstimate& estimate = recorded.estimate;
    ExplainOpenGroup("pg_fusion", nullptr, true, es);
    if (es->format == EXPLAIN_FORMAT_TEXT) {
        const char* why;
        if (recorded.refusal != nullptr)
            why = recorded.refusal;
        else if (!es->costs)
            why = "lower estimated cost";
        else if (recorded.fusion)
            why = psprintf("estimated cost %.2f against PostgreSQL's %.2f", estimate.total, recorded.postgres_cost);
        else
            why = psprintf("estimated cost %.2f against pg_fusion's %.2f", recorded.postgres_cost, estimate.total);
        ExplainPropertyText("pg_fusion Plan Choice", psprintf("%s (%s)", chosen, why), es);
        if (recorded.refusal == nullptr && es->costs)
            ExplainPropertyText("pg_fusion Estimate",
                                psprintf("scans %.2f (%d key probes), encoding %.2f (%.0f values), engine %.2f (%.0f rows)",
                                         estimate.scans, estimate.key_probes, estimate.encoding, estimate.values,
                                         estimate.engine, estimate.engine_rows),
                                es);
    } else {
        ExplainPropertyText("pg_fusion Plan Choice", chosen, es);
        if (recorded.refusal != nullptr)
            ExplainPropertyText("pg_fusion Refusal", recorded.refusal, es);
        else if (es->costs) {
            ExplainPropertyFloat("PostgreSQL Cost", nullptr, recorded.postgres_cost, 2, es);
            ExplainPropertyFloat("pg_fusion Cost", nullptr, estimate.total, 2, es);
            ExplainPropertyFloat("pg_fusion Scan Cost", nullptr, estimate.scans, 2, es);
            ExplainPropertyInteger("pg_fusion Key Probes", nullptr, estimate.key_probes, es);
            ExplainPropertyFloat("pg_fusion Encoding Cost", nullptr, estimate.encoding, 2, es);
            ExplainPropertyFloat("pg_fusion Encoded Values", nullptr, estimate.values, 0, es);
            ExplainPropertyFloat("pg_fusion Engine Cost", nullptr, estimate.engine, 2, es);
            ExplainPropertyFloat("pg_fusion Engine Rows", nullptr, estimate.engine_rows, 0, es);
        }
    }
    ExplainCloseGroup("pg_fusion", nullptr, true, es);
}

/* ExplainOneQuery_hook: plans as EXPLAIN does, then prints the recorded choice before the plan. */
void ExplainWithChoice(Query* query, int cursor_options, IntoClause* into, ExplainState* es, const char* query_string,
                       ParamListInfo params, QueryEnvironment* query_env) {
    recorded = RecordedChoice{};
    recorded.parse = query;
    if (previous_explain_hook != nullptr) {
        previous_explain_hook(query, cursor_options, into, es, query_string, params, query_env);
        PrintChoice(es);
        recorded = RecordedChoice{};
        return;
    }
    BufferUsage usage_at_start = pgBufferUsage;
    instr_time planning;
    INSTR_TIME_SET_CURRENT(planning);
    PlannedStmt* plan = pg_plan_query(query, query_string, cursor_options, params);
    instr_time planned;
    INSTR_TIME_SET_CURRENT(planned);
    INSTR_TIME_SUBTRACT(planned, planning);
    BufferUsage usage{};
    if (es->buffers)
        BufferUsageAccumDiff(&usage, &pgBufferUsage, &usage_at_start);
    PrintChoice(es);
    recorded = RecordedChoice{};
    ExplainOnePlan(plan, into, es, query_string, params, query_env, &planned, es->buffers ? &usage : nullptr);
}

} // namespace

bool ChooseFusion(const Query* parse, Cost postgres_cost, const FusionEstimate& estimate) {
    bool fusion = estimate.total < postgres_cost;
    if (parse == recorded.parse) {
        recorded.made = true;
        recorded.fusion = fusion;
        recorded.refusal = nullptr;
        recorded.postgres_cost = postgres_cost;
        recorded.estimate = estimate;
    }
    return fusion;
}

void RecordRefusal(const Query* parse, const char* refusal) {
    if (parse != recorded.parse || refusal == nullptr)
        return;
    recorded.made = true;
    recorded.fusion = false;
    recorded.refusal = refusal;
}

void InstallExplainHook() {
    previous_explain_hook = ExplainOneQuery_hook;
    ExplainOneQuery_hook = ExplainWithChoice;
}

} // namespace pgf
