// Single-unit scoring latency through the C ABI (issue 7: p99 < 20 us): fit regional-42 once, prepare
// a scorer, then score the data's units one call at a time, timing every call. Prints p50, p99 and
// the maximum in microseconds. Not pass/fail.
//
//   CIVISCORE_BENCH_DATA=build-bench/data/regional-42-10000.csv build-bench/bin/bench_single_unit [calls]
#include "bench_data.hpp"

#include <civiscore.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
    const std::size_t calls = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000;
    const auto m = bench::load_model();
    const auto d = bench::load_data(*m);
    const std::size_t n = d.unit_count(), k = m->input_columns.size();
    std::vector<double> x(n * k);  // row-major: one unit's values together, as a form arrives
    std::vector<const char*> cols(k), ids(n);
    for (std::size_t j = 0; j < k; ++j) {
        const auto& c = d.columns[static_cast<std::size_t>(d.find_column(m->input_columns[j]))];
        for (std::size_t u = 0; u < n; ++u) x[u * k + j] = c.values[u];
        cols[j] = m->input_columns[j].c_str();
    }
    for (std::size_t u = 0; u < n; ++u) ids[u] = d.unit_ids[u].c_str();
    civiscore_model* model = nullptr;
    civiscore_dataset* data = nullptr;
    civiscore_fitted* fitted = nullptr;
    civiscore_scorer* scorer = nullptr;
    const auto path = bench::model_path();
    if (civiscore_model_load_file(path.c_str(), &model) != CIVISCORE_OK ||
        civiscore_dataset_from_matrix(x.data(), n, k, CIVISCORE_ROW_MAJOR, 0, cols.data(), ids.data(), &data) != CIVISCORE_OK ||
        civiscore_fit(model, data, 0, &fitted) != CIVISCORE_OK || civiscore_scorer_new(model, fitted, &scorer) != CIVISCORE_OK) {
        std::fprintf(stderr, "%s\n", civiscore_last_error_message());
        return 1;
    }
    const std::size_t nodes = civiscore_model_node_count(model);
    std::vector<double> scores(nodes), coverage(nodes);
    std::vector<double> us(calls);
    double checksum = 0;
    for (std::size_t i = 0; i < calls; ++i) {
        const double* row = x.data() + (i % n) * k;
        int status = 0, grade = 0;
        const auto t0 = std::chrono::steady_clock::now();
        const int rc = civiscore_scorer_score(scorer, row, k, scores.data(), coverage.data(), nodes, &status, &grade);
        const auto t1 = std::chrono::steady_clock::now();
        if (rc != CIVISCORE_OK) {
            std::fprintf(stderr, "%s\n", civiscore_last_error_message());
            return 1;
        }
        us[i] = std::chrono::duration<double, std::micro>(t1 - t0).count();
        checksum += scores[0] == scores[0] ? scores[0] : 0;
    }
    std::sort(us.begin(), us.end());
    auto pct = [&](double p) { return us[std::min(calls - 1, static_cast<std::size_t>(p * static_cast<double>(calls)))]; };
    std::printf("single_unit calls %zu p50_us %.3f p99_us %.3f max_us %.3f checksum %.6f\n", calls, pct(0.5), pct(0.99),
                us.back(), checksum);
    civiscore_scorer_free(scorer);
    civiscore_fitted_free(fitted);
    civiscore_dataset_free(data);
    civiscore_model_free(model);
    return 0;
}
