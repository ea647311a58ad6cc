// Weighted means of one vector; contract in means.hpp.
#include <civiscore/methods/means.hpp>

#include "methods/matrix_checks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

namespace {

using detail::fail;

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

struct present {
    std::vector<double> x, w;
    std::vector<Eigen::Index> index;  // original positions, for messages
};

// Present values and their weights (w empty = equal); weights checked, not yet normalised.
present collect(const char* method, const Eigen::Ref<const Eigen::VectorXd>& x,
                const Eigen::Ref<const Eigen::VectorXd>& w) {
    if (w.size() != 0 && w.size() != x.size()) {
        fail(std::string(method) + ": " + std::to_string(w.size()) + " weights for " +
             std::to_string(x.size()) + " values");
    }
    present p;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const double wi = w.size() == 0 ? 1.0 : w(i);
        if (!std::isfinite(wi) || wi < 0.0) {
            fail(std::string(method) + ": weight " + std::to_string(i) + " must be finite and >= 0");
        }
        if (std::isnan(x(i))) continue;
        if (!std::isfinite(x(i))) fail(std::string(method) + ": value " + std::to_string(i) + " is infinite");
        p.x.push_back(x(i));
        p.w.push_back(wi);
        p.index.push_back(i);
    }
    if (!p.x.empty() && !(std::accumulate(p.w.begin(), p.w.end(), 0.0) > 0.0)) {
        fail(std::string(method) + ": the weights of the present values sum to 0");
    }
    return p;
}

// Core power mean of present values with positive weights; x already valid for p.
double power_core(const present& v, double p) {
    const double W = std::accumulate(v.w.begin(), v.w.end(), 0.0);
    if (std::isinf(p)) {
        double r = p > 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < v.x.size(); ++i) {
            if (v.w[i] > 0.0) r = p > 0 ? std::max(r, v.x[i]) : std::min(r, v.x[i]);
        }
        return r;
    }
    if (p == 0.0) {
        double s = 0.0;
        for (std::size_t i = 0; i < v.x.size(); ++i) s += v.w[i] / W * std::log(v.x[i]);
        return std::exp(s);
    }
    double s = 0.0;
    for (std::size_t i = 0; i < v.x.size(); ++i) s += v.w[i] / W * std::pow(v.x[i], p);
    return p == 1.0 ? s : std::pow(s, 1.0 / p);
}

}  // namespace

nonpositive_policy nonpositive_policy_from_name(std::string_view name) {
    if (name == "error") return nonpositive_policy::error;
    if (name == "shift_epsilon") return nonpositive_policy::shift_epsilon;
    fail("unknown policy '" + std::string(name) + "' (known: error, shift_epsilon)");
}

double power_mean(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                  const mean_options& o) {
    if (std::isnan(o.p)) fail("power mean: p is NaN");
    present v = collect("power mean", x, w);
    if (v.x.empty()) return nan_value;
    if (std::isinf(o.p) || o.p == 1.0) return power_core(v, o.p);
    // Values the mean is undefined for: <= 0 when p <= 0, < 0 when p > 0 (and p != 1).
    const auto bad = [&](double xi) { return o.p <= 0.0 ? xi <= 0.0 : xi < 0.0; };
    const auto it = std::find_if(v.x.begin(), v.x.end(), bad);
    if (it == v.x.end()) return power_core(v, o.p);
    if (o.policy == nonpositive_policy::error) {
        const auto at = v.index[static_cast<std::size_t>(it - v.x.begin())];
        fail("power mean (p = " + std::to_string(o.p) + "): value " + std::to_string(*it) + " at index " +
             std::to_string(at) + (o.p <= 0.0 ? " must be > 0" : " must be >= 0") +
             " (policy shift_epsilon shifts the values instead)");
    }
    if (!(o.epsilon > 0.0) || !std::isfinite(o.epsilon)) fail("power mean: epsilon must be > 0");
    const double shift = o.epsilon - *std::min_element(v.x.begin(), v.x.end());
    for (double& xi : v.x) xi += shift;
    return power_core(v, o.p) - shift;
}

double arithmetic_mean(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w) {
    mean_options o;
    o.p = 1.0;
    return power_mean(x, w, o);
}

double geometric_mean(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                      const mean_options& options) {
    mean_options o = options;
    o.p = 0.0;
    return power_mean(x, w, o);
}

double harmonic_mean(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                     const mean_options& options) {
    mean_options o = options;
    o.p = -1.0;
    return power_mean(x, w, o);
}

double weighted_median(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w) {
    const present v = collect("median", x, w);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < v.x.size(); ++i) {
        if (v.w[i] > 0.0) order.push_back(i);
    }
    if (order.empty()) return nan_value;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v.x[a] < v.x[b]; });
    double W = 0.0;
    for (std::size_t i : order) W += v.w[i];
    const double half = W / 2.0;
    double cum = 0.0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        cum += v.w[order[k]];
        // Exactly half (relative 1e-12 for rounding of sums): the midpoint of this and the next value.
        if (std::abs(cum - half) <= 1e-12 * W && k + 1 < order.size()) {
            return (v.x[order[k]] + v.x[order[k + 1]]) / 2.0;
        }
        if (cum >= half) return v.x[order[k]];
    }
    return v.x[order.back()];
}

double minimum(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w) {
    const present v = collect("minimum", x, w);
    if (v.x.empty()) return nan_value;
    return power_core(v, -std::numeric_limits<double>::infinity());
}

double maximum(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w) {
    const present v = collect("maximum", x, w);
    if (v.x.empty()) return nan_value;
    return power_core(v, std::numeric_limits<double>::infinity());
}

double aggregate(std::string_view method, const Eigen::Ref<const Eigen::VectorXd>& x,
                 const Eigen::Ref<const Eigen::VectorXd>& w, const mean_options& options) {
    if (method == "arithmetic") return arithmetic_mean(x, w);
    if (method == "geometric") return geometric_mean(x, w, options);
    if (method == "harmonic") return harmonic_mean(x, w, options);
    if (method == "power") return power_mean(x, w, options);
    if (method == "median") return weighted_median(x, w);
    if (method == "minimum") return minimum(x, w);
    if (method == "maximum") return maximum(x, w);
    fail("unknown aggregation method '" + std::string(method) +
         "' (known: arithmetic, geometric, harmonic, power, median, minimum, maximum)");
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
