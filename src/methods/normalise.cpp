// Stand-alone normalisers. Each learns what it needs (min, max, mean, sd, norm, ranks) from the
// present values of one column and maps that column; see normalise.hpp for the formulas.
#include <civiscore/methods/normalise.hpp>

#include "methods/matrix_checks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace civiscore {
inline namespace v0 {
namespace methods {

namespace {

using detail::cell;
using detail::fail;

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

struct named {
    const char* name;
    normaliser value;
};
constexpr std::array<named, 11> names{{{"min_max", normaliser::min_max},
                                       {"z_score", normaliser::z_score},
                                       {"distance_to_target", normaliser::distance_to_target},
                                       {"distance_to_best", normaliser::distance_to_best},
                                       {"rank", normaliser::rank},
                                       {"percentile_rank", normaliser::percentile_rank},
                                       {"vector", normaliser::vector},
                                       {"sum", normaliser::sum},
                                       {"max", normaliser::max},
                                       {"log_min_max", normaliser::log_min_max},
                                       {"categorical", normaliser::categorical}}};

// Present (non-NaN) values of a column, with a check that none is infinite.
struct column_summary {
    Eigen::Index count = 0;
    double min = 0.0, max = 0.0, sum = 0.0;
};

column_summary summarise(const Eigen::Ref<const Eigen::VectorXd>& x, const char* method,
                         Eigen::Index column) {
    column_summary s;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const double v = x(i);
        if (std::isnan(v)) continue;
        if (!std::isfinite(v)) fail(std::string(method) + ": infinite value at " + cell(i, column));
        if (s.count == 0) {
            s.min = s.max = v;
        } else {
            s.min = std::min(s.min, v);
            s.max = std::max(s.max, v);
        }
        s.sum += v;
        ++s.count;
    }
    return s;
}

// Map fractions onto [lo, hi], NaN kept.
void to_range(Eigen::Ref<Eigen::VectorXd> out, double lo, double hi) {
    for (Eigen::Index i = 0; i < out.size(); ++i) {
        if (!std::isnan(out(i))) out(i) = lo + (hi - lo) * out(i);
    }
}

void fill_present(const Eigen::Ref<const Eigen::VectorXd>& x, double value,
                  Eigen::Ref<Eigen::VectorXd> out) {
    for (Eigen::Index i = 0; i < x.size(); ++i) out(i) = std::isnan(x(i)) ? nan_value : value;
}

void require_non_negative(const Eigen::Ref<const Eigen::VectorXd>& x, const char* method,
                          Eigen::Index column, bool strictly_positive) {
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (std::isnan(x(i))) continue;
        if (strictly_positive ? !(x(i) > 0.0) : x(i) < 0.0) {
            fail(std::string(method) + ": value " + std::to_string(x(i)) + " at " + cell(i, column) +
                 (strictly_positive ? " must be > 0" : " must be >= 0"));
        }
    }
}

void min_max_fraction(const Eigen::Ref<const Eigen::VectorXd>& x, double mn, double mx, int type,
                      Eigen::Ref<Eigen::VectorXd> out) {
    const double span = mx - mn;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (std::isnan(x(i))) {
            out(i) = nan_value;
        } else {
            out(i) = type > 0 ? (x(i) - mn) / span : (mx - x(i)) / span;
        }
    }
}

}  // namespace

normaliser normaliser_from_name(std::string_view name) {
    for (const auto& n : names) {
        if (name == n.name) return n.value;
    }
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + std::string(n.name);
    fail("unknown normalisation method '" + std::string(name) + "' (known: " + known + ")");
}

const char* normaliser_name(normaliser n) noexcept {
    for (const auto& e : names) {
        if (e.value == n) return e.name;
    }
    return "?";
}

Eigen::VectorXd ascending_ranks(const Eigen::Ref<const Eigen::VectorXd>& x, rank_ties ties) {
    std::vector<Eigen::Index> order;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (!std::isnan(x(i))) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return x(a) < x(b); });
    Eigen::VectorXd r = Eigen::VectorXd::Constant(x.size(), nan_value);
    std::size_t k = 0;
    while (k < order.size()) {
        std::size_t e = k;
        while (e + 1 < order.size() && x(order[e + 1]) == x(order[k])) ++e;
        // Positions k..e (0-based) are tied: min rank k + 1, average rank (k + e) / 2 + 1.
        const double rank = ties == rank_ties::min ? static_cast<double>(k + 1)
                                                   : (static_cast<double>(k + e) / 2.0 + 1.0);
        for (std::size_t t = k; t <= e; ++t) r(order[t]) = rank;
        k = e + 1;
    }
    return r;
}

