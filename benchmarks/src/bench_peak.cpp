// Peak memory of in-memory scoring (issue 7: <= 1.5 x the input matrix + the output). Loads the data,
// resets the kernel's peak-RSS counter (/proc/self/clear_refs, 5), fits and scores once, and prints
// the input matrix bytes, the result's bytes, the resident set before scoring and the peak during it.
//
//   CIVISCORE_BENCH_DATA=... build-bench/bin/bench_peak [threads] [keep]
//   CIVISCORE_BENCH_UNITS=10000000 build-bench/bin/bench_peak 2 depth:1   # synthetic data, scale curve
//
// keep: the nodes the result keeps (civiscore::keep_nodes: "depth:1" = index and dimensions); all
// by default.
#include "bench_data.hpp"

#include <civiscore/engine.hpp>

#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

// VmRSS or VmHWM of this process in bytes.
std::size_t status_bytes(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return std::strtoull(line.c_str() + std::string(key).size() + 1, nullptr, 10) * 1024;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 0;
    const auto m = bench::load_model();
    auto d = bench::load_data(*m);
    malloc_trim(0);
    const std::size_t input = d.unit_count() * m->input_columns.size() * sizeof(double);
    const std::size_t before = status_bytes("VmRSS:");
    { std::ofstream("/proc/self/clear_refs") << "5"; }  // peak RSS := current RSS
    civiscore::score_options o;
    if (argc > 2) o.keep = civiscore::keep_nodes(*m, argv[2]);
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = civiscore::score(m, d, threads, o);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::size_t peak = status_bytes("VmHWM:");
    const std::size_t output = (r.scores.size() + r.coverage.size()) * sizeof(double) + r.rank.size() * sizeof(std::int64_t) +
                               r.grade.size() * sizeof(int) + r.status.size() * sizeof(civiscore::unit_status);
    std::printf("peak units %zu input_bytes %zu output_bytes %zu rss_before %zu peak_rss %zu extra_during_scoring %zu seconds %.4f\n",
                d.unit_count(), input, output, before, peak, peak - before, secs);
    return 0;
}
