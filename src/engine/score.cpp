// Scoring. Two ways through the same per-node arithmetic (score_indicator, aggregate), chosen per
// model, both independent of the thread count:
//  - fused (most models): units in tiles of a few hundred, every node of a tile in post-order into a
//    small per-thread buffer that stays in cache, then only the kept nodes copied out; one pass over
//    the data and no N x nodes temporaries beyond what the caller keeps;
//  - node by node over whole columns, when something needs whole columns of a node's children:
//    fitting weights learned from groups' scores, and MCDA aggregations (engine/score_mcda.cpp).
// Fitting weights learned over indicators (entropy) needs only per-block sums of each indicator's
// scores: those are taken tile by tile too (learn_over_indicators_blockwise).
#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/methods/rank.hpp>
#include <civiscore/rollup.hpp>
#include <civiscore/version.hpp>

#include "engine/block_kernels.hpp"
#include "engine/indicator_weights.hpp"
#include "engine/derive.hpp"
#include "engine/learn.hpp"
#include "engine/score_checked_ids.hpp"
#include "engine/score_mcda.hpp"
#include "engine/treatment.hpp"
#include "util/huge_pages.hpp"
#include "util/parallel.hpp"

#include <civiscore/methods/means.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <charconv>
#include <optional>
#include <span>
#include <cmath>
#include <string_view>
#include <unordered_map>

