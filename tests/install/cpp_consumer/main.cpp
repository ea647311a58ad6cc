// A C++17 program built against an installed civiscore through find_package(civiscore): proves the
// CMake package and civiscore.hpp work, and checks the totals worked out by hand in ../data/README.md.
// Usage: cpp_consumer MODEL.json UNITS.csv
#include <civiscore.hpp>

#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
    if (!ok) {
        std::cerr << "check failed: " << what << '\n';
        ++failures;
    }
}

bool close_to(double actual, double expected) {
    return std::fabs(actual - expected) <= 1e-9 * (1.0 + std::fabs(expected));
}

}  // namespace

int main(int argc, char** argv) {
    namespace cs = civiscore::api;
    if (argc != 3) {
        std::cerr << "usage: " << argv[0] << " MODEL.json UNITS.csv\n";
        return 2;
    }
    try {
        check(cs::version_number() == CIVISCORE_VERSION_NUMBER, "run-time version == header version");

        const cs::model model = cs::model::from_file(argv[1]);
        const cs::dataset data = cs::dataset::from_csv_file(argv[2]);
        const cs::result result = cs::score(model, data, 1);

        check(model.indicator_ids() == std::vector<std::string>{"access", "wait"}, "indicator ids");
        check(model.node_ids() == std::vector<std::string>{"total", "access", "wait"}, "node ids");
        check(!model.node_parent(0).has_value(), "root has no parent");
        check(model.find_node("wait") == std::optional<std::size_t>{2}, "find_node(wait)");
        check(result.unit_ids() == std::vector<std::string>{"north", "east", "west"}, "unit ids");

        // Hand-computed in ../data/README.md.
        const std::vector<double> totals = result.root_scores();
        check(totals.size() == 3, "three totals");
        check(close_to(totals.at(0), 100.0), "north = (3*100 + 1*100)/4 = 100");
        check(close_to(totals.at(1), 56.25), "east = (3*50 + 1*75)/4 = 56.25");
        check(close_to(totals.at(2), 20.0), "west = 3*20/3 = 20 (wait missing, skipped)");

        const std::vector<double> wait = result.node_scores(2);
        check(close_to(wait.at(1), 75.0) && std::isnan(wait.at(2)), "wait scores 75 and NaN");

        check(result.ranks() == std::vector<std::int64_t>{1, 2, 3}, "ranks 1 2 3");
        check(result.grades() == std::vector<int>{0, 0, 1}, "grades good good poor");
        check(model.grade_labels() == std::vector<std::string>{"good", "poor"}, "grade labels");
        check(result.statuses() == std::vector<cs::unit_status>{cs::unit_status::ok, cs::unit_status::ok,
                                                                cs::unit_status::partial},
              "statuses ok ok partial");

        const std::vector<double> weights = result.effective_weights();
        check(weights.size() == 2 && close_to(weights[0], 0.75) && close_to(weights[1], 0.25),
              "effective weights 3/4 and 1/4");

        // Fit once, score again from the serialised fit: the same numbers come back.
        const cs::fitted fit = cs::fit(model, data, 1);
        const cs::fitted reloaded = cs::fitted::from_json(model, fit.to_json());
        const cs::result again = cs::score(model, reloaded, data, 2);
        check(again.root_scores().at(1) == totals.at(1), "score from reloaded fit is identical");

        check(result.model_sha256() == model.sha256() && model.sha256().size() == 64,
              "result stamped with the model's SHA-256");
        check(result.to_string(cs::format::json).find("\"east\"") != std::string::npos,
              "JSON output lists unit east");

        // The same units from memory, in both layouts, score the same.
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const std::vector<std::string> columns{"access", "wait"};
        const std::vector<std::string> units{"north", "east", "west"};
        const cs::dataset rows = cs::dataset::from_matrix({50, 0, 25, 15, 10, nan}, 3, columns, units);
        const cs::dataset cols = cs::dataset::from_matrix({50, 25, 10, 0, 15, nan}, 3, columns, units,
                                                          cs::layout::col_major);
        for (const cs::dataset* d : {&rows, &cols}) {
            const std::vector<double> t = cs::score(model, *d, 1).root_scores();
            check(t.size() == 3 && close_to(t[0], 100.0) && close_to(t[1], 56.25) &&
                      close_to(t[2], 20.0),
                  "matrix dataset scores 100, 56.25, 20");
        }

        // Errors surface as civiscore::api::error with the library's status and message.
        try {
            (void)cs::model::from_json(R"({"civiscore_model": 1, "id": "m", "name": "m",
                "root": {"id": "r", "children": [
                  {"id": "a", "weight": -1, "rule": {"type": "binary"}}]}})");
            check(false, "an invalid model throws");
        } catch (const cs::error& e) {
            check(e.status() == CIVISCORE_ERROR_MODEL, "invalid model: CIVISCORE_ERROR_MODEL");
            check(std::string(e.what()).find("/root/children/0/weight") != std::string::npos,
                  "model error message carries the JSON pointer of the bad weight");
        }
    } catch (const cs::error& e) {
        std::cerr << "cpp_consumer: civiscore error " << e.status() << ": " << e.what() << '\n';
        return 1;
    }

    if (failures != 0) {
        std::cerr << "cpp_consumer: " << failures << " check(s) failed\n";
        return 1;
    }
    std::cout << "cpp_consumer: ok (civiscore " << cs::version_string() << ")\n";
    return 0;
}
