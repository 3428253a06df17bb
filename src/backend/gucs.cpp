#include "backend/gucs.h"

#include <climits>

#include "common/shared_region.h"

#include "backend/pg.h"

extern "C" {
#include "utils/guc.h"
}

namespace pgf {

int guc_enable = static_cast<int>(EnableMode::Off);
int guc_on_unsupported = static_cast<int>(UnsupportedAction::Error);
int guc_engine_threads = 2;
char* guc_engine_memory_limit = nullptr;
char* guc_engine_temp_directory = nullptr;
int guc_page_size_kb = 512;
int guc_page_count = 256;
int guc_max_queries = 8;
int guc_engine_query_memory = 256 * 1024;
int guc_scan_pages_in_flight = 4;
int guc_scan_helpers = -1;
int guc_join_key_list_limit = 60000;
bool guc_join_key_filters = true;
bool guc_share_scans = true;
double guc_engine_startup_cost = 500.0;
double guc_scan_value_cost = 0.0005;
double guc_engine_row_cost = 0.005;

namespace {

const struct config_enum_entry kUnsupportedOptions[] = {
    {"error", static_cast<int>(UnsupportedAction::Error), false},
    {"fallback", static_cast<int>(UnsupportedAction::Fallback), false},
    {nullptr, 0, false},
};

/* on and off, and the spellings of a boolean PostgreSQL accepts (hidden), as for
 * constraint_exclusion: pg_fusion.enable was a boolean before auto. */
const struct config_enum_entry kEnableOptions[] = {
    {"off", static_cast<int>(EnableMode::Off), false},
    {"on", static_cast<int>(EnableMode::On), false},
    {"auto", static_cast<int>(EnableMode::Auto), false},
    {"false", static_cast<int>(EnableMode::Off), true},
    {"true", static_cast<int>(EnableMode::On), true},
    {"no", static_cast<int>(EnableMode::Off), true},
    {"yes", static_cast<int>(EnableMode::On), true},
    {"0", static_cast<int>(EnableMode::Off), true},
    {"1", static_cast<int>(EnableMode::On), true},
    {nullptr, 0, false},
};

} // namespace

void DefineGucs() {
    DefineCustomEnumVariable("pg_fusion.enable", "Run eligible SELECT queries on the pg_fusion engine.",
                             "on: every SELECT is planned by pg_fusion, and what it cannot run is handled "
                             "according to pg_fusion.on_unsupported. auto: a query runs on pg_fusion when it "
                             "can and its estimated cost is below PostgreSQL's plan's, else on PostgreSQL's plan.",
                             &guc_enable, static_cast<int>(EnableMode::Off), kEnableOptions, PGC_USERSET, 0,
                             nullptr, nullptr, nullptr);
    DefineCustomEnumVariable("pg_fusion.on_unsupported",
                             "What to do with a query pg_fusion cannot run while pg_fusion.enable is on.",
                             "error raises an ERROR naming the unsupported construct; fallback runs the query "
                             "with PostgreSQL's own plan.",
                             &guc_on_unsupported, static_cast<int>(UnsupportedAction::Error), kUnsupportedOptions,
                             PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("pg_fusion.engine_threads", "Threads of the engine worker's DuckDB instance.", nullptr,
                            &guc_engine_threads, 2, 1, 256, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("pg_fusion.engine_memory_limit",
                               "Memory limit of the engine (DuckDB syntax, e.g. 2GB); empty means DuckDB's default.",
                               nullptr, &guc_engine_memory_limit, "2GB", PGC_SIGHUP, 0, nullptr, nullptr,
                               nullptr);
    DefineCustomStringVariable("pg_fusion.engine_temp_directory",
                               "Directory where the engine spills; empty means pg_fusion_tmp in the data directory.",
                               nullptr, &guc_engine_temp_directory, "", PGC_POSTMASTER, 0, nullptr, nullptr,
                               nullptr);
    DefineCustomIntVariable("pg_fusion.page_size", "Size of one shared-memory page for scan and result data.",
                            nullptr, &guc_page_size_kb, 512, 64, 64 * 1024, PGC_POSTMASTER, GUC_UNIT_KB, nullptr,
                            nullptr, nullptr);
    DefineCustomIntVariable("pg_fusion.page_count", "Number of shared-memory pages in the pool.", nullptr,
                            &guc_page_count, 256, 16, 1 << 20, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("pg_fusion.max_queries", "Maximum number of engine queries running at once.", nullptr,
                            &guc_max_queries, 8, 1, 1024, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("pg_fusion.engine_query_memory",
                            "Engine memory counted per engine query: at most engine_memory_limit / this many run at once.",
                            "The others wait in the worker's queue instead of failing each other out of memory. 0 = no bound.",
                            &guc_engine_query_memory, 256 * 1024, 0, INT_MAX, PGC_SIGHUP, GUC_UNIT_KB, nullptr, nullptr,
                            nullptr);
    DefineCustomIntVariable("pg_fusion.scan_pages_in_flight",
                            "Pages one scan may have queued in the engine before the backend waits.", nullptr,
                            &guc_scan_pages_in_flight, 4, 1, 64, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("pg_fusion.scan_helpers",
                            "Helper processes that scan tables for one query, besides the backend.",
                            "-1 means max_parallel_workers_per_gather; 0 scans in the backend only.",
                            &guc_scan_helpers, -1, -1, static_cast<int>(kMaxScanHelpers), PGC_USERSET, 0, nullptr,
                            nullptr, nullptr);
    DefineCustomIntVariable("pg_fusion.join_key_list_limit",
                            "Largest hash join build side whose keys go to the probe side's scan as a list.",
                            "Above it the scan gets the keys' minimum and maximum and, with "
                            "pg_fusion.join_key_filters, a Bloom filter of them; 0 sends no lists.",
                            &guc_join_key_list_limit, 60000, 0, 1000000, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable("pg_fusion.join_key_filters",
                             "Sends a Bloom filter of a hash join's build keys to the probe side's scan when they "
                             "are too many for a list.",
                             "The scan's producers drop rows whose key no build row has before encoding them.",
                             &guc_join_key_filters, true, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable("pg_fusion.share_scans",
                             "Reads several occurrences of one table in a query with one PostgreSQL scan.",
                             "The engine materializes the shared scan's rows once; off scans each occurrence.",
                             &guc_share_scans, true, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomRealVariable("pg_fusion.engine_startup_cost",
                             "Planner's estimate of the cost of starting an engine query (pg_fusion.enable = auto).",
                             nullptr, &guc_engine_startup_cost, 500.0, 0.0, 1.0e10, PGC_USERSET, 0, nullptr,
                             nullptr, nullptr);
    DefineCustomRealVariable("pg_fusion.scan_value_cost",
                             "Planner's estimate of the cost of encoding one scanned value for the engine.", nullptr,
                             &guc_scan_value_cost, 0.0005, 0.0, 1.0e10, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomRealVariable("pg_fusion.engine_row_cost",
                             "Planner's estimate of the engine's cost per row it reads, before dividing by its threads.",
                             nullptr, &guc_engine_row_cost, 0.005, 0.0, 1.0e10, PGC_USERSET, 0, nullptr, nullptr,
                             nullptr);
    MarkGUCPrefixReserved("pg_fusion");
}

} // namespace pgf
