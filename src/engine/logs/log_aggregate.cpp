// Folding log records into per-unit statistics, one pass per log file, in file order (so the result
// does not depend on anything but the input). Distinct persons are (unit, person) pairs of interned
// ids in one flat hash set per derived column; registry membership is a flat set of the same pairs.
#include "engine/logs/flat_table.hpp"
#include "engine/logs/log_reader.hpp"

#include <civiscore/error.hpp>
#include <civiscore/logs.hpp>

#include <algorithm>
#include <charconv>
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
    u64_set seen;                        // (unit, person) pairs already counted
    std::uint64_t records = 0;
};

class aggregation {
public:
    aggregation(const config& cfg, const dataset& units) : cfg_(cfg), units_(units) {
        for (std::size_t i = 0; i < units.unit_count(); ++i) unit_ids_.intern(units.unit_ids[i]);
        registry_sets_.resize(cfg.registries.size());
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
            if (registry_sets_[r].insert(key(u, persons_.intern(person)))) ++sizes[u], ++s.persons;
            else ++s.duplicates;
        }
        s.unknown_unit_rows = unknown.rows;
        s.unknown_units = unknown.ids.size();
        s.unknown_examples = std::move(unknown.examples);
        out.registries.push_back(std::move(s));
    }

    // Fold one log into every derived column reading it.
    void read_log(std::size_t source, const input& in, summary& out, std::vector<column_state>& states) {
        const source_spec& spec = cfg_.sources[source];
        std::vector<column_state*> cols;
        bool need_person = false, need_type = false, need_period = false, need_date = false;
        for (auto& st : states) {
            if (st.spec->source != source) continue;
            cols.push_back(&st);
            need_person |= uses_persons(*st.spec);
            need_type |= !st.spec->types.empty();
            need_period |= !st.spec->periods.empty();
            need_date |= !st.spec->date_from.empty() || !st.spec->date_to.empty();
            if (st.spec->stat == statistic::registry_coverage && !registry_given_[st.spec->registry])
                throw invalid_argument_error("column '" + st.spec->column + "' (" + st.spec->pointer +
                                             ") needs the registry '" + cfg_.registries[st.spec->registry].name +
                                             "': give it with the log '" + spec.name + "'");
        }
        record_stream rs(in);
        std::vector<std::string_view> f;
        const header h = read_header(rs, f);
        const std::string why = "log '" + spec.name + "', " + spec.pointer;
        constexpr std::size_t no = static_cast<std::size_t>(-1);
        const std::size_t ui = h.find(rs, spec.unit_column, why);
        const std::size_t pi = need_person ? h.find(rs, spec.person_column, why) : no;
        const std::size_t ti = need_type ? h.find(rs, spec.type_column, why) : no;
        const std::size_t qi = need_period ? h.find(rs, spec.period_column, why) : no;
        const std::size_t di = need_date ? h.find(rs, spec.date_column, why) : no;
        for (auto* st : cols)
            if (!st->spec->value_column.empty())
                st->value_field = h.find(rs, st->spec->value_column, "column '" + st->spec->column + "', " + st->spec->pointer);

        log_summary s;
        s.name = spec.name;
        s.source = rs.label();
        unknown_units unknown;
        std::string last_unit;
        std::uint32_t last_u = interner::none;
        while (rs.next(f)) {
            check_width(rs, f, h);
            ++s.records;
            const std::string_view unit = field(rs, f, ui, spec.unit_column);
            std::uint32_t u = last_u;
            if (last_u == interner::none || unit != last_unit) {  // logs are often sorted by unit
                u = unit_ids_.find(unit);
                last_unit.assign(unit);
                last_u = u;
            }
            if (u == interner::none) {
                unknown.add(unit, rs.line());
                continue;
            }
            const std::string_view type = ti != no ? trim(f[ti]) : std::string_view{};
            const std::string_view period = qi != no ? trim(f[qi]) : std::string_view{};
            std::string_view date;
            if (di != no) {
                date = trim(f[di]);
                if (!iso_date_prefix(date))
                    throw data_error(where(rs, di, spec.date_column) + "'" + std::string(date) +
                                     "' is not a date YYYY-MM-DD");
                date = date.substr(0, 10);
            }
            std::string_view person;
            std::uint32_t pid = interner::none;
            if (pi != no) person = trim(f[pi]);
            for (auto* st : cols) {
                const column_spec& c = *st->spec;
                if (!c.types.empty() && std::find(c.types.begin(), c.types.end(), type) == c.types.end()) continue;
                if (!c.periods.empty() && std::find(c.periods.begin(), c.periods.end(), period) == c.periods.end())
                    continue;
                if (!c.date_from.empty() && date < std::string_view(c.date_from)) continue;
                if (!c.date_to.empty() && date > std::string_view(c.date_to)) continue;
                double v = 0.0;
                if (st->value_field != no) v = number(rs, f, st->value_field, c.value_column);
                ++st->records;
                ++st->hits[u];
                switch (c.stat) {
                    case statistic::count: st->acc[u] += 1.0; break;
                    case statistic::sum: st->acc[u] += v; break;
                    case statistic::per_1000:
                        if (c.of == statistic::count) st->acc[u] += 1.0;
                        else if (c.of == statistic::sum) st->acc[u] += v;
                        else if (!person.empty()) {
                            if (pid == interner::none) pid = persons_.intern(person);
                            if (st->seen.insert(key(u, pid))) st->acc[u] += 1.0;
                        }
                        break;
                    case statistic::distinct_persons:
                        if (!person.empty()) {  // a record without a person (a group activity) has none to count
                            if (pid == interner::none) pid = persons_.intern(person);
                            if (st->seen.insert(key(u, pid))) st->acc[u] += 1.0;
                        }
                        break;
                    case statistic::registry_coverage: {
                        if (person.empty()) break;
                        // Only registry members are stored, so memory follows the registry, not the log.
                        const std::uint32_t id = pid != interner::none ? pid : persons_.find(person);
                        if (id == interner::none) break;
                        const std::uint64_t k = key(u, id);
                        if (registry_sets_[c.registry].contains(k) && st->seen.insert(k)) st->acc[u] += 1.0;
                        break;
                    }
                    case statistic::percentile: st->values[u].push_back(v); break;
                    case statistic::share_at_most:
                        if (v <= c.limit) st->acc[u] += 1.0;
                        break;
                }
            }
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
    const config& cfg_;
    const dataset& units_;
    interner unit_ids_, persons_;
    std::vector<u64_set> registry_sets_;
    std::vector<std::vector<std::uint32_t>> registry_sizes_;
    std::vector<bool> registry_given_;

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
    static double number(const record_stream& rs, const std::vector<std::string_view>& f, std::size_t i,
                         const std::string& column) {
        const std::string_view v = trim(f[i]);
        double x = 0.0;
        const char* end = v.data() + v.size();
        const char* begin = v.data();
        if (!v.empty() && *begin == '+') ++begin;
        const auto [ptr, ec] = std::from_chars(begin, end, x);
        if (v.empty() || ec != std::errc{} || ptr != end || !std::isfinite(x))
            throw data_error(where(rs, i, column) + (v.empty() ? std::string("empty, a number is needed")
                                                               : "'" + std::string(v) + "' is not a number"));
        return x;
    }
};

}  // namespace

derived derive(const model& m, const dataset& units, const std::vector<input>& logs,
               const std::vector<input>& registries) {
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
    aggregation agg(cfg, units);
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
