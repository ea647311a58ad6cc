// Scoring rules as whole-column Eigen expressions: the engine picks the rule once per indicator and
// each function here maps a block of units in one pass, with no per-value dispatch.
#include <civiscore/methods/rules.hpp>

#include <civiscore/error.hpp>

#include "util/simd_clones.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace civiscore {
inline namespace v0 {
namespace methods {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

// The engine sizes the output block from the input block; a mismatch is a programming error that
// would otherwise write out of bounds, so it is reported instead of asserted.
void require_same_size(const char* function, Eigen::Index in, Eigen::Index out) {
    if (in != out) {
        throw invalid_argument_error(std::string("methods::") + function + ": input has " +
                                     std::to_string(in) + " units but output has " +
                                     std::to_string(out));
    }
}

// (x - from) / span, or (from - x) / span for a cost indicator, onto [lo, lo + width]: a plain loop
// cloned per vector width, every value rounded exactly as the expression written once per value.
CIVISCORE_SIMD_CLONES void min_max_loop(const double* x, std::size_t n, double from, double span, double lo, double width,
                                        bool benefit, double* out) noexcept {
    if (benefit)
        for (std::size_t i = 0; i < n; ++i) out[i] = lo + (x[i] - from) / span * width;
    else
        for (std::size_t i = 0; i < n; ++i) out[i] = lo + (from - x[i]) / span * width;
}

}  // namespace

bool is_data_dependent(const rule& r) noexcept {
    return r.kind == rule_kind::min_max || r.kind == rule_kind::z_score ||
           (r.kind == rule_kind::normalise && r.norm != normaliser::categorical);
}

bool needs_whole_column(const rule& r) noexcept {
    if (r.kind != rule_kind::normalise) return false;
    switch (r.norm) {
        case normaliser::rank:
        case normaliser::percentile_rank:
        case normaliser::vector:
        case normaliser::sum:
        case normaliser::max:
        case normaliser::distance_to_best: return true;
        default: return false;
    }
}

bool yields_fraction(const rule& r) noexcept {
    return !is_data_dependent(r) && r.kind != rule_kind::normalise;
}

double lowest_output(const rule& r) noexcept {
    switch (r.kind) {
        case rule_kind::min_max:
            return r.range_lo;
        case rule_kind::z_score:
            return nan_value;  // unbounded below: there is no "lowest score" to give
        case rule_kind::normalise: {
            if (r.norm == normaliser::rank) return 1.0;
            if (r.norm == normaliser::categorical) {
                double lowest = nan_value;
                for (const auto& c : r.norm_options.categories)
                    if (std::isnan(lowest) || c.score < lowest) lowest = c.score;
                return lowest;
            }
            return r.range_lo;
        }
        default:
            return 0.0;
    }
}

void min_max(const Eigen::Ref<const Eigen::ArrayXd>& x, double min, double max, double lo,
             double hi, direction dir, Eigen::Ref<Eigen::ArrayXd> out) {
    require_same_size("min_max", x.size(), out.size());
    if (max == min) {
        // Everyone is equally good; the midpoint avoids favouring either end of the range.
        out = x.isNaN().select(nan_value, Eigen::ArrayXd::Constant(x.size(), 0.5 * (lo + hi)));
        return;
    }
    // Divide first: the fraction is in [0, 1], whereas (hi - lo) / (max - min) overflows to inf when
    // the fitted range is tiny (a denormal max - min), which scored +inf (fuzz finding).
    const double span = max - min;
    if (!std::isfinite(span)) {
        // A range wider than the largest double (min near -1e308, max near +1e308): halve both
        // sides of the fraction, which keeps it exact up to rounding and finite.
        const double half = 0.5 * max - 0.5 * min;
        if (dir == direction::benefit) out = lo + (0.5 * x - 0.5 * min) / half * (hi - lo);
        else out = lo + (0.5 * max - 0.5 * x) / half * (hi - lo);
        return;
    }
    const bool benefit = dir == direction::benefit;
    min_max_loop(x.data(), static_cast<std::size_t>(x.size()), benefit ? min : max, span, lo, hi - lo, benefit, out.data());
}

void z_score(const Eigen::Ref<const Eigen::ArrayXd>& x, double mean, double sd, double mean_out,
             double sd_out, direction dir, Eigen::Ref<Eigen::ArrayXd> out) {
    require_same_size("z_score", x.size(), out.size());
    if (!(sd > 0.0) || !std::isfinite(sd)) {
        // A constant (or unfitted) column carries no spread to standardise by.
        out = x.isNaN().select(nan_value, Eigen::ArrayXd::Constant(x.size(), mean_out));
        return;
    }
    const double factor = (dir == direction::benefit ? sd_out : -sd_out) / sd;
    out = mean_out + (x - mean) * factor;
}

void goalposts(const Eigen::Ref<const Eigen::ArrayXd>& x, double worst, double best,
               Eigen::Ref<Eigen::ArrayXd> out) {
    require_same_size("goalposts", x.size(), out.size());
    if (!(worst != best) || !std::isfinite(worst) || !std::isfinite(best)) {
        throw invalid_argument_error("methods::goalposts: worst (" + std::to_string(worst) +
                                     ") and best (" + std::to_string(best) +
                                     ") must be different finite numbers");
    }
    // Eigen's min/max do not promise NaN propagation, so missing values are restored explicitly.
    const double inv = 1.0 / (best - worst);
    out = x.isNaN().select(nan_value, ((x - worst) * inv).max(0.0).min(1.0));
}

void target_ratio(const Eigen::Ref<const Eigen::ArrayXd>& x, double target, direction dir,
                  Eigen::Ref<Eigen::ArrayXd> out) {
    require_same_size("target_ratio", x.size(), out.size());
    if (!(target > 0.0) || !std::isfinite(target)) {
        throw invalid_argument_error("methods::target_ratio: target (" + std::to_string(target) +
                                     ") must be a finite number > 0");
    }
    if (dir == direction::benefit) {
        out = x.isNaN().select(nan_value, (x / target).max(0.0).min(1.0));
    } else {
        out = x.isNaN().select(nan_value, (x <= target).select(1.0, target / x));
    }
}

void binary(const Eigen::Ref<const Eigen::ArrayXd>& x, direction dir, Eigen::Ref<Eigen::ArrayXd> out) {
    require_same_size("binary", x.size(), out.size());
    const double yes = dir == direction::benefit ? 1.0 : 0.0;
    const double no = 1.0 - yes;
    // NaN != 0 is true, so missing must be tested first.
    out = x.isNaN().select(nan_value, (x != 0.0).select(yes, Eigen::ArrayXd::Constant(x.size(), no)));
}

void tiered(const Eigen::Ref<const Eigen::ArrayXd>& x, const std::vector<tier>& tiers,
            direction dir, Eigen::Ref<Eigen::ArrayXd> out) {
    require_same_size("tiered", x.size(), out.size());
    const auto by_threshold = [](const tier& a, const tier& b) { return a.threshold < b.threshold; };
    if (!std::is_sorted(tiers.begin(), tiers.end(), by_threshold)) {
        throw invalid_argument_error("methods::tiered: tier thresholds must be ascending");
    }
    // Binary search per value: O(n log t), and the thresholds are read once into a flat array.
    std::vector<double> thresholds(tiers.size());
    std::transform(tiers.begin(), tiers.end(), thresholds.begin(),
                   [](const tier& t) { return t.threshold; });
    const auto first = thresholds.begin();
    const auto last = thresholds.end();
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const double v = x[i];
        if (std::isnan(v)) {
            out[i] = nan_value;
        } else if (dir == direction::benefit) {
            // Highest tier with threshold <= v: the one just before the first threshold > v.
            const auto above = std::upper_bound(first, last, v);
            out[i] = above == first ? 0.0 : tiers[static_cast<std::size_t>(above - first) - 1].fraction;
        } else {
            // Lowest tier with v <= threshold: the first threshold >= v.
            const auto reached = std::lower_bound(first, last, v);
            out[i] = reached == last ? 0.0 : tiers[static_cast<std::size_t>(reached - first)].fraction;
        }
    }
}

