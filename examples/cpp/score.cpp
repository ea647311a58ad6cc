// Score a data set with a model through civiscore.hpp and print the best units with their grades.
//
//   score_cpp MODEL.json DATA.csv [TOP]      (TOP defaults to 10)
//
// The same program as examples/c/score.c, written against the C++17 wrapper: no frees, no status
// checks, one catch. Both print identical text (ctest compares them).
#include <civiscore.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    namespace cs = civiscore::api;
    if (argc < 3 || argc > 4) {
        std::cerr << "usage: " << argv[0] << " MODEL.json DATA.csv [TOP]\n";
        return 2;
    }
    std::size_t top = 10;
    if (argc == 4) {
        try {
            std::size_t used = 0;
            const unsigned long v = std::stoul(argv[3], &used);
            if (used != std::string(argv[3]).size() || v == 0) {
                throw std::invalid_argument(argv[3]);
            }
            top = v;
        } catch (const std::logic_error&) {
            std::cerr << "score: TOP must be a positive integer, not '" << argv[3] << "'\n";
            return 2;
        }
    }

    try {
        const cs::model model = cs::model::from_file(argv[1]);
        const cs::dataset data = cs::dataset::from_csv_file(argv[2]);
        // No fitted state: fit on this data, then score it. 0 threads = all cores.
        const cs::result result = cs::score(model, data, 0);

        const std::vector<double> totals = result.root_scores();
        const std::vector<std::int64_t> ranks = result.ranks();
        const std::vector<int> grades = result.grades();
        const std::vector<cs::unit_status> statuses = result.statuses();
        const std::vector<std::string> grade_labels = model.grade_labels();

        std::array<std::size_t, 3> counts{};
        for (cs::unit_status s : statuses) {
            ++counts.at(static_cast<std::size_t>(s));
        }

        // Ranked units by rank; ties and unranked units (rank 0, last) keep data order.
        std::vector<std::size_t> order(result.unit_count());
        std::iota(order.begin(), order.end(), std::size_t{0});
        const auto key = [&](std::size_t u) {
            return ranks[u] == 0 ? std::numeric_limits<std::int64_t>::max() : ranks[u];
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return key(a) < key(b); });

        std::printf("%s (%s)\n", model.name().c_str(), model.id().c_str());
        std::printf("%lu units: %lu ok, %lu partial, %lu unscored\n",
                    static_cast<unsigned long>(result.unit_count()),
                    static_cast<unsigned long>(counts[0]), static_cast<unsigned long>(counts[1]),
                    static_cast<unsigned long>(counts[2]));
        std::printf("%4s  %-12s  %7s  %s\n", "rank", "unit", "score", "grade");
        for (std::size_t i = 0; i < order.size() && i < top; ++i) {
            const std::size_t u = order[i];
            if (ranks[u] == 0) {
                break;  // only unscored units are left
            }
            const std::string grade =
                grades[u] >= 0 ? grade_labels.at(static_cast<std::size_t>(grades[u])) : "-";
            std::printf("%4lld  %-12s  %7.2f  %s\n", static_cast<long long>(ranks[u]),
                        result.unit_id(u).c_str(), totals[u], grade.c_str());
        }
    } catch (const cs::error& e) {
        std::cerr << "score: " << civiscore_status_string(e.status()) << "\n" << e.what() << '\n';
        return 1;
    }
    return 0;
}
