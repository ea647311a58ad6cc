// The relative MCDA methods of mcda.hpp split into learn (from a complete fitted matrix) and apply
// (to one unit alone), so a model can score each unit on what fit learned (the engine's fit/score
// split): on the fitted rows, apply gives exactly the stand-alone method's numbers.
//
// Criteria here are all "higher is better" (a model's children's scores). In apply, NaN marks a
// criterion missing for the unit: it is left out and the weights are re-normalised over the rest.
// A value beyond the fitted best/worst is clamped to it (a new unit better than every fitted unit
// counts as the fitted best, as in absolute TOPSIS). Pure functions.
#pragma once

#include <civiscore/methods/mcda.hpp>

#include <Eigen/Core>

namespace civiscore {
inline namespace v0 {
namespace methods {

// What the relative methods learn from a fitted matrix X (units x criteria, complete, >= 1 row).
struct mcda_reference {
    Eigen::VectorXd best, worst;   // column max and min
    Eigen::VectorXd norm;          // column L2 norm (TOPSIS vector normalisation)
    double s_best = 0, s_worst = 0, r_best = 0, r_worst = 0;  // VIKOR S*, S-, R*, R- (vikor() on X)
    double delta_min = 0, delta_max = 0;                      // GRA global min and max of |1 - n|
    Eigen::MatrixXd rows;          // Copeland: the fitted rows themselves
};

// Learn everything the methods below need. `w` matters only to VIKOR's S and R; v to nothing
// stored (kept for a uniform call); throws invalid_argument_error on NaN or bad shapes.
[[nodiscard]] mcda_reference learn_mcda_reference(const Eigen::MatrixXd& X, const Eigen::VectorXd& w);

// TOPSIS closeness of one unit: topsis_absolute with the fitted best/worst as ideal/anti-ideal.
// Vector (and no) normalisation only rescale each criterion, so they are min-max TOPSIS with the
// weight w_j (max_j - min_j) / norm_j (resp. w_j (max_j - min_j)). A criterion constant in the fit
// (max = min) carries no information and is left out; no criterion left gives 0.5 (as topsis).
[[nodiscard]] double topsis_fitted(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const mcda_reference& ref,
                                   topsis_normalisation norm);

struct vikor_point {
    double S = 0, R = 0, Q = 0;
};
// d_j = w_j (best_j - x_j) / (best_j - worst_j) (0 for a constant criterion), S = sum d, R = max d,
// Q = v (S - S*)/(S- - S*) + (1 - v)(R - R*)/(R- - R*) on the fitted S*, S-, R*, R- (a term with zero
// spread is 0). Q is not clamped: a new unit better balanced than every fitted one can go below 0.
[[nodiscard]] vikor_point vikor_fitted(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const mcda_reference& ref,
                                       double v);

// Grey relational grade of one unit: n = min-max on the fitted best/worst (constant: 0.5), Delta =
// |1 - n|, xi = (Dmin + rho Dmax)/(Delta + rho Dmax) with the fitted Dmin, Dmax (Dmax = 0: xi = 1).
[[nodiscard]] double grey_relational_fitted(const Eigen::VectorXd& x, const Eigen::VectorXd& w,
                                            const mcda_reference& ref, double rho);

// Copeland score of one unit against the fitted rows: sum over rows b of sign(O_xb - 1/2), O as in
// copeland(). A fitted unit compared with itself ties (0), so on the fitted rows this is copeland().
[[nodiscard]] double copeland_fitted(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const mcda_reference& ref);

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
