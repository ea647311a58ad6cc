// Writers of an assessment: JSON carries everything; CSV one row per unit; the table is for people.
#include <civiscore/assess/assessment.hpp>
#include <civiscore/version.hpp>

#include "io/text_width.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace civiscore {
inline namespace v0 {
namespace assess {
namespace {

using json = nlohmann::ordered_json;

json num(double x) { return std::isnan(x) ? json(nullptr) : json(x); }

std::string fmt(double x, int decimals = 2) {
    if (std::isnan(x)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    return buf;
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string reasons(const unit_assessment& u, const char* kind) {
    std::string out;
    for (const auto& e : u.events)
        if (e.kind == kind) out += (out.empty() ? "" : ";") + e.id;
    return out;
}

json unit_json(const assessment& a, std::size_t i) {
    const unit_assessment& u = a.units[i];
    json j;
    j["unit_id"] = u.unit_id;
    for (std::size_t k = 0; k < u.info.size(); ++k) j[a.plan->info_columns[k]] = u.info[k];
    j["profile"] = u.profile;
    j["base"] = num(u.base);
    j["bonus"] = u.bonus;
    j["deduction"] = u.deduction;
    j["final"] = num(u.final_score);
    j["band"] = u.band >= 0 ? json(a.grade_label(u.band)) : json(nullptr);
    j["grade"] = u.grade >= 0 ? json(a.grade_label(u.grade)) : json(nullptr);
    j["rank"] = u.rank;
    j["vetoed"] = u.vetoed;
    j["demoted"] = u.demoted;
    j["fund_eligible"] = u.fund_eligible;
    json ev = json::array();
    for (const auto& e : u.events)
        ev.push_back({{"kind", e.kind}, {"id", e.id}, {"name", e.name}, {"column", e.column}, {"count", e.count},
                      {"points", e.points}, {"doubled", e.doubled}});
    j["events"] = ev;
    json rect = json::array();
    for (const auto& r : u.rectification)
        rect.push_back({{"kind", r.kind}, {"id", r.id}, {"name", r.name}, {"value", num(r.value)},
                        {"goalpost", num(r.goalpost)}, {"score", num(r.score)}, {"max", num(r.max)},
                        {"loss", r.loss}, {"gain", r.gain}, {"source", r.source},
                        {"deadline_days", r.deadline_days}, {"reason", r.reason}});
    j["rectification"] = rect;
    j["accountability"] = u.accountability_status.empty()
                              ? json(nullptr)
                              : json{{"status", u.accountability_status}, {"rule", u.accountability_rule},
                                     {"exclude_periods", u.exclude_periods}};
    j["grade_history"] = u.grade_history;
    return j;
}

}  // namespace

std::string write_assessment(const assessment& a, report_format format) {
    const model& m = *a.model;
    if (format == report_format::json) {
        json j;
        j["civiscore_assessment"] = 1;
        j["library_version"] = version_string();
        j["model_sha256"] = m.sha256;
        j["plan"] = a.plan->id;
        j["period"] = a.period;
        json units = json::array();
        for (std::size_t i = 0; i < a.units.size(); ++i) units.push_back(unit_json(a, i));
        j["units"] = units;
        json ew = json::object();
        for (std::size_t k = 0; k < m.indicators.size(); ++k)
            ew[m.nodes[static_cast<std::size_t>(m.indicators[k])].id] = a.effective_weights.at(k);
        j["effective_weights"] = ew;
        json sw = json::object();
        for (std::size_t k = 0; k < a.source_names.size(); ++k) sw[a.source_names[k]] = a.source_weights[k];
        j["source_weights"] = sw;
        json ag = json::array();
        for (const auto& g : a.agreements)
            ag.push_back({{"indicator", g.indicator}, {"source", g.source}, {"period", g.period}, {"raters", g.raters},
                          {"units", g.units}, {"kendall_w", num(g.w)}});
        j["agreement"] = ag;
        json cf = json::array();
        for (const auto& c : a.carried)
            cf.push_back({{"unit_id", c.unit}, {"period", c.period}, {"column", c.column}, {"from_period", c.from_period}, {"value", c.value}});
        j["carried_forward"] = cf;
        json periods = json::array();
        for (const auto& ps : a.periods) {
            json rows = json::array();
            for (std::size_t u = 0; u < ps.unit_ids.size(); ++u) {
                json nodes = json::object();
                for (std::size_t n = 0; n < m.nodes.size(); ++n)
                    if (!m.nodes[n].is_indicator) nodes[m.nodes[n].id] = num(ps.scores.score(u, n));
                rows.push_back({{"unit_id", ps.unit_ids[u]}, {"total", num(ps.total[u])}, {"nodes", nodes}});
            }
            periods.push_back({{"period", ps.period}, {"units", rows}});
        }
        j["periods"] = periods;
        if (a.periods.size() > 1) {
            json ct = json::array();
            const std::size_t nu = a.units.size();
            for (std::size_t u = 0; u < nu; ++u) {
                json ch = json::object(), tr = json::object();
                for (std::size_t n = 0; n < m.nodes.size(); ++n) {
                    ch[m.nodes[n].id] = num(a.change[n * nu + u]);
                    tr[m.nodes[n].id] = num(a.trend[n * nu + u]);
                }
                ct.push_back({{"unit_id", a.units[u].unit_id}, {"change", ch}, {"trend", tr}});
            }
            j["change_and_trend"] = ct;
        }
        return j.dump(2) + "\n";
    }
    std::ostringstream s;
    if (format == report_format::csv) {
        s << "unit_id";
        for (const auto& c : a.plan->info_columns) s << ',' << csv_cell(c);
        s << ",profile,base,bonus,deduction,final,band,grade,rank,vetoed,vetoes,demoted,fund_eligible,"
             "accountability,accountability_rule,rectification_items,top_rectification\n";
        for (const auto& u : a.units) {
            s << csv_cell(u.unit_id);
            for (const auto& i : u.info) s << ',' << csv_cell(i);
            s << ',' << csv_cell(u.profile) << ',' << fmt(u.base, 6) << ',' << fmt(u.bonus, 6) << ',' << fmt(u.deduction, 6)
              << ',' << fmt(u.final_score, 6) << ',' << a.grade_label(u.band) << ',' << a.grade_label(u.grade) << ','
              << u.rank << ',' << (u.vetoed ? "true" : "false") << ',' << reasons(u, "veto") << ','
              << (u.demoted ? "true" : "false") << ',' << (u.fund_eligible ? "true" : "false") << ','
              << csv_cell(u.accountability_status) << ',' << csv_cell(u.accountability_rule) << ','
              << u.rectification.size() << ',' << (u.rectification.empty() ? "" : csv_cell(u.rectification[0].id)) << '\n';
        }
        return s.str();
    }
    // Table: one line per unit, then the vetoes, accountability and rectification lists.
    s << "Assessment" << (a.period.empty() ? "" : " " + a.period) << " of " << a.units.size() << " units\n\n";
    s << text::pad_right("unit", 14) << text::pad_right("profile", 8) << text::pad_left("base", 8) << text::pad_left("bonus", 7)
      << text::pad_left("deduct", 7) << text::pad_left("final", 8) << "  " << text::pad_right("grade", 8) << text::pad_left("rank", 5)
      << "  notes\n";
    for (const auto& u : a.units) {
        std::string notes;
        if (u.vetoed) notes += "veto " + reasons(u, "veto") + "; ";
        if (u.demoted) notes += "quota: demoted from " + a.grade_label(u.band) + "; ";
        if (!u.accountability_status.empty()) notes += u.accountability_status + " (" + u.accountability_rule + "); ";
        if (!u.fund_eligible) notes += "no funds; ";
        if (!notes.empty()) notes.resize(notes.size() - 2);
        s << text::pad_right(text::single_line(u.unit_id), 14) << text::pad_right(u.profile, 8) << text::pad_left(fmt(u.base), 8)
          << text::pad_left(fmt(u.bonus), 7) << text::pad_left(fmt(u.deduction), 7) << text::pad_left(fmt(u.final_score), 8) << "  "
          << text::pad_right(a.grade_label(u.grade), 8) << text::pad_left(u.rank ? std::to_string(u.rank) : "-", 5) << "  " << notes
          << '\n';
    }
    s << "\nRectification lists (整改清单): item, points lost, potential gain, responsible, deadline\n";
    for (const auto& u : a.units) {
        if (u.rectification.empty()) continue;
        s << u.unit_id << ":\n";
        for (const auto& r : u.rectification)
            s << "  " << text::pad_right(r.id, 8) << text::pad_right(text::single_line(r.name), 30) << text::pad_left(fmt(r.loss), 7)
              << text::pad_left(fmt(r.gain), 7) << "  " << text::pad_right(r.source, 12) << r.deadline_days << " days\n";
    }
    return s.str();
}

std::string write_allocation(const assessment& a, const allocation_config& c, const std::vector<std::int64_t>& amounts,
                             report_format format) {
    const char* unit = c.yuan ? "yuan" : "cents";
    std::int64_t total = 0;
    for (auto x : amounts) total += x;
    if (format == report_format::json) {
        json rows = json::array();
        for (std::size_t i = 0; i < a.units.size(); ++i)
            rows.push_back({{"unit_id", a.units[i].unit_id}, {"group", a.units[i].group}, {"grade", a.grade_label(a.units[i].grade)},
                            {"final", num(a.units[i].final_score)}, {"eligible", a.units[i].fund_eligible}, {"amount", amounts[i]}});
        json j = {{"unit", unit}, {"total", total}, {"allocations", rows}};
        return j.dump(2) + "\n";
    }
    std::ostringstream s;
    if (format == report_format::csv) {
        s << "unit_id,group,grade,final,eligible,amount_" << unit << '\n';
        for (std::size_t i = 0; i < a.units.size(); ++i)
            s << csv_cell(a.units[i].unit_id) << ',' << csv_cell(a.units[i].group) << ',' << a.grade_label(a.units[i].grade) << ','
              << fmt(a.units[i].final_score, 6) << ',' << (a.units[i].fund_eligible ? "true" : "false") << ',' << amounts[i] << '\n';
        return s.str();
    }
    s << text::pad_right("unit", 14) << text::pad_right("group", 10) << text::pad_right("grade", 8) << text::pad_left("final", 8)
      << text::pad_left(std::string("amount (") + unit + ")", 18) << '\n';
    for (std::size_t i = 0; i < a.units.size(); ++i)
        s << text::pad_right(a.units[i].unit_id, 14) << text::pad_right(a.units[i].group, 10) << text::pad_right(a.grade_label(a.units[i].grade), 8)
          << text::pad_left(fmt(a.units[i].final_score), 8) << text::pad_left(std::to_string(amounts[i]), 18)
          << (a.units[i].fund_eligible ? "" : "  (not eligible)") << '\n';
    s << text::pad_right("total", 40) << text::pad_left(std::to_string(total), 18) << '\n';
    return s.str();
}

}  // namespace assess
}  // namespace v0
}  // namespace civiscore
