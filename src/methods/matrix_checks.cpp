#include "methods/matrix_checks.hpp"

#include <civiscore/error.hpp>

#include <cmath>

namespace civiscore {
inline namespace v0 {
namespace methods::detail {

void fail(const std::string& message) { throw invalid_argument_error(message); }

std::string cell(Eigen::Index row, Eigen::Index col) {
    return "row " + std::to_string(row) + ", column " + std::to_string(col);
}

void check_shape(const char* method, const Eigen::MatrixXd& X, Eigen::Index min_rows) {
    if (X.cols() < 1) fail(std::string(method) + ": the matrix has no columns");
    if (X.rows() < min_rows) {
        fail(std::string(method) + ": the matrix has " + std::to_string(X.rows()) +
             " rows; at least " + std::to_string(min_rows) + " are needed");
    }
}

void check_complete(const char* method, const Eigen::MatrixXd& X) {
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
            const double v = X(i, j);
            if (std::isnan(v)) {
                fail(std::string(method) + ": missing value (NaN) at " + cell(i, j) +
                     "; this method needs a complete matrix (impute first)");
            }
            if (!std::isfinite(v)) fail(std::string(method) + ": infinite value at " + cell(i, j));
        }
    }
}

std::vector<int> check_types(const char* method, const std::vector<int>& types, Eigen::Index cols) {
    if (types.empty()) return std::vector<int>(static_cast<std::size_t>(cols), 1);
    if (static_cast<Eigen::Index>(types.size()) != cols) {
        fail(std::string(method) + ": " + std::to_string(types.size()) + " types for " +
             std::to_string(cols) + " columns");
    }
    for (std::size_t j = 0; j < types.size(); ++j) {
        if (types[j] != 1 && types[j] != -1) {
            fail(std::string(method) + ": type of column " + std::to_string(j) + " is " +
                 std::to_string(types[j]) + " (must be 1 benefit or -1 cost)");
        }
    }
    return types;
}

Eigen::VectorXd check_weights(const char* method, const Eigen::VectorXd& w, Eigen::Index cols) {
    if (w.size() != cols) {
        fail(std::string(method) + ": " + std::to_string(w.size()) + " weights for " +
             std::to_string(cols) + " columns");
    }
    double sum = 0.0;
    for (Eigen::Index j = 0; j < w.size(); ++j) {
        if (!std::isfinite(w(j)) || w(j) < 0.0) {
            fail(std::string(method) + ": weight of column " + std::to_string(j) +
                 " must be finite and >= 0");
        }
        sum += w(j);
    }
    if (!(sum > 0.0)) fail(std::string(method) + ": the weights sum to 0");
    return w / sum;
}

}  // namespace methods::detail
}  // namespace v0
}  // namespace civiscore
