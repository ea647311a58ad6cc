// Folding log records into per-unit statistics, one pass per log file, in file order (so the result
// does not depend on anything but the input). Distinct persons are (unit, person) pairs of interned
// ids in one flat hash set per derived column; registry membership is a flat set of the same pairs.
#include "engine/logs/flat_table.hpp"
#include "engine/logs/log_reader.hpp"
#include "util/parallel.hpp"

#include <civiscore/error.hpp>
#include <civiscore/logs.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace civiscore::inline v0::logs {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t max_examples = 5;

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

const char* statistic_name(statistic s) {
    switch (s) {
        case statistic::count: return "count";
        case statistic::distinct_persons: return "distinct_persons";
        case statistic::sum: return "sum";
        case statistic::per_1000: return "per_1000";
        case statistic::registry_coverage: return "registry_coverage";
        case statistic::percentile: return "percentile";
        case statistic::share_at_most: return "share_at_most";
    }
    return "?";
}

bool uses_persons(const column_spec& c) {
    return c.stat == statistic::distinct_persons || c.stat == statistic::registry_coverage ||
           (c.stat == statistic::per_1000 && c.of == statistic::distinct_persons);
}

bool iso_date_prefix(std::string_view s) {
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

// The header of a log or registry: the field index of each named column.
struct header {
    std::vector<std::string> names;
    std::size_t find(const record_stream& rs, const std::string& column, const std::string& why) const {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == column) return i;
        throw data_error(rs.label() + ":1: no column '" + column + "' (" + why + ")");
    }
};

header read_header(record_stream& rs, std::vector<std::string_view>& fields) {
    if (!rs.next(fields)) throw data_error(rs.label() + ": empty file (a header row is needed)");
    header h;
    for (const auto f : fields) h.names.emplace_back(trim(f));
    return h;
}

struct unknown_units {
    interner ids;
    std::uint64_t rows = 0;
    std::vector<std::pair<std::string, std::size_t>> examples;
    void add(std::string_view id, std::size_t line) {
        ++rows;
        const std::size_t before = ids.size();
        ids.intern(id);
        if (ids.size() > before && examples.size() < max_examples) examples.emplace_back(std::string(id), line);
    }
};

struct column_state {
    const column_spec* spec = nullptr;
    std::size_t value_field = static_cast<std::size_t>(-1);
    std::vector<double> acc;             // count, sum, distinct or covered persons, records within limit
    std::vector<std::uint32_t> hits;     // records counted per unit
    std::vector<std::vector<double>> values;  // percentile
    std::vector<u64_set> seen;           // per unit block: (unit, person) pairs already counted
    std::uint64_t records = 0;
};

// A malformed record: the line and the message after "file:line: ". Thrown while parsing a slice
// of a batch and turned into a data_error once the slice's absolute line numbers are known.
struct record_error {
    std::size_t line;
    std::string what;
};

constexpr std::size_t no_field = static_cast<std::size_t>(-1);
constexpr std::size_t batch_bytes = std::size_t{16} << 20;

// One slice of a batch of log text, parsed by one thread: what the fold needs of each record of a
// known unit. Views point into the batch, which outlives the slice's use.
struct slice {
    std::string_view text;
    std::size_t first_line = 0, lines = 0;  // lines are counted from 0 within the slice
    std::vector<std::uint32_t> unit;
    std::vector<std::string_view> person;
    std::vector<std::uint64_t> person_hash;  // hash_bytes(person), computed here to prefetch in the fold
    std::vector<std::uint32_t> block;        // the unit block (thread) that folds the record
    std::vector<std::uint8_t> pass;   // per record and column: passed the filters
    std::vector<double> value;        // per record and column: the value column's number
    std::vector<std::uint64_t> col_records;
    std::uint64_t records = 0;
    std::vector<std::pair<std::string_view, std::size_t>> unknown;  // (unit id, line within the slice)
    std::string last_unit;            // logs are often sorted by unit: skip repeated lookups
    std::uint32_t last_u = interner::none;
    bool failed = false;
    record_error error{0, {}};
    void reset(std::string_view t, std::size_t n_cols) {
        text = t;
        first_line = lines = 0;
        unit.clear(), person.clear(), person_hash.clear(), block.clear(), pass.clear(), value.clear(), unknown.clear();
        col_records.assign(n_cols, 0);
        records = 0;
        failed = false;
    }
};

