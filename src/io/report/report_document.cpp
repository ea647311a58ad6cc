// The report document: everything the HTML and XLSX reports show, computed once in C++ as JSON, so
// the two writers (and the JavaScript that draws the HTML) only lay it out. docs/report.md.
#include <civiscore/report/report.hpp>

#include <civiscore/error.hpp>
#include <civiscore/version.hpp>

#include "io/report/report_internal.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <numeric>

namespace civiscore {
inline namespace v0 {
namespace report {
namespace {

using json = nlohmann::ordered_json;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

double median_of(std::vector<double> v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2.0;
}

std::string today_utc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

json parse_blob(const std::string& text, const char* what) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        throw data_error(std::string("report: the ") + what + " JSON is malformed: " + e.what());
    }
}

// The text of unit column `col` for unit `u` (numbers as written by the CSV, else formatted).
std::string cell_text(const column& c, std::size_t u) {
    if (!c.numeric) return c.text[u];
    const double x = c.values[u];
    if (!std::isfinite(x)) return "";
    json j = x;
    return j.dump();
}

std::string unit_key(const json& u) {
    for (const char* k : {"unit_id", "id", "unit"}) {
        if (u.contains(k) && u[k].is_string()) return u[k].get<std::string>();
    }
    return "";
}

json rule_json(const node& n, const model& m) {
    using methods::rule_kind;
    const auto& r = n.rule;
    json j;
    j["dir"] = r.dir == methods::direction::cost ? "cost" : "benefit";
    switch (r.kind) {
        case rule_kind::goalposts: j["kind"] = "goalposts"; j["worst"] = num(r.worst); j["best"] = num(r.best); break;
        case rule_kind::target: j["kind"] = "target"; j["target"] = num(r.target); break;
        case rule_kind::binary: j["kind"] = "binary"; break;
        case rule_kind::min_max: j["kind"] = "min_max"; break;
        case rule_kind::z_score: j["kind"] = "z_score"; break;
        case rule_kind::normalise:
            j["kind"] = "normalise";
            j["range"] = {num(r.range_lo), num(r.range_hi)};
            break;
        case rule_kind::tiers: {
            j["kind"] = "tiers";
            json t = json::array();
            for (const auto& tier : r.tiers) t.push_back({num(tier.threshold), num(tier.fraction)});
            j["tiers"] = t;
            break;
        }
        case rule_kind::deduction: {
            j["kind"] = "deduction";
            json d = json::array();
            for (const auto& item : r.deductions) d.push_back({{"name", item.name}, {"per_event", num(item.per_event)}});
            j["events"] = d;
            j["cap"] = num(r.cap);
            break;
        }
    }
    (void)m;
    return j;
}

}  // namespace

node_range range_of(const model& m, int n) {
    const node& nd = m.nodes[static_cast<std::size_t>(n)];
    if (m.display == score_display::points) return {0.0, nd.points};
    if (nd.is_indicator) {
        if (nd.rule.kind == methods::rule_kind::min_max) return {nd.rule.range_lo, nd.rule.range_hi};
        if (nd.rule.kind == methods::rule_kind::z_score) return {NAN, NAN};
        // rank and categorical have no fixed range; other normalisers map onto their own range
        if (nd.rule.kind == methods::rule_kind::normalise)
            return nd.rule.norm == methods::normaliser::rank || nd.rule.norm == methods::normaliser::categorical
                       ? node_range{NAN, NAN}
                       : node_range{nd.rule.range_lo, nd.rule.range_hi};
    }
    return {m.scale_lo, m.scale_hi};
}

std::vector<std::vector<rect_item>> builtin_rectification(const result& r) {
    const model& m = *r.model;
    const node_range root = range_of(m, 0);
    std::vector<std::vector<rect_item>> out(r.n_units);
    for (std::size_t u = 0; u < r.n_units; ++u) {
        if (!std::isfinite(r.score(u, 0))) continue;  // unscored: nothing to rank losses against
        std::vector<rect_item> items;
        for (std::size_t k = 0; k < m.indicators.size(); ++k) {
            const int n = m.indicators[k];
            const node_range nr = range_of(m, n);
            const double s = r.score(u, static_cast<std::size_t>(n));
            if (!std::isfinite(s) || !(nr.hi > nr.lo)) continue;
            const double f = std::clamp((s - nr.lo) / (nr.hi - nr.lo), 0.0, 1.0);
            rect_item it;
            it.node = n;
            it.fraction = f;
            it.score = s;
            it.max = nr.hi;
            it.loss = nr.hi - s;
            it.gain = (1.0 - f) * r.effective_weights[k] * (root.hi - root.lo);
            items.push_back(it);
        }
        // The largest losses in the root score first; ties in model order (stable). Losses are
        // compared at 1e-9 points, so equal losses that differ only by rounding (2 - 0 vs
        // (1 - 0) * 0.02 * 100) tie instead of being ordered by floating-point noise.
        auto key = [](const rect_item& it) { return std::llround(it.gain * 1e9); };
        std::stable_sort(items.begin(), items.end(),
                         [&](const rect_item& a, const rect_item& b) { return key(a) > key(b); });
        std::vector<rect_item> chosen;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const bool ratio = items[i].fraction < rect_ratio;
            const bool top = i < rect_top && items[i].gain > 0.0;
            if (!ratio && !top) continue;
            items[i].reason = ratio && top ? "ratio+top" : ratio ? "ratio" : "top";
            chosen.push_back(items[i]);
        }
        out[u] = std::move(chosen);
    }
    return out;
}

