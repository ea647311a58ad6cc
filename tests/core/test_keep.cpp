// Score option "keep" (issue 7): keep_nodes parses node ids and the words all, groups, indicators,
// depth:N; a result keeping some nodes holds exactly the full result's values for them, bit for
// bit, on both ways through the engine (the fused tile pass of most models, and the node-by-node
// pass MCDA groups need), for 1 and 2 threads; ranks, grades, statuses and weights are complete.
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/io/result_writer.hpp>
#include <civiscore/io/rollup_writer.hpp>
#include <civiscore/link.hpp>
#include <civiscore/model.hpp>
#include <civiscore/rollup.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace civiscore;

namespace {

const std::string root_dir = CIVISCORE_SOURCE_DIR;

model_ptr sanshe_model() { return load_model_file(root_dir + "/examples/sanshe/model.json"); }
dataset sanshe_data() { return read_csv_file(root_dir + "/examples/sanshe/communities.csv", csv_options{}); }

// The ASEM example with two MCDA groups (TOPSIS on Political, VIKOR on Social): MCDA aggregations
// read their children's whole columns, so the engine scores such a model node by node.
model_ptr asem_mcda_model() {
    std::ifstream in(root_dir + "/examples/asem/model.json");
    nlohmann::json m = nlohmann::json::parse(in);
    for (auto& dim : m["root"]["children"])
        for (auto& group : dim["children"]) {
            if (group["id"] == "Political") group["aggregation"] = {{"type", "topsis"}};
            if (group["id"] == "Social") group["aggregation"] = {{"type", "vikor"}, {"v", 0.5}};
        }
    return load_model(m.dump());
}
dataset asem_data() {
    csv_options o;
    o.id_column = "uCode";
    return read_csv_file(root_dir + "/examples/asem/ASEM_iData.csv", o);
}

std::vector<std::string> ids_of(const model& m, const std::vector<int>& nodes) {
    std::vector<std::string> out;
    for (int n : nodes) out.push_back(m.nodes[static_cast<std::size_t>(n)].id);
    return out;
}

std::string error_of(const model& m, const std::string& spec) {
    try {
        (void)keep_nodes(m, spec);
    } catch (const invalid_argument_error& e) {
        return e.what();
    }
    return "";
}

// Same bits (NaN == NaN of the same payload): "bit for bit", not within a tolerance.
bool same_bits(const double* a, const double* b, std::size_t n) { return std::memcmp(a, b, n * sizeof(double)) == 0; }

// `part` (scored with `keep`) holds exactly `full`'s values for the kept nodes, nothing for the others.
void check_partial_equals_full(const result& full, const result& part, const std::vector<int>& keep) {
    const model& m = *full.model;
    BOOST_REQUIRE_EQUAL(part.n_units, full.n_units);
    BOOST_REQUIRE_EQUAL(part.n_nodes, full.n_nodes);
    std::vector<char> kept(m.nodes.size(), 0);
    for (int k : keep) kept[static_cast<std::size_t>(k)] = 1;
    kept[0] = 1;
    std::size_t n_kept = 0;
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {
        BOOST_TEST_CONTEXT("node " << m.nodes[n].id) {
            BOOST_TEST(part.kept(n) == static_cast<bool>(kept[n]));
            if (!kept[n]) {
                BOOST_TEST(part.node_scores(n) == nullptr);
                BOOST_TEST(part.node_coverages(n) == nullptr);
                BOOST_TEST(std::isnan(part.score(0, n)));
                continue;
            }
            ++n_kept;
            BOOST_TEST(same_bits(part.node_scores(n), full.node_scores(n), full.n_units));
            BOOST_TEST(same_bits(part.node_coverages(n), full.node_coverages(n), full.n_units));
        }
    }
    // Only the kept rows are stored: the memory a province-scale run saves.
    BOOST_TEST(part.scores.size() == n_kept * full.n_units);
    BOOST_TEST(part.coverage.size() == n_kept * full.n_units);
    BOOST_TEST(part.rank == full.rank, boost::test_tools::per_element());
    BOOST_TEST(part.grade == full.grade, boost::test_tools::per_element());
    BOOST_TEST((part.status == full.status));
    BOOST_TEST(same_bits(part.effective_weights.data(), full.effective_weights.data(), full.effective_weights.size()));
    BOOST_TEST(part.fitted_sha256 == full.fitted_sha256);
    BOOST_TEST(part.node_report == full.node_report);
    BOOST_TEST(part.mcda == full.mcda);
}

void check_model(const model_ptr& m, const dataset& d, const std::vector<std::string>& specs) {
    const fitted f = fit(*m, d, 1);
    const result full = score(m, f, d, 1);
    BOOST_REQUIRE(full.node_row.empty());
    for (const std::string& spec : specs) {
        const std::vector<int> keep = keep_nodes(*m, spec);
        for (int threads : {1, 2}) {
            BOOST_TEST_CONTEXT("keep " << spec << ", " << threads << " thread(s)") {
                check_partial_equals_full(full, score(m, f, d, threads, score_options{keep}), keep);
                // Fit-and-score in one call keeps the same way.
                check_partial_equals_full(full, score(m, d, threads, score_options{keep}), keep);
            }
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(keep)

BOOST_AUTO_TEST_CASE(keep_nodes_reads_ids_and_words) {
    const auto m = sanshe_model();  // 5-13-42: root TSL, dimensions D1..D5, 13 groups, 42 indicators
    BOOST_REQUIRE_EQUAL(m->nodes.size(), 61u);
    // depth:1 = the root and the five dimensions, in model order.
    const std::vector<std::string> dims{"TSL", "D1", "D2", "D3", "D4", "D5"};
    BOOST_TEST(ids_of(*m, keep_nodes(*m, "depth:1")) == dims, boost::test_tools::per_element());
    BOOST_TEST(ids_of(*m, keep_nodes(*m, "depth:0")) == std::vector<std::string>{"TSL"}, boost::test_tools::per_element());
    BOOST_TEST(keep_nodes(*m, "depth:2").size() == 1u + 5u + 13u);
    BOOST_TEST(keep_nodes(*m, "depth:99").size() == 61u);
    BOOST_TEST(keep_nodes(*m, "groups").size() == 1u + 5u + 13u);  // every node that is not an indicator
    BOOST_TEST(keep_nodes(*m, "indicators").size() == 1u + 42u);   // the root always
    BOOST_TEST(keep_nodes(*m, "all").size() == 61u);
    // Ids in any order, spaces and repeats ignored; the result is in model order, the root first.
    const std::vector<std::string> some{"TSL", "D1", "D1.2", "D3"};
    BOOST_TEST(ids_of(*m, keep_nodes(*m, " D3 ,D1.2,D1,D3")) == some, boost::test_tools::per_element());
    // Words and ids together.
    BOOST_TEST(ids_of(*m, keep_nodes(*m, "depth:0,D2")) == (std::vector<std::string>{"TSL", "D2"}), boost::test_tools::per_element());
    BOOST_TEST(ids_of(*m, keep_nodes(*m, " , ,")) == std::vector<std::string>{"TSL"}, boost::test_tools::per_element());
    for (int n : keep_nodes(*m, "indicators"))
        if (n != 0) BOOST_TEST(m->nodes[static_cast<std::size_t>(n)].is_indicator);
}

BOOST_AUTO_TEST_CASE(keep_nodes_names_what_it_does_not_know) {
    const auto m = sanshe_model();
    const std::string unknown = error_of(*m, "D1,D9");
    BOOST_TEST(unknown.find("'D9'") != std::string::npos, unknown);
    BOOST_TEST(unknown.find("depth:N") != std::string::npos, unknown);
    BOOST_TEST(error_of(*m, "D1").empty());
    for (const std::string bad : {"depth:", "depth:x", "depth:-1", "depth:1.5", "depth:1 2"}) {
        const std::string e = error_of(*m, bad);
        BOOST_TEST(e.find("'" + bad + "'") != std::string::npos, bad << " -> " << e);
    }
    BOOST_TEST(!error_of(*m, "d1").empty());  // ids are case-sensitive, as everywhere in a model
    // Node indices out of range are refused by score itself.
    BOOST_CHECK_THROW((void)score(m, sanshe_data(), 1, score_options{{0, 61}}), invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(sanshe_partial_equals_full_bit_for_bit) {
    // A points model (display applied while copying kept rows) on the fused tile path.
    check_model(sanshe_model(), sanshe_data(), {"depth:0", "depth:1", "D1.2,I07", "indicators", "groups"});
}

BOOST_AUTO_TEST_CASE(asem_with_mcda_groups_partial_equals_full_bit_for_bit) {
    const auto m = asem_mcda_model();
    const auto d = asem_data();
    BOOST_REQUIRE(m->nodes[static_cast<std::size_t>(m->find("Political"))].mcda.active());
    check_model(m, d, {"depth:1", "Political,Social", "Index", "indicators", "groups"});
    // The VIKOR report (per unit S, R, Q) does not depend on what is kept.
    BOOST_TEST(!score(m, d, 1, score_options{keep_nodes(*m, "depth:0")}).mcda.empty());
}

BOOST_AUTO_TEST_CASE(keeping_every_node_is_a_full_result) {
    const auto m = sanshe_model();
    const auto r = score(m, sanshe_data(), 1, score_options{keep_nodes(*m, "all")});
    BOOST_TEST(r.node_row.empty());
    BOOST_TEST(r.scores.size() == 61u * r.n_units);
}

BOOST_AUTO_TEST_CASE(writers_write_only_kept_nodes) {
    const auto m = sanshe_model();
    const auto d = sanshe_data();
    const auto full = score(m, d, 1);
    const auto part = score(m, d, 2, score_options{keep_nodes(*m, "depth:1")});
    // CSV: unit_id,status,TSL,D1..D5,rank,grade, and each row is the full row without the other nodes.
    const std::string csv = write_result(part, output_format::csv);
    const std::string header = csv.substr(0, csv.find('\n'));
    BOOST_TEST(header == "unit_id,status,TSL,D1,D2,D3,D4,D5,rank,grade");
    const std::string full_csv = write_result(full, output_format::csv);
    std::istringstream a(csv), b(full_csv);
    std::string la, lb;
    std::getline(a, la);
    std::getline(b, lb);
    std::vector<int> dims;
    for (const std::string& id : {"TSL", "D1", "D2", "D3", "D4", "D5"}) dims.push_back(m->find(id));
    std::size_t rows = 0;
    while (std::getline(b, lb)) {
        BOOST_REQUIRE(std::getline(a, la));
        std::vector<std::string> cells;
        std::stringstream ss(lb);
        for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
        if (lb.back() == ',') cells.emplace_back();
        BOOST_REQUIRE_EQUAL(cells.size(), 2u + 61u + 2u);
        std::string want = cells[0] + "," + cells[1];
        for (int n : dims) want += "," + cells[2 + static_cast<std::size_t>(n)];
        want += "," + cells[63] + "," + cells[64];
        BOOST_TEST(la == want);
        ++rows;
    }
    BOOST_TEST(rows == full.n_units);
    BOOST_TEST(!std::getline(a, la));
    // JSON: the kept nodes in "nodes" and in every unit's "scores", with the full run's values.
    const auto doc = nlohmann::json::parse(write_result(part, output_format::json));
    const auto full_doc = nlohmann::json::parse(write_result(full, output_format::json));
    BOOST_TEST(doc["nodes"].size() == 6u);
    BOOST_TEST(doc["units"][5]["scores"].size() == 6u);
    for (const std::string& id : {"TSL", "D1", "D5"})
        BOOST_TEST(doc["units"][5]["scores"][id] == full_doc["units"][5]["scores"][id]);
    BOOST_TEST(doc["units"][5]["rank"] == full_doc["units"][5]["rank"]);
    BOOST_TEST(doc["effective_weights"] == full_doc["effective_weights"]);
    // Table: with only the root kept there is no dimension column.
    const auto index_only = score(m, d, 1, score_options{keep_nodes(*m, "depth:0")});
    const std::string table = write_result(index_only, output_format::table);
    BOOST_TEST(table.find("Rank  Unit") != std::string::npos);
    BOOST_TEST(table.find(" D1") == std::string::npos);
    BOOST_TEST(write_result(part, output_format::table).find(" D1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(csv_numbers_are_shortest_round_trip_without_minus_zero) {
    // The CSV writer formats straight into its buffer: the same text as before (shortest round
    // trip, "0" for -0, an empty cell for NaN). goalposts 0..1 on the 0..100 scale: score = x * 100,
    // so 0.5 -> 50, 0.001 -> 0.1 and 1e-9 -> 1.0000000000000001e-07 (IEEE: 1e-9 * 100, as Python's
    // repr(1e-9 * 100) shows). The root of one child is that child's score.
    const auto m = load_model(R"({"civiscore_model": 1, "id": "t", "name": "t", "root": {"id": "r", "children": [
        {"id": "a", "rule": {"type": "goalposts", "worst": 0, "best": 1}}]}})");
    const std::vector<double> v{0.5, 0.001, 1e-9, NAN};
    const auto d = dataset_from_matrix(v.data(), 4, 1, matrix_layout::row_major, 0, {"a"}, {"u1", "u2", "u3", "u4"});
    result r = score(m, d, 1);
    // Node a (row 1) set by hand to values the engine does not produce here: 0.1 + 0.2 needs 17
    // digits (0.30000000000000004), and -0 must be written as 0.
    r.scores[1 * r.n_units + 0] = 0.1 + 0.2;
    r.scores[1 * r.n_units + 1] = -0.0;
    const std::string csv = write_result(r, output_format::csv);
    BOOST_TEST(csv ==
               "unit_id,status,r,a,rank,grade\n"
               "u1,ok,50,0.30000000000000004,1,\n"
               "u2,ok,0.1,0,2,\n"
               "u3,ok,1.0000000000000001e-07,1.0000000000000001e-07,3,\n"
               "u4,unscored,,,,\n");
}

BOOST_AUTO_TEST_CASE(rollup_averages_only_kept_nodes) {
    const std::string dir = root_dir + "/tests/data/units-links/";
    const auto m = load_model_file(dir + "community-model.json");
    const auto d = read_csv_file(dir + "communities.csv", csv_options{});
    const auto full = score(m, d, 1);
    const auto part = score(m, d, 1, score_options{keep_nodes(*m, "a")});
    BOOST_REQUIRE(part.rollup);
    const int a = m->find("a"), b = m->find("b");
    for (std::size_t l = 0; l < full.rollup->levels.size(); ++l) {
        const auto& fl = full.rollup->levels[l];
        const auto& pl = part.rollup->levels[l];
        for (std::size_t g = 0; g < fl.groups.size(); ++g) {
            BOOST_TEST(pl.score(g, 0) == fl.score(g, 0));
            BOOST_TEST(pl.score(g, static_cast<std::size_t>(a)) == fl.score(g, static_cast<std::size_t>(a)));
            BOOST_TEST(std::isnan(pl.score(g, static_cast<std::size_t>(b))));
        }
        BOOST_TEST(pl.rank == fl.rank, boost::test_tools::per_element());
    }
    const std::string csv = write_rollup(part, output_format::csv);
    BOOST_TEST(csv.substr(0, csv.find('\n')) == "level,group,parent,status,rank,rank_in_parent,grade,units,scored,unscored,no_weight,weight,total,a");
    const auto doc = nlohmann::json::parse(write_rollup(part, output_format::json));
    BOOST_TEST(doc["rollup"]["levels"][0]["groups"][0]["scores"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(linking_a_node_not_kept_is_refused) {
    // Linking would otherwise report every entity as unscored for a node simply left out.
    const std::string dir = root_dir + "/tests/data/units-links/";
    csv_options o;
    o.id_column = "org_id";
    const auto m = load_model_file(dir + "org-model.json");
    const auto orgs = read_csv_file(dir + "orgs.csv", o);
    const auto communities = read_csv_file(dir + "communities.csv", csv_options{});
    std::ifstream in(dir + "links.csv");
    std::ostringstream links;
    links << in.rdbuf();
    link_options lo;
    lo.weight_column = "hours";
    lo.as = "org_score";
    lo.node = "performance";
    const auto index_only = score(m, orgs, 1, score_options{keep_nodes(*m, "depth:0")});
    try {
        (void)link_entities(index_only, communities, links.str(), "links.csv", lo);
        BOOST_FAIL("linking a node not kept must fail");
    } catch (const invalid_argument_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("'performance' was not kept") != std::string::npos, what);
    }
    // The root is always kept: linking it works and gives the full run's column.
    lo.node.clear();
    const auto a = link_entities(index_only, communities, links.str(), "links.csv", lo);
    const auto b = link_entities(score(m, orgs, 1), communities, links.str(), "links.csv", lo);
    const int ca = a.data.find_column("org_score"), cb = b.data.find_column("org_score");
    BOOST_REQUIRE(ca >= 0);
    BOOST_REQUIRE(cb >= 0);
    const auto& va = a.data.columns[static_cast<std::size_t>(ca)].values;
    const auto& vb = b.data.columns[static_cast<std::size_t>(cb)].values;
    BOOST_TEST(same_bits(va.data(), vb.data(), va.size()));
    BOOST_TEST(va.size() == vb.size());
}

BOOST_AUTO_TEST_SUITE_END()
