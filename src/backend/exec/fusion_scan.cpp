#include "backend/exec/fusion_scan.h"

#include "common/page_layout.h"

#include "backend/exec/scan_helpers.h"
#include "backend/exec/scan_producer.h"
#include "backend/exec/session.h"
#include "backend/guard.h"
#include "backend/planner/fusion_plan.h"
#include "backend/types/type_mapping.h"
#include "backend/types/value_codec.h"

extern "C" {
#include "commands/explain.h"
#include "executor/executor.h"
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
}

namespace pgf {

namespace {

struct FusionScanState {
    CustomScanState css;
    char* engine_sql;
    List* scan_stmts;
    List* scan_texts;
    List* scan_helpers;
    List* scan_queries;
    int scan_count;
    ScanProducer** producers;
    ScanHelpers* helpers; /* running helpers, or nullptr */
    int helpers_launched; /* by the last query start */
    int result_count;
    ColumnSpec* result_specs;
    TextIo** result_text_io; /* per column: its input function if carried as text */
    int32* result_typmods;
    ValueImporter* importers;
    FusionQuery* query;
    const uint8_t* page;
    uint32_t page_rows;
    uint32_t next_row;
    MemoryContext row_context;
};

/* These, and NextFusionRow that ExecScan calls, are entries (guard.h). */
Node* CreateFusionScanState(CustomScan* cscan);
void BeginFusionScan(CustomScanState* node, EState* estate, int eflags);
TupleTableSlot* ExecFusionScan(CustomScanState* node);
void EndFusionScan(CustomScanState* node);
void ReScanFusionScan(CustomScanState* node);
void ShutdownFusionScan(CustomScanState* node);
void ExplainFusionScan(CustomScanState* node, List* ancestors, ExplainState* es);

const CustomScanMethods kFusionScanMethods = {
    "PgFusion",
    CreateFusionScanState,
};

const CustomExecMethods kFusionExecMethods = {
    "PgFusion",
    BeginFusionScan,
    ExecFusionScan,
    EndFusionScan,
    ReScanFusionScan,
    nullptr, /* MarkPos */
    nullptr, /* RestrPos */
    nullptr, /* EstimateDSM */
    nullptr, /* InitializeDSM */
    nullptr, /* ReInitializeDSM */
    nullptr, /* InitializeWorker */
    ShutdownFusionScan,
    ExplainFusionScan,
};

Node* NewFusionScanState(CustomScan* cscan) {
    /* EXPLAIN indexes the producers by the scan texts: both lists must match. */
    int scans = list_length(cscan->custom_private) == 5 ? list_length(static_cast<List*>(lsecond(cscan->custom_private))) : -1;
    if (scans < 0 || list_length(static_cast<List*>(lthird(cscan->custom_private))) != scans ||
        list_length(static_cast<List*>(lfourth(cscan->custom_private))) != scans ||
        list_length(static_cast<List*>(list_nth(cscan->custom_private, 4))) != scans)
        elog(ERROR, "pg_fusion: malformed PgFusion plan node");
    auto* state = static_cast<FusionScanState*>(palloc0(sizeof(FusionScanState)));
    NodeSetTag(state, T_CustomScanState);
    state->css.methods = &kFusionExecMethods;
    state->engine_sql = strVal(linitial(cscan->custom_private));
    state->scan_stmts = static_cast<List*>(lsecond(cscan->custom_private));
    state->scan_texts = static_cast<List*>(lthird(cscan->custom_private));
    state->scan_helpers = static_cast<List*>(lfourth(cscan->custom_private));
    state->scan_queries = static_cast<List*>(list_nth(cscan->custom_private, 4));
    state->scan_count = list_length(state->scan_stmts);
    return reinterpret_cast<Node*>(state);
}

Node* CreateFusionScanState(CustomScan* cscan) {
    Node* node = nullptr;
    PGF_ENTRY_BEGIN
    node = NewFusionScanState(cscan);
    PGF_ENTRY_END
    return node;
}

void CreateProducers(FusionScanState* state) {
    ParamListInfo params = state->css.ss.ps.state->es_param_list_info;
    state->producers = static_cast<ScanProducer**>(palloc0(sizeof(ScanProducer*) * Max(state->scan_count, 1)));
    for (int k = 0; k < state->scan_count; k++)
        state->producers[k] = ScanProducerCreate(k, list_nth_node(PlannedStmt, state->scan_stmts, k), params,
                                                 list_nth_node(Query, state->scan_queries, k));
}

void BeginFusionScan(CustomScanState* node, EState* estate, int eflags) {
    PGF_ENTRY_BEGIN
    auto* state = reinterpret_cast<FusionScanState*>(node);
    TupleDesc desc = node->ss.ss_ScanTupleSlot->tts_tupleDescriptor;
    state->result_count = desc->natts;
    state->result_specs = static_cast<ColumnSpec*>(palloc0(sizeof(ColumnSpec) * Max(desc->natts, 1)));
    state->result_text_io = static_cast<TextIo**>(palloc0(sizeof(TextIo*) * Max(desc->natts, 1)));
    state->result_typmods = static_cast<int32*>(palloc0(sizeof(int32) * Max(desc->natts, 1)));
    state->importers = static_cast<ValueImporter*>(palloc0(sizeof(ValueImporter) * Max(desc->natts, 1)));
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute attr = TupleDescAttr(desc, i);
        if (attr->attisdropped)
            elog(ERROR, "pg_fusion: result column %d of the PgFusion plan node is a dropped column", i + 1);
        const char* reason = nullptr;
        if (!ColumnSpecForType(attr->atttypid, attr->atttypmod, &state->result_specs[i], &reason))
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("pg_fusion: %s is not supported", reason)));
        state->result_text_io[i] = TextInputFor(attr->atttypid);
        state->result_typmods[i] = attr->atttypmod;
        state->importers[i] = ImporterFor(attr->atttypid, state->result_specs[i]);
    }
    state->row_context = AllocSetContextCreate(CurrentMemoryContext, "pg_fusion result row", ALLOCSET_SMALL_SIZES);
    if (!(eflags & EXEC_FLAG_EXPLAIN_ONLY))
        CreateProducers(state);
    PGF_ENTRY_END
}

