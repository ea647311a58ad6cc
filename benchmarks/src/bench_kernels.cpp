// Google Benchmark kernels of the regional-42 pipeline: normalise (min-max of the 42 columns),
// weights (entropy over the indicators, times expert weights), score with a fitted state (normalise +
// aggregate every group), fit (column statistics + weights) and rank. Not pass/fail: see README.md.
#include "bench_data.hpp"

#include <civiscore/engine.hpp>
#include <civiscore/methods/rank.hpp>
#include <civiscore/methods/rules.hpp>

#include "engine/indicator_weights.hpp"
#include "util/parallel.hpp"

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <memory>

namespace {

struct fixture {
    civiscore::model_ptr model = bench::load_model();
    civiscore::dataset data = bench::load_data(*model);
    civiscore::fitted fitted = civiscore::fit(*model, data, 1);
    civiscore::result result = civiscore::score(model, fitted, data, 1);
};

fixture& the() {
    static fixture f;  // loaded once, outside every timed loop
    return f;
}

void set_threads(benchmark::State& st) { st.counters["threads"] = static_cast<double>(st.range(0)); }

void normalise(benchmark::State& st) {
    auto& f = the();
    const auto n = static_cast<Eigen::Index>(f.data.unit_count());
    Eigen::ArrayXd out(n);
    for (auto _ : st) {
        for (std::size_t i = 0; i < f.model->indicators.size(); ++i) {
            const auto& col = f.data.columns[static_cast<std::size_t>(f.data.find_column(f.model->input_columns[i]))];
            const auto p = f.fitted.params(i);
            const auto& rule = f.model->nodes[static_cast<std::size_t>(f.model->indicators[i])].rule;
            civiscore::methods::min_max(Eigen::Map<const Eigen::ArrayXd>(col.values.data(), n), p.min, p.max, rule.range_lo,
                                        rule.range_hi, rule.dir, out);
            benchmark::DoNotOptimize(out.data());
        }
    }
    st.SetItemsProcessed(st.iterations() * n * static_cast<long>(f.model->indicators.size()));
}

void weights(benchmark::State& st) {
    auto& f = the();
    const std::size_t n = f.result.n_units;
    for (auto _ : st) {
        // The entropy sums of every indicator's scored column (one column per task), then the weights.
        std::vector<civiscore::entropy_sums> sums(f.model->nodes.size());
        civiscore::parallel_for_blocks(f.model->indicators.size(), static_cast<int>(st.range(0)), [&](std::size_t i) {
            const auto node = static_cast<std::size_t>(f.model->indicators[i]);
            sums[node].add(f.result.scores.data() + node * n, n);
        });
        auto lw = civiscore::learn_over_indicators(*f.model, 0, sums, n);
        benchmark::DoNotOptimize(lw.weights.data());
    }
    set_threads(st);
}

void score_fitted(benchmark::State& st) {
    auto& f = the();
    for (auto _ : st) {
        auto r = civiscore::score(f.model, f.fitted, f.data, static_cast<int>(st.range(0)));
        benchmark::DoNotOptimize(r.scores.data());
    }
    set_threads(st);
}

void fit(benchmark::State& st) {
    auto& f = the();
    for (auto _ : st) {
        auto x = civiscore::fit(*f.model, f.data, static_cast<int>(st.range(0)));
        benchmark::DoNotOptimize(x.stats.data());
    }
    set_threads(st);
}

void rank(benchmark::State& st) {
    auto& f = the();
    std::vector<double> root(f.result.scores.begin(), f.result.scores.begin() + static_cast<std::ptrdiff_t>(f.result.n_units));
    for (auto _ : st) {
        auto r = civiscore::methods::competition_ranks(root);
        benchmark::DoNotOptimize(r.data());
    }
}

}  // namespace

BENCHMARK(normalise)->Unit(benchmark::kMillisecond);
BENCHMARK(weights)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(score_fitted)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(fit)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(rank)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
