// Unit roll-ups: weighted means of every node's scores per group of each unit level, their ranks and
// grades, and each unit's rank within its groups (docs/units-and-links.md).
#include <civiscore/rollup.hpp>

#include <civiscore/error.hpp>
#include <civiscore/methods/rank.hpp>

#include <charconv>
#include <cmath>
#include <map>
#include <string_view>

namespace civiscore {
inline namespace v0 {
namespace {

constexpr int no_group = -1;

// The same cells the CSV reader reads as missing numbers, so "" and NA mean "no street" too.
bool missing_text(std::string_view s) {
    return s.empty() || s == "NA" || s == "na" || s == "N/A" || s == "n/a";
}

std::string number_label(double v) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    if (ec != std::errc{}) throw internal_error("cannot format a unit level value");
    return std::string(buf, end);
}

// Each unit's label at one level ("" = missing). A column of numbers (district codes) reads as
// numbers; their shortest text is the label.
std::vector<std::string> level_labels(const dataset& d, const unit_level& level) {
    const int c = d.find_column(level.column);
    if (c < 0)
        throw data_error(d.source + ": column '" + level.column + "' of unit level '" + level.id +
                         "' (model units.levels) is not in the data");
    const column& col = d.columns[static_cast<std::size_t>(c)];
    std::vector<std::string> out(d.unit_count());
    for (std::size_t u = 0; u < out.size(); ++u) {
        if (col.numeric) {
            if (!std::isnan(col.values[u])) out[u] = number_label(col.values[u]);
        } else if (!missing_text(col.text[u])) {
            out[u] = col.text[u];
        }
    }
    return out;
}

// Each unit's weight: 1 for equal weights; NaN where the weight cell is missing.
std::vector<double> unit_weights(const dataset& d, const unit_hierarchy& h) {
    std::vector<double> w(d.unit_count(), 1.0);
    if (h.weight_column.empty()) return w;
    const int c = d.find_column(h.weight_column);
    if (c < 0)
        throw data_error(d.source + ": weight column '" + h.weight_column +
                         "' (model units.weight) is not in the data");
    const column& col = d.columns[static_cast<std::size_t>(c)];
    if (!col.numeric)
        throw data_error("weight column '" + h.weight_column + "' (model units.weight) must be numeric: " +
                         col.not_numeric_where);
    for (std::size_t u = 0; u < w.size(); ++u) {
        const double x = col.values[u];
        if (!std::isnan(x) && !(x > 0 && std::isfinite(x)))
            throw data_error(d.describe_unit(u) + ", column '" + h.weight_column + "': unit weight " +
                             number_label(x) + " must be a positive number (or missing)");
        w[u] = x;
    }
    return w;
}

// Groups of one level: sorted labels and each unit's group.
void assign_groups(rollup_level& lv, const std::vector<std::string>& labels) {
    std::map<std::string, int> index;
    for (const auto& s : labels) {
        if (!s.empty()) index.emplace(s, 0);
    }
    int next = 0;
    for (auto& [label, i] : index) {
        i = next++;
        lv.groups.push_back(label);
    }
    lv.unit_group.assign(labels.size(), no_group);
    for (std::size_t u = 0; u < labels.size(); ++u) {
        if (!labels[u].empty()) lv.unit_group[u] = index[labels[u]];
        else ++lv.units_without_group;
    }
}

// Every group's parent at the next level; two parents for one group is an error, since its
// members would then be ranked "within the district" against two different sets.
void link_parents(rollup_level& lv, const rollup_level& up, const dataset& d) {
    lv.parent.assign(lv.groups.size(), no_group);
    std::vector<std::size_t> first(lv.groups.size(), 0);
    for (std::size_t u = 0; u < lv.unit_group.size(); ++u) {
        const int g = lv.unit_group[u], p = up.unit_group[u];
        if (g == no_group || p == no_group) continue;
        const auto gi = static_cast<std::size_t>(g);
        if (lv.parent[gi] == no_group) {
            lv.parent[gi] = p;
            first[gi] = u;
        } else if (lv.parent[gi] != p) {
            throw data_error(lv.name + " '" + lv.groups[gi] + "' is in " + up.name + " '" +
                             up.groups[static_cast<std::size_t>(lv.parent[gi])] + "' (" + d.describe_unit(first[gi]) +
                             ") and in " + up.name + " '" + up.groups[static_cast<std::size_t>(p)] + "' (" +
                             d.describe_unit(u) + "), columns '" + lv.column + "' and '" + up.column +
                             "': a group must have one parent (give groups of the same name distinct labels)");
        }
    }
}

// Ranks of `values` within buckets: out[i] = 1 + the values of i's bucket strictly greater.
std::vector<std::int64_t> ranks_within(const std::vector<double>& values, const std::vector<int>& bucket,
                                       std::size_t n_buckets) {
    std::vector<std::vector<std::size_t>> members(n_buckets);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (bucket[i] != no_group) members[static_cast<std::size_t>(bucket[i])].push_back(i);
    }
    std::vector<std::int64_t> out(values.size(), 0);
    for (const auto& m : members) {
        std::vector<double> v;
        v.reserve(m.size());
        for (std::size_t i : m) v.push_back(values[i]);
        const auto rk = methods::competition_ranks(v);
        for (std::size_t k = 0; k < m.size(); ++k) out[m[k]] = rk[k];
    }
    return out;
}

void aggregate(rollup_level& lv, const result& r, const std::vector<double>& w) {
    const std::size_t n_groups = lv.groups.size();
    lv.scores.assign(r.n_nodes * n_groups, NAN);
    lv.counts.assign(r.n_nodes * n_groups, 0);
    lv.n_units.assign(n_groups, 0);
    lv.n_unscored.assign(n_groups, 0);
    lv.n_no_weight.assign(n_groups, 0);
    lv.weight.assign(n_groups, 0.0);
    for (std::size_t u = 0; u < r.n_units; ++u) {
        const int g = lv.unit_group[u];
        if (g == no_group) continue;
        const auto gi = static_cast<std::size_t>(g);
        ++lv.n_units[gi];
        if (std::isnan(r.score(u, 0))) ++lv.n_unscored[gi];
        if (std::isnan(w[u])) ++lv.n_no_weight[gi];
        else if (!std::isnan(r.score(u, 0))) lv.weight[gi] += w[u];
    }
    // Sums in unit order: the same input gives bit-identical means.
    std::vector<double> sum_w(n_groups), sum_ws(n_groups);
    for (std::size_t k = 0; k < r.n_nodes; ++k) {
        if (!r.kept(k)) continue;  // not kept (score option "keep"): no unit scores to average, stays NaN
        std::fill(sum_w.begin(), sum_w.end(), 0.0);
        std::fill(sum_ws.begin(), sum_ws.end(), 0.0);
        for (std::size_t u = 0; u < r.n_units; ++u) {
            const int g = lv.unit_group[u];
            const double s = r.score(u, k);
            if (g == no_group || std::isnan(s) || std::isnan(w[u])) continue;
            const auto gi = static_cast<std::size_t>(g);
            sum_w[gi] += w[u];
            sum_ws[gi] += w[u] * s;
            ++lv.counts[k * n_groups + gi];
        }
        for (std::size_t g = 0; g < n_groups; ++g) {
            if (sum_w[g] > 0) lv.scores[k * n_groups + g] = sum_ws[g] / sum_w[g];
        }
    }
}

}  // namespace

