// Competition ranks: "1224" ties, NaN unranked.
#include <civiscore/methods/rank.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <vector>

using civiscore::methods::competition_ranks;

namespace {
constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
}  // namespace

BOOST_AUTO_TEST_SUITE(rank)

BOOST_AUTO_TEST_CASE(ties_share_lowest_rank) {
    // 90 first; the two 80s share 2; 70 is 4th (three scores above it): "1224".
    const std::vector<double> scores{80.0, 90.0, 70.0, 80.0};
    const std::vector<std::int64_t> want{2, 1, 4, 2};
    BOOST_TEST(competition_ranks(scores) == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(nan_is_unranked_and_not_counted) {
    // NaN gets 0 and does not push anyone down: 60 is 3rd of the three scored units.
    const std::vector<double> scores{nan_v, 75.0, 60.0, nan_v, 75.0};
    const std::vector<std::int64_t> want{0, 1, 3, 0, 1};
    BOOST_TEST(competition_ranks(scores) == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(edge_cases) {
    BOOST_TEST(competition_ranks(std::vector<double>{}).empty());
    const std::vector<std::int64_t> all_nan{0, 0};
    BOOST_TEST(competition_ranks({nan_v, nan_v}) == all_nan, boost::test_tools::per_element());
    const std::vector<std::int64_t> all_tied{1, 1, 1};
    BOOST_TEST(competition_ranks({5.0, 5.0, 5.0}) == all_tied, boost::test_tools::per_element());
    // Negative scores (z-scores) and infinities order like any numbers.
    const std::vector<std::int64_t> signed_want{3, 1, 4, 2};
    BOOST_TEST(competition_ranks({-1.0, std::numeric_limits<double>::infinity(),
                                  -std::numeric_limits<double>::infinity(), 0.0}) == signed_want,
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(matches_definition_on_many_values) {
    // Rank = 1 + count strictly greater, checked by brute force on a pseudo-random set with ties.
    std::vector<double> scores;
    std::uint32_t state = 12345;
    for (int i = 0; i < 2000; ++i) {
        state = state * 1664525u + 1013904223u;
        const std::uint32_t r = state >> 22;  // 0..1023: plenty of ties among 2000 values
        scores.push_back(r % 50 == 0 ? nan_v : static_cast<double>(r));
    }
    const std::vector<std::int64_t> got = competition_ranks(scores);
    BOOST_TEST_REQUIRE(got.size() == scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i) {
        std::int64_t want = 0;
        if (scores[i] == scores[i]) {
            want = 1;
            for (double s : scores) want += (s > scores[i]) ? 1 : 0;
        }
        BOOST_TEST(got[i] == want, "unit " << i);
    }
}

BOOST_AUTO_TEST_SUITE_END()
