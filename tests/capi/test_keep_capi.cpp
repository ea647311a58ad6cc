// civiscore_score_opts with {"keep": ...} and civiscore_result_node_kept, through <civiscore.h> only:
// the kept nodes' scores are the full run's bit for bit, everything else about a unit is complete,
// and every accessor of a node not kept fails naming it (never a row of NaN).
#include <boost/test/unit_test.hpp>

#include "test_fixtures.hpp"

#include <cstring>
#include <string>
#include <vector>

using namespace capi_test;

namespace {

const std::string root_dir = CIVISCORE_SOURCE_DIR;

struct sanshe : sanshe_handles {
    result_handle score(const char* options, int threads = 1, const civiscore_fitted* f = nullptr) const {
        civiscore_result* r = nullptr;
        const int st = civiscore_score_opts(model.get(), f, data.get(), options, threads, &r);
        BOOST_REQUIRE_MESSAGE(st == CIVISCORE_OK, civiscore_last_error_message());
        return result_handle(r);
    }
    result_handle full() const {
        civiscore_result* r = nullptr;
        BOOST_REQUIRE_EQUAL(civiscore_score(model.get(), nullptr, data.get(), 1, &r), CIVISCORE_OK);
        return result_handle(r);
    }
    std::size_t node(const char* id) const { return static_cast<std::size_t>(civiscore_model_find_node(model.get(), id)); }
    // The error civiscore_score_opts gives for `options` (and that it leaves *out untouched).
    std::string error_of(const char* options) const {
        civiscore_result* r = nullptr;
        const int st = civiscore_score_opts(model.get(), nullptr, data.get(), options, 1, &r);
        BOOST_TEST(st == CIVISCORE_ERROR_INVALID_ARGUMENT);
        BOOST_TEST(r == nullptr);
        civiscore_result_free(r);
        return civiscore_last_error_message();
    }
};

std::vector<double> node_scores(const civiscore_result* r, std::size_t node) {
    std::vector<double> v(civiscore_result_unit_count(r));
    BOOST_REQUIRE_MESSAGE(civiscore_result_node_scores(r, node, v.data(), v.size()) == CIVISCORE_OK, civiscore_last_error_message());
    return v;
}

std::vector<double> node_coverage(const civiscore_result* r, std::size_t node) {
    std::vector<double> v(civiscore_result_unit_count(r));
    BOOST_REQUIRE_MESSAGE(civiscore_result_node_coverage(r, node, v.data(), v.size()) == CIVISCORE_OK, civiscore_last_error_message());
    return v;
}

int kept(const civiscore_result* r, std::size_t node) {
    int k = -1;
    BOOST_REQUIRE_EQUAL(civiscore_result_node_kept(r, node, &k), CIVISCORE_OK);
    return k;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(keep_capi)

BOOST_AUTO_TEST_CASE(depth_1_keeps_index_and_dimensions_bit_for_bit) {
    const sanshe s;
    const result_handle full = s.full();
    const std::size_t n_nodes = civiscore_model_node_count(s.model.get());
    const std::size_t n_units = civiscore_result_unit_count(full.get());
    for (int threads : {1, 2}) {
        const result_handle part = s.score(R"({"keep": "depth:1"})", threads);
        BOOST_REQUIRE_EQUAL(civiscore_result_unit_count(part.get()), n_units);
        BOOST_REQUIRE_EQUAL(civiscore_result_node_count(part.get()), n_nodes);  // the model's nodes
        std::size_t n_kept = 0;
        for (std::size_t n = 0; n < n_nodes; ++n) {
            const bool want = civiscore_model_node_level(s.model.get(), n) <= 1;
            BOOST_TEST(kept(part.get(), n) == (want ? 1 : 0), "node " << n);
            if (!want) continue;
            ++n_kept;
            BOOST_TEST(same_bits(node_scores(part.get(), n), node_scores(full.get(), n)), "node " << n);
            BOOST_TEST(same_bits(node_coverage(part.get(), n), node_coverage(full.get(), n)), "node " << n);
        }
        BOOST_TEST(n_kept == 6u);  // TSL and D1..D5
        std::vector<int64_t> ra(n_units), rb(n_units);
        std::vector<int> ga(n_units), gb(n_units), sa(n_units), sb(n_units);
        BOOST_REQUIRE_EQUAL(civiscore_result_ranks(part.get(), ra.data(), n_units), CIVISCORE_OK);
        BOOST_REQUIRE_EQUAL(civiscore_result_ranks(full.get(), rb.data(), n_units), CIVISCORE_OK);
        BOOST_REQUIRE_EQUAL(civiscore_result_grades(part.get(), ga.data(), n_units), CIVISCORE_OK);
        BOOST_REQUIRE_EQUAL(civiscore_result_grades(full.get(), gb.data(), n_units), CIVISCORE_OK);
        BOOST_REQUIRE_EQUAL(civiscore_result_statuses(part.get(), sa.data(), n_units), CIVISCORE_OK);
        BOOST_REQUIRE_EQUAL(civiscore_result_statuses(full.get(), sb.data(), n_units), CIVISCORE_OK);
        BOOST_TEST(ra == rb, boost::test_tools::per_element());
        BOOST_TEST(ga == gb, boost::test_tools::per_element());
        BOOST_TEST(sa == sb, boost::test_tools::per_element());
        BOOST_TEST(std::string(civiscore_result_fitted_sha256(part.get())) == civiscore_result_fitted_sha256(full.get()));
    }
}

BOOST_AUTO_TEST_CASE(a_node_not_kept_is_an_error_naming_it) {
    const sanshe s;
    const result_handle part = s.score(R"({"keep": ["TSL", "D2"]})");
    const std::size_t d1 = s.node("D1"), d2 = s.node("D2");
    BOOST_TEST(kept(part.get(), 0) == 1);
    BOOST_TEST(kept(part.get(), d2) == 1);
    BOOST_TEST(kept(part.get(), d1) == 0);
    std::vector<double> out(civiscore_result_unit_count(part.get()), 42.0);
    BOOST_TEST(civiscore_result_node_scores(part.get(), d1, out.data(), out.size()) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    std::string e = civiscore_last_error_message();
    BOOST_TEST((contains(e, "civiscore_result_node_scores") && contains(e, "'D1'") && contains(e, "not kept") && contains(e, "keep")), e);
    BOOST_TEST(out[0] == 42.0);  // untouched
    BOOST_TEST(civiscore_result_node_coverage(part.get(), d1, out.data(), out.size()) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    e = civiscore_last_error_message();
    BOOST_TEST((contains(e, "civiscore_result_node_coverage") && contains(e, "'D1'")), e);
    // The dense matrix would need every node: refused, naming the option.
    const std::size_t n_nodes = civiscore_result_node_count(part.get());
    std::vector<double> all(out.size() * n_nodes);
    BOOST_TEST(civiscore_result_scores(part.get(), CIVISCORE_ROW_MAJOR, all.data(), all.size()) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    e = civiscore_last_error_message();
    BOOST_TEST((contains(e, "civiscore_result_scores") && contains(e, "keep")), e);
    // A report shows every node: refused too.
    BOOST_TEST(civiscore_report_write_string(part.get(), nullptr, nullptr, nullptr, 0, nullptr) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    e = civiscore_last_error_message();
    BOOST_TEST(contains(e, "keep"), e);
    // Out of range and NULL.
    int k = 7;
    BOOST_TEST(civiscore_result_node_kept(part.get(), n_nodes, &k) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(k == 7);
    BOOST_TEST(civiscore_result_node_kept(part.get(), 0, nullptr) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_result_node_kept: out_kept is NULL"));
    BOOST_TEST(civiscore_result_node_kept(nullptr, 0, &k) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_result_node_kept: result is NULL"));
}

BOOST_AUTO_TEST_CASE(writers_write_only_kept_columns) {
    const sanshe s;
    const result_handle part = s.score(R"({"keep": "depth:1"})");
    std::size_t len = 0;
    BOOST_REQUIRE_EQUAL(civiscore_result_write_string(part.get(), CIVISCORE_FORMAT_CSV, nullptr, 0, &len), CIVISCORE_OK);
    std::string csv(len + 1, '\0');
    BOOST_REQUIRE_EQUAL(civiscore_result_write_string(part.get(), CIVISCORE_FORMAT_CSV, csv.data(), csv.size(), &len), CIVISCORE_OK);
    BOOST_TEST(csv.substr(0, csv.find('\n')) == "unit_id,status,TSL,D1,D2,D3,D4,D5,rank,grade");
}

BOOST_AUTO_TEST_CASE(null_and_empty_options_and_every_node_are_a_full_result) {
    const sanshe s;
    const result_handle full = s.full();
    for (const char* options : {static_cast<const char*>(nullptr), "", R"({})", R"({"keep": "all"})"}) {
        const result_handle r = s.score(options);
        const std::size_t n_nodes = civiscore_result_node_count(r.get());
        for (std::size_t n = 0; n < n_nodes; ++n) BOOST_TEST(kept(r.get(), n) == 1);
        std::vector<double> a(n_nodes * civiscore_result_unit_count(r.get())), b(a.size());
        BOOST_REQUIRE_EQUAL(civiscore_result_scores(r.get(), CIVISCORE_COL_MAJOR, a.data(), a.size()), CIVISCORE_OK);
        BOOST_REQUIRE_EQUAL(civiscore_result_scores(full.get(), CIVISCORE_COL_MAJOR, b.data(), b.size()), CIVISCORE_OK);
        BOOST_TEST(same_bits(a, b));
    }
}

BOOST_AUTO_TEST_CASE(with_a_fitted_state_as_civiscore_score) {
    const sanshe s;
    civiscore_fitted* f = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_fit(s.model.get(), s.data.get(), 1, &f), CIVISCORE_OK);
    const fitted_handle fh(f);
    civiscore_result* r = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_score(s.model.get(), f, s.data.get(), 2, &r), CIVISCORE_OK);
    const result_handle full(r);
    const result_handle part = s.score(R"({"keep": "D3.1,I20"})", 2, f);
    for (const char* id : {"TSL", "D3.1", "I20"})
        BOOST_TEST(same_bits(node_scores(part.get(), s.node(id)), node_scores(full.get(), s.node(id))), id);
    BOOST_TEST(kept(part.get(), s.node("D3")) == 0);
}

BOOST_AUTO_TEST_CASE(bad_options_are_errors_naming_function_and_option) {
    const sanshe s;
    std::string e = s.error_of(R"({"keep": "D1,D9"})");
    BOOST_TEST((contains(e, "civiscore_score_opts") && contains(e, "'keep'") && contains(e, "'D9'")), e);
    e = s.error_of(R"({"keep": ["D1", "depth:x"]})");
    BOOST_TEST((contains(e, "civiscore_score_opts") && contains(e, "'depth:x'")), e);
    e = s.error_of(R"({"kep": "D1"})");
    BOOST_TEST((contains(e, "civiscore_score_opts") && contains(e, "'kep'") && contains(e, "unknown")), e);
    for (const char* bad : {R"({"keep": 1})", R"({"keep": ""})", R"({"keep": []})", R"({"keep": [1]})", R"({"keep": null})",
                            R"({"keep": " , "})"}) {
        e = s.error_of(bad);
        BOOST_TEST(contains(e, "civiscore_score_opts: options_json key 'keep' must be"), bad << " -> " << e);
    }
    e = s.error_of("{keep");
    BOOST_TEST(contains(e, "civiscore_score_opts: options_json is not valid JSON"), e);
    e = s.error_of(R"(["keep"])");
    BOOST_TEST(contains(e, "civiscore_score_opts: options_json must be a JSON object"), e);
}

BOOST_AUTO_TEST_CASE(null_arguments_and_a_foreign_fitted_state) {
    const sanshe s;
    civiscore_result* r = nullptr;
    BOOST_TEST(civiscore_score_opts(nullptr, nullptr, s.data.get(), nullptr, 1, &r) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()) == "civiscore_score_opts: model is NULL");
    BOOST_TEST(civiscore_score_opts(s.model.get(), nullptr, nullptr, nullptr, 1, &r) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()) == "civiscore_score_opts: dataset is NULL");
    BOOST_TEST(civiscore_score_opts(s.model.get(), nullptr, s.data.get(), nullptr, 1, nullptr) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()) == "civiscore_score_opts: out_result is NULL");
    BOOST_TEST(civiscore_score_opts(s.model.get(), nullptr, s.data.get(), nullptr, -1, &r) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(r == nullptr);
    // A fitted state of another model (the mini model) is refused as by civiscore_score.
    civiscore_model* mini = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_model_load_string(mini_model_json, static_cast<size_t>(-1), &mini), CIVISCORE_OK);
    const model_handle mh(mini);
    civiscore_dataset* md = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_dataset_read_csv((root_dir + "/tests/data/mini-units.csv").c_str(), nullptr, &md), CIVISCORE_OK);
    const dataset_handle dh(md);
    civiscore_fitted* f = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_fit(mini, md, 1, &f) == CIVISCORE_OK, civiscore_last_error_message());
    const fitted_handle fh(f);
    BOOST_TEST(civiscore_score_opts(s.model.get(), f, s.data.get(), R"({"keep": "depth:1"})", 1, &r) == CIVISCORE_ERROR_FITTED);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_score_opts: the fitted state was made for another model"));
    BOOST_TEST(r == nullptr);
}

BOOST_AUTO_TEST_CASE(rollup_scores_of_a_node_not_kept_are_an_error) {
    const std::string dir = root_dir + "/tests/data/units-links/";
    civiscore_model* m = nullptr;
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_model_load_file((dir + "community-model.json").c_str(), &m), CIVISCORE_OK);
    const model_handle mh(m);
    BOOST_REQUIRE_EQUAL(civiscore_dataset_read_csv((dir + "communities.csv").c_str(), nullptr, &d), CIVISCORE_OK);
    const dataset_handle dh(d);
    civiscore_result *full = nullptr, *part = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_score(m, nullptr, d, 1, &full), CIVISCORE_OK);
    const result_handle fh(full);
    BOOST_REQUIRE_EQUAL(civiscore_score_opts(m, nullptr, d, R"({"keep": "a"})", 1, &part), CIVISCORE_OK);
    const result_handle ph(part);
    const auto a = static_cast<std::size_t>(civiscore_model_find_node(m, "a"));
    const auto b = static_cast<std::size_t>(civiscore_model_find_node(m, "b"));
    const std::size_t groups = civiscore_result_rollup_group_count(part, 0);
    std::vector<double> x(groups), y(groups);
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_scores(part, 0, a, x.data(), groups), CIVISCORE_OK);
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_scores(full, 0, a, y.data(), groups), CIVISCORE_OK);
    BOOST_TEST(same_bits(x, y));
    BOOST_TEST(civiscore_result_rollup_scores(part, 0, b, x.data(), groups) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    const std::string e = civiscore_last_error_message();
    BOOST_TEST((contains(e, "civiscore_result_rollup_scores") && contains(e, "'b'") && contains(e, "not kept")), e);
}

BOOST_AUTO_TEST_SUITE_END()