class aggregation {
public:
    aggregation(const config& cfg, const dataset& units, int n_threads) : cfg_(cfg), units_(units) {
        for (std::size_t i = 0; i < units.unit_count(); ++i) unit_ids_.intern(units.unit_ids[i]);
        // Units are split into contiguous blocks, one per thread; a block's state (person ids, seen
        // pairs, registry members) is touched only by its thread, and each unit's records are folded
        // in file order, so the result is the same for any thread count.
        blocks_ = static_cast<std::size_t>(resolve_threads(n_threads));
        blocks_ = std::max<std::size_t>(1, std::min(blocks_, units.unit_count()));
        parts_.resize(blocks_);
        for (auto& p : parts_) p.registry.resize(cfg.registries.size());
        registry_sizes_.resize(cfg.registries.size());
        registry_given_.assign(cfg.registries.size(), false);
    }

    void read_registry(std::size_t r, const input& in, summary& out) {
        const registry_spec& spec = cfg_.registries[r];
        record_stream rs(in);
        std::vector<std::string_view> f;
        const header h = read_header(rs, f);
        const std::string why = "the person registry '" + spec.name + "', " + spec.pointer;
        const std::size_t ui = h.find(rs, spec.unit_column, why), pi = h.find(rs, spec.person_column, why);
        registry_given_[r] = true;
        auto& sizes = registry_sizes_[r];
        sizes.assign(units_.unit_count(), 0);
        registry_summary s;
        s.name = spec.name;
        s.source = rs.label();
        unknown_units unknown;
        while (rs.next(f)) {
            check_width(rs, f, h);
            ++s.rows;
            const std::string_view unit = field(rs, f, ui, spec.unit_column);
            const std::string_view person = field(rs, f, pi, spec.person_column);
            const std::uint32_t u = unit_ids_.find(unit);
            if (u == interner::none) {
                unknown.add(unit, rs.line());
                continue;
            }
            part& p = parts_[owner(u)];
            if (p.registry[r].insert(key(u, p.persons.intern(person)))) ++sizes[u], ++s.persons;
            else ++s.duplicates;
        }
        s.unknown_unit_rows = unknown.rows;
        s.unknown_units = unknown.ids.size();
        s.unknown_examples = std::move(unknown.examples);
        out.registries.push_back(std::move(s));
    }

