// Uncertainty, sensitivity and audit through the C ABI only (civiscore_analysis_*, civiscore_sobol_*):
// the sanshe points model under weight perturbation (grades, thread independence), the stand-alone
// Sobol estimator on an additive function, and argument errors.
#include <boost/test/unit_test.hpp>

#include "test_fixtures.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace capi_test;

namespace {

struct analysis_deleter {
    void operator()(civiscore_analysis* p) const noexcept { civiscore_analysis_free(p); }
};
using analysis_handle = std::unique_ptr<civiscore_analysis, analysis_deleter>;


struct sanshe : sanshe_handles {
    analysis_handle run(const char* spec, int threads) const {
        civiscore_analysis* a = nullptr;
        const int rc = civiscore_analysis_run(model.get(), data.get(), spec, threads, &a);
        BOOST_REQUIRE_MESSAGE(rc == CIVISCORE_OK, civiscore_last_error_message());
        return analysis_handle(a);
    }
};

std::string json_of(const civiscore_analysis* a, int format = CIVISCORE_FORMAT_JSON) {
    std::size_t len = 0;
    BOOST_REQUIRE_EQUAL(civiscore_analysis_write_string(a, format, nullptr, 0, &len), CIVISCORE_OK);
    std::string s(len + 1, '\0');
    BOOST_REQUIRE_EQUAL(civiscore_analysis_write_string(a, format, s.data(), s.size(), &len), CIVISCORE_OK);
    s.resize(len);
    return s;
}

const char* const points_spec = R"({"seed": 9, "replications": 120,
    "uncertain": [{"type": "weights", "node": "*", "percent": 30}],
    "removal": false, "audit": false})";

}  // namespace

BOOST_AUTO_TEST_SUITE(analysis_capi)

BOOST_AUTO_TEST_CASE(points_model_rank_intervals_and_grades) {
    sanshe s;
    const auto a = s.run(points_spec, 2);
    const std::size_t n = civiscore_analysis_unit_count(a.get());
    BOOST_REQUIRE_EQUAL(n, 360u);
    std::vector<double> nominal(n), lo(n), mid(n), hi(n), snom(n), slo(n), shi(n);
    BOOST_REQUIRE_EQUAL(civiscore_analysis_unit_ranks(a.get(), nominal.data(), lo.data(), mid.data(), hi.data(), n), CIVISCORE_OK);
    BOOST_REQUIRE_EQUAL(civiscore_analysis_unit_scores(a.get(), snom.data(), slo.data(), nullptr, shi.data(), n), CIVISCORE_OK);
    std::size_t ranked = 0, moved = 0;
    for (std::size_t u = 0; u < n; ++u) {
        if (std::isnan(nominal[u])) continue;  // an unscored community stays unranked
        ++ranked;
        BOOST_TEST(lo[u] <= mid[u]);
        BOOST_TEST(mid[u] <= hi[u]);
        BOOST_TEST(slo[u] <= shi[u]);
        moved += hi[u] > lo[u] ? 1 : 0;
    }
    BOOST_TEST(ranked > 300u);
    BOOST_TEST(moved > 100u);
    // Grade probabilities per unit sum to 1 and the labels are the model's (优秀, 良好, ...).
    const std::string text = json_of(a.get());
    BOOST_TEST(text.find("\"grade_probability\":{") != std::string::npos);
    BOOST_TEST(text.find("优秀") != std::string::npos);
    const std::string csv = json_of(a.get(), CIVISCORE_FORMAT_CSV);
    BOOST_TEST(csv.rfind("unit,nominal_score,nominal_rank,nominal_grade,", 0) == 0u);
    BOOST_TEST(std::count(csv.begin(), csv.end(), '\n') == 361);
}

BOOST_AUTO_TEST_CASE(same_seed_identical_on_one_and_two_threads) {
    sanshe s;
    const std::string one = json_of(s.run(points_spec, 1).get());
    const std::string two = json_of(s.run(points_spec, 2).get());
    BOOST_TEST(one == two);
}

BOOST_AUTO_TEST_CASE(standalone_sobol_on_an_additive_function) {
    // f = x1 + 2 x2 on U(0,1)^2: V = 1/12 + 4/12, S1 = ST1 = 1/5, S2 = ST2 = 4/5.
    const std::size_t k = 2, n = 4096, rows = n * (k + 2);
    std::vector<double> x(rows * k), y(rows);
    BOOST_REQUIRE_EQUAL(civiscore_sobol_sample(k, n, 5, x.data(), x.size()), CIVISCORE_OK);
    for (std::size_t r = 0; r < rows; ++r) y[r] = x[r * k] + 2 * x[r * k + 1];
    double first[2], total[2], first_ci[4], total_ci[4];
    BOOST_REQUIRE_EQUAL(civiscore_sobol_indices(y.data(), rows, k, n, 50, 0.9, 5, first, total, first_ci, total_ci), CIVISCORE_OK);
    BOOST_TEST(std::abs(first[0] - 0.2) < 0.04);
    BOOST_TEST(std::abs(first[1] - 0.8) < 0.04);
    BOOST_TEST(std::abs(total[0] - 0.2) < 0.03);
    BOOST_TEST(std::abs(total[1] - 0.8) < 0.03);
    BOOST_TEST(first_ci[0] <= first[0]);
    BOOST_TEST(first[0] <= first_ci[1]);
    // A wrong size is an error naming the function, not a read past the end.
    BOOST_TEST(civiscore_sobol_sample(k, n, 5, x.data(), x.size() - 1) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("civiscore_sobol_sample") != std::string::npos);
    BOOST_TEST(civiscore_sobol_indices(y.data(), rows - 1, k, n, 0, 0.9, 5, first, total, nullptr, nullptr) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
}

BOOST_AUTO_TEST_CASE(argument_and_spec_errors) {
    sanshe s;
    civiscore_analysis* a = nullptr;
    BOOST_TEST(civiscore_analysis_run(nullptr, s.data.get(), "{}", 1, &a) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()) == "civiscore_analysis_run: model is NULL");
    BOOST_TEST(civiscore_analysis_run(s.model.get(), s.data.get(), "{\"uncertain\": [{\"type\": \"weights\", \"node\": \"nope\"}]}", 1,
                                      &a) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("/uncertain/0/node: no node 'nope'") != std::string::npos);
    BOOST_TEST(a == nullptr);
    // No replications: the per-unit arrays and the CSV table say so.
    const auto audit_only = s.run(R"({"removal": false})", 1);
    std::vector<double> v(360);
    BOOST_TEST(civiscore_analysis_unit_ranks(audit_only.get(), v.data(), nullptr, nullptr, nullptr, 360) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    std::size_t len = 0;
    BOOST_TEST(civiscore_analysis_write_string(audit_only.get(), CIVISCORE_FORMAT_CSV, nullptr, 0, &len) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(json_of(audit_only.get()).find("\"cronbach_alpha\"") != std::string::npos);
    civiscore_analysis_free(nullptr);  // NULL is harmless
}

BOOST_AUTO_TEST_SUITE_END()
