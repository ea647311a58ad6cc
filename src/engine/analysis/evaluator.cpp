// Model variants and the evaluation of one point of the uncertainty analysis (see evaluator.hpp).
#include "engine/analysis/evaluator.hpp"

#include <civiscore/error.hpp>

#include "engine/analysis/reaggregate.hpp"
#include "engine/analysis/rng.hpp"
#include "engine/learn.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <set>

namespace civiscore {
inline namespace v0 {
namespace analysis {
namespace {

using nlohmann::json;

model_ptr load_variant(const json& doc, const std::string& what) {
    try {
        return load_model(doc.dump());
    } catch (const model_error& e) {
        throw invalid_argument_error("analysis: " + what + " makes the model invalid: " + e.what());
    }
}

std::string describe(const std::vector<std::pair<const factor*, std::size_t>>& choices, const std::string& removed) {
    std::string s;
    for (const auto& [f, i] : choices) s += (s.empty() ? "" : ", ") + f->name + " option " + std::to_string(i);
    if (!removed.empty()) s += (s.empty() ? "" : ", ") + std::string("removing indicator '") + removed + "'";
    return s;
}

}  // namespace

model_ptr materialise_weights(const model& m, const fitted& f) {
    auto copy = std::make_shared<model>(m);
    for (std::size_t g = 0; g < m.nodes.size(); ++g) {
        if (m.nodes[g].is_indicator) continue;
        const std::vector<double> w = child_weights(m, f, static_cast<int>(g));
        node& nd = copy->nodes[g];
        nd.weights = weight_spec{};
        nd.weights.kind = weighting::explicit_weights;
        nd.weights.fixed = w;
        nd.child_weighting = weighting::explicit_weights;
        for (std::size_t j = 0; j < nd.children.size(); ++j) copy->nodes[static_cast<std::size_t>(nd.children[j])].weight = w[j];
    }
    return copy;
}

model_ptr model_variant(const model& m, const std::vector<std::pair<const factor*, std::size_t>>& choices,
                        const std::string& removed) {
    json doc = json::parse(m.canonical_json);
    for (const auto& [f, i] : choices) {
        const json patch = json::parse(f->choices[i]);
        if (f->node.empty()) {
            doc.merge_patch(patch);
        } else {
            const node& nd = m.nodes[static_cast<std::size_t>(m.find(f->node))];
            doc.at(json::json_pointer(nd.pointer)).merge_patch(patch);
        }
    }
    if (removed.empty()) return load_variant(doc, describe(choices, removed));
    // Find the indicator in the patched model (patches may move nothing, but re-reading is exact).
    const model_ptr patched = choices.empty() ? nullptr : load_variant(doc, describe(choices, ""));
    const model& pm = patched ? *patched : m;
    const int n = pm.find(removed);
    if (n < 0) throw invalid_argument_error("analysis: no indicator '" + removed + "' after " + describe(choices, ""));
    const node& nd = pm.nodes[static_cast<std::size_t>(n)];
    const node& parent = pm.nodes[static_cast<std::size_t>(nd.parent)];
    if (parent.children.size() < 2)
        throw invalid_argument_error("analysis: removing indicator '" + removed + "' would leave group '" + parent.id +
                                     "' (" + parent.pointer + ") with no children");
    const auto slash = nd.pointer.rfind('/');
    const auto index = std::stoul(nd.pointer.substr(slash + 1));
    json& children = doc.at(json::json_pointer(nd.pointer.substr(0, slash)));
    children.erase(index);
    return load_variant(doc, describe(choices, removed));
}

evaluator::evaluator(const model_ptr& m, const fitted& f, const dataset& d, const spec& s)
    : nominal_(m), nominal_fit_(std::make_shared<const fitted>(f)), data_(d), spec_(s) {
    for (const node& nd : m->nodes) {
        if (nd.is_indicator) continue;
        auto& ids = children_[nd.id];
        for (int c : nd.children) ids.push_back(m->nodes[static_cast<std::size_t>(c)].id);
    }
    for (const factor& f : s.factors) {
        offsets_.push_back(dims_);
        dims_ += f.dims;
    }
}

std::vector<std::size_t> evaluator::key(const double* u) const {
    std::vector<std::size_t> k;
    for (std::size_t i = 0; i < spec_.factors.size(); ++i) {
        const factor& f = spec_.factors[i];
        const double x = u[offsets_[i]];
        if (f.type == factor::kind::choice)
            k.push_back(std::min(f.choices.size() - 1, static_cast<std::size_t>(x * static_cast<double>(f.choices.size()))));
        else if (f.type == factor::kind::remove)  // 0 = keep every indicator, j = remove removable[j - 1]
            k.push_back(std::min(f.removable.size(), static_cast<std::size_t>(x * static_cast<double>(f.removable.size() + 1))));
    }
    return k;
}

void evaluator::prepare(const std::vector<double>& points, std::size_t n_points, int n_threads) {
    std::set<std::vector<std::size_t>> keys;
    for (std::size_t p = 0; p < n_points; ++p) keys.insert(key(points.data() + p * dims_));
    for (const auto& k : keys) {
        if (variants_.count(k)) continue;
        std::vector<std::pair<const factor*, std::size_t>> choices;
        std::string removed;
        bool nominal = true;
        std::size_t slot = 0;
        for (const factor& f : spec_.factors) {
            if (f.type == factor::kind::choice) {
                choices.emplace_back(&f, k[slot]);
                nominal = false;
            } else if (f.type == factor::kind::remove && k[slot] > 0) {
                removed = f.removable[k[slot] - 1];
                nominal = false;
            }
            if (f.type != factor::kind::weights) ++slot;
        }
        variant v;
        if (nominal) {
            v.model = nominal_;
            v.fit = nominal_fit_;
        } else {
            v.model = model_variant(*nominal_, choices, removed);
            try {
                v.fit = std::make_shared<const fitted>(fit(*v.model, data_, n_threads));
            } catch (const error& e) {
                throw data_error("analysis: fitting the model with " + describe(choices, removed) + ": " + e.what());
            }
        }
        bool any_weights = false;
        for (const factor& f : spec_.factors) any_weights = any_weights || f.type == factor::kind::weights;
        if (any_weights) {
            v.model = materialise_weights(*v.model, *v.fit);
            v.fast = reaggregator::make(*v.model, score(v.model, *v.fit, data_, n_threads));
        }
        variants_.emplace(k, std::move(v));
    }
}

evaluation evaluator::evaluate(const double* u) const {
    const variant& v = variants_.at(key(u));
    model_ptr scored = v.model;
    std::shared_ptr<const fitted> fit = v.fit;
    bool any_weights = false;
    for (const factor& f : spec_.factors) any_weights = any_weights || f.type == factor::kind::weights;
    if (any_weights) {  // v.model has explicit weights (materialise_weights): perturb node weights
        auto copy = std::make_shared<model>(*v.model);
        for (std::size_t fi = 0; fi < spec_.factors.size(); ++fi) {
            const factor& f = spec_.factors[fi];
            if (f.type != factor::kind::weights) continue;
            std::size_t pos = offsets_[fi];
            for (std::size_t gi = 0; gi < f.nodes.size(); ++gi) {
                const auto& nominal_children = children_.at(f.nodes[gi]);
                const node& group = copy->nodes[static_cast<std::size_t>(copy->find(f.nodes[gi]))];
                std::vector<double> w;
                for (int c : group.children) w.push_back(copy->nodes[static_cast<std::size_t>(c)].weight);
                if (!f.dirichlet) {
                    for (std::size_t j = 0; j < group.children.size(); ++j) {
                        const auto& id = copy->nodes[static_cast<std::size_t>(group.children[j])].id;
                        const auto at = static_cast<std::size_t>(
                            std::find(nominal_children.begin(), nominal_children.end(), id) - nominal_children.begin());
                        w[j] *= 1.0 + f.percent / 100.0 * (2.0 * u[pos + at] - 1.0);
                    }
                    pos += nominal_children.size();
                } else {
                    // The factor's uniform keys the draw, so A/B swaps in the Sobol design move it whole.
                    counter_rng rng(hash3(spec_.seed, 0xD1C1ULL + fi, std::bit_cast<std::uint64_t>(u[pos + gi])));
                    double sum = 0, drawn = 0;
                    for (double x : w) sum += x;
                    if (sum > 0) {
                        for (double& x : w) {
                            // A child of weight 0 (e.g. all its indicators constant) stays out; a
                            // gamma draw that underflows to 0 for a tiny shape is kept just above 0.
                            x = x > 0 ? std::max(rng.gamma(f.concentration * x / sum), 1e-300) : 0.0;
                            drawn += x;
                        }
                        for (double& x : w) x /= drawn;
                    }
                }
                for (std::size_t j = 0; j < group.children.size(); ++j)
                    copy->nodes[static_cast<std::size_t>(group.children[j])].weight = w[j];
            }
        }
        if (v.fast) return v.fast->run(*copy);
        scored = copy;
    }
    result r = score(scored, *fit, data_, 1);
    evaluation e;
    e.root.assign(r.scores.begin(), r.scores.begin() + static_cast<std::ptrdiff_t>(r.n_units));
    e.rank = std::move(r.rank);
    e.grade = std::move(r.grade);
    return e;
}

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
