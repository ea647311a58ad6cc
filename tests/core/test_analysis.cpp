// Uncertainty, sensitivity and audit (docs/sensitivity.md): the Sobol estimators on functions with
// known indices, the correlation/alpha/PCA helpers on hand-worked numbers, and the analysis of the
// ASEM example (rank intervals for every unit, thread-count independence, spec errors).
#include <boost/test/unit_test.hpp>

#include <civiscore/analyse/analysis.hpp>
#include <civiscore/analyse/sobol.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include "engine/analysis/correlation.hpp"
#include "engine/analysis/evaluator.hpp"
#include "engine/analysis/reaggregate.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <numbers>

using namespace civiscore;
namespace an = civiscore::analysis;

namespace {

// Ishigami f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3 (Ishigami & Homma 1990).
Eigen::VectorXd ishigami(const Eigen::MatrixXd& u, double a = 7.0, double b = 0.1) {
    Eigen::VectorXd y(u.rows());
    for (Eigen::Index r = 0; r < u.rows(); ++r) {
        const double x1 = -std::numbers::pi + 2 * std::numbers::pi * u(r, 0);
        const double x2 = -std::numbers::pi + 2 * std::numbers::pi * u(r, 1);
        const double x3 = -std::numbers::pi + 2 * std::numbers::pi * u(r, 2);
        y[r] = std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
    }
    return y;
}

struct asem_data {
    model_ptr m;
    dataset d;
    asem_data() {
        const std::string root = CIVISCORE_SOURCE_DIR;
        m = load_model_file(root + "/examples/asem/model.json");
        csv_options o;
        o.id_column = "uCode";
        d = read_csv_file(root + "/examples/asem/ASEM_iData.csv", o);
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sobol)

BOOST_AUTO_TEST_CASE(ishigami_indices_match_the_analytic_values) {
    // Analytic (a = 7, b = 0.1): V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 = 13.8446;
    // V1 = (1 + b pi^4/5)^2 / 2 = 4.3459, V2 = a^2/8 = 6.125, V13 = 8 b^2 pi^8 / 225 = 3.3737.
    // S1 = 0.3139, S2 = 0.4424, S3 = 0; ST1 = (V1 + V13)/V = 0.5576, ST2 = 0.4424, ST3 = V13/V = 0.2437.
    const std::size_t n = 1 << 14;
    const Eigen::MatrixXd x = an::saltelli_sample(3, n, 2024);
    BOOST_REQUIRE_EQUAL(x.rows(), static_cast<Eigen::Index>(n * 5));
    an::sobol_options o;
    o.bootstrap = 100;
    const auto s = an::sobol_from_evaluations(ishigami(x), 3, n, o);
    // Sampling error of the Jansen estimators at n = 16384 is about 0.01; 0.03 is three of those.
    const double tol = 0.03;
    BOOST_TEST(std::abs(s.first[0] - 0.3139) < tol, "S1 " << s.first[0]);
    BOOST_TEST(std::abs(s.first[1] - 0.4424) < tol, "S2 " << s.first[1]);
    BOOST_TEST(std::abs(s.first[2] - 0.0) < tol, "S3 " << s.first[2]);
    BOOST_TEST(std::abs(s.total[0] - 0.5576) < tol, "ST1 " << s.total[0]);
    BOOST_TEST(std::abs(s.total[1] - 0.4424) < tol, "ST2 " << s.total[1]);
    BOOST_TEST(std::abs(s.total[2] - 0.2437) < tol, "ST3 " << s.total[2]);
    BOOST_TEST(std::abs(s.variance - 13.8446) < 0.3, "V " << s.variance);
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_TEST(s.first_lo[i] <= s.first[i]);
        BOOST_TEST(s.first[i] <= s.first_hi[i]);
        BOOST_TEST(s.total_lo[i] <= s.total[i]);
        BOOST_TEST(s.total[i] <= s.total_hi[i]);
        BOOST_TEST(s.total_hi[i] - s.total_lo[i] > 0);
    }
}

BOOST_AUTO_TEST_CASE(additive_function_has_equal_first_and_total_indices) {
    // f = x1 + 2 x2 with x ~ U(0,1): Var = 1/12 + 4/12, so S1 = ST1 = 1/5, S2 = ST2 = 4/5.
    const std::size_t n = 8192;
    const Eigen::MatrixXd x = an::saltelli_sample(2, n, 7);
    const Eigen::VectorXd y = x.col(0) + 2 * x.col(1);
    const auto s = an::sobol_from_evaluations(y, 2, n, {0, 0.95, 1});
    BOOST_TEST(std::abs(s.first[0] - 0.2) < 0.03);
    BOOST_TEST(std::abs(s.first[1] - 0.8) < 0.03);
    BOOST_TEST(std::abs(s.total[0] - 0.2) < 0.02);
    BOOST_TEST(std::abs(s.total[1] - 0.8) < 0.02);
    BOOST_TEST(std::isnan(s.first_lo[0]));  // bootstrap 0: no interval
}

BOOST_AUTO_TEST_CASE(design_blocks_and_errors) {
    const Eigen::MatrixXd x = an::saltelli_sample(2, 3, 1);
    // AB_1 (rows 6..8) is A with column 0 from B; AB_2 (rows 9..11) A with column 1 from B.
    for (int j = 0; j < 3; ++j) {
        BOOST_TEST(x(6 + j, 0) == x(3 + j, 0));
        BOOST_TEST(x(6 + j, 1) == x(j, 1));
        BOOST_TEST(x(9 + j, 0) == x(j, 0));
        BOOST_TEST(x(9 + j, 1) == x(3 + j, 1));
    }
    BOOST_TEST((x.array() > 0).all());
    BOOST_TEST((x.array() < 1).all());
    BOOST_CHECK_THROW((void)an::saltelli_sample(0, 3, 1), invalid_argument_error);
    Eigen::VectorXd wrong = Eigen::VectorXd::Zero(11);
    BOOST_CHECK_THROW((void)an::sobol_from_evaluations(wrong, 2, 3), invalid_argument_error);
    Eigen::VectorXd nan = Eigen::VectorXd::Ones(12);
    nan[4] = NAN;
    BOOST_CHECK_THROW((void)an::sobol_from_evaluations(nan, 2, 3), invalid_argument_error);
    // A constant output has no variance to decompose: NaN, not a made-up 0.
    const auto c = an::sobol_from_evaluations(Eigen::VectorXd::Ones(12), 2, 3);
    BOOST_TEST(std::isnan(c.first[0]));
    BOOST_TEST(c.variance == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_statistics)

BOOST_AUTO_TEST_CASE(pearson_spearman_alpha_pca_by_hand) {
    // x = 1..5, y = 2 1 4 3 5: deviations (-2 -1 0 1 2), (-1 -2 1 0 2); sum of products 8,
    // sums of squares 10 and 10: r = 8 / 10 = 0.8; no ties, so Spearman is 0.8 too.
    const double x[] = {1, 2, 3, 4, 5, NAN}, y[] = {2, 1, 4, 3, 5, 9};
    BOOST_TEST(an::pearson(x, y, 6) == 0.8, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(an::spearman(x, y, 6) == 0.8, boost::test_tools::tolerance(1e-12));
    // Ties: x = 1 2 2 3 -> mid-ranks 1 2.5 2.5 4; y ranks 1 2 3 4. Products 4.5, squares 4.5 and 5:
    // rho = 4.5 / sqrt(22.5) = sqrt(0.9) = 0.9486833.
    const double tx[] = {1, 2, 2, 3}, ty[] = {1, 2, 3, 4};
    BOOST_TEST(an::spearman(tx, ty, 4) == std::sqrt(0.9), boost::test_tools::tolerance(1e-12));
    // Alpha of a = 1 2 3, b = 2 3 5: var a = 1, var b = 7/3, var(a + b) = var(3 5 8) = 19/3;
    // alpha = 2/1 (1 - (10/3)/(19/3)) = 18/19. The 4th row is incomplete and left out.
    const double a[] = {1, 2, 3, 4}, b[] = {2, 3, 5, NAN};
    std::size_t complete = 0;
    BOOST_TEST(an::cronbach_alpha({a, b}, 4, &complete) == 18.0 / 19.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(complete == 3u);
    // PCA of two columns with r = 0.8: eigenvalues 1.8 and 0.2, explained 0.9 and 0.1, first
    // loadings sqrt(1.8)/sqrt(2) = 0.9486833 each.
    const auto p = an::pca({x, y}, 5);
    BOOST_REQUIRE(p.ok);
    BOOST_TEST(p.eigenvalues[0] == 1.8, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(p.eigenvalues[1] == 0.2, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(p.explained[0] == 0.9, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(p.loadings[0][0] == std::sqrt(0.9), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(p.loadings[0][1] == std::sqrt(0.9), boost::test_tools::tolerance(1e-12));
    // A constant column has no correlation: NaN, never 0.
    const double k[] = {3, 3, 3, 3, 3};
    BOOST_TEST(std::isnan(an::pearson(x, k, 5)));
    BOOST_TEST(!an::pca({x, k}, 5).ok);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(model_analysis)

BOOST_AUTO_TEST_CASE(asem_weight_perturbation_gives_rank_intervals_for_every_unit) {
    asem_data a;
    const auto s = an::parse_spec(*a.m, R"({"seed": 11, "replications": 200,
        "uncertain": [{"type": "weights", "node": "*", "distribution": "uniform", "percent": 50}],
        "removal": false, "audit": false})");
    const auto r = an::analyse(a.m, a.d, s, 2);
    BOOST_REQUIRE(r.has_uncertainty);
    BOOST_REQUIRE_EQUAL(r.units.size(), a.d.unit_count());
    BOOST_REQUIRE_EQUAL(r.units.size(), 51u);
    std::size_t moved = 0;
    for (std::size_t u = 0; u < r.units.size(); ++u) {
        const auto& x = r.units[u];
        BOOST_TEST_CONTEXT(r.unit_ids[u]) {
            BOOST_TEST(x.ranked == 200u);
            BOOST_TEST(x.rank_p05 <= x.rank_median);
            BOOST_TEST(x.rank_median <= x.rank_p95);
            BOOST_TEST(x.score_p05 <= x.score_median);
            BOOST_TEST(x.score_median <= x.score_p95);
            BOOST_TEST(x.rank_p05 <= static_cast<double>(x.nominal_rank));
            BOOST_TEST(static_cast<double>(x.nominal_rank) <= x.rank_p95);
            BOOST_TEST(x.rank_p05 >= 1.0);
            BOOST_TEST(x.rank_p95 <= 51.0);
            double p = 0;
            for (double g : x.grade_probability) p += g;
            BOOST_TEST(p == 1.0, boost::test_tools::tolerance(1e-9));
        }
        moved += x.rank_p95 > x.rank_p05 ? 1 : 0;
    }
    // Weights of +-50% at every level must move some ranks; a no-op perturbation would not.
    BOOST_TEST(moved > 10u);
    double mean_shift = 0;
    for (double x : r.rank_shift) mean_shift += x;
    BOOST_TEST(mean_shift / 200 > 0.1);
}

BOOST_AUTO_TEST_CASE(same_seed_same_results_on_one_and_two_threads) {
    asem_data a;
    const auto s = an::parse_spec(*a.m, R"({"seed": 5, "replications": 40,
        "uncertain": [{"type": "weights", "node": "Index", "distribution": "dirichlet", "concentration": 20},
                      {"type": "weights", "nodes": ["Conn", "Sust"], "percent": 30},
                      {"type": "choice", "id": "aggregation", "node": "Sust",
                       "options": [{}, {"aggregation": "geometric"}]},
                      {"type": "remove", "indicators": ["LPI", "Flights"]}],
        "removal": {"indicators": ["LPI", "Renew"]},
        "sobol": {"samples": 16, "bootstrap": 20}})");
    const std::string one = an::to_json(an::analyse(a.m, a.d, s, 1));
    const std::string two = an::to_json(an::analyse(a.m, a.d, s, 2));
    BOOST_TEST(one == two);
    const auto doc = nlohmann::json::parse(one);
    BOOST_TEST(doc["units"].size() == 51u);
    BOOST_TEST(doc["sobol"]["mean_abs_rank_shift"]["inputs"].size() == 4u);
    BOOST_TEST(doc["removal"].size() == 2u);
    BOOST_TEST(doc["removal"][0]["mean_abs_rank_shift"].get<double>() > 0.0);
    // A different seed gives different replications.
    auto s2 = s;
    s2.seed = 6;
    BOOST_TEST(an::to_json(an::analyse(a.m, a.d, s2, 2)) != one);
}

BOOST_AUTO_TEST_CASE(removal_shift_matches_a_direct_rescore) {
    asem_data a;
    const auto s = an::parse_spec(*a.m, R"({"removal": {"indicators": ["Renew"]}, "audit": false})");
    const auto r = an::analyse(a.m, a.d, s, 1);
    // Independently: score the model without Renew and compare ranks unit by unit.
    const result nominal = score(a.m, a.d, 1);
    const model_ptr without = an::model_variant(*a.m, {}, "Renew");
    BOOST_TEST(without->find("Renew") == -1);
    const result other = score(without, a.d, 1);
    double sum = 0;
    for (std::size_t u = 0; u < nominal.n_units; ++u) sum += std::abs(static_cast<double>(nominal.rank[u] - other.rank[u]));
    BOOST_TEST(r.removals.at(0).mean_abs_shift == sum / 51.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(sum > 0);
}

BOOST_AUTO_TEST_CASE(spec_errors_name_the_place) {
    asem_data a;
    auto message = [&](const char* text) {
        try {
            (void)an::parse_spec(*a.m, text);
        } catch (const invalid_argument_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(message(R"({"replicatons": 10})").find("/replicatons: unknown key") != std::string::npos);
    BOOST_TEST(message(R"({"uncertain": [{"type": "weights", "node": "Nope"}]})").find("/uncertain/0/node: no node 'Nope'") != std::string::npos);
    BOOST_TEST(message(R"({"uncertain": [{"type": "weights", "node": "LPI"}]})").find("is an indicator") != std::string::npos);
    BOOST_TEST(message(R"({"uncertain": [{"type": "weights", "node": "Index", "percent": 100}]})").find("/uncertain/0/percent") != std::string::npos);
    BOOST_TEST(message(R"({"uncertain": [{"type": "remove", "indicators": ["Conn"]}]})").find("/uncertain/0/indicators/0: no indicator 'Conn'") != std::string::npos);
    BOOST_TEST(message(R"({"uncertain": [{"type": "choice", "id": "x", "options": [{}]}]})").find("/uncertain/0/options") != std::string::npos);
    BOOST_TEST(message(R"({"sobol": {"samples": 10}})").find("/sobol: needs at least one") != std::string::npos);
    // A choice that makes the model invalid is named with the model's own JSON pointer.
    const auto s = an::parse_spec(*a.m, R"({"replications": 4, "removal": false, "audit": false,
        "uncertain": [{"type": "choice", "id": "agg", "node": "Sust", "options": [{"aggregation": "nonsense"}, {}]}]})");
    try {
        (void)an::analyse(a.m, a.d, s, 1);
        BOOST_FAIL("an invalid option must be an error");
    } catch (const invalid_argument_error& e) {
        const std::string w = e.what();
        BOOST_TEST(w.find("choice:agg option 0") != std::string::npos, w);
        BOOST_TEST(w.find("/aggregation") != std::string::npos, w);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(model_analysis_weights)

BOOST_AUTO_TEST_CASE(materialised_learned_weights_score_the_same) {
    // A root that learns entropy weights: written in as explicit weights, the scores must not move,
    // so a perturbation starts exactly from the nominal model.
    const model_ptr m = load_model(R"({"civiscore_model": 1, "id": "e", "name": "e",
        "root": {"id": "r", "weights": {"method": "entropy"}, "children": [
          {"id": "g", "children": [{"id": "a", "rule": {"type": "min_max"}}, {"id": "b", "rule": {"type": "min_max"}}]},
          {"id": "c", "rule": {"type": "min_max"}}]}})");
    const double values[] = {1, 2, 3, 4, 5, 9, 3, 7, 1, 5, 2, 2, 8, 1, 4};
    const dataset d = dataset_from_matrix(values, 5, 3, matrix_layout::col_major, 0, {"a", "b", "c"}, {});
    const fitted f = fit(*m, d, 1);
    const result nominal = score(m, f, d, 1);
    const model_ptr explicit_model = an::materialise_weights(*m, f);
    const result again = score(explicit_model, f, d, 1);
    for (std::size_t i = 0; i < nominal.scores.size(); ++i) {
        if (std::isnan(nominal.scores[i])) BOOST_TEST(std::isnan(again.scores[i]));
        else BOOST_TEST(again.scores[i] == nominal.scores[i], boost::test_tools::tolerance(1e-12));
    }
    // The learned root weights really are unequal (otherwise this test could not fail).
    BOOST_TEST(std::abs(nominal.local_weights[1] - nominal.local_weights[4]) > 1e-3);
    // Perturbing them moves the ranking's scores.
    const auto s = an::parse_spec(*m, R"({"replications": 20, "removal": false, "audit": false,
        "uncertain": [{"type": "weights", "node": "r", "distribution": "dirichlet", "concentration": 5}]})");
    const auto r = an::analyse(m, d, s, 2);
    BOOST_TEST(r.units.at(0).score_p95 > r.units.at(0).score_p05);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(model_analysis_fast_path)

BOOST_AUTO_TEST_CASE(reaggregation_equals_the_engine_on_perturbed_weights) {
    asem_data a;
    const fitted f = fit(*a.m, a.d, 1);
    const model_ptr explicit_model = an::materialise_weights(*a.m, f);
    const result nominal = score(explicit_model, f, a.d, 1);
    const auto fast = an::reaggregator::make(*explicit_model, nominal);
    BOOST_REQUIRE(fast);
    // Perturb every node weight by a different factor, score with the engine and re-aggregate.
    auto perturbed = std::make_shared<model>(*explicit_model);
    for (std::size_t n = 1; n < perturbed->nodes.size(); ++n) perturbed->nodes[n].weight *= 0.5 + static_cast<double>(n % 7) / 4.0;
    const result engine = score(perturbed, f, a.d, 1);
    const an::evaluation e = fast->run(*perturbed);
    std::size_t differ_from_nominal = 0;
    for (std::size_t u = 0; u < engine.n_units; ++u) {
        BOOST_TEST(e.root[u] == engine.scores[u], boost::test_tools::tolerance(1e-12));
        BOOST_TEST(e.rank[u] == engine.rank[u]);
        differ_from_nominal += engine.rank[u] != nominal.rank[u] ? 1 : 0;
    }
    BOOST_TEST(differ_from_nominal > 0u);
    // A model it cannot reproduce (a geometric mean) is declined, and the engine scores it.
    const model_ptr geo = an::model_variant(*a.m, {}, "");
    auto g = std::make_shared<model>(*geo);
    g->nodes[0].agg = node_aggregation::geometric;
    BOOST_TEST(!an::reaggregator::make(*g, score(g, fit(*g, a.d, 1), a.d, 1)));
}

BOOST_AUTO_TEST_SUITE_END()
