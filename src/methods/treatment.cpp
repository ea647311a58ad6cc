#include <civiscore/methods/treatment.hpp>

#include <algorithm>
#include <cmath>

namespace civiscore {
inline namespace v0 {
namespace methods {
namespace {

struct moments {
    double n = 0, m2 = 0, m3 = 0, m4 = 0;
};

moments central_moments(const std::vector<double>& x) noexcept {
    moments m;
    m.n = static_cast<double>(x.size());
    if (x.empty()) return m;
    double mean = 0;
    for (double v : x) mean += v;
    mean /= m.n;
    for (double v : x) {
        const double d = v - mean, d2 = d * d;
        m.m2 += d2;
        m.m3 += d2 * d;
        m.m4 += d2 * d2;
    }
    m.m2 /= m.n;
    m.m3 /= m.n;
    m.m4 /= m.n;
    return m;
}

bool fails(const std::vector<double>& x, double skew_limit, double kurtosis_limit, double* skew, double* kurt) {
    *skew = skewness_type2(x);
    *kurt = kurtosis_type2(x);
    // NaN (constant or too short a column) never fails: there is nothing to treat.
    return std::abs(*skew) >= skew_limit && *kurt >= kurtosis_limit;
}

}  // namespace

double skewness_type2(const std::vector<double>& x) noexcept {
    const auto m = central_moments(x);
    if (m.n < 3 || !(m.m2 > 0)) return NAN;
    const double g1 = m.m3 / std::pow(m.m2, 1.5);
    return g1 * std::sqrt(m.n * (m.n - 1)) / (m.n - 2);
}

double kurtosis_type2(const std::vector<double>& x) noexcept {
    const auto m = central_moments(x);
    if (m.n < 4 || !(m.m2 > 0)) return NAN;
    const double g2 = m.m4 / (m.m2 * m.m2) - 3;
    return ((m.n + 1) * g2 + 6) * (m.n - 1) / ((m.n - 2) * (m.n - 3));
}

double quantile_sorted(const std::vector<double>& s, double q) noexcept {
    if (s.empty()) return NAN;
    const double h = (static_cast<double>(s.size()) - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, s.size() - 1);
    return s[lo] + (h - static_cast<double>(lo)) * (s[hi] - s[lo]);
}

outlier_fit coinr_outliers(const std::vector<double>& x, double skew_limit, double kurtosis_limit,
                           int max_winsorised) {
    outlier_fit f;
    double skew = NAN, kurt = NAN;
    if (!fails(x, skew_limit, kurtosis_limit, &skew, &kurt)) {
        f.skew_before = f.skew_after = skew;
        f.kurtosis_before = f.kurtosis_after = kurt;
        return f;
    }
    f.skew_before = skew;
    f.kurtosis_before = kurt;
    std::vector<double> w = x;
    double lo = -INFINITY, hi = INFINITY;
    bool still_fails = true;
    for (int step = 0; step < max_winsorised && still_fails; ++step) {
        const auto [mn, mx] = std::minmax_element(w.begin(), w.end());
        const double top = *mx, bottom = *mn;
        if (skew > 0) {
            // Every value tied at the maximum is set to the next largest value: one step.
            double next = -INFINITY;
            for (double v : w) if (v < top) next = std::max(next, v);
            if (!std::isfinite(next)) break;
            for (double& v : w) if (v == top) v = next;
            hi = next;
        } else {
            double next = INFINITY;
            for (double v : w) if (v > bottom) next = std::min(next, v);
            if (!std::isfinite(next)) break;
            for (double& v : w) if (v == bottom) v = next;
            lo = next;
        }
        ++f.winsorised;
        still_fails = fails(w, skew_limit, kurtosis_limit, &skew, &kurt);
    }
    if (!still_fails) {
        f.action = outlier_action::winsorise;
        f.lo = lo;
        f.hi = hi;
        f.skew_after = skew;
        f.kurtosis_after = kurt;
        return f;
    }
    // Winsorising up to the limit was not enough: log-transform the original values instead.
    const auto [mn, mx] = std::minmax_element(x.begin(), x.end());
    f.action = outlier_action::log;
    f.winsorised = 0;
    f.min = *mn;
    f.max = *mx;
    std::vector<double> y;
    y.reserve(x.size());
    for (double v : x) y.push_back(apply_outliers(f, v));
    f.skew_after = skewness_type2(y);
    f.kurtosis_after = kurtosis_type2(y);
    return f;
}

outlier_fit winsorise_quantiles(const std::vector<double>& x, double q_lo, double q_hi) {
    outlier_fit f;
    std::vector<double> s = x;
    std::sort(s.begin(), s.end());
    f.skew_before = skewness_type2(x);
    f.kurtosis_before = kurtosis_type2(x);
    if (s.empty()) return f;
    f.action = outlier_action::winsorise;
    f.lo = quantile_sorted(s, q_lo);
    f.hi = quantile_sorted(s, q_hi);
    std::vector<double> y;
    for (double v : x) {
        const double t = apply_outliers(f, v);
        if (t != v) ++f.winsorised;
        y.push_back(t);
    }
    f.skew_after = skewness_type2(y);
    f.kurtosis_after = kurtosis_type2(y);
    return f;
}

double apply_outliers(const outlier_fit& f, double x) noexcept {
    if (std::isnan(x)) return x;
    switch (f.action) {
        case outlier_action::none: return x;
        case outlier_action::winsorise: return std::clamp(x, f.lo, f.hi);
        case outlier_action::log: {
            const double arg = x - f.min + 0.01 * (f.max - f.min);
            return arg > 0 ? std::log(arg) : NAN;
        }
    }
    return x;
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
