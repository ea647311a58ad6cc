// Argument checks shared by the stand-alone methods; each throws invalid_argument_error with a
// message naming the method and the row/column (0-based).
#pragma once

#include <Eigen/Core>

#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods::detail {

[[noreturn]] void fail(const std::string& message);
// "row 3, column 1" style location for messages.
[[nodiscard]] std::string cell(Eigen::Index row, Eigen::Index col);
// At least `min_rows` rows and one column.
void check_shape(const char* method, const Eigen::MatrixXd& X, Eigen::Index min_rows = 1);
// Every value finite (NaN = missing is an error here: the method needs a complete matrix).
void check_complete(const char* method, const Eigen::MatrixXd& X);
// Empty, or one +1/-1 per column. Returns the types expanded (all +1 when empty).
[[nodiscard]] std::vector<int> check_types(const char* method, const std::vector<int>& types,
                                           Eigen::Index cols);
// One finite, non-negative weight per column with a positive sum; returns w / sum w.
[[nodiscard]] Eigen::VectorXd check_weights(const char* method, const Eigen::VectorXd& w,
                                            Eigen::Index cols);

}  // namespace methods::detail
}  // namespace v0
}  // namespace civiscore
