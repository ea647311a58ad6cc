// Unit roll-ups (docs/units-and-links.md): 8 communities in 3 streets in 2 districts, weighted by
// population, every number computed by hand in the comments. Scores: goalposts 0..100, so each
// indicator scores its raw value and total = mean of a and b present (skip and re-weight):
//   c1 S1 D1 pop 1000: a 80 b 60 -> 70      c5 S3 D2 pop 1000: a 40 b 60 -> 50
//   c2 S1 D1 pop 3000: a 50 b 50 -> 50      c6 S3 D2 pop 4000: nothing   -> unscored
//   c3 S2 D1 pop 2000: a 90 b 70 -> 80      c7 -- D2 pop 1000: a 100 b 100 -> 100 (no street)
//   c4 S2 D1 pop 2000: a 60 b -- -> 60      c8 S3 D2 pop --  : a 30 b 30 -> 30 (no weight)
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/io/result_writer.hpp>
#include <civiscore/io/rollup_writer.hpp>
#include <civiscore/model.hpp>
#include <civiscore/rollup.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

using namespace civiscore;

namespace {

const std::string dir = std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/units-links/";

std::string file_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string model_text() { return file_text(dir + "community-model.json"); }
dataset communities() { return read_csv_file(dir + "communities.csv", csv_options{}); }

std::size_t group(const rollup_level& lv, const std::string& label) {
    for (std::size_t g = 0; g < lv.groups.size(); ++g) {
        if (lv.groups[g] == label) return g;
    }
    BOOST_FAIL("no group " + label);
    return 0;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto p = s.find(from);
    BOOST_REQUIRE(p != std::string::npos);
    return s.replace(p, from.size(), to);
}

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const error& e) {
        return e.what();
    }
    BOOST_FAIL("no error");
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rollup)

