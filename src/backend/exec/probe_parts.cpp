#include "backend/exec/probe_parts.h"

#include <atomic>
#include <cstring>
#include <new>

namespace pgf {

namespace {

/* The segment's start; `count` offsets of the parts' plan texts follow. */
struct PartsHeader {
    std::atomic<uint32_t> next; /* the next part to take */
    uint32_t count;
};

uint32_t* OffsetsOf(PartsHeader* header) {
    return reinterpret_cast<uint32_t*>(reinterpret_cast<char*>(header) + MAXALIGN(sizeof(PartsHeader)));
}

} // namespace

struct ProbeParts {
    PartsHeader* header;
    dsm_segment* segment; /* nullptr for the backend's private parts */
    PlannedStmt** stmts;  /* the backend's plans; nullptr in a helper, which parses the texts */
};

ProbeParts* ProbePartsPublish(PlannedStmt** stmts, int count) {
    char** texts = static_cast<char**>(palloc(sizeof(char*) * count));
    Size bytes = MAXALIGN(sizeof(PartsHeader)) + MAXALIGN(sizeof(uint32_t) * count);
    for (int i = 0; i < count; i++) {
        texts[i] = nodeToString(stmts[i]);
        bytes += MAXALIGN(strlen(texts[i]) + 1);
    }
    auto* parts = static_cast<ProbeParts*>(palloc0(sizeof(ProbeParts)));
    parts->stmts = stmts;
    parts->segment = dsm_create(bytes, DSM_CREATE_NULL_IF_MAXSEGMENTS);
    if (parts->segment == nullptr) {
        parts->header = static_cast<PartsHeader*>(palloc(sizeof(PartsHeader)));
        new (parts->header) PartsHeader();
        parts->header->count = static_cast<uint32_t>(count);
        return parts;
    }
    char* base = static_cast<char*>(dsm_segment_address(parts->segment));
    parts->header = new (base) PartsHeader();
    parts->header->count = static_cast<uint32_t>(count);
    uint32_t* offsets = OffsetsOf(parts->header);
    Size offset = MAXALIGN(sizeof(PartsHeader)) + MAXALIGN(sizeof(uint32_t) * count);
    for (int i = 0; i < count; i++) {
        offsets[i] = static_cast<uint32_t>(offset);
        strcpy(base + offset, texts[i]);
        offset += MAXALIGN(strlen(texts[i]) + 1);
        pfree(texts[i]);
    }
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

PlannedStmt* ProbePartsTake(ProbeParts* parts) {
    uint32_t part = parts->header->next.fetch_add(1);
    if (part >= parts->header->count)
        return nullptr;
    if (parts->stmts != nullptr)
        return parts->stmts[part];
    char* base = reinterpret_cast<char*>(parts->header);
    return static_cast<PlannedStmt*>(stringToNode(base + OffsetsOf(parts->header)[part]));
}

void ProbePartsDetach(ProbeParts* parts) {
    if (parts->segment != nullptr)
        dsm_detach(parts->segment);
    parts->segment = nullptr;
    parts->header = nullptr;
}

} // namespace pgf
