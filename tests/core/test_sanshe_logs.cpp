// The 三社联动 example's platform indicators derived from its service log and priority registry
// (examples/sanshe/model.json, "logs"): the worked example's log is built so the derived inputs equal
// the reference worked example's typed-in values, so every hand-computed point still holds.
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/logs.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace civiscore;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(sanshe_logs)

BOOST_AUTO_TEST_CASE(worked_example_from_the_log_matches_the_hand_computation) {
    const std::string dir = std::string(CIVISCORE_SOURCE_DIR) + "/examples/sanshe/";
    const auto m = load_model_file(dir + "model.json");
    const dataset units = read_csv_file(dir + "worked-example-platform.csv", csv_options{});
    logs::input log, reg;
    log.name = "services";
    log.path = dir + "worked-example-services.csv";
    reg.name = "priority";
    reg.path = dir + "worked-example-registry.csv";
    const auto d = logs::derive(*m, units, {log}, {reg});
    const auto col = [&](const char* id) { return d.data.columns[static_cast<std::size_t>(d.data.find_column(id))].values[0]; };
    // By hand from worked-example-services.csv / -registry.csv (population 1000):
    //   I14: registry W01..W08 (8 persons); visits reach W01..W06 -> 6/8*100 = 75
    //   I15: quantities 6 visits x 1 + 20 requests x 1 + activities 120+95+88+76+110+64+102+83+71+65 = 874
    //        -> 900 person-times / 1000 residents * 1000 = 900
    //   I16: 20 requests, 17 answered within 24 h (the others 30, 36, 72 h) -> 17/20*100 = 85
    BOOST_TEST(col("I14") == 75.0, tt::tolerance(1e-12));
    BOOST_TEST(col("I15") == 900.0, tt::tolerance(1e-12));
    BOOST_TEST(col("I16") == 85.0, tt::tolerance(1e-12));
    BOOST_TEST(d.report.logs.at(0).records == 36u);
    BOOST_TEST(d.report.logs.at(0).unknown_unit_records == 0u);

    // The same inputs as worked-example.csv, so every point of the hand computation holds:
    // total 995689727/13566000 (tests/data/sanshe-worked-expected.json).
    const auto r = score(m, d.data, 1);
    std::ifstream in(std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/sanshe-worked-expected.json");
    const auto expected = nlohmann::json::parse(in);
    std::size_t checked = 0;
    for (const auto& [id, value] : expected["points"].items()) {
        const int n = m->find(id);
        BOOST_REQUIRE(n >= 0);
        BOOST_TEST(r.score(0, static_cast<std::size_t>(n)) == value.get<double>(), tt::tolerance(1e-9));
        ++checked;
    }
    BOOST_TEST(checked >= 42u);
    BOOST_TEST(r.score(0, 0) == 995689727.0 / 13566000.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_SUITE_END()
