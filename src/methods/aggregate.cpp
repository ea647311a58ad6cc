// Weighted means over a node's present children, with the limits at zero made explicit.
#include <civiscore/methods/aggregate.hpp>

#include <cmath>
#include <limits>

namespace civiscore {
inline namespace v0 {
namespace methods {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double weighted_mean(aggregation a, const double* x, const double* w, std::size_t n,
                     bool* negative) noexcept {
    double weight_sum = 0.0;
    double acc = 0.0;
    bool any_zero = false;
    for (std::size_t i = 0; i < n; ++i) {
        const double v = x[i];
        if (std::isnan(v)) {
            continue;  // re-normalise over the present values by leaving this weight out
        }
        weight_sum += w[i];
        switch (a) {
            case aggregation::arithmetic:
                acc += w[i] * v;
                break;
            case aggregation::geometric:
            case aggregation::harmonic:
                if (v < 0.0) {
                    if (negative != nullptr) {
                        *negative = true;
                    }
                    return nan_value;
                }
                if (v == 0.0) {
                    any_zero = true;  // keep scanning: a later negative still makes it undefined
                } else if (a == aggregation::geometric) {
                    acc += w[i] * std::log(v);  // log-sum: a product of powers would overflow
                } else {
                    acc += w[i] / v;
                }
                break;
        }
    }
    if (weight_sum == 0.0) {
        return nan_value;
    }
    switch (a) {
        case aggregation::arithmetic:
            return acc / weight_sum;
        case aggregation::geometric:
            return any_zero ? 0.0 : std::exp(acc / weight_sum);
        case aggregation::harmonic:
            return any_zero ? 0.0 : weight_sum / acc;
    }
    return nan_value;
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
