// Checks of patterns that filled-in ledgers leave: jumps and frozen values across periods,
// copy-paste rows across units, round-number heaping and repeated terminal digits, first digits
// against Benford's law.
#include "engine/check/check_context.hpp"

#include <civiscore/check/stats.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

namespace civiscore {
inline namespace v0 {
namespace check {
namespace {

std::string percent(double share) { return num(std::round(share * 1000.0) / 10.0) + "%"; }

constexpr std::size_t none = static_cast<std::size_t>(-1);

// rows_of[unit][period] = row or none.
std::vector<std::vector<std::size_t>> unit_period_rows(const context& x) {
    std::vector<std::vector<std::size_t>> rows(x.r.units.size(), std::vector<std::size_t>(x.r.periods.size(), none));
    for (std::size_t i = 0; i < x.unit_of_row.size(); ++i) rows[x.unit_of_row[i]][x.period_of_row[i]] = i;
    return rows;
}

std::uint64_t mix(std::uint64_t h, double v) {
    // Every NaN hashes alike; -0 like 0.
    std::uint64_t bits = 0x7ff8000000000000ULL;
    if (!std::isnan(v)) {
        const double w = v == 0.0 ? 0.0 : v;
        std::memcpy(&bits, &w, sizeof bits);
    }
    std::uint64_t s = h ^ bits;
    return splitmix64(s);
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

void check_periods(context& x) {
    const config& c = x.c;
    const auto rows = unit_period_rows(x);
    const std::size_t np = x.r.periods.size();
    if (c.jump.enabled) {
        for (const auto& name : x.present) {
            const auto& v = x.col(name)->values;
            // Changes between consecutive periods of every unit; their median and MAD are the
            // yardstick, so a column that moves a lot is judged by its own movement.
            struct change { std::size_t unit, from, to; double delta; };
            std::vector<change> changes;
            for (std::size_t u = 0; u < rows.size(); ++u)
                for (std::size_t p = 1; p < np; ++p) {
                    const std::size_t a = rows[u][p - 1], b = rows[u][p];
                    if (a == none || b == none || std::isnan(v[a]) || std::isnan(v[b])) continue;
                    changes.push_back({u, a, b, v[b] - v[a]});
                }
            if (changes.size() < c.outlier_min_units) continue;
            std::vector<double> deltas;
            for (const auto& ch : changes) deltas.push_back(ch.delta);
            const double med = median(deltas), spread = mad_scale * mad(deltas);
            if (!(spread > 0)) continue;  // most units do not change: no spread to measure against
            for (const auto& ch : changes) {
                if (!(std::abs(ch.delta - med) > c.jump_k * spread)) continue;
                flag f = x.row_flag("jump", c.jump, ch.to);
                f.column = name;
                f.values = {{"before", v[ch.from]}, {"after", v[ch.to]}, {"change", ch.delta},
                            {"median_change", med}, {"spread", spread}};
                const std::string from = x.period(ch.from);
                f.reason_zh = "从 " + from + " 的 " + num(v[ch.from]) + " 跃变为 " + num(v[ch.to]) + "，变化 " +
                              num(ch.delta) + " 超过变化量稳健离散度的 " + num(c.jump_k) + " 倍（" + num(spread) + "）";
                f.reason_en = "jumped from " + num(v[ch.from]) + " (" + from + ") to " + num(v[ch.to]) + ": a change of " +
                              num(ch.delta) + ", more than " + num(c.jump_k) + " x the robust spread of changes (" +
                              num(spread) + ")";
                x.r.flags.push_back(std::move(f));
            }
        }
    }
    if (c.constant.enabled) {
        for (std::size_t u = 0; u < rows.size(); ++u) {
            std::size_t considered = 0, frozen = 0;
            std::size_t last = none;
            for (std::size_t p = 0; p < np; ++p)
                if (rows[u][p] != none) last = rows[u][p];
            std::vector<std::string> frozen_names;
            for (const auto& name : x.present) {
                const auto& v = x.col(name)->values;
                std::vector<double> seen;
                for (std::size_t p = 0; p < np; ++p)
                    if (rows[u][p] != none && !std::isnan(v[rows[u][p]])) seen.push_back(v[rows[u][p]]);
                if (seen.size() < c.constant_min_periods) continue;
                ++considered;
                if (std::all_of(seen.begin(), seen.end(), [&](double s) { return s == seen[0]; })) {
                    ++frozen;
                    frozen_names.push_back(name);
                }
            }
            if (considered < c.min_common || last == none) continue;
            const double share = static_cast<double>(frozen) / static_cast<double>(considered);
            if (share < c.constant_share) continue;
            flag f = x.row_flag("constant", c.constant, last);
            f.period = "";  // about every period at once
            f.values = {{"identical", static_cast<double>(frozen)}, {"considered", static_cast<double>(considered)},
                        {"share", share}};
            f.reason_zh = std::to_string(frozen) + "/" + std::to_string(considered) + " 项指标在所有期次数值完全相同（" +
                          percent(share) + "），疑似照搬往期台账";
            f.reason_en = std::to_string(frozen) + " of " + std::to_string(considered) +
                          " values identical in every period (" + percent(share) + "): a ledger copied forward?";
            x.r.flags.push_back(std::move(f));
        }
    }
}

// Exact duplicates by hashing whole rows; near duplicates by the pigeonhole principle: split the L
// columns into M + 1 bands, M = floor((1 - near_share) L); two rows that differ in at most M
// columns agree on a whole band, so sorting band hashes finds every such pair as a candidate in
// O(B n log n); candidates are verified exactly. docs/checks.md states what this does not find.
void check_duplicates(context& x) {
    const config& c = x.c;
    const auto& names = x.present;
    const std::size_t L = names.size();
    if (L == 0) return;
    std::vector<const std::vector<double>*> cols;
    for (const auto& n : names) cols.push_back(&x.col(n)->values);
    const std::size_t n = x.d.unit_count();

    auto row_present = [&](std::size_t i) {
        std::size_t k = 0;
        for (auto* v : cols) k += std::isnan((*v)[i]) ? 0 : 1;
        return k;
    };
    auto compare = [&](std::size_t a, std::size_t b, std::size_t& common, std::size_t& equal) {
        common = equal = 0;
        bool identical = true;
        for (auto* v : cols) {
            const double p = (*v)[a], q = (*v)[b];
            identical = identical && same(p, q);
            if (std::isnan(p) || std::isnan(q)) continue;
            ++common;
            equal += p == q ? 1 : 0;
        }
        return identical;
    };

    const std::size_t M = static_cast<std::size_t>(std::floor((1.0 - c.near_share) * static_cast<double>(L) + 1e-9));
    const std::size_t B = std::min(L, M + 1);
    std::set<std::pair<std::size_t, std::size_t>> candidates;
    std::set<std::pair<std::size_t, std::size_t>> exact;
    for (std::size_t period = 0; period < x.r.periods.size(); ++period) {
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < n; ++i)
            if (x.period_of_row[i] == period && row_present(i) >= c.min_common) rows.push_back(i);
        // Whole rows.
        std::vector<std::pair<std::uint64_t, std::size_t>> keys;
        for (auto i : rows) {
            std::uint64_t h = 0x5eed;
            for (auto* v : cols) h = mix(h, (*v)[i]);
            keys.emplace_back(h, i);
        }
        std::sort(keys.begin(), keys.end());
        for (std::size_t a = 0; a < keys.size();) {
            std::size_t b = a + 1;
            while (b < keys.size() && keys[b].first == keys[a].first) ++b;
            for (std::size_t p = a; p < b; ++p)
                for (std::size_t q = p + 1; q < b; ++q) {
                    std::size_t common = 0, equal = 0;
                    if (compare(keys[p].second, keys[q].second, common, equal))
                        exact.emplace(std::min(keys[p].second, keys[q].second), std::max(keys[p].second, keys[q].second));
                }
            a = b;
        }
        // Bands.
        for (std::size_t band = 0; band < B; ++band) {
            const std::size_t lo = band * L / B, hi = (band + 1) * L / B;
            keys.clear();
            for (auto i : rows) {
                std::uint64_t h = 0xba5d + band;
                std::size_t have = 0;
                for (std::size_t k = lo; k < hi; ++k) {
                    h = mix(h, (*cols[k])[i]);
                    have += std::isnan((*cols[k])[i]) ? 0 : 1;
                }
                if (have >= 2) keys.emplace_back(h, i);  // a band of gaps says nothing
            }
            std::sort(keys.begin(), keys.end());
            for (std::size_t a = 0; a < keys.size();) {
                std::size_t b = a + 1;
                while (b < keys.size() && keys[b].first == keys[a].first) ++b;
                for (std::size_t p = a; p < b; ++p)
                    for (std::size_t q = p + 1; q < b; ++q)
                        candidates.emplace(std::min(keys[p].second, keys[q].second), std::max(keys[p].second, keys[q].second));
                a = b;
            }
        }
    }
    auto emit = [&](std::size_t i, std::size_t j, bool is_exact, std::size_t common, std::size_t equal) {
        for (int side = 0; side < 2; ++side) {
            const std::size_t me = side == 0 ? i : j, other = side == 0 ? j : i;
            flag f = x.row_flag(is_exact ? "duplicate" : "near_duplicate", c.duplicate, me);
            f.related = x.d.unit_ids[other];
            const double share = common ? static_cast<double>(equal) / static_cast<double>(common) : 1.0;
            f.values = {{"equal", static_cast<double>(equal)}, {"common", static_cast<double>(common)}, {"share", share}};
            if (is_exact) {
                f.reason_zh = "全部 " + std::to_string(common) + " 项指标数值与 " + f.related + " 完全相同，疑似复制台账";
                f.reason_en = "all " + std::to_string(common) + " values identical to " + f.related + ": a copied ledger?";
            } else {
                f.reason_zh = std::to_string(common) + " 项共有指标中 " + std::to_string(equal) + " 项与 " + f.related +
                              " 相同（" + percent(share) + "），疑似复制台账";
                f.reason_en = std::to_string(equal) + " of " + std::to_string(common) + " values shared with " +
                              f.related + " are identical (" + percent(share) + "): a copied ledger?";
            }
            x.r.flags.push_back(std::move(f));
        }
    };
    for (const auto& [i, j] : exact) {
        std::size_t common = 0, equal = 0;
        compare(i, j, common, equal);
        emit(i, j, true, common, equal);
    }
    for (const auto& [i, j] : candidates) {
        if (exact.count({i, j})) continue;
        std::size_t common = 0, equal = 0;
        compare(i, j, common, equal);
        if (common >= c.min_common && static_cast<double>(equal) >= c.near_share * static_cast<double>(common))
            emit(i, j, false, common, equal);
    }
}

void check_heaping(context& x) {
    const config& c = x.c;
    std::vector<std::string> names = c.heaping_columns;
    if (names.empty())
        for (const auto& name : x.present) {
            const auto h = c.hints.find(name);
            if (h != c.hints.end() && h->second.kind == "percent") names.push_back(name);
        }
    struct info { const std::vector<double>* v; int decimals; double p_round; };
    std::vector<info> cols;
    for (const auto& name : names) {
        const column* col = x.col(name);
        if (!col) continue;
        int d = 0;
        for (double v : col->values) d = std::max(d, decimals_of(v));
        // Values recorded to d decimals are multiples of `base` with probability 10^-d / base when
        // their last digits are uniform.
        const double p = std::min(1.0, std::pow(10.0, -d) / c.heaping_base);
        cols.push_back({&col->values, d, p});
    }
    if (cols.empty()) {
        x.r.notes.push_back("heaping: not run, no columns (declare percent columns or heaping.columns)");
        return;
    }
    for (std::size_t i = 0; i < x.d.unit_count(); ++i) {
        std::vector<double> ps;
        std::size_t round = 0;
        std::array<std::size_t, 10> last{};
        std::size_t n = 0;
        for (const auto& ci : cols) {
            const double v = (*ci.v)[i];
            if (std::isnan(v)) continue;
            ++n;
            ps.push_back(ci.p_round);
            round += is_multiple(v, c.heaping_base) ? 1 : 0;
            const double scaled = std::round(std::abs(v) * std::pow(10.0, ci.decimals));
            ++last[static_cast<std::size_t>(std::fmod(scaled, 10.0))];
        }
        if (n < c.heaping_min_values) continue;
        double expected = 0;
        for (double p : ps) expected += p;
        const double p_round = poisson_binomial_sf(round, ps);
        if (p_round < c.heaping_alpha && static_cast<double>(round) > expected) {
            flag f = x.row_flag("heaping", c.heaping, i);
            f.values = {{"round", static_cast<double>(round)}, {"values", static_cast<double>(n)},
                        {"expected", expected}, {"p_value", p_round}, {"base", c.heaping_base}};
            f.reason_zh = std::to_string(n) + " 个数值中 " + std::to_string(round) + " 个是 " + num(c.heaping_base) +
                          " 的倍数（预期约 " + num(std::round(expected * 10) / 10) + " 个，p = " + num(p_round) + "），疑似凑整填报";
            f.reason_en = std::to_string(round) + " of " + std::to_string(n) + " values are multiples of " +
                          num(c.heaping_base) + " (about " + num(std::round(expected * 10) / 10) + " expected, p = " +
                          num(p_round) + "): rounded numbers filled in?";
            x.r.flags.push_back(std::move(f));
        }
        // Repeated terminal digits: the most frequent last digit against a uniform 1/10, with a
        // Bonferroni factor 10 for picking the most frequent of ten digits.
        const auto top = std::max_element(last.begin(), last.end());
        const std::size_t k = *top;
        const double p_digit = std::min(1.0, 10.0 * binomial_sf(k, n, 0.1));
        if (p_digit < c.heaping_alpha) {
            flag f = x.row_flag("terminal_digit", c.heaping, i);
            const int digit = static_cast<int>(top - last.begin());
            f.values = {{"digit", static_cast<double>(digit)}, {"count", static_cast<double>(k)},
                        {"values", static_cast<double>(n)}, {"p_value", p_digit}};
            f.reason_zh = std::to_string(n) + " 个数值中 " + std::to_string(k) + " 个末位数字为 " + std::to_string(digit) +
                          "（均匀时约 " + num(static_cast<double>(n) / 10.0) + " 个，p = " + num(p_digit) + "）";
            f.reason_en = std::to_string(k) + " of " + std::to_string(n) + " values end in the digit " +
                          std::to_string(digit) + " (about " + num(static_cast<double>(n) / 10.0) +
                          " expected, p = " + num(p_digit) + ")";
            x.r.flags.push_back(std::move(f));
        }
    }
}

void check_benford(context& x) {
    const config& c = x.c;
    std::vector<std::string> names = c.benford_columns;
    if (names.empty())
        for (const auto& name : x.present) {
            const auto h = c.hints.find(name);
            if (h != c.hints.end() && h->second.kind == "count") names.push_back(name);
        }
    std::map<std::string, std::vector<double>> groups;
    for (const auto& name : names) {
        const column* col = x.col(name);
        if (!col) continue;
        for (std::size_t i = 0; i < col->values.size(); ++i)
            if (col->values[i] > 0) groups[x.group_of_row[i]].push_back(col->values[i]);
    }
    if (groups.empty()) x.r.notes.push_back("benford: not run, no positive values in count columns");
    for (const auto& [g, values] : groups) {
        benford_stat s;
        s.group = g;
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        const double span = *hi / *lo;
        const benford_result b = benford_test(values);
        s.n = b.n;
        s.observed.assign(b.observed.begin(), b.observed.end());
        s.chi_square = b.chi_square;
        s.p_value = b.p_value;
        s.mad = b.mad;
        if (b.n < c.benford_min_values || span < c.benford_min_span) {
            // First digits follow Benford only for counts spread over orders of magnitude.
            s.conformity = "not applicable";
            s.note = b.n < c.benford_min_values
                         ? std::to_string(b.n) + " positive values, fewer than " + std::to_string(c.benford_min_values)
                         : "values span only " + num(std::round(span * 10) / 10) + "x (max/min), less than " +
                               num(c.benford_min_span) + "x";
            x.r.benford.push_back(std::move(s));
            continue;
        }
        s.conformity = benford_conformity(b.mad);
        if (s.conformity == "nonconformity" && b.p_value < c.benford_alpha) {
            flag f;
            f.rule = "benford";
            f.level = c.benford.level;
            f.effect = flag_effect::none;  // about a group, not one unit's value
            f.group = g;
            f.values = {{"n", static_cast<double>(b.n)}, {"chi_square", b.chi_square}, {"p_value", b.p_value},
                        {"mad", b.mad}};
            const std::string who_zh = g.empty() ? "全部单位" : "“" + g + "”组";
            const std::string who_en = g.empty() ? "all units" : "group '" + g + "'";
            f.reason_zh = who_zh + "计数类指标首位数字偏离本福特分布：χ² = " + num(b.chi_square) + "（8 自由度，p = " +
                          num(b.p_value) + "），MAD = " + num(b.mad) + "（> 0.015，不符合）";
            f.reason_en = "first digits of counts in " + who_en + " depart from Benford's law: chi-square " +
                          num(b.chi_square) + " (8 d.o.f., p = " + num(b.p_value) + "), MAD " + num(b.mad) +
                          " (> 0.015, nonconformity)";
            x.r.flags.push_back(std::move(f));
        }
        x.r.benford.push_back(std::move(s));
    }
}

}  // namespace check
}  // namespace v0
}  // namespace civiscore
