// Stand-alone methods on a caller's matrix: thin wrappers over the named catalogue
// (civiscore/methods/catalogue.hpp), each run through the one guard.
#include "capi/args.hpp"
#include "capi/guard.hpp"

#include <civiscore/methods/catalogue.hpp>

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

using civiscore::capi::check_array;
using civiscore::capi::check_out_buffer;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::require;
using civiscore::capi::throw_invalid;

namespace {

std::string_view method_arg(const char* fn, const char* method) {
    require(method, fn, "method");
    return std::string_view(method);
}

std::string_view options_arg(const char* options_json) {
    return options_json == nullptr ? std::string_view() : std::string_view(options_json);
}

void check_layout(const char* fn, int layout) {
    if (layout != CIVISCORE_ROW_MAJOR && layout != CIVISCORE_COL_MAJOR) {
        throw_invalid(std::string(fn) + ": layout is " + std::to_string(layout) +
                      " (must be CIVISCORE_ROW_MAJOR or CIVISCORE_COL_MAJOR)");
    }
}

Eigen::MatrixXd matrix_arg(const char* fn, const double* X, std::size_t rows, std::size_t cols, int layout) {
    check_layout(fn, layout);
    if (rows == 0 || cols == 0) throw_invalid(std::string(fn) + ": rows and cols must be > 0");
    require(X, fn, "X");
    const auto r = static_cast<Eigen::Index>(rows), c = static_cast<Eigen::Index>(cols);
    Eigen::MatrixXd M(r, c);
    for (Eigen::Index i = 0; i < r; ++i) {
        for (Eigen::Index j = 0; j < c; ++j) {
            M(i, j) = layout == CIVISCORE_ROW_MAJOR ? X[i * c + j] : X[j * r + i];
        }
    }
    return M;
}

std::vector<int> types_arg(const int* types, std::size_t cols) {
    if (types == nullptr) return {};
    return std::vector<int>(types, types + cols);
}

}  // namespace

extern "C" {

int civiscore_methods_normalize(const char* method, const double* X, size_t rows, size_t cols, int layout,
                                const int* types, const char* options_json, double* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_methods_normalize";
        const auto m = method_arg(fn, method);
        const Eigen::MatrixXd M = matrix_arg(fn, X, rows, cols, layout);
        check_array(fn, out, n, rows * cols, "values (rows * cols)");
        const Eigen::MatrixXd N =
            civiscore::methods::normalise_named(m, M, types_arg(types, cols), options_arg(options_json));
        for (Eigen::Index i = 0; i < N.rows(); ++i) {
            for (Eigen::Index j = 0; j < N.cols(); ++j) {
                out[layout == CIVISCORE_ROW_MAJOR ? i * N.cols() + j : j * N.rows() + i] = N(i, j);
            }
        }
    });
}

int civiscore_methods_weights(const char* method, const double* X, size_t rows, size_t cols, int layout,
                              const int* types, const char* options_json, double* out_weights, size_t n,
                              char* report_json, size_t cap, size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_methods_weights";
        const auto m = method_arg(fn, method);
        const Eigen::MatrixXd M = matrix_arg(fn, X, rows, cols, layout);
        check_array(fn, out_weights, n, cols, "weights (cols)");
        check_out_buffer(fn, report_json, cap);
        const auto r = civiscore::methods::weights_named(m, M, types_arg(types, cols), options_arg(options_json));
        for (Eigen::Index j = 0; j < r.weights.size(); ++j) out_weights[j] = r.weights(j);
        copy_out(r.report_json, report_json, cap, out_len);
    });
}

int civiscore_methods_rank(const char* method, const double* X, size_t rows, size_t cols, int layout,
                           const double* weights, const int* types, const char* options_json,
                           double* out_scores, int64_t* out_ranks, size_t n, char* extra_json, size_t cap,
                           size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_methods_rank";
        const auto m = method_arg(fn, method);
        const Eigen::MatrixXd M = matrix_arg(fn, X, rows, cols, layout);
        require(weights, fn, "weights");
        check_array(fn, out_scores, n, rows, "scores (rows)");
        check_array(fn, out_ranks, n, rows, "ranks (rows)");
        check_out_buffer(fn, extra_json, cap);
        const Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXd>(weights, static_cast<Eigen::Index>(cols));
        const auto r = civiscore::methods::rank_named(m, M, w, types_arg(types, cols), options_arg(options_json));
        for (std::size_t i = 0; i < rows; ++i) {
            out_scores[i] = r.score(static_cast<Eigen::Index>(i));
            out_ranks[i] = r.ranks[i];
        }
        copy_out(r.extra_json, extra_json, cap, out_len);
    });
}

int civiscore_methods_aggregate(const char* method, const double* x, const double* w, size_t n,
                                const char* options_json, double* out) {
    return guard([&] {
        constexpr const char* fn = "civiscore_methods_aggregate";
        const auto m = method_arg(fn, method);
        if (n > 0) require(x, fn, "x");
        require(out, fn, "out");
        const auto len = static_cast<Eigen::Index>(n);
        const Eigen::VectorXd xv = n > 0 ? Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(x, len)) : Eigen::VectorXd();
        const Eigen::VectorXd wv = w == nullptr ? Eigen::VectorXd() : Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(w, len));
        *out = civiscore::methods::aggregate_named(m, xv, wv, options_arg(options_json));
    });
}

int civiscore_methods_ahp(const double* matrices, size_t n_matrices, size_t n, const char* options_json,
                          double* out_weights, size_t n_out, char* report_json, size_t cap, size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_methods_ahp";
        require(matrices, fn, "matrices");
        if (n_matrices == 0 || n == 0) throw_invalid(std::string(fn) + ": n_matrices and n must be > 0");
        check_array(fn, out_weights, n_out, n, "weights (n)");
        check_out_buffer(fn, report_json, cap);
        std::vector<Eigen::MatrixXd> ms;
        const auto k = static_cast<Eigen::Index>(n);
        for (std::size_t e = 0; e < n_matrices; ++e) {
            Eigen::MatrixXd A(k, k);
            for (Eigen::Index i = 0; i < k; ++i) {
                for (Eigen::Index j = 0; j < k; ++j) A(i, j) = matrices[e * n * n + static_cast<std::size_t>(i * k + j)];
            }
            ms.push_back(std::move(A));
        }
        const auto r = civiscore::methods::ahp_named(ms, options_arg(options_json));
        for (Eigen::Index i = 0; i < k; ++i) out_weights[i] = r.result.weights(i);
        copy_out(r.report_json, report_json, cap, out_len);
    });
}

}  // extern "C"
