// libFuzzer target: structured. The fuzz bytes drive a generator of a VALID model (any depth up to
// 3, every rule kind, explicit/equal/points weights, arithmetic/geometric/harmonic, every missing
// policy but "error", min_coverage, grades, scale or points display) and a dataset (0, 1, a few or
// more than one block of units; values from a palette of hostile numbers: NaN, -0, denormals,
// +-1e300, 1e308). The generated model must load, fit and score; then these invariants must hold,
// or the target aborts:
//   * every input unit appears in the output exactly once, in input order;
//   * every score is within the node's declared range: scale display — the rule's output range
//     (fraction rules [scale min, max], min-max its range, z-score unbounded) and, for a group, the
//     hull of its children's ranges; points display — [0, points]; NaN only where missing;
//   * an indicator with a present value is never NaN (no silent NaN);
//   * coverage is in [0, 1], or NaN (not applicable);
//   * status: unscored iff the root is missing, ok iff root coverage is 1;
//   * rank: 0 for unscored units, else 1 + the number of units with a strictly greater root score;
//   * fit and score give bit-identical results with 1 and 2 threads;
//   * groups may be MCDA aggregations (TOPSIS min-max/vector/none/absolute, VIKOR, grey relational,
//     fuzzy with random operator, grades and survey-count children, Copeland): the fitted state's
//     JSON round trip scores bit-identical results, and so does the MCDA result JSON; a fit refused
//     because a learning MCDA group has no unit with every child scored is the one accepted error.
#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

using json = nlohmann::json;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "fuzz_scoring: invariant violated: %s\n", what.c_str());
    std::abort();
}

// Reads the fuzz bytes; zeros once they run out, so every input makes a (small) case.
class bytes {
public:
    bytes(const std::uint8_t* d, std::size_t n) : d_(d), n_(n) {}
    unsigned u8() { return pos_ < n_ ? d_[pos_++] : 0u; }
    unsigned pick(unsigned n) { return u8() % n; }
    bool flip() { return (u8() & 1u) != 0; }
    // The i-th byte of the whole input, cycling: cheap values for thousands of cells.
    unsigned at(std::size_t i) const { return n_ == 0 ? 0u : d_[i % n_]; }

private:
    const std::uint8_t* d_;
    std::size_t n_, pos_ = 0;
};

double palette(unsigned b) {
    static const double values[] = {nan, 0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, 4.0, 10.0, 50.0, 100.0,
                                    -20.0, 7.25, 1e-300, 4.9e-324, 1e300, -1e300, 1e308, 99.5};
    constexpr unsigned n = sizeof(values) / sizeof(values[0]);
    if (b < 4 * n) return values[b % n];
    return static_cast<double>(b) - 160.0;  // -96 .. 95
}

struct range {
    double lo, hi;
};

struct gen_node {
    std::string id;
    bool indicator = false;
    std::string rule;  // indicators
    std::vector<std::string> columns;
    std::vector<int> children;
    range declared{-inf, inf};
    double points = 0.0;
};

struct generator {
    bytes& in;
    bool points_mode = false, use_z = false, geo_ok = false;
    bool learns = false;  // an MCDA group learns a reference in fit (needs a unit with every child scored)
    double lo = 0, hi = 100;
    std::vector<gen_node> nodes;
    std::vector<std::string> columns;  // data columns, in order
    std::vector<char> counts;          // per column: 1 for deduction event counts (must be >= 0)

