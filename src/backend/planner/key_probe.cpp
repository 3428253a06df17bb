#include "backend/planner/key_probe.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "common/protocol.h"

#include "backend/guard.h"
#include "backend/planner/fusion_cost.h"

extern "C" {
#include "access/stratnum.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/plannodes.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
}

namespace pgf {

namespace {

constexpr int kProbePartsPerProducer = 4;
constexpr int kMinKeysPerPart = 2048;
/* Offered keys up to which the whole lists are planned as one probe besides a split. */
constexpr int kMaxWholeKeys = 16384;

/* One engine filter in the form offered to PostgreSQL: palloc'd, so the planning frames
 * below hold nothing with a destructor. */
struct OfferedFilter {
    int column;
    FilterOp op;
    int count;
    int64* values;
};

bool IsIntegerType(Oid type) { return type == INT2OID || type == INT4OID || type == INT8OID; }

int64 ReadInteger(const std::string& value) {
    switch (value.size()) {
    case 2: { int16 v; std::memcpy(&v, value.data(), 2); return v; }
    case 4: { int32 v; std::memcpy(&v, value.data(), 4); return v; }
    default: { int64 v; std::memcpy(&v, value.data(), 8); return v; }
    }
}

uint32_t WidthOf(Oid type) { return type == INT2OID ? 2 : type == INT4OID ? 4 : 8; }

/* The message's filters on integer columns; their count. */
int DecodeOffered(const char* open_message, uint32_t length, const Oid* column_types, int column_count,
                  OfferedFilter** out) {
    OpenScanMessage open;
    if (!Decode(std::string(open_message, length), &open) || open.filters.empty())
        return 0;
    auto* filters = PgCall([&]() { return static_cast<OfferedFilter*>(palloc0(sizeof(OfferedFilter) * open.filters.size())); });
    int count = 0;
    for (const ScanFilter& filter : open.filters) {
        if (filter.column >= column_count || !IsIntegerType(column_types[filter.column]))
            continue;
        bool is_list = filter.op == FilterOp::In;
        bool is_comparison = filter.op == FilterOp::Equal || filter.op == FilterOp::Less ||
                             filter.op == FilterOp::LessEqual || filter.op == FilterOp::Greater ||
                             filter.op == FilterOp::GreaterEqual;
        if ((!is_list && !is_comparison) || filter.values.empty() || (is_comparison && filter.values.size() != 1))
            continue;
        uint32_t width = WidthOf(column_types[filter.column]);
        bool widths_match = true;
        for (const std::string& value : filter.values)
            widths_match = widths_match && value.size() == width;
        if (!widths_match)
            continue;
        OfferedFilter& offered = filters[count++];
        offered.column = filter.column;
        offered.op = filter.op;
        offered.count = static_cast<int>(filter.values.size());
        offered.values = PgCall([&]() { return static_cast<int64*>(palloc(sizeof(int64) * filter.values.size())); });
        for (size_t i = 0; i < filter.values.size(); i++)
            offered.values[i] = ReadInteger(filter.values[i]);
    }
    *out = filters;
    return count;
}

Datum IntegerDatum(int64 value, Oid type) {
    switch (type) {
    case INT2OID: return Int16GetDatum(static_cast<int16>(value));
    case INT4OID: return Int32GetDatum(static_cast<int32>(value));
    default: return Int64GetDatum(value);
    }
}

Const* IntegerConst(int64 value, Oid type) {
    return makeConst(type, -1, InvalidOid, get_typlen(type), IntegerDatum(value, type), false, true);
}

/* The keys as an array constant of their integer type. */
Const* KeyArray(const int64* keys, int count, Oid type) {
    int16 typlen;
    bool typbyval;
    char typalign;
    get_typlenbyvalalign(type, &typlen, &typbyval, &typalign);
    auto* datums = static_cast<Datum*>(palloc(sizeof(Datum) * Max(count, 1)));
    for (int i = 0; i < count; i++)
        datums[i] = IntegerDatum(keys[i], type);
    ArrayType* array = construct_array(datums, count, type, typlen, typbyval, typalign);
    return makeConst(get_array_type(type), -1, InvalidOid, -1, PointerGetDatum(array), false, false);
}

/* The scan query's output column `column` if it is a plain column of the scanned relation. */
Var* PlainColumn(const Query* query, int column) {
    int index = 0;
    ListCell* lc;
    foreach (lc, query->targetList) {
        TargetEntry* tle = lfirst_node(TargetEntry, lc);
        if (tle->resjunk)
            continue;
        if (index++ == column)
            return IsA(tle->expr, Var) && reinterpret_cast<Var*>(tle->expr)->varlevelsup == 0
                       ? reinterpret_cast<Var*>(tle->expr)
                       : nullptr;
    }
    return nullptr;
}

/* column OP value, with the btree operator of the column's type. */
Expr* ComparisonQual(Var* column, const OfferedFilter& filter, Oid type) {
    TypeCacheEntry* cache = lookup_type_cache(type, TYPECACHE_BTREE_OPFAMILY);
    int16 strategy = filter.op == FilterOp::Equal          ? BTEqualStrategyNumber
                     : filter.op == FilterOp::Less         ? BTLessStrategyNumber
                     : filter.op == FilterOp::LessEqual    ? BTLessEqualStrategyNumber
                     : filter.op == FilterOp::Greater      ? BTGreaterStrategyNumber
                                                           : BTGreaterEqualStrategyNumber;
    Oid opno = get_opfamily_member(cache->btree_opf, type, type, strategy);
    if (!OidIsValid(opno))
        return nullptr;
    return make_opclause(opno, BOOLOID, false, reinterpret_cast<Expr*>(column),
                         reinterpret_cast<Expr*>(IntegerConst(filter.values[0], type)), InvalidOid, InvalidOid);
}

const char* PlanNodeName(const Plan* plan) {
    switch (nodeTag(plan)) {
    case T_IndexScan: return "Index Scan";
    case T_IndexOnlyScan: return "Index Only Scan";
    default: return "Bitmap Heap Scan";
    }
}

/* column = ANY(keys), keys an array of the column's type, with the type's equality. */
Expr* AnyQual(Var* column, Oid type, Expr* keys) {
    TypeCacheEntry* cache = lookup_type_cache(type, TYPECACHE_EQ_OPR);
    ScalarArrayOpExpr* expr = makeNode(ScalarArrayOpExpr);
    expr->opno = cache->eq_opr;
    expr->opfuncid = get_opcode(cache->eq_opr);
    expr->useOr = true;
    expr->inputcollid = InvalidOid;
    expr->args = list_make2(column, keys);
    expr->location = -1;
    return reinterpret_cast<Expr*>(expr);
}

/* column = ANY($param_id), the parameter an array of the column's type. */
Expr* KeyParamQual(Var* column, Oid type, int param_id) {
    Param* keys = makeNode(Param);
    keys->paramkind = PARAM_EXTERN;
    keys->paramid = param_id;
    keys->paramtype = get_array_type(type);
    keys->paramtypmod = -1;
    keys->paramcollid = InvalidOid;
    keys->location = -1;
    return AnyQual(column, type, reinterpret_cast<Expr*>(keys));
}

/* The scan query with the filters as quals, planned by PostgreSQL; filters[split], if split is
 * not negative, offers only its keys [first, first + count), or, if param_id is positive, is
 * the parameter $param_id instead (planned once for every part of a split probe).
 * *keys: the largest key count. */
PlannedStmt* PlanWithFilters(const Query* scan_query, const OfferedFilter* filters, int filter_count,
                             const Oid* column_types, int split, int first, int count, int param_id, int* keys) {
    auto* query = static_cast<Query*>(copyObjectImpl(scan_query));
    Node* quals = query->jointree->quals;
    *keys = 0;
    for (int i = 0; i < filter_count; i++) {
        const OfferedFilter& filter = filters[i];
        Var* column = PlainColumn(query, filter.column);
        if (column == nullptr)
            continue;
        Oid type = column_types[filter.column];
        Var* copy = copyObject(column);
        const int64* values = i == split ? filter.values + first : filter.values;
        int value_count = i == split ? count : filter.count;
        Expr* qual = i == split && param_id > 0   ? KeyParamQual(copy, type, param_id)
                     : filter.op == FilterOp::In ? KeyListQual(copy, values, value_count, type)
                                                 : ComparisonQual(copy, filter, type);
        if (qual == nullptr)
            continue;
        quals = make_and_qual(quals, reinterpret_cast<Node*>(qual));
        if (filter.op == FilterOp::In)
            *keys = Max(*keys, value_count);
    }
    if (quals == query->jointree->quals)
        return nullptr;
    query->jointree->quals = quals;
    return standard_planner(query, nullptr, 0, nullptr);
}

/* Sorts every offered IN list and drops its duplicates, so that the parts of a split probe
 * share no key and no row. Returns the keys of all lists. */
int SortLists(OfferedFilter* filters, int filter_count) {
    int keys = 0;
    for (int i = 0; i < filter_count; i++) {
        OfferedFilter& list = filters[i];
        if (list.op != FilterOp::In)
            continue;
        std::sort(list.values, list.values + list.count);
        list.count = static_cast<int>(std::unique(list.values, list.values + list.count) - list.values);
        keys += list.count;
    }
    return keys;
}

/* Whether column is the first column of index: cutting its keys cuts the index descents (a
 * later column's keys are checked within the descents for the first column's keys, which every
 * part would repeat, though PostgreSQL's cost of each part says otherwise). */
bool LeadsIndex(Oid index, const Var* column) {
    if (!OidIsValid(index) || column == nullptr)
        return false;
    HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index));
    if (!HeapTupleIsValid(tuple))
        return false;
    bool leads = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple))->indkey.values[0] == column->varattno;
    ReleaseSysCache(tuple);
    return leads;
}

