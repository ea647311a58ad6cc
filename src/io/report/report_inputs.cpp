// Report inputs from the assessment and data-check layers: their results as the JSON blobs that
// report::options takes (include/civiscore/report/inputs.hpp).
#include <civiscore/report/inputs.hpp>

#include <nlohmann/json.hpp>

#include <civiscore/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace civiscore {
inline namespace v0 {
namespace report {
namespace {

using json = nlohmann::ordered_json;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

// A cell of long data as text: the text as read when the column kept it, else the number.
std::string text_of(const column& c, std::size_t r) {
    if (!c.text.empty()) return c.text[r];
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", c.values[r]);
    return buf;
}

}  // namespace

std::string assessment_blob(const assess::assessment& a, const std::vector<std::int64_t>* amounts,
                            bool yuan) {
    json units = json::array();
    for (const auto& u : a.units) {
        json events = json::array();
        for (const auto& e : u.events) {
            events.push_back({{"kind", e.kind}, {"id", e.id}, {"name", e.name}, {"count", num(e.count)},
                              {"points", num(e.points)}, {"doubled", e.doubled}});
        }
        json rect = json::array();
        for (const auto& it : u.rectification) {
            rect.push_back({{"kind", it.kind}, {"id", it.id}, {"name", it.name}, {"value", num(it.value)},
                            {"goalpost", num(it.goalpost)}, {"score", num(it.score)}, {"max", num(it.max)},
                            {"loss", num(it.loss)}, {"gain", num(it.gain)}, {"source", it.source},
                            {"deadline_days", it.deadline_days}, {"reason", it.reason}});
        }
        units.push_back({{"unit_id", u.unit_id}, {"final_score", num(u.final_score)},
                         {"grade", a.grade_label(u.grade)}, {"vetoed", u.vetoed},
                         {"bonus", num(u.bonus)}, {"deduction", num(u.deduction)}, {"events", events},
                         {"rectification", rect}, {"accountability_status", u.accountability_status}});
    }
    json allocations = json::array();
    if (amounts) {
        for (std::size_t i = 0; i < a.units.size() && i < amounts->size(); ++i) {
            const auto& u = a.units[i];
            const double amount = yuan ? static_cast<double>((*amounts)[i])
                                       : static_cast<double>((*amounts)[i]) / 100.0;
            allocations.push_back({{"unit", u.unit_id}, {"grade", a.grade_label(u.grade)},
                                   {"final_score", num(u.final_score)}, {"eligible", u.fund_eligible},
                                   {"amount", amount}});
        }
    }
    return json{{"period", a.period}, {"units", units}, {"allocations", allocations}}.dump();
}

std::string previous_blob(const assess::assessment& a) {
    if (!a.plan || a.period.empty()) return "";
    const auto& annual = a.plan->periods.annual;
    const auto at = std::find(annual.begin(), annual.end(), a.period);
    if (at == annual.end() || at == annual.begin()) return "";
    const std::string& before = *(at - 1);
    const auto ps = std::find_if(a.periods.begin(), a.periods.end(),
                                 [&](const assess::period_scores& p) { return p.period == before; });
    if (ps == a.periods.end()) return "";
    const std::string& root = a.model->nodes[0].id;
    json units = json::array();
    const result& r = ps->scores;
    for (std::size_t u = 0; u < r.n_units; ++u) {
        units.push_back({{"unit_id", r.unit_ids[u]},
                         {"scores", {{root, num(r.score(u, 0))}}},
                         {"rank", r.rank[u] > 0 ? json(r.rank[u]) : json(nullptr)}});
    }
    return json{{"period", before}, {"nodes", json::array({json{{"id", root}}})}, {"units", units}}.dump();
}

dataset period_data(const dataset& long_data, const std::string& id_column, const std::string& period_column,
                    const std::string& period, const std::vector<std::string>& unit_ids) {
    const int ic = long_data.find_column(id_column), pc = long_data.find_column(period_column);
    if (ic < 0) throw data_error(long_data.source + ": long data needs the unit id column '" + id_column + "'");
    if (pc < 0) throw data_error(long_data.source + ": the period column '" + period_column + "' is not in the data");
    const column& id_c = long_data.columns[static_cast<std::size_t>(ic)];
    const column& per_c = long_data.columns[static_cast<std::size_t>(pc)];
    std::map<std::string, std::size_t> row_of;
    for (std::size_t r = 0; r < long_data.unit_count(); ++r) {
        if (text_of(per_c, r) != period) continue;
        if (!row_of.emplace(text_of(id_c, r), r).second) {
            throw data_error(long_data.source + ":" + long_data.unit_ids[r] + ": unit '" + text_of(id_c, r) +
                             "' appears twice in period '" + period + "'");
        }
    }
    dataset out;
    out.source = long_data.source + " (period " + period + ")";
    std::vector<std::size_t> rows;
    for (const auto& id : unit_ids) {
        const auto it = row_of.find(id);
        if (it == row_of.end()) throw data_error(long_data.source + ": unit '" + id + "' has no row in period '" + period + "'");
        rows.push_back(it->second);
        out.unit_ids.push_back(id);
        if (!long_data.unit_lines.empty()) out.unit_lines.push_back(long_data.unit_lines[it->second]);
    }
    for (std::size_t ci = 0; ci < long_data.columns.size(); ++ci) {
        if (ci == static_cast<std::size_t>(ic) || ci == static_cast<std::size_t>(pc)) continue;
        const column& c = long_data.columns[ci];
        column nc;
        nc.id = c.id;
        // Numeric in this period when every non-empty cell of the period is a number (a column of
        // long data can be text in another period only).
        for (std::size_t r : rows) {
            nc.values.push_back(c.values[r]);
            if (!c.text.empty()) nc.text.push_back(c.text[r]);
            if (nc.numeric && !c.text.empty() && std::isnan(c.values[r]) && !c.text[r].empty()) {
                nc.numeric = false;
                nc.not_numeric_where = long_data.source + ":" + long_data.unit_ids[r] + ": '" + c.text[r] + "'";
            }
        }
        if (!c.numeric && c.text.empty()) nc.numeric = false;
        out.columns.push_back(std::move(nc));
    }
    return out;
}

std::string checks_blob(const check::report& r) {
    json flags = json::array();
    for (const auto& f : r.flags) {
        flags.push_back({{"rule", f.rule}, {"severity", check::severity_name(f.level)},
                         {"effect", check::effect_name(f.effect)}, {"unit", f.unit}, {"column", f.column},
                         {"period", f.period}, {"group", f.group}, {"reason_zh", f.reason_zh},
                         {"reason_en", f.reason_en}});
    }
    return json{{"flags", flags}, {"notes", r.notes}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace report
}  // namespace v0
}  // namespace civiscore