namespace {

void check_call(const char* name, int type, const normalise_options& o, Eigen::Index column) {
    if (type != 1 && type != -1) {
        fail(std::string(name) + ": type of column " + std::to_string(column) + " is " +
             std::to_string(type) + " (must be 1 benefit or -1 cost)");
    }
    if (!std::isfinite(o.lo) || !std::isfinite(o.hi)) fail(std::string(name) + ": lo and hi must be finite");
}

// Rank of v among the learned values (ascending for benefit, descending for cost): 1 + the values
// it beats; ties as ascending_ranks (min: the lowest position, average: the mean position).
double rank_among(const std::vector<double>& sorted, double v, int type, rank_ties ties, double* beaten) {
    const auto lower = std::lower_bound(sorted.begin(), sorted.end(), v);
    const auto upper = std::upper_bound(sorted.begin(), sorted.end(), v);
    const auto equal = static_cast<double>(upper - lower);
    const double below = type > 0 ? static_cast<double>(lower - sorted.begin())
                                  : static_cast<double>(sorted.end() - upper);
    *beaten = below;
    if (ties == rank_ties::average && equal > 0) return below + (equal + 1.0) / 2.0;
    return below + 1.0;
}

}  // namespace

normaliser_fit learn_normaliser(normaliser method, const Eigen::Ref<const Eigen::VectorXd>& x, int type,
                                const normalise_options& o, Eigen::Index column) {
    const char* name = normaliser_name(method);
    check_call(name, type, o, column);
    const column_summary s = summarise(x, name, column);
    normaliser_fit f;
    f.count = s.count;
    f.min = s.min;
    f.max = s.max;
    f.sum = s.sum;
    if (method == normaliser::categorical) return f;
    if (method == normaliser::rank || method == normaliser::percentile_rank) {
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            if (!std::isnan(x(i))) f.sorted.push_back(x(i));
        }
        std::sort(f.sorted.begin(), f.sorted.end());
        return f;
    }
    if (s.count == 0 || s.min == s.max) return f;  // the constant-column rule applies when mapping
    switch (method) {
    case normaliser::z_score: {
        f.mean = s.sum / static_cast<double>(s.count);
        double ss = 0.0;
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            if (!std::isnan(x(i))) ss += (x(i) - f.mean) * (x(i) - f.mean);
        }
        f.sd = std::sqrt(ss / static_cast<double>(o.population_sd ? s.count : s.count - 1));
        break;
    }
    case normaliser::distance_to_best:
        require_non_negative(x, name, column, type < 0);
        if (!(s.max > 0.0)) fail("distance_to_best: column " + std::to_string(column) + " has no positive value");
        break;
    case normaliser::vector: {
        require_non_negative(x, name, column, false);
        double ss = 0.0;
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            if (!std::isnan(x(i))) ss += x(i) * x(i);
        }
        f.norm = std::sqrt(ss);
        break;
    }
    case normaliser::sum:
        require_non_negative(x, name, column, type < 0);
        if (type < 0) {
            for (Eigen::Index i = 0; i < x.size(); ++i) {
                if (!std::isnan(x(i))) f.inverse_sum += 1.0 / x(i);
            }
        }
        break;
    case normaliser::max:
        require_non_negative(x, name, column, false);
        break;
    default:
        break;  // min_max, distance_to_target, log_min_max: count, min, max, sum suffice
    }
    return f;
}

