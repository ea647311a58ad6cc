// The regional-42 data for the C++ benchmarks: the CSV named by CIVISCORE_BENCH_DATA (made by
// benchmarks/generate.py), else a synthetic stand-in of CIVISCORE_BENCH_UNITS units (default 10,000)
// with the same three column kinds and ~1% missing, so the CI smoke run needs no Python.
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/model.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace bench {

inline std::string model_path() {
    const char* p = std::getenv("CIVISCORE_BENCH_MODEL");
    return p ? p : CIVISCORE_BENCH_DIR "/models/regional-42.json";
}

inline civiscore::model_ptr load_model() { return civiscore::load_model_file(model_path()); }

// splitmix64: a fixed, platform-independent stream.
inline double uniform(std::uint64_t& s) {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
}

inline civiscore::dataset synthetic(const civiscore::model& m, std::size_t n) {
    std::uint64_t s = 20261127;
    const std::size_t k = m.input_columns.size();
    std::vector<double> x(n * k);
    for (std::size_t j = 0; j < k; ++j) {
        for (std::size_t u = 0; u < n; ++u) {
            const double r = uniform(s);
            double v;
            if (j % 3 == 0) v = std::round(1000 * (1 - r * r)) / 10;                  // a rate, skewed high
            else if (j % 3 == 1) v = std::round(100 * std::exp(6 + 2 * r * r)) / 100;  // money, long tail
            else v = std::floor(12 * r * r);                                           // a count, many ties
            x[j * n + u] = uniform(s) < 0.01 ? NAN : v;
        }
    }
    std::vector<std::string> ids(n);
    char buf[24];
    for (std::size_t u = 0; u < n; ++u) {
        std::snprintf(buf, sizeof buf, "C%07zu", u + 1);
        ids[u] = buf;
    }
    return civiscore::dataset_from_matrix(x.data(), n, k, civiscore::matrix_layout::col_major, 0, m.input_columns,
                                          std::move(ids));
}

inline civiscore::dataset load_data(const civiscore::model& m) {
    if (const char* p = std::getenv("CIVISCORE_BENCH_DATA")) return civiscore::read_csv_file(p, {});
    const char* n = std::getenv("CIVISCORE_BENCH_UNITS");
    return synthetic(m, n ? std::strtoull(n, nullptr, 10) : 10000);
}

}  // namespace bench
