// The fast paths of issue 7 against independent computations: entropy weights folded block by
// block equal the textbook formula over whole columns; fit + score give the same bits on 1, 2, 3
// and 7 threads; the fused tile pass and the node-by-node pass (taken by models with an MCDA group)
// agree on the nodes they share.
#include <boost/test/unit_test.hpp>

#include <civiscore/error.hpp>
#include <civiscore/engine.hpp>
#include <civiscore/model.hpp>

#include "engine/unit_scorer.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using namespace civiscore;

namespace {

// regional-42 (benchmarks/models/regional-42.json): 5 dimensions, 14 groups, 42 indicators, min-max,
// entropy x expert weights over the indicators.
model_ptr regional() { return load_model_file(CIVISCORE_SOURCE_DIR "/benchmarks/models/regional-42.json"); }

std::uint64_t next(std::uint64_t& s) {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// n units (not a multiple of the 256-unit tile nor of the 1,024-unit block), ~2% missing cells.
dataset regional_data(const model& m, std::size_t n) {
    std::uint64_t s = 42;
    const std::size_t k = m.input_columns.size();
    std::vector<double> x(n * k);
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t u = 0; u < n; ++u) {
            const double r = static_cast<double>(next(s) >> 11) * 0x1.0p-53;
            const double v = j % 3 == 0 ? std::round(1000 * r) / 10 : j % 3 == 1 ? std::round(1e5 * r * r) / 100 : std::floor(12 * r);
            x[j * n + u] = next(s) % 50 == 0 ? NAN : v;
        }
    return dataset_from_matrix(x.data(), n, k, matrix_layout::col_major, 0, m.input_columns, {});
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fast_scoring)

BOOST_AUTO_TEST_CASE(blockwise_entropy_weights_equal_the_formula_over_whole_columns) {
    const auto m = regional();
    const dataset d = regional_data(*m, 3001);
    const fitted f = fit(*m, d, 2);
    // Independently: min-max each column onto [0, 100] (cost columns reversed), then per column
    // E = -Σ p ln p / ln n with p = z / Σz over its n present values, d = 1 - E, e = d / Σd, and the
    // expert weights a_j = 1 + (7j mod 5) multiplied in: w = a e / Σ a e.
    const std::size_t k = m->input_columns.size(), n = d.unit_count();
    std::vector<double> dv(k), a(k);
    double dsum = 0;
    for (std::size_t j = 0; j < k; ++j) {
        const auto& col = d.columns[j].values;
        double lo = INFINITY, hi = -INFINITY;
        for (double v : col)
            if (!std::isnan(v)) lo = std::fmin(lo, v), hi = std::fmax(hi, v);
        const bool cost = j % 6 == 5;
        double sum = 0, cnt = 0;
        std::vector<double> z;
        for (double v : col) {
            if (std::isnan(v)) continue;
            z.push_back(100 * (cost ? hi - v : v - lo) / (hi - lo));
            sum += z.back();
            cnt += 1;
        }
        double e = 0;
        for (double zi : z)
            if (zi > 0) e -= (zi / sum) * std::log(zi / sum);
        dv[j] = 1 - e / std::log(cnt);
        dsum += dv[j];
        a[j] = 1 + static_cast<double>((7 * j) % 5);
    }
    double total = 0;
    for (std::size_t j = 0; j < k; ++j) total += a[j] * dv[j] / dsum;
    BOOST_TEST_REQUIRE(f.node_weights.size() == 1u);
    const auto& w = f.node_weights[0].weights;
    BOOST_TEST_REQUIRE(w.size() == k);
    for (std::size_t j = 0; j < k; ++j)
        BOOST_TEST(w[j] == a[j] * dv[j] / dsum / total, boost::test_tools::tolerance(1e-11));
    (void)n;
}

BOOST_AUTO_TEST_CASE(fit_and_score_give_the_same_bits_on_any_thread_count) {
    const auto m = regional();
    const dataset d = regional_data(*m, 5000);
    const fitted f1 = fit(*m, d, 1);
    const result r1 = score(m, f1, d, 1);
    for (int t : {2, 3, 7}) {
        const fitted ft = fit(*m, d, t);
        BOOST_TEST(ft.to_json() == f1.to_json(), t << " threads");
        const result rt = score(m, ft, d, t);
        BOOST_TEST(same_bits(rt.scores, r1.scores), t << " threads");
        BOOST_TEST(same_bits(rt.coverage, r1.coverage), t << " threads");
        BOOST_TEST((rt.rank == r1.rank), t << " threads");
        BOOST_TEST((rt.grade == r1.grade), t << " threads");
    }
}

BOOST_AUTO_TEST_CASE(fused_and_node_by_node_passes_agree) {
    // The same tree twice; in the second, one group (D5G14) aggregates with TOPSIS, which sends the
    // whole model down the node-by-node path. Every node outside D5G14's line to the root is
    // computed by identical arithmetic, so its scores must be bit-identical.
    const auto m = regional();
    std::string text = m->canonical_json;
    const std::string key = "\"id\":\"D5G14\"";
    const auto at = text.find(key);
    BOOST_TEST_REQUIRE(at != std::string::npos);
    text.insert(at, "\"aggregation\":{\"type\":\"topsis\"},");
    const auto mcda = load_model(text);
    const dataset d = regional_data(*m, 2000);
    const fitted f = fit(*m, d, 2);
    const result fused = score(m, f, d, 2);
    const fitted fm = fit(*mcda, d, 2);
    const result by_node = score(mcda, fm, d, 2);
    std::size_t compared = 0;
    for (std::size_t n = 0; n < m->nodes.size(); ++n) {
        const std::string& id = m->nodes[n].id;
        if (id == "index" || id == "D5" || id.rfind("D5G14", 0) == 0) continue;
        for (std::size_t u = 0; u < d.unit_count(); ++u) {
            const double a = fused.score(u, n), b = by_node.score(u, n);
            if (!(a == b || (std::isnan(a) && std::isnan(b)))) {
                BOOST_ERROR("node " << id << " unit " << u << ": " << a << " vs " << b);
                return;
            }
        }
        ++compared;
    }
    BOOST_TEST(compared == m->nodes.size() - 6);  // index, D5, D5G14 and its three indicators left out
}

// When a group's indicators are not kept, plain min_max indicators (skip policy) are averaged
// straight from their data columns (min_max_mean_block); the result must equal the full run's
// bits. A constant column, a "zero" missing policy and min_coverage send their groups the usual way.
BOOST_AUTO_TEST_CASE(groups_averaged_from_the_data_equal_the_full_run) {
    const auto m = regional();
    std::string text = m->canonical_json;
    auto edit = [&](const std::string& id, const std::string& add) {
        const auto at = text.find("\"id\":\"" + id + "\"");
        BOOST_TEST_REQUIRE(at != std::string::npos);
        text.insert(at, add);
    };
    edit("D2G05I2", "\"missing\":\"zero\",");
    edit("D3G08", "\"min_coverage\":0.9,");
    const auto variant = load_model(text);
    for (const auto& model : {m, variant}) {
        dataset d = regional_data(*model, 3001);
        auto& constant = d.columns[static_cast<std::size_t>(d.find_column(model->input_columns[10]))].values;
        for (double& v : constant) v = std::isnan(v) ? v : 7.0;
        const fitted f = fit(*model, d, 2);
        const result full = score(model, f, d, 2);
        for (const std::string spec : {"depth:0", "depth:1", "depth:2", "D1G01,D2G04I1"}) {
            const auto keep = keep_nodes(*model, spec);
            for (int threads : {1, 2}) {
                const result part = score(model, f, d, threads, score_options{keep});
                for (int n : keep) {
                    const auto node = static_cast<std::size_t>(n);
                    for (std::size_t u = 0; u < d.unit_count(); ++u) {
                        const double a = full.score(u, node), b = part.score(u, node);
                        const double ca = full.node_coverage(u, node), cb = part.node_coverage(u, node);
                        if (std::memcmp(&a, &b, sizeof a) != 0 || std::memcmp(&ca, &cb, sizeof ca) != 0) {
                            BOOST_ERROR("keep " << spec << ", node " << model->nodes[node].id << ", unit " << u << ": " << a << " vs " << b);
                            return;
                        }
                    }
                }
                BOOST_TEST((part.rank == full.rank), spec);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(wide_models_take_small_tiles_and_still_equal_unit_by_unit_scoring) {
    // 3,000 indicators under one group with entropy weights over them: a tile holds 10 units
    // (256 KB / (2 x 8 B x 3,002 nodes)), so 601 units make 61 tiles, the last one of a single unit.
    std::string children;
    std::vector<std::string> cols;
    for (int i = 0; i < 3000; ++i) {
        cols.push_back("x" + std::to_string(i));
        children += std::string(i ? "," : "") + R"({"id": "x)" + std::to_string(i) + R"(", "weight": )" +
                    std::to_string(1 + i % 4) + R"(, "rule": {"type": "min_max"}})";
    }
    const auto m = load_model(R"({"civiscore_model": 1, "id": "wide", "name": "wide", "root": {"id": "root",
        "weights": {"method": "combined", "rule": "multiplicative", "over": "indicators",
                    "subjective": {"method": "explicit"}, "objective": {"method": "entropy"}},
        "children": [{"id": "G", "children": [)" + children + "]}]}}");
    const std::size_t n = 601;
    std::vector<double> x(n * cols.size());
    std::uint64_t s = 9;
    for (auto& v : x) v = next(s) % 37 == 0 ? NAN : static_cast<double>(next(s) % 1000);
    const dataset d = dataset_from_matrix(x.data(), n, cols.size(), matrix_layout::col_major, 0, cols, {});
    const fitted f = fit(*m, d, 2);
    const result r1 = score(m, f, d, 1), r2 = score(m, f, d, 2);
    BOOST_TEST(same_bits(r1.scores, r2.scores));
    const unit_scorer one(m, f);
    std::vector<double> row(cols.size()), sc(m->nodes.size()), cv(m->nodes.size());
    unit_status st;
    int grade = 0;
    std::size_t equal = 0;
    for (std::size_t u = 0; u < n; ++u) {
        for (std::size_t j = 0; j < cols.size(); ++j) row[j] = x[j * n + u];
        one.score(row.data(), sc.data(), cv.data(), st, grade);
        bool same = true;
        for (std::size_t k = 0; k < m->nodes.size(); ++k) {
            const double a = r1.score(u, k), b = sc[k];
            same = same && (a == b || (std::isnan(a) && std::isnan(b)));
        }
        equal += same ? 1 : 0;
    }
    BOOST_TEST(equal == n);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(overflowing_statistics)

// Values near the double range: Σx overflows, so the mean is taken as Σ x/n; the squared deviations
// overflow m2, which min_max never uses (saturated, so the fitted state reloads) and z_score cannot
// do without (refused, naming the indicator).
BOOST_AUTO_TEST_CASE(min_max_fits_and_reloads_z_score_is_refused) {
    auto one = [](const std::string& rule) {
        return load_model(R"({"civiscore_model": 1, "id": "big", "name": "big", "root": {"id": "root", "children": [
            {"id": "x", "weight": 1, "rule": )" + rule + R"(}]}})");
    };
    const std::vector<double> v = {1e308, 1e308, -1e308, 5e307};
    const dataset d = dataset_from_matrix(v.data(), 4, 1, matrix_layout::col_major, 0, {"x"}, {});
    const auto mm = one(R"({"type": "min_max"})");
    const fitted f = fit(*mm, d, 1);
    // (1e308/4 + 1e308/4 - 1e308/4 + 5e307/4) = 3.75e307, inside the range although Σx is not.
    BOOST_TEST(f.stats[0].mean == 3.75e307, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(std::isfinite(f.stats[0].m2));
    const fitted again = fitted_from_json(*mm, f.to_json());
    BOOST_TEST(again.to_json() == f.to_json());
    const result r = score(mm, again, d, 1);
    BOOST_TEST(r.score(0, 0) == 100.0);
    BOOST_TEST(r.score(2, 0) == 0.0);
    try {
        (void)fit(*one(R"({"type": "z_score"})"), d, 1);
        BOOST_FAIL("no error");
    } catch (const fitted_error& e) {
        BOOST_TEST(std::string(e.what()).find("indicator 'x' (/root/children/0/rule): its values are spread too widely for a z-score") !=
                   std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_SUITE_END()
