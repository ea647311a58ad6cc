// The 三社联动 reference model's worked example, scored by the engine, against the points computed by
// hand from the reference's rules (tests/data/sanshe-worked-expected.json, with its derivations).
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace civiscore;

BOOST_AUTO_TEST_SUITE(sanshe)

BOOST_AUTO_TEST_CASE(worked_example_matches_hand_computed_points) {
    const std::string root = CIVISCORE_SOURCE_DIR;
    const auto m = load_model_file(root + "/examples/sanshe/model.json");
    BOOST_TEST(m->indicators.size() == 42u);
    const auto d = read_csv_file(root + "/examples/sanshe/worked-example.csv", csv_options{});
    const auto r = score(m, d, 1);
    std::ifstream in(root + "/tests/data/sanshe-worked-expected.json");
    const auto expected = nlohmann::json::parse(in);
    std::size_t checked = 0;
    for (const auto& [id, value] : expected["points"].items()) {
        const int n = m->find(id);
        BOOST_REQUIRE_MESSAGE(n >= 0, "node " << id);
        BOOST_TEST(r.score(0, static_cast<std::size_t>(n)) == value.get<double>(), boost::test_tools::tolerance(1e-9));
        ++checked;
    }
    BOOST_TEST(checked == m->nodes.size());
    BOOST_TEST(m->grades[static_cast<std::size_t>(r.grade[0])].label == expected["grade"].get<std::string>());
    BOOST_TEST(static_cast<int>(r.status[0]) == static_cast<int>(unit_status::ok));
}

BOOST_AUTO_TEST_CASE(every_community_has_one_row_with_a_status) {
    const std::string root = CIVISCORE_SOURCE_DIR;
    const auto m = load_model_file(root + "/examples/sanshe/model.json");
    const auto d = read_csv_file(root + "/examples/sanshe/communities.csv", csv_options{});
    const auto r = score(m, d, 2);
    BOOST_TEST(r.n_units == d.unit_count());
    BOOST_TEST(r.n_units >= 300u);
    BOOST_TEST(r.unit_ids == d.unit_ids, boost::test_tools::per_element());
    std::size_t unscored = 0;
    for (std::size_t u = 0; u < r.n_units; ++u) {
        const double total = r.score(u, 0);
        if (r.status[u] == unit_status::unscored) {
            // the generated community with no data at all: kept, unranked, ungraded
            ++unscored;
            BOOST_TEST(r.rank[u] == 0);
            BOOST_TEST(r.grade[u] == -1);
            continue;
        }
        BOOST_TEST((total >= 0.0 && total <= 100.0));
        BOOST_TEST(r.rank[u] >= 1);
        BOOST_TEST(r.grade[u] >= 0);
    }
    BOOST_TEST(unscored == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
