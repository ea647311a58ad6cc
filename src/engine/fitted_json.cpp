// The fitted state as JSON: what fit learned, keyed by indicator id, stamped with the model's hash,
// so a state fitted on a base year can score later years and be audited.
#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>

#include "engine/fitted_extra.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace civiscore {
inline namespace v0 {

using json = nlohmann::json;

std::string fitted::to_json() const {
    json indicators = json::object();
    for (std::size_t i = 0; i < stats.size(); ++i) {
        if (!learned[i]) continue;
        const auto& s = stats[i];
        indicators[indicator_ids[i]] = {{"count", s.count}, {"min", s.min}, {"max", s.max},
                                        {"mean", s.mean}, {"m2", s.m2}};
    }
    json doc = {{"civiscore_fitted", 1},
                {"model_sha256", model_sha256},
                {"unit_count", unit_count},
                {"indicators", std::move(indicators)}};
    extra_to_json(*this, doc);  // data treatment and learned weights, when the model has them
    return doc.dump();
}

namespace {

double finite_number(const json& obj, const char* key, const std::string& where) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_number()) throw fitted_error(where + "/" + key + ": required number");
    const double v = it->get<double>();
    if (!std::isfinite(v)) throw fitted_error(where + "/" + key + ": must be finite");
    return v;
}

}  // namespace

fitted fitted_from_json(const model& m, std::string_view json_text) {
    json doc;
    try {
        doc = json::parse(json_text.begin(), json_text.end());
    } catch (const json::exception& e) {  // syntax errors, and numbers too large to hold (1e999)
        throw fitted_error(std::string("fitted state is not valid JSON: ") + e.what());
    }
    if (!doc.is_object() || !doc.contains("civiscore_fitted") || doc["civiscore_fitted"] != 1)
        throw fitted_error("/civiscore_fitted: not a civiscore fitted state (version 1)");
    if (!doc.contains("model_sha256") || !doc["model_sha256"].is_string())
        throw fitted_error("/model_sha256: required string");
    const auto sha = doc["model_sha256"].get<std::string>();
    if (sha != m.sha256)
        throw fitted_error("the fitted state was made for model " + sha + ", not for this model (" + m.sha256 + ")");
    if (!doc.contains("indicators") || !doc["indicators"].is_object())
        throw fitted_error("/indicators: required object");
    const auto& ind = doc["indicators"];

    fitted f;
    f.model_sha256 = sha;
    if (doc.contains("unit_count") && doc["unit_count"].is_number_integer())
        f.unit_count = doc["unit_count"].get<std::int64_t>();
    std::size_t used = 0;
    for (int idx : m.indicators) {
        const node& n = m.nodes[static_cast<std::size_t>(idx)];
        f.indicator_ids.push_back(n.id);
        methods::column_stats s;
        const bool needed = methods::is_data_dependent(n.rule);
        f.learned.push_back(needed ? 1 : 0);
        if (needed) {
            const std::string where = "/indicators/" + n.id;
            auto it = ind.find(n.id);
            if (it == ind.end() || !it->is_object()) throw fitted_error(where + ": required (indicator " + n.id + " learns from data)");
            const double count = finite_number(*it, "count", where);
            // 2^53: every whole number below it is exact, and the cast to int64 below is defined.
            if (count < 0 || count != std::floor(count) || count > 9007199254740992.0)
                throw fitted_error(where + "/count: must be a whole number in [0, 2^53]");
            s.count = static_cast<std::int64_t>(count);
            s.min = finite_number(*it, "min", where);
            s.max = finite_number(*it, "max", where);
            s.mean = finite_number(*it, "mean", where);
            s.m2 = finite_number(*it, "m2", where);
            if (s.count > 0 && (s.min > s.max || s.m2 < 0)) throw fitted_error(where + ": inconsistent statistics");
            ++used;
        }
        f.stats.push_back(s);
    }
    extra_from_json(m, doc, f);
    if (used != ind.size()) {
        for (const auto& [key, value] : ind.items()) {
            const int n = m.find(key);
            if (n < 0 || !m.nodes[static_cast<std::size_t>(n)].is_indicator ||
                !methods::is_data_dependent(m.nodes[static_cast<std::size_t>(n)].rule))
                throw fitted_error("/indicators/" + key + ": not a data-dependent indicator of this model");
        }
    }
    return f;
}

}  // namespace v0
}  // namespace civiscore
