// Thread-local error messages and concurrent use of shared handles.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <barrier>
#include <string>
#include <thread>
#include <vector>

using namespace capi_test;

namespace {

// Deterministic data for the mini model, more units than one engine block (1024), some missing.
dataset_handle big_mini_dataset(size_t n_units) {
    const size_t nc = mini_columns.size();
    std::vector<double> rows(n_units * nc);
    for (size_t i = 0; i < n_units; ++i) {
        double* r = &rows[i * nc];
        r[0] = 40.0 + static_cast<double>(i % 61);        // satisfaction 40..100
        r[1] = -30.0 + static_cast<double>(i % 47);       // complaints -30..16
        r[2] = static_cast<double>(i % 7);                // meetings 0..6
        r[3] = static_cast<double>(i % 2);                // published
        r[4] = static_cast<double>(i % 5);                // projects 0..4
        r[5] = static_cast<double>(i % 9);                // mismatches
        r[6] = static_cast<double>(i % 4);                // missing ledgers
        if (i % 13 == 0) r[0] = na;
        if (i % 29 == 0) r[1] = na, r[2] = na;
        if (i % 31 == 0) r[5] = na, r[6] = na;
    }
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE(civiscore_dataset_from_matrix(rows.data(), n_units, nc, CIVISCORE_ROW_MAJOR, 0, mini_column_ptrs,
                                                nullptr, &d) == CIVISCORE_OK);
    return dataset_handle(d);
}

struct snapshot {
    std::vector<double> scores;
    std::vector<int> statuses, grades;
    std::vector<int64_t> ranks;
    std::string json;
};

snapshot take(const civiscore_result* r, size_t n_units) {
    snapshot s;
    s.scores.resize(n_units * 9);
    s.statuses.resize(n_units);
    s.grades.resize(n_units);
    s.ranks.resize(n_units);
    if (civiscore_result_scores(r, CIVISCORE_COL_MAJOR, s.scores.data(), s.scores.size()) != CIVISCORE_OK ||
        civiscore_result_statuses(r, s.statuses.data(), n_units) != CIVISCORE_OK ||
        civiscore_result_grades(r, s.grades.data(), n_units) != CIVISCORE_OK ||
        civiscore_result_ranks(r, s.ranks.data(), n_units) != CIVISCORE_OK) {
        s.json = std::string("error: ") + civiscore_last_error_message();
        return s;
    }
    size_t len = 0;
    if (civiscore_result_write_string(r, CIVISCORE_FORMAT_JSON, nullptr, 0, &len) == CIVISCORE_OK) {
        s.json.resize(len + 1);
        (void)civiscore_result_write_string(r, CIVISCORE_FORMAT_JSON, s.json.data(), len + 1, nullptr);
        s.json.resize(len);
    }
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(threads)

BOOST_AUTO_TEST_CASE(error_messages_are_per_thread) {
    std::barrier both_failed(2);
    std::string seen_a, seen_b;
    int status_a = -1, status_b = -1;
    std::thread a([&] {
        status_a = civiscore_model_node_id(nullptr, 0) == nullptr ? CIVISCORE_ERROR_INVALID_ARGUMENT : CIVISCORE_OK;
        both_failed.arrive_and_wait();  // the other thread has failed too before we read
        seen_a = civiscore_last_error_message();
    });
    std::thread b([&] {
        civiscore_dataset* d = nullptr;
        status_b = civiscore_dataset_parse_csv("id,x\nA,1\n", static_cast<size_t>(-1), nullptr, &d);
        both_failed.arrive_and_wait();
        seen_b = civiscore_last_error_message();
    });
    a.join();
    b.join();
    BOOST_TEST(status_a == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(status_b == CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(seen_a.c_str(), "civiscore_model_node_id: model is NULL"), seen_a);
    BOOST_TEST(!contains(seen_a.c_str(), "unit_id"), seen_a);
    BOOST_TEST(contains(seen_b.c_str(), "unit_id"), seen_b);
    BOOST_TEST(!contains(seen_b.c_str(), "civiscore_model_node_id"), seen_b);
    // This thread made no failing call: its message is its own.
    BOOST_TEST(!contains(civiscore_last_error_message(), "civiscore_model_node_id"));
}

BOOST_AUTO_TEST_CASE(eight_threads_score_the_same_model_identically) {
    constexpr size_t n_units = 3000;
    auto m = load_model(mini_model_json);
    auto d = big_mini_dataset(n_units);
    civiscore_fitted* f = nullptr;
    BOOST_REQUIRE(civiscore_fit(m.get(), d.get(), 1, &f) == CIVISCORE_OK);
    fitted_handle fitted(f);
    const snapshot reference = take(score(m.get(), fitted.get(), d.get(), 1).get(), n_units);
    BOOST_REQUIRE(reference.json.rfind("error", 0) != 0);

    constexpr int n_threads = 8;
    std::vector<snapshot> got(n_threads);
    std::vector<int> status(n_threads, -1);
    std::barrier start(n_threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < n_threads; ++t) {
        pool.emplace_back([&, t] {
            start.arrive_and_wait();  // all at once
            civiscore_result* r = nullptr;
            // Alternate with and without the shared fitted state, and vary the engine's own threads.
            status[t] = civiscore_score(m.get(), t % 2 == 0 ? fitted.get() : nullptr, d.get(), t % 3, &r);
            if (status[t] == CIVISCORE_OK) {
                got[t] = take(r, n_units);
                civiscore_result_free(r);
            }
        });
    }
    for (auto& th : pool) th.join();
    for (int t = 0; t < n_threads; ++t) {
        BOOST_TEST_CONTEXT("thread " << t) {
            BOOST_REQUIRE(status[t] == CIVISCORE_OK);
            BOOST_TEST(same_bits(got[t].scores, reference.scores));
            BOOST_TEST((got[t].statuses == reference.statuses));
            BOOST_TEST((got[t].grades == reference.grades));
            BOOST_TEST((got[t].ranks == reference.ranks));
            BOOST_TEST((got[t].json == reference.json));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