std::string document_json(const result& r, const dataset* data, const options& o) {
    if (!r.model) throw invalid_argument_error("report: result has no model");
    const model& m = *r.model;
    const bool en = o.lang == "en";
    if (o.lang != "zh" && o.lang != "en") {
        throw invalid_argument_error("report: lang must be \"zh\" or \"en\", got \"" + o.lang + "\"");
    }
    // A report shows every node of every unit: a result scored with "keep" lacks most of them.
    if (!r.node_row.empty()) {
        throw invalid_argument_error("report: the result keeps only some nodes (score option \"keep\" / --keep), "
                                     "and a report shows every node; score without keep to report it");
    }
    if (r.scores.size() != r.n_units * m.nodes.size() || r.unit_ids.size() != r.n_units ||
        r.effective_weights.size() != m.indicators.size()) {
        throw invalid_argument_error("report: result is inconsistent with its model");
    }
    if (data && data->unit_count() != r.n_units) {
        throw data_error("report: the data has " + std::to_string(data->unit_count()) +
                         " units but the result " + std::to_string(r.n_units));
    }
    if (data) {
        for (std::size_t u = 0; u < r.n_units; ++u) {
            if (data->unit_ids[u] != r.unit_ids[u]) {
                throw data_error("report: unit " + std::to_string(u + 1) + " of the data is '" +
                                 data->unit_ids[u] + "' but of the result '" + r.unit_ids[u] +
                                 "': report the data the result was scored on");
            }
        }
    }
    auto name_of = [&](const node& n) { return en && !n.name_en.empty() ? n.name_en : n.name; };

    json doc;
    doc["lang"] = o.lang;
    doc["title"] = !o.title.empty() ? o.title : (en && !m.name_en.empty() ? m.name_en : m.name);
    doc["model"] = {{"id", m.id}, {"name", en && !m.name_en.empty() ? m.name_en : m.name},
                    {"version", m.version},
                    {"display", m.display == score_display::points ? "points" : "scale"},
                    {"scale_lo", m.scale_lo}, {"scale_hi", m.scale_hi}};
    doc["provenance"] = {{"civiscore_version", r.library_version.empty() ? version_string() : r.library_version},
                         {"model_sha256", r.model_sha256.empty() ? m.sha256 : r.model_sha256},
                         {"fitted_sha256", r.fitted_sha256},
                         {"data_name", !o.data_name.empty() ? o.data_name : (data ? data->source : "")},
                         {"data_sha256", o.data_sha256},
                         {"date", o.date.empty() ? today_utc() : o.date}};
    json grades = json::array();
    for (const auto& g : m.grades) {
        grades.push_back({{"label", en && !g.label_en.empty() ? g.label_en : g.label}, {"min", num(g.min)}});
    }
    doc["grades"] = grades;

    // The model tree.
    json nodes = json::array();
    json dims = json::array();
    std::map<int, std::size_t> indicator_pos;
    for (std::size_t k = 0; k < m.indicators.size(); ++k) indicator_pos[m.indicators[k]] = k;
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {
        const node& nd = m.nodes[n];
        const node_range nr = range_of(m, static_cast<int>(n));
        json j = {{"id", nd.id}, {"name", name_of(nd)}, {"parent", nd.parent}, {"level", nd.level},
                  {"indicator", nd.is_indicator}, {"points", num(nd.points)}, {"weight", num(nd.weight)},
                  {"local_weight", num(nd.local_weight)}, {"lo", num(nr.lo)}, {"max", num(nr.hi)}};
        if (r.local_weights.size() == m.nodes.size()) j["local_weight"] = num(r.local_weights[n]);
        if (nd.is_indicator) {
            j["unit"] = nd.unit;
            j["effective_weight"] = num(r.effective_weights[indicator_pos[static_cast<int>(n)]]);
            j["rule"] = rule_json(nd, m);
        }
        nodes.push_back(j);
        if (nd.level == 1) dims.push_back(n);
    }
    doc["nodes"] = nodes;
    doc["dims"] = dims;

    // Unit columns: label and groups.
    const column* label_col = nullptr;
    std::vector<const column*> group_cols;
    if (data) {
        std::string label = o.label_column.empty() ? "name" : o.label_column;
        const int li = data->find_column(label);
        if (li >= 0) label_col = &data->columns[static_cast<std::size_t>(li)];
        else if (!o.label_column.empty()) throw data_error("report: label column '" + label + "' is not in " + data->source);
        std::vector<std::string> wanted = o.group_columns;
        if (!o.group_columns_given && wanted.empty()) {
            for (const char* c : {"district", "type", "profile", "region"}) {
                if (data->find_column(c) >= 0) wanted.emplace_back(c);
            }
        }
        for (const auto& g : wanted) {
            const int gi = data->find_column(g);
            if (gi < 0) throw data_error("report: group column '" + g + "' is not in " + data->source);
            group_cols.push_back(&data->columns[static_cast<std::size_t>(gi)]);
        }
    } else if (!o.group_columns.empty()) {
        throw invalid_argument_error("report: group columns need the data");
    }

    // Optional blobs, by unit id.
    std::map<std::string, json> assessed, sens, prev;
    json allocations = json::array();
    if (!o.assessment_json.empty()) {
        const json a = parse_blob(o.assessment_json, "assessment");
        if (!a.is_object() || !a.contains("units") || !a["units"].is_array()) {
            throw data_error("report: the assessment JSON needs a \"units\" array");
        }
        for (const auto& u : a["units"]) assessed[unit_key(u)] = u;
        if (a.contains("allocations") && a["allocations"].is_array()) allocations = a["allocations"];
    }
    if (!o.sensitivity_json.empty()) {
        const json s = parse_blob(o.sensitivity_json, "sensitivity");
        const json& units = s.contains("units") ? s["units"] : s;
        if (units.is_object()) {
            for (const auto& [k, v] : units.items()) sens[k] = v;
        } else if (units.is_array()) {
            for (const auto& v : units) sens[unit_key(v)] = v;
        } else {
            throw data_error("report: the sensitivity JSON needs \"units\" (an object or array)");
        }
    }
    std::string prev_root;
    if (!o.previous_json.empty()) {
        const json p = parse_blob(o.previous_json, "previous result");
        if (!p.contains("units") || !p["units"].is_array()) {
            throw data_error("report: the previous result JSON needs \"units\" (civiscore score --format json)");
        }
        prev_root = p.contains("nodes") && p["nodes"].is_array() && !p["nodes"].empty()
                        ? p["nodes"][0].value("id", m.nodes[0].id) : m.nodes[0].id;
        for (const auto& u : p["units"]) prev[unit_key(u)] = u;
    }
    json checks = nullptr;
    std::map<std::string, json> unit_flags;
    if (!o.checks_json.empty()) {
        checks = parse_blob(o.checks_json, "data-check");
        if (!checks.is_object() || !checks.contains("flags") || !checks["flags"].is_array()) {
            throw data_error("report: the data-check JSON needs a \"flags\" array");
        }
        for (const auto& f : checks["flags"]) {
            const std::string u = f.value("unit", "");
            if (u.empty()) continue;
            if (!unit_flags.count(u)) unit_flags[u] = json::array();
            unit_flags[u].push_back(f);
        }
    }

    // Units.
    const auto builtin = builtin_rectification(r);
    json units = json::array();
    std::vector<double> totals;
    for (std::size_t u = 0; u < r.n_units; ++u) {
        const std::string& id = r.unit_ids[u];
        json j;
        j["id"] = id;
        j["label"] = label_col ? cell_text(*label_col, u) : "";
        j["status"] = r.status[u] == unit_status::ok ? "ok" : r.status[u] == unit_status::partial ? "partial" : "unscored";
        j["rank"] = r.rank[u] > 0 ? json(r.rank[u]) : json(nullptr);
        j["grade"] = r.grade[u];
        j["coverage"] = num(r.coverage.size() == r.scores.size() ? r.node_coverage(u, 0) : NAN);
        json groups = json::array();
        for (const column* c : group_cols) groups.push_back(cell_text(*c, u));
        j["groups"] = groups;
        json s = json::array();
        for (std::size_t n = 0; n < m.nodes.size(); ++n) s.push_back(num(r.score(u, n)));
        j["s"] = s;
        totals.push_back(r.score(u, 0));
        json raw = json::array();
        for (int n : m.indicators) {
            const node& nd = m.nodes[static_cast<std::size_t>(n)];
            double x = NAN;
            if (data && nd.columns.size() == 1) {
                const int ci = data->find_column(nd.columns[0]);
                if (ci >= 0 && data->columns[static_cast<std::size_t>(ci)].numeric) {
                    x = data->columns[static_cast<std::size_t>(ci)].values[u];
                }
            }
            raw.push_back(num(x));
        }
        j["raw"] = raw;

        // Rectification: the assessment's list when one ran, else the built-in rule.
        json rect = json::array();
        json vetoes = json::array();
        if (const auto it = assessed.find(id); it != assessed.end()) {
            const json& a = it->second;
            if (a.contains("rectification") && a["rectification"].is_array()) rect = a["rectification"];
            if (a.contains("events") && a["events"].is_array()) {
                for (const auto& e : a["events"]) {
                    if (e.value("kind", "") == "veto") vetoes.push_back(e);
                }
                j["events"] = a["events"];
            }
            for (const char* k : {"final_score", "bonus", "deduction", "vetoed", "amount", "accountability_status"}) {
                if (a.contains(k)) j[k] = a[k];
            }
            if (a.contains("grade")) {
                j["final_grade"] = a["grade"];
                // The model's band of that label, so the page shows it in the report's language.
                for (std::size_t g = 0; g < m.grades.size(); ++g) {
                    if (a["grade"].is_string() && (a["grade"] == m.grades[g].label || a["grade"] == m.grades[g].label_en)) {
                        j["final_grade_index"] = g;
                    }
                }
            }
        } else {
            for (const rect_item& it : builtin[u]) {
                const std::size_t k = indicator_pos[it.node];
                const node& nd = m.nodes[static_cast<std::size_t>(it.node)];
                double goal = NAN;
                if (nd.rule.kind == methods::rule_kind::goalposts) goal = nd.rule.best;
                if (nd.rule.kind == methods::rule_kind::target) goal = nd.rule.target;
                rect.push_back({{"id", nd.id}, {"name", name_of(nd)}, {"value", raw[k]}, {"goalpost", num(goal)},
                                {"score", num(it.score)}, {"max", num(it.max)}, {"loss", num(it.loss)},
                                {"gain", num(it.gain)}, {"reason", it.reason}});
            }
        }
        j["rect"] = rect;
        j["vetoes"] = vetoes;
        j["flags"] = unit_flags.count(id) ? unit_flags[id] : json::array();
        if (const auto it = sens.find(id); it != sens.end()) {
            j["rank_lo"] = it->second.value("rank_lo", json(nullptr));
            j["rank_hi"] = it->second.value("rank_hi", json(nullptr));
        }
        if (const auto it = prev.find(id); it != prev.end()) {
            const json& p = it->second;
            double before = NAN;
            if (p.contains("scores") && p["scores"].contains(prev_root) && p["scores"][prev_root].is_number()) {
                before = p["scores"][prev_root].get<double>();
            }
            j["prev_total"] = num(before);
            j["change"] = num(r.score(u, 0) - before);
            j["prev_rank"] = p.contains("rank") && p["rank"].is_number() ? p["rank"] : json(nullptr);
        }
        units.push_back(j);
    }
    doc["units"] = units;

    // Peer medians per node, over scored units.
    json peer = json::array();
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {
        std::vector<double> v;
        for (std::size_t u = 0; u < r.n_units; ++u) {
            if (std::isfinite(r.score(u, 0))) v.push_back(r.score(u, n));
        }
        peer.push_back(num(median_of(std::move(v))));
    }
    doc["peer_median"] = peer;

    // Summary.
    json summary;
    std::size_t n_ok = 0, n_partial = 0, n_unscored = 0;
    for (auto s : r.status) (s == unit_status::ok ? n_ok : s == unit_status::partial ? n_partial : n_unscored)++;
    summary["units"] = r.n_units;
    summary["status"] = {{"ok", n_ok}, {"partial", n_partial}, {"unscored", n_unscored}};
    std::vector<std::size_t> gcount(m.grades.size(), 0);
    for (int g : r.grade) if (g >= 0 && static_cast<std::size_t>(g) < gcount.size()) gcount[static_cast<std::size_t>(g)]++;
    summary["grade_counts"] = gcount;
    std::vector<double> finite;
    for (double t : totals) if (std::isfinite(t)) finite.push_back(t);
    summary["mean"] = num(finite.empty() ? NAN : std::accumulate(finite.begin(), finite.end(), 0.0) / static_cast<double>(finite.size()));
    summary["median"] = num(median_of(finite));
    summary["min"] = num(finite.empty() ? NAN : *std::min_element(finite.begin(), finite.end()));
    summary["max"] = num(finite.empty() ? NAN : *std::max_element(finite.begin(), finite.end()));
    // Histogram over the root's range in 20 bins (the top edge falls into the last bin).
    const node_range root = range_of(m, 0);
    constexpr int bins = 20;
    std::vector<std::size_t> hist(bins, 0);
    if (root.hi > root.lo) {
        for (double t : finite) {
            int b = static_cast<int>(std::floor((t - root.lo) / (root.hi - root.lo) * bins));
            hist[static_cast<std::size_t>(std::clamp(b, 0, bins - 1))]++;
        }
    }
    summary["hist"] = {{"lo", num(root.lo)}, {"hi", num(root.hi)}, {"counts", hist}};
    json groups = json::array();
    for (std::size_t gi = 0; gi < group_cols.size(); ++gi) {
        std::vector<std::string> order;
        std::map<std::string, std::vector<std::size_t>> members;
        for (std::size_t u = 0; u < r.n_units; ++u) {
            const std::string v = units[u]["groups"][gi].get<std::string>();
            if (!members.count(v)) order.push_back(v);
            members[v].push_back(u);
        }
        json rows = json::array();
        for (const auto& v : order) {
            std::vector<double> t;
            std::vector<std::size_t> gc(m.grades.size(), 0);
            for (std::size_t u : members[v]) {
                t.push_back(r.score(u, 0));
                if (r.grade[u] >= 0) gc[static_cast<std::size_t>(r.grade[u])]++;
            }
            std::vector<double> ft;
            for (double x : t) if (std::isfinite(x)) ft.push_back(x);
            rows.push_back({{"value", v}, {"n", members[v].size()}, {"scored", ft.size()},
                            {"mean", num(ft.empty() ? NAN : std::accumulate(ft.begin(), ft.end(), 0.0) / static_cast<double>(ft.size()))},
                            {"median", num(median_of(ft))},
                            {"min", num(ft.empty() ? NAN : *std::min_element(ft.begin(), ft.end()))},
                            {"max", num(ft.empty() ? NAN : *std::max_element(ft.begin(), ft.end()))},
                            {"grade_counts", gc}});
        }
        groups.push_back({{"column", group_cols[gi]->id}, {"rows", rows}});
    }
    summary["groups"] = groups;
    doc["summary"] = summary;

    doc["rectification_source"] = assessed.empty() ? "builtin" : "assessment";
    doc["rect_rule"] = {{"ratio", rect_ratio}, {"top", rect_top}};
    doc["checks"] = checks;
    doc["allocations"] = allocations;
    doc["has_previous"] = !prev.empty();
    doc["has_sensitivity"] = !sens.empty();
    doc["has_assessment"] = !assessed.empty();
    doc["group_columns"] = json::array();
    for (const column* c : group_cols) doc["group_columns"].push_back(c->id);
    return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace report
}  // namespace v0
}  // namespace civiscore