/* Description of a probe for EXPLAIN. */
char* DescribeProbe(const PlannedStmt* stmt, Oid index, int keys, int parts) {
    char* index_name = OidIsValid(index) ? get_rel_name(index) : nullptr;
    const char* what = keys == 0 ? "key range" : parts > 1 ? psprintf("%d keys in %d parts", keys, parts)
                                                             : psprintf("%d keys", keys);
    return psprintf("%s using %s, %s", PlanNodeName(stmt->planTree), index_name != nullptr ? index_name : "indexes",
                    what);
}

/* The scan query with list `split` as the parameter $param_id, planned to read the relation as
 * `like` (the first part's plan) does. PostgreSQL counts a parameter array as 10 keys, so left
 * alone it may pick an index scan where the real keys got a bitmap heap scan (with a second
 * list, an index scan can descend once per pair of keys); the other ways to read the relation
 * are disabled while it plans, as enable_indexscan and its kin would. */
PlannedStmt* PlanLike(const Plan* like, const Query* scan_query, const OfferedFilter* filters, int filter_count,
                      const Oid* column_types, int split, int param_id, int* keys) {
    bool saved_seqscan = enable_seqscan;
    bool saved_indexscan = enable_indexscan;
    bool saved_indexonlyscan = enable_indexonlyscan;
    bool saved_bitmapscan = enable_bitmapscan;
    PlannedStmt* stmt = nullptr;
    PG_TRY();
    {
        /* an index-only scan is an index scan to PostgreSQL: enable_indexscan allows both; a
         * disabled path left in the plan would cost it disable_cost, and so JIT compilation */
        enable_seqscan = false;
        enable_indexscan = IsA(like, IndexScan) || IsA(like, IndexOnlyScan);
        enable_indexonlyscan = IsA(like, IndexOnlyScan);
        enable_bitmapscan = IsA(like, BitmapHeapScan);
        stmt = PlanWithFilters(scan_query, filters, filter_count, column_types, split, 0, 0, param_id, keys);
    }
    PG_FINALLY();
    {
        enable_seqscan = saved_seqscan;
        enable_indexscan = saved_indexscan;
        enable_indexonlyscan = saved_indexonlyscan;
        enable_bitmapscan = saved_bitmapscan;
    }
    PG_END_TRY();
    return stmt;
}

