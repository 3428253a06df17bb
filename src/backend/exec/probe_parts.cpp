#include "backend/exec/probe_parts.h"

#include <atomic>
#include <cstring>
#include <new>

#include "backend/planner/key_probe.h"

extern "C" {
#include "utils/lsyscache.h"
}

namespace pgf {

namespace {

/* The segment's start; the keys (int64) follow, then the plan's text. */
struct PartsHeader {
    std::atomic<uint32_t> next; /* the next part to take */
    uint32_t parts;
    uint32_t key_count;
    Oid key_type;
    int32_t param_id;
    uint32_t plan_offset;
};

Size KeysOffset() { return MAXALIGN(sizeof(PartsHeader)); }

const int64* KeysOf(const PartsHeader* header) {
    return reinterpret_cast<const int64*>(reinterpret_cast<const char*>(header) + KeysOffset());
}

void FillHeader(PartsHeader* header, const KeyProbe& probe) {
    header->parts = static_cast<uint32_t>(probe.part_count);
    header->key_count = static_cast<uint32_t>(probe.key_count);
    header->key_type = probe.key_type;
    header->param_id = probe.param_id;
}

/* The statement's parameters with the probe's own after them: the part's keys. */
ParamListInfo PartParams(ParamListInfo statement_params, const PartsHeader* header, int part) {
    int first = 0;
    int count = 0;
    ProbePartRange(static_cast<int>(header->key_count), part, static_cast<int>(header->parts), &first, &count);
    ParamListInfo statement = copyParamList(statement_params);
    int own = header->param_id;
    ParamListInfo params = makeParamList(own);
    for (int i = 0; statement != nullptr && i < Min(statement->numParams, own - 1); i++)
        params->params[i] = statement->params[i];
    ParamExternData& keys = params->params[own - 1];
    keys.value = KeyArrayDatum(KeysOf(header) + first, count, header->key_type);
    keys.isnull = false;
    keys.pflags = PARAM_FLAG_CONST;
    keys.ptype = get_array_type(header->key_type);
    return params;
}

} // namespace

struct ProbeParts {
    PartsHeader* header;
    dsm_segment* segment; /* nullptr for the backend's private parts */
    PlannedStmt* stmt;    /* the probe's plan; a helper parses it at its first part */
};

ProbeParts* ProbePartsPublish(const KeyProbe& probe) {
    auto* parts = static_cast<ProbeParts*>(palloc0(sizeof(ProbeParts)));
    parts->stmt = probe.stmt;
    char* text = nodeToString(probe.stmt);
    Size keys_bytes = MAXALIGN(sizeof(int64) * probe.key_count);
    Size bytes = KeysOffset() + keys_bytes + strlen(text) + 1;
    parts->segment = dsm_create(bytes, DSM_CREATE_NULL_IF_MAXSEGMENTS);
    char* base = parts->segment != nullptr ? static_cast<char*>(dsm_segment_address(parts->segment))
                                           : static_cast<char*>(palloc(KeysOffset() + keys_bytes));
    parts->header = new (base) PartsHeader();
    FillHeader(parts->header, probe);
    memcpy(base + KeysOffset(), probe.keys, sizeof(int64) * probe.key_count);
    if (parts->segment != nullptr) {
        parts->header->plan_offset = static_cast<uint32_t>(KeysOffset() + keys_bytes);
        strcpy(base + parts->header->plan_offset, text);
    }
    pfree(text);
    return parts;
}

dsm_handle ProbePartsHandle(const ProbeParts* parts) {
    return parts->segment != nullptr ? dsm_segment_handle(parts->segment) : 0;
}

ProbeParts* ProbePartsAttach(dsm_handle handle) {
    dsm_segment* segment = dsm_attach(handle);
    if (segment == nullptr)
        return nullptr;
    auto* parts = static_cast<ProbeParts*>(palloc0(sizeof(ProbeParts)));
    parts->segment = segment;
    parts->header = static_cast<PartsHeader*>(dsm_segment_address(segment));
    return parts;
}

bool ProbePartsTake(ProbeParts* parts, ParamListInfo statement_params, PlannedStmt** stmt, ParamListInfo* params) {
    uint32_t part = parts->header->next.fetch_add(1);
    if (part >= parts->header->parts)
        return false;
    if (parts->stmt == nullptr) {
        char* base = reinterpret_cast<char*>(parts->header);
        parts->stmt = static_cast<PlannedStmt*>(stringToNode(base + parts->header->plan_offset));
    }
    *stmt = parts->stmt;
    *params = PartParams(statement_params, parts->header, static_cast<int>(part));
    return true;
}

void ProbePartsDetach(ProbeParts* parts) {
    if (parts->segment != nullptr)
        dsm_detach(parts->segment);
    parts->segment = nullptr;
    parts->header = nullptr;
}

} // namespace pgf
