// Linked entities (docs/units-and-links.md): organisations scored with their own model (goalposts
// 0..100, so each scores its performance: O1 80, O2 60, O3 unscored, O4 90) attributed to
// communities by service hours:
//   c1: O1 10 h, O2 30 h -> (10*80 + 30*60)/40 = 2600/40 = 65, 2 links
//   c2: O1 5 h           -> 80, 1 link
//   c3: O3 10 h          -> missing (its only entity is unscored), 0 links
//   c4..c8: no link      -> missing, listed as unlinked
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/io/csv_writer.hpp>
#include <civiscore/link.hpp>
#include <civiscore/model.hpp>

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

result orgs() {
    csv_options o;
    o.id_column = "org_id";
    return score(load_model_file(dir + "org-model.json"), read_csv_file(dir + "orgs.csv", o), 1);
}

dataset communities() { return read_csv_file(dir + "communities.csv", csv_options{}); }

link_options hours() {
    link_options o;
    o.weight_column = "hours";
    o.as = "org_score";
    return o;
}

const column& col(const dataset& d, const std::string& id) {
    const int c = d.find_column(id);
    BOOST_REQUIRE(c >= 0);
    return d.columns[static_cast<std::size_t>(c)];
}

std::string error_of(const std::string& links, const link_options& o = hours()) {
    try {
        (void)link_entities(orgs(), communities(), links, "links.csv", o);
    } catch (const data_error& e) {
        return e.what();
    }
    BOOST_FAIL("no data_error");
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(linked_entities)

BOOST_AUTO_TEST_CASE(weighted_by_hours) {
    const link_outcome out = link_entities(orgs(), communities(), file_text(dir + "links.csv"), "links.csv", hours());
    const column& s = col(out.data, "org_score");
    const column& n = col(out.data, "org_score_links");
    BOOST_TEST(s.values[0] == 65.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(s.values[1] == 80.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(std::isnan(s.values[2]));
    BOOST_TEST(std::isnan(s.values[3]));
    BOOST_TEST(n.values[0] == 2.0);
    BOOST_TEST(n.values[1] == 1.0);
    BOOST_TEST(n.values[2] == 0.0);
    BOOST_TEST(out.links == 4u);
    const std::vector<std::string> unlinked{"c4", "c5", "c6", "c7", "c8"};
    BOOST_TEST(out.unlinked == unlinked, boost::test_tools::per_element());
    BOOST_TEST(out.no_scored_entity == std::vector<std::string>{"c3"}, boost::test_tools::per_element());
    BOOST_TEST(out.unscored_entities == std::vector<std::string>{"O3"}, boost::test_tools::per_element());
    BOOST_TEST(out.data.unit_count() == 8u);  // no community dropped
    const auto report = nlohmann::json::parse(out.report_json());
    BOOST_TEST(report["unlinked"].size() == 5u);
    BOOST_TEST(report["weight"] == "hours");
}

BOOST_AUTO_TEST_CASE(equal_weights_grade_counts_and_a_node) {
    link_options o = hours();
    o.weight_column.clear();
    o.grade_counts = true;
    o.node = "performance";
    const link_outcome out = link_entities(orgs(), communities(), file_text(dir + "links.csv"), "links.csv", o);
    // c1: (80 + 60)/2 = 70; grades (A >= 70): O1 A, O2 B -> 1 A, 1 B
    BOOST_TEST(col(out.data, "org_score").values[0] == 70.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(col(out.data, "org_score_grade_A").values[0] == 1.0);
    BOOST_TEST(col(out.data, "org_score_grade_B").values[0] == 1.0);
    BOOST_TEST(col(out.data, "org_score_grade_A").values[1] == 1.0);  // c2: O1
}

BOOST_AUTO_TEST_CASE(the_linked_column_feeds_the_community_model) {
    const link_outcome out = link_entities(orgs(), communities(), file_text(dir + "links.csv"), "links.csv", hours());
    // Round trip through CSV, as `civiscore link` then `civiscore score` do.
    const dataset back = parse_csv(dataset_to_csv(out.data), csv_options{});
    BOOST_TEST(col(back, "org_score").values[0] == 65.0);
    BOOST_TEST(col(back, "street").text[6].empty());
    const model_ptr m = load_model(R"({"civiscore_model": 1, "id": "m", "name": "m", "root": {"id": "t", "children": [
        {"id": "a", "rule": {"type": "goalposts", "worst": 0, "best": 100}},
        {"id": "org", "column": "org_score", "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}})");
    const result r = score(m, back, 1);
    // c1: (80 + 65)/2 = 72.5; c4 has no org score: skip -> a alone = 60
    BOOST_TEST(r.score(0, 0) == 72.5, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.score(3, 0) == 60.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(bad_links_name_the_line) {
    const std::string head = "entity_id,community_id,hours\nO1,c1,10\n";
    BOOST_TEST(error_of(head + "O9,c2,1\n").find("links.csv:3: entity 'O9' (column 'entity_id') is not among the scored entities") != std::string::npos);
    BOOST_TEST(error_of(head + "O2,c99,1\n").find("links.csv:3: community 'c99' (column 'community_id') is not in") != std::string::npos);
    BOOST_TEST(error_of(head + "O1,c1,4\n").find("links.csv:3: entity 'O1' and community 'c1' are already linked at line 2") != std::string::npos);
    BOOST_TEST(error_of(head + "O2,c2,0\n").find("links.csv:3: link weight 'hours' is 0") != std::string::npos);
    BOOST_TEST(error_of(head + "O2,c2,\n").find("links.csv:3: link weight 'hours' is missing") != std::string::npos);
    BOOST_TEST(error_of("entity_id,community_id,value\nO1,c1,1\n").find("no weight column 'hours'") != std::string::npos);
    link_options clash = hours();
    clash.as = "a";
    BOOST_TEST(error_of(head, clash).find("column 'a' is already in the communities' data") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ids_keep_their_text) {
    // Community ids that look like numbers keep their leading zeros on both sides.
    const dataset c = parse_csv("unit_id,a\n0101,1\n0102,2\n", csv_options{});
    const link_outcome out = link_entities(orgs(), c, "entity_id,community_id,weight\nO1,0101,1\n", "l.csv", link_options{});
    BOOST_TEST(col(out.data, "entity_score").values[0] == 80.0);
    BOOST_TEST(out.unlinked == std::vector<std::string>{"0102"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
