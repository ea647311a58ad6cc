// Objective and combined weighting methods: learn one weight per criterion (column) from a
// units x criteria matrix. Pure functions; every result is non-negative and sums to 1.
//
// Missing values: these methods need a complete matrix; a NaN throws invalid_argument_error naming
// the row and column (impute first). A degenerate case where every criterion gets zero
// information (all columns constant) throws too rather than invent weights.
// types: empty (all benefit) or one +1/-1 per column; only CRITIC (min-max scaling) and MEREC use them.
#pragma once

#include <Eigen/Core>

#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

enum class weighting {
    equal,                     // 1/n each
    entropy,                   // Shannon entropy on the sum-normalised matrix, k = 1/ln m
    critic,                    // Diakoulaki 1995: sigma_j * sum_k (1 - r_jk)
    standard_deviation,        // sigma_j / sum sigma (raw columns)
    coefficient_of_variation,  // (sigma_j / |mean_j|) / sum
    merec,                     // Keshavarz-Ghorabaee et al. 2021 (removal effects), needs x > 0
    gini,                      // Gini coefficient of each column / sum
    pca,                       // squared loadings of retained components (OECD/JRC handbook)
};

enum class correlation { pearson, spearman };
enum class pca_retain { kaiser, variance, count };

struct weights_options {
    // CRITIC
    correlation corr = correlation::pearson;
    bool minmax_scale_first = true;  // min-max (with types) before sigma and r
    // PCA
    pca_retain retain = pca_retain::kaiser;  // eigenvalue > 1 of the correlation matrix
    double variance_threshold = 0.6;         // retain::variance: smallest k with cumulative share >= this
    int n_components = 1;                    // retain::count
};

// Names: "equal", "entropy", "critic", "standard_deviation", "coefficient_of_variation", "merec",
// "gini", "pca".
[[nodiscard]] weighting weighting_from_name(std::string_view name);
[[nodiscard]] const char* weighting_name(weighting w) noexcept;

[[nodiscard]] Eigen::VectorXd weights(weighting method, const Eigen::MatrixXd& X,
                                      const std::vector<int>& types,
                                      const weights_options& options = {});

// Individual methods (same contracts as `weights`).
[[nodiscard]] Eigen::VectorXd equal_weights(Eigen::Index n);
// p_ij = x_ij / sum_i x_ij; E_j = -sum p ln p / ln m (0 ln 0 = 0); d = 1 - E; w = d / sum d.
// Needs x >= 0 and a positive column sum; m >= 2.
[[nodiscard]] Eigen::VectorXd entropy_weights(const Eigen::MatrixXd& X);
// Constant columns have sigma 0 (C_j = 0) and correlation 0 with every other column.
[[nodiscard]] Eigen::VectorXd critic_weights(const Eigen::MatrixXd& X, const std::vector<int>& types,
                                             correlation corr, bool minmax_scale_first);
[[nodiscard]] Eigen::VectorXd standard_deviation_weights(const Eigen::MatrixXd& X);
[[nodiscard]] Eigen::VectorXd coefficient_of_variation_weights(const Eigen::MatrixXd& X);
[[nodiscard]] Eigen::VectorXd merec_weights(const Eigen::MatrixXd& X, const std::vector<int>& types);
[[nodiscard]] Eigen::VectorXd gini_weights(const Eigen::MatrixXd& X);

struct pca_weights_result {
    Eigen::VectorXd weights;       // sums to 1
    Eigen::VectorXd eigenvalues;   // of the correlation matrix, descending
    Eigen::MatrixXd loadings;      // criteria x retained components: v_jk * sqrt(lambda_k)
    int retained = 0;              // number of components kept
};
[[nodiscard]] pca_weights_result pca_weights(const Eigen::MatrixXd& X, const weights_options& options = {});

// Combinations of weight vectors of equal length (each summing to 1).
// linear: alpha * w1 + (1 - alpha) * w2, alpha in [0, 1].
[[nodiscard]] Eigen::VectorXd combine_linear(const Eigen::VectorXd& w1, const Eigen::VectorXd& w2,
                                             double alpha);
// multiplicative: w1_j * w2_j / sum_k w1_k * w2_k.
[[nodiscard]] Eigen::VectorXd combine_multiplicative(const Eigen::VectorXd& w1, const Eigen::VectorXd& w2);

struct game_theory_result {
    Eigen::VectorXd weights;  // sum_k alpha*_k w_k, sums to 1
    Eigen::VectorXd alpha;    // alpha*, |a| / sum |a| of the solution of the linear system
};
// Game-theory combination of K >= 2 weight vectors: solve sum_k a_k (w_i . w_k) = w_i . w_i
// (i = 1..K), then alpha*_k = |a_k| / sum |a|.
[[nodiscard]] game_theory_result combine_game_theory(const std::vector<Eigen::VectorXd>& ws);

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
