// Profiles (区域差异): a per-profile copy of the model with goalpost, target and weight overrides.
// Derived weights are recomputed by the model's own finish_model, so effective weights stay right.
#include <civiscore/assess/plan.hpp>
#include <civiscore/error.hpp>

#include "model/model_finish.hpp"
#include "util/sha256.hpp"

#include <nlohmann/json.hpp>

namespace civiscore {
inline namespace v0 {
namespace assess {

model_ptr derive_profile_model(const model& base, const profile& p) {
    auto m = std::make_shared<model>(base);
    for (const auto& [id, gp] : p.goalposts) {
        node& n = m->nodes[static_cast<std::size_t>(m->find(id))];
        n.rule.worst = gp.first;
        n.rule.best = gp.second;
    }
    for (const auto& [id, t] : p.targets) m->nodes[static_cast<std::size_t>(m->find(id))].rule.target = t;
    // Weight overrides: a points model keeps each group's points (scores stay on one scale), so the
    // overridden children's points are rescaled with their siblings to the parent's points.
    for (const auto& [id, w] : p.weights) m->nodes[static_cast<std::size_t>(m->find(id))].weight = w;
    if (!p.weights.empty() && base.display == score_display::points) {
        for (node& n : m->nodes) {
            if (n.children.empty()) continue;
            double sum = 0;
            for (int c : n.children) sum += m->nodes[static_cast<std::size_t>(c)].weight;
            for (int c : n.children) {
                node& ch = m->nodes[static_cast<std::size_t>(c)];
                ch.points = n.points * ch.weight / sum;
                ch.weight = ch.points;
            }
        }
        // Parents first (pre-order), so children rescale to their parent's final points.
    }
    for (const auto& id : p.not_applicable)
        m->nodes[static_cast<std::size_t>(m->find(id))].missing = missing_policy::not_applicable;
    m->indicators.clear();
    m->input_columns.clear();
    std::vector<model_problem> problems;
    finish_model(*m, problems);
    if (!problems.empty()) throw model_error(problems);
    // A distinct identity, so a fitted state of one profile is never mistaken for another's.
    nlohmann::json overrides = {{"profile", p.name}, {"goalposts", p.goalposts}, {"targets", p.targets},
                                {"weights", p.weights}, {"not_applicable", p.not_applicable}};
    m->sha256 = sha256_hex(base.sha256 + "|" + overrides.dump());
    return m;
}

}  // namespace assess
}  // namespace v0
}  // namespace civiscore
