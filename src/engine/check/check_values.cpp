// Checks of single values and declared comparisons: completeness, ranges, relations, robust
// outliers, self-report vs verification.
#include "engine/check/check_context.hpp"

#include <civiscore/check/stats.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace civiscore {
inline namespace v0 {
namespace check {
namespace {

std::string percent(double share) { return num(std::round(share * 1000.0) / 10.0) + "%"; }

}  // namespace

void check_completeness(context& x) {
    const config& c = x.c;
    const std::size_t n = x.d.unit_count();
    const std::size_t expected = c.columns.size();
    // Rows: the share of checked columns with a value.
    for (std::size_t i = 0; i < n && expected > 0; ++i) {
        std::size_t have = 0;
        for (const auto& name : x.present)
            if (!std::isnan(x.col(name)->values[i])) ++have;
        const double share = static_cast<double>(have) / static_cast<double>(expected);
        if (share >= c.min_unit_coverage) continue;
        flag f = x.row_flag("completeness", c.completeness, i);
        f.values = {{"coverage", share}, {"present", static_cast<double>(have)},
                    {"expected", static_cast<double>(expected)}, {"threshold", c.min_unit_coverage}};
        const std::string missing = std::to_string(expected - have);
        f.reason_zh = "数据完整率 " + percent(share) + "，低于要求的 " + percent(c.min_unit_coverage) + "（" +
                      std::to_string(expected) + " 项中缺 " + missing + " 项）";
        f.reason_en = "only " + percent(share) + " of values present (" + missing + " of " +
                      std::to_string(expected) + " missing), below the required " + percent(c.min_unit_coverage);
        x.r.flags.push_back(std::move(f));
    }
    // Columns: coverage over all rows; a column missing from the data has none.
    for (const auto& name : c.columns) {
        const column* col = x.col(name);
        std::size_t have = 0;
        if (col)
            for (double v : col->values) have += std::isnan(v) ? 0 : 1;
        const double share = n == 0 ? 0.0 : static_cast<double>(have) / static_cast<double>(n);
        if (col && share >= c.min_indicator_coverage) continue;
        flag f;
        f.rule = "completeness";
        f.level = c.completeness.level;
        f.effect = flag_effect::none;  // nothing to change in a unit's data
        f.column = name;
        f.values = {{"coverage", share}, {"threshold", c.min_indicator_coverage}};
        if (!col) {
            f.reason_zh = "数据中没有“" + name + "”列";
            f.reason_en = "column '" + name + "' is not in the data";
        } else {
            f.reason_zh = "该指标数据覆盖率 " + percent(share) + "，低于要求的 " + percent(c.min_indicator_coverage);
            f.reason_en = "values present for only " + percent(share) + " of rows, below the required " +
                          percent(c.min_indicator_coverage);
        }
        x.r.flags.push_back(std::move(f));
    }
}

void check_ranges(context& x) {
    for (const auto& name : x.present) {
        const auto h = x.c.hints.find(name);
        if (h == x.c.hints.end()) continue;
        const column_hint& hint = h->second;
        const std::string what_zh = hint.kind == "percent" ? "（百分比）" : hint.kind == "rate" ? "（比率）"
                                    : hint.kind == "count" ? "（计数）" : "";
        const std::string what_en = hint.kind == "percent" ? " (a percentage)" : hint.kind == "rate" ? " (a rate)"
                                    : hint.kind == "count" ? " (a count)" : "";
        const auto& v = x.col(name)->values;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (std::isnan(v[i])) continue;
            const bool low = !std::isnan(hint.min) && v[i] < hint.min;
            const bool high = !std::isnan(hint.max) && v[i] > hint.max;
            const bool fraction = hint.integer && v[i] != std::floor(v[i]);
            if (!low && !high && !fraction) continue;
            flag f = x.row_flag("range", x.c.range, i);
            f.column = name;
            f.values = {{"value", v[i]}};
            if (!std::isnan(hint.min)) f.values.emplace_back("min", hint.min);
            if (!std::isnan(hint.max)) f.values.emplace_back("max", hint.max);
            const std::string lo = std::isnan(hint.min) ? "-∞" : num(hint.min);
            const std::string hi = std::isnan(hint.max) ? "∞" : num(hint.max);
            if (low || high) {
                f.reason_zh = "数值 " + num(v[i]) + " 超出允许范围 [" + lo + ", " + hi + "]" + what_zh;
                f.reason_en = "value " + num(v[i]) + " outside the allowed range [" + lo + ", " + hi + "]" + what_en;
            } else {
                f.reason_zh = "数值 " + num(v[i]) + " 应为整数" + what_zh;
                f.reason_en = "value " + num(v[i]) + " should be a whole number" + what_en;
            }
            x.r.flags.push_back(std::move(f));
        }
    }
}

void check_relations(context& x) {
    for (std::size_t k = 0; k < x.c.relations.size(); ++k) {
        const relation& rel = x.c.relations[k];
        const auto& a = x.col(rel.left)->values;
        const auto& b = x.col(rel.right)->values;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (std::isnan(a[i]) || std::isnan(b[i])) continue;
            bool ok = true;
            double gap = 0.0;
            if (rel.op == "<=") ok = a[i] <= b[i];
            else if (rel.op == "<") ok = a[i] < b[i];
            else if (rel.op == ">=") ok = a[i] >= b[i];
            else if (rel.op == ">") ok = a[i] > b[i];
            else if (rel.op == "==") ok = a[i] == b[i];
            else {
                const double scale = std::max(std::abs(a[i]), std::abs(b[i]));
                gap = scale > 0 ? std::abs(a[i] - b[i]) / scale : 0.0;
                ok = gap <= rel.tolerance;
            }
            if (ok) continue;
            flag f = x.row_flag("relation", x.c.relations_policy, i);
            f.column = rel.left + "|" + rel.right;
            f.item = static_cast<int>(k);
            f.values = {{rel.left, a[i]}, {rel.right, b[i]}};
            if (rel.op == "approx") {
                f.values.emplace_back("difference", gap);
                f.values.emplace_back("tolerance", rel.tolerance);
                f.reason_zh = "“" + rel.left + "”(" + num(a[i]) + ") 与 “" + rel.right + "”(" + num(b[i]) +
                              ") 相差 " + percent(gap) + "，超过允许的 " + percent(rel.tolerance);
                f.reason_en = rel.left + " (" + num(a[i]) + ") and " + rel.right + " (" + num(b[i]) + ") differ by " +
                              percent(gap) + ", more than the " + percent(rel.tolerance) + " allowed";
            } else {
                f.reason_zh = "违反关系 " + rel.name + "：" + num(a[i]) + " 与 " + num(b[i]);
                f.reason_en = "violates " + rel.name + ": " + num(a[i]) + " vs " + num(b[i]);
            }
            x.r.flags.push_back(std::move(f));
        }
    }
}