/* The split of list `split` into `parts` key ranges: the first part's plan (`first`, already
 * made) times the parts, shared among the producers, must cost less than `best_share`, and the
 * scan query planned with the list as a parameter (which each part's range fills in) must read
 * the same index the same way. */
bool PlanParts(const Query* scan_query, const OfferedFilter* filters, int filter_count, const Oid* column_types,
               int split, int parts, const PlannedStmt* first, int producers, int param_id, Cost best_share,
               KeyProbe* probe) {
    if (first->planTree->total_cost * parts / producers >= best_share)
        return false;
    int keys = 0;
    PlannedStmt* stmt = PlanLike(first->planTree, scan_query, filters, filter_count, column_types, split, param_id,
                                 &keys);
    Oid index = InvalidOid;
    Oid first_index = InvalidOid;
    ReadsThroughIndex(first->planTree, &first_index);
    if (stmt == nullptr || !ReadsThroughIndex(stmt->planTree, &index) ||
        nodeTag(stmt->planTree) != nodeTag(first->planTree) || index != first_index)
        return false;
    const OfferedFilter& list = filters[split];
    probe->stmt = stmt;
    probe->keys = list.values;
    probe->key_count = list.count;
    probe->key_type = column_types[list.column];
    probe->param_id = param_id;
    probe->part_count = parts;
    probe->description = DescribeProbe(stmt, index, list.count, parts);
    return true;
}

/*
 * The cheapest way the offered filters let the scan be read: the whole lists by the backend
 * alone, or one list split into parts the producers share, or (false) the full scan. A list is
 * split only if it is on the first column of the index its first part reads (LeadsIndex); of
 * such candidates the cheapest first part, times its parts, is tried. The whole lists are
 * planned only while short or where no list is long enough to split: PostgreSQL's planning
 * time grows with the keys, and a refused split refuses them too (Q8's 40,000 order keys took
 * 29 ms to plan whole, before a full scan all the same).
 */
