#include "backend/planner/key_probe.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "common/protocol.h"

#include "backend/guard.h"
#include "backend/planner/fusion_cost.h"

extern "C" {
#include "access/stratnum.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/plannodes.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
}

namespace pgf {

namespace {

constexpr int kProbePartsPerProducer = 4;
constexpr int kMinKeysPerPart = 2048;

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

/* The scan query with the filters as quals, planned by PostgreSQL; filters[split], if split is
 * not negative, offers only its keys [first, first + count). *keys: the largest key count. */
PlannedStmt* PlanWithFilters(const Query* scan_query, const OfferedFilter* filters, int filter_count,
                             const Oid* column_types, int split, int first, int count, int* keys) {
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
        Expr* qual = filter.op == FilterOp::In ? KeyListQual(copy, values, value_count, type)
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

/* The offered IN list with the most keys, sorted and without duplicates (so that the parts of
 * a split probe share no key and no row); -1 if there is none. */
int SortedLargestList(OfferedFilter* filters, int filter_count) {
    int largest = -1;
    for (int i = 0; i < filter_count; i++)
        if (filters[i].op == FilterOp::In && (largest < 0 || filters[i].count > filters[largest].count))
            largest = i;
    if (largest >= 0) {
        OfferedFilter& list = filters[largest];
        std::sort(list.values, list.values + list.count);
        list.count = static_cast<int>(std::unique(list.values, list.values + list.count) - list.values);
    }
    return largest;
}

/* The key list split into `parts` sorted ranges, each planned alone; false unless every part
 * reads through an index and together they cost less than the full scan, shared as the
 * producers share the parts. The first part's cost, times the parts, decides before the others
 * are planned: planning costs time in proportion to the keys, and a long list is often refused. */
bool PlanParts(const Query* scan_query, const OfferedFilter* filters, int filter_count, const Oid* column_types,
               int split, int parts, int producers, Cost full_scan_cost, KeyProbe* probe) {
    auto* stmts = static_cast<PlannedStmt**>(palloc0(sizeof(PlannedStmt*) * parts));
    int keys = filters[split].count;
    Cost total = 0;
    Oid index = InvalidOid;
    for (int part = 0; part < parts; part++) {
        int first = static_cast<int>(static_cast<int64>(keys) * part / parts);
        int end = static_cast<int>(static_cast<int64>(keys) * (part + 1) / parts);
        int part_keys = 0;
        stmts[part] = PlanWithFilters(scan_query, filters, filter_count, column_types, split, first, end - first,
                                      &part_keys);
        if (stmts[part] == nullptr || !ReadsThroughIndex(stmts[part]->planTree, &index))
            return false;
        total += stmts[part]->planTree->total_cost;
        if (part == 0 && total * parts / producers >= full_scan_cost)
            return false;
    }
    if (total / producers >= full_scan_cost)
        return false;
    probe->stmt = stmts[0];
    probe->parts = stmts;
    probe->part_count = parts;
    char* index_name = OidIsValid(index) ? get_rel_name(index) : nullptr;
    probe->description = psprintf("%s using %s, %d keys in %d parts", PlanNodeName(stmts[0]->planTree),
                                  index_name != nullptr ? index_name : "indexes", keys, parts);
    return true;
}

bool PlanOffered(const Query* scan_query, OfferedFilter* filters, int filter_count, const Oid* column_types,
                 int producers, Cost full_scan_cost, KeyProbe* probe) {
    probe->parts = nullptr;
    probe->part_count = 0;
    int split = SortedLargestList(filters, filter_count);
    int parts = split >= 0 ? ProbePartCount(filters[split].count, producers) : 1;
    /* The parts decide alone: read by one producer, the whole list would cost about their sum,
     * more than the share that refused them. */
    if (parts > 1)
        return PlanParts(scan_query, filters, filter_count, column_types, split, parts, producers, full_scan_cost,
                         probe);
    int keys = 0;
    PlannedStmt* stmt = PlanWithFilters(scan_query, filters, filter_count, column_types, -1, 0, 0, &keys);
    Oid index = InvalidOid;
    if (stmt == nullptr || !ReadsThroughIndex(stmt->planTree, &index) || stmt->planTree->total_cost >= full_scan_cost)
        return false;
    probe->stmt = stmt;
    char* index_name = OidIsValid(index) ? get_rel_name(index) : nullptr;
    probe->description = psprintf("%s using %s, %s", PlanNodeName(stmt->planTree),
                                  index_name != nullptr ? index_name : "indexes",
                                  keys > 0 ? psprintf("%d keys", keys) : "key range");
    return true;
}

} // namespace

int ProbePartCount(int keys, int producers) {
    if (producers <= 1)
        return 1;
    return Max(1, Min(producers * kProbePartsPerProducer, keys / kMinKeysPerPart));
}

Expr* KeyListQual(Var* column, const int64* keys, int count, Oid type) {
    TypeCacheEntry* cache = lookup_type_cache(type, TYPECACHE_EQ_OPR);
    int16 typlen;
    bool typbyval;
    char typalign;
    get_typlenbyvalalign(type, &typlen, &typbyval, &typalign);
    auto* datums = static_cast<Datum*>(palloc(sizeof(Datum) * count));
    for (int i = 0; i < count; i++)
        datums[i] = IntegerDatum(keys[i], type);
    ArrayType* array = construct_array(datums, count, type, typlen, typbyval, typalign);
    ScalarArrayOpExpr* expr = makeNode(ScalarArrayOpExpr);
    expr->opno = cache->eq_opr;
    expr->opfuncid = get_opcode(cache->eq_opr);
    expr->useOr = true;
    expr->inputcollid = InvalidOid;
    expr->args = list_make2(column, makeConst(get_array_type(type), -1, InvalidOid, -1, PointerGetDatum(array), false, false));
    expr->location = -1;
    return reinterpret_cast<Expr*>(expr);
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
                  int column_count, const PlannedStmt* full_scan, int producers, KeyProbe* probe) {
    OfferedFilter* filters = nullptr;
    int count = DecodeOffered(open_message, length, column_types, column_count, &filters);
    return count > 0 && PlanOffered(scan_query, filters, count, column_types, producers,
                                    FullScanCostPerProducer(full_scan, producers), probe);
}

} // namespace pgf
