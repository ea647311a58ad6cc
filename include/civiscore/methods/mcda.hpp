// MCDA ranking methods over a units x criteria matrix X with weights w (one per criterion, >= 0,
// normalised to sum 1 inside) and types (+1 benefit, -1 cost; empty = all benefit). Pure functions.
//
// Missing values: every method here needs a complete matrix; a NaN throws invalid_argument_error
// naming the row and column. Sizes are checked (rows >= 1, weights and types match the columns).
// A constant criterion carries no information: its normalised value is the constant-column result
// of normalise.hpp where a method normalises (min-max: 0.5), and VIKOR/GRA treat it as distance 0.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

// ---- TOPSIS (Hwang & Yoon 1981) -------------------------------------------------------------
enum class topsis_normalisation { min_max, vector, none };
[[nodiscard]] topsis_normalisation topsis_normalisation_from_name(std::string_view name);  // "min_max" | "vector" | "none"

struct topsis_result {
    Eigen::VectorXd score;       // closeness C_i = D-_i / (D+_i + D-_i), higher is better
    Eigen::VectorXd d_plus;      // distance to the ideal
    Eigen::VectorXd d_minus;     // distance to the anti-ideal
    Eigen::VectorXd ideal;       // weighted normalised ideal point (per criterion)
    Eigen::VectorXd anti_ideal;  // weighted normalised anti-ideal point
};
// v_ij = w_j n_ij where n is the chosen normalisation (cost flipped for min_max; for vector and
// none the ideal takes the max of benefit and the min of cost columns). A unit at both ideal and
// anti-ideal distance 0 (all criteria constant) scores 0.5.
[[nodiscard]] topsis_result topsis(const Eigen::MatrixXd& X, const Eigen::VectorXd& w,
                                   const std::vector<int>& types,
                                   topsis_normalisation norm = topsis_normalisation::min_max);
// Absolute TOPSIS: fixed ideal and anti-ideal raw values per criterion (e.g. goalposts), so scores
// compare across years. n_ij = clamp((x_ij - anti_j) / (ideal_j - anti_j), 0, 1) (direction is
// implied by ideal vs anti-ideal; types are not needed); v = w n; ideal point w, anti-ideal 0.
[[nodiscard]] topsis_result topsis_absolute(const Eigen::MatrixXd& X, const Eigen::VectorXd& w,
                                            const Eigen::VectorXd& ideal,
                                            const Eigen::VectorXd& anti_ideal);

// ---- VIKOR (Opricovic 1998; Opricovic & Tzeng 2004) ------------------------------------------
struct vikor_result {
    Eigen::VectorXd S, R, Q;            // lower is better
    std::vector<std::int64_t> rank_q;   // 1 = best by Q (ties share the lowest rank)
    std::vector<Eigen::Index> compromise;  // 0-based units of the compromise solution set, ascending
    bool acceptable_advantage = false;  // C1: Q(a2) - Q(a1) >= DQ = 1 / (m - 1)
    bool acceptable_stability = false;  // C2: a1 is also best by S or by R
};
// d_ij = w_j (f*_j - f_ij) / (f*_j - f-_j) (0 for a constant criterion); S = sum d, R = max d;
// Q = v (S - S*)/(S- - S*) + (1 - v)(R - R*)/(R- - R*) (a term with zero spread is 0).
// Compromise set: {a1} if C1 and C2; {a1, a2} if only C2 fails; otherwise a1..aM, the units in Q
// order with Q(aM) - Q(a1) < DQ. m = 1: {a1}, both conditions true.
[[nodiscard]] vikor_result vikor(const Eigen::MatrixXd& X, const Eigen::VectorXd& w,
                                 const std::vector<int>& types, double v = 0.5);
// The compromise set (and conditions C1, C2) of units whose S, R, Q are already in `r` (as vikor
// does; used by the model's VIKOR aggregator on Q computed from a fitted state). Empty Q: nothing.
void vikor_compromise(vikor_result& r);

// ---- Grey relational analysis (Deng 1989) ----------------------------------------------------
struct gra_result {
    Eigen::VectorXd grade;        // sum_j w_j xi_ij, higher is better
    Eigen::MatrixXd coefficient;  // xi_ij
};
// n = min-max (cost flipped; constant column 0.5); reference series = ideal (1);
// Delta_ij = |1 - n_ij|; xi = (Dmin + rho Dmax) / (Delta + rho Dmax) with global Dmin, Dmax;
// Dmax == 0 (every unit ideal) gives xi = 1.
[[nodiscard]] gra_result grey_relational(const Eigen::MatrixXd& X, const Eigen::VectorXd& w,
                                         const std::vector<int>& types, double rho = 0.5);

