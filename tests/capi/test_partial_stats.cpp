// Partial fit statistics through the C ABI: fit(whole) equals finalize(merge of the partials of the
// chunks) — exactly for count/min/max, within 1e-12 relative for mean and sd — whatever the chunking
// and the merge order; partials survive a JSON round trip bit for bit; errors name the cause.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace capi_test;

namespace {

struct partial_deleter {
    void operator()(civiscore_partial* p) const noexcept { civiscore_partial_free(p); }
};
using partial_handle = std::unique_ptr<civiscore_partial, partial_deleter>;

// min_max on a (benefit) and b (cost), z_score on c; d is fixed goalposts and learns nothing.
const char* const stats_model_json = R"json({
  "civiscore_model": 1, "id": "stats", "name": "partial statistics",
  "grades": [{"label": "A", "min": 70}, {"label": "B", "min": 40}, {"label": "C"}],
  "root": {"id": "root", "children": [
    {"id": "a", "rule": {"type": "min_max"}},
    {"id": "b", "direction": "cost", "rule": {"type": "min_max"}},
    {"id": "c", "rule": {"type": "z_score", "mean": 50, "sd": 10}},
    {"id": "d", "rule": {"type": "goalposts", "worst": 0, "best": 1}}
  ]}
})json";
const char* const abcd[] = {"a", "b", "c", "d"};

// Deterministic data: a uniform in [0, 100), b around 1e6 (a large offset stresses the moments),
// c in [-5, 5); every 13th a and every 17th c missing.
std::vector<double> make_rows(std::size_t n) {
    std::vector<double> rows(n * 4);
    std::uint64_t state = 88172645463325252ull;
    auto next = [&state] {  // xorshift64: same numbers on every platform
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return static_cast<double>(state >> 11) / 9007199254740992.0;  // [0, 1)
    };
    for (std::size_t i = 0; i < n; ++i) {
        rows[i * 4 + 0] = i % 13 == 0 ? na : 100 * next();
        rows[i * 4 + 1] = 1e6 + 50 * next();
        rows[i * 4 + 2] = i % 17 == 0 ? na : 10 * next() - 5;
        rows[i * 4 + 3] = next();
    }
    return rows;
}

dataset_handle make_dataset(const double* rows, std::size_t n_units) {
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_dataset_from_matrix(rows, n_units, 4, CIVISCORE_ROW_MAJOR, 0, abcd, nullptr, &d) ==
                              CIVISCORE_OK,
                          civiscore_last_error_message());
    return dataset_handle(d);
}

partial_handle compute(const civiscore_model* m, const civiscore_dataset* d) {
    civiscore_partial* p = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_partial_compute(m, d, 1, &p) == CIVISCORE_OK, civiscore_last_error_message());
    return partial_handle(p);
}

partial_handle merge(const civiscore_partial* a, const civiscore_partial* b) {
    civiscore_partial* p = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_partial_merge(a, b, &p) == CIVISCORE_OK, civiscore_last_error_message());
    return partial_handle(p);
}

fitted_handle finalize(const civiscore_model* m, const civiscore_partial* p) {
    civiscore_fitted* f = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_partial_finalize(m, p, &f) == CIVISCORE_OK, civiscore_last_error_message());
    return fitted_handle(f);
}

std::string partial_json(const civiscore_partial* p) {
    size_t len = 0;
    BOOST_REQUIRE(civiscore_partial_to_json(p, nullptr, 0, &len) == CIVISCORE_OK);
    std::string out(len + 1, '\0');
    BOOST_REQUIRE(civiscore_partial_to_json(p, out.data(), out.size(), &len) == CIVISCORE_OK);
    out.resize(len);
    return out;
}

std::string fitted_json(const civiscore_fitted* f) {
    size_t len = 0;
    BOOST_REQUIRE(civiscore_fitted_to_json(f, nullptr, 0, &len) == CIVISCORE_OK);
    std::string out(len + 1, '\0');
    BOOST_REQUIRE(civiscore_fitted_to_json(f, out.data(), out.size(), &len) == CIVISCORE_OK);
    out.resize(len);
    return out;
}

// One statistic of one indicator from a fitted state's canonical JSON ({"id":{"count":..,"m2":..}}).
double stat(const std::string& json, const std::string& indicator, const std::string& key) {
    const auto at = json.find("\"" + indicator + "\":{");
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, indicator + " not in " + json);
    const auto end = json.find('}', at);
    const auto k = json.find("\"" + key + "\":", at);
    BOOST_REQUIRE(k != std::string::npos && k < end);
    return std::strtod(json.c_str() + k + key.size() + 3, nullptr);
}

bool relative_close(double a, double b, double rel) {
    return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b));
}