void StoreRow(FusionScanState* state, TupleTableSlot* slot) {
    PageView view(state->page);
    uint32_t row = state->next_row++;
    ExecClearTuple(slot);
    MemoryContextReset(state->row_context);
    MemoryContext old = MemoryContextSwitchTo(state->row_context);
    for (int i = 0; i < state->result_count; i++) {
        uint16_t column = static_cast<uint16_t>(i);
        if (view.IsNull(column, row)) {
            slot->tts_isnull[i] = true;
            slot->tts_values[i] = 0;
        } else {
            slot->tts_isnull[i] = false;
            slot->tts_values[i] =
                state->importers[i](view, column, row, state->result_specs[i], state->result_typmods[i],
                                    state->result_text_io[i]);
        }
    }
    MemoryContextSwitchTo(old);
    ExecStoreVirtualTuple(slot);
}

/* The importers read column i as result_specs[i] and rows up to the message's count: a page
 * that says otherwise is refused before any value is read. */
bool PageMatchesResult(const FusionScanState* state, const uint8_t* page, uint32_t rows) {
    PageView view(page);
    if (!view.Valid() || view.ColumnCount() != state->result_count || view.RowCount() != rows)
        return false;
    for (int i = 0; i < state->result_count; i++)
        if (view.Type(static_cast<uint16_t>(i)) != state->result_specs[i].type)
            return false;
    return true;
}

TupleTableSlot* NextRow(FusionScanState* state) {
    ScanState* scan_state = &state->css.ss;
    TupleTableSlot* slot = scan_state->ss_ScanTupleSlot;
    if (state->query == nullptr) {
        MemoryContext old = MemoryContextSwitchTo(scan_state->ps.state->es_query_cxt);
        const char* sql = state->engine_sql;
        EState* estate = scan_state->ps.state;
        if (EngineSqlHasParameters(sql))
            sql = BindEngineParameters(sql, estate->es_param_list_info);
        if (estate->es_use_parallel_mode)
            state->helpers = ScanHelpersLaunch(state->producers, state->scan_count, state->scan_helpers,
                                               estate->es_param_list_info);
        state->helpers_launched = state->helpers != nullptr ? ScanHelpersLaunched(state->helpers) : 0;
        /* Instrumented (EXPLAIN ANALYZE): the engine profiles its operators too. */
        state->query = FusionQueryStart(sql, state->result_specs, state->result_count, state->producers,
                                        state->scan_count, state->helpers_launched,
                                        scan_state->ps.instrument != nullptr);
        if (state->helpers != nullptr)
            ScanHelpersBegin(state->helpers, state->query);
        MemoryContextSwitchTo(old);
    }
    for (;;) {
        if (state->page != nullptr && state->next_row < state->page_rows) {
            StoreRow(state, slot);
            return slot;
        }
        state->page = FusionQueryNextPage(state->query, &state->page_rows);
        state->next_row = 0;
        if (state->page == nullptr)
            return ExecClearTuple(slot);
        if (!PageMatchesResult(state, state->page, state->page_rows))
            ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("pg_fusion: malformed result page")));
    }
}