namespace civiscore {
inline namespace v0 {
namespace {

using Eigen::ArrayXd;
using Eigen::Index;
using Eigen::Map;

// Where a run keeps node values: node n's values for units [first, first + stride) start at
// scores + (n - first_node) * stride (coverage alike). The whole result (first 0, stride n_units),
// one tile of every node, or one block of a single node (first_node = that node).
struct frame {
    double* scores;
    double* coverage;
    std::size_t stride;
    std::size_t first;
    int first_node = 0;
};

// A frame of `rows` units for `n_nodes` nodes from `first_node`, starting at unit `begin`, in this
// thread's buffer (kept between calls: tiles are too many to allocate one each). Valid until the
// thread's next call.
frame thread_frame(std::size_t n_nodes, std::size_t rows, std::size_t begin, int first_node = 0) {
    thread_local std::vector<double> buf;
    buf.resize(2 * n_nodes * rows);
    return {buf.data(), buf.data() + n_nodes * rows, rows, begin, first_node};
}

// Units per tile of the fused pass: every node's scores and coverage of a tile stay in the core's
// cache (2 x nodes x tile doubles within 256 KB: 256 units for regional-42's 61 nodes, one unit for
// a model of 100,000 indicators).
constexpr std::size_t max_tile = 256;
std::size_t tile_rows(std::size_t n_nodes) {
    constexpr std::size_t budget = std::size_t{256} * 1024 / (2 * sizeof(double));
    return std::clamp<std::size_t>(budget / std::max<std::size_t>(n_nodes, 1), 1, max_tile);
}

class scorer {
public:
    scorer(const model& m, const fitted& f, const dataset& d, result& r)
        : m_(m), f_(f), d_(d), r_(r), n_units_(d.unit_count()), weights_(m.nodes.size()) {
        const auto bound = bind_columns(m, d);
        std::unordered_map<std::string, const double*> by_id;
        for (std::size_t c = 0; c < m.input_columns.size(); ++c) by_id[m.input_columns[c]] = bound[c]->values.data();
        columns_.resize(m.nodes.size());
        slot_.assign(m.nodes.size(), -1);
        for (std::size_t i = 0; i < m.indicators.size(); ++i) {
            const auto n = static_cast<std::size_t>(m.indicators[i]);
            slot_[n] = static_cast<int>(i);
            for (const auto& c : m.nodes[n].columns) columns_[n].push_back(by_id.at(c));
        }
        for (const column* c : bound) inputs_.push_back(c->values.data());
    }

    // Score every unit into r_ (allocated here), keeping the nodes in `keep` (model order, root
    // first; empty = all), with the model's display applied.
    void score_all(int n_threads, const std::vector<int>& keep) {
        const std::size_t nn = m_.nodes.size();
        std::vector<int> row(nn, -1);
        for (std::size_t k = 0; k < keep.size(); ++k) row[static_cast<std::size_t>(keep[k])] = static_cast<int>(k);
        if (keep.empty())
            for (std::size_t n = 0; n < nn; ++n) row[n] = static_cast<int>(n);
        const std::size_t rows = keep.empty() ? nn : keep.size();
        if (!fusable()) {
            allocate(nn, n_threads);
            run(n_threads, nullptr);
            display(whole());
            if (!keep.empty()) compact(keep);
        } else {
            allocate(rows, n_threads);
            run_fused(n_threads, row);
        }
        if (!keep.empty()) r_.node_row = std::move(row);
    }

    // Fit: learn every group's weights (node by node over whole columns, or from per-block sums
    // when every learned weight is over indicators).
    void learn_weights(int n_threads, fitted& learning) {
        if (!learns_from_groups()) {
            learn_over_indicators_blockwise(n_threads, learning);
            return;
        }
        allocate(m_.nodes.size(), n_threads);
        run(n_threads, &learning);
    }

    const std::vector<std::vector<double>>& weights() const { return weights_; }
    const mcda_scorer& mcda() const { return mcda_; }

private:
    const model& m_;
    const fitted& f_;
    const dataset& d_;
    result& r_;
    std::size_t n_units_;
    std::vector<std::vector<const double*>> columns_;  // per node: the data columns an indicator reads
    std::vector<int> slot_;                            // per node: its position among the indicators
    std::vector<const double*> inputs_;                // every input column, once
    std::vector<std::vector<min_max_input>> direct_inputs_;  // per group scored from its data (find_direct_groups)
    std::vector<char> direct_parent_;                        // per indicator: its parent is such a group
    std::vector<std::vector<double>> weights_;         // per group: its children's weights as used
    mcda_scorer mcda_{m_, n_units_};                   // MCDA aggregations (engine/score_mcda.cpp)

    void learn(int n, fitted& f);

    frame whole() { return {r_.scores.data(), r_.coverage.data(), n_units_, 0, 0}; }

    void allocate(std::size_t rows, int n_threads) {
        r_.n_units = n_units_;
        r_.n_nodes = m_.nodes.size();
        // Every row is written by the run (tiles or whole columns); the zeros are never seen.
        assign_huge(r_.scores, rows * n_units_, 0.0, n_threads);
        assign_huge(r_.coverage, rows * n_units_, 0.0, n_threads);
    }

    // MCDA aggregations read their children's whole columns (score_mcda.cpp): node by node.
    bool fusable() const {
        for (const node& nd : m_.nodes)
            if (!nd.is_indicator && nd.mcda.active()) return false;
        return true;
    }

    // Node by node over whole columns (r_ allocated for every node). `learning` (fit): before
    // aggregating a group that learns its weights, learn them from its children's whole columns.
    void run(int n_threads, fitted* learning) {
        const std::size_t n_blocks = (n_units_ + block_size - 1) / block_size;
        const frame fr = whole();
        // Indicators first: their scores depend on nothing learned here, and weights learned "over"
        // a group's indicators need every indicator column before any group below it aggregates.
        for (int pass = 0; pass < 2; ++pass) {
            if (pass == 1 && learning) {
                for (std::size_t n = 0; n < m_.nodes.size(); ++n) {
                    const node& nd = m_.nodes[n];
                    if (nd.is_indicator || !nd.weights.over_indicators) continue;
                    learning->node_weights.push_back(learn_over_indicators(m_, static_cast<int>(n), column_sums(n_threads), n_units_));
                }
            }
            for (int n : m_.post_order) {
                const node& nd = m_.nodes[static_cast<std::size_t>(n)];
                if (nd.is_indicator != (pass == 0)) continue;
                if (!nd.is_indicator) {
                    if (learning && learns_weights(nd) && !nd.weights.over_indicators) learn(n, *learning);
                    weights_[static_cast<std::size_t>(n)] = child_weights(m_, learning ? *learning : f_, n);
                    if (learning) mcda_.learn(n, weights_[static_cast<std::size_t>(n)], r_.scores.data(), *learning);  // score_mcda.cpp
                }
                parallel_for_blocks(n_blocks, n_threads, [&](std::size_t b) {
                    const std::size_t begin = b * block_size;
                    const std::size_t len = std::min(block_size, n_units_ - begin);
                    if (nd.is_indicator) score_indicator(fr, n, begin, len);
                    else aggregate(fr, n, begin, len);
                });
            }
        }
    }

    // Every node of one tile at a time, in a per-thread buffer; the kept rows are copied out with
    // the model's display applied.
    void run_fused(int n_threads, const std::vector<int>& row) {
        for (std::size_t n = 0; n < m_.nodes.size(); ++n)
            if (!m_.nodes[n].is_indicator) weights_[n] = child_weights(m_, f_, static_cast<int>(n));
        const std::size_t nn = m_.nodes.size();
        find_direct_groups(row);
        const std::size_t tile = tile_rows(nn);
        const std::size_t n_tiles = (n_units_ + tile - 1) / tile;
        const bool points = m_.display == score_display::points;
        // Each task takes consecutive tiles, and fetches the next tile's input while scoring this
        // one: 42 columns of a few KB each per tile are too many streams for the hardware prefetcher.
        constexpr std::size_t tiles_per_task = 16;
        const std::size_t n_tasks = (n_tiles + tiles_per_task - 1) / tiles_per_task;
        parallel_for_blocks(n_tasks, n_threads, [&](std::size_t task) {
            const std::size_t last = std::min(n_tiles, (task + 1) * tiles_per_task);
            for (std::size_t t = task * tiles_per_task; t < last; ++t) {
                const std::size_t begin = t * tile;
                const std::size_t len = std::min(tile, n_units_ - begin);
                if (t + 1 < last) prefetch_inputs(begin + len, std::min(tile, n_units_ - begin - len));
                score_tile(row, tile, begin, len, points);
            }
        });
    }

    // Groups of the fused pass whose children are all indicators the result does not keep, scored by
    // a plain min_max (a fitted range, one data column, missing values skipped): their weighted mean
    // comes straight from the data columns (min_max_mean_block, the same arithmetic), and the
    // children's scores are never written.
    void find_direct_groups(const std::vector<int>& row) {
        const std::size_t nn = m_.nodes.size();
        direct_inputs_.assign(nn, {});
        direct_parent_.assign(nn, 0);
        for (std::size_t n = 0; n < nn; ++n) {
            const node& nd = m_.nodes[n];
            if (nd.is_indicator || nd.agg != node_aggregation::arithmetic || nd.children.empty()) continue;
            std::vector<min_max_input> inputs;
            for (int c : nd.children) {
                const auto map = plain_min_max(c);
                if (!map || row[static_cast<std::size_t>(c)] >= 0) break;
                inputs.push_back({columns_[static_cast<std::size_t>(c)].front(), *map});
            }
            if (inputs.size() != nd.children.size()) continue;
            direct_inputs_[n] = std::move(inputs);
            for (int c : nd.children) direct_parent_[static_cast<std::size_t>(c)] = 1;
        }
    }

    // Indicator n's min_max arithmetic when it is a plain min_max (a fitted range, one data column,
    // missing values skipped), which the kernels compute straight from the data; else nothing.
    std::optional<min_max_map> plain_min_max(int n) const {
        const node& nd = m_.nodes[static_cast<std::size_t>(n)];
        if (!nd.is_indicator || nd.rule.kind != methods::rule_kind::min_max || nd.missing != missing_policy::skip ||
            nd.columns.size() != 1)
            return std::nullopt;
        const auto& st = f_.stats[static_cast<std::size_t>(slot_[static_cast<std::size_t>(n)])];
        const double span = st.max - st.min;
        if (st.count == 0 || !(span > 0) || !std::isfinite(span)) return std::nullopt;  // methods::min_max's special cases
        const bool benefit = nd.rule.dir == methods::direction::benefit;
        return min_max_map{benefit ? st.min : st.max, span, nd.rule.range_lo, nd.rule.range_hi - nd.rule.range_lo, benefit};
    }

    void prefetch_inputs(std::size_t begin, std::size_t len) const {
        constexpr std::size_t per_line = 64 / sizeof(double);
        for (const double* c : inputs_)
            for (std::size_t k = 0; k < len; k += per_line) __builtin_prefetch(c + begin + k);
    }

    void score_tile(const std::vector<int>& row, std::size_t tile, std::size_t begin, std::size_t len, bool points) {
        const std::size_t nn = m_.nodes.size();
        const frame fr = thread_frame(nn, tile, begin);
        for (int n : m_.post_order) {
            const node& nd = m_.nodes[static_cast<std::size_t>(n)];
            const auto& direct = direct_inputs_[static_cast<std::size_t>(n)];
            if (nd.is_indicator) {
                if (!direct_parent_[static_cast<std::size_t>(n)]) score_indicator(fr, n, begin, len);
            } else if (!direct.empty()) {
                min_max_mean_block(direct.data(), weights_[static_cast<std::size_t>(n)].data(), direct.size(),
                                   nd.min_coverage - 1e-12, value(fr, n, begin), cover(fr, n, begin), begin, len);
            } else {
                aggregate(fr, n, begin, len);
            }
        }
        for (std::size_t n = 0; n < nn; ++n) {
            if (row[n] < 0) continue;
            const double* v = value(fr, static_cast<int>(n), begin);
            double* out = r_.scores.data() + static_cast<std::size_t>(row[n]) * n_units_ + begin;
            if (points)
                for (std::size_t k = 0; k < len; ++k) out[k] = m_.display_score(static_cast<int>(n), v[k]);
            else
                std::copy(v, v + len, out);
            const double* c = cover(fr, static_cast<int>(n), begin);
            std::copy(c, c + len, r_.coverage.data() + static_cast<std::size_t>(row[n]) * n_units_ + begin);
        }
    }

    // Keep only the rows of `keep` (node-by-node runs score every node).
    void compact(const std::vector<int>& keep) {
        std::vector<double> s(keep.size() * n_units_), c(keep.size() * n_units_);
        for (std::size_t k = 0; k < keep.size(); ++k) {
            const auto from = static_cast<std::ptrdiff_t>(static_cast<std::size_t>(keep[k]) * n_units_);
            const auto len = static_cast<std::ptrdiff_t>(n_units_);
            std::copy(r_.scores.begin() + from, r_.scores.begin() + from + len, s.begin() + static_cast<std::ptrdiff_t>(k * n_units_));
            std::copy(r_.coverage.begin() + from, r_.coverage.begin() + from + len, c.begin() + static_cast<std::ptrdiff_t>(k * n_units_));
        }
        r_.scores = std::move(s);
        r_.coverage = std::move(c);
    }

    // The entropy sums of every indicator's scored column in r_ (node-by-node fit), folded per block
    // of block_size units in block order exactly as learn_over_indicators_blockwise does, plain
    // min_max indicators from their data as it does too, so both paths learn the same bits.
    std::vector<entropy_sums> column_sums(int n_threads) {
        std::vector<entropy_sums> sums(m_.nodes.size());
        parallel_for_blocks(m_.indicators.size(), n_threads, [&](std::size_t i) {
            const int n = m_.indicators[i];
            const double* x = value(whole(), n, 0);
            const std::optional<min_max_map> map = plain_min_max(n);
            for (std::size_t begin = 0; begin < n_units_; begin += block_size) {
                entropy_sums block;
                const std::size_t len = std::min(block_size, n_units_ - begin);
                if (!map || !block.add_min_max(columns_[static_cast<std::size_t>(n)].front() + begin, len, *map))
                    add_entropy_sums(n, x + begin, len, begin, block);
                sums[static_cast<std::size_t>(n)].merge(block);
            }
        });
        return sums;
    }

    // Fold x[0, len) (units first, first + 1, ...) of indicator n into `sums`; fitted_error naming
    // the unit on a negative score, which entropy cannot weigh.
    void add_entropy_sums(int n, const double* x, std::size_t len, std::size_t first, entropy_sums& sums) const {
        const std::size_t bad = sums.add(x, len);
        if (bad == len) return;
        const int owner = indicator_weights_owner(m_, n);
        const node& on = m_.nodes[static_cast<std::size_t>(owner)];
        throw fitted_error("node '" + on.id + "' (" + on.pointer + "/weights): " + d_.describe_unit(first + bad) +
                           ", indicator '" + m_.nodes[static_cast<std::size_t>(n)].id +
                           "' has a negative score, and entropy weights need scores >= 0");
    }

    // Weights learned over indicators from per-block entropy sums of the indicators' scores: each
    // block of units scored into a per-thread buffer and summed, the blocks merged in block order
    // (so the weights do not depend on the thread count), nothing kept per unit.
    void learn_over_indicators_blockwise(int n_threads, fitted& learning) {
        std::vector<int> needed;
        for (int n : m_.indicators)
            if (indicator_weights_owner(m_, n) >= 0) needed.push_back(n);
        const std::size_t nn = m_.nodes.size();
        const std::size_t n_blocks = (n_units_ + block_size - 1) / block_size;
        std::vector<entropy_sums> partial(n_blocks * needed.size());
        std::vector<std::optional<min_max_map>> maps;
        for (int n : needed) maps.push_back(plain_min_max(n));
        if (!needed.empty()) {
            parallel_for_column_blocks(needed.size(), n_blocks, n_threads, [&](std::size_t i, std::size_t b) {
                const std::size_t begin = b * block_size;
                const std::size_t len = std::min(block_size, n_units_ - begin);
                auto& sums = partial[b * needed.size() + i];
                // Plain min_max indicators straight from the data; the rest (and a block with a
                // negative score, to name the unit) scored first.
                if (maps[i] && sums.add_min_max(columns_[static_cast<std::size_t>(needed[i])].front() + begin, len, *maps[i])) return;
                const frame fr = thread_frame(1, block_size, begin, needed[i]);  // this indicator only
                score_indicator(fr, needed[i], begin, len);
                add_entropy_sums(needed[i], value(fr, needed[i], begin), len, begin, sums);
            });
        }
        std::vector<entropy_sums> sums(nn);
        for (std::size_t b = 0; b < n_blocks; ++b)
            for (std::size_t i = 0; i < needed.size(); ++i)
                sums[static_cast<std::size_t>(needed[i])].merge(partial[b * needed.size() + i]);
        for (std::size_t n = 0; n < nn; ++n) {
            const node& nd = m_.nodes[n];
            if (nd.is_indicator || !nd.weights.over_indicators) continue;
            learning.node_weights.push_back(learn_over_indicators(m_, static_cast<int>(n), sums, n_units_));
        }
    }

public:
    // Internal values are on the scale (or the rule's range); report them as the model asks.
    void display(const frame& fr) {
        if (m_.display != score_display::points) return;
        for (std::size_t n = 0; n < m_.nodes.size(); ++n) {
            double* v = value(fr, static_cast<int>(n), 0);
            for (std::size_t k = 0; k < n_units_; ++k) v[k] = m_.display_score(static_cast<int>(n), v[k]);
        }
    }

private:
    // Whether fit learns anything from groups' scores: weights from children's scores (not over
    // indicators) or an MCDA aggregation's fitted state.
    bool learns_from_groups() const {
        for (const node& nd : m_.nodes)
            if (!nd.is_indicator && ((!nd.weights.over_indicators && learns_weights(nd)) || mcda_learns(nd))) return true;
        return false;
    }

    static double* value(const frame& fr, int n, std::size_t begin) {
        return fr.scores + static_cast<std::size_t>(n - fr.first_node) * fr.stride + (begin - fr.first);
    }
    static double* cover(const frame& fr, int n, std::size_t begin) {
        return fr.coverage + static_cast<std::size_t>(n - fr.first_node) * fr.stride + (begin - fr.first);
    }

    void score_indicator(const frame& fr, int n, std::size_t begin, std::size_t len) {
        const node& nd = m_.nodes[static_cast<std::size_t>(n)];
        const methods::rule& rule = nd.rule;
        const auto length = static_cast<Index>(len);
        Map<ArrayXd> out(value(fr, n, begin), length);
        const double* first = columns_[static_cast<std::size_t>(n)].front() + begin;
        Map<const ArrayXd> x(first, length);
        const double lo = m_.scale_lo, span = m_.scale_hi - m_.scale_lo;

        switch (rule.kind) {
            case methods::rule_kind::min_max:
            case methods::rule_kind::z_score: {
                const auto slot = static_cast<std::size_t>(slot_[static_cast<std::size_t>(n)]);
                if (f_.stats[slot].count == 0) require_no_values(nd, x, begin);
                const auto p = f_.params(slot);
                if (rule.kind == methods::rule_kind::min_max)
                    methods::min_max(x, p.min, p.max, rule.range_lo, rule.range_hi, rule.dir, out);
                else
                    methods::z_score(x, p.mean, rule.population_sd ? population_sd(slot) : p.sd, rule.mean, rule.sd, rule.dir, out);
                break;
            }
            case methods::rule_kind::normalise: normalise_rule(fr, n, begin, len); break;
            case methods::rule_kind::goalposts: methods::goalposts(x, rule.worst, rule.best, out); break;
            case methods::rule_kind::target: methods::target_ratio(x, rule.target, rule.dir, out); break;
            case methods::rule_kind::binary: methods::binary(x, rule.dir, out); break;
            case methods::rule_kind::tiers: methods::tiered(x, rule.tiers, rule.dir, out); break;
            case methods::rule_kind::deduction: {
                const auto& cols = columns_[static_cast<std::size_t>(n)];
                Eigen::ArrayXXd counts(length, static_cast<Index>(cols.size()));
                for (std::size_t c = 0; c < cols.size(); ++c) {
                    counts.col(static_cast<Index>(c)) = Map<const ArrayXd>(cols[c] + begin, length);
                    // A negative count would add points; it can only be a data error.
                    for (Index k = 0; k < length; ++k) {
                        if (counts(k, static_cast<Index>(c)) < 0)
                            throw data_error(d_.describe_unit(begin + static_cast<std::size_t>(k)) + ", indicator '" + nd.id +
                                             "', column '" + nd.columns[c] + "': an event count must be >= 0");
                    }
                }
                methods::deduction(counts, rule.deductions, rule.full, rule.floor, rule.cap, out);
                break;
            }
        }
        if (methods::yields_fraction(rule)) out = lo + out * span;

        const double lowest = methods::yields_fraction(rule) ? lo : methods::lowest_output(rule);
        // Coverage 1 where scored; a missing score as the indicator's missing policy says. One
        // branch-free loop per policy, so each vectorises.
        double* cov = cover(fr, n, begin);
        double* v = out.data();
        switch (nd.missing) {
            case missing_policy::skip:
                for (std::size_t k = 0; k < len; ++k) cov[k] = v[k] == v[k] ? 1.0 : 0.0;
                break;
            case missing_policy::zero:
                for (std::size_t k = 0; k < len; ++k) {
                    const bool scored = v[k] == v[k];
                    cov[k] = scored ? 1.0 : 0.0;
                    v[k] = scored ? v[k] : lowest;
                }
                break;
            case missing_policy::not_applicable:
                for (std::size_t k = 0; k < len; ++k) cov[k] = v[k] == v[k] ? 1.0 : NAN;
                break;
            case missing_policy::error:
                for (std::size_t k = 0; k < len; ++k) {
                    if (std::isnan(v[k]))
                        throw data_error(d_.describe_unit(begin + k) + ", indicator '" + nd.id +
                                         "': value missing, and the model's missing policy for it is \"error\"");
                    cov[k] = 1.0;
                }
                break;
        }
    }

    // The aggregations beyond the classic weighted means (methods/means.hpp), per unit.
    double other_mean(const node& nd, const double* xs, const double* ws, std::size_t present, std::size_t unit) {
        Eigen::Map<const Eigen::VectorXd> x(xs, static_cast<Index>(present)), w(ws, static_cast<Index>(present));
        try {
            methods::mean_options o;
            o.p = nd.power_p;
            o.policy = nd.zero_policy;
            switch (nd.agg) {
                case node_aggregation::geometric:
                case node_aggregation::harmonic:
                case node_aggregation::power: return methods::power_mean(x, w, o);
                case node_aggregation::median: return methods::weighted_median(x, w);
                case node_aggregation::minimum: return methods::minimum(x, w);
                case node_aggregation::mazziotta_pareto: return mazziotta_pareto(x, w, nd.mp_penalty_negative);
                case node_aggregation::arithmetic: return methods::arithmetic_mean(x, w);
            }
        } catch (const error& e) {
            throw data_error(d_.describe_unit(unit) + ", node '" + nd.id + "' (" + nd.pointer + "/aggregation): " + e.what() +
                             (nd.zero_policy_set ? "" : " (set \"zero_policy\": \"shift\" to shift by epsilon)"));
        }
        return NAN;
    }

    // Mazziotta-Pareto: M -/+ S * cv with M the weighted mean, S the weighted (population) standard
    // deviation of the children's scores and cv = S / M; "-" penalises unbalanced units (higher is
    // better). M = 0 gives M (no imbalance can be measured relative to 0).
    static double mazziotta_pareto(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                                   bool negative) {
        const double sw = w.sum();
        const double mean = x.dot(w) / sw;
        const double var = ((x.array() - mean).square() * w.array()).sum() / sw;
        const double sd = std::sqrt(var);
        if (mean == 0) return mean;
        const double penalty = sd * (sd / mean);
        return negative ? mean - penalty : mean + penalty;
    }

    double population_sd(std::size_t slot) const {
        const auto& s = f_.stats[slot];
        return s.count > 0 ? std::sqrt(s.m2 / static_cast<double>(s.count)) : 0.0;
    }

    // A methods::normalise normaliser as a rule: its fit is stored whole (sorted column, norm, ...)
    // or rebuilt from the mergeable column statistics (min, max, sum, mean, sd).
    void normalise_rule(const frame& fr, int n, std::size_t begin, std::size_t len) {
        const node& nd = m_.nodes[static_cast<std::size_t>(n)];
        const methods::rule& rule = nd.rule;
        const auto slot = static_cast<std::size_t>(slot_[static_cast<std::size_t>(n)]);
        const auto length = static_cast<Index>(len);
        Map<const Eigen::VectorXd> x(columns_[static_cast<std::size_t>(n)].front() + begin, length);
        Map<Eigen::VectorXd> out(value(fr, n, begin), length);
        methods::normaliser_fit from_stats;
        const methods::normaliser_fit* nf = &from_stats;
        if (methods::needs_whole_column(rule)) {
            nf = &f_.normalisers[slot];
        } else if (rule.norm != methods::normaliser::categorical) {
            const auto& s = f_.stats[slot];
            from_stats.count = s.count;
            from_stats.min = s.min;
            from_stats.max = s.max;
            from_stats.mean = s.mean;
            from_stats.sum = s.mean * static_cast<double>(s.count);
        }
        if (rule.norm != methods::normaliser::categorical && nf->count == 0)
            require_no_values(nd, Map<const ArrayXd>(x.data(), length), begin);
        const int type = rule.dir == methods::direction::benefit ? 1 : -1;
        try {
            methods::apply_normaliser(rule.norm, *nf, x, type, rule.norm_options, out, 0);
        } catch (const error&) {
            // Name the unit: map the block's units one by one until the failing one is found.
            for (Index k = 0; k < length; ++k) {
                Eigen::VectorXd one = x.segment(k, 1), res(1);
                try {
                    methods::apply_normaliser(rule.norm, *nf, one, type, rule.norm_options, res, 0);
                } catch (const error& e) {
                    throw data_error(d_.describe_unit(begin + static_cast<std::size_t>(k)) + ", indicator '" + nd.id + "' (" +
                                     nd.pointer + "/rule): " + e.what());
                }
            }
            throw;
        }
    }

    // Fit saw no values for this indicator, so present values cannot be scaled: say so rather than guess.
    void require_no_values(const node& nd, const Map<const ArrayXd>& x, std::size_t begin) {
        for (Index k = 0; k < x.size(); ++k) {
            if (!std::isnan(x[k]))
                throw data_error(d_.describe_unit(begin + static_cast<std::size_t>(k)) + ", indicator '" + nd.id +
                                 "': the fitted state saw no values of this indicator, so it cannot scale this one");
        }
    }

    void aggregate(const frame& fr, int n, std::size_t begin, std::size_t len) {
        const node& nd = m_.nodes[static_cast<std::size_t>(n)];
        if (nd.mcda.active())  // only in node-by-node runs (fusable)
            return mcda_.aggregate(n, weights_[static_cast<std::size_t>(n)], f_, r_.scores.data(), r_.coverage.data(), begin, len, d_);
        double* out = value(fr, n, begin);
        double* cov = cover(fr, n, begin);
        const std::size_t n_children = nd.children.size();
        // Per-thread scratch: aggregate runs once per node and tile, too often to allocate.
        thread_local std::vector<const double*> cv, cc;
        thread_local std::vector<double> xs, ws;
        cv.resize(n_children);
        cc.resize(n_children);
        xs.resize(n_children);
        ws.resize(n_children);
        const double* w = weights_[static_cast<std::size_t>(n)].data();
        for (std::size_t i = 0; i < n_children; ++i) {
            cv[i] = value(fr, nd.children[i], begin);
            cc[i] = cover(fr, nd.children[i], begin);
        }
        const bool arithmetic = nd.agg == node_aggregation::arithmetic;
        if (arithmetic) return weighted_mean_block(cv.data(), cc.data(), w, n_children, nd.min_coverage - 1e-12, out, cov, len);
        // Today's geometric/harmonic (0 is the limit, negatives an error) unless a zero_policy is set.
        const bool classic = (nd.agg == node_aggregation::geometric || nd.agg == node_aggregation::harmonic) && !nd.zero_policy_set;
        for (std::size_t k = 0; k < len; ++k) {
            double applicable = 0, covered = 0, num = 0, den = 0;
            std::size_t present = 0;
            for (std::size_t i = 0; i < n_children; ++i) {
                const double c = cc[i][k];
                if (std::isnan(c)) continue;  // not applicable: out of this node for this unit
                applicable += w[i];
                const double v = cv[i][k];
                if (std::isnan(v)) continue;  // missing child: counts as no coverage
                covered += w[i] * c;
                if (arithmetic) {
                    num += w[i] * v;
                    den += w[i];
                } else {
                    xs[present] = v;
                    ws[present] = w[i];
                }
                ++present;
            }
            if (applicable == 0) {
                out[k] = NAN;
                cov[k] = NAN;
                continue;
            }
            cov[k] = covered / applicable;
            if (present == 0) {
                out[k] = NAN;
            } else if (arithmetic) {
                out[k] = num / den;
            } else if (!classic) {
                out[k] = other_mean(nd, xs.data(), ws.data(), present, begin + k);
            } else {
                bool negative = false;
                out[k] = methods::weighted_mean(nd.aggregation, xs.data(), ws.data(), present, &negative);
                if (negative)
                    throw data_error(d_.describe_unit(begin + k) + ", node '" + nd.id +
                                     "': a geometric or harmonic mean needs values >= 0, and a child's score is negative");
            }
            if (cov[k] < nd.min_coverage - 1e-12) out[k] = NAN;
        }
    }
};

// A million ids copied by all threads: each copy is a call into the C library, a good part of a
// scoring run on one thread.
void copy_unit_ids(const std::vector<std::string>& from, std::vector<std::string>& to, int n_threads) {
    reserve_huge(to, from.size(), n_threads);
    to.resize(from.size());
    parallel_for_blocks((from.size() + 65535) / 65536, n_threads, [&](std::size_t b) {
        for (std::size_t u = b * 65536; u < std::min(from.size(), (b + 1) * 65536); ++u) to[u] = from[u];
    });
}

result run_score(const model_ptr& mp, const fitted& f, const dataset& data, int n_threads, const score_options& options,
                 bool ids_checked) {
    const model& m = *mp;
    const derived_data derived(m, data);  // the model's derived columns (engine/derive.cpp)
    const dataset& d = derived.data();
    if (f.model_sha256 != m.sha256)
        throw fitted_error("the fitted state was made for model " + f.model_sha256 + ", not for this model (" + m.sha256 + ")");
    if (f.stats.size() != m.indicators.size()) throw fitted_error("the fitted state does not match the model's indicators");
    // Long data (several rows per unit, read for checks or assessment) must not become a result with
    // the same unit twice: every unit has exactly one output row.
    if (!ids_checked) check_unit_ids(d, n_threads);

    result r;
    r.model = mp;
    copy_unit_ids(d.unit_ids, r.unit_ids, n_threads);
    derived.append_records(m, r.treatments);  // undefined derived cells (division by zero), audited

    if (needs_whole_data(m) && ((has_treatment(m) && f.treatment.size() != m.indicators.size())))
        throw fitted_error("the fitted state has no data treatment, which this model needs (fit it on the whole data set with fit, not partial_fit)");
    if (has_whole_column_rules(m) && f.normalisers.size() != m.indicators.size())
        throw fitted_error("the fitted state has no whole-column normaliser statistics (rank, percentile_rank, vector, sum, max, "
                           "distance_to_best), which this model needs (fit it on the whole data set with fit, not partial_fit)");
    for (int k : options.keep)
        if (k < 0 || static_cast<std::size_t>(k) >= m.nodes.size())
            throw invalid_argument_error("score: keep names node " + std::to_string(k) + ", and the model has " +
                                         std::to_string(m.nodes.size()) + " nodes");
    std::vector<int> keep = options.keep;
    if (!keep.empty()) {  // model order, once each, the root first
        keep.push_back(0);
        std::sort(keep.begin(), keep.end());
        keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
        if (keep.size() == m.nodes.size()) keep.clear();
    }
    dataset treated;
    const bool treat = has_treatment(m);
    if (treat) treated = apply_treatment(m, f.treatment, d, &r.treatments);
    scorer s(m, f, treat ? treated : d, r);
    s.score_all(n_threads, keep);

    // A root that rests on no data at all (coverage 0) is not a score, even where a "zero" policy
    // filled in points: such a unit is unscored, so it cannot be ranked or graded on nothing.
    const std::size_t n_blocks = (r.n_units + block_size - 1) / block_size;
    parallel_for_blocks(n_blocks, n_threads, [&](std::size_t b) {
        for (std::size_t u = b * block_size; u < std::min(r.n_units, (b + 1) * block_size); ++u)
            if (r.coverage[u] == 0.0) r.scores[u] = NAN;
    });
    const std::span<const double> root(r.scores.data(), r.n_units);
    r.rank = methods::competition_ranks(root, n_threads);
    assign_huge(r.status, r.n_units, unit_status::ok);
    assign_huge(r.grade, r.n_units, -1);
    std::vector<double> floors;  // model::grade_of, with each band's floor worked out once
    for (std::size_t g = 0; g < m.grades.size(); ++g) floors.push_back(m.grade_floor(g));
    parallel_for_blocks(n_blocks, n_threads, [&](std::size_t b) {
        for (std::size_t u = b * block_size; u < std::min(r.n_units, (b + 1) * block_size); ++u) {
            const double c = r.coverage[u];
            if (std::isnan(root[u])) r.status[u] = unit_status::unscored;
            else if (c < 1.0 - 1e-12) r.status[u] = unit_status::partial;
            std::size_t g = 0;
            while (g < floors.size() && !(root[u] >= floors[g])) ++g;  // NaN reaches no band
            r.grade[u] = g < floors.size() ? static_cast<int>(g) : -1;
        }
    });
    // Effective weights from the weights actually used (learned ones included), root down.
    r.local_weights.assign(m.nodes.size(), 1.0);
    std::vector<double> effective(m.nodes.size(), 1.0);
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {  // pre-order: parents before children
        const node& nd = m.nodes[n];
        if (nd.is_indicator) continue;
        const auto& w = s.weights()[n];
        double sum = 0;
        for (double x : w) sum += x;
        for (std::size_t i = 0; i < nd.children.size(); ++i) {
            const auto c = static_cast<std::size_t>(nd.children[i]);
            r.local_weights[c] = sum > 0 ? w[i] / sum : 0.0;
            effective[c] = effective[n] * r.local_weights[c];
        }
    }
    for (int i : m.indicators) r.effective_weights.push_back(effective[static_cast<std::size_t>(i)]);
    r.node_report = node_report_json(m, f, r.local_weights);
    r.mcda = s.mcda().report_json(r);  // VIKOR S/R/Q and compromise set, fuzzy B (score_mcda.cpp)
    r.model_sha256 = m.sha256;
    r.fitted_sha256 = f.sha256();
    r.library_version = version_string();
    attach_rollup(r, d);  // streets, districts (civiscore/rollup.hpp); nothing without a units section
    return r;
}

}  // namespace

result score(const model_ptr& m, const fitted& f, const dataset& d, int n_threads, const score_options& options) {
    return run_score(m, f, d, n_threads, options, false);
}

result score_with_checked_ids(const model_ptr& m, const fitted& f, const dataset& d, int n_threads,
                              const score_options& options) {
    return run_score(m, f, d, n_threads, options, true);
}

bool needs_whole_data(const model& m) noexcept {
    if (has_treatment(m) || has_whole_column_rules(m)) return true;
    for (const node& n : m.nodes)
        if (!n.is_indicator && (learns_weights(n) || mcda_learns(n))) return true;
    return false;
}

void learn_node_weights(const model& m, fitted& f, const dataset& treated, int n_threads) {
    result r;
    f.node_weights.clear();
    f.node_mcda.clear();
    scorer s(m, f, treated, r);
    s.learn_weights(n_threads, f);
}

void scorer::learn(int n, fitted& f) {
    const node& nd = m_.nodes[static_cast<std::size_t>(n)];
    const std::size_t k = nd.children.size();
    // Complete rows of the children's scores over the fitted data.
    std::vector<std::size_t> rows;
    for (std::size_t u = 0; u < n_units_; ++u) {
        bool complete = true;
        for (int c : nd.children) complete = complete && !std::isnan(value(whole(), c, 0)[u]);
        if (complete) rows.push_back(u);
    }
    const std::string where = "node '" + nd.id + "' (" + nd.pointer + "/weights)";
    if (rows.size() < 2)
        throw fitted_error(where + ": learning weights needs at least 2 units with every child scored, the data has " +
                           std::to_string(rows.size()));
    Eigen::MatrixXd X(static_cast<Index>(rows.size()), static_cast<Index>(k));
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < k; ++j) X(static_cast<Index>(i), static_cast<Index>(j)) = value(whole(), nd.children[j], 0)[rows[i]];
    learned_weights lw;
    lw.node_id = nd.id;
    lw.rows = static_cast<std::int64_t>(rows.size());
    auto part = [&](const weight_spec& sp) -> Eigen::VectorXd {
        if (sp.kind != weighting::learned) {
            Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(sp.fixed.data(), static_cast<Index>(sp.fixed.size()));
            return v / v.sum();
        }
        return methods::weights(sp.learned, X, {}, sp.options);
    };
    try {
        const weight_spec& sp = nd.weights;
        Eigen::VectorXd w;
        if (sp.kind == weighting::combined) {
            const Eigen::VectorXd a = part(*sp.subjective), b = part(*sp.objective);
            lw.method = "combined/" + sp.rule;
            if (sp.rule == "multiplicative") {
                w = methods::combine_multiplicative(a, b);
            } else if (sp.rule == "game_theory") {
                auto g = methods::combine_game_theory({a, b});
                w = g.weights;
                lw.alpha.assign(g.alpha.data(), g.alpha.data() + g.alpha.size());
            } else {
                w = methods::combine_linear(a, b, sp.alpha);
                lw.alpha = {sp.alpha, 1 - sp.alpha};
            }
        } else {
            lw.method = methods::weighting_name(sp.learned);
            w = part(sp);
        }
        lw.weights.assign(w.data(), w.data() + w.size());
    } catch (const error& e) {
        throw fitted_error(where + ": " + e.what());
    }
    f.node_weights.push_back(std::move(lw));
}

result score(const model_ptr& m, const dataset& d, int n_threads, const score_options& options) {
    return score(m, fit(*m, d, n_threads), d, n_threads, options);
}

std::vector<int> keep_nodes(const model& m, std::string_view spec) {
    std::vector<char> keep(m.nodes.size(), 0);
    keep[0] = 1;
    auto depth = [&](std::size_t n) {
        std::size_t dpt = 0;
        for (int p = m.nodes[n].parent; p >= 0; p = m.nodes[static_cast<std::size_t>(p)].parent) ++dpt;
        return dpt;
    };
    std::size_t pos = 0;
    while (pos <= spec.size()) {
        const std::size_t comma = std::min(spec.find(',', pos), spec.size());
        std::string_view word = spec.substr(pos, comma - pos);
        while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
        while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
        pos = comma + 1;
        if (word.empty()) continue;
        const bool all = word == "all", groups = word == "groups", indicators = word == "indicators";
        std::size_t max_depth = 0;
        const bool by_depth = word.substr(0, 6) == "depth:";
        if (by_depth) {
            const auto digits = word.substr(6);
            const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), max_depth);
            if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size())
                throw invalid_argument_error("keep: '" + std::string(word) + "' is not depth:N with N a whole number >= 0");
        }
        bool found = false;
        for (std::size_t n = 0; n < m.nodes.size(); ++n) {
            const node& nd = m.nodes[n];
            const bool take = all || (groups && !nd.is_indicator) || (indicators && nd.is_indicator) ||
                              (by_depth && depth(n) <= max_depth) || nd.id == word;
            if (take) keep[n] = 1;
            found = found || take;
        }
        if (!found && !all && !groups && !indicators && !by_depth)
            throw invalid_argument_error("keep: '" + std::string(word) +
                                         "' is neither a node id of model '" + m.id +
                                         "' nor one of all, groups, indicators, depth:N");
    }
    std::vector<int> out;
    for (std::size_t n = 0; n < m.nodes.size(); ++n)
        if (keep[n]) out.push_back(static_cast<int>(n));
    return out;
}

}  // namespace v0
}  // namespace civiscore
