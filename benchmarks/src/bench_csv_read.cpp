// CSV reading time (issue 7, "a fast CSV reader"): read_csv_file of the regional-42 data on 1, 2, ...
// threads, best of R runs each, and a check that every thread count read the same dataset.
//
//   CIVISCORE_BENCH_DATA=DATA.csv build-bench/bin/bench_csv_read [runs] [threads...]
//
// Without CIVISCORE_BENCH_DATA it writes CIVISCORE_BENCH_UNITS (default 10,000) synthetic rows of
// 42 numbers to a temporary file first. The file is read once before timing, so every run reads it
// from the page cache.
#include <civiscore/io/csv.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

std::string synthetic_file(std::size_t units) {
    const auto path = (std::filesystem::temp_directory_path() /
                       ("civiscore_bench_csv_read_" +
                        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".csv"))
                          .string();
    std::ofstream out(path, std::ios::binary);
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0.0, 5000.0);
    out << "unit_id";
    for (int j = 1; j <= 42; ++j) out << ",I" << j;
    out << '\n';
    char cell[32];
    for (std::size_t i = 0; i < units; ++i) {
        out << 'C' << (1000000 + i);
        for (int j = 0; j < 42; ++j) {
            if (rng() % 100 == 0) {  // about 1% empty cells, as in the generated data
                out << ',';
                continue;
            }
            std::snprintf(cell, sizeof cell, ",%.2f", u(rng));
            out << cell;
        }
        out << '\n';
    }
    return path;
}

bool same(const civiscore::dataset& a, const civiscore::dataset& b) {
    if (a.unit_ids != b.unit_ids || a.columns.size() != b.columns.size()) return false;
    for (std::size_t j = 0; j < a.columns.size(); ++j) {
        const auto& x = a.columns[j].values;
        const auto& y = b.columns[j].values;
        if (x.size() != y.size() || (!x.empty() && std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) != 0))
            return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
    std::vector<int> thread_counts;
    for (int i = 2; i < argc; ++i) thread_counts.push_back(std::atoi(argv[i]));
    if (thread_counts.empty()) thread_counts = {1, 2};
    const char* data = std::getenv("CIVISCORE_BENCH_DATA");
    const char* units = std::getenv("CIVISCORE_BENCH_UNITS");
    const std::string path = data ? data : synthetic_file(units ? std::strtoull(units, nullptr, 10) : 10000);

    civiscore::csv_options o;
    o.n_threads = 1;
    const civiscore::dataset reference = civiscore::read_csv_file(path, o);  // also warms the page cache
    std::printf("%s: %zu units, %zu columns\n", path.c_str(), reference.unit_count(), reference.columns.size());
    int status = 0;
    for (const int t : thread_counts) {
        o.n_threads = t;
        double best = 1e300;
        std::string all;
        for (int r = 0; r < runs; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            const civiscore::dataset d = civiscore::read_csv_file(path, o);
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            best = std::min(best, s);
            if (r > 0) all += ' ';
            all += std::to_string(s).substr(0, 5);  // appended, not "literal" + temporary: GCC 12's -Wrestrict misfires
            if (!same(d, reference)) {
                std::printf("threads %d: the dataset differs from the one read on 1 thread\n", t);
                status = 1;
            }
        }
        std::printf("threads %d: best %.3f s of %d (%s)\n", t, best, runs, all.c_str());
    }
    if (!data) std::filesystem::remove(path);
    return status;
}
