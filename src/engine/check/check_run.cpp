// Running the checks: bind the columns, see the data as (unit, period, group) rows, run every
// enabled check in a fixed order.
#include "engine/check/check_context.hpp"
#include "engine/derive.hpp"

#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <unordered_map>

namespace civiscore {
inline namespace v0 {
namespace check {

const char* severity_name(severity s) noexcept {
    switch (s) {
        case severity::info: return "info";
        case severity::warning: return "warning";
        case severity::error: return "error";
        case severity::veto: return "veto";
    }
    return "warning";
}

const char* effect_name(flag_effect e) noexcept {
    switch (e) {
        case flag_effect::none: return "none";
        case flag_effect::mark: return "mark";
        case flag_effect::exclude: return "exclude";
        case flag_effect::cap: return "cap";
    }
    return "mark";
}

const char* consequence_name(consequence c) noexcept {
    switch (c) {
        case consequence::mark: return "mark";
        case consequence::scale: return "scale";
        case consequence::zero: return "zero";
        case consequence::veto: return "veto";
    }
    return "mark";
}

std::string num(double v) {
    if (std::isnan(v)) return "NA";
    if (v == 0.0) v = 0.0;
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10);
    return std::string(buf, res.ptr);
}

std::string cell_text(const column& c, std::size_t row) {
    return c.numeric ? (std::isnan(c.values[row]) ? std::string() : num(c.values[row])) : c.text[row];
}

namespace {

// Periods sort as numbers when every label is one ("2", "10"), else as text ("2025Q1" < "2025Q2").
void order_periods(std::vector<std::string>& labels) {
    bool numeric = true;
    std::vector<double> v(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) numeric = numeric && parse_cell(labels[i], v[i]) && !std::isnan(v[i]);
    if (!numeric) {
        std::sort(labels.begin(), labels.end());
        return;
    }
    std::vector<std::size_t> idx(labels.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<std::string> sorted;
    for (auto i : idx) sorted.push_back(labels[i]);
    labels = std::move(sorted);
}

void bind(context& x) {
    const dataset& d = x.d;
    for (const auto& name : x.c.columns) {
        const int k = d.find_column(name);
        if (k < 0) continue;  // reported by the completeness check
        const column& col = d.columns[static_cast<std::size_t>(k)];
        if (!col.numeric)
            throw data_error("column '" + name + "' is checked as numbers but has text: " + col.not_numeric_where);
        x.columns[name] = &col;
        x.present.push_back(name);
    }
    // Columns named only by relations or pairs must exist: a declared comparison that cannot be
    // made is not a pass.
    auto need = [&](const std::string& name, const std::string& what) {
        if (x.col(name) == nullptr)
            throw data_error(d.source + ": column '" + name + "' (" + what + ") is not in the data");
    };
    for (const auto& rel : x.c.relations) {
        need(rel.left, "relation " + rel.name);
        need(rel.right, "relation " + rel.name);
    }
    for (const auto& p : x.c.pairs) {
        need(p.self_report, "self-report of a verification pair");
        need(p.verified, "verified value of a verification pair");
        for (const auto& a : p.adjust) need(a, "adjusted by a verification pair");
    }
}

std::string label_of(const dataset& d, const std::string& column_name, std::size_t row) {
    const int k = d.find_column(column_name);
    return cell_text(d.columns[static_cast<std::size_t>(k)], row);
}

void layout_rows(context& x) {
    const dataset& d = x.d;
    report& r = x.r;
    const std::size_t n = d.unit_count();
    const int pk = x.c.period_column.empty() ? -1 : d.find_column(x.c.period_column);
    x.has_periods = pk >= 0;
    r.period_column = x.has_periods ? x.c.period_column : "";

    std::vector<std::string> period_label(n);
    if (x.has_periods) {
        std::set<std::string> distinct;
        for (std::size_t i = 0; i < n; ++i) {
            period_label[i] = label_of(d, x.c.period_column, i);
            if (period_label[i].empty())
                throw data_error(d.describe_unit(i) + ": empty period in column '" + x.c.period_column + "'");
            distinct.insert(period_label[i]);
        }
        r.periods.assign(distinct.begin(), distinct.end());
        order_periods(r.periods);
    } else {
        r.periods = {""};
    }
    std::unordered_map<std::string, std::size_t> period_index;
    for (std::size_t p = 0; p < r.periods.size(); ++p) period_index[r.periods[p]] = p;

    const int sk = x.c.stratify_column.empty() ? -1 : d.find_column(x.c.stratify_column);
    const int gk = x.c.group_column.empty() ? -1 : d.find_column(x.c.group_column);
    if (!x.c.group_column.empty() && gk < 0)
        throw data_error(d.source + ": group column '" + x.c.group_column + "' is not in the data");

    std::unordered_map<std::string, std::size_t> unit_index;
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> seen;  // (unit, period) -> row
    x.unit_of_row.resize(n);
    x.period_of_row.resize(n);
    x.group_of_row.assign(n, "");
    for (std::size_t i = 0; i < n; ++i) {
        if (d.unit_ids[i].empty()) throw data_error(d.describe_unit(i) + ": empty unit id");
        auto [it, fresh] = unit_index.emplace(d.unit_ids[i], r.units.size());
        if (fresh) {
            r.units.push_back(d.unit_ids[i]);
            r.strata.push_back(sk >= 0 ? cell_text(d.columns[static_cast<std::size_t>(sk)], i) : "");
        }
        x.unit_of_row[i] = it->second;
        x.period_of_row[i] = x.has_periods ? period_index[period_label[i]] : 0;
        if (gk >= 0) x.group_of_row[i] = cell_text(d.columns[static_cast<std::size_t>(gk)], i);
        auto [s, first] = seen.emplace(std::make_pair(it->second, x.period_of_row[i]), i);
        if (!first) {
            if (x.has_periods)
                throw data_error(d.describe_unit(i) + ": period '" + period_label[i] + "' given twice (also " +
                                 d.describe_unit(s->second) + ")");
            throw data_error(d.describe_unit(i) + ": the unit appears twice (also " + d.describe_unit(s->second) +
                             ") and the data has no period column '" + x.c.period_column + "'");
        }
    }
}

}  // namespace

report run(const model& m, const dataset& data, const config& c) {
    const derived_data derived(m, data);  // derived columns are checked like data columns
    const dataset& d = derived.data();
    report r;
    r.model_id = m.id;
    r.model_sha256 = m.sha256;
    r.source = d.source;
    r.cfg = c;
    context x{m, d, c, r, {}, {}, {}, {}, {}, false};
    bind(x);
    layout_rows(x);

    if (c.completeness.enabled) check_completeness(x);
    if (c.range.enabled) check_ranges(x);
    if (c.relations_policy.enabled) check_relations(x);
    if (c.verification.enabled) check_verification(x);
    if (c.outlier.enabled) check_outliers(x);
    if (x.has_periods && r.periods.size() >= 2) {
        check_periods(x);
    } else if (c.jump.enabled || c.constant.enabled) {
        r.notes.push_back("jumps and constant values across periods: not run, the data has one period (no column '" +
                          c.period_column + "' or a single period)");
    }
    if (c.duplicate.enabled) check_duplicates(x);
    if (c.heaping.enabled) check_heaping(x);
    if (c.benford.enabled) check_benford(x);
    return r;
}

dataset parse_panel_csv(std::string_view text, const std::string& id_column, std::string source) {
    csv_options o;
    o.id_column = id_column.empty() ? "unit_id" : id_column;
    o.unique_ids = false;
    return parse_csv(text, o, std::move(source));
}

dataset read_panel_csv(const std::string& path, const std::string& id_column) {
    csv_options o;
    o.id_column = id_column.empty() ? "unit_id" : id_column;
    o.unique_ids = false;
    return read_csv_file(path, o);
}

}  // namespace check
}  // namespace v0
}  // namespace civiscore
