// Analytic hierarchy process: priorities and consistency of a pairwise comparison matrix,
// completion of incomplete matrices, and group aggregation. Pure functions.
#pragma once

#include <Eigen/Core>

#include <string>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

enum class ahp_priority { eigenvector, geometric_mean };

// Random-index tables (values in docs/methods.md and reference-vectors.json):
//  saaty1980       n = 1..10 (0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49); the default
//  saaty2005       n = 3..15 (AHPy "saaty"); n = 1, 2 -> 0
//  donegan_dodd    n = 3..20, 25, 30, ..., 100 (AHPy default), linear interpolation between
//  tummala_ling    n = 1..15 (pymcdm)
// n beyond a table throws invalid_argument_error naming the table and its largest n.
enum class ri_table { saaty1980, saaty2005, donegan_dodd, tummala_ling };

struct ahp_options {
    ahp_priority priority = ahp_priority::eigenvector;
    ri_table table = ri_table::saaty1980;
    double threshold = 0.1;               // consistent means cr <= threshold (caller decides warn/error)
    bool saaty_scale = true;              // judgements must be 1..9 or their reciprocals
    double tolerance = 0.01;              // relative tolerance for reciprocity and the scale
};

struct ahp_result {
    Eigen::VectorXd weights;     // priorities, sum 1
    Eigen::MatrixXd completed;   // the matrix used (missing judgements filled; equals input if complete)
    int missing = 0;             // number of missing judgement pairs that were completed
    double lambda_max = 0.0;     // principal eigenvalue of `completed`
    double ci = 0.0;             // (lambda_max - n) / (n - 1); 0 for n <= 2
    double ri = 0.0;             // random index of the table for n
    double cr = 0.0;             // ci / ri; 0 when ri == 0 (n <= 2)
    std::string table;           // name of the RI table ("saaty1980", ...)
    bool consistent = true;      // cr <= threshold
};

// Names: priority "eigenvector" | "geometric_mean"; tables "saaty1980" | "saaty2005" |
// "donegan_dodd" | "tummala_ling".
[[nodiscard]] ahp_priority ahp_priority_from_name(std::string_view name);
[[nodiscard]] ri_table ri_table_from_name(std::string_view name);
[[nodiscard]] const char* ri_table_name(ri_table t) noexcept;
[[nodiscard]] double random_index(ri_table t, Eigen::Index n);

// Checks (invalid_argument_error naming row and column): square, n >= 1, diagonal 1, every given
// entry positive and finite, a_ij * a_ji = 1 within tolerance when both given, on the Saaty scale
// when saaty_scale. A missing judgement is 0 or NaN; when only one of a_ij, a_ji is given the other
// is its reciprocal. If judgements are missing, the matrix is completed by minimising lambda_max (see
// ahp_complete) and the graph of given judgements must be connected. CI and CR are those of the
// completed matrix.
[[nodiscard]] ahp_result ahp(const Eigen::MatrixXd& A, const ahp_options& options = {});

// Completion minimising lambda_max of the completed matrix (Bozoki, Fulop & Ronyai 2010): each
// missing a_ij = exp(t_ij), a_ji = 1 / a_ij; lambda_max is convex in t, minimised by cyclic
// coordinate descent (golden section per coordinate, 1e-10 in t) started from Harker's (1987)
// eigenvector completion (B = A with missing entries 0, b_ii = 1 + missing in row i; a_ij := w_i / w_j).
// Returns the completed matrix; *missing_pairs (if not null) gets the number of completed pairs.
[[nodiscard]] Eigen::MatrixXd ahp_complete(const Eigen::MatrixXd& A, int* missing_pairs = nullptr,
                                           double tolerance = 0.01);

// Principal (Perron) eigenvalue and normalised eigenvector of a positive matrix.
struct perron_result {
    double lambda = 0.0;
    Eigen::VectorXd vector;  // positive, sum 1
};
[[nodiscard]] perron_result perron(const Eigen::MatrixXd& A);

// Group AHP. Expert weights are empty (equal) or one positive weight per expert (normalised).
// AIJ: element-wise weighted geometric mean of complete matrices (the result is reciprocal).
[[nodiscard]] Eigen::MatrixXd ahp_aggregate_judgements(const std::vector<Eigen::MatrixXd>& matrices,
                                                       const std::vector<double>& expert_weights);
// AIP: weighted geometric (renormalised to sum 1) or arithmetic mean of priority vectors.
[[nodiscard]] Eigen::VectorXd ahp_aggregate_priorities(const std::vector<Eigen::VectorXd>& priorities,
                                                       const std::vector<double>& expert_weights,
                                                       bool geometric);

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
