// The method catalogue by name with JSON options: one place that turns names and option objects
// into the typed calls of normalise/weights/ahp/means/mcda, so C, Python and the engine agree.
#include <civiscore/methods/catalogue.hpp>

#include <civiscore/error.hpp>

#include <civiscore/methods/ahp.hpp>
#include <civiscore/methods/mcda.hpp>
#include <civiscore/methods/means.hpp>
#include <civiscore/methods/normalise.hpp>
#include <civiscore/methods/rank.hpp>
#include <civiscore/methods/weights.hpp>

#include "methods/matrix_checks.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <set>
#include <string>

namespace civiscore {
inline namespace v0 {
namespace methods {

namespace {

using detail::fail;
using json = nlohmann::json;

// Options of one call: typed getters that remember which keys were read, and finish() that rejects
// every key no getter asked for (so a misspelt option is an error, not silently ignored).
class options {
public:
    options(std::string method, std::string_view text) : method_(std::move(method)) {
        if (text.empty()) {
            j_ = json::object();
            return;
        }
        try {
            j_ = json::parse(text);
        } catch (const json::parse_error& e) {
            fail(method_ + ": options are not valid JSON: " + e.what());
        }
        if (j_.is_null()) j_ = json::object();
        if (!j_.is_object()) fail(method_ + ": options must be a JSON object");
    }

    bool has(const char* key) {
        used_.insert(key);
        return j_.contains(key) && !j_[key].is_null();
    }
    double number(const char* key, double dflt) {
        if (!has(key)) return dflt;
        const auto& v = j_[key];
        if (v.is_string()) {
            // "inf" / "-inf" for the power mean's limits, which JSON cannot spell as numbers.
            const auto s = v.get<std::string>();
            if (s == "inf" || s == "+inf") return std::numeric_limits<double>::infinity();
            if (s == "-inf") return -std::numeric_limits<double>::infinity();
        }
        if (!v.is_number()) bad(key, "a number");
        return v.get<double>();
    }
    int integer(const char* key, int dflt) {
        if (!has(key)) return dflt;
        if (!j_[key].is_number_integer()) bad(key, "an integer");
        return j_[key].get<int>();
    }
    bool boolean(const char* key, bool dflt) {
        if (!has(key)) return dflt;
        if (!j_[key].is_boolean()) bad(key, "true or false");
        return j_[key].get<bool>();
    }
    std::string text(const char* key, const std::string& dflt) {
        if (!has(key)) return dflt;
        if (!j_[key].is_string()) bad(key, "a string");
        return j_[key].get<std::string>();
    }
    std::vector<double> numbers(const char* key) {
        if (!has(key)) return {};
        return to_numbers(j_[key], key);
    }
    // A list of equal-length number lists (rows).
    Eigen::MatrixXd matrix(const char* key) {
        if (!has(key)) return {};
        const auto& v = j_[key];
        if (!v.is_array() || v.empty()) bad(key, "a non-empty list of number lists");
        const auto first = to_numbers(v[0], key);
        Eigen::MatrixXd M(static_cast<Eigen::Index>(v.size()), static_cast<Eigen::Index>(first.size()));
        for (std::size_t i = 0; i < v.size(); ++i) {
            const auto row = to_numbers(v[i], key);
            if (row.size() != first.size()) bad(key, "rows of equal length");
            for (std::size_t k = 0; k < row.size(); ++k) M(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = row[k];
        }
        return M;
    }
    const json& raw(const char* key) {
        used_.insert(key);
        return j_[key];
    }
    void finish() const {
        for (const auto& [k, v] : j_.items()) {
            if (used_.count(k) == 0) fail(method_ + ": unknown option '" + k + "'");
        }
    }
    [[noreturn]] void bad(const char* key, const char* what) const {
        fail(method_ + ": option '" + std::string(key) + "' must be " + what);
    }

private:
    std::vector<double> to_numbers(const json& v, const char* key) const {
        if (!v.is_array()) bad(key, "a list of numbers");
        std::vector<double> out;
        for (const auto& e : v) {
            if (e.is_null()) {
                out.push_back(std::numeric_limits<double>::quiet_NaN());
            } else if (e.is_number()) {
                out.push_back(e.get<double>());
            } else {
                bad(key, "a list of numbers");
            }
        }
        return out;
    }

    std::string method_;
    json j_;
    std::set<std::string, std::less<>> used_;
};

Eigen::VectorXd to_vector(const std::vector<double>& v) {
    return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

json to_json(const Eigen::VectorXd& v) {
    json a = json::array();
    for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(v(i));
    return a;
}

json to_json(const Eigen::MatrixXd& M) {
    json a = json::array();
    for (Eigen::Index i = 0; i < M.rows(); ++i) a.push_back(to_json(Eigen::VectorXd(M.row(i).transpose())));
    return a;
}

weights_options read_weights_options(options& o) {
    weights_options w;
    const std::string corr = o.text("correlation", "pearson");
    if (corr == "pearson") w.corr = correlation::pearson;
    else if (corr == "spearman") w.corr = correlation::spearman;
    else o.bad("correlation", "\"pearson\" or \"spearman\"");
    w.minmax_scale_first = o.boolean("minmax_scale_first", true);
    const std::string retain = o.text("retain", "kaiser");
    if (retain == "kaiser") w.retain = pca_retain::kaiser;
    else if (retain == "variance") w.retain = pca_retain::variance;
    else if (retain == "count") w.retain = pca_retain::count;
    else o.bad("retain", "\"kaiser\", \"variance\" or \"count\"");
    w.variance_threshold = o.number("variance_threshold", 0.6);
    w.n_components = o.integer("n_components", 1);
    return w;
}

}  // namespace

Eigen::MatrixXd normalise_named(std::string_view method, const Eigen::MatrixXd& X, const std::vector<int>& types,
                                std::string_view options_json) {
    const normaliser m = normaliser_from_name(method);
    options o(std::string(method), options_json);
    normalise_options n;
    n.lo = o.number("lo", 0.0);
    n.hi = o.number("hi", 1.0);
    n.mean_out = o.number("mean", 0.0);
    n.sd_out = o.number("sd", 1.0);
    n.population_sd = o.boolean("population_sd", false);
    n.targets = o.numbers("targets");
    n.cap = o.boolean("cap", true);
    const std::string ties = o.text("ties", "min");
    if (ties == "min") n.ties = rank_ties::min;
    else if (ties == "average") n.ties = rank_ties::average;
    else o.bad("ties", "\"min\" or \"average\"");
    if (o.has("categories")) {
        const Eigen::MatrixXd c = o.matrix("categories");
        if (c.cols() != 2) o.bad("categories", "a list of [value, score] pairs");
        for (Eigen::Index i = 0; i < c.rows(); ++i) n.categories.push_back({c(i, 0), c(i, 1)});
    }
    o.finish();
    return normalise(m, X, types, n);
}

weights_output weights_named(std::string_view method, const Eigen::MatrixXd& X, const std::vector<int>& types,
                             std::string_view options_json) {
    options o(std::string(method), options_json);
    weights_output out;
    json report = json::object();
    if (method == "combined_linear" || method == "combined_multiplicative" || method == "combined_game_theory") {
        const double alpha = method == "combined_linear" ? o.number("alpha", 0.5) : 0.5;
        std::vector<Eigen::VectorXd> ws;
        const weights_options wo = read_weights_options(o);
        if (o.has("weights")) {
            const Eigen::MatrixXd W = o.matrix("weights");
            for (Eigen::Index k = 0; k < W.rows(); ++k) ws.emplace_back(W.row(k).transpose());
        }
        if (o.has("of")) {
            const json& of = o.raw("of");
            if (!of.is_array()) o.bad("of", "a list of weighting method names");
            for (const auto& name : of) {
                if (!name.is_string()) o.bad("of", "a list of weighting method names");
                ws.push_back(weights(weighting_from_name(name.get<std::string>()), X, types, wo));
            }
        }
        o.finish();
        for (const auto& w : ws) {
            if (w.size() != X.cols()) {
                fail(std::string(method) + ": a weight vector has " + std::to_string(w.size()) + " entries for " +
                     std::to_string(X.cols()) + " columns");
            }
        }
        if (method == "combined_game_theory") {
            const game_theory_result g = combine_game_theory(ws);
            out.weights = g.weights;
            report["alpha"] = to_json(g.alpha);
        } else {
            if (ws.size() != 2) {
                fail(std::string(method) + ": needs exactly two weight vectors (options \"of\" and/or \"weights\"), got " +
                     std::to_string(ws.size()));
            }
            out.weights = method == "combined_linear" ? combine_linear(ws[0], ws[1], alpha)
                                                      : combine_multiplicative(ws[0], ws[1]);
            if (method == "combined_linear") report["alpha"] = alpha;
        }
        report["components"] = to_json(Eigen::MatrixXd([&] {
            Eigen::MatrixXd M(static_cast<Eigen::Index>(ws.size()), X.cols());
            for (std::size_t k = 0; k < ws.size(); ++k) M.row(static_cast<Eigen::Index>(k)) = ws[k].transpose();
            return M;
        }()));
        out.report_json = report.dump();
        return out;
    }
    const weighting m = weighting_from_name(method);
    const weights_options wo = read_weights_options(o);
    o.finish();
    if (m == weighting::pca) {
        const pca_weights_result p = pca_weights(X, wo);
        out.weights = p.weights;
        report["eigenvalues"] = to_json(p.eigenvalues);
        report["loadings"] = to_json(p.loadings);
        report["retained"] = p.retained;
    } else {
        out.weights = weights(m, X, types, wo);
    }
    out.report_json = report.dump();
    return out;
}

namespace {

// fuzzy with "counts": units x criteria x grades survey level counts; a criterion's membership row is
// its counts over their sum (membership_from_counts), or, where its entry is null, the membership
// functions (peaks / plateaus) on X's value, as a fuzzy group with "counts" in a model.
std::vector<fuzzy_result> fuzzy_rank_counts(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, const Eigen::MatrixXd& a,
                                            const Eigen::MatrixXd& b, const Eigen::VectorXd& grades, fuzzy_operator op,
                                            const json& counts) {
    const Eigen::Index m = X.rows(), n = X.cols(), g = grades.size();
    if (!counts.is_array() || counts.size() != static_cast<std::size_t>(m))
        fail("fuzzy: option \"counts\" must be a list with one entry per unit (" + std::to_string(m) + ")");
    const bool functions = a.size() > 0 && b.size() > 0;
    if (functions && (a.rows() != n || b.rows() != n || a.cols() != g || b.cols() != g))
        fail("fuzzy: plateau bounds must be criteria (" + std::to_string(n) + ") x grades (" + std::to_string(g) + ")");
    std::vector<fuzzy_result> out;
    Eigen::MatrixXd R(n, g);
    for (Eigen::Index i = 0; i < m; ++i) {
        const json& unit = counts[static_cast<std::size_t>(i)];
        const std::string where = "fuzzy: counts[" + std::to_string(i) + "]";
        if (!unit.is_array() || unit.size() != static_cast<std::size_t>(n))
            fail(where + " must be a list with one entry per criterion (" + std::to_string(n) + ")");
        for (Eigen::Index j = 0; j < n; ++j) {
            const json& c = unit[static_cast<std::size_t>(j)];
            const std::string cw = where + "[" + std::to_string(j) + "]";
            if (c.is_null()) {
                if (!functions) fail(cw + " is null: give \"peaks\" or \"plateau_lo\"/\"plateau_hi\" for the criteria without counts");
                R.row(j) = trapezoidal_membership(X(i, j), a.row(j).transpose(), b.row(j).transpose()).transpose();
                continue;
            }
            if (!c.is_array() || c.size() != static_cast<std::size_t>(g))
                fail(cw + " must be a list of " + std::to_string(g) + " counts (one per grade) or null");
            Eigen::MatrixXd row(1, g);
            for (Eigen::Index k = 0; k < g; ++k) {
                const json& v = c[static_cast<std::size_t>(k)];
                if (!v.is_number()) fail(cw + "[" + std::to_string(k) + "] must be a number");
                row(0, k) = v.get<double>();
            }
            try {
                R.row(j) = membership_from_counts(row);
            } catch (const error& e) {
                fail(cw + ": " + e.what());
            }
        }
        out.push_back(fuzzy_evaluate(R, w, grades, op));
    }
    return out;
}

}  // namespace

rank_output rank_named(std::string_view method, const Eigen::MatrixXd& X, const Eigen::VectorXd& w,
                       const std::vector<int>& types, std::string_view options_json) {
    options o(std::string(method), options_json);
    rank_output out;
    json extra = json::object();
    if (method == "topsis" || method == "topsis_absolute") {
        topsis_result r;
        if (method == "topsis") {
            const auto norm = topsis_normalisation_from_name(o.text("normalisation", "min_max"));
            o.finish();
            r = topsis(X, w, types, norm);
        } else {
            const auto ideal = o.numbers("ideal"), anti = o.numbers("anti_ideal");
            o.finish();
            if (ideal.empty() || anti.empty()) fail("topsis_absolute: options \"ideal\" and \"anti_ideal\" are required");
            if (!types.empty()) (void)detail::check_types("topsis_absolute", types, X.cols());
            r = topsis_absolute(X, w, to_vector(ideal), to_vector(anti));
        }
        out.score = r.score;
        extra["d_plus"] = to_json(r.d_plus);
        extra["d_minus"] = to_json(r.d_minus);
        extra["ideal"] = to_json(r.ideal);
        extra["anti_ideal"] = to_json(r.anti_ideal);
    } else if (method == "vikor") {
        const double v = o.number("v", 0.5);
        o.finish();
        const vikor_result r = vikor(X, w, types, v);
        out.score = r.Q;
        out.higher_is_better = false;
        extra["S"] = to_json(r.S);
        extra["R"] = to_json(r.R);
        extra["Q"] = to_json(r.Q);
        extra["compromise"] = json::array();
        for (auto k : r.compromise) extra["compromise"].push_back(k);
        extra["acceptable_advantage"] = r.acceptable_advantage;
        extra["acceptable_stability"] = r.acceptable_stability;
    } else if (method == "grey_relational") {
        const double rho = o.number("rho", 0.5);
        o.finish();
        const gra_result r = grey_relational(X, w, types, rho);
        out.score = r.grade;
        extra["coefficients"] = to_json(r.coefficient);
    } else if (method == "fuzzy") {
        const auto op = fuzzy_operator_from_name(o.text("operator", "weighted_sum"));
        const auto grades = o.numbers("grade_values");
        Eigen::MatrixXd a, b;
        if (o.has("peaks")) {
            a = b = o.matrix("peaks");
        } else {
            a = o.matrix("plateau_lo");
            b = o.matrix("plateau_hi");
        }
        const json* counts = o.has("counts") ? &o.raw("counts") : nullptr;
        o.finish();
        if (grades.empty()) fail("fuzzy: option \"grade_values\" (one value per grade) is required");
        if (!types.empty()) (void)detail::check_types("fuzzy", types, X.cols());
        std::vector<fuzzy_result> rs;
        if (counts) {
            rs = fuzzy_rank_counts(X, w, a, b, to_vector(grades), op, *counts);
        } else {
            if (a.size() == 0 || b.size() == 0)
                fail("fuzzy: give \"peaks\" (criteria x grades, triangular) or \"plateau_lo\" and \"plateau_hi\" (trapezoidal), or \"counts\"");
            rs = fuzzy_rank(X, w, a, b, to_vector(grades), op);
        }
        out.score.resize(static_cast<Eigen::Index>(rs.size()));
        extra["B"] = json::array();
        for (std::size_t i = 0; i < rs.size(); ++i) {
            out.score(static_cast<Eigen::Index>(i)) = rs[i].score;
            extra["B"].push_back(to_json(rs[i].b));
        }
    } else if (method == "copeland") {
        o.finish();
        const copeland_result r = copeland(X, w, types);
        out.score = r.score;
        extra["outranking"] = to_json(r.outranking);
        extra["n_dominant"] = r.n_dominant;
        extra["frac_dominant"] = r.frac_dominant;
    } else if (method == "mazziotta_pareto") {
        const int penalty = o.integer("penalty", -1);
        o.finish();
        out.score = mazziotta_pareto(X, w, types, penalty);
    } else {
        fail("unknown ranking method '" + std::string(method) +
             "' (known: topsis, topsis_absolute, vikor, grey_relational, fuzzy, copeland, mazziotta_pareto)");
    }
    std::vector<double> s(static_cast<std::size_t>(out.score.size()));
    for (Eigen::Index i = 0; i < out.score.size(); ++i) {
        s[static_cast<std::size_t>(i)] = out.higher_is_better ? out.score(i) : -out.score(i);
    }
    out.ranks = competition_ranks(s);
    extra["higher_is_better"] = out.higher_is_better;
    out.extra_json = extra.dump();
    return out;
}

double aggregate_named(std::string_view method, const Eigen::VectorXd& x, const Eigen::VectorXd& w,
                       std::string_view options_json) {
    options o(std::string(method), options_json);
    mean_options m;
    if (method == "power") {
        if (!o.has("p")) fail("power: option \"p\" is required");
        m.p = o.number("p", 1.0);
    }
    if (method == "geometric" || method == "harmonic" || method == "power") {
        m.policy = nonpositive_policy_from_name(o.text("policy", "error"));
        m.epsilon = o.number("epsilon", 1e-6);
    }
    o.finish();
    return aggregate(method, x, w, m);
}

ahp_output ahp_named(const std::vector<Eigen::MatrixXd>& matrices, std::string_view options_json) {
    options o("ahp", options_json);
    ahp_options a;
    a.priority = ahp_priority_from_name(o.text("priority", "eigenvector"));
    a.table = ri_table_from_name(o.text("ri_table", "saaty1980"));
    a.threshold = o.number("threshold", 0.1);
    a.saaty_scale = o.boolean("saaty_scale", true);
    a.tolerance = o.number("tolerance", 0.01);
    const std::string group = o.text("group", "aij");
    const auto ew = o.numbers("expert_weights");
    o.finish();
    if (matrices.empty()) fail("ahp: no matrix");
    if (group != "aij" && group != "aip_geometric" && group != "aip_arithmetic") {
        o.bad("group", "\"aij\", \"aip_geometric\" or \"aip_arithmetic\"");
    }
    const auto report_of = [&](const ahp_result& r) {
        json j;
        j["weights"] = to_json(r.weights);
        j["lambda_max"] = r.lambda_max;
        j["ci"] = r.ci;
        j["cr"] = r.cr;
        j["ri"] = r.ri;
        j["ri_table"] = r.table;
        j["threshold"] = a.threshold;
        j["consistent"] = r.consistent;
        j["missing"] = r.missing;
        j["completed"] = to_json(r.completed);
        return j;
    };
    ahp_output out;
    if (matrices.size() == 1) {
        out.result = ahp(matrices[0], a);
        out.report_json = report_of(out.result).dump();
        return out;
    }
    std::vector<ahp_result> each;
    json experts = json::array();
    for (std::size_t e = 0; e < matrices.size(); ++e) {
        try {
            each.push_back(ahp(matrices[e], a));
        } catch (const error& err) {
            fail("ahp: expert " + std::to_string(e) + ": " + err.what());
        }
        experts.push_back(report_of(each.back()));
    }
    if (group == "aij") {
        std::vector<Eigen::MatrixXd> completed;
        for (const auto& r : each) completed.push_back(r.completed);
        ahp_options merged = a;
        merged.saaty_scale = false;  // geometric means leave the 1-9 scale
        out.result = ahp(ahp_aggregate_judgements(completed, ew), merged);
    } else {
        std::vector<Eigen::VectorXd> pr;
        std::size_t worst = 0;
        for (std::size_t e = 0; e < each.size(); ++e) {
            pr.push_back(each[e].weights);
            if (each[e].cr > each[worst].cr) worst = e;
        }
        out.result = each[worst];
        out.result.weights = ahp_aggregate_priorities(pr, ew, group == "aip_geometric");
        out.result.consistent = true;
        for (const auto& r : each) out.result.consistent = out.result.consistent && r.consistent;
    }
    json rep = report_of(out.result);
    rep["group"] = group;
    rep["experts"] = experts;
    out.report_json = rep.dump();
    return out;
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
