#include "common/protocol.h"

#include <algorithm>
#include <cstring>

namespace pgf {

namespace {

class Writer {
public:
    explicit Writer(MessageType type) { Put<uint16_t>(static_cast<uint16_t>(type)); }
    template <typename T> void Put(T v) { out_.append(reinterpret_cast<const char*>(&v), sizeof(T)); }
    void PutString(const std::string& s) {
        Put<uint32_t>(static_cast<uint32_t>(s.size()));
        out_.append(s);
    }
    void PutPage(PageRef ref) {
        Put<uint32_t>(ref.index);
        Put<uint32_t>(ref.sequence);
    }
    void PutColumns(const std::vector<ColumnSpec>& columns) {
        Put<uint16_t>(static_cast<uint16_t>(columns.size()));
        for (const ColumnSpec& c : columns) {
            Put<uint8_t>(static_cast<uint8_t>(c.type));
            Put<uint8_t>(c.precision);
            Put<uint8_t>(c.scale);
        }
    }
    void PutRaw(const char* data, size_t length) { out_.append(data, length); }
    std::string Take() { return std::move(out_); }

private:
    std::string out_;
};

class Reader {
public:
    Reader(const std::string& bytes, MessageType expected) : bytes_(bytes) {
        uint16_t type = 0;
        ok_ = Get(&type) && type == static_cast<uint16_t>(expected);
    }
    template <typename T> bool Get(T* v) {
        if (pos_ + sizeof(T) > bytes_.size())
            return ok_ = false;
        std::memcpy(v, bytes_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return true;
    }
    bool GetString(std::string* s) {
        uint32_t length = 0;
        if (!Get(&length) || pos_ + length > bytes_.size())
            return ok_ = false;
        s->assign(bytes_.data() + pos_, length);
        pos_ += length;
        return true;
    }
    bool GetRaw(std::string* s, size_t length) {
        if (length > bytes_.size() - pos_)
            return ok_ = false;
        s->assign(bytes_.data() + pos_, length);
        pos_ += length;
        return true;
    }
    bool GetPage(PageRef* ref) { return Get(&ref->index) && Get(&ref->sequence); }
    bool GetColumns(std::vector<ColumnSpec>* columns) {
        uint16_t n = 0;
        if (!Get(&n))
            return false;
        columns->resize(n);
        for (ColumnSpec& c : *columns) {
            uint8_t raw = 0;
            if (!Get(&raw) || !Get(&c.precision) || !Get(&c.scale) || !IsValidColumnType(raw))
                return ok_ = false;
            c.type = static_cast<ColumnType>(raw);
        }
        return true;
    }
    /* True if everything read so far was well formed and nothing is left over. */
    bool Finish() const { return ok_ && pos_ == bytes_.size(); }
    bool Ok() const { return ok_; }

private:
    const std::string& bytes_;
    size_t pos_ = 0;
    bool ok_;
};

} // namespace

bool PeekType(const std::string& bytes, MessageType* type) {
    if (bytes.size() < 2)
        return false;
    uint16_t raw;
    std::memcpy(&raw, bytes.data(), 2);
    *type = static_cast<MessageType>(raw);
    return true;
}

std::string Encode(const ExecuteMessage& m) {
    Writer w(MessageType::Execute);
    w.Put(m.query_id);
    w.PutString(m.sql);
    w.PutString(m.time_zone);
    w.PutColumns(m.result_columns);
    w.Put<uint16_t>(static_cast<uint16_t>(m.scans.size()));
    for (const ScanSchema& s : m.scans) {
        w.PutColumns(s.columns);
        w.Put(s.estimated_rows);
        for (size_t c = 0; c < s.columns.size(); c++)
            w.Put<uint64_t>(c < s.distinct_values.size() ? s.distinct_values[c] : 0);
        w.Put(s.producers);
    }
    w.Put<uint8_t>(m.profile ? 1 : 0);
    w.Put(m.join_key_list_limit);
    w.Put<uint8_t>(m.join_key_filters ? 1 : 0);
    return w.Take();
}

bool Decode(const std::string& bytes, ExecuteMessage* m) {
    Reader r(bytes, MessageType::Execute);
    uint16_t scans = 0;
    if (!r.Ok() || !r.Get(&m->query_id) || !r.GetString(&m->sql) || !r.GetString(&m->time_zone) ||
        !r.GetColumns(&m->result_columns) ||
        !r.Get(&scans))
        return false;
    m->scans.resize(scans);
    for (ScanSchema& s : m->scans) {
        if (!r.GetColumns(&s.columns) || !r.Get(&s.estimated_rows))
            return false;
        s.distinct_values.resize(s.columns.size());
        for (uint64_t& distinct : s.distinct_values)
            if (!r.Get(&distinct))
                return false;
        if (!r.Get(&s.producers) || s.producers == 0)
            return false;
    }
    uint8_t profile = 0;
    if (!r.Get(&profile) || profile > 1)
        return false;
    m->profile = profile == 1;
    uint8_t key_filters = 0;
    if (!r.Get(&m->join_key_list_limit) || !r.Get(&key_filters) || key_filters > 1)
        return false;
    m->join_key_filters = key_filters == 1;
    return r.Finish();
}

std::string Encode(const ScanPageMessage& m) {
    Writer w(MessageType::ScanPage);
    w.Put(m.query_id);
    w.Put(m.scan);
    w.PutPage(m.page);
    w.Put(m.rows);
    return w.Take();
}

bool Decode(const std::string& bytes, ScanPageMessage* m) {
    Reader r(bytes, MessageType::ScanPage);
    return r.Ok() && r.Get(&m->query_id) && r.Get(&m->scan) && r.GetPage(&m->page) && r.Get(&m->rows) &&
           r.Finish();
}

std::string Encode(const ScanEndMessage& m) {
    Writer w(MessageType::ScanEnd);
    w.Put(m.query_id);
    w.Put(m.scan);
    w.Put(m.pages);
    return w.Take();
}

bool Decode(const std::string& bytes, ScanEndMessage* m) {
    Reader r(bytes, MessageType::ScanEnd);
    return r.Ok() && r.Get(&m->query_id) && r.Get(&m->scan) && r.Get(&m->pages) && r.Finish();
}

std::string Encode(const CancelMessage& m) {
    Writer w(MessageType::Cancel);
    w.Put(m.query_id);
    return w.Take();
}

bool Decode(const std::string& bytes, CancelMessage* m) {
    Reader r(bytes, MessageType::Cancel);
    return r.Ok() && r.Get(&m->query_id) && r.Finish();
}

/* The width all values share, if they share one of at most 16 bytes; else 0. */
uint8_t FixedWidthOf(const std::vector<std::string>& values) {
    if (values.empty() || values[0].empty() || values[0].size() > 16)
        return 0;
    for (const std::string& v : values)
        if (v.size() != values[0].size())
            return 0;
    return static_cast<uint8_t>(values[0].size());
}

std::string Encode(const OpenScanMessage& m) {
    Writer w(MessageType::OpenScan);
    w.Put(m.query_id);
    w.Put(m.scan);
    w.Put<uint16_t>(static_cast<uint16_t>(m.filters.size()));
    for (const ScanFilter& f : m.filters) {
        w.Put(f.column);
        w.Put<uint8_t>(static_cast<uint8_t>(f.op));
        w.Put<uint32_t>(static_cast<uint32_t>(f.values.size()));
        /* Values of one width (an IN list of keys) go without lengths: twice as many fit. */
        uint8_t width = FixedWidthOf(f.values);
        w.Put(width);
        for (const std::string& v : f.values) {
            if (width == 0)
                w.PutString(v);
            else
                w.PutRaw(v.data(), width);
        }
    }
    w.Put<uint8_t>(static_cast<uint8_t>((m.late ? 1 : 0) | (m.awaits_filters ? 2 : 0)));
    return w.Take();
}

std::string EncodeWithin(OpenScanMessage m, size_t max_bytes) {
    std::string bytes = Encode(m);
    if (bytes.size() <= max_bytes)
        return bytes;
    m.filters.erase(std::remove_if(m.filters.begin(), m.filters.end(),
                                   [](const ScanFilter& f) { return f.op == FilterOp::In || f.op == FilterOp::KeyBloom; }),
                    m.filters.end());
    bytes = Encode(m);
    if (bytes.size() <= max_bytes)
        return bytes;
    m.filters.clear();
    return Encode(m);
}

bool Decode(const std::string& bytes, OpenScanMessage* m) {
    Reader r(bytes, MessageType::OpenScan);
    uint16_t filters = 0;
    if (!r.Ok() || !r.Get(&m->query_id) || !r.Get(&m->scan) || !r.Get(&filters))
        return false;
    m->filters.resize(filters);
    for (ScanFilter& f : m->filters) {
        uint8_t op = 0;
        uint32_t values = 0;
        if (!r.Get(&f.column) || !r.Get(&op) || !r.Get(&values) || op < 1 ||
            op > static_cast<uint8_t>(FilterOp::KeyBloom) || values > bytes.size())
            return false;
        uint8_t width = 0;
        if (!r.Get(&width))
            return false;
        f.op = static_cast<FilterOp>(op);
        f.values.resize(values);
        for (std::string& v : f.values)
            if (width == 0 ? !r.GetString(&v) : !r.GetRaw(&v, width))
                return false;
    }
    uint8_t flags = 0;
    if (!r.Get(&flags) || flags > 3)
        return false;
    m->late = (flags & 1) != 0;
    m->awaits_filters = (flags & 2) != 0;
    return r.Finish();
}

std::string Encode(const ResultPageMessage& m) {
    Writer w(MessageType::ResultPage);
    w.Put(m.query_id);
    w.PutPage(m.page);
    w.Put(m.rows);
    return w.Take();
}

bool Decode(const std::string& bytes, ResultPageMessage* m) {
    Reader r(bytes, MessageType::ResultPage);
    return r.Ok() && r.Get(&m->query_id) && r.GetPage(&m->page) && r.Get(&m->rows) && r.Finish();
}

std::string Encode(const QueryDoneMessage& m) {
    Writer w(MessageType::QueryDone);
    w.Put(m.query_id);
    w.Put(m.rows);
    w.Put(m.engine_us);
    w.Put(m.scan_wait_us);
    w.PutString(m.profile);
    return w.Take();
}

bool Decode(const std::string& bytes, QueryDoneMessage* m) {
    Reader r(bytes, MessageType::QueryDone);
    return r.Ok() && r.Get(&m->query_id) && r.Get(&m->rows) && r.Get(&m->engine_us) && r.Get(&m->scan_wait_us) &&
           r.GetString(&m->profile) && r.Finish();
}

std::string Encode(const QueryErrorMessage& m) {
    Writer w(MessageType::QueryError);
    w.Put(m.query_id);
    w.PutString(m.sqlstate);
    w.PutString(m.message);
    return w.Take();
}

bool Decode(const std::string& bytes, QueryErrorMessage* m) {
    Reader r(bytes, MessageType::QueryError);
    return r.Ok() && r.Get(&m->query_id) && r.GetString(&m->sqlstate) && r.GetString(&m->message) && r.Finish();
}

namespace {

constexpr uint8_t kFirstPart = 1;
constexpr uint8_t kLastPart = 2;
constexpr size_t kPartHeader = sizeof(uint16_t) + sizeof(uint8_t);

} // namespace

std::vector<std::string> SplitMessage(const std::string& message, uint32_t max_message) {
    std::vector<std::string> parts;
    size_t payload = max_message - kPartHeader;
    for (size_t offset = 0; offset < message.size(); offset += payload) {
        uint8_t flags = (offset == 0 ? kFirstPart : 0) | (offset + payload >= message.size() ? kLastPart : 0);
        Writer w(MessageType::MessagePart);
        w.Put(flags);
        w.PutRaw(message.data() + offset, std::min(payload, message.size() - offset));
        parts.push_back(w.Take());
    }
    return parts;
}

bool MessageAssembler::Take(std::string* message) {
    MessageType type;
    if (!PeekType(*message, &type) || type != MessageType::MessagePart) {
        /* a whole message ends any sequence a cancelled writer left unfinished */
        assembling_ = false;
        pending_.clear();
        return true;
    }
    if (message->size() < kPartHeader)
        return false;
    auto flags = static_cast<uint8_t>((*message)[sizeof(uint16_t)]);
    if (flags & kFirstPart) {
        pending_.clear();
        assembling_ = true;
    }
    if (!assembling_ || pending_.size() + message->size() - kPartHeader > kMaxAssembledMessage) {
        assembling_ = false;
        pending_.clear();
        return false;
    }
    pending_.append(*message, kPartHeader, std::string::npos);
    if (!(flags & kLastPart))
        return false;
    message->swap(pending_);
    pending_.clear();
    assembling_ = false;
    return true;
}

} // namespace pgf
