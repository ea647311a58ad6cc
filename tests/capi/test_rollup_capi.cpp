// Unit roll-ups and linked entities through the C ABI only (docs/units-and-links.md), on the data of
// tests/core/test_rollup.cpp and test_link.cpp, whose comments compute every number by hand.
#include <boost/test/unit_test.hpp>

#include "test_fixtures.hpp"

#include <string>
#include <vector>

using namespace capi_test;

namespace {

const std::string dir = std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/units-links/";

struct linked_deleter {
    void operator()(civiscore_linked* p) const noexcept { civiscore_linked_free(p); }
};

result_handle score_file(const std::string& model, const std::string& csv, const char* id_column) {
    civiscore_model* m = nullptr;
    civiscore_dataset* d = nullptr;
    civiscore_result* r = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_model_load_file((dir + model).c_str(), &m), CIVISCORE_OK);
    model_handle mh(m);
    BOOST_REQUIRE_EQUAL(civiscore_dataset_read_csv((dir + csv).c_str(), id_column, &d), CIVISCORE_OK);
    dataset_handle dh(d);
    BOOST_REQUIRE_EQUAL(civiscore_score(m, nullptr, d, 1, &r), CIVISCORE_OK);
    return result_handle(r);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rollup_capi)

BOOST_AUTO_TEST_CASE(levels_groups_scores_ranks) {
    const result_handle r = score_file("community-model.json", "communities.csv", nullptr);
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_level_count(r.get()), 2u);
    BOOST_TEST(std::string(civiscore_result_rollup_level_id(r.get(), 1)) == "district");
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_group_count(r.get(), 0), 3u);  // S1, S2, S3
    BOOST_TEST(std::string(civiscore_result_rollup_group_id(r.get(), 0, 2)) == "S3");
    BOOST_TEST(civiscore_result_rollup_group_parent(r.get(), 0, 2) == 1);   // S3 in D2
    BOOST_TEST(civiscore_result_rollup_group_parent(r.get(), 1, 0) == -1);  // top level
    std::vector<double> s(3);
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_scores(r.get(), 0, 0, s.data(), s.size()), CIVISCORE_OK);
    // S1 (1000*70 + 3000*50)/4000 = 55, S2 (80 + 60)/2 = 70, S3 c5 alone = 50
    BOOST_TEST(s[0] == 55.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(s[1] == 70.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(s[2] == 50.0, boost::test_tools::tolerance(1e-12));
    std::vector<int64_t> k(3);
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_ranks(r.get(), 0, k.data(), 3), CIVISCORE_OK);
    BOOST_TEST(k == (std::vector<int64_t>{2, 1, 3}), boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_ranks_in_parent(r.get(), 0, k.data(), 3), CIVISCORE_OK);
    BOOST_TEST(k == (std::vector<int64_t>{2, 1, 1}), boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_counts(r.get(), 0, CIVISCORE_ROLLUP_UNITS, k.data(), 3), CIVISCORE_OK);
    BOOST_TEST(k == (std::vector<int64_t>{2, 2, 3}), boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_counts(r.get(), 0, CIVISCORE_ROLLUP_NO_WEIGHT, k.data(), 3), CIVISCORE_OK);
    BOOST_TEST(k == (std::vector<int64_t>{0, 0, 1}), boost::test_tools::per_element());
    std::vector<double> w(3);
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_weights(r.get(), 0, w.data(), 3), CIVISCORE_OK);
    BOOST_TEST(w == (std::vector<double>{4000, 4000, 1000}), boost::test_tools::per_element());
    std::vector<int> g(2);
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_grades(r.get(), 1, g.data(), 2), CIVISCORE_OK);
    BOOST_TEST(g == (std::vector<int>{1, 0}), boost::test_tools::per_element());  // D1 62.5 良, D2 75 优
    std::vector<int64_t> u(8);
    BOOST_REQUIRE_EQUAL(civiscore_result_unit_ranks_in(r.get(), 1, u.data(), 8), CIVISCORE_OK);
    BOOST_TEST(u == (std::vector<int64_t>{2, 4, 1, 3, 2, 0, 1, 3}), boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(civiscore_result_unit_groups(r.get(), 0, u.data(), 8), CIVISCORE_OK);
    BOOST_TEST(u == (std::vector<int64_t>{0, 0, 1, 1, 2, 2, -1, 2}), boost::test_tools::per_element());
    size_t len = 0;
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_write_string(r.get(), CIVISCORE_FORMAT_CSV, nullptr, 0, &len), CIVISCORE_OK);
    std::string csv(len + 1, '\0');
    BOOST_REQUIRE_EQUAL(civiscore_result_rollup_write_string(r.get(), CIVISCORE_FORMAT_CSV, csv.data(), csv.size(), &len), CIVISCORE_OK);
    BOOST_TEST(csv.find("district,D2,,ok,1,,优,4,2,1,1,2000,75,") != std::string::npos, csv);
}

