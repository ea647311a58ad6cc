// The statistical audit of a scored index (docs/sensitivity.md "Audit"): correlations within each
// group and each level and across levels (node with parent, node with index), Cronbach's alpha, PCA
// per group, and the weights each indicator actually carries against its nominal weight.
#include <civiscore/analyse/analysis.hpp>

#include "engine/analysis/correlation.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

namespace civiscore {
inline namespace v0 {
namespace analysis {
namespace {

using nlohmann::json;

// Levels wider than this get no matrix (a 100,000-node level would be 10^10 numbers).
constexpr std::size_t max_level_width = 200;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

struct matrices {
    json pearson = json::array(), spearman = json::array();
};

matrices correlate(const std::vector<column_view>& cols, std::size_t n) {
    matrices m;
    for (std::size_t a = 0; a < cols.size(); ++a) {
        json rp = json::array(), rs = json::array();
        for (std::size_t b = 0; b < cols.size(); ++b) {
            rp.push_back(a == b ? json(1.0) : num(pearson(cols[a], cols[b], n)));
            rs.push_back(a == b ? json(1.0) : num(spearman(cols[a], cols[b], n)));
        }
        m.pearson.push_back(std::move(rp));
        m.spearman.push_back(std::move(rs));
    }
    return m;
}

}  // namespace

std::string audit_json(const result& r, double collinear, double negative_parent) {
    const model& m = *r.model;
    const std::size_t n = r.n_units;
    auto col = [&](int node) -> column_view { return r.scores.data() + static_cast<std::size_t>(node) * n; };
    json flags = json::array();

    json groups = json::array();
    for (std::size_t g = 0; g < m.nodes.size(); ++g) {
        const node& nd = m.nodes[g];
        if (nd.is_indicator) continue;
        std::vector<column_view> cols;
        json ids = json::array(), with_parent = json::array();
        for (int c : nd.children) {
            cols.push_back(col(c));
            const auto& cid = m.nodes[static_cast<std::size_t>(c)].id;
            ids.push_back(cid);
            const double rp = pearson(col(c), col(static_cast<int>(g)), n);
            with_parent.push_back({{"node", cid}, {"pearson", num(rp)}, {"spearman", num(spearman(col(c), col(static_cast<int>(g)), n))}});
            if (std::isfinite(rp) && rp < negative_parent)
                flags.push_back({{"type", "negative_with_parent"}, {"node", cid}, {"parent", nd.id}, {"pearson", rp},
                                 {"message", "'" + cid + "' correlates negatively with its parent '" + nd.id + "'"}});
        }
        matrices mx = correlate(cols, n);
        for (std::size_t a = 0; a < cols.size(); ++a) {
            for (std::size_t b = a + 1; b < cols.size(); ++b) {
                const json& v = mx.pearson[a][b];
                if (v.is_number() && std::abs(v.get<double>()) > collinear) {
                    std::string message = "'";
                    message += ids[a].get<std::string>();
                    message += "' and '";
                    message += ids[b].get<std::string>();
                    message += "' in '" + nd.id + "' are collinear (|r| > " + json(collinear).dump() + ")";
                    flags.push_back({{"type", "collinear"}, {"group", nd.id}, {"a", ids[a]}, {"b", ids[b]}, {"pearson", v},
                                     {"message", message}});
                }
            }
        }
        std::size_t complete = 0;
        const double alpha = cronbach_alpha(cols, n, &complete);
        const pca_result p = pca(cols, n);
        json pj = nullptr;
        if (p.ok) {
            json loads = json::array();
            for (const auto& l : p.loadings) loads.push_back(l);
            pj = {{"eigenvalues", p.eigenvalues}, {"explained_variance", p.explained}, {"loadings", loads}};
        }
        groups.push_back({{"node", nd.id}, {"level", nd.level}, {"children", ids}, {"pearson", mx.pearson},
                          {"spearman", mx.spearman}, {"cronbach_alpha", num(alpha)}, {"complete_units", complete},
                          {"pca", pj}, {"with_parent", with_parent}});
    }

    std::map<int, std::vector<int>> by_level;
    for (std::size_t i = 0; i < m.nodes.size(); ++i) by_level[m.nodes[i].level].push_back(static_cast<int>(i));
    json levels = json::array();
    for (const auto& [level, nodes] : by_level) {
        if (level == 0 || nodes.size() < 2 || nodes.size() > max_level_width) continue;
        std::vector<column_view> cols;
        json ids = json::array();
        for (int i : nodes) {
            cols.push_back(col(i));
            ids.push_back(m.nodes[static_cast<std::size_t>(i)].id);
        }
        matrices mx = correlate(cols, n);
        std::size_t complete = 0;
        const double alpha = cronbach_alpha(cols, n, &complete);
        levels.push_back({{"level", level}, {"nodes", ids}, {"pearson", mx.pearson}, {"spearman", mx.spearman},
                          {"cronbach_alpha", num(alpha)}, {"complete_units", complete}});
    }

    json with_index = json::array();
    for (std::size_t i = 1; i < m.nodes.size(); ++i)
        with_index.push_back({{"node", m.nodes[i].id}, {"level", m.nodes[i].level},
                              {"pearson", num(pearson(col(static_cast<int>(i)), col(0), n))},
                              {"spearman", num(spearman(col(static_cast<int>(i)), col(0), n))}});

    // Importance: the share of r^2(indicator, index) (Paruolo, Saisana & Saltelli 2013 use the
    // correlation ratio; r^2 is its linear case), against the nominal and the effective weight.
    json weights = json::array();
    double r2_sum = 0;
    std::vector<double> r2;
    for (int i : m.indicators) {
        const double rr = pearson(col(i), col(0), n);
        r2.push_back(std::isfinite(rr) ? rr * rr : NAN);
        if (std::isfinite(rr)) r2_sum += rr * rr;
    }
    for (std::size_t k = 0; k < m.indicators.size(); ++k) {
        const node& nd = m.nodes[static_cast<std::size_t>(m.indicators[k])];
        weights.push_back({{"indicator", nd.id}, {"nominal", num(nd.effective_weight)},
                           {"effective", num(k < r.effective_weights.size() ? r.effective_weights[k] : NAN)},
                           {"r2_with_index", num(r2[k])}, {"importance", num(r2_sum > 0 ? r2[k] / r2_sum : NAN)}});
    }
    json doc = {{"thresholds", {{"collinear", collinear}, {"negative_parent", negative_parent}}},
                {"groups", groups},
                {"levels", levels},
                {"with_index", with_index},
                {"weights", weights},
                {"flags", flags}};
    return doc.dump();
}

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