// ---- Fuzzy comprehensive evaluation ----------------------------------------------------------
// Composition operators of B = w o R (w: criteria weights, R: criteria x grades membership):
//  weighted_sum  M(.,+):  b_k = sum_j w_j r_jk
//  min_max       M(^,v):  b_k = max_j min(w_j, r_jk)
//  product_max   M(.,v):  b_k = max_j w_j r_jk
//  min_bounded   M(^,+):  b_k = min(1, sum_j min(w_j, r_jk))
enum class fuzzy_operator { weighted_sum, min_max, product_max, min_bounded };
[[nodiscard]] fuzzy_operator fuzzy_operator_from_name(std::string_view name);

struct fuzzy_result {
    Eigen::VectorXd b;  // grade distribution, normalised to sum 1
    double score = 0.0; // b . grade_values
};
// One evaluation: membership R (criteria x grades, rows need not be normalised; every entry in
// [0, 1]), weights w (normalised to sum 1), grade_values (one per grade) for the defuzzified score.
// All-zero B throws invalid_argument_error.
[[nodiscard]] fuzzy_result fuzzy_evaluate(const Eigen::MatrixXd& R, const Eigen::VectorXd& w,
                                          const Eigen::VectorXd& grade_values, fuzzy_operator op);
// Membership from survey counts (criteria x grades of respondent counts): each row divided by its
// sum (a row of zeros is an error naming the criterion).
[[nodiscard]] Eigen::MatrixXd membership_from_counts(const Eigen::MatrixXd& counts);
// Membership of value x in g grades whose full-membership plateaus are [a_k, b_k] (k = 1..g, in
// grade order; a_k <= b_k, and the plateaus strictly monotone, increasing or decreasing): 1 on a
// plateau, linear between neighbouring plateaus (the two memberships sum to 1), 1 for the first
// grade before the first plateau and for the last grade after the last. Triangular functions are
// plateaus with a_k == b_k (the peaks, e.g. goalposts split evenly).
[[nodiscard]] Eigen::VectorXd trapezoidal_membership(double x, const Eigen::VectorXd& a,
                                                     const Eigen::VectorXd& b);
// Rank units: unit i's membership matrix is built from row i with one plateau pair per criterion
// (a, b are criteria x grades), then fuzzy_evaluate. Returns one result per unit.
[[nodiscard]] std::vector<fuzzy_result> fuzzy_rank(const Eigen::MatrixXd& X, const Eigen::VectorXd& w,
                                                   const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                                   const Eigen::VectorXd& grade_values,
                                                   fuzzy_operator op);

// ---- Copeland over outranking (COINr a_copeland) ---------------------------------------------
struct copeland_result {
    Eigen::MatrixXd outranking;  // O_ab = sum w_j [a_j > b_j] + 0.5 sum w_j [a_j == b_j]; diag 0
    Eigen::VectorXd score;       // sum_b sign(O_ab - 0.5), higher is better
    int n_dominant = 0;          // unit pairs where one is better on every criterion (O_ab is 0 or 1)
    double frac_dominant = 0.0;  // n_dominant / (m (m - 1) / 2); 0 when m < 2
};
// Values are compared after the cost flip (a cost criterion prefers the lower value).
[[nodiscard]] copeland_result copeland(const Eigen::MatrixXd& X, const Eigen::VectorXd& w,
                                       const std::vector<int>& types);

// ---- Mazziotta-Pareto index (Mazziotta & Pareto 2016) ----------------------------------------
// z_ij = 100 + 10 (x_ij - M_j) / S_j (cost: 100 - ...), M_j, S_j the column mean and population
// sd (constant column: z = 100); per unit: M_zi = weighted mean of z_i, S_zi = weighted population
// sd, cv_i = S_zi / M_zi; MPI = M_zi - S_zi cv_i (penalty -1, "negative": unbalance lowers the
// score, the usual choice for positive phenomena) or M_zi + S_zi cv_i (penalty +1).
[[nodiscard]] Eigen::VectorXd mazziotta_pareto(const Eigen::MatrixXd& X, const Eigen::VectorXd& w,
                                               const std::vector<int>& types, int penalty = -1);

// Method names for `rank` in the C ABI and Python: "topsis", "topsis_absolute", "vikor",
// "grey_relational", "fuzzy", "copeland", "mazziotta_pareto".

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