    json indicator(int idx) {
        gen_node& g = nodes[static_cast<std::size_t>(idx)];
        g.indicator = true;
        json j = {{"id", g.id}};
        const bool cost = in.flip();
        // points display allows fraction rules and min-max onto the scale only.
        unsigned kinds = points_mode ? 6 : (use_z ? 7 : 6);
        unsigned k = in.pick(kinds);
        json rule;
        range r{lo, hi};
        switch (k) {
        case 0: {
            const double a = palette(in.u8() % 80 + 80), b = palette(in.u8() % 80 + 80);  // -96..95
            const double worst = a, best = (a == b) ? a + 1 : b;
            rule = {{"type", "goalposts"}, {"worst", worst}, {"best", best}};
            if (worst > best) j["direction"] = "cost";
            g.rule = "goalposts";
            break;
        }
        case 1:
            rule = {{"type", "target"}, {"target", 1 + in.pick(20)}};
            if (cost) j["direction"] = "cost";
            g.rule = "target";
            break;
        case 2:
            rule = {{"type", "binary"}};
            if (cost) j["direction"] = "cost";
            g.rule = "binary";
            break;
        case 3: {
            const double t1 = static_cast<double>(in.pick(10)), t2 = t1 + 1 + in.pick(10);
            const char* key = cost ? "max" : "min";
            rule = {{"type", "tiers"},
                    {"tiers", json::array({{{key, t1}, {"fraction", in.pick(5) / 4.0}},
                                           {{key, t2}, {"fraction", in.pick(5) / 4.0}}})}};
            if (cost) j["direction"] = "cost";
            g.rule = "tiers";
            break;
        }
        case 4: {
            json items = json::array();
            const unsigned n = 1 + in.pick(2);
            for (unsigned e = 0; e < n; ++e) {
                const std::string col = g.id + "_e" + std::to_string(e);
                g.columns.push_back(col);
                items.push_back({{"column", col}, {"name", col}, {"per_event", 0.5 + in.pick(4)}});
            }
            rule = {{"type", "deduction"}, {"deductions", items}};
            if (!points_mode) rule["full"] = 10;
            if (in.flip()) rule["cap"] = 1 + in.pick(12);
            if (!points_mode && in.flip()) rule["floor"] = in.pick(3);  // floor < full = 10
            g.rule = "deduction";
            break;
        }
        case 5: {
            double l = lo, u = hi;
            if (!points_mode && in.flip()) {
                l = geo_ok ? in.pick(10) : static_cast<double>(in.pick(21)) - 10.0;
                u = l + 1 + in.pick(50);
            }
            rule = {{"type", "min_max"}, {"range", json::array({l, u})}};
            if (cost) j["direction"] = "cost";
            r = {l, u};
            g.rule = "min_max";
            break;
        }
        default:
            rule = {{"type", "z_score"}, {"mean", 50}, {"sd", 1 + in.pick(20)}};
            if (cost) j["direction"] = "cost";
            r = {-inf, inf};
            g.rule = "z_score";
            break;
        }
        if (g.columns.empty()) g.columns.push_back(g.id);
        for (const auto& c : g.columns) {
            columns.push_back(c);
            counts.push_back(g.rule == "deduction" ? 1 : 0);
        }
        j["rule"] = rule;
        g.declared = r;
        return j;
    }

    // Builds node `idx` (already in `nodes`); `weighting` is how its parent weighs it.
    json build(int idx, int depth, unsigned weighting) {
        json j;
        const bool leaf = depth > 0 && (depth >= 3 || in.pick(3) != 0);
        if (leaf) {
            j = indicator(idx);
        } else {
            j = {{"id", nodes[static_cast<std::size_t>(idx)].id}};
            const unsigned n = 1 + in.pick(4);
            const unsigned child_weighting = points_mode ? 2 : in.pick(2);  // 0 equal, 1 explicit, 2 points
            if (!points_mode) {
                if (child_weighting == 1) j["weights"] = "explicit";
                if (geo_ok) {
                    const unsigned a = in.pick(4);
                    if (a == 1) j["aggregation"] = "geometric";
                    if (a == 2) j["aggregation"] = "harmonic";
                }
            }
            const unsigned cov = in.pick(4);
            if (cov == 1) j["min_coverage"] = 0.5;
            if (cov == 2) j["min_coverage"] = 1;
            json kids = json::array();
            range hull{inf, -inf};
            double pts = 0.0;
            for (unsigned c = 0; c < n; ++c) {
                const int child = static_cast<int>(nodes.size());
                nodes.push_back({});
                nodes.back().id = "n" + std::to_string(child);
                nodes[static_cast<std::size_t>(idx)].children.push_back(child);
                kids.push_back(build(child, depth + 1, child_weighting));
                const gen_node& k = nodes[static_cast<std::size_t>(child)];
                hull.lo = std::min(hull.lo, k.declared.lo);
                hull.hi = std::max(hull.hi, k.declared.hi);
                pts += k.points;
            }
            j["children"] = std::move(kids);
            gen_node& g = nodes[static_cast<std::size_t>(idx)];
            g.declared = hull;
            // An MCDA aggregation instead of the mean (not with points: they give none).
            if (!points_mode && in.pick(3) == 0) {
                j.erase("aggregation");
                j["aggregation"] = mcda(idx);
            }
            if (points_mode) g.points = pts;  // groups take the sum of their children
        }
        gen_node& g = nodes[static_cast<std::size_t>(idx)];
        if (weighting == 1) j["weight"] = 1 + in.pick(5);
        if (weighting == 2 && g.indicator) {
            g.points = 1 + in.pick(10);
            j["points"] = g.points;
        }
        if (points_mode) g.declared = {0.0, g.points};
        const unsigned policy = in.pick(6);
        if (policy == 1) j["missing"] = "skip";
        if (policy == 2 && !use_z) j["missing"] = "zero";
        if (policy == 3) j["missing"] = "not_applicable";
        return j;
    }

