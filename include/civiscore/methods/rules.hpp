// Scoring rules: map raw indicator values onto scores, column-wise. Pure functions on Eigen arrays.
// NaN in is NaN out (missing stays missing); the engine applies the missing-value policy afterwards.
#pragma once

#include <civiscore/methods/normalise.hpp>

#include <Eigen/Core>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

enum class direction { benefit, cost };

// `normalise`: one of methods::normalise's normalisers (distance to target/best, rank, percentile
// rank, vector, sum, max, log-then-min-max, categorical), learned in fit and applied by
// learn_normaliser/apply_normaliser, its output on [range_lo, range_hi] (rank: raw ranks).
enum class rule_kind { min_max, z_score, goalposts, target, binary, tiers, deduction, normalise };

// One tier of a tiered rule: values reaching `threshold` earn `fraction` of the points (benefit:
// the highest tier with threshold <= x; cost: the lowest tier with x <= threshold).
struct tier {
    double threshold = 0.0;
    double fraction = 0.0;
};

// One kind of event in a deduction rule: `per_event` points off for each event counted in `column`.
struct deduction_item {
    std::string column;
    std::string name;
    double per_event = 0.0;
};

// The parameters of a rule, as validated by the model. Fields not used by `kind` keep defaults.
struct rule {
    rule_kind kind = rule_kind::goalposts;
    direction dir = direction::benefit;
    double range_lo = 0.0, range_hi = 100.0;  // min_max output range [l, u]
    double mean = 0.0, sd = 1.0;              // z_score output: mean + sd * z
    double worst = 0.0, best = 1.0;           // goalposts (cost when worst > best)
    double target = 1.0;                      // target ratio
    std::vector<tier> tiers;                  // ascending thresholds
    std::vector<deduction_item> deductions;   // deduction events
    double full = 0.0, floor = 0.0, cap = 0.0;  // deduction: full points, floor, cap (0 = none)
    bool population_sd = false;               // z_score: population (n) rather than sample (n - 1) sd
    normaliser norm = normaliser::min_max;    // normalise: which normaliser
    normalise_options norm_options;           // normalise: lo/hi = range, targets[0], ties, categories
};

// Whether a normalise rule needs the whole fitted column (sorted values, norm, sum, best) rather
// than the mergeable column statistics: rank, percentile_rank, vector, sum, max, distance_to_best.
[[nodiscard]] bool needs_whole_column(const rule& r) noexcept;

// Whether the rule learns parameters from data (fit) or is absolute.
[[nodiscard]] bool is_data_dependent(const rule& r) noexcept;
// Whether the rule's result is a fraction in [0, 1] (mapped onto the model's scale by the engine)
// rather than a value on its own output range (min_max, z_score).
[[nodiscard]] bool yields_fraction(const rule& r) noexcept;
// The lowest score the rule can give, on its own output: 0 for fraction rules, range_lo for
// min_max; z_score has none (returns NaN).
[[nodiscard]] double lowest_output(const rule& r) noexcept;

// Parameters learned by fit for a data-dependent rule.
struct fitted_params {
    double min = 0.0, max = 0.0;  // min_max
    double mean = 0.0, sd = 0.0;  // z_score (sample standard deviation)
};

// Min-max onto [lo, hi]. A constant column (max == min) maps to the midpoint (lo + hi) / 2; values
// outside the fitted [min, max] are not clamped (they fall outside [lo, hi]).
void min_max(const Eigen::Ref<const Eigen::ArrayXd>& x, double min, double max, double lo,
             double hi, direction dir, Eigen::Ref<Eigen::ArrayXd> out);
// z-score: mean_out + sd_out * (x - mean) / sd (negated for cost). sd == 0 or not finite maps every
// value to mean_out.
void z_score(const Eigen::Ref<const Eigen::ArrayXd>& x, double mean, double sd, double mean_out,
             double sd_out, direction dir, Eigen::Ref<Eigen::ArrayXd> out);
// Goalposts: clamp((x - worst) / (best - worst), 0, 1); cost indicators have worst > best.
void goalposts(const Eigen::Ref<const Eigen::ArrayXd>& x, double worst, double best,
               Eigen::Ref<Eigen::ArrayXd> out);
// Target ratio: clamp(x / target, 0, 1); for cost, 1 when x <= target, else target / x.
void target_ratio(const Eigen::Ref<const Eigen::ArrayXd>& x, double target, direction dir,
                  Eigen::Ref<Eigen::ArrayXd> out);
// Yes/no: any non-zero value is yes; benefit yes = 1, cost yes = 0.
void binary(const Eigen::Ref<const Eigen::ArrayXd>& x, direction dir, Eigen::Ref<Eigen::ArrayXd> out);
// Tiers (ascending thresholds); a value below every benefit tier (above every cost tier) earns 0.
void tiered(const Eigen::Ref<const Eigen::ArrayXd>& x, const std::vector<tier>& tiers,
            direction dir, Eigen::Ref<Eigen::ArrayXd> out);
// Deduction: fraction = max(floor, full - min(cap, sum_k per_event_k * n_k)) / full, with `counts`
// one column per event (units x events). A missing count is zero events; a unit with every count
// missing is missing. cap 0 means no cap.
void deduction(const Eigen::Ref<const Eigen::ArrayXXd>& counts, const std::vector<deduction_item>& items,
               double full, double floor, double cap, Eigen::Ref<Eigen::ArrayXd> out);

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