    // Fold one log into every derived column reading it. Quote-free text (the common case) is read
    // in 16 MiB batches: each batch is parsed in slices on all threads, then folded by unit block on
    // all threads. From the first quote on, the rest is parsed by record_stream on this thread.
    void read_log(std::size_t source, const input& in, summary& out, std::vector<column_state>& states) {
        const source_spec& spec = cfg_.sources[source];
        log_ctx cx;
        bool need_person = false, need_type = false, need_period = false, need_date = false;
        for (auto& st : states) {
            if (st.spec->source != source) continue;
            cx.cols.push_back(&st);
            st.seen.resize(blocks_);
            need_person |= uses_persons(*st.spec);
            need_type |= !st.spec->types.empty();
            need_period |= !st.spec->periods.empty();
            need_date |= !st.spec->date_from.empty() || !st.spec->date_to.empty();
            if (st.spec->stat == statistic::registry_coverage && !registry_given_[st.spec->registry])
                throw invalid_argument_error("column '" + st.spec->column + "' (" + st.spec->pointer +
                                             ") needs the registry '" + cfg_.registries[st.spec->registry].name +
                                             "': give it with the log '" + spec.name + "'");
        }
        std::uint64_t offset = 0;
        std::size_t line = 0;
        std::string label;
        {
            record_stream rs(in);
            std::vector<std::string_view> f;
            const header h = read_header(rs, f);
            const std::string why = "log '" + spec.name + "', " + spec.pointer;
            cx.spec = &spec;
            cx.width = h.names.size();
            cx.ui = h.find(rs, spec.unit_column, why);
            cx.pi = need_person ? h.find(rs, spec.person_column, why) : no_field;
            cx.ti = need_type ? h.find(rs, spec.type_column, why) : no_field;
            cx.qi = need_period ? h.find(rs, spec.period_column, why) : no_field;
            cx.di = need_date ? h.find(rs, spec.date_column, why) : no_field;
            for (auto* st : cx.cols)
                if (!st->spec->value_column.empty())
                    st->value_field =
                        h.find(rs, st->spec->value_column, "column '" + st->spec->column + "', " + st->spec->pointer);
            offset = rs.offset();
            line = rs.next_line();
            label = rs.label();
        }

        log_summary s;
        s.name = spec.name;
        s.source = label;
        unknown_units unknown;
        std::vector<slice> slices(blocks_);

        std::string buf;
        std::string_view data;
        bool eof = false;
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, &std::fclose);
        if (in.in_memory) {
            data = std::string_view(in.text).substr(std::min<std::uint64_t>(offset, in.text.size()));
            eof = true;
        } else {
            file.reset(std::fopen(in.path.c_str(), "rb"));
            if (!file || fseeko(file.get(), static_cast<off_t>(offset), SEEK_SET) != 0)
                throw io_error("cannot open log file '" + in.path + "': " + std::strerror(errno));
        }
        for (;;) {
            if (!in.in_memory) {
                const std::size_t keep = buf.size();
                buf.resize(keep + batch_bytes);
                const std::size_t got = std::fread(buf.data() + keep, 1, batch_bytes, file.get());
                if (got < batch_bytes) {
                    if (std::ferror(file.get())) throw io_error("cannot read log file '" + label + "'");
                    eof = true;
                }
                buf.resize(keep + got);
                data = buf;
            }
            if (data.empty()) break;
            std::size_t cut = data.size();
            if (!eof) {
                const std::size_t nl = data.rfind('\n');
                if (nl == std::string_view::npos) continue;  // one line longer than a batch: read on
                cut = nl + 1;
            }
            const void* quote = std::memchr(data.data(), '"', cut);
            std::size_t clean = cut;
            if (quote != nullptr) {
                const auto q = static_cast<std::size_t>(static_cast<const char*>(quote) - data.data());
                const std::size_t nl = data.substr(0, q).rfind('\n');
                clean = nl == std::string_view::npos ? 0 : nl + 1;
            }
            if (clean > 0) line = fold_batch(cx, data.substr(0, clean), line, label, slices, s, unknown);
            offset += clean;
            if (quote != nullptr) {
                fold_quoted(cx, in, offset, line, slices[0], s, unknown);
                break;
            }
            if (eof) break;
            buf.erase(0, cut);
        }
        s.unknown_unit_records = unknown.rows;
        s.unknown_units = unknown.ids.size();
        s.unknown_examples = std::move(unknown.examples);
        out.logs.push_back(std::move(s));
    }

    std::vector<double> finish(column_state& st, column_summary& s) const {
        const column_spec& c = *st.spec;
        const std::size_t n = units_.unit_count();
        std::vector<double> out(n, nan);
        const double* population = nullptr;
        if (c.stat == statistic::per_1000) {
            const int pc = units_.find_column(c.population_column);
            if (pc < 0)
                throw data_error(units_.source + ": no column '" + c.population_column + "' (the population of " +
                                 c.pointer + ", column '" + c.column + "')");
            const column& col = units_.columns[static_cast<std::size_t>(pc)];
            if (!col.numeric)
                throw data_error("column '" + c.population_column + "' is not numeric: " + col.not_numeric_where);
            population = col.values.data();
        }
        for (std::size_t u = 0; u < n; ++u) {
            if (st.hits[u] == 0) ++s.units_without_records;
            switch (c.stat) {
                case statistic::count:
                case statistic::distinct_persons:
                case statistic::sum: out[u] = st.acc[u]; break;  // no records: 0 services
                case statistic::per_1000: {
                    const double p = population[u];
                    if (!(p > 0.0))
                        throw data_error(units_.describe_unit(u) + ": population '" + c.population_column +
                                         "' is missing or not > 0, and column '" + c.column + "' (" + c.pointer +
                                         ") is per 1,000 of it");
                    out[u] = st.acc[u] / p * 1000.0;
                    break;
                }
                case statistic::registry_coverage: {
                    const std::uint32_t size = registry_sizes_[c.registry][u];
                    if (size > 0) out[u] = st.acc[u] / size * c.scale;  // an empty registry: nothing to cover
                    break;
                }
                case statistic::percentile: {
                    auto& v = st.values[u];
                    if (v.empty()) break;
                    std::sort(v.begin(), v.end());
                    const double hpos = (static_cast<double>(v.size()) - 1.0) * c.p / 100.0;
                    const auto lo = static_cast<std::size_t>(std::floor(hpos));
                    const std::size_t hi = std::min(lo + 1, v.size() - 1);
                    out[u] = v[lo] + (hpos - static_cast<double>(lo)) * (v[hi] - v[lo]);
                    break;
                }
                case statistic::share_at_most:
                    if (st.hits[u] > 0) out[u] = st.acc[u] / st.hits[u] * c.scale;
                    break;
            }
            if (std::isnan(out[u])) ++s.missing_units;
        }
        return out;
    }

