/*
 * gucs.h — pg_fusion's configuration parameters (docs/configuration.md lists them all).
 */
#pragma once

namespace pgf {

enum class UnsupportedAction { Error = 0, Fallback = 1 };
/* pg_fusion.enable: off; on (run on the engine or refuse); auto (the cheaper plan by estimate). */
enum class EnableMode { Off = 0, On = 1, Auto = 2 };

extern int guc_enable;                /* pg_fusion.enable (USERSET), an EnableMode */
extern int guc_on_unsupported;        /* pg_fusion.on_unsupported (USERSET) */
extern int guc_engine_threads;        /* pg_fusion.engine_threads (POSTMASTER) */
extern char* guc_engine_memory_limit; /* pg_fusion.engine_memory_limit (SIGHUP) */
extern char* guc_engine_temp_directory; /* pg_fusion.engine_temp_directory (POSTMASTER) */
extern int guc_page_size_kb;          /* pg_fusion.page_size (POSTMASTER), kB */
extern int guc_page_count;            /* pg_fusion.page_count (POSTMASTER) */
extern int guc_max_queries;           /* pg_fusion.max_queries (POSTMASTER) */
extern int guc_engine_query_memory;   /* pg_fusion.engine_query_memory (SIGHUP), kB */
extern int guc_scan_pages_in_flight;  /* pg_fusion.scan_pages_in_flight (USERSET) */
extern int guc_scan_helpers;          /* pg_fusion.scan_helpers (USERSET), -1: max_parallel_workers_per_gather */
extern int guc_join_key_list_limit;   /* pg_fusion.join_key_list_limit (USERSET) */
extern bool guc_join_key_filters;     /* pg_fusion.join_key_filters (USERSET) */
extern bool guc_share_scans;          /* pg_fusion.share_scans (USERSET) */
/* The cost model of pg_fusion's plans (fusion_cost.h), in PostgreSQL's planner units (USERSET): */
extern double guc_engine_startup_cost; /* pg_fusion.engine_startup_cost, per query */
extern double guc_scan_value_cost;     /* pg_fusion.scan_value_cost, per value a producer encodes */
extern double guc_engine_row_cost;     /* pg_fusion.engine_row_cost, per row the engine reads */

void DefineGucs();

} // namespace pgf