int unit_rollup::find_level(std::string_view id) const noexcept {
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (levels[i].id == id) return static_cast<int>(i);
    }
    return -1;
}

std::string unit_rollup::unit_status(std::size_t unit) const {
    std::string s;
    for (const rollup_level& lv : levels) {
        if (lv.unit_group[unit] == no_group) s.append(s.empty() ? "" : "; ").append("no " + lv.id);
    }
    if (weight_missing[unit]) s.append(s.empty() ? "" : "; ").append("no weight");
    return s.empty() ? "ok" : s;
}

unit_rollup compute_rollup(const result& r, const dataset& d) {
    if (!r.model) throw invalid_argument_error("unit roll-up: the result has no model");
    const model& m = *r.model;
    if (d.unit_count() != r.n_units)
        throw invalid_argument_error("unit roll-up: the data has " + std::to_string(d.unit_count()) +
                                     " units, the result " + std::to_string(r.n_units));
    unit_rollup out;
    out.weight_column = m.units.weight_column;
    const std::vector<double> w = unit_weights(d, m.units);
    out.weight_missing.resize(r.n_units);
    for (std::size_t u = 0; u < r.n_units; ++u) out.weight_missing[u] = std::isnan(w[u]) ? 1 : 0;

    for (const unit_level& spec : m.units.levels) {
        rollup_level lv;
        lv.id = spec.id;
        lv.column = spec.column;
        lv.name = spec.name;
        assign_groups(lv, level_labels(d, spec));
        out.levels.push_back(std::move(lv));
    }
    std::vector<double> unit_root(r.scores.begin(), r.scores.begin() + static_cast<std::ptrdiff_t>(r.n_units));
    for (std::size_t i = 0; i < out.levels.size(); ++i) {
        rollup_level& lv = out.levels[i];
        if (i + 1 < out.levels.size()) link_parents(lv, out.levels[i + 1], d);
        else lv.parent.assign(lv.groups.size(), no_group);
        aggregate(lv, r, w);
        const std::vector<double> root(lv.scores.begin(), lv.scores.begin() + static_cast<std::ptrdiff_t>(lv.groups.size()));
        lv.rank = methods::competition_ranks(root);
        lv.grade.resize(lv.groups.size());
        for (std::size_t g = 0; g < lv.groups.size(); ++g) lv.grade[g] = m.grade_of(root[g]);
        const std::size_t n_parents = i + 1 < out.levels.size() ? out.levels[i + 1].groups.size() : 0;
        lv.rank_in_parent = ranks_within(root, lv.parent, n_parents);
        lv.unit_rank = ranks_within(unit_root, lv.unit_group, lv.groups.size());
    }
    return out;
}

void attach_rollup(result& r, const dataset& d) {
    if (r.model && r.model->units.declared()) r.rollup = std::make_shared<const unit_rollup>(compute_rollup(r, d));
}

}  // namespace v0
}  // namespace civiscore
