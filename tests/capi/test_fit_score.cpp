// Fit, the fitted state's JSON round trip, and scoring with and without a fitted state.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace capi_test;

namespace {

const char* const ab_columns[] = {"a", "b"};

// X: a = 0, 5, 10 and b = 2, 6, 4 (row-major). fit learns a in [0, 10], b in [2, 6].
dataset_handle data_x() {
    const double rows[] = {0, 2, 5, 6, 10, 4};
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE(civiscore_dataset_from_matrix(rows, 3, 2, CIVISCORE_ROW_MAJOR, 0, ab_columns, nullptr, &d) ==
                  CIVISCORE_OK);
    return dataset_handle(d);
}

fitted_handle fit(const civiscore_model* m, const civiscore_dataset* d) {
    civiscore_fitted* f = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_fit(m, d, 1, &f) == CIVISCORE_OK, civiscore_last_error_message());
    return fitted_handle(f);
}

std::string to_json(const civiscore_fitted* f) {
    size_t len = 0;
    BOOST_REQUIRE(civiscore_fitted_to_json(f, nullptr, 0, &len) == CIVISCORE_OK);
    std::string out(len, '\0');
    size_t len2 = 0;
    BOOST_REQUIRE(civiscore_fitted_to_json(f, out.data(), len + 1, &len2) == CIVISCORE_OK);
    BOOST_TEST(len2 == len);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fit_and_score)

BOOST_AUTO_TEST_CASE(min_max_scores_by_hand) {
    auto m = load_model(minmax_model_json);
    auto x = data_x();
    auto r = score(m.get(), nullptr, x.get());
    // root = (a + b) / 2 with a = (x - 0) / 10 * 100 and cost b = (6 - x) / 4 * 100:
    // unit 1: a 0, b 100 -> 50; unit 2: a 50, b 0 -> 25; unit 3: a 100, b 50 -> 75.
    std::vector<double> root(3);
    BOOST_REQUIRE(civiscore_result_node_scores(r.get(), 0, root.data(), 3) == CIVISCORE_OK);
    BOOST_TEST(close(root[0], 50));
    BOOST_TEST(close(root[1], 25));
    BOOST_TEST(close(root[2], 75));
    int64_t ranks[3];
    BOOST_REQUIRE(civiscore_result_ranks(r.get(), ranks, 3) == CIVISCORE_OK);
    BOOST_TEST(ranks[0] == 2);
    BOOST_TEST(ranks[1] == 3);
    BOOST_TEST(ranks[2] == 1);
}

BOOST_AUTO_TEST_CASE(fit_json_round_trip_scores_identically) {
    auto m = load_model(minmax_model_json);
    auto x = data_x();
    auto fitted = fit(m.get(), x.get());
    const std::string json = to_json(fitted.get());
    // The state names its model.
    BOOST_TEST(contains(json.c_str(), civiscore_model_sha256(m.get())));

    civiscore_fitted* back = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_fitted_from_json(m.get(), json.data(), json.size(), &back) == CIVISCORE_OK,
                          civiscore_last_error_message());
    fitted_handle restored(back);
    // Canonical JSON: serialising the restored state gives the same text.
    BOOST_TEST(to_json(restored.get()) == json);

    auto with_fitted = score(m.get(), restored.get(), x.get());
    auto without = score(m.get(), nullptr, x.get());
    BOOST_TEST(same_bits(all_scores(with_fitted.get()), all_scores(without.get())));
    BOOST_TEST(std::string(civiscore_result_fitted_sha256(with_fitted.get())) ==
               civiscore_result_fitted_sha256(without.get()));
    BOOST_TEST(std::string(civiscore_result_model_sha256(with_fitted.get())) == civiscore_model_sha256(m.get()));
}