BOOST_AUTO_TEST_CASE(street_and_district_means_ranks_and_grades) {
    const result r = score(load_model(model_text()), communities(), 1);
    BOOST_REQUIRE(r.rollup);
    const unit_rollup& u = *r.rollup;
    BOOST_REQUIRE_EQUAL(u.levels.size(), 2u);
    const rollup_level& st = u.levels[0];
    const rollup_level& di = u.levels[1];
    BOOST_TEST(st.id == "street");
    BOOST_TEST(di.id == "district");
    BOOST_REQUIRE_EQUAL(st.groups.size(), 3u);
    BOOST_REQUIRE_EQUAL(di.groups.size(), 2u);
    const std::size_t s1 = group(st, "S1"), s2 = group(st, "S2"), s3 = group(st, "S3");
    const std::size_t d1 = group(di, "D1"), d2 = group(di, "D2");
    const std::size_t total = 0, a = 1, b = 2;  // model order
    // S1: (1000*70 + 3000*50)/4000 = 55; a (80000+150000)/4000 = 57.5; b (60000+150000)/4000 = 52.5
    BOOST_TEST(st.score(s1, total) == 55.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(st.score(s1, a) == 57.5, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(st.score(s1, b) == 52.5, boost::test_tools::tolerance(1e-12));
    // S2: (2000*80 + 2000*60)/4000 = 70; a (90+60)/2 = 75; b only c3 = 70 (one unit counted)
    BOOST_TEST(st.score(s2, total) == 70.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(st.score(s2, a) == 75.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(st.score(s2, b) == 70.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(st.counts[b * 3 + s2] == 1);
    // S3: c6 unscored, c8 without weight -> c5 alone = 50; 3 units, 1 in the mean, weight 1000
    BOOST_TEST(st.score(s3, total) == 50.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(st.n_units[s3] == 3);
    BOOST_TEST(st.counts[s3] == 1);
    BOOST_TEST(st.n_unscored[s3] == 1);
    BOOST_TEST(st.n_no_weight[s3] == 1);
    BOOST_TEST(st.weight[s3] == 1000.0);
    BOOST_TEST(st.units_without_group == 1);  // c7
    // D1: (70000 + 150000 + 160000 + 120000)/8000 = 62.5; a 530000/8000 = 66.25;
    //     b (60000 + 150000 + 140000)/6000 = 58.333...
    BOOST_TEST(di.score(d1, total) == 62.5, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(di.score(d1, a) == 66.25, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(di.score(d1, b) == 350000.0 / 6000.0, boost::test_tools::tolerance(1e-12));
    // D2: c5 (1000, 50) and c7 (1000, 100) -> 75; c6 unscored, c8 no weight
    BOOST_TEST(di.score(d2, total) == 75.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(di.weight[d2] == 2000.0);
    BOOST_TEST(di.n_units[d2] == 4);
    // Ranks: streets S2 70 > S1 55 > S3 50; districts D2 75 > D1 62.5
    BOOST_TEST(st.rank[s2] == 1);
    BOOST_TEST(st.rank[s1] == 2);
    BOOST_TEST(st.rank[s3] == 3);
    BOOST_TEST(di.rank[d2] == 1);
    BOOST_TEST(di.rank[d1] == 2);
    // Parents and ranks within them: S1, S2 in D1 (S2 first), S3 alone in D2
    BOOST_TEST(st.parent[s1] == static_cast<int>(d1));
    BOOST_TEST(st.parent[s3] == static_cast<int>(d2));
    BOOST_TEST(st.rank_in_parent[s2] == 1);
    BOOST_TEST(st.rank_in_parent[s1] == 2);
    BOOST_TEST(st.rank_in_parent[s3] == 1);
    BOOST_TEST(di.parent[d1] == -1);
    BOOST_TEST(di.rank_in_parent[d1] == 0);
    // Grades (优 >= 70, 良 >= 60, 差): S2 70 优, S1 55 差, D1 62.5 良, D2 75 优
    BOOST_TEST(st.grade[s2] == 0);
    BOOST_TEST(st.grade[s1] == 2);
    BOOST_TEST(di.grade[d1] == 1);
    BOOST_TEST(di.grade[d2] == 0);
    // Units within their street: c1 1, c2 2 (S1); c3 1, c4 2 (S2); c5 1, c8 2, c6 unranked (S3);
    // c7 has no street. Within the district: D1 c3 1, c1 2, c4 3, c2 4; D2 c7 1, c5 2, c8 3.
    const std::vector<std::int64_t> in_street{1, 2, 1, 2, 1, 0, 0, 2};
    const std::vector<std::int64_t> in_district{2, 4, 1, 3, 2, 0, 1, 3};
    BOOST_TEST(st.unit_rank == in_street, boost::test_tools::per_element());
    BOOST_TEST(di.unit_rank == in_district, boost::test_tools::per_element());
    BOOST_TEST(st.unit_group[6] == -1);
    BOOST_TEST(u.unit_status(6) == "no street");
    BOOST_TEST(u.unit_status(7) == "no weight");
    BOOST_TEST(u.unit_status(5) == "ok");
}

BOOST_AUTO_TEST_CASE(equal_weights_count_every_scored_unit_once) {
    const std::string text = replace(model_text(), R"("weight": {"column": "population"})", R"("weight": "equal")");
    const result r = score(load_model(text), communities(), 1);
    const rollup_level& di = r.rollup->levels[1];
    // D1: (70 + 50 + 80 + 60)/4 = 65; D2: c5 50, c7 100, c8 30 (weight no longer needed) -> 60
    BOOST_TEST(di.score(group(di, "D1"), 0) == 65.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(di.score(group(di, "D2"), 0) == 60.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(di.rank[group(di, "D1")] == 1);
    BOOST_TEST(r.rollup->unit_status(7) == "ok");
}

BOOST_AUTO_TEST_CASE(ties_share_the_lowest_rank) {
    // Two streets scoring 60 each: S1 = {60}, S2 = {60}, S3 = {70}: ranks 2, 2, 1.
    const auto d = parse_csv("unit_id,street,district,population,a,b\n"
                             "x1,S1,D,1,60,60\nx2,S2,D,1,60,60\nx3,S3,D,1,70,70\n",
                             csv_options{});
    const result r = score(load_model(model_text()), d, 1);
    const rollup_level& st = r.rollup->levels[0];
    const std::vector<std::int64_t> ranks{2, 2, 1};
    BOOST_TEST(st.rank == ranks, boost::test_tools::per_element());
    BOOST_TEST(st.rank_in_parent == ranks, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(outputs_carry_the_rollup) {
    const result r = score(load_model(model_text()), communities(), 1);
    const std::string csv = write_result(r, output_format::csv);
    BOOST_TEST(csv.find("rank,grade,street,rank_in_street,district,rank_in_district,rollup_status\n") != std::string::npos);
    BOOST_TEST(csv.find("\nc7,ok,100,100,100,1,优,,,D2,1,no street\n") != std::string::npos);
    const auto doc = nlohmann::json::parse(write_result(r, output_format::json));
    BOOST_TEST(doc["rollup"]["levels"][1]["groups"][1]["id"] == "D2");
    BOOST_TEST(doc["rollup"]["levels"][1]["groups"][1]["scores"]["total"].get<double>() == 75.0);
    BOOST_TEST(doc["units"][0]["rollup"]["district"]["rank"] == 2);
    const std::string table = write_result(r, output_format::table);
    BOOST_TEST(table.find("区 (district): 2 groups, weighted by population") != std::string::npos);
    const std::string long_csv = write_rollup(r, output_format::csv);
    BOOST_TEST(long_csv.find("street,S3,D2,ok,3,1,差,3,1,1,1,1000,50,40,60\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_model_without_units_has_no_rollup) {
    const std::string text = replace(model_text(), R"("units": {)", R"("unused": {)");
    BOOST_CHECK_THROW((void)load_model(text), model_error);  // unknown key
    const std::string plain = file_text(std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/mini-model.json");
    const result r = score(load_model(plain), read_csv_file(std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/mini-units.csv", csv_options{}), 1);
    BOOST_TEST(!r.rollup);
    BOOST_CHECK_THROW((void)write_rollup(r, output_format::csv), invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(bad_units_sections_name_their_pointer) {
    const std::string bad = replace(model_text(), R"({"id": "district", "column": "district", "name": "区"})",
                                    R"({"id": "street", "colum": "district"})");
    const std::string msg = error_of([&] { (void)load_model(bad); });
    BOOST_TEST(msg.find("/units/levels/1/colum: unknown key") != std::string::npos, msg);
    BOOST_TEST(msg.find("/units/levels/1/id: level \"street\" is declared twice") != std::string::npos, msg);
    const std::string clash = replace(model_text(), R"({"id": "street", "column": "street")", R"({"id": "a", "column": "street")");
    BOOST_TEST(error_of([&] { (void)load_model(clash); }).find("/units/levels/0/id: \"a\" is also a node id") != std::string::npos);
    const std::string w = replace(model_text(), R"({"column": "population"})", R"("households")");
    BOOST_TEST(error_of([&] { (void)load_model(w); }).find("/units/weight: must be \"equal\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_data_is_named) {
    const model_ptr m = load_model(model_text());
    // A street in two districts.
    const auto two = parse_csv("unit_id,street,district,population,a,b\nx1,S1,D1,1,1,1\nx2,S1,D2,1,1,1\n",
                               csv_options{}, "two.csv");
    const std::string msg = error_of([&] { (void)score(m, two, 1); });
    BOOST_TEST(msg.find("街道 'S1' is in 区 'D1' (unit 'x1' (two.csv:2)) and in 区 'D2' (unit 'x2' (two.csv:3))") != std::string::npos, msg);
    const auto zero = parse_csv("unit_id,street,district,population,a,b\nx1,S1,D1,0,1,1\n", csv_options{}, "zero.csv");
    BOOST_TEST(error_of([&] { (void)score(m, zero, 1); }).find("unit 'x1' (zero.csv:2), column 'population': unit weight 0 must be a positive number") != std::string::npos);
    const auto no_col = parse_csv("unit_id,street,population,a,b\nx1,S1,1,1,1\n", csv_options{}, "nocol.csv");
    BOOST_TEST(error_of([&] { (void)score(m, no_col, 1); }).find("nocol.csv: column 'district' of unit level 'district'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(same_result_whatever_the_thread_count) {
    const model_ptr m = load_model(model_text());
    const result r1 = score(m, communities(), 1), r4 = score(m, communities(), 4);
    BOOST_TEST(write_rollup(r1, output_format::json) == write_rollup(r4, output_format::json));
}

BOOST_AUTO_TEST_SUITE_END()
