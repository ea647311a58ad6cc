// Writing check reports, samples and adjustments: JSON (everything), CSV (one row per flag or
// sampled unit), a table for people. docs/checks.md describes the fields.
#include <civiscore/check/check.hpp>
#include <civiscore/version.hpp>

#include "io/text_width.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

namespace civiscore {
inline namespace v0 {
namespace check {
namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json number_or_null(double v) {
    if (!std::isfinite(v)) return nullptr;
    return v == 0.0 ? 0.0 : v;
}

std::string dump(const ordered_json& j) {
    return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

void csv_field(std::string& out, const std::string& f) {
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
        out += f;
        return;
    }
    out += '"';
    for (char c : f) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void csv_row(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        csv_field(out, fields[i]);
    }
    out += '\n';
}

std::string short_num(double v) {
    if (std::isnan(v)) return "NA";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v == 0.0 ? 0.0 : v);
    return buf;
}

std::string values_text(const flag& f) {
    std::string s;
    for (const auto& [k, v] : f.values) {
        if (!s.empty()) s += "; ";
        s += k + "=" + short_num(v);
    }
    return s;
}

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width(header.size());
    for (std::size_t k = 0; k < header.size(); ++k) width[k] = text::display_width(header[k]);
    for (const auto& r : rows)
        for (std::size_t k = 0; k < r.size(); ++k) width[k] = std::max(width[k], text::display_width(text::single_line(r[k])));
    std::string out;
    auto line = [&](const std::vector<std::string>& r) {
        std::string l;
        for (std::size_t k = 0; k < r.size(); ++k) {
            if (k) l += "  ";
            l += k + 1 == r.size() ? text::single_line(r[k]) : text::pad_right(text::single_line(r[k]), width[k]);
        }
        while (!l.empty() && l.back() == ' ') l.pop_back();
        out += l + "\n";
    };
    line(header);
    std::vector<std::string> rule;
    for (auto w : width) rule.push_back(std::string(w, '-'));
    line(rule);
    for (const auto& r : rows) line(r);
    return out;
}

std::size_t flagged_units(const report& r) {
    std::set<std::string> u;
    for (const auto& f : r.flags)
        if (!f.unit.empty()) u.insert(f.unit);
    return u.size();
}

}  // namespace

std::string write_report(const report& r, report_format format) {
    if (format == report_format::csv) {
        std::string out;
        csv_row(out, {"rule", "severity", "effect", "unit", "column", "period", "group", "related", "values",
                      "reason_zh", "reason_en"});
        for (const auto& f : r.flags)
            csv_row(out, {f.rule, severity_name(f.level), effect_name(f.effect), f.unit, f.column, f.period, f.group,
                          f.related, values_text(f), f.reason_zh, f.reason_en});
        return out;
    }
    if (format == report_format::table) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& f : r.flags) {
            const std::string who = f.unit.empty() ? (f.group.empty() ? "(all)" : "[" + f.group + "]") : f.unit;
            rows.push_back({who, f.period, f.rule, severity_name(f.level), f.column,
                            f.reason_zh + " / " + f.reason_en});
        }
        std::string out = table({"unit", "period", "rule", "severity", "column", "reason"}, rows);
        out += std::to_string(r.flags.size()) + " flags on " + std::to_string(flagged_units(r)) + " of " +
               std::to_string(r.units.size()) + " units (model " + r.model_id + ")\n";
        for (const auto& n : r.notes) out += "note: " + n + "\n";
        return out;
    }
    ordered_json doc = ordered_json::object();
    doc["civiscore_version"] = version_string();
    doc["model"] = ordered_json{{"id", r.model_id}, {"sha256", r.model_sha256}};
    doc["source"] = r.source;
    doc["period_column"] = r.period_column.empty() ? ordered_json(nullptr) : ordered_json(r.period_column);
    ordered_json periods = ordered_json::array();
    if (!r.period_column.empty())
        for (const auto& p : r.periods) periods.push_back(p);
    doc["periods"] = std::move(periods);
    std::map<std::string, std::size_t> by_rule;
    for (const auto& f : r.flags) ++by_rule[f.rule];
    ordered_json rules = ordered_json::object();
    for (const auto& [k, v] : by_rule) rules[k] = v;
    doc["summary"] = ordered_json{{"units", r.units.size()}, {"flags", r.flags.size()},
                                  {"flagged_units", flagged_units(r)}, {"by_rule", std::move(rules)}};
    ordered_json flags = ordered_json::array();
    for (const auto& f : r.flags) {
        ordered_json j = ordered_json::object();
        j["rule"] = f.rule;
        j["severity"] = severity_name(f.level);
        j["effect"] = effect_name(f.effect);
        j["unit"] = f.unit.empty() ? ordered_json(nullptr) : ordered_json(f.unit);
        j["column"] = f.column.empty() ? ordered_json(nullptr) : ordered_json(f.column);
        j["period"] = f.period.empty() ? ordered_json(nullptr) : ordered_json(f.period);
        j["group"] = f.group.empty() ? ordered_json(nullptr) : ordered_json(f.group);
        j["related"] = f.related.empty() ? ordered_json(nullptr) : ordered_json(f.related);
        ordered_json values = ordered_json::object();
        for (const auto& [k, v] : f.values) values[k] = number_or_null(v);
        j["values"] = std::move(values);
        j["reason_zh"] = f.reason_zh;
        j["reason_en"] = f.reason_en;
        flags.push_back(std::move(j));
    }
    doc["flags"] = std::move(flags);
    ordered_json benford = ordered_json::array();
    for (const auto& b : r.benford) {
        ordered_json j = ordered_json::object();
        j["group"] = b.group;
        j["n"] = b.n;
        ordered_json obs = ordered_json::array();
        for (double v : b.observed) obs.push_back(number_or_null(v));
        j["observed"] = std::move(obs);
        j["chi_square"] = number_or_null(b.chi_square);
        j["p_value"] = number_or_null(b.p_value);
        j["mad"] = number_or_null(b.mad);
        j["conformity"] = b.conformity;
        if (!b.note.empty()) j["note"] = b.note;
        benford.push_back(std::move(j));
    }
    doc["benford"] = std::move(benford);
    ordered_json notes = ordered_json::array();
    for (const auto& n : r.notes) notes.push_back(n);
    doc["notes"] = std::move(notes);
    return dump(doc);
}