private:
    struct part {
        interner persons;              // person ids of this block's units
        std::vector<u64_set> registry; // per registry: (unit, person) members
    };
    struct log_ctx {
        const source_spec* spec = nullptr;
        std::vector<column_state*> cols;
        std::size_t width = 0, ui = no_field, pi = no_field, ti = no_field, qi = no_field, di = no_field;
    };

    const config& cfg_;
    const dataset& units_;
    interner unit_ids_;
    std::size_t blocks_ = 1;
    std::vector<part> parts_;
    std::vector<std::vector<std::uint32_t>> registry_sizes_;
    std::vector<bool> registry_given_;

    [[nodiscard]] std::size_t owner(std::uint32_t u) const noexcept {
        return static_cast<std::size_t>(static_cast<std::uint64_t>(u) * blocks_ / units_.unit_count());
    }

    static std::string where_in(std::size_t field, const std::string& column) {
        return "column '" + column + "' (field " + std::to_string(field + 1) + "): ";
    }

    // Check one record and keep what the fold needs in `sl` (nothing for an unknown unit, which is
    // listed instead). Throws record_error; the same checks, in the same order, as before threading.
    void classify(const log_ctx& cx, const std::vector<std::string_view>& f, std::size_t line, slice& sl) const {
        if (f.size() != cx.width)
            throw record_error{line, std::to_string(f.size()) + " fields, but the header has " + std::to_string(cx.width)};
        ++sl.records;
        const std::string_view unit = trim(f[cx.ui]);
        if (unit.empty()) throw record_error{line, where_in(cx.ui, cx.spec->unit_column) + "empty (every record needs one)"};
        std::uint32_t u = sl.last_u;
        if (sl.last_u == interner::none || unit != sl.last_unit) {
            u = unit_ids_.find(unit);
            sl.last_unit.assign(unit);
            sl.last_u = u;
        }
        if (u == interner::none) {
            sl.unknown.emplace_back(unit, line);
            return;
        }
        const std::string_view type = cx.ti != no_field ? trim(f[cx.ti]) : std::string_view{};
        const std::string_view period = cx.qi != no_field ? trim(f[cx.qi]) : std::string_view{};
        std::string_view date;
        if (cx.di != no_field) {
            date = trim(f[cx.di]);
            if (!iso_date_prefix(date))
                throw record_error{line, where_in(cx.di, cx.spec->date_column) + "'" + std::string(date) +
                                             "' is not a date YYYY-MM-DD"};
            date = date.substr(0, 10);
        }
        sl.unit.push_back(u);
        sl.block.push_back(static_cast<std::uint32_t>(owner(u)));
        sl.person.push_back(cx.pi != no_field ? trim(f[cx.pi]) : std::string_view{});
        sl.person_hash.push_back(hash_bytes(sl.person.back()));
        for (std::size_t j = 0; j < cx.cols.size(); ++j) {
            const column_state& st = *cx.cols[j];
            const column_spec& c = *st.spec;
            bool pass = true;
            if (!c.types.empty() && std::find(c.types.begin(), c.types.end(), type) == c.types.end()) pass = false;
            else if (!c.periods.empty() && std::find(c.periods.begin(), c.periods.end(), period) == c.periods.end())
                pass = false;
            else if (!c.date_from.empty() && date < std::string_view(c.date_from)) pass = false;
            else if (!c.date_to.empty() && date > std::string_view(c.date_to)) pass = false;
            double v = 0.0;
            if (pass && st.value_field != no_field) v = number(f, st.value_field, c.value_column, line);
            if (pass) ++sl.col_records[j];
            sl.pass.push_back(pass ? 1 : 0);
            sl.value.push_back(v);
        }
    }

    // Fold record i of `sl` (of a unit in block b) into the columns; only block b's thread calls this.
    void accumulate(const log_ctx& cx, const slice& sl, std::size_t i, std::size_t b) {
        const std::uint32_t u = sl.unit[i];
        const std::string_view person = sl.person[i];
        const std::size_t nc = cx.cols.size();
        part& p = parts_[b];
        std::uint32_t pid = interner::none;
        for (std::size_t j = 0; j < nc; ++j) {
            if (!sl.pass[i * nc + j]) continue;
            column_state* st = cx.cols[j];
            const column_spec& c = *st->spec;
            const double v = sl.value[i * nc + j];
            ++st->hits[u];
            switch (c.stat) {
                case statistic::count: st->acc[u] += 1.0; break;
                case statistic::sum: st->acc[u] += v; break;
                case statistic::per_1000:
                    if (c.of == statistic::count) st->acc[u] += 1.0;
                    else if (c.of == statistic::sum) st->acc[u] += v;
                    else if (!person.empty()) {
                        if (pid == interner::none) pid = p.persons.intern(person, sl.person_hash[i]);
                        if (st->seen[b].insert(key(u, pid))) st->acc[u] += 1.0;
                    }
                    break;
                case statistic::distinct_persons:
                    if (!person.empty()) {  // a record without a person (a group activity) has none to count
                        if (pid == interner::none) pid = p.persons.intern(person, sl.person_hash[i]);
                        if (st->seen[b].insert(key(u, pid))) st->acc[u] += 1.0;
                    }
                    break;
                case statistic::registry_coverage: {
                    if (person.empty()) break;
                    // Only registry members are stored, so memory follows the registry, not the log.
                    const std::uint32_t id = pid != interner::none ? pid : p.persons.find(person, sl.person_hash[i]);
                    if (id == interner::none) break;
                    const std::uint64_t k = key(u, id);
                    if (p.registry[c.registry].contains(k) && st->seen[b].insert(k)) st->acc[u] += 1.0;
                    break;
                }
                case statistic::percentile: st->values[u].push_back(v); break;
                case statistic::share_at_most:
                    if (v <= c.limit) st->acc[u] += 1.0;
                    break;
            }
        }
    }

    // Summary counts and unknown units of a parsed slice, in file order; throws its error if any.
    void settle(const slice& sl, const log_ctx& cx, const std::string& label, log_summary& s, unknown_units& unknown) const {
        if (sl.failed)
            throw data_error(label + ":" + std::to_string(sl.first_line + sl.error.line) + ": " + sl.error.what);
        s.records += sl.records;
        for (std::size_t j = 0; j < cx.cols.size(); ++j) cx.cols[j]->records += sl.col_records[j];
        for (const auto& [unit, l] : sl.unknown) unknown.add(unit, sl.first_line + l);
    }

    // Parse `text` (whole lines, no quotes; its first line is `first_line`) in one slice per thread,
    // then fold it by unit block. Returns the line after the text.
    std::size_t fold_batch(const log_ctx& cx, std::string_view text, std::size_t first_line, const std::string& label,
                           std::vector<slice>& slices, log_summary& s, unknown_units& unknown) {
        const std::size_t n = blocks_, nc = cx.cols.size();
        std::size_t begin = 0;
        for (std::size_t k = 0; k < n; ++k) {
            std::size_t end = k + 1 == n ? text.size() : std::max(begin, text.size() / n * (k + 1));
            if (end < text.size()) {
                const std::size_t nl = text.find('\n', end == 0 ? 0 : end - 1);
                end = nl == std::string_view::npos ? text.size() : nl + 1;
            }
            slices[k].reset(text.substr(begin, end - begin), nc);
            begin = end;
        }
        parallel_for_blocks(n, static_cast<int>(n), [&](std::size_t k) {
            slice& sl = slices[k];
            std::vector<std::string_view> f;
            const std::string_view t = sl.text;
            std::size_t pos = 0, local = 0;
            try {
                while (pos < t.size()) {
                    const void* nl = std::memchr(t.data() + pos, '\n', t.size() - pos);
                    const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - t.data()) : t.size();
                    std::string_view rec = t.substr(pos, end - pos);
                    pos = end + 1;
                    if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
                    if (!rec.empty()) {
                        f.clear();
                        std::size_t start = 0;
                        for (;;) {
                            const std::size_t comma = rec.find(',', start);
                            if (comma == std::string_view::npos) {
                                f.push_back(rec.substr(start));
                                break;
                            }
                            f.push_back(rec.substr(start, comma - start));
                            start = comma + 1;
                        }
                        classify(cx, f, local, sl);
                    }
                    ++local;
                }
            } catch (record_error& e) {
                sl.failed = true;
                sl.error = std::move(e);
            }
            sl.lines = local;
        });
        std::size_t line = first_line;
        for (std::size_t k = 0; k < n; ++k) {
            slices[k].first_line = line;
            line += slices[k].lines;
            settle(slices[k], cx, label, s, unknown);
        }
        // The person tables are far larger than the cache: prefetch the slot of a record some way ahead.
        constexpr std::size_t ahead = 16;
        parallel_for_blocks(n, static_cast<int>(n), [&](std::size_t b) {
            const interner& persons = parts_[b].persons;
            for (const slice& sl : slices) {
                const std::size_t m = sl.unit.size();
                for (std::size_t i = 0; i < m; ++i) {
                    if (i + ahead < m && sl.block[i + ahead] == b) persons.prefetch(sl.person_hash[i + ahead]);
                    if (sl.block[i] == b) accumulate(cx, sl, i, b);
                }
            }
        });
        return line;
    }

    // The rest of the log from `offset` (a quote was seen): record by record on this thread.
    void fold_quoted(const log_ctx& cx, const input& in, std::uint64_t offset, std::size_t line, slice& sl,
                     log_summary& s, unknown_units& unknown) {
        record_stream rs(in, offset, line);
        std::vector<std::string_view> f;
        while (rs.next(f)) {
            sl.reset({}, cx.cols.size());
            try {
                classify(cx, f, 0, sl);
            } catch (record_error& e) {
                sl.failed = true;
                sl.error = std::move(e);
            }
            sl.first_line = rs.line();
            settle(sl, cx, rs.label(), s, unknown);
            if (!sl.unit.empty()) accumulate(cx, sl, 0, sl.block[0]);
        }
    }

    static std::uint64_t key(std::uint32_t unit, std::uint32_t person) {
        return (static_cast<std::uint64_t>(unit) << 32) | person;
    }
    static std::string where(const record_stream& rs, std::size_t field, const std::string& column) {
        return rs.label() + ":" + std::to_string(rs.line()) + ": column '" + column + "' (field " +
               std::to_string(field + 1) + "): ";
    }
    static void check_width(const record_stream& rs, const std::vector<std::string_view>& f, const header& h) {
        if (f.size() != h.names.size())
            throw data_error(rs.label() + ":" + std::to_string(rs.line()) + ": " + std::to_string(f.size()) +
                             " fields, but the header has " + std::to_string(h.names.size()));
    }
    static std::string_view field(const record_stream& rs, const std::vector<std::string_view>& f, std::size_t i,
                                  const std::string& column) {
        const std::string_view v = trim(f[i]);
        if (v.empty()) throw data_error(where(rs, i, column) + "empty (every record needs one)");
        return v;
    }
    static double number(const std::vector<std::string_view>& f, std::size_t i, const std::string& column,
                         std::size_t line) {
        const std::string_view v = trim(f[i]);
        double x = 0.0;
        const char* end = v.data() + v.size();
        const char* begin = v.data();
        if (!v.empty() && *begin == '+') ++begin;
        const auto [ptr, ec] = std::from_chars(begin, end, x);
        if (v.empty() || ec != std::errc{} || ptr != end || !std::isfinite(x))
            throw record_error{line, where_in(i, column) + (v.empty() ? std::string("empty, a number is needed")
                                                                      : "'" + std::string(v) + "' is not a number")};
        return x;
    }
};

}  // namespace