void apply_normaliser(normaliser method, const normaliser_fit& f, const Eigen::Ref<const Eigen::VectorXd>& x,
                      int type, const normalise_options& o, Eigen::Ref<Eigen::VectorXd> out, Eigen::Index column) {
    const char* name = normaliser_name(method);
    if (out.size() != x.size()) fail(std::string(name) + ": output size differs from input size");
    check_call(name, type, o, column);
    (void)summarise(x, name, column);  // refuses infinite values
    const double midpoint = (o.lo + o.hi) / 2.0;

    if (method == normaliser::categorical) {
        if (o.categories.empty()) fail("categorical: no categories given (option \"categories\")");
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            if (std::isnan(x(i))) {
                out(i) = nan_value;
                continue;
            }
            const auto it = std::find_if(o.categories.begin(), o.categories.end(),
                                         [&](const category_score& c) { return c.value == x(i); });
            if (it == o.categories.end()) {
                fail("categorical: value " + std::to_string(x(i)) + " at " + cell(i, column) +
                     " is not in the category table");
            }
            out(i) = it->score;
        }
        return;
    }
    if (method == normaliser::rank) {
        double beaten = 0.0;
        for (Eigen::Index i = 0; i < x.size(); ++i)
            out(i) = std::isnan(x(i)) ? nan_value : rank_among(f.sorted, x(i), type, o.ties, &beaten);
        return;
    }
    // The one constant-column rule (see normalise.hpp).
    if (f.count == 0) {
        out.setConstant(nan_value);
        return;
    }
    if (f.min == f.max) {
        fill_present(x, method == normaliser::z_score ? o.mean_out : midpoint, out);
        return;
    }

    switch (method) {
    case normaliser::min_max:
        min_max_fraction(x, f.min, f.max, type, out);
        break;
    case normaliser::z_score:
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            if (std::isnan(x(i))) {
                out(i) = nan_value;
            } else {
                const double z = (x(i) - f.mean) / f.sd;
                out(i) = o.mean_out + o.sd_out * (type > 0 ? z : -z);
            }
        }
        return;  // no [lo, hi] mapping
    case normaliser::distance_to_target: {
        if (column >= static_cast<Eigen::Index>(o.targets.size())) {
            fail("distance_to_target: no target for column " + std::to_string(column) +
                 " (option \"targets\", one per column)");
        }
        const double t = o.targets[static_cast<std::size_t>(column)];
        // Benefit: (x - min) / (t - min); cost: (max - x) / (max - t) (COINr n_dist2targ).
        const double ref = type > 0 ? f.min : f.max;
        if (!std::isfinite(t) || t == ref) {
            fail("distance_to_target: target of column " + std::to_string(column) +
                 " equals the column's worst value (or is not finite)");
        }
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            if (std::isnan(x(i))) {
                out(i) = nan_value;
                continue;
            }
            double v = type > 0 ? (x(i) - f.min) / (t - f.min) : (f.max - x(i)) / (f.max - t);
            if (o.cap) v = std::min(v, 1.0);
            out(i) = v;
        }
        break;
    }
    case normaliser::distance_to_best:
        require_non_negative(x, name, column, type < 0);
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            out(i) = std::isnan(x(i)) ? nan_value : (type > 0 ? x(i) / f.max : f.min / x(i));
        }
        break;
    case normaliser::percentile_rank: {
        const double denom = static_cast<double>(f.count - 1);
        double beaten = 0.0;
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            if (std::isnan(x(i))) {
                out(i) = nan_value;
                continue;
            }
            (void)rank_among(f.sorted, x(i), type, rank_ties::min, &beaten);
            out(i) = std::min(1.0, beaten / denom);  // a new value above every learned one: 1
        }
        break;
    }
    case normaliser::vector:
        require_non_negative(x, name, column, false);
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            out(i) = std::isnan(x(i)) ? nan_value : (type > 0 ? x(i) / f.norm : 1.0 - x(i) / f.norm);
        }
        break;
    case normaliser::sum:
        require_non_negative(x, name, column, type < 0);
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            out(i) = std::isnan(x(i)) ? nan_value : (type > 0 ? x(i) / f.sum : (1.0 / x(i)) / f.inverse_sum);
        }
        break;
    case normaliser::max:
        require_non_negative(x, name, column, false);
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            out(i) = std::isnan(x(i)) ? nan_value : (type > 0 ? x(i) / f.max : 1.0 - x(i) / f.max);
        }
        break;
    case normaliser::log_min_max: {
        // ln(x - min + 1) >= 0 for every learned value; monotone, so min and max move with x.
        Eigen::VectorXd y(x.size());
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            if (std::isnan(x(i))) {
                y(i) = nan_value;
            } else if (!(x(i) - f.min + 1.0 > 0.0)) {
                fail("log_min_max: value " + std::to_string(x(i)) + " at " + cell(i, column) +
                     " is below the learned minimum by 1 or more, so it has no logarithm");
            } else {
                y(i) = std::log(x(i) - f.min + 1.0);
            }
        }
        min_max_fraction(y, 0.0, std::log(f.max - f.min + 1.0), type, out);
        break;
    }
    case normaliser::rank:
    case normaliser::categorical:
        break;  // handled above
    }
    to_range(out, o.lo, o.hi);
}

void normalise_column(normaliser method, const Eigen::Ref<const Eigen::VectorXd>& x, int type,
                      const normalise_options& o, Eigen::Ref<Eigen::VectorXd> out,
                      Eigen::Index column) {
    if (out.size() != x.size()) fail(std::string(normaliser_name(method)) + ": output size differs from input size");
    apply_normaliser(method, learn_normaliser(method, x, type, o, column), x, type, o, out, column);
}

Eigen::MatrixXd normalise(normaliser method, const Eigen::MatrixXd& X, const std::vector<int>& types,
                          const normalise_options& options) {
    const char* name = normaliser_name(method);
    if (X.cols() < 1) fail(std::string(name) + ": the matrix has no columns");
    const std::vector<int> t = detail::check_types(name, types, X.cols());
    Eigen::MatrixXd out(X.rows(), X.cols());
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
        normalise_column(method, X.col(j), t[static_cast<std::size_t>(j)], options, out.col(j), j);
    }
    return out;
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
