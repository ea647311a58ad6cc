#include "model/model_finish.hpp"
#include "model/expression.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace civiscore {
inline namespace v0 {
namespace {

void post_order_from(const model& m, int n, std::vector<int>& out) {
    for (int c : m.nodes[n].children) post_order_from(m, c, out);
    out.push_back(n);
}

// Points display needs every node to carry points and scores that are fractions of them.
void check_points_display(const model& m, std::vector<model_problem>& problems) {
    for (const node& n : m.nodes) {
        if (n.points <= 0) {
            problems.push_back({n.pointer + "/points", "required: the model reports scores as points (\"scores\": \"points\")"});
            continue;
        }
        if (n.is_indicator) {
            const auto& r = n.rule;
            if (r.kind == methods::rule_kind::z_score) {
                problems.push_back({n.pointer + "/rule/type", "a z-score has no maximum, so it cannot be reported as points"});
            } else if (r.kind == methods::rule_kind::min_max && (r.range_lo != m.scale_lo || r.range_hi != m.scale_hi)) {
                problems.push_back({n.pointer + "/rule/range", "must equal the model scale when scores are points"});
            }
        } else {
            if (n.agg != node_aggregation::arithmetic)
                problems.push_back({n.pointer + "/aggregation", "points add up only under an arithmetic aggregation"});
            if (n.child_weighting != weighting::points)
                problems.push_back({n.pointer + "/weights", "must be \"points\" when the model reports scores as points"});
        }
    }
}

// Treatment replaces an indicator's input column by its treated values, so two indicators that read
// the same column must treat it the same way.
void check_shared_columns(const model& m, std::vector<model_problem>& problems) {
    std::unordered_map<std::string, int> first;
    for (int i : m.indicators) {
        const node& n = m.nodes[static_cast<std::size_t>(i)];
        if (n.columns.empty() || n.rule.kind == methods::rule_kind::deduction) continue;
        auto [it, fresh] = first.emplace(n.columns.front(), i);
        if (fresh) continue;
        const auto& a = m.nodes[static_cast<std::size_t>(it->second)].treatment;
        const auto& b = n.treatment;
        const bool same = a.denominator == b.denominator && a.impute == b.impute && a.group_column == b.group_column &&
                          a.outliers == b.outliers && a.skew == b.skew && a.kurtosis == b.kurtosis &&
                          a.max_winsorised == b.max_winsorised && a.q_lo == b.q_lo && a.q_hi == b.q_hi;
        if (!same)
            problems.push_back({n.pointer, "reads column \"" + n.columns.front() + "\" like " +
                                               m.nodes[static_cast<std::size_t>(it->second)].pointer +
                                               " but treats it differently (denominator, impute, outliers must agree)"});
    }
}

}  // namespace

void finish_model(model& m, std::vector<model_problem>& problems) {
    if (m.nodes.empty()) return;
    m.post_order.clear();
    post_order_from(m, 0, m.post_order);

    std::unordered_set<std::string> seen_columns;
    for (int i = 0; i < static_cast<int>(m.nodes.size()); ++i) {
        node& n = m.nodes[i];
        if (n.is_indicator) {
            m.indicators.push_back(i);
            for (const auto& c : n.columns) {
                if (seen_columns.insert(c).second) m.input_columns.push_back(c);
            }
            const auto& t = n.treatment;
            if (!t.denominator.empty() && seen_columns.insert(t.denominator).second) m.input_columns.push_back(t.denominator);
            if (!t.group_column.empty() &&
                std::find(m.text_columns.begin(), m.text_columns.end(), t.group_column) == m.text_columns.end())
                m.text_columns.push_back(t.group_column);
        }
        for (const auto& counts : n.mcda.count_columns)  // a fuzzy group's survey level counts (load_mcda.cpp)
            for (const auto& c : counts)
                if (seen_columns.insert(c).second) m.input_columns.push_back(c);
    }
    check_shared_columns(m, problems);
    finish_derived(m, problems);  // derived columns' order and the data columns they read
    m.nodes[0].local_weight = 1.0;
    m.nodes[0].effective_weight = 1.0;
    for (int i = 0; i < static_cast<int>(m.nodes.size()); ++i) {
        node& n = m.nodes[i];
        if (n.children.empty()) continue;
        double sum = 0;
        for (int c : n.children) sum += m.nodes[c].weight;
        for (int c : n.children) {
            m.nodes[c].local_weight = sum > 0 ? m.nodes[c].weight / sum : 0.0;
            m.nodes[c].effective_weight = n.effective_weight * m.nodes[c].local_weight;
        }
    }
    if (m.display == score_display::points) check_points_display(m, problems);
}

}  // namespace v0
}  // namespace civiscore