    // An MCDA aggregation of group idx (its children built): TOPSIS (min-max, vector, none, absolute),
    // VIKOR with a random v, GRA with a random rho, fuzzy with a random operator and grades (peaks or
    // plateaus on the scale, some children's membership from survey count columns), Copeland. Sets
    // the group's declared range: the scale, the grades' values (fuzzy) or unbounded (VIKOR: a unit
    // outside the fitted S/R range may have Q outside [0, 1]).
    json mcda(int idx) {
        gen_node& g = nodes[static_cast<std::size_t>(idx)];
        const std::size_t k = g.children.size();
        g.declared = {lo, hi};
        switch (in.pick(5)) {
        case 0: {
            const unsigned t = in.pick(4);
            if (t < 3) {
                static const char* norms[] = {"min_max", "vector", "none"};
                learns = true;
                return in.flip() ? json("topsis") : json{{"type", "topsis"}, {"normalisation", norms[t]}};
            }
            json a = {{"type", "topsis"}, {"absolute", true}};
            if (in.flip()) {
                json ideal = json::array(), anti = json::array();
                for (std::size_t c = 0; c < k; ++c) {
                    const double i = hi - in.pick(3) * (hi - lo) / 10, w = lo + in.pick(3) * (hi - lo) / 10;
                    const bool swap = in.pick(4) == 0;  // a child where lower is better
                    ideal.push_back(swap ? w : i);
                    anti.push_back(swap ? i : w);
                }
                a["ideal"] = ideal;
                a["anti_ideal"] = anti;
            }
            return a;
        }
        case 1:
            // VIKOR's score is unbounded (below the scale for a unit whose present children spread
            // more than any fitted one), which a geometric/harmonic group above refuses by design:
            // with those means in play, take GRA instead.
            learns = true;
            if (geo_ok) return {{"type", "grey_relational"}, {"rho", (1 + in.pick(10)) / 10.0}};
            g.declared = {-inf, inf};
            return {{"type", "vikor"}, {"v", in.pick(11) / 10.0}};
        case 2:
            learns = true;
            return {{"type", "grey_relational"}, {"rho", (1 + in.pick(10)) / 10.0}};
        case 3: {
            static const char* ops[] = {"weighted_sum", "min_max", "product_max", "min_bounded"};
            const unsigned n = 2 + in.pick(4);
            const bool up = in.flip();
            const double step = (hi - lo) / (n - 1);
            json grades = json::array();
            for (unsigned q = 0; q < n; ++q) {
                const double v = up ? lo + q * step : hi - q * step;
                json e = {{"label", "级" + std::to_string(q)}, {"value", v}};
                const unsigned shape = in.pick(3);
                if (shape == 1) e["peak"] = v;
                if (shape == 2) e["plateau"] = json::array({v - step / 4, v + step / 4});
                grades.push_back(e);
            }
            json a = {{"type", "fuzzy"}, {"operator", ops[in.pick(4)]}, {"grades", grades}};
            json count_cols = json::object();
            for (int c : g.children) {
                if (in.pick(3) != 0) continue;
                json cols = json::array();
                for (unsigned q = 0; q < n; ++q) {
                    const std::string col = nodes[static_cast<std::size_t>(c)].id + "_g" + std::to_string(q);
                    cols.push_back(col);
                    columns.push_back(col);
                    counts.push_back(1);  // survey counts must be >= 0
                }
                count_cols[nodes[static_cast<std::size_t>(c)].id] = cols;
            }
            if (!count_cols.empty()) a["counts"] = count_cols;
            return a;
        }
        default:
            learns = true;
            return "copeland";
        }
    }

