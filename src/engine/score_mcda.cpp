// MCDA aggregators inside a model. They are relative methods (a unit's value depends on the others),
// so fit learns each one's reference from the children's fitted scores (methods/mcda_fitted.hpp)
// and score maps each unit alone on it: a result never depends on which other units are scored with
// it, nor on the thread count. Only the VIKOR compromise set, a property of a set of units, is
// computed over the units scored together (report only, not a score).
#include "engine/score_mcda.hpp"

#include <civiscore/error.hpp>
#include <civiscore/methods/mcda_fitted.hpp>

#include <cmath>

namespace civiscore {
inline namespace v0 {
namespace {

using json = nlohmann::json;

const learned_mcda* find_reference(const fitted& f, const std::string& id) {
    for (const auto& lm : f.node_mcda)
        if (lm.node_id == id) return &lm;
    return nullptr;
}

json numbers(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

const char* operator_name(methods::fuzzy_operator op) {
    switch (op) {
        case methods::fuzzy_operator::weighted_sum: return "weighted_sum";
        case methods::fuzzy_operator::min_max: return "min_max";
        case methods::fuzzy_operator::product_max: return "product_max";
        case methods::fuzzy_operator::min_bounded: return "min_bounded";
    }
    return "weighted_sum";
}

const char* normalisation_name(methods::topsis_normalisation n) {
    switch (n) {
        case methods::topsis_normalisation::min_max: return "min_max";
        case methods::topsis_normalisation::vector: return "vector";
        case methods::topsis_normalisation::none: return "none";
    }
    return "min_max";
}

// Unit u's survey level counts of child i into `row`; false when a count is missing or all are 0
// (the child then counts as missing for the unit). A negative or infinite count is a data error.
bool read_counts(const std::vector<const double*>& cols, std::size_t u, Eigen::MatrixXd& counts, const dataset& d,
                 const node& nd, std::size_t i) {
    double sum = 0;
    for (std::size_t k = 0; k < cols.size(); ++k) {
        const double c = cols[k][u];
        if (std::isnan(c)) return false;
        if (!(c >= 0) || !std::isfinite(c))
            throw data_error(d.describe_unit(u) + ", node '" + nd.id + "' (" + nd.pointer + "/aggregation/counts), column '" +
                             nd.mcda.count_columns[i][k] + "': a survey count must be finite and >= 0, not " + std::to_string(c));
        counts(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = c;
        sum += c;
    }
    return sum > 0;
}

}  // namespace

bool mcda_learns(const node& n) noexcept { return !n.is_indicator && n.mcda.learns(); }

mcda_scorer::mcda_scorer(const model& m, std::size_t n_units)
    : m_(m), n_units_(n_units), extra_(m.nodes.size()), stands_(m.nodes.size()) {
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {
        const mcda_spec& s = m.nodes[n].mcda;
        if (s.kind == mcda_kind::vikor) extra_[n].assign(3 * n_units, NAN);
        else if (s.kind == mcda_kind::fuzzy) extra_[n].assign(s.grade_values.size() * n_units, NAN);
        if (s.kind == mcda_kind::vikor || s.kind == mcda_kind::fuzzy) stands_[n].assign(n_units, 0);
    }
}

void mcda_scorer::learn(int n, const std::vector<double>& w, const double* scores, fitted& f) const {
    const node& nd = m_.nodes[static_cast<std::size_t>(n)];
    if (!nd.mcda.learns()) return;
    const std::size_t k = nd.children.size();
    std::vector<std::size_t> rows;  // units with every child scored: the matrix the stand-alone method needs
    for (std::size_t u = 0; u < n_units_; ++u) {
        bool complete = true;
        for (int c : nd.children) complete = complete && !std::isnan(scores[static_cast<std::size_t>(c) * n_units_ + u]);
        if (complete) rows.push_back(u);
    }
    const std::string where = "node '" + nd.id + "' (" + nd.pointer + "/aggregation)";
    if (rows.empty())
        throw fitted_error(where + ": " + mcda_kind_name(nd.mcda.kind) +
                           " learns from the units with every child scored, and the fitted data has none");
    Eigen::MatrixXd X(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(k));
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < k; ++j)
            X(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
                scores[static_cast<std::size_t>(nd.children[j]) * n_units_ + rows[i]];
    learned_mcda lm;
    lm.node_id = nd.id;
    lm.rows = static_cast<std::int64_t>(rows.size());
    try {
        lm.reference = methods::learn_mcda_reference(X, Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(k)));
    } catch (const error& e) {
        throw fitted_error(where + ": " + e.what());
    }
    // Only Copeland compares with the fitted units themselves; the others keep a few numbers.
    if (nd.mcda.kind != mcda_kind::copeland) lm.reference.rows.resize(0, 0);
    f.node_mcda.push_back(std::move(lm));
}

void mcda_scorer::aggregate(int n, const std::vector<double>& w, const fitted& f, double* scores, double* coverage,
                            std::size_t begin, std::size_t len, const dataset& d) {
    const node& nd = m_.nodes[static_cast<std::size_t>(n)];
    const mcda_spec& s = nd.mcda;
    const learned_mcda* lm = nullptr;
    if (s.learns()) {
        lm = find_reference(f, nd.id);
        if (!lm || lm->reference.best.size() != static_cast<Eigen::Index>(nd.children.size()))
            throw fitted_error("/node_mcda/" + nd.id + ": required (node '" + nd.id + "' learns its " + mcda_kind_name(s.kind) +
                               " reference in fit)");
    }
    const std::size_t k = nd.children.size();
    const double lo = m_.scale_lo, span = m_.scale_hi - m_.scale_lo;
    const Eigen::Map<const Eigen::VectorXd> wv(w.data(), static_cast<Eigen::Index>(k));
    double* out = scores + static_cast<std::size_t>(n) * n_units_;
    double* cov = coverage + static_cast<std::size_t>(n) * n_units_;
    Eigen::VectorXd x(static_cast<Eigen::Index>(k));
    // Fuzzy survey counts: per child, its count columns (empty: membership from its score).
    std::vector<std::vector<const double*>> count_cols(s.count_columns.size());
    for (std::size_t i = 0; i < s.count_columns.size(); ++i)
        for (const auto& name : s.count_columns[i]) {
            const int c = d.find_column(name);  // bound (present and numeric) before scoring
            count_cols[i].push_back(d.columns[static_cast<std::size_t>(c)].values.data());
        }
    Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(s.grade_values.size()));
    for (std::size_t u = begin; u < begin + len; ++u) {
        // Coverage exactly as the weighted means: not-applicable children are out, missing ones count 0.
        double applicable = 0, covered = 0;
        std::size_t present = 0;
        for (std::size_t i = 0; i < k; ++i) {
            const auto c = static_cast<std::size_t>(nd.children[i]);
            const double ci = coverage[c * n_units_ + u], vi = scores[c * n_units_ + u];
            x(static_cast<Eigen::Index>(i)) = NAN;
            if (std::isnan(ci)) continue;
            applicable += w[i];
            if (std::isnan(vi)) continue;
            if (i < count_cols.size() && !count_cols[i].empty() && !read_counts(count_cols[i], u, counts, d, nd, i))
                continue;  // no counts (or no responses) for the unit: the child is missing
            covered += w[i] * ci;
            x(static_cast<Eigen::Index>(i)) = vi;
            ++present;
        }
        if (applicable == 0) {
            out[u] = cov[u] = NAN;
            continue;
        }
        cov[u] = covered / applicable;
        if (present == 0 || cov[u] < nd.min_coverage - 1e-12) {
            out[u] = NAN;
            continue;
        }
        try {
            switch (s.kind) {
                case mcda_kind::topsis: {
                    double c = 0;
                    if (s.absolute) {
                        // The present children only: their goalposts, their weights (re-normalised inside).
                        std::vector<Eigen::Index> idx;
                        for (Eigen::Index j = 0; j < x.size(); ++j)
                            if (!std::isnan(x(j))) idx.push_back(j);
                        const auto p = static_cast<Eigen::Index>(idx.size());
                        Eigen::MatrixXd row(1, p);
                        Eigen::VectorXd wp(p), ideal(p), anti(p);
                        for (Eigen::Index i = 0; i < p; ++i) {
                            const auto j = idx[static_cast<std::size_t>(i)];
                            row(0, i) = x(j);
                            wp(i) = w[static_cast<std::size_t>(j)];
                            ideal(i) = s.ideal[static_cast<std::size_t>(j)];
                            anti(i) = s.anti_ideal[static_cast<std::size_t>(j)];
                        }
                        c = methods::topsis_absolute(row, wp, ideal, anti).score(0);
                    } else {
                        c = methods::topsis_fitted(x, wv, lm->reference, s.normalisation);
                    }
                    out[u] = lo + c * span;  // closeness in [0, 1] onto the scale
                    break;
                }
                case mcda_kind::vikor: {
                    const auto p = methods::vikor_fitted(x, wv, lm->reference, s.v);
                    auto& e = extra_[static_cast<std::size_t>(n)];
                    e[u] = p.S;
                    e[n_units_ + u] = p.R;
                    e[2 * n_units_ + u] = p.Q;
                    out[u] = lo + (1.0 - p.Q) * span;  // Q: 0 best, 1 worst (on the fitted data)
                    break;
                }
                case mcda_kind::grey_relational:
                    out[u] = lo + methods::grey_relational_fitted(x, wv, lm->reference, s.rho) * span;
                    break;
                case mcda_kind::fuzzy: {
                    const auto g = static_cast<Eigen::Index>(s.grade_values.size());
                    Eigen::MatrixXd R(static_cast<Eigen::Index>(present), g);
                    Eigen::VectorXd wp(static_cast<Eigen::Index>(present));
                    Eigen::Index r = 0;
                    for (Eigen::Index j = 0; j < x.size(); ++j) {
                        if (std::isnan(x(j))) continue;
                        if (static_cast<std::size_t>(j) < count_cols.size() && !count_cols[static_cast<std::size_t>(j)].empty())
                            R.row(r) = methods::membership_from_counts(counts.row(j));  // survey counts / their sum
                        else
                            R.row(r) = methods::trapezoidal_membership(x(j), s.plateau_lo.row(j).transpose(),
                                                                       s.plateau_hi.row(j).transpose()).transpose();
                        wp(r++) = w[static_cast<std::size_t>(j)];
                    }
                    const Eigen::VectorXd values =
                        Eigen::Map<const Eigen::VectorXd>(s.grade_values.data(), g);
                    const auto fr = methods::fuzzy_evaluate(R, wp, values, s.op);
                    auto& e = extra_[static_cast<std::size_t>(n)];
                    for (Eigen::Index q = 0; q < g; ++q) e[static_cast<std::size_t>(q) * n_units_ + u] = fr.b(q);
                    out[u] = fr.score;  // B . grade values: already on the grades' scale
                    break;
                }
                case mcda_kind::copeland: {
                    const double m = static_cast<double>(lm->reference.rows.rows());
                    const double c = methods::copeland_fitted(x, wv, lm->reference);
                    out[u] = lo + (c + m) / (2.0 * m) * span;  // net wins over the m fitted units, [-m, m] onto the scale
                    break;
                }
                case mcda_kind::none: break;
            }
        } catch (const error& e) {
            throw data_error(d.describe_unit(u) + ", node '" + nd.id + "' (" + nd.pointer + "/aggregation, " +
                             mcda_kind_name(s.kind) + "): " + e.what());
        }
    }
    auto& stands = stands_[static_cast<std::size_t>(n)];  // for report_json; blocks write disjoint units
    if (!stands.empty())
        for (std::size_t u = begin; u < begin + len; ++u) stands[u] = std::isnan(out[u]) ? 0 : 1;
}

std::string mcda_scorer::report_json(const result& r) const {
    json all = json::object();
    for (std::size_t n = 0; n < m_.nodes.size(); ++n) {
        const node& nd = m_.nodes[n];
        if (nd.is_indicator || !nd.mcda.active()) continue;
        const mcda_spec& s = nd.mcda;
        json e = {{"type", mcda_kind_name(s.kind)}};
        const auto& x = extra_[n];
        if (s.kind == mcda_kind::vikor) {
            json S = json::array(), R = json::array(), Q = json::array();
            std::vector<std::size_t> scored;  // units whose node value stands (min_coverage passed)
            for (std::size_t u = 0; u < n_units_; ++u) {
                const bool ok = stands_[n][u] != 0;
                S.push_back(number_or_null(ok ? x[u] : NAN));
                R.push_back(number_or_null(ok ? x[n_units_ + u] : NAN));
                Q.push_back(number_or_null(ok ? x[2 * n_units_ + u] : NAN));
                if (ok) scored.push_back(u);
            }
            // The compromise solution among the units scored together (Opricovic & Tzeng's C1, C2).
            methods::vikor_result v;
            const auto m = static_cast<Eigen::Index>(scored.size());
            v.S.resize(m), v.R.resize(m), v.Q.resize(m);
            for (Eigen::Index i = 0; i < m; ++i) {
                const std::size_t u = scored[static_cast<std::size_t>(i)];
                v.S(i) = x[u], v.R(i) = x[n_units_ + u], v.Q(i) = x[2 * n_units_ + u];
            }
            methods::vikor_compromise(v);
            json compromise = json::array();
            for (auto i : v.compromise) compromise.push_back(r.unit_ids[scored[static_cast<std::size_t>(i)]]);
            e["v"] = s.v;
            e["S"] = std::move(S);
            e["R"] = std::move(R);
            e["Q"] = std::move(Q);
            e["compromise"] = std::move(compromise);
            e["acceptable_advantage"] = m > 0 && v.acceptable_advantage;
            e["acceptable_stability"] = m > 0 && v.acceptable_stability;
        } else if (s.kind == mcda_kind::fuzzy) {
            const std::size_t g = s.grade_values.size();
            json B = json::array();
            for (std::size_t u = 0; u < n_units_; ++u) {
                if (!stands_[n][u]) {
                    B.push_back(nullptr);
                    continue;
                }
                json b = json::array();
                for (std::size_t q = 0; q < g; ++q) b.push_back(x[q * n_units_ + u]);
                B.push_back(std::move(b));
            }
            e["operator"] = operator_name(s.op);
            e["grades"] = s.grade_labels;
            e["grade_values"] = s.grade_values;
            e["B"] = std::move(B);
        }
        all[nd.id] = std::move(e);
    }
    return all.empty() ? std::string() : all.dump();
}

json mcda_node_json(const node& nd, const fitted& f) {
    const mcda_spec& s = nd.mcda;
    json e = {{"type", mcda_kind_name(s.kind)}};
    switch (s.kind) {
        case mcda_kind::topsis:
            e["absolute"] = s.absolute;
            if (s.absolute) {
                e["ideal"] = s.ideal;
                e["anti_ideal"] = s.anti_ideal;
            } else {
                e["normalisation"] = normalisation_name(s.normalisation);
            }
            break;
        case mcda_kind::vikor: e["v"] = s.v; break;
        case mcda_kind::grey_relational: e["rho"] = s.rho; break;
        case mcda_kind::fuzzy:
            e["operator"] = operator_name(s.op);
            e["grades"] = s.grade_labels;
            e["grade_values"] = s.grade_values;
            if (!s.count_columns.empty()) {
                json counts = json::array();  // per child: its count columns, null when from its score
                for (const auto& cols : s.count_columns) counts.push_back(cols.empty() ? json(nullptr) : json(cols));
                e["counts"] = std::move(counts);
            }
            break;
        case mcda_kind::copeland:
        case mcda_kind::none: break;
    }
    if (const auto* lm = find_reference(f, nd.id)) {
        const auto& ref = lm->reference;
        json learned = {{"rows", lm->rows}, {"best", numbers(ref.best)}, {"worst", numbers(ref.worst)}};
        if (s.kind == mcda_kind::topsis && s.normalisation == methods::topsis_normalisation::vector) learned["norm"] = numbers(ref.norm);
        if (s.kind == mcda_kind::vikor) {
            learned["s_best"] = ref.s_best;
            learned["s_worst"] = ref.s_worst;
            learned["r_best"] = ref.r_best;
            learned["r_worst"] = ref.r_worst;
        }
        if (s.kind == mcda_kind::grey_relational) {
            learned["delta_min"] = ref.delta_min;
            learned["delta_max"] = ref.delta_max;
        }
        e["learned"] = std::move(learned);
    }
    return e;
}

}  // namespace v0
}  // namespace civiscore