TupleTableSlot* NextFusionRow(ScanState* scan_state) {
    TupleTableSlot* slot = nullptr;
    PGF_ENTRY_BEGIN
    slot = NextRow(reinterpret_cast<FusionScanState*>(scan_state));
    PGF_ENTRY_END
    return slot;
}

bool RecheckFusionRow(ScanState* scan_state, TupleTableSlot* slot) { return true; }

TupleTableSlot* ExecFusionScan(CustomScanState* node) {
    TupleTableSlot* slot = nullptr;
    PGF_ENTRY_BEGIN
    slot = ExecScan(&node->ss, NextFusionRow, RecheckFusionRow);
    PGF_ENTRY_END
    return slot;
}

/* Producers first (the backend's executors read the helpers' shared scans), then the helpers,
 * then the engine query and its pages. */
void FinishQuery(FusionScanState* state) {
    for (int k = 0; state->producers != nullptr && k < state->scan_count; k++)
        ScanProducerClose(state->producers[k]);
    if (state->helpers != nullptr) {
        ScanHelpers* helpers = state->helpers;
        state->helpers = nullptr;
        ScanHelpersStop(helpers);
    }
    if (state->query != nullptr)
        FusionQueryRelease(state->query);
    state->page = nullptr;
}

void EndFusionScan(CustomScanState* node) {
    PGF_ENTRY_BEGIN
    FinishQuery(reinterpret_cast<FusionScanState*>(node));
    PGF_ENTRY_END
}

/* PostgreSQL 15 shuts the plan down after every run of a portal that cannot scroll backward,
 * a partial fetch of a PL/pgSQL FOR loop's cursor included: the engine query then keeps running
 * for the next fetch and ends in EndFusionScan. Helpers run only when the plan runs to
 * completion in one go, and must stop here, before the executor leaves parallel mode. */
void ShutdownFusionScan(CustomScanState* node) {
    PGF_ENTRY_BEGIN
    auto* state = reinterpret_cast<FusionScanState*>(node);
    if (state->helpers != nullptr)
        FinishQuery(state);
    PGF_ENTRY_END
}

void ReScanFusionScan(CustomScanState* node) {
    PGF_ENTRY_BEGIN
    auto* state = reinterpret_cast<FusionScanState*>(node);
    FinishQuery(state);
    state->query = nullptr;
    CreateProducers(state);
    PGF_ENTRY_END
}

/* What the producers of scan k did: EXPLAIN ANALYZE's per-scan properties. */
void ExplainScanCounters(int k, const SharedScan* scan, ExplainState* es) {
    char label[64];
    snprintf(label, sizeof(label), "Scan %d Rows", k);
    ExplainPropertyInteger(label, nullptr, static_cast<int64>(scan->rows.load()), es);
    snprintf(label, sizeof(label), "Scan %d Producers", k);
    ExplainPropertyInteger(label, nullptr, static_cast<int64>(scan->joined.load()), es);
    snprintf(label, sizeof(label), "Scan %d Rows Filtered", k);
    ExplainPropertyInteger(label, nullptr, static_cast<int64>(scan->filtered.load()), es);
    snprintf(label, sizeof(label), "Scan %d Pages", k);
    ExplainPropertyInteger(label, nullptr, static_cast<int64>(scan->pages.load()), es);
    snprintf(label, sizeof(label), "Scan %d Bytes", k);
    ExplainPropertyInteger(label, nullptr, static_cast<int64>(scan->bytes.load()), es);
    snprintf(label, sizeof(label), "Scan %d Produce Time", k);
    ExplainPropertyFloat(label, "ms", static_cast<double>(scan->produce_us.load()) / 1000.0, 3, es);
    snprintf(label, sizeof(label), "Scan %d Send Time", k);
    ExplainPropertyFloat(label, "ms", static_cast<double>(scan->send_us.load()) / 1000.0, 3, es);
}

