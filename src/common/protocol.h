/*
 * protocol.h — messages between a backend (session) and the engine worker.
 *
 * backend -> worker                         worker -> backend
 *   Execute  {query, sql, tz, result, scans,   OpenScan   {query, scan, filters}
 *             profile}
 *   ScanPage {query, scan, page, rows}        ResultPage {query, page, rows}
 *   ScanEnd  {query, scan, pages}             QueryDone  {query, rows, engine time,
 *                                                        scan wait, profile}
 *   Cancel   {query}                          QueryError {query, sqlstate, message}
 *
 * A page changes owner (page_pool.h) before the message naming it is written; the receiver
 * of a message about a query it no longer runs releases the page (stale refs are harmless).
 * Scans are opened on the engine's demand: OpenScan may carry filters the engine derived
 * (constant comparisons, IN lists from a join's build side) that the scan's producers check
 * before encoding a row; a filter is an optimization, the engine still applies its own. A
 * join's filters that arrive after the scan opened follow in a second, late OpenScan.
 * Filter values of one width (an IN list of keys) are encoded without per-value lengths.
 *
 * A scan may have several producers (the backend and its scan helpers), each writing its own
 * ring, so the worker may read one producer's ScanEnd before another producer's last ScanPage:
 * ScanEnd carries the number of pages the scan sent in all, and the scan ends when the engine
 * has received that many.
 *
 * A message longer than one ring message (an OpenScan with a long key list) travels as
 * MessagePart fragments written back to back, the first and last marked; the receiver
 * reassembles them (MessageAssembler) and handles the whole message as if it had come in one
 * piece. The writer holds its ring for the whole sequence, so no other message falls between.
 *
 * Encoding: little-endian, fixed-width integers, strings as uint32 length + bytes.
 */
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/column_type.h"
#include "common/page_pool.h"

namespace pgf {

enum class MessageType : uint16_t {
    Execute = 1,
    ScanPage,
    ScanEnd,
    Cancel,
    OpenScan = 100,
    ResultPage,
    QueryDone,
    QueryError,
    MessagePart = 200,
};

/* KeyBloom: values[0] holds the words of a key_bloom.h filter of a join's build keys (a power of
 * two of them, little-endian), values[1] the number of keys it received (uint64, for EXPLAIN): a
 * row whose key it certainly lacks has no join partner. */
enum class FilterOp : uint8_t { Equal = 1, Less, LessEqual, Greater, GreaterEqual, In, IsNull, IsNotNull, KeyBloom };

/* One filter on a scan column: column OP values. Values are in the column's page representation
 * (fixed-width bytes, or the string's bytes for Varchar). */
struct ScanFilter {
    uint16_t column;
    FilterOp op;
    std::vector<std::string> values;
};

struct ScanSchema {
    std::vector<ColumnSpec> columns;
    uint64_t estimated_rows = 0; /* PostgreSQL's estimate, for the engine's join order */
    /* Per column: PostgreSQL's estimate of its distinct values among the scan's rows, 0 if it
     * has none; the engine's join order estimates join sizes from them. */
    std::vector<uint64_t> distinct_values;
    uint16_t producers = 1;      /* processes producing its pages: the engine reads with as many threads */
};

struct ExecuteMessage {
    uint64_t query_id = 0;
    std::string sql;
    std::string time_zone; /* the session's TimeZone, for timestamptz semantics */
    std::vector<ColumnSpec> result_columns;
    std::vector<ScanSchema> scans;
    bool profile = false; /* EXPLAIN ANALYZE: QueryDone carries the engine's operator tree */
    uint32_t join_key_list_limit = 0; /* build sides up to this many rows send their keys to the probe scan */
    bool join_key_filters = false;    /* larger ones a Bloom filter of them (build_key_filter.hpp) */
};

struct ScanPageMessage {
    uint64_t query_id = 0;
    uint16_t scan = 0;
    PageRef page{};
    uint32_t rows = 0;
};

struct ScanEndMessage {
    uint64_t query_id = 0;
    uint16_t scan = 0;
    uint32_t pages = 0; /* ScanPage messages of this scan, from all its producers */
};

struct CancelMessage {
    uint64_t query_id = 0;
};

struct OpenScanMessage {
    uint64_t query_id = 0;
    uint16_t scan = 0;
    std::vector<ScanFilter> filters;
    /* A join's filters are expected later (its build side was still running): the backend may
     * hold the scan back for them. */
    bool awaits_filters = false;
    /* Sent again after the scan opened, when those filters arrived: the producers check these
     * from now on (if the scan has not started yet, its plan may use them). */
    bool late = false;
};

struct ResultPageMessage {
    uint64_t query_id = 0;
    PageRef page{};
    uint32_t rows = 0;
};

struct QueryDoneMessage {
    uint64_t query_id = 0;
    uint64_t rows = 0;
    uint64_t engine_us = 0;    /* from the start of the engine query to its last result page */
    uint64_t scan_wait_us = 0; /* engine threads waiting for scan pages, summed over threads */
    std::string profile;       /* the operator tree with rows and times, if asked for */
};

struct QueryErrorMessage {
    uint64_t query_id = 0;
    std::string sqlstate; /* five characters, e.g. "22012" */
    std::string message;
};

std::string Encode(const ExecuteMessage& m);
std::string Encode(const ScanPageMessage& m);
std::string Encode(const ScanEndMessage& m);
std::string Encode(const CancelMessage& m);
std::string Encode(const OpenScanMessage& m);
/* m encoded in at most max_bytes: filters are optional, so its key lists and key filters are
 * left out when they make it longer, and all its filters if even that is too long. */
std::string EncodeWithin(OpenScanMessage m, size_t max_bytes);
std::string Encode(const ResultPageMessage& m);
std::string Encode(const QueryDoneMessage& m);
std::string Encode(const QueryErrorMessage& m);

/* Whole messages larger than this are refused by the assembler: a bound on what a malformed
 * fragment sequence can make the receiver allocate. */
constexpr size_t kMaxAssembledMessage = 16u << 20;

/* The fragments that carry message in MessagePart messages of at most max_message bytes each. */
std::vector<std::string> SplitMessage(const std::string& message, uint32_t max_message);

/* Reassembles fragmented messages on the receiving side of one ring. */
class MessageAssembler {
public:
    /* Takes the message just read. True if *message is now a whole message to handle (it was
     * not a fragment, or it completed one); false while fragments are still missing or a
     * malformed sequence was dropped. */
    bool Take(std::string* message);
    void Reset() { pending_.clear(); }

private:
    std::string pending_;
    bool assembling_ = false;
};

/* The type of an encoded message; false if it is too short. */
bool PeekType(const std::string& bytes, MessageType* type);

/* Each returns false on a malformed or differently-typed message. */
bool Decode(const std::string& bytes, ExecuteMessage* m);
bool Decode(const std::string& bytes, ScanPageMessage* m);
bool Decode(const std::string& bytes, ScanEndMessage* m);
bool Decode(const std::string& bytes, CancelMessage* m);
bool Decode(const std::string& bytes, OpenScanMessage* m);
bool Decode(const std::string& bytes, ResultPageMessage* m);
bool Decode(const std::string& bytes, QueryDoneMessage* m);
bool Decode(const std::string& bytes, QueryErrorMessage* m);

} // namespace pgf