// fit(whole) and finalize(merged): exact count/min/max, 1e-12 relative mean and sd.
void check_same_fit(const std::string& whole, const std::string& merged) {
    for (const char* id : {"a", "b", "c"}) {
        BOOST_TEST_CONTEXT("indicator " << id) {
            BOOST_TEST(stat(whole, id, "count") == stat(merged, id, "count"));
            BOOST_TEST(stat(whole, id, "min") == stat(merged, id, "min"));
            BOOST_TEST(stat(whole, id, "max") == stat(merged, id, "max"));
            BOOST_TEST(relative_close(stat(whole, id, "mean"), stat(merged, id, "mean"), 1e-12));
            const double n = stat(whole, id, "count");
            const double sd_whole = std::sqrt(stat(whole, id, "m2") / (n - 1));
            const double sd_merged = std::sqrt(stat(merged, id, "m2") / (n - 1));
            BOOST_TEST(relative_close(sd_whole, sd_merged, 1e-12));
        }
    }
    BOOST_TEST(whole.find("\"d\":") == std::string::npos);  // goalposts learn nothing
}

}  // namespace

BOOST_AUTO_TEST_SUITE(partial_stats)

BOOST_AUTO_TEST_CASE(two_chunks_by_hand) {
    auto m = load_model(minmax_model_json);
    // a = 0, 5, 10 split into {0, 5} and {10}; b = 2, 6, 4 into {2, 6} and {4}.
    const double first[] = {0, 2, 5, 6};
    const double second[] = {10, 4};
    const char* const ab[] = {"a", "b"};
    civiscore_dataset* d1 = nullptr;
    civiscore_dataset* d2 = nullptr;
    BOOST_REQUIRE(civiscore_dataset_from_matrix(first, 2, 2, CIVISCORE_ROW_MAJOR, 0, ab, nullptr, &d1) == CIVISCORE_OK);
    dataset_handle h1(d1);
    BOOST_REQUIRE(civiscore_dataset_from_matrix(second, 1, 2, CIVISCORE_ROW_MAJOR, 0, ab, nullptr, &d2) == CIVISCORE_OK);
    dataset_handle h2(d2);
    auto p1 = compute(m.get(), d1);
    auto p2 = compute(m.get(), d2);
    BOOST_TEST(civiscore_partial_unit_count(p1.get()) == 2);
    auto merged = merge(p1.get(), p2.get());
    BOOST_TEST(civiscore_partial_unit_count(merged.get()) == 3);
    const auto json = fitted_json(finalize(m.get(), merged.get()).get());
    // Chan et al.: chunk A (0, 5): n 2, mean 2.5, m2 12.5; chunk B (10): n 1, mean 10, m2 0;
    // delta 7.5, mean 2.5 + 7.5 * 1/3 = 5, m2 = 12.5 + 0 + 7.5^2 * (2 * 1 / 3) = 12.5 + 37.5 = 50
    // (= 25 + 0 + 25 directly). b: (2, 6) mean 4, m2 8; (4): delta 0, mean 4, m2 8.
    BOOST_TEST(stat(json, "a", "count") == 3);
    BOOST_TEST(stat(json, "a", "min") == 0);
    BOOST_TEST(stat(json, "a", "max") == 10);
    BOOST_TEST(stat(json, "a", "mean") == 5, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(stat(json, "a", "m2") == 50, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(stat(json, "b", "mean") == 4, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(stat(json, "b", "m2") == 8, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(contains(json.c_str(), "\"unit_count\":3"));
}

BOOST_AUTO_TEST_CASE(fit_of_the_whole_equals_merged_chunks_in_any_order) {
    auto m = load_model(stats_model_json);
    const std::size_t n = 20000;
    const auto rows = make_rows(n);
    auto whole_data = make_dataset(rows.data(), n);
    civiscore_fitted* fw = nullptr;
    BOOST_REQUIRE(civiscore_fit(m.get(), whole_data.get(), 2, &fw) == CIVISCORE_OK);
    fitted_handle whole_fit(fw);
    const auto whole = fitted_json(whole_fit.get());

    // Uneven chunks, one of them empty and one a single unit, none aligned with the engine's blocks.
    const std::vector<std::size_t> sizes = {1, 0, 999, 3001, 7, 5000, 4321, 6671};
    std::vector<partial_handle> parts;
    std::size_t begin = 0;
    for (std::size_t size : sizes) {
        auto d = make_dataset(rows.data() + begin * 4, size);
        parts.push_back(compute(m.get(), d.get()));
        begin += size;
    }
    BOOST_REQUIRE(begin == n);

    // In order, left to right.
    partial_handle forward = merge(parts[0].get(), parts[1].get());
    for (std::size_t i = 2; i < parts.size(); ++i) forward = merge(forward.get(), parts[i].get());
    // Reversed, merging each new chunk on the left.
    partial_handle backward = merge(parts.back().get(), parts[parts.size() - 2].get());
    for (std::size_t i = parts.size() - 2; i-- > 0;) backward = merge(parts[i].get(), backward.get());
    // A pairwise tree over a shuffled order, every partial first sent through JSON.
    const std::vector<std::size_t> shuffled = {5, 2, 7, 0, 3, 6, 1, 4};
    std::vector<partial_handle> level;
    for (std::size_t i : shuffled) {
        const auto text = partial_json(parts[i].get());
        civiscore_partial* back = nullptr;
        BOOST_REQUIRE(civiscore_partial_from_json(m.get(), text.c_str(), text.size(), &back) == CIVISCORE_OK);
        level.emplace_back(back);
        BOOST_TEST(partial_json(back) == text);  // the round trip changes no bit
    }
    while (level.size() > 1) {
        std::vector<partial_handle> up;
        for (std::size_t i = 0; i + 1 < level.size(); i += 2) up.push_back(merge(level[i].get(), level[i + 1].get()));
        if (level.size() % 2) up.push_back(std::move(level.back()));
        level = std::move(up);
    }

    for (const auto* merged : {forward.get(), backward.get(), level.front().get()}) {
        BOOST_TEST(civiscore_partial_unit_count(merged) == static_cast<int64_t>(n));
        auto f = finalize(m.get(), merged);
        check_same_fit(whole, fitted_json(f.get()));
        // Scores on the merged fit agree with the whole fit's to far below any reported precision.
        auto r_whole = score(m.get(), whole_fit.get(), whole_data.get());
        auto r_merged = score(m.get(), f.get(), whole_data.get());
        const auto s_whole = all_scores(r_whole.get());
        const auto s_merged = all_scores(r_merged.get());
        std::size_t far = 0;
        for (std::size_t i = 0; i < s_whole.size(); ++i) far += close(s_whole[i], s_merged[i], 1e-9) ? 0 : 1;
        BOOST_TEST(far == 0u);
    }
    // Order-independent where it must be exact: the forward and backward merges give the same counts,
    // minima and maxima (checked above against the whole), and the same unit count.
    BOOST_TEST(stat(partial_json(forward.get()), "a", "min") == stat(partial_json(backward.get()), "a", "min"));
}

BOOST_AUTO_TEST_CASE(json_round_trip_is_exact_for_awkward_doubles) {
    auto m = load_model(minmax_model_json);
    // 0.1, 1/3, a tiny value and a huge one (squares still finite): their statistics must survive.
    const double rows[] = {0.1, 1.0 / 3.0, 1e-300, -2.5e150, 123456789.123456789, 0.2};
    const char* const ab[] = {"a", "b"};
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE(civiscore_dataset_from_matrix(rows, 3, 2, CIVISCORE_ROW_MAJOR, 0, ab, nullptr, &d) == CIVISCORE_OK);
    dataset_handle data(d);
    auto p = compute(m.get(), d);
    const auto text = partial_json(p.get());
    civiscore_partial* back = nullptr;
    BOOST_REQUIRE(civiscore_partial_from_json(m.get(), text.c_str(), static_cast<size_t>(-1), &back) == CIVISCORE_OK);
    partial_handle again(back);
    BOOST_TEST(partial_json(back) == text);
    // Finalised from the round-tripped partial: the same fitted state as fitting directly, bit for bit.
    civiscore_fitted* fd = nullptr;
    BOOST_REQUIRE(civiscore_fit(m.get(), d, 1, &fd) == CIVISCORE_OK);
    fitted_handle direct(fd);
    BOOST_TEST(fitted_json(finalize(m.get(), back).get()) == fitted_json(direct.get()));
    BOOST_TEST(stat(text, "a", "min") == 1e-300);  // a = 0.1, 1e-300, 123456789.123456789
    BOOST_TEST(stat(text, "b", "min") == -2.5e150);  // b = 1/3, -2.5e150, 0.2
}

BOOST_AUTO_TEST_CASE(errors_name_the_cause) {
    auto m = load_model(stats_model_json);
    auto other = load_model(minmax_model_json);
    const auto rows = make_rows(10);
    auto d = make_dataset(rows.data(), 10);
    auto p = compute(m.get(), d.get());
    const char* const ab[] = {"a", "b"};
    civiscore_dataset* d2 = nullptr;
    BOOST_REQUIRE(civiscore_dataset_from_matrix(rows.data(), 5, 2, CIVISCORE_ROW_MAJOR, 0, ab, nullptr, &d2) == CIVISCORE_OK);
    dataset_handle small(d2);
    auto q = compute(other.get(), d2);

    civiscore_partial* out = nullptr;
    BOOST_TEST(civiscore_partial_merge(p.get(), q.get(), &out) == CIVISCORE_ERROR_FITTED);
    BOOST_TEST(contains(civiscore_last_error_message(), "different models"));
    BOOST_TEST(out == nullptr);

    civiscore_fitted* f = nullptr;
    BOOST_TEST(civiscore_partial_finalize(other.get(), p.get(), &f) == CIVISCORE_ERROR_FITTED);
    BOOST_TEST(contains(civiscore_last_error_message(), "not for this model"));
    BOOST_TEST(f == nullptr);

    const auto text = partial_json(p.get());
    BOOST_TEST(civiscore_partial_from_json(other.get(), text.c_str(), text.size(), &out) == CIVISCORE_ERROR_FITTED);
    BOOST_TEST(contains(civiscore_last_error_message(), "computed for model"));
    BOOST_TEST(civiscore_partial_from_json(m.get(), "{", 1, &out) == CIVISCORE_ERROR_FITTED);
    BOOST_TEST(contains(civiscore_last_error_message(), "not valid JSON"));
    // A fitted state is not a partial (it is already finalised).
    civiscore_fitted* fd = nullptr;
    BOOST_REQUIRE(civiscore_fit(m.get(), d.get(), 1, &fd) == CIVISCORE_OK);
    fitted_handle direct(fd);
    const auto fitted_text = fitted_json(direct.get());
    BOOST_TEST(civiscore_partial_from_json(m.get(), fitted_text.c_str(), fitted_text.size(), &out) ==
               CIVISCORE_ERROR_FITTED);
    BOOST_TEST(contains(civiscore_last_error_message(), "/civiscore_partial"));
    std::string broken = text;
    broken.replace(broken.find("\"count\":"), 8, "\"count\":-");
    BOOST_TEST(civiscore_partial_from_json(m.get(), broken.c_str(), broken.size(), &out) == CIVISCORE_ERROR_FITTED);
    BOOST_TEST(contains(civiscore_last_error_message(), "/indicators/a/count"));
    BOOST_TEST(out == nullptr);

    // Missing column: the data error of fit.
    BOOST_TEST(civiscore_partial_compute(m.get(), d2, 1, &out) == CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(civiscore_last_error_message(), "'c'"));

    // A whole-column rule is one-pass-only: refused, naming the indicator, never a partial that
    // would finalise into a state without its sorted column.
    auto whole = load_model(R"json({"civiscore_model": 1, "id": "pr", "name": "percentile rank",
      "root": {"id": "root", "children": [{"id": "a", "rule": {"type": "percentile_rank"}},
                                          {"id": "b", "rule": {"type": "min_max"}}]}})json");
    BOOST_TEST(civiscore_partial_compute(whole.get(), d2, 1, &out) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "indicator 'a'"));
    BOOST_TEST(contains(civiscore_last_error_message(), "one pass over all the data"));
    civiscore_fitted* whole_fit = nullptr;
    BOOST_TEST(civiscore_fit(whole.get(), d2, 1, &whole_fit) == CIVISCORE_OK);  // fit itself works
    civiscore_fitted_free(whole_fit);

    BOOST_TEST(civiscore_partial_compute(nullptr, d.get(), 1, &out) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_partial_compute: model is NULL"));
    BOOST_TEST(civiscore_partial_compute(m.get(), d.get(), -1, &out) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_partial_merge(p.get(), nullptr, &out) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_partial_merge: b is NULL"));
    BOOST_TEST(civiscore_partial_to_json(nullptr, nullptr, 0, nullptr) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_partial_finalize(m.get(), nullptr, &f) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_partial_unit_count(nullptr) == -1);
    civiscore_partial_free(nullptr);
}

BOOST_AUTO_TEST_CASE(grade_thresholds) {
    auto m = load_model(mini_model_json);
    // The mini model's bands: 优秀 >= 90, 良好 >= 80, 合格 >= 60, 不合格 catches the rest.
    BOOST_TEST(civiscore_model_grade_min(m.get(), 0) == 90.0);
    BOOST_TEST(civiscore_model_grade_min(m.get(), 1) == 80.0);
    BOOST_TEST(civiscore_model_grade_min(m.get(), 2) == 60.0);
    const double last = civiscore_model_grade_min(m.get(), 3);
    BOOST_TEST((std::isinf(last) && last < 0));
    BOOST_TEST(std::isnan(civiscore_model_grade_min(m.get(), 4)));
    BOOST_TEST(contains(civiscore_last_error_message(), "grade index 4 out of range"));
    BOOST_TEST(std::isnan(civiscore_model_grade_min(nullptr, 0)));
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_model_grade_min: model is NULL"));
}

BOOST_AUTO_TEST_SUITE_END()
