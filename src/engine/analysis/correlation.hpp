// Correlation, reliability and principal components on columns with missing values (NaN), for the
// audit (docs/sensitivity.md "Audit"). Pairwise-complete for correlations, complete rows for alpha
// and PCA, as COINr and most statistics packages do by default.
#pragma once

#include <Eigen/Core>

#include <cstddef>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace analysis {

using column_view = const double*;

// Pearson r over the units where both are present; NaN with fewer than 3 or a constant column.
[[nodiscard]] double pearson(column_view x, column_view y, std::size_t n);
// Spearman rho: Pearson r of mid-ranks (ties averaged), over the units where both are present.
[[nodiscard]] double spearman(column_view x, column_view y, std::size_t n);

// Cronbach's alpha of k >= 2 columns over complete rows: k/(k-1) (1 - sum var_i / var(sum_i x_i)).
// NaN with fewer than 2 complete rows or a constant total. `complete` gets the rows used.
[[nodiscard]] double cronbach_alpha(const std::vector<column_view>& cols, std::size_t n, std::size_t* complete);

struct pca_result {
    std::vector<double> eigenvalues;         // of the correlation matrix, descending
    std::vector<double> explained;           // eigenvalue / sum
    std::vector<std::vector<double>> loadings;  // [component][column]: eigenvector * sqrt(eigenvalue)
    std::size_t complete = 0;
    bool ok = false;                         // false: too few complete rows or a constant column
};
// PCA of the columns' correlation matrix over complete rows; each component's sign makes the sum of
// its loadings >= 0, so the output is deterministic.
[[nodiscard]] pca_result pca(const std::vector<column_view>& cols, std::size_t n);

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
