// AHP checks, consistency and group merges against hand computations; published matrices are in
// test_reference_vectors.cpp.
#include <civiscore/error.hpp>
#include <civiscore/methods/ahp.hpp>
#include <civiscore/methods/catalogue.hpp>

#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

namespace m = civiscore::methods;

namespace {
void expect(const Eigen::VectorXd& got, std::initializer_list<double> want, double tol = 1e-9) {
    BOOST_REQUIRE_EQUAL(got.size(), static_cast<Eigen::Index>(want.size()));
    Eigen::Index i = 0;
    for (double w : want) {
        BOOST_TEST_INFO("index " << i << ": got " << got(i) << ", want " << w);
        BOOST_TEST(std::abs(got(i) - w) <= tol);
        ++i;
    }
}

// The consistent matrix of priorities w: a_ij = w_i / w_j.
Eigen::MatrixXd consistent(const Eigen::Vector3d& w) {
    Eigen::MatrixXd A(3, 3);
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) A(i, j) = w(i) / w(j);
    }
    return A;
}

std::string message_of(const Eigen::MatrixXd& A, const m::ahp_options& o = {}) {
    try {
        (void)m::ahp(A, o);
    } catch (const civiscore::invalid_argument_error& e) {
        return e.what();
    }
    return "";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ahp)

BOOST_AUTO_TEST_CASE(consistent_matrix) {
    // w = (4, 2, 1) / 7: lambda_max = n = 3, CI = CR = 0.
    const auto r = m::ahp(consistent({4, 2, 1}));
    expect(r.weights, {4.0 / 7, 2.0 / 7, 1.0 / 7});
    BOOST_TEST(std::abs(r.lambda_max - 3.0) <= 1e-9);
    BOOST_TEST(std::abs(r.cr) <= 1e-9);
    BOOST_TEST(r.ri == 0.58);
    BOOST_TEST(r.consistent);
    m::ahp_options o;
    o.priority = m::ahp_priority::geometric_mean;
    expect(m::ahp(consistent({4, 2, 1}), o).weights, {4.0 / 7, 2.0 / 7, 1.0 / 7});
    // n = 2: [[1, 3], [1/3, 1]] -> 0.75, 0.25; CR 0 by definition (RI 0).
    Eigen::Matrix2d B;
    B << 1, 3, 1.0 / 3, 1;
    const auto b = m::ahp(B);
    expect(b.weights, {0.75, 0.25});
    BOOST_TEST(b.cr == 0.0);
}

BOOST_AUTO_TEST_CASE(one_triangle_is_enough) {
    // Only the upper triangle given (lower 0): the reciprocals are filled in, nothing is "missing".
    Eigen::MatrixXd A = consistent({4, 2, 1});
    A(1, 0) = A(2, 0) = A(2, 1) = 0.0;
    const auto r = m::ahp(A);
    BOOST_TEST(r.missing == 0);
    expect(r.weights, {4.0 / 7, 2.0 / 7, 1.0 / 7});
}

BOOST_AUTO_TEST_CASE(input_errors_name_the_cell) {
    Eigen::MatrixXd A = consistent({4, 2, 1});
    A(1, 0) = 2.0;  // a01 = 2 but a10 = 2
    BOOST_TEST(message_of(A).find("not reciprocal at row 0, column 1") != std::string::npos);
    A = consistent({5, 2, 1});  // a01 = 2.5 is off Saaty's scale
    BOOST_TEST(message_of(A).find("row 0, column 1") != std::string::npos);
    m::ahp_options o;
    o.saaty_scale = false;
    BOOST_TEST(message_of(A, o).empty());
    A(1, 1) = 2.0;
    BOOST_TEST(message_of(A, o).find("diagonal") != std::string::npos);
    BOOST_TEST(message_of(Eigen::MatrixXd::Ones(2, 3)).find("square") != std::string::npos);
    // Disconnected judgements: {0, 1} and {2, 3} never compared across.
    Eigen::MatrixXd D = Eigen::MatrixXd::Identity(4, 4);
    D(0, 1) = 3;
    D(1, 0) = 1.0 / 3;
    D(2, 3) = 2;
    D(3, 2) = 0.5;
    BOOST_TEST(message_of(D).find("not connected") != std::string::npos);
    // A 11 x 11 matrix is beyond Saaty 1980's table.
    BOOST_TEST(message_of(Eigen::MatrixXd::Ones(11, 11)).find("saaty1980 stops at n = 10") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_judgement_in_a_consistent_matrix_is_recovered) {
    // Removing a02 from the consistent (4, 2, 1) matrix: the lambda_max-minimising completion is
    // the consistent value 4 (lambda_max = 3 is the minimum possible).
    Eigen::MatrixXd A = consistent({4, 2, 1});
    A(0, 2) = A(2, 0) = std::nan("");
    const auto r = m::ahp(A);
    BOOST_TEST(r.missing == 1);
    BOOST_TEST(std::abs(r.completed(0, 2) - 4.0) <= 1e-6);
    expect(r.weights, {4.0 / 7, 2.0 / 7, 1.0 / 7}, 1e-7);
}

BOOST_AUTO_TEST_CASE(group_aij_and_aip) {
    const Eigen::MatrixXd A1 = consistent({4, 2, 1}), A2 = consistent({1, 2, 4});
    // AIJ, equal weights: sqrt(w1_i w2_i / (w1_j w2_j)) with w1 w2 = (4, 4, 4) -> all ones.
    expect(m::ahp(m::ahp_aggregate_judgements({A1, A2}, {})).weights, {1.0 / 3, 1.0 / 3, 1.0 / 3});
    // Expert weights (3, 1): priorities proportional to w1^0.75 w2^0.25 = (2.828427, 2, 1.414214)
    // over 6.242641 -> 0.453082, 0.320377, 0.226541.
    m::ahp_options any;
    any.saaty_scale = false;
    expect(m::ahp(m::ahp_aggregate_judgements({A1, A2}, {3, 1}), any).weights, {0.453082, 0.320377, 0.226541}, 1e-6);
    // AIP: geometric sqrt(p1 p2) = (2, 2, 2) / 7 -> 1/3 each; arithmetic (5, 4, 5) / 14.
    const Eigen::VectorXd p1 = Eigen::Vector3d(4, 2, 1) / 7, p2 = Eigen::Vector3d(1, 2, 4) / 7;
    expect(m::ahp_aggregate_priorities({p1, p2}, {}, true), {1.0 / 3, 1.0 / 3, 1.0 / 3});
    expect(m::ahp_aggregate_priorities({p1, p2}, {}, false), {5.0 / 14, 4.0 / 14, 5.0 / 14});
    // Through the named entry: two matrices, AIP arithmetic, the report lists both experts.
    const auto out = m::ahp_named({A1, A2}, R"({"group": "aip_arithmetic"})");
    expect(out.result.weights, {5.0 / 14, 4.0 / 14, 5.0 / 14});
    const auto rep = nlohmann::json::parse(out.report_json);
    BOOST_TEST(rep["experts"].size() == 2u);
    BOOST_TEST(rep["ri_table"] == "saaty1980");
    BOOST_CHECK_THROW((void)m::ahp_named({A1}, R"({"tresh": 0.2})"), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_SUITE_END()