std::string write_sample(const std::vector<sample_entry>& s, report_format format) {
    auto reasons = [](const sample_entry& e) {
        std::string t;
        for (const auto& x : e.reasons) t += (t.empty() ? "" : "; ") + x;
        return t;
    };
    if (format == report_format::csv) {
        std::string out;
        csv_row(out, {"order", "unit", "stratum", "weight", "flags", "reasons"});
        for (std::size_t i = 0; i < s.size(); ++i)
            csv_row(out, {std::to_string(i + 1), s[i].unit, s[i].stratum, short_num(s[i].weight),
                          std::to_string(s[i].reasons.size()), reasons(s[i])});
        return out;
    }
    if (format == report_format::table) {
        std::vector<std::vector<std::string>> rows;
        for (std::size_t i = 0; i < s.size(); ++i)
            rows.push_back({std::to_string(i + 1), s[i].unit, s[i].stratum, short_num(s[i].weight),
                            s[i].reasons.empty() ? "(random, no flags)" : reasons(s[i])});
        return table({"#", "unit", "stratum", "weight", "reasons"}, rows) + std::to_string(s.size()) +
               " units chosen for verification visits\n";
    }
    ordered_json arr = ordered_json::array();
    for (const auto& e : s) {
        ordered_json j = ordered_json::object();
        j["unit"] = e.unit;
        j["stratum"] = e.stratum;
        j["weight"] = e.weight;
        ordered_json rs = ordered_json::array();
        for (const auto& x : e.reasons) rs.push_back(x);
        j["reasons"] = std::move(rs);
        arr.push_back(std::move(j));
    }
    return dump(arr);
}

std::string adjustments_json(const std::vector<adjustment>& a) {
    ordered_json arr = ordered_json::array();
    for (const auto& c : a) {
        ordered_json j = ordered_json::object();
        j["unit"] = c.unit;
        j["column"] = c.column;
        j["period"] = c.period.empty() ? ordered_json(nullptr) : ordered_json(c.period);
        j["rule"] = c.rule;
        j["action"] = c.action;
        j["before"] = number_or_null(c.before);
        j["after"] = number_or_null(c.after);
        j["reason"] = c.reason_en;
        arr.push_back(std::move(j));
    }
    return arr.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace check
}  // namespace v0
}  // namespace civiscore
