// End-to-end regional-42, in memory: fit + score + rank + grade of a loaded dataset, through the C++
// engine and through the C ABI (with the results read out into caller arrays, as an embedding
// program would). Argument = threads. Not pass/fail: see README.md.
#include "bench_data.hpp"

#include <civiscore.h>
#include <civiscore/engine.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

struct fixture {
    civiscore::model_ptr model = bench::load_model();
    civiscore::dataset data = bench::load_data(*model);
    civiscore_model* cmodel = nullptr;
    civiscore_dataset* cdata = nullptr;
    fixture() {
        const auto path = bench::model_path();
        if (civiscore_model_load_file(path.c_str(), &cmodel) != CIVISCORE_OK) fail();
        const auto k = model->input_columns.size(), n = data.unit_count();
        // The same values, handed over as a column-major matrix the way a C caller holds them.
        std::vector<double> x(n * k);
        std::vector<const char*> cols(k), ids(n);
        for (std::size_t j = 0; j < k; ++j) {
            const auto& c = data.columns[static_cast<std::size_t>(data.find_column(model->input_columns[j]))];
            std::copy(c.values.begin(), c.values.end(), x.begin() + static_cast<std::ptrdiff_t>(j * n));
            cols[j] = model->input_columns[j].c_str();
        }
        for (std::size_t u = 0; u < n; ++u) ids[u] = data.unit_ids[u].c_str();
        if (civiscore_dataset_from_matrix(x.data(), n, k, CIVISCORE_COL_MAJOR, 0, cols.data(), ids.data(), &cdata) != CIVISCORE_OK)
            fail();
    }
    [[noreturn]] static void fail() {
        std::fprintf(stderr, "%s\n", civiscore_last_error_message());
        std::exit(1);
    }
};

fixture& the() {
    static fixture f;
    return f;
}

void cpp_fit_score(benchmark::State& st) {
    auto& f = the();
    for (auto _ : st) {
        auto r = civiscore::score(f.model, f.data, static_cast<int>(st.range(0)));
        benchmark::DoNotOptimize(r.rank.data());
    }
    st.counters["units"] = static_cast<double>(f.data.unit_count());
}

// What the numpy peer returns (index, ranks, grades, weights) plus the dimensions: the result keeps
// the index and its dimensions (score_options::keep, "depth:1"), not all 61 node columns.
void cpp_fit_score_dimensions(benchmark::State& st) {
    auto& f = the();
    civiscore::score_options o;
    o.keep = civiscore::keep_nodes(*f.model, "depth:1");
    for (auto _ : st) {
        auto r = civiscore::score(f.model, f.data, static_cast<int>(st.range(0)), o);
        benchmark::DoNotOptimize(r.rank.data());
    }
    st.counters["units"] = static_cast<double>(f.data.unit_count());
}

// Through the C ABI, with the index, ranks and grades read out into caller arrays; `options` (or
// none: civiscore_score) says what the result keeps.
void capi_run(benchmark::State& st, const char* options) {
    auto& f = the();
    const std::size_t n = f.data.unit_count();
    std::vector<double> index(n);
    std::vector<int64_t> ranks(n);
    std::vector<int> grades(n);
    const int threads = static_cast<int>(st.range(0));
    for (auto _ : st) {
        civiscore_result* r = nullptr;
        const int rc = options ? civiscore_score_opts(f.cmodel, nullptr, f.cdata, options, threads, &r)
                               : civiscore_score(f.cmodel, nullptr, f.cdata, threads, &r);
        if (rc != CIVISCORE_OK || civiscore_result_node_scores(r, 0, index.data(), n) != CIVISCORE_OK ||
            civiscore_result_ranks(r, ranks.data(), n) != CIVISCORE_OK || civiscore_result_grades(r, grades.data(), n) != CIVISCORE_OK)
            fixture::fail();
        civiscore_result_free(r);
        benchmark::DoNotOptimize(index.data());
    }
    st.counters["units"] = static_cast<double>(n);
}

// Every node kept, as civiscore_score does.
void capi_fit_score(benchmark::State& st) { capi_run(st, nullptr); }

// The C ABI keeping the index and its dimensions.
void capi_fit_score_dimensions(benchmark::State& st) { capi_run(st, R"({"keep": "depth:1"})"); }

}  // namespace

BENCHMARK(cpp_fit_score)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cpp_fit_score_dimensions)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(capi_fit_score)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(capi_fit_score_dimensions)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
