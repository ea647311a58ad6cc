// Variance-based sensitivity: Saltelli sampling and the Jansen estimators of first-order and
// total-effect Sobol indices, with bootstrap confidence intervals (docs/sensitivity.md). Stand-alone
// (a user function or a matrix of evaluations) and used by the model analysis, so the analytic test
// functions check the very code that rates a model's uncertain inputs.
#pragma once

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace analysis {

// The Saltelli design for k factors and n base samples on the unit hypercube: n (k + 2) rows of k
// columns, in blocks of n rows: A, B, then AB_1 ... AB_k (AB_i = A with column i taken from B). Each
// value is a counter-based uniform in (0, 1) of (seed, matrix, row, column), so the design is the
// same on every platform and thread count. invalid_argument_error if k or n is 0.
[[nodiscard]] Eigen::MatrixXd saltelli_sample(std::size_t k, std::size_t n, std::uint64_t seed);

struct sobol_options {
    std::size_t bootstrap = 200;   // resamples of the n base rows for the intervals (0 = none)
    double confidence = 0.95;      // two-sided percentile interval
    std::uint64_t seed = 1;        // of the resampling
};

struct sobol_indices {
    std::vector<double> first, total;             // S_i, ST_i (NaN when the output has no variance)
    std::vector<double> first_lo, first_hi;       // bootstrap percentile intervals (NaN without)
    std::vector<double> total_lo, total_hi;
    double variance = 0.0;                        // of f over A and B together
    double mean = 0.0;
};

// Jansen estimators from evaluations y laid out as saltelli_sample's rows (size n (k + 2)):
//   V    = Var(f(A) ∪ f(B))
//   S_i  = (V - 1/(2n) Σ_j (f(B)_j - f(AB_i)_j)^2) / V
//   ST_i = 1/(2n) Σ_j (f(A)_j - f(AB_i)_j)^2 / V
// invalid_argument_error on a size mismatch or a NaN evaluation (naming the row).
[[nodiscard]] sobol_indices sobol_from_evaluations(const Eigen::Ref<const Eigen::VectorXd>& y, std::size_t k,
                                                   std::size_t n, const sobol_options& o = {});

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