/* The engine's side: its time, its threads' waits for scan pages, DuckDB's operator tree. */
void ExplainEngine(const FusionQuery* query, ExplainState* es) {
    ExplainPropertyFloat("Engine Time", "ms", static_cast<double>(query->engine_us) / 1000.0, 3, es);
    ExplainPropertyFloat("Engine Scan Wait Time", "ms", static_cast<double>(query->engine_scan_wait_us) / 1000.0, 3,
                         es);
    if (query->engine_profile == nullptr)
        return;
    if (es->format != EXPLAIN_FORMAT_TEXT) {
        ExplainPropertyText("Engine Operators", query->engine_profile, es);
        return;
    }
    appendStringInfoSpaces(es->str, es->indent * 2);
    appendStringInfoString(es->str, "Engine Operators:\n");
    for (const char* line = query->engine_profile; *line != '\0';) {
        const char* end = strchr(line, '\n');
        int length = end != nullptr ? static_cast<int>(end - line) : static_cast<int>(strlen(line));
        appendStringInfoSpaces(es->str, es->indent * 2);
        appendStringInfo(es->str, "  %.*s\n", length, line);
        line += length + (end != nullptr ? 1 : 0);
    }
}

void ExplainFusionScan(CustomScanState* node, List* ancestors, ExplainState* es) {
    PGF_ENTRY_BEGIN
    auto* state = reinterpret_cast<FusionScanState*>(node);
    if (es->verbose)
        ExplainPropertyText("Engine SQL", EngineSqlForDisplay(state->engine_sql), es);
    if (es->analyze)
        ExplainPropertyInteger("Scan Helpers", nullptr, state->helpers_launched, es);
    if (es->analyze && state->query != nullptr && state->query->engine_done)
        ExplainEngine(state->query, es);
    int k = 0;
    ListCell* lc;
    foreach (lc, state->scan_texts) {
        char label[64];
        snprintf(label, sizeof(label), "PostgreSQL Scan %d", k);
        ExplainPropertyText(label, strVal(lfirst(lc)), es);
        if (es->analyze && state->producers != nullptr) {
            const char* probe = ScanProducerKeyProbe(state->producers[k]);
            if (probe != nullptr) {
                snprintf(label, sizeof(label), "Scan %d Key Probe", k);
                ExplainPropertyText(label, probe, es);
            }
            const char* key_filter = ScanProducerKeyFilter(state->producers[k]);
            if (key_filter != nullptr) {
                snprintf(label, sizeof(label), "Scan %d Join Key Filter", k);
                ExplainPropertyText(label, key_filter, es);
            }
            double key_wait = ScanProducerJoinKeyWaitMs(state->producers[k]);
            if (key_wait >= 0) {
                snprintf(label, sizeof(label), "Scan %d Join Key Wait", k);
                ExplainPropertyFloat(label, "ms", key_wait, 3, es);
            }
            ExplainScanCounters(k, ScanProducerStats(state->producers[k]), es);
        }
        k++;
    }
    PGF_ENTRY_END
}

} // namespace

void RegisterFusionScanMethods() { RegisterCustomScanMethods(&kFusionScanMethods); }

CustomScan* MakeFusionScan(const char* engine_sql, List* engine_tlist, List* final_tlist, List* scan_stmts,
                           List* scan_texts, List* scan_helpers, List* scan_queries) {
    CustomScan* cscan = makeNode(CustomScan);
    cscan->scan.plan.targetlist = final_tlist;
    cscan->scan.scanrelid = 0;
    cscan->custom_scan_tlist = engine_tlist;
    cscan->custom_private =
        list_make5(makeString(pstrdup(engine_sql)), scan_stmts, scan_texts, scan_helpers, scan_queries);
    cscan->methods = &kFusionScanMethods;
    return cscan;
}

} // namespace pgf
