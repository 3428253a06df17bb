/*
 * planner_hook.h — where pg_fusion takes over a query.
 *
 * With pg_fusion.enable on, a SELECT that reads at least one user table (and no system
 * catalog) is handed to BuildFusionPlan. PostgreSQL's own planner still plans the query,
 * so the PlannedStmt keeps PostgreSQL's range table, permission checks and invalidation
 * dependencies; pg_fusion then replaces its plan tree with a PgFusion CustomScan. A query
 * pg_fusion cannot run raises the planner's "not supported" ERROR, or with
 * pg_fusion.on_unsupported = fallback runs on PostgreSQL's plan. With pg_fusion.enable = auto
 * PostgreSQL's plan is also kept when it is estimated cheaper or pg_fusion refuses the query
 * (plan_choice.h).
 */
#pragma once

namespace pgf {

void InstallPlannerHook();

} // namespace pgf
