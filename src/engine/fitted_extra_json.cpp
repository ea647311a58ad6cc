#include "engine/fitted_extra.hpp"
#include "engine/indicator_weights.hpp"
#include "engine/learn.hpp"
#include "engine/score_mcda.hpp"
#include "engine/treatment.hpp"

#include <civiscore/error.hpp>

#include <cmath>

namespace civiscore {
inline namespace v0 {
namespace {

using json = nlohmann::json;

// JSON has no infinities: unbounded winsorisation sides are written as null.
json bound(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

double read_number(const json& obj, const char* key, const std::string& where, double if_null) {
    auto it = obj.find(key);
    if (it == obj.end()) throw fitted_error(where + "/" + key + ": required");
    if (it->is_null()) return if_null;
    if (!it->is_number()) throw fitted_error(where + "/" + key + ": must be a number");
    return it->get<double>();
}

const char* action_name(methods::outlier_action a) {
    switch (a) {
        case methods::outlier_action::none: return "none";
        case methods::outlier_action::winsorise: return "winsorise";
        case methods::outlier_action::log: return "log";
    }
    return "none";
}

}  // namespace

void extra_to_json(const fitted& f, json& doc) {
    if (!f.treatment.empty()) {
        json t = json::object();
        for (std::size_t i = 0; i < f.treatment.size(); ++i) {
            const auto& x = f.treatment[i];
            const auto& o = x.outliers;
            json e = {{"impute_value", bound(x.impute_value)},
                      {"outliers", {{"action", action_name(o.action)}, {"lo", bound(o.lo)}, {"hi", bound(o.hi)},
                                    {"min", o.min}, {"max", o.max}, {"winsorised", o.winsorised},
                                    {"skew_before", bound(o.skew_before)}, {"kurtosis_before", bound(o.kurtosis_before)},
                                    {"skew_after", bound(o.skew_after)}, {"kurtosis_after", bound(o.kurtosis_after)}}}};
            json groups = json::object();
            for (const auto& [label, v] : x.group_values) groups[label] = v;
            e["group_values"] = std::move(groups);
            t[f.indicator_ids[i]] = std::move(e);
        }
        doc["treatment"] = std::move(t);
    }
    if (!f.normalisers.empty()) {
        json all = json::object();
        for (std::size_t i = 0; i < f.normalisers.size(); ++i) {
            const auto& x = f.normalisers[i];
            all[f.indicator_ids[i]] = {{"count", x.count}, {"min", x.min}, {"max", x.max}, {"sum", x.sum},
                                       {"norm", x.norm}, {"inverse_sum", x.inverse_sum}, {"sorted", x.sorted}};
        }
        doc["normalisers"] = std::move(all);
    }
    if (!f.node_weights.empty()) {
        json w = json::object();
        for (const auto& lw : f.node_weights)
            w[lw.node_id] = {{"method", lw.method}, {"weights", lw.weights}, {"alpha", lw.alpha}, {"rows", lw.rows}};
        doc["node_weights"] = std::move(w);
    }
    mcda_fitted_to_json(f, doc);  // MCDA aggregators' references (engine/fitted_mcda_json.cpp)
}

void extra_from_json(const model& m, const json& doc, fitted& f) {
    mcda_fitted_from_json(m, doc, f);  // MCDA aggregators' references (engine/fitted_mcda_json.cpp)
    if (has_treatment(m)) {
        auto it = doc.find("treatment");
        if (it == doc.end() || !it->is_object()) throw fitted_error("/treatment: required (the model treats its data before scoring)");
        for (int idx : m.indicators) {
            const node& n = m.nodes[static_cast<std::size_t>(idx)];
            indicator_treatment x;
            if (n.treatment.any()) {
                const std::string where = "/treatment/" + n.id;
                auto e = it->find(n.id);
                if (e == it->end() || !e->is_object()) throw fitted_error(where + ": required");
                x.impute_value = read_number(*e, "impute_value", where, NAN);
                auto g = e->find("group_values");
                if (g == e->end() || !g->is_object()) throw fitted_error(where + "/group_values: required object");
                for (const auto& [label, v] : g->items()) {
                    if (!v.is_number()) throw fitted_error(where + "/group_values/" + label + ": must be a number");
                    x.group_values.emplace_back(label, v.get<double>());
                }
                auto o = e->find("outliers");
                if (o == e->end() || !o->is_object()) throw fitted_error(where + "/outliers: required object");
                const std::string ow = where + "/outliers";
                const std::string a = o->value("action", "");
                if (a == "none") x.outliers.action = methods::outlier_action::none;
                else if (a == "winsorise") x.outliers.action = methods::outlier_action::winsorise;
                else if (a == "log") x.outliers.action = methods::outlier_action::log;
                else throw fitted_error(ow + "/action: must be \"none\", \"winsorise\" or \"log\"");
                x.outliers.lo = read_number(*o, "lo", ow, -INFINITY);
                x.outliers.hi = read_number(*o, "hi", ow, INFINITY);
                x.outliers.min = read_number(*o, "min", ow, 0);
                x.outliers.max = read_number(*o, "max", ow, 0);
                x.outliers.winsorised = static_cast<int>(read_number(*o, "winsorised", ow, 0));
                x.outliers.skew_before = read_number(*o, "skew_before", ow, NAN);
                x.outliers.kurtosis_before = read_number(*o, "kurtosis_before", ow, NAN);
                x.outliers.skew_after = read_number(*o, "skew_after", ow, NAN);
                x.outliers.kurtosis_after = read_number(*o, "kurtosis_after", ow, NAN);
            }
            f.treatment.push_back(std::move(x));
        }
    }
    if (has_whole_column_rules(m)) {
        auto all = doc.find("normalisers");
        if (all == doc.end() || !all->is_object())
            throw fitted_error("/normalisers: required (the model has rules that learn the whole fitted column)");
        f.normalisers.assign(m.indicators.size(), {});
        for (std::size_t i = 0; i < m.indicators.size(); ++i) {
            const node& n = m.nodes[static_cast<std::size_t>(m.indicators[i])];
            if (!methods::needs_whole_column(n.rule)) continue;
            const std::string where = "/normalisers/" + n.id;
            auto e = all->find(n.id);
            if (e == all->end() || !e->is_object()) throw fitted_error(where + ": required");
            auto& x = f.normalisers[i];
            const double count = read_number(*e, "count", where, -1);
            if (!(count >= 0) || count != std::floor(count)) throw fitted_error(where + "/count: must be an integer >= 0");
            x.count = static_cast<Eigen::Index>(count);
            x.min = read_number(*e, "min", where, NAN);
            x.max = read_number(*e, "max", where, NAN);
            x.sum = read_number(*e, "sum", where, NAN);
            x.norm = read_number(*e, "norm", where, NAN);
            x.inverse_sum = read_number(*e, "inverse_sum", where, NAN);
            auto s = e->find("sorted");
            if (s == e->end() || !s->is_array()) throw fitted_error(where + "/sorted: required array");
            for (std::size_t k = 0; k < s->size(); ++k) {
                const auto& v = (*s)[k];
                if (!v.is_number() || (k > 0 && v.get<double>() < x.sorted.back()))
                    throw fitted_error(where + "/sorted/" + std::to_string(k) + ": must be a number, ascending");
                x.sorted.push_back(v.get<double>());
            }
            const bool ranks = n.rule.norm == methods::normaliser::rank || n.rule.norm == methods::normaliser::percentile_rank;
            if (ranks && static_cast<Eigen::Index>(x.sorted.size()) != x.count)
                throw fitted_error(where + "/sorted: must hold count (" + std::to_string(x.count) + ") values");
        }
    }
    for (const node& n : m.nodes) {
        if (n.is_indicator || !learns_weights(n)) continue;
        const std::string where = "/node_weights/" + n.id;
        auto all = doc.find("node_weights");
        if (all == doc.end() || !all->is_object()) throw fitted_error("/node_weights: required (node '" + n.id + "' learns its weights)");
        auto e = all->find(n.id);
        if (e == all->end() || !e->is_object()) throw fitted_error(where + ": required");
        learned_weights lw;
        lw.node_id = n.id;
        lw.method = e->value("method", "");
        auto w = e->find("weights");
        // Weights learned over indicators have one entry per indicator below the node.
        const std::size_t count = n.weights.over_indicators
                                      ? indicators_below(m, static_cast<int>(&n - m.nodes.data())).size()
                                      : n.children.size();
        if (w == e->end() || !w->is_array() || w->size() != count)
            throw fitted_error(where + "/weights: must be an array of " + std::to_string(count) + " numbers");
        for (std::size_t i = 0; i < w->size(); ++i) {
            const auto& v = (*w)[i];
            if (!v.is_number() || !(v.get<double>() >= 0) || !std::isfinite(v.get<double>()))
                throw fitted_error(where + "/weights/" + std::to_string(i) + ": must be a finite number >= 0");
            lw.weights.push_back(v.get<double>());
        }
        if (auto a = e->find("alpha"); a != e->end() && a->is_array())
            for (const auto& v : *a) if (v.is_number()) lw.alpha.push_back(v.get<double>());
        if (auto r = e->find("rows"); r != e->end() && r->is_number_integer()) lw.rows = r->get<std::int64_t>();
        f.node_weights.push_back(std::move(lw));
    }
}

}  // namespace v0
}  // namespace civiscore