bool PlanOffered(const Query* scan_query, OfferedFilter* filters, int filter_count, const Oid* column_types,
                 int producers, int param_id, Cost full_scan_cost, KeyProbe* probe) {
    *probe = KeyProbe{};
    int total_keys = SortLists(filters, filter_count);
    Oid index = InvalidOid;
    int split = -1;
    int parts = 1;
    PlannedStmt* first_part = nullptr;
    Cost best_share = full_scan_cost;
    bool splittable = false;
    for (int i = 0; i < filter_count; i++) {
        int candidate_parts = filters[i].op == FilterOp::In ? ProbePartCount(filters[i].count, producers) : 1;
        if (candidate_parts <= 1)
            continue;
        splittable = true;
        int part_keys = 0;
        int first = 0;
        int count = 0;
        ProbePartRange(filters[i].count, 0, candidate_parts, &first, &count);
        PlannedStmt* stmt =
            PlanWithFilters(scan_query, filters, filter_count, column_types, i, first, count, 0, &part_keys);
        if (stmt == nullptr || !ReadsThroughIndex(stmt->planTree, &index) ||
            !LeadsIndex(index, PlainColumn(scan_query, filters[i].column)))
            continue;
        Cost share = stmt->planTree->total_cost * candidate_parts / producers;
        if (share < best_share) {
            best_share = share;
            split = i;
            parts = candidate_parts;
            first_part = stmt;
        }
    }
    PlannedStmt* whole = nullptr;
    Oid whole_index = InvalidOid;
    int whole_keys = 0;
    if (!splittable || total_keys <= kMaxWholeKeys) {
        whole = PlanWithFilters(scan_query, filters, filter_count, column_types, -1, 0, 0, 0, &whole_keys);
        if (whole == nullptr || !ReadsThroughIndex(whole->planTree, &whole_index) ||
            whole->planTree->total_cost >= full_scan_cost)
            whole = nullptr;
    }
    if (split >= 0 && (whole == nullptr || best_share < whole->planTree->total_cost) &&
        PlanParts(scan_query, filters, filter_count, column_types, split, parts, first_part, producers, param_id,
                  whole != nullptr ? whole->planTree->total_cost : full_scan_cost, probe))
        return true;
    if (whole == nullptr)
        return false;
    probe->stmt = whole;
    probe->description = DescribeProbe(whole, whole_index, whole_keys, 1);
    return true;
}

} // namespace

int ProbePartCount(int keys, int producers) {
    if (producers <= 1)
        return 1;
    return Max(1, Min(producers * kProbePartsPerProducer, keys / kMinKeysPerPart));
}

Expr* KeyListQual(Var* column, const int64* keys, int count, Oid type) {
    return AnyQual(column, type, reinterpret_cast<Expr*>(KeyArray(keys, count, type)));
}

bool ReadsThroughIndex(const Plan* plan, Oid* index) {
    switch (nodeTag(plan)) {
    case T_IndexScan: *index = reinterpret_cast<const IndexScan*>(plan)->indexid; return true;
    case T_IndexOnlyScan: *index = reinterpret_cast<const IndexOnlyScan*>(plan)->indexid; return true;
    case T_BitmapHeapScan:
        *index = plan->lefttree != nullptr && IsA(plan->lefttree, BitmapIndexScan)
                     ? reinterpret_cast<const BitmapIndexScan*>(plan->lefttree)->indexid
                     : InvalidOid;
        return true;
    default: return false;
    }
}

bool PlanKeyProbe(const Query* scan_query, const char* open_message, uint32_t length, const Oid* column_types,
                  int column_count, const PlannedStmt* full_scan, int producers, int param_count, KeyProbe* probe) {
    OfferedFilter* filters = nullptr;
    int count = DecodeOffered(open_message, length, column_types, column_count, &filters);
    return count > 0 && PlanOffered(scan_query, filters, count, column_types, producers, param_count + 1,
                                    FullScanCostPerProducer(full_scan, producers), probe);
}

void ProbePartRange(int key_count, int part, int parts, int* first, int* count) {
    *first = static_cast<int>(static_cast<int64>(key_count) * part / parts);
    *count = static_cast<int>(static_cast<int64>(key_count) * (part + 1) / parts) - *first;
}

Datum KeyArrayDatum(const int64* keys, int count, Oid type) { return KeyArray(keys, count, type)->constvalue; }

} // namespace pgf
