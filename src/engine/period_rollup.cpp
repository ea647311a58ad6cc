// Period roll-ups (include/civiscore/period_rollup.hpp). The rows of each unit are gathered once,
// ordered by period, then every column is reduced by its rule. A rate is recomputed from the summed
// numerator and denominator over the periods where both are present: averaging quarterly rates would
// weigh a quarter with 10 eligible residents like one with 1,000.
#include <civiscore/error.hpp>
#include <civiscore/period_rollup.hpp>

#include "model/period_rollup.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace civiscore {
inline namespace v0 {
namespace {

[[nodiscard]] std::string line_of(const dataset& d, std::size_t row) {
    return d.source + (row < d.unit_lines.size() ? ":" + std::to_string(d.unit_lines[row]) : " row " + std::to_string(row + 1));
}

[[nodiscard]] const column* find(const dataset& d, const std::string& name) {
    const int c = d.find_column(name);
    return c < 0 ? nullptr : &d.columns[static_cast<std::size_t>(c)];
}

[[nodiscard]] const char* rule_name(rollup_rule r) {
    switch (r) {
        case rollup_rule::sum: return "sum";
        case rollup_rule::mean: return "mean";
        case rollup_rule::last: return "last";
        case rollup_rule::max: return "max";
        case rollup_rule::min: return "min";
        case rollup_rule::rate: return "rate";
    }
    return "?";
}

// Reduce the values of one unit's rows (in period order) by `r` (not rate).
[[nodiscard]] double reduce(rollup_rule r, const std::vector<double>& values, const std::vector<std::size_t>& rows) {
    double acc = NAN;
    std::size_t n = 0;
    for (std::size_t row : rows) {
        const double x = values[row];
        if (std::isnan(x)) continue;
        switch (r) {
            case rollup_rule::sum:
            case rollup_rule::mean: acc = n == 0 ? x : acc + x; break;
            case rollup_rule::last: acc = x; break;
            case rollup_rule::max: acc = n == 0 ? x : std::max(acc, x); break;
            case rollup_rule::min: acc = n == 0 ? x : std::min(acc, x); break;
            case rollup_rule::rate: break;
        }
        ++n;
    }
    if (r == rollup_rule::mean && n > 0) acc /= static_cast<double>(n);
    return acc;  // no present value: missing
}

}  // namespace

dataset rollup_periods(const model& m, const dataset& d, const std::string& period_column) {
    if (m.period_rollup_json.empty())
        throw invalid_argument_error("model '" + m.id + "' has no \"period_rollup\" section (docs/model-format.md, \"Period roll-ups\")");
    const rollup_spec spec = rollup_spec_of(m.period_rollup_json);
    const column* period = find(d, period_column);
    if (!period)
        throw data_error(d.source + ": no period column '" + period_column + "'");

    // Period order: numeric when the column is numbers, else by label (2024Q1 < 2024Q2, 2024-01 < 2024-02).
    const std::size_t n_rows = d.unit_count();
    std::vector<std::string> label(n_rows);
    for (std::size_t r = 0; r < n_rows; ++r) {
        if (period->numeric) {
            if (std::isnan(period->values[r])) throw data_error(line_of(d, r) + ": empty period in column '" + period_column + "'");
        } else {
            label[r] = period->text[r];
            if (label[r].empty()) throw data_error(line_of(d, r) + ": empty period in column '" + period_column + "'");
        }
    }
    auto before = [&](std::size_t a, std::size_t b) {
        return period->numeric ? period->values[a] < period->values[b] : label[a] < label[b];
    };
    auto same = [&](std::size_t a, std::size_t b) { return !before(a, b) && !before(b, a); };

    // Units in order of first appearance, each with its rows in period order.
    dataset out;
    out.source = d.source + " (rolled up by " + period_column + ")";
    std::unordered_map<std::string_view, std::size_t> unit_index;
    std::vector<std::vector<std::size_t>> rows;
    for (std::size_t r = 0; r < n_rows; ++r) {
        const auto [it, inserted] = unit_index.emplace(d.unit_ids[r], rows.size());
        if (inserted) {
            rows.emplace_back();
            out.unit_ids.push_back(d.unit_ids[r]);
            if (r < d.unit_lines.size()) out.unit_lines.push_back(d.unit_lines[r]);
        }
        rows[it->second].push_back(r);
    }
    for (auto& unit_rows : rows) {
        std::stable_sort(unit_rows.begin(), unit_rows.end(), before);
        for (std::size_t k = 1; k < unit_rows.size(); ++k)
            if (same(unit_rows[k - 1], unit_rows[k]))
                throw data_error(line_of(d, unit_rows[k]) + ": unit '" + d.unit_ids[unit_rows[k]] + "' has period '" +
                                 (period->numeric ? std::to_string(period->values[unit_rows[k]]) : label[unit_rows[k]]) +
                                 "' twice (also " + line_of(d, unit_rows[k - 1]) + ")");
    }
    const std::size_t n_units = rows.size();

    const std::unordered_set<std::string> read_by_model(m.data_columns.begin(), m.data_columns.end());
    for (const column& c : d.columns) {
        if (c.id == period_column) continue;
        column o;
        o.id = c.id;
        const auto listed = spec.columns.find(c.id);
        if (listed != spec.columns.end() && listed->second.rule == rollup_rule::rate) continue;  // below
        const bool has_rule = listed != spec.columns.end() || spec.has_default;
        const rollup_rule rule = listed != spec.columns.end() ? listed->second.rule : spec.fallback.rule;
        if (!c.numeric) {
            if (listed != spec.columns.end() && rule != rollup_rule::last)
                throw data_error(c.not_numeric_where + ": column '" + c.id + "' is text, but period_rollup sums it by \"" +
                                 rule_name(rule) + "\"");
            // Labels (district, type): the latest non-empty text.
            o.numeric = false;
            o.not_numeric_where = c.not_numeric_where;
            for (const auto& unit_rows : rows) {
                std::string t;
                for (std::size_t r : unit_rows)
                    if (!c.text[r].empty()) t = c.text[r];
                o.text.push_back(std::move(t));
            }
            out.columns.push_back(std::move(o));
            continue;
        }
        if (!has_rule && read_by_model.count(c.id))
            throw data_error(d.source + ": column '" + c.id + "' is read by the model but /period_rollup gives it no rule "
                             "(add it to \"columns\" or set a \"default\")");
        o.values.reserve(n_units);
        for (const auto& unit_rows : rows) o.values.push_back(reduce(has_rule ? rule : rollup_rule::last, c.values, unit_rows));
        out.columns.push_back(std::move(o));
    }
    for (const auto& [name, rc] : spec.columns) {
        if (rc.rule != rollup_rule::rate) continue;
        const column* num = find(d, rc.numerator);
        const column* den = find(d, rc.denominator);
        for (const auto& [which, c] : {std::pair{rc.numerator, num}, std::pair{rc.denominator, den}}) {
            if (!c) throw data_error(d.source + ": column '" + which + "' is missing; /period_rollup/columns/" + name + " sums it");
            if (!c->numeric) throw data_error(c->not_numeric_where + ": column '" + which + "' must be numeric for the rate '" + name + "'");
        }
        column o;
        o.id = name;
        o.values.reserve(n_units);
        for (const auto& unit_rows : rows) {
            double sn = 0, sd = 0;
            bool any = false;
            for (std::size_t r : unit_rows) {
                if (std::isnan(num->values[r]) || std::isnan(den->values[r])) continue;  // a period counts whole or not at all
                sn += num->values[r];
                sd += den->values[r];
                any = true;
            }
            o.values.push_back(any && sd != 0 ? rc.scale * sn / sd : NAN);
        }
        out.columns.push_back(std::move(o));
    }
    check_unit_ids(out);
    return out;
}

}  // namespace v0
}  // namespace civiscore