BOOST_AUTO_TEST_CASE(a_fitted_state_is_reused_on_new_data) {
    auto m = load_model(minmax_model_json);
    auto fitted = fit(m.get(), data_x().get());
    // Y: a = 20 (beyond the fitted max 10, not clamped), b = 3.
    const double y[] = {20, 3};
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE(civiscore_dataset_from_matrix(y, 1, 2, CIVISCORE_ROW_MAJOR, 0, ab_columns, nullptr, &d) ==
                  CIVISCORE_OK);
    dataset_handle hy(d);
    auto r = score(m.get(), fitted.get(), hy.get());
    double v[1];
    // a = (20 - 0) / 10 * 100 = 200; b = (6 - 3) / 4 * 100 = 75; root = (200 + 75) / 2 = 137.5.
    BOOST_REQUIRE(civiscore_result_node_scores(r.get(), 0, v, 1) == CIVISCORE_OK);
    BOOST_TEST(close(v[0], 137.5));
    BOOST_REQUIRE(civiscore_result_node_scores(r.get(), 1, v, 1) == CIVISCORE_OK);
    BOOST_TEST(close(v[0], 200));
    BOOST_REQUIRE(civiscore_result_node_scores(r.get(), 2, v, 1) == CIVISCORE_OK);
    BOOST_TEST(close(v[0], 75));
}

BOOST_AUTO_TEST_CASE(fitted_from_another_model_is_rejected) {
    auto mm = load_model(minmax_model_json);
    auto mini = load_model(mini_model_json);
    auto fitted_mm = fit(mm.get(), data_x().get());
    auto d = mini_dataset();

    civiscore_result* sentinel = reinterpret_cast<civiscore_result*>(&sentinel);
    civiscore_result* r = sentinel;
    BOOST_TEST(civiscore_score(mini.get(), fitted_mm.get(), d.get(), 1, &r) == CIVISCORE_ERROR_FITTED);
    BOOST_TEST(r == sentinel);
    // Copy the message first: the sha256 accessors are civiscore calls and clear it.
    const std::string msg = civiscore_last_error_message();
    BOOST_TEST(contains(msg.c_str(), civiscore_model_sha256(mm.get())), msg);
    BOOST_TEST(contains(msg.c_str(), civiscore_model_sha256(mini.get())), msg);

    const std::string json = to_json(fitted_mm.get());
    civiscore_fitted* f = nullptr;
    BOOST_TEST(civiscore_fitted_from_json(mini.get(), json.c_str(), static_cast<size_t>(-1), &f) ==
               CIVISCORE_ERROR_FITTED);
    BOOST_TEST(f == nullptr);
    BOOST_TEST(civiscore_fitted_from_json(mm.get(), "{not json", static_cast<size_t>(-1), &f) ==
               CIVISCORE_ERROR_FITTED);
    BOOST_TEST(civiscore_fitted_from_json(mm.get(), "[]", static_cast<size_t>(-1), &f) == CIVISCORE_ERROR_FITTED);
    BOOST_TEST(f == nullptr);
}

BOOST_AUTO_TEST_CASE(fitted_to_json_snprintf_semantics) {
    auto m = load_model(minmax_model_json);
    auto fitted = fit(m.get(), data_x().get());
    const std::string full = to_json(fitted.get());
    BOOST_REQUIRE(full.size() > 4);
    char small[5];
    size_t len = 0;
    BOOST_REQUIRE(civiscore_fitted_to_json(fitted.get(), small, sizeof small, &len) == CIVISCORE_OK);
    BOOST_TEST(len == full.size());
    BOOST_TEST(std::string(small) == full.substr(0, 4));
    size_t untouched = 12345;
    BOOST_TEST(civiscore_fitted_to_json(fitted.get(), nullptr, 3, &untouched) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(untouched == 12345u);
    // out_len may be NULL.
    BOOST_TEST(civiscore_fitted_to_json(fitted.get(), small, sizeof small, nullptr) == CIVISCORE_OK);
}

BOOST_AUTO_TEST_CASE(thread_counts_give_identical_results) {
    auto m = load_model(mini_model_json);
    auto d = mini_dataset();
    const auto one = all_scores(score(m.get(), nullptr, d.get(), 1).get());
    BOOST_TEST(same_bits(all_scores(score(m.get(), nullptr, d.get(), 0).get()), one));
    BOOST_TEST(same_bits(all_scores(score(m.get(), nullptr, d.get(), 4).get()), one));
}

BOOST_AUTO_TEST_SUITE_END()
