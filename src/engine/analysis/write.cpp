// The analysis as JSON (the whole of it) and as CSV (the per-unit uncertainty table), fields as in
// docs/sensitivity.md. Missing numbers are JSON null and empty CSV cells, never NaN text.
#include <civiscore/analyse/analysis.hpp>
#include <civiscore/version.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace civiscore {
inline namespace v0 {
namespace analysis {
namespace {

using nlohmann::json;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json indices(const sobol_indices& s, const std::vector<std::string>& names) {
    json factors = json::array();
    for (std::size_t i = 0; i < names.size(); ++i)
        factors.push_back({{"input", names[i]},
                           {"first_order", num(s.first[i])},
                           {"first_order_ci", {num(s.first_lo[i]), num(s.first_hi[i])}},
                           {"total_effect", num(s.total[i])},
                           {"total_effect_ci", {num(s.total_lo[i]), num(s.total_hi[i])}}});
    return {{"mean", num(s.mean)}, {"variance", num(s.variance)}, {"inputs", factors}};
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_num(double x) {
    if (!std::isfinite(x)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    return buf;
}

std::string grade_label(const analysis_result& a, int g) {
    return g >= 0 && static_cast<std::size_t>(g) < a.grade_labels.size() ? a.grade_labels[static_cast<std::size_t>(g)] : "";
}

}  // namespace

std::string to_json(const analysis_result& a) {
    json doc = {{"model", a.model->id}, {"model_sha256", a.model_sha256}, {"fitted_sha256", a.fitted_sha256},
                {"library_version", version_string()}, {"seed", a.seed}, {"inputs", a.factor_names}};
    if (a.has_uncertainty) {
        json units = json::array();
        for (std::size_t u = 0; u < a.units.size(); ++u) {
            const unit_summary& s = a.units[u];
            json probs = json::object();
            for (std::size_t g = 0; g < a.grade_labels.size(); ++g) probs[a.grade_labels[g]] = s.grade_probability[g];
            probs["none"] = s.grade_probability.back();
            units.push_back({{"unit", a.unit_ids[u]},
                             {"nominal_score", num(s.nominal_score)},
                             {"nominal_rank", s.nominal_rank == 0 ? json(nullptr) : json(s.nominal_rank)},
                             {"nominal_grade", s.nominal_grade < 0 ? json(nullptr) : json(grade_label(a, s.nominal_grade))},
                             {"ranked_replications", s.ranked},
                             {"rank", {{"p05", num(s.rank_p05)}, {"median", num(s.rank_median)}, {"p95", num(s.rank_p95)}, {"mean", num(s.rank_mean)}}},
                             {"score", {{"p05", num(s.score_p05)}, {"median", num(s.score_median)}, {"p95", num(s.score_p95)}}},
                             {"grade_probability", probs},
                             // The interval rounded outward to whole ranks, as `civiscore report --sensitivity` reads it.
                             {"rank_lo", std::isfinite(s.rank_p05) ? json(std::floor(s.rank_p05)) : json(nullptr)},
                             {"rank_hi", std::isfinite(s.rank_p95) ? json(std::ceil(s.rank_p95)) : json(nullptr)}});
        }
        std::vector<double> sorted;
        for (double x : a.rank_shift)
            if (std::isfinite(x)) sorted.push_back(x);
        std::sort(sorted.begin(), sorted.end());
        double mean = 0;
        for (double x : sorted) mean += x;
        auto q = [&](double p) {
            if (sorted.empty()) return json(nullptr);
            const double h = (static_cast<double>(sorted.size()) - 1) * p;
            const auto lo = static_cast<std::size_t>(std::floor(h));
            const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
            return json(sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]));
        };
        doc["uncertainty"] = {{"replications", a.replications},
                              {"mean_abs_rank_shift",
                               {{"mean", sorted.empty() ? json(nullptr) : json(mean / static_cast<double>(sorted.size()))},
                                {"p05", q(0.05)}, {"median", q(0.5)}, {"p95", q(0.95)}}}};
        doc["units"] = units;
    }
    if (!a.removals.empty()) {
        json rem = json::array();
        for (const auto& r : a.removals) {
            json e = {{"indicator", r.indicator}, {"mean_abs_rank_shift", num(r.mean_abs_shift)}};
            if (r.error.empty()) e["max_abs_rank_shift"] = r.max_abs_shift;
            else e["error"] = r.error;
            rem.push_back(std::move(e));
        }
        doc["removal"] = rem;
    }
    if (a.has_sobol) {
        json sob = {{"samples", a.sobol.samples}, {"evaluations", a.sobol.evaluations},
                    {"mean_abs_rank_shift", indices(a.sobol.rank_shift, a.sobol.factor_names)}};
        if (!a.sobol.per_unit.empty()) {
            json units = json::array();
            for (std::size_t u = 0; u < a.sobol.per_unit.size(); ++u) {
                json e = indices(a.sobol.per_unit[u], a.sobol.factor_names);
                e["unit"] = a.unit_ids[u];
                units.push_back(std::move(e));
            }
            sob["unit_scores"] = units;
        }
        doc["sobol"] = sob;
    }
    if (!a.audit_json.empty()) doc["audit"] = json::parse(a.audit_json);
    return doc.dump();
}

std::string units_csv(const analysis_result& a) {
    std::string out = "unit,nominal_score,nominal_rank,nominal_grade,ranked_replications,rank_p05,rank_median,rank_p95,rank_mean,"
                      "score_p05,score_median,score_p95";
    for (const auto& g : a.grade_labels) out += ",p_" + csv_cell(g);
    out += ",p_none\n";
    for (std::size_t u = 0; u < a.units.size(); ++u) {
        const unit_summary& s = a.units[u];
        out += csv_cell(a.unit_ids[u]) + "," + csv_num(s.nominal_score) + "," +
               (s.nominal_rank ? std::to_string(s.nominal_rank) : "") + "," + csv_cell(grade_label(a, s.nominal_grade)) + "," +
               std::to_string(s.ranked) + "," + csv_num(s.rank_p05) + "," + csv_num(s.rank_median) + "," +
               csv_num(s.rank_p95) + "," + csv_num(s.rank_mean) + "," + csv_num(s.score_p05) + "," +
               csv_num(s.score_median) + "," + csv_num(s.score_p95);
        for (double p : s.grade_probability) {
            out += ',';
            out += csv_num(p);
        }
        out += "\n";
    }
    return out;
}

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