void deduction(const Eigen::Ref<const Eigen::ArrayXXd>& counts, const std::vector<deduction_item>& items,
               double full, double floor, double cap, Eigen::Ref<Eigen::ArrayXd> out) {
    require_same_size("deduction", counts.rows(), out.size());
    if (static_cast<std::size_t>(counts.cols()) != items.size() || items.empty()) {
        throw invalid_argument_error("methods::deduction: " + std::to_string(items.size()) +
                                     " deduction items but " + std::to_string(counts.cols()) +
                                     " count columns (need the same number, at least one)");
    }
    if (!(full > 0.0) || !std::isfinite(full)) {
        throw invalid_argument_error("methods::deduction: full (" + std::to_string(full) +
                                     ") must be a finite number > 0");
    }
    Eigen::ArrayXd per_event(counts.cols());
    for (std::size_t k = 0; k < items.size(); ++k) {
        per_event[static_cast<Eigen::Index>(k)] = items[k].per_event;
    }
    const auto missing = counts.isNaN();
    // An unrecorded event kind means none happened; only a unit with no record at all is missing.
    const Eigen::ArrayXd total =
        (missing.select(0.0, counts).matrix() * per_event.matrix()).array();
    const Eigen::ArrayXd deducted = cap > 0.0 ? total.min(cap).eval() : total;
    const Eigen::ArrayXd fraction = (full - deducted).max(floor) / full;
    out = missing.rowwise().all().select(nan_value, fraction);
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