void check_verification(context& x) {
    for (std::size_t k = 0; k < x.c.pairs.size(); ++k) {
        const verification_pair& p = x.c.pairs[k];
        const auto& s = x.col(p.self_report)->values;
        const auto& v = x.col(p.verified)->values;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (std::isnan(s[i]) || std::isnan(v[i]) || s[i] == 0) continue;
            // Over-reporting is what falsification looks like; a ledger below the platform is not.
            const double delta = std::min(1.0, std::max(0.0, s[i] - v[i]) / std::abs(s[i]));
            if (!(delta > p.tolerance)) continue;
            flag f = x.row_flag("verification", x.c.verification, i);
            if (p.action == consequence::veto) f.level = severity::veto;
            f.column = p.self_report + "|" + p.verified;
            f.item = static_cast<int>(k);
            f.values = {{"self_report", s[i]}, {"verified", v[i]}, {"discrepancy", delta},
                        {"tolerance", p.tolerance}};
            const std::string action_zh = p.action == consequence::scale ? "，自报指标按 (1 − " + percent(delta) + ") 折算"
                                          : p.action == consequence::zero ? "，自报指标计为 0"
                                          : p.action == consequence::veto ? "，一票否决" : "";
            const std::string action_en = p.action == consequence::scale ? "; self-reported values scaled by (1 − " + percent(delta) + ")"
                                          : p.action == consequence::zero ? "; self-reported values set to 0"
                                          : p.action == consequence::veto ? "; veto" : "";
            f.reason_zh = "自报值 " + num(s[i]) + " 高于核实值 " + num(v[i]) + "，虚报率 " + percent(delta) +
                          "，超过允许的 " + percent(p.tolerance) + action_zh;
            f.reason_en = "self-reported " + num(s[i]) + " but verified " + num(v[i]) + ": " + percent(delta) +
                          " over-reported, more than the " + percent(p.tolerance) + " allowed" + action_en;
            x.r.flags.push_back(std::move(f));
        }
    }
}

void check_outliers(context& x) {
    const config& c = x.c;
    const auto& names = c.outlier_columns.empty() ? x.present : c.outlier_columns;
    for (const auto& name : names) {
        const column* col = x.col(name);
        if (!col) continue;
        // Rows by (period, group): a village is compared with villages, a quarter with its quarter.
        std::map<std::pair<std::size_t, std::string>, std::vector<std::size_t>> parts;
        for (std::size_t i = 0; i < col->values.size(); ++i)
            if (!std::isnan(col->values[i])) parts[{x.period_of_row[i], x.group_of_row[i]}].push_back(i);
        for (const auto& [key, rows] : parts) {
            if (rows.size() < c.outlier_min_units) continue;
            std::vector<double> v;
            for (auto i : rows) v.push_back(col->values[i]);
            const double med = median(v), spread = mad_scale * mad(v);
            // A column where most units report the same value has no spread to measure against.
            if (!(spread > 0)) continue;
            for (auto i : rows) {
                const double z = (col->values[i] - med) / spread;
                if (!(std::abs(z) > c.outlier_threshold)) continue;
                flag f = x.row_flag("outlier", c.outlier, i);
                f.column = name;
                f.group = key.second;
                f.values = {{"value", col->values[i]}, {"median", med}, {"mad", spread / mad_scale}, {"z", z}};
                const std::string where_zh = key.second.empty() ? "" : "（" + key.second + " 组内）";
                const std::string where_en = key.second.empty() ? "" : " within group '" + key.second + "'";
                f.reason_zh = "数值 " + num(col->values[i]) + " 远离中位数 " + num(med) + where_zh + "，稳健 z 值 " +
                              num(std::round(z * 100) / 100) + "，超过阈值 " + num(c.outlier_threshold);
                f.reason_en = "value " + num(col->values[i]) + " far from the median " + num(med) + where_en +
                              ": robust z " + num(std::round(z * 100) / 100) + " beyond " + num(c.outlier_threshold);
                x.r.flags.push_back(std::move(f));
            }
        }
    }
}

}  // namespace check
}  // namespace v0
}  // namespace civiscore
