// The fitted state's "node_mcda": what each group's MCDA aggregation learned in fit, by node id.
// Doubles are written by nlohmann::json with round-trip precision, so a reloaded state scores the
// same numbers. Reading checks every field and names its JSON pointer.
#include "engine/score_mcda.hpp"

#include <civiscore/error.hpp>

#include <cmath>

namespace civiscore {
inline namespace v0 {
namespace {

using json = nlohmann::json;

json vec(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

double finite(const json& e, const char* key, const std::string& where) {
    auto it = e.find(key);
    if (it == e.end() || !it->is_number() || !std::isfinite(it->get<double>()))
        throw fitted_error(where + "/" + key + ": required finite number");
    return it->get<double>();
}

Eigen::VectorXd finite_values(const json& a, std::size_t n, const std::string& where) {
    if (!a.is_array() || a.size() != n)
        throw fitted_error(where + ": must be an array of " + std::to_string(n) + " numbers (one per child)");
    Eigen::VectorXd v(static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) {
        const auto& x = a[i];
        if (!x.is_number() || !std::isfinite(x.get<double>()))
            throw fitted_error(where + "/" + std::to_string(i) + ": must be a finite number");
        v(static_cast<Eigen::Index>(i)) = x.get<double>();
    }
    return v;
}

Eigen::VectorXd finite_array(const json& e, const char* key, std::size_t n, const std::string& where) {
    auto it = e.find(key);
    return finite_values(it == e.end() ? json() : *it, n, where + "/" + key);
}

}  // namespace

void mcda_fitted_to_json(const fitted& f, json& doc) {
    if (f.node_mcda.empty()) return;
    json all = json::object();
    for (const auto& lm : f.node_mcda) {
        const auto& r = lm.reference;
        json e = {{"rows", lm.rows},          {"best", vec(r.best)},       {"worst", vec(r.worst)},
                  {"norm", vec(r.norm)},      {"s_best", r.s_best},        {"s_worst", r.s_worst},
                  {"r_best", r.r_best},       {"r_worst", r.r_worst},      {"delta_min", r.delta_min},
                  {"delta_max", r.delta_max}};
        if (r.rows.size() > 0) {
            json rows = json::array();
            for (Eigen::Index i = 0; i < r.rows.rows(); ++i) rows.push_back(vec(r.rows.row(i).transpose()));
            e["matrix"] = std::move(rows);
        }
        all[lm.node_id] = std::move(e);
    }
    doc["node_mcda"] = std::move(all);
}

void mcda_fitted_from_json(const model& m, const json& doc, fitted& f) {
    f.node_mcda.clear();
    // An entry for a group that learns nothing would be silently ignored: refuse it, as for indicators.
    if (auto all = doc.find("node_mcda"); all != doc.end() && all->is_object()) {
        for (const auto& [key, value] : all->items()) {
            const int n = m.find(key);
            if (n < 0 || !mcda_learns(m.nodes[static_cast<std::size_t>(n)]))
                throw fitted_error("/node_mcda/" + key + ": not a group of this model whose MCDA aggregation learns in fit");
        }
    }
    for (const node& n : m.nodes) {
        if (!mcda_learns(n)) continue;
        auto all = doc.find("node_mcda");
        if (all == doc.end() || !all->is_object())
            throw fitted_error("/node_mcda: required (node '" + n.id + "' learns its " + mcda_kind_name(n.mcda.kind) + " reference)");
        const std::string where = "/node_mcda/" + n.id;
        auto e = all->find(n.id);
        if (e == all->end() || !e->is_object()) throw fitted_error(where + ": required");
        const std::size_t k = n.children.size();
        learned_mcda lm;
        lm.node_id = n.id;
        auto rows = e->find("rows");
        if (rows == e->end() || !rows->is_number_integer() || rows->get<std::int64_t>() < 1)
            throw fitted_error(where + "/rows: must be an integer >= 1");
        lm.rows = rows->get<std::int64_t>();
        auto& r = lm.reference;
        r.best = finite_array(*e, "best", k, where);
        r.worst = finite_array(*e, "worst", k, where);
        r.norm = finite_array(*e, "norm", k, where);
        for (Eigen::Index j = 0; j < r.best.size(); ++j) {
            // A span that overflows would turn every distance into NaN: refuse it here, by name.
            if (r.worst(j) > r.best(j) || !std::isfinite(r.best(j) - r.worst(j)))
                throw fitted_error(where + "/worst/" + std::to_string(j) + ": must be <= best, with a finite difference");
            if (r.norm(j) < 0 || (r.norm(j) == 0 && r.best(j) != r.worst(j)))
                throw fitted_error(where + "/norm/" + std::to_string(j) + ": must be >= 0, and > 0 for a child that varies");
        }
        r.s_best = finite(*e, "s_best", where);
        r.s_worst = finite(*e, "s_worst", where);
        r.r_best = finite(*e, "r_best", where);
        r.r_worst = finite(*e, "r_worst", where);
        r.delta_min = finite(*e, "delta_min", where);
        r.delta_max = finite(*e, "delta_max", where);
        if (r.s_best > r.s_worst || r.r_best > r.r_worst || r.delta_min > r.delta_max || r.delta_min < 0)
            throw fitted_error(where + ": inconsistent statistics (s_best <= s_worst, r_best <= r_worst, 0 <= delta_min <= delta_max)");
        if (n.mcda.kind == mcda_kind::copeland) {
            auto mx = e->find("matrix");
            if (mx == e->end() || !mx->is_array() || mx->size() != static_cast<std::size_t>(lm.rows))
                throw fitted_error(where + "/matrix: must hold rows (" + std::to_string(lm.rows) + ") fitted rows");
            r.rows.resize(static_cast<Eigen::Index>(mx->size()), static_cast<Eigen::Index>(k));
            for (std::size_t i = 0; i < mx->size(); ++i)
                r.rows.row(static_cast<Eigen::Index>(i)) =
                    finite_values((*mx)[i], k, where + "/matrix/" + std::to_string(i)).transpose();
        }
        f.node_mcda.push_back(std::move(lm));
    }
}

}  // namespace v0
}  // namespace civiscore
