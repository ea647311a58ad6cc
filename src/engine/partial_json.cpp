// Partial fit statistics as JSON, so partials computed in other processes (Dask workers, other
// machines) can be shipped, merged and finalised. nlohmann/json writes the shortest decimal that reads
// back to the same double, so a round trip changes no bit.
#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

namespace civiscore {
inline namespace v0 {

using json = nlohmann::json;

std::string partial_stats::to_json() const {
    json indicators = json::object();
    for (std::size_t i = 0; i < stats.size(); ++i) {
        if (!learned[i]) continue;
        const auto& s = stats[i];
        indicators[indicator_ids[i]] = {{"count", s.count}, {"min", s.min}, {"max", s.max},
                                        {"mean", s.mean}, {"m2", s.m2}};
    }
    json doc = {{"civiscore_partial", 1},
                {"model_sha256", model_sha256},
                {"unit_count", unit_count},
                {"indicators", std::move(indicators)}};
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

std::int64_t whole_number(const json& obj, const char* key, const std::string& where) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0)
        throw fitted_error(where + "/" + key + ": required whole number >= 0");
    return it->get<std::int64_t>();
}

}  // namespace

partial_stats partial_stats_from_json(const model& m, std::string_view json_text) {
    json doc;
    try {
        doc = json::parse(json_text.begin(), json_text.end());
    } catch (const json::exception& e) {  // syntax errors, and numbers too large to hold (1e999)
        throw fitted_error(std::string("partial statistics are not valid JSON: ") + e.what());
    }
    if (!doc.is_object() || !doc.contains("civiscore_partial") || doc["civiscore_partial"] != 1)
        throw fitted_error("/civiscore_partial: not civiscore partial statistics (version 1)");
    if (!doc.contains("model_sha256") || !doc["model_sha256"].is_string())
        throw fitted_error("/model_sha256: required string");
    const auto sha = doc["model_sha256"].get<std::string>();
    if (sha != m.sha256)
        throw fitted_error("the partial statistics were computed for model " + sha + ", not for this model (" +
                           m.sha256 + ")");
    if (!doc.contains("indicators") || !doc["indicators"].is_object())
        throw fitted_error("/indicators: required object");
    const auto& ind = doc["indicators"];

    partial_stats p;
    p.model_sha256 = sha;
    p.unit_count = whole_number(doc, "unit_count", "");
    std::size_t used = 0;
    for (int idx : m.indicators) {
        const node& n = m.nodes[static_cast<std::size_t>(idx)];
        p.indicator_ids.push_back(n.id);
        methods::column_stats s;
        const bool needed = methods::is_data_dependent(n.rule);
        p.learned.push_back(needed ? 1 : 0);
        if (needed) {
            const std::string where = "/indicators/" + n.id;
            auto it = ind.find(n.id);
            if (it == ind.end() || !it->is_object())
                throw fitted_error(where + ": required (indicator " + n.id + " learns from data)");
            s.count = whole_number(*it, "count", where);
            s.min = finite_number(*it, "min", where);
            s.max = finite_number(*it, "max", where);
            s.mean = finite_number(*it, "mean", where);
            s.m2 = finite_number(*it, "m2", where);
            if (s.count > p.unit_count)
                throw fitted_error(where + "/count: more values than /unit_count units");
            // No min <= mean check: a rounded mean of equal values may sit one ulp outside.
            if (s.count > 0 && (s.min > s.max || s.m2 < 0))
                throw fitted_error(where + ": inconsistent statistics (need min <= max, m2 >= 0)");
            ++used;
        }
        p.stats.push_back(s);
    }
    if (used != ind.size()) {
        for (const auto& [key, value] : ind.items()) {
            const int n = m.find(key);
            if (n < 0 || !m.nodes[static_cast<std::size_t>(n)].is_indicator ||
                !methods::is_data_dependent(m.nodes[static_cast<std::size_t>(n)].rule))
                throw fitted_error("/indicators/" + key + ": not a data-dependent indicator of this model");
        }
    }
    return p;
}

}  // namespace v0
}  // namespace civiscore
