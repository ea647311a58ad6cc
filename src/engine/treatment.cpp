#include "engine/treatment.hpp"

#include <civiscore/error.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace civiscore {
inline namespace v0 {
namespace {

std::string number_text(double v) {
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

const column& require_column(const dataset& d, const std::string& id, const node& n, const char* what) {
    const int c = d.find_column(id);
    if (c < 0)
        throw data_error((d.source.empty() ? std::string("data") : d.source) + ": indicator '" + n.id + "' needs " + what +
                         " column '" + id + "', which the data does not have");
    return d.columns[static_cast<std::size_t>(c)];
}

// The label of unit `u` in a group column (text as read; numbers as written by %g).
std::string group_label(const column& c, std::size_t u) {
    if (!c.numeric) return c.text[u];
    if (std::isnan(c.values[u])) return "";
    return number_text(c.values[u]);
}

// Step 1: the indicator's raw column divided by its denominator (a copy).
std::vector<double> denominated(const node& n, const dataset& d) {
    const column& x = require_column(d, n.columns.front(), n, "its data");
    if (!x.numeric) throw data_error(x.not_numeric_where + ": column '" + x.id + "' is read by the model and must be numeric");
    std::vector<double> v = x.values;
    if (n.treatment.denominator.empty()) return v;
    const column& den = require_column(d, n.treatment.denominator, n, "its denominator");
    if (!den.numeric) throw data_error(den.not_numeric_where + ": denominator column '" + den.id + "' must be numeric");
    for (std::size_t u = 0; u < v.size(); ++u) {
        // A zero or missing denominator leaves the ratio missing: the missing policy decides.
        v[u] = den.values[u] != 0 ? v[u] / den.values[u] : NAN;
    }
    return v;
}

std::vector<double> present(const std::vector<double>& v) {
    std::vector<double> out;
    for (double x : v) if (!std::isnan(x)) out.push_back(x);
    return out;
}

const char* impute_name(methods::impute_method m) {
    switch (m) {
        case methods::impute_method::none: return "none";
        case methods::impute_method::mean: return "mean";
        case methods::impute_method::median: return "median";
        case methods::impute_method::group_mean: return "group_mean";
        case methods::impute_method::zero: return "zero";
        case methods::impute_method::min: return "min";
    }
    return "none";
}

// Step 2 for one column: the value(s) imputation will use.
void learn_impute(const node& n, const dataset& d, const std::vector<double>& v, indicator_treatment& t) {
    const auto method = n.treatment.impute;
    const auto x = present(v);
    switch (method) {
        case methods::impute_method::none: return;
        case methods::impute_method::zero: t.impute_value = 0.0; return;
        case methods::impute_method::mean: {
            double s = 0;
            for (double a : x) s += a;
            t.impute_value = x.empty() ? NAN : s / static_cast<double>(x.size());
            return;
        }
        case methods::impute_method::median: {
            auto s = x;
            std::sort(s.begin(), s.end());
            t.impute_value = methods::quantile_sorted(s, 0.5);
            return;
        }
        case methods::impute_method::min:
            t.impute_value = x.empty() ? NAN : *std::min_element(x.begin(), x.end());
            return;
        case methods::impute_method::group_mean: {
            const column& g = require_column(d, n.treatment.group_column, n, "its imputation group");
            std::map<std::string, std::pair<double, std::size_t>> acc;  // sorted by label: deterministic
            for (std::size_t u = 0; u < v.size(); ++u) {
                if (std::isnan(v[u])) continue;
                auto& a = acc[group_label(g, u)];
                a.first += v[u];
                ++a.second;
            }
            for (const auto& [label, a] : acc) t.group_values.emplace_back(label, a.first / static_cast<double>(a.second));
            return;
        }
    }
}

void impute(const node& n, const dataset& d, const indicator_treatment& t, std::vector<double>& v, int idx,
            std::vector<treatment_record>* log) {
    const auto method = n.treatment.impute;
    if (method == methods::impute_method::none) return;
    const column* g = method == methods::impute_method::group_mean ? &require_column(d, n.treatment.group_column, n, "its imputation group") : nullptr;
    for (std::size_t u = 0; u < v.size(); ++u) {
        if (!std::isnan(v[u])) continue;
        double value = t.impute_value;
        std::string reason = std::string("imputed: ") + impute_name(method);
        if (g) {
            const auto label = group_label(*g, u);
            auto it = std::lower_bound(t.group_values.begin(), t.group_values.end(), label,
                                       [](const auto& a, const std::string& b) { return a.first < b; });
            // A group with no observed value (or one fit never saw) has no mean: the cell stays missing.
            value = it != t.group_values.end() && it->first == label ? it->second : NAN;
            reason += " (" + n.treatment.group_column + " = " + label + ")";
        }
        if (std::isnan(value)) continue;
        v[u] = value;
        if (log) log->push_back({u, idx, NAN, value, reason});
    }
}

std::string outlier_reason(const methods::outlier_fit& f, const treatment_spec& s) {
    std::string r;
    if (f.action == methods::outlier_action::winsorise) {
        r = s.outliers == outlier_method::coinr ? "winsorised (coinr, " + std::to_string(f.winsorised) + " step(s)"
                                                : "winsorised (quantiles " + number_text(s.q_lo) + ", " + number_text(s.q_hi);
        r += "; bounds [" + number_text(f.lo) + ", " + number_text(f.hi) + "])";
    } else {
        r = "log (coinr): ln(x - " + number_text(f.min) + " + 0.01 * (" + number_text(f.max) + " - " + number_text(f.min) + "))";
    }
    return r;
}

}  // namespace

bool has_treatment(const model& m) noexcept {
    for (int i : m.indicators)
        if (m.nodes[static_cast<std::size_t>(i)].treatment.any()) return true;
    return false;
}

std::vector<indicator_treatment> learn_treatment(const model& m, const dataset& d) {
    std::vector<indicator_treatment> out(m.indicators.size());
    for (std::size_t i = 0; i < m.indicators.size(); ++i) {
        const node& n = m.nodes[static_cast<std::size_t>(m.indicators[i])];
        const auto& spec = n.treatment;
        if (!spec.any()) continue;
        // COINr's order: denominate, impute, then treat outliers on the imputed column.
        auto v = denominated(n, d);
        learn_impute(n, d, v, out[i]);
        impute(n, d, out[i], v, m.indicators[i], nullptr);
        const auto x = present(v);
        if (spec.outliers == outlier_method::coinr)
            out[i].outliers = methods::coinr_outliers(x, spec.skew, spec.kurtosis, spec.max_winsorised);
        else if (spec.outliers == outlier_method::winsorise)
            out[i].outliers = methods::winsorise_quantiles(x, spec.q_lo, spec.q_hi);
    }
    return out;
}

dataset apply_treatment(const model& m, const std::vector<indicator_treatment>& t, const dataset& d,
                        std::vector<treatment_record>* log) {
    dataset out = d;
    for (std::size_t i = 0; i < m.indicators.size(); ++i) {
        const node& n = m.nodes[static_cast<std::size_t>(m.indicators[i])];
        if (!n.treatment.any()) continue;
        auto v = denominated(n, d);
        impute(n, d, t[i], v, m.indicators[i], log);
        const auto& f = t[i].outliers;
        if (f.action != methods::outlier_action::none) {
            const auto reason = outlier_reason(f, n.treatment);
            for (std::size_t u = 0; u < v.size(); ++u) {
                const double y = methods::apply_outliers(f, v[u]);
                if (std::isnan(v[u]) || y == v[u]) continue;
                if (std::isnan(y))
                    throw data_error(d.describe_unit(u) + ", indicator '" + n.id + "': value " + number_text(v[u]) +
                                     " is below the fitted log treatment's domain (x > min - 0.01 (max - min), min " +
                                     number_text(f.min) + ", max " + number_text(f.max) + ")");
                if (log) log->push_back({u, m.indicators[i], v[u], y, reason});
                v[u] = y;
            }
        }
        const int c = out.find_column(n.columns.front());
        out.columns[static_cast<std::size_t>(c)].values = std::move(v);
    }
    return out;
}

}  // namespace v0
}  // namespace civiscore
