/*
 * plan_choice.h — pg_fusion.enable = auto: PostgreSQL's plan or pg_fusion's, and EXPLAIN
 * saying which and why.
 *
 * The planner hook plans both (PostgreSQL's plan it computes anyway, for the range table and
 * the result description) and ChooseFusion compares PostgreSQL's total cost with
 * EstimateFusionCost (fusion_cost.h): pg_fusion runs the query only when its estimate is
 * lower. A query pg_fusion cannot run goes to PostgreSQL silently, whatever
 * pg_fusion.on_unsupported says.
 *
 * EXPLAIN prints the choice of the query it plans before the plan ("pg_fusion Plan Choice"
 * with both estimates, in every format: in JSON, XML and YAML a group of its own ahead of the
 * query's). The planner records the choice against the Query it was given; EXPLAIN asks for
 * the one of the Query it planned, so a nested planning (a function's query) is never taken
 * for it. PostgreSQL-style code (palloc, may raise).
 */
#pragma once

#include "backend/pg.h"
#include "backend/planner/fusion_cost.h"

namespace pgf {

/* Whether pg_fusion's plan is the cheaper one; records the choice for EXPLAIN. */
bool ChooseFusion(const Query* parse, Cost postgres_cost, const FusionEstimate& estimate);
/* Records that PostgreSQL's plan runs because pg_fusion cannot: `refusal` says why. */
void RecordRefusal(const Query* parse, const char* refusal);

void InstallExplainHook();

} // namespace pgf
