// The weights each group uses, and the report of them (learned weights, AHP consistency, warnings).
#include "engine/indicator_weights.hpp"
#include "engine/learn.hpp"
#include "engine/score_mcda.hpp"

#include <civiscore/error.hpp>

#include <nlohmann/json.hpp>

namespace civiscore {
inline namespace v0 {
namespace {

using json = nlohmann::json;

const char* weighting_text(weighting w) {
    switch (w) {
        case weighting::explicit_weights: return "explicit";
        case weighting::equal: return "equal";
        case weighting::points: return "points";
        case weighting::ahp: return "ahp";
        case weighting::learned: return "learned";
        case weighting::combined: return "combined";
    }
    return "equal";
}

const char* aggregation_text(node_aggregation a) {
    switch (a) {
        case node_aggregation::arithmetic: return "arithmetic";
        case node_aggregation::geometric: return "geometric";
        case node_aggregation::harmonic: return "harmonic";
        case node_aggregation::power: return "power";
        case node_aggregation::median: return "median";
        case node_aggregation::minimum: return "minimum";
        case node_aggregation::mazziotta_pareto: return "mazziotta_pareto";
    }
    return "arithmetic";
}

json ahp_json(const methods::ahp_result& r, double threshold) {
    json completed = json::array();
    for (Eigen::Index i = 0; i < r.completed.rows(); ++i) {
        json row = json::array();
        for (Eigen::Index j = 0; j < r.completed.cols(); ++j) row.push_back(r.completed(i, j));
        completed.push_back(std::move(row));
    }
    return {{"weights", std::vector<double>(r.weights.data(), r.weights.data() + r.weights.size())},
            {"lambda_max", r.lambda_max}, {"ci", r.ci}, {"ri", r.ri}, {"cr", r.cr}, {"ri_table", r.table},
            {"cr_threshold", threshold}, {"consistent", r.consistent}, {"completed_pairs", r.missing},
            {"matrix", std::move(completed)}};
}

const learned_weights* find_learned(const fitted& f, const std::string& id) {
    for (const auto& lw : f.node_weights)
        if (lw.node_id == id) return &lw;
    return nullptr;
}

}  // namespace

bool learns_weights(const node& n) noexcept {
    if (n.child_weighting == weighting::learned) return true;
    return n.child_weighting == weighting::combined && n.weights.fixed.size() != n.children.size();
}

std::vector<double> child_weights(const model& m, const fitted& f, int n) {
    if (const int owner = indicator_weights_owner(m, n); owner >= 0) return child_weights_over_indicators(m, f, n, owner);
    const node& nd = m.nodes[static_cast<std::size_t>(n)];
    if (!learns_weights(nd)) {
        std::vector<double> w;
        for (int c : nd.children) w.push_back(m.nodes[static_cast<std::size_t>(c)].weight);
        return w;
    }
    const auto* lw = find_learned(f, nd.id);
    if (!lw || lw->weights.size() != nd.children.size())
        throw fitted_error("/node_weights/" + nd.id + ": required (node '" + nd.id + "' learns its weights in fit)");
    return lw->weights;
}

std::string node_report_json(const model& m, const fitted& f, const std::vector<double>& local) {
    json nodes = json::array();
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {
        const node& nd = m.nodes[n];
        if (nd.is_indicator) continue;
        json children = json::array();
        for (int c : nd.children)
            children.push_back({{"id", m.nodes[static_cast<std::size_t>(c)].id}, {"weight", local[static_cast<std::size_t>(c)]}});
        json weights = {{"method", weighting_text(nd.child_weighting)}, {"children", std::move(children)}};
        const auto& spec = nd.weights;
        if (nd.child_weighting == weighting::ahp || (spec.subjective && spec.subjective->kind == weighting::ahp)) {
            const auto& s = nd.child_weighting == weighting::ahp ? spec : *spec.subjective;
            json list = json::array();
            for (const auto& r : s.ahp_results) list.push_back(ahp_json(r, s.ahp.threshold));
            weights["ahp"] = std::move(list);
            weights["ahp_on_inconsistent"] = s.ahp_error ? "error" : "warn";
            if (s.matrices.size() > 1) weights["ahp_merge"] = s.aggregate_priorities ? "aip" : "aij";
        }
        if (const auto* lw = find_learned(f, nd.id)) {
            weights["learned"] = {{"method", lw->method}, {"weights", lw->weights}, {"rows", lw->rows}};
            if (!lw->alpha.empty()) weights["learned"]["alpha"] = lw->alpha;
        }
        json entry = {{"id", nd.id}, {"pointer", nd.pointer}, {"aggregation", aggregation_text(nd.agg)},
                      {"weights", std::move(weights)}, {"warnings", nd.warnings}};
        if (nd.agg == node_aggregation::power) entry["p"] = nd.power_p;
        if (nd.mcda.active()) {  // an MCDA method replaces the mean (engine/score_mcda.cpp)
            entry["aggregation"] = mcda_kind_name(nd.mcda.kind);
            entry["mcda"] = mcda_node_json(nd, f);
        }
        nodes.push_back(std::move(entry));
    }
    return json{{"groups", std::move(nodes)}}.dump();
}

}  // namespace v0
}  // namespace civiscore