    json model() {
        const unsigned mode = in.pick(3);
        points_mode = mode == 0;
        static const range scales[] = {{0, 100}, {1, 5}, {-10, 10}, {0, 1}};
        const range s = scales[in.pick(4)];
        lo = s.lo;
        hi = s.hi;
        use_z = !points_mode && in.pick(3) == 0;
        geo_ok = !points_mode && !use_z && lo >= 0;
        json doc = {{"civiscore_model", 1}, {"id", "fuzz"}, {"name", "生成的模型"}};
        doc["scale"] = {{"min", lo}, {"max", hi}};
        if (points_mode) doc["scores"] = "points";
        const unsigned policy = in.pick(4);
        if (policy == 1 && !use_z) doc["missing"] = "zero";
        if (policy == 2) doc["missing"] = "not_applicable";
        nodes.push_back({});
        nodes[0].id = "root";
        doc["root"] = build(0, 0, 0);
        if (in.flip()) {
            const double top = points_mode ? nodes[0].points : hi, bottom = points_mode ? 0 : lo;
            doc["grades"] = json::array({{{"label", "优"}, {"min", bottom + 0.8 * (top - bottom)}},
                                         {{"label", "中"}, {"min", bottom + 0.5 * (top - bottom)}},
                                         {{"label", "差"}}});
        }
        return doc;
    }
};

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void check(const civiscore::model& m, const generator& g, const civiscore::dataset& d,
           const civiscore::result& r) {
    const std::size_t n = d.unit_count();
    if (r.n_units != n || r.unit_ids != d.unit_ids) fail("units in the output differ from the input");
    if (r.n_nodes != m.nodes.size() || r.scores.size() != n * r.n_nodes ||
        r.coverage.size() != n * r.n_nodes || r.status.size() != n || r.rank.size() != n ||
        r.grade.size() != n)
        fail("output sizes");
    for (const gen_node& gn : g.nodes) {
        const int k = m.find(gn.id);
        if (k < 0) fail("node " + gn.id + " not in the model");
        const std::size_t node = static_cast<std::size_t>(k);
        // Relative slack for the rounding of weighted means and of the points scaling.
        const double slack = 1e-9 * std::max({1.0, std::fabs(gn.declared.lo), std::fabs(gn.declared.hi)});
        for (std::size_t u = 0; u < n; ++u) {
            const double s = r.score(u, node), c = r.node_coverage(u, node);
            if (!std::isnan(s) && (s < gn.declared.lo - slack || s > gn.declared.hi + slack || std::isinf(s)))
                fail("node " + gn.id + " unit " + d.unit_ids[u] + " score " + std::to_string(s) +
                     " outside [" + std::to_string(gn.declared.lo) + ", " + std::to_string(gn.declared.hi) + "]");
            if (!std::isnan(c) && !(c >= 0.0 && c <= 1.0))
                fail("node " + gn.id + " coverage " + std::to_string(c));
            if (gn.indicator && gn.rule != "deduction") {
                const double x = d.columns[static_cast<std::size_t>(d.find_column(gn.columns[0]))].values[u];
                if (!std::isnan(x) && std::isnan(s))
                    fail("indicator " + gn.id + " unit " + d.unit_ids[u] + ": value " + std::to_string(x) + " scored NaN");
            }
        }
    }
    for (std::size_t u = 0; u < n; ++u) {
        const double root = r.score(u, 0), cov = r.node_coverage(u, 0);
        const auto st = r.status[u];
        if ((st == civiscore::unit_status::unscored) != std::isnan(root)) fail("status vs root score");
        if (st == civiscore::unit_status::ok && !(cov >= 1.0 - 1e-12)) fail("ok with coverage < 1");
        if (st == civiscore::unit_status::partial && !(cov < 1.0)) fail("partial with coverage 1");
        std::int64_t expect = 0;
        if (!std::isnan(root)) {
            expect = 1;
            for (std::size_t v = 0; v < n; ++v)
                if (r.score(v, 0) > root) ++expect;
        }
        if (r.rank[u] != expect) fail("rank of unit " + d.unit_ids[u]);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    bytes in(data, size);
    generator g{in};
    const json doc = g.model();
    civiscore::model_ptr m;
    try {
        m = civiscore::load_model(doc.dump());
    } catch (const civiscore::model_error& e) {
        fail(std::string("generated model refused: ") + e.what() + "\n" + doc.dump());
    }

    // Units: 0, 1, a few, or more than one block (so 2 threads really split the work).
    const unsigned size_kind = in.pick(8);
    std::size_t n_units = size_kind == 0 ? 0 : size_kind == 1 ? 1 : size_kind == 7 ? civiscore::block_size + 1 + in.pick(64) : 2 + in.pick(14);
    const std::size_t n_cols = g.columns.size();
    std::vector<double> values(n_units * n_cols);
    const std::size_t base = in.u8();
    for (std::size_t i = 0; i < values.size(); ++i) {
        values[i] = palette(in.at(base + i * 7 + i / 13));
        // A negative event count is a documented data error, not a case for this target.
        if (g.counts[i % n_cols]) values[i] = std::fabs(values[i]);
    }
    std::vector<std::string> ids;
    for (std::size_t u = 0; u < n_units; ++u) ids.push_back(u % 3 == 0 ? "社区" + std::to_string(u) : "u," + std::to_string(u));
    const civiscore::dataset d = civiscore::dataset_from_matrix(
        values.data(), n_units, n_cols, civiscore::matrix_layout::row_major, 0, g.columns, ids);

    civiscore::result r1, r2, r3;
    civiscore::fitted f1, f2, f3;
    try {
        f1 = civiscore::fit(*m, d, 1);
    } catch (const civiscore::fitted_error& e) {
        // Documented: an MCDA group that learns needs a unit with every child scored.
        if (g.learns && std::string(e.what()).find("the fitted data has none") != std::string::npos) return 0;
        // Documented: a z-score cannot standardise values whose squared deviations overflow (+-1e300).
        if (std::string(e.what()).find("spread too widely for a z-score") != std::string::npos) return 0;
        fail(std::string("fitting a valid model failed: ") + e.what() + "\n" + doc.dump());
    } catch (const civiscore::error& e) {
        fail(std::string("fitting a valid model failed: ") + e.what() + "\n" + doc.dump());
    }
    try {
        f2 = civiscore::fit(*m, d, 2);
        r1 = civiscore::score(m, f1, d, 1);
        r2 = civiscore::score(m, f2, d, 2);
    } catch (const civiscore::error& e) {
        fail(std::string("scoring a valid model failed: ") + e.what() + "\n" + doc.dump());
    }
    // The fitted state's JSON round trip (node_mcda included) scores the same bits.
    try {
        f3 = civiscore::fitted_from_json(*m, f1.to_json());
        r3 = civiscore::score(m, f3, d, 1);
    } catch (const civiscore::error& e) {
        fail(std::string("fit's own state does not reload and score: ") + e.what() + "\n" + doc.dump());
    }
    if (f1.to_json() != f2.to_json()) fail("fit differs between 1 and 2 threads");
    if (f3.to_json() != f1.to_json()) fail("fitted state changes in a JSON round trip");
    if (!same_bits(r1.scores, r2.scores) || !same_bits(r1.coverage, r2.coverage) ||
        r1.status != r2.status || r1.rank != r2.rank || r1.grade != r2.grade || r1.mcda != r2.mcda)
        fail("results differ between 1 and 2 threads");
    if ((!same_bits(r1.scores, r3.scores) || !same_bits(r1.coverage, r3.coverage) || r1.mcda != r3.mcda))
        fail("results differ after the fitted state's JSON round trip");
    check(*m, g, d, r1);
    return 0;
}