BOOST_AUTO_TEST_CASE(model_unit_columns) {
    civiscore_model* m = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_model_load_file((dir + "community-model.json").c_str(), &m), CIVISCORE_OK);
    model_handle mh(m);
    BOOST_TEST(civiscore_model_unit_level_count(m) == 2u);
    BOOST_TEST(std::string(civiscore_model_unit_level_column(m, 1)) == "district");
    BOOST_TEST(civiscore_model_unit_level_column(m, 2) == nullptr);
    BOOST_TEST(std::string(civiscore_model_unit_weight_column(m)) == "population");
    BOOST_TEST(civiscore_model_unit_level_count(nullptr) == 0u);
}

BOOST_AUTO_TEST_CASE(misuse_is_reported) {
    const result_handle r = score_file("community-model.json", "communities.csv", nullptr);
    std::vector<double> s(2);
    BOOST_TEST(civiscore_result_rollup_scores(r.get(), 0, 0, s.data(), s.size()) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("civiscore_result_rollup_scores") != std::string::npos);
    BOOST_TEST(civiscore_result_rollup_group_count(r.get(), 2) == 0u);
    BOOST_TEST(civiscore_result_rollup_level_id(r.get(), 2) == nullptr);
    std::vector<int64_t> k(3);
    BOOST_TEST(civiscore_result_rollup_counts(r.get(), 0, 9, k.data(), 3) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_result_rollup_level_count(nullptr) == 0u);
    const result_handle plain = score_file("org-model.json", "orgs.csv", "org_id");
    BOOST_TEST(civiscore_result_rollup_level_count(plain.get()) == 0u);
    BOOST_TEST(civiscore_result_rollup_ranks(plain.get(), 0, k.data(), 3) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("declares no unit levels") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(linked_entities) {
    const result_handle orgs = score_file("org-model.json", "orgs.csv", "org_id");
    civiscore_dataset* c = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_dataset_read_csv((dir + "communities.csv").c_str(), nullptr, &c), CIVISCORE_OK);
    dataset_handle ch(c);
    civiscore_linked* l = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_link_entities_file(orgs.get(), c, (dir + "links.csv").c_str(),
                                                     R"({"weight_column": "hours", "as": "org_score"})", &l),
                        CIVISCORE_OK);
    std::unique_ptr<civiscore_linked, linked_deleter> lh(l);
    civiscore_dataset* out = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_linked_dataset(l, &out), CIVISCORE_OK);
    dataset_handle oh(out);
    BOOST_TEST(civiscore_dataset_column_count(out) == civiscore_dataset_column_count(c) + 2);
    // Score the linked column with a one-indicator model: total = org_score (goalposts 0..100).
    const char* mj = R"({"civiscore_model": 1, "id": "o", "name": "o", "root": {"id": "t", "children": [
        {"id": "org", "column": "org_score", "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}})";
    civiscore_model* m = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_model_load_string(mj, static_cast<size_t>(-1), &m), CIVISCORE_OK);
    model_handle mh(m);
    civiscore_result* r = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_score(m, nullptr, out, 1, &r), CIVISCORE_OK);
    result_handle rh(r);
    std::vector<double> t(8);
    BOOST_REQUIRE_EQUAL(civiscore_result_node_scores(r, 0, t.data(), 8), CIVISCORE_OK);
    BOOST_TEST(t[0] == 65.0, boost::test_tools::tolerance(1e-12));  // (10*80 + 30*60)/40
    BOOST_TEST(t[1] == 80.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(std::isnan(t[2]));
    size_t len = 0;
    BOOST_REQUIRE_EQUAL(civiscore_linked_report_json(l, nullptr, 0, &len), CIVISCORE_OK);
    std::string rep(len + 1, '\0');
    BOOST_REQUIRE_EQUAL(civiscore_linked_report_json(l, rep.data(), rep.size(), &len), CIVISCORE_OK);
    BOOST_TEST(rep.find(R"("unlinked":["c4","c5","c6","c7","c8"])") != std::string::npos, rep);
    // Errors: a bad line, an unknown option.
    civiscore_linked* bad = nullptr;
    const char* links = "entity_id,community_id,weight\nO1,c1,1\nO9,c2,1\n";
    BOOST_TEST(civiscore_link_entities(orgs.get(), c, links, static_cast<size_t>(-1), nullptr, &bad) == CIVISCORE_ERROR_DATA);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("<links>:3: entity 'O9'") != std::string::npos);
    BOOST_TEST(civiscore_link_entities(orgs.get(), c, links, static_cast<size_t>(-1), R"({"wieght": "x"})", &bad) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("'wieght' is unknown") != std::string::npos);
    BOOST_TEST(bad == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