derived derive(const model& m, const dataset& units, const std::vector<input>& logs,
               const std::vector<input>& registries, int n_threads) {
    const config cfg = config_of(m);
    derived out;
    const auto index_of = [](const auto& specs, const std::string& name) {
        for (std::size_t i = 0; i < specs.size(); ++i)
            if (specs[i].name == name) return static_cast<long>(i);
        return -1L;
    };
    const auto names = [](const auto& specs) {
        std::string s;
        for (const auto& x : specs) s += (s.empty() ? "" : ", ") + x.name;
        return s.empty() ? std::string("none") : s;
    };
    std::set<std::string> given;
    for (const input& in : logs) {
        if (index_of(cfg.sources, in.name) < 0)
            throw invalid_argument_error("model '" + m.id + "' declares no log '" + in.name +
                                         "' (its logs: " + names(cfg.sources) + ")");
        if (!given.insert(in.name).second) throw invalid_argument_error("log '" + in.name + "' given twice");
    }
    std::set<std::string> given_reg;
    for (const input& in : registries) {
        if (index_of(cfg.registries, in.name) < 0)
            throw invalid_argument_error("model '" + m.id + "' declares no registry '" + in.name +
                                         "' (its registries: " + names(cfg.registries) + ")");
        if (!given_reg.insert(in.name).second)
            throw invalid_argument_error("registry '" + in.name + "' given twice");
    }
    for (const auto& src : cfg.sources)
        if (!given.count(src.name)) out.report.not_given.push_back(src.name);

    std::vector<column_state> states;
    for (const column_spec& c : cfg.columns) {
        if (!given.count(cfg.sources[c.source].name)) continue;  // read from the unit data instead
        if (units.find_column(c.column) >= 0)
            throw data_error(units.source + ": has a column '" + c.column + "', which the model derives from log '" +
                             cfg.sources[c.source].name + "' (" + c.pointer +
                             "); a derived column must come from one place: drop it from the data or do not give the log");
        column_state st;
        st.spec = &c;
        st.acc.assign(units.unit_count(), 0.0);
        st.hits.assign(units.unit_count(), 0);
        if (c.stat == statistic::percentile) st.values.resize(units.unit_count());
        states.push_back(std::move(st));
    }
    aggregation agg(cfg, units, n_threads);
    for (const input& in : registries)
        agg.read_registry(static_cast<std::size_t>(index_of(cfg.registries, in.name)), in, out.report);
    for (const input& in : logs) agg.read_log(static_cast<std::size_t>(index_of(cfg.sources, in.name)), in, out.report, states);

    out.data = units;
    for (auto& st : states) {
        column_summary s;
        s.column = st.spec->column;
        s.log = cfg.sources[st.spec->source].name;
        s.statistic = statistic_name(st.spec->stat);
        s.records = st.records;
        column col;
        col.id = st.spec->column;
        col.values = agg.finish(st, s);
        out.data.columns.push_back(std::move(col));
        out.report.columns.push_back(std::move(s));
    }
    return out;
}

}  // namespace civiscore::inline v0::logs
