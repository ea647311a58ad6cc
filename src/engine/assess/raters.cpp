// Multi-rater data (多元主体评价): raters averaged within a source, sources weighted per indicator,
// and Kendall's W as the inter-rater agreement of each indicator within each source.
#include "engine/assess/internal.hpp"

#include <civiscore/error.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace civiscore {
inline namespace v0 {
namespace assess {
namespace {

double average(std::vector<double> v, rater_average how, double trim) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    if (how == rater_average::median) return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    std::size_t cut = how == rater_average::trimmed_mean ? static_cast<std::size_t>(std::floor(trim * static_cast<double>(n))) : 0;
    double s = 0;
    for (std::size_t i = cut; i < n - cut; ++i) s += v[i];
    return s / static_cast<double>(n - 2 * cut);
}

// Ascending ranks 1..n with ties at their average rank; adds sum(t^3 - t) of the tie groups to `ties`.
std::vector<double> ranks(const std::vector<double>& x, double& ties) {
    std::vector<std::size_t> idx(x.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<double> r(x.size());
    for (std::size_t i = 0; i < idx.size();) {
        std::size_t j = i;
        while (j + 1 < idx.size() && x[idx[j + 1]] == x[idx[i]]) ++j;
        const double t = static_cast<double>(j - i + 1);
        for (std::size_t k = i; k <= j; ++k) r[idx[k]] = (static_cast<double>(i + j) + 2) / 2;
        ties += t * t * t - t;
        i = j + 1;
    }
    return r;
}

}  // namespace

double kendall_w(const std::vector<std::vector<double>>& by_rater) {
    const std::size_t m = by_rater.size();
    if (m < 2) return NAN;
    const std::size_t n = by_rater[0].size();
    if (n < 2) return NAN;
    std::vector<double> total(n, 0.0);
    double ties = 0;
    for (const auto& row : by_rater) {
        const auto r = ranks(row, ties);
        for (std::size_t i = 0; i < n; ++i) total[i] += r[i];
    }
    const double mean = static_cast<double>(m) * static_cast<double>(n + 1) / 2;
    double s = 0;
    for (double t : total) s += (t - mean) * (t - mean);
    const double md = static_cast<double>(m), nd = static_cast<double>(n);
    const double denom = md * md * (nd * nd * nd - nd) - md * ties;
    return denom > 0 ? 12 * s / denom : NAN;
}

namespace detail {

void apply_ratings(const model& m, const plan& p, const dataset& ratings, const std::string& period,
                   dataset& d, std::vector<agreement>& agreements) {
    auto need = [&](const std::string& name) -> const column& {
        const column* c = find(ratings, name);
        if (!c) throw data_error(ratings.source + ": the ratings table has no column '" + name + "' (columns: " +
                                 p.id_column + ", indicator, source, rater, value" +
                                 (p.periods.column.empty() ? "" : ", " + p.periods.column) + ")");
        return *c;
    };
    const column& unit_c = need(p.id_column);
    const column& ind_c = need("indicator");
    const column& src_c = need("source");
    const column& rater_c = need("rater");
    const column& val_c = need("value");
    const column* per_c = p.periods.column.empty() ? nullptr : &need(p.periods.column);
    if (val_c.values.size() != ratings.unit_count())
        throw data_error(ratings.source + ": the ratings' value column is not numeric (" + val_c.not_numeric_where + ")");

    std::map<std::string, std::size_t> unit_index;
    for (std::size_t u = 0; u < d.unit_ids.size(); ++u) unit_index[d.unit_ids[u]] = u;
    // (indicator, source) -> rater -> unit -> value; std::map keeps every order deterministic.
    std::map<std::pair<std::string, std::string>, std::map<std::string, std::map<std::size_t, double>>> cells;
    for (std::size_t r = 0; r < ratings.unit_count(); ++r) {
        if (per_c && cell_text(*per_c, r) != period) continue;
        const std::string where = ratings.source + ":" + ratings.unit_ids[r];
        const std::string unit = cell_text(unit_c, r), ind = cell_text(ind_c, r), src = cell_text(src_c, r);
        const int n = m.find(ind);
        if (n < 0 || !m.nodes[static_cast<std::size_t>(n)].is_indicator)
            throw data_error(where + ": unknown indicator '" + ind + "'");
        const auto ui = unit_index.find(unit);
        if (ui == unit_index.end())
            throw data_error(where + ": unit '" + unit + "' is not in the data" + (period.empty() ? "" : " of period '" + period + "'"));
        if (const auto s = p.sources.find(ind); s != p.sources.end() &&
            std::none_of(s->second.begin(), s->second.end(), [&](const source_weight& w) { return w.source == src; }))
            throw data_error(where + ": source '" + src + "' does not rate indicator '" + ind + "' in the plan");
        const double v = val_c.values[r];
        if (std::isnan(v)) {
            if (!cell_text(val_c, r).empty()) throw data_error(where + ": value '" + cell_text(val_c, r) + "' is not a number");
            continue;
        }
        auto& slot = cells[{ind, src}][cell_text(rater_c, r)];
        if (!slot.emplace(ui->second, v).second)
            throw data_error(where + ": rater '" + cell_text(rater_c, r) + "' rates unit '" + unit + "' on '" + ind + "' twice");
    }
    // indicator -> unit -> (weighted sum, weight)
    std::map<std::string, std::map<std::size_t, std::pair<double, double>>> merged;
    for (const auto& [key, raters] : cells) {
        const auto& [ind, src] = key;
        double w = 1.0;
        if (const auto s = p.sources.find(ind); s != p.sources.end())
            for (const auto& sw : s->second)
                if (sw.source == src) w = sw.weight;
        std::map<std::size_t, std::vector<double>> by_unit;
        for (const auto& [rater, vals] : raters)
            for (const auto& [u, v] : vals) by_unit[u].push_back(v);
        for (const auto& [u, vs] : by_unit) {
            auto& acc = merged[ind][u];
            acc.first += w * average(vs, p.average, p.trim);
            acc.second += w;
        }
        // Agreement over the units every rater of this source rated (complete blocks only).
        std::vector<std::size_t> complete;
        for (const auto& [u, vs] : by_unit)
            if (vs.size() == raters.size()) complete.push_back(u);
        std::vector<std::vector<double>> matrix;
        for (const auto& [rater, vals] : raters) {
            std::vector<double> row;
            for (std::size_t u : complete) row.push_back(vals.at(u));
            matrix.push_back(std::move(row));
        }
        agreements.push_back({ind, src, period, raters.size(), complete.size(),
                              raters.size() >= 2 ? kendall_w(matrix) : NAN});
    }
    for (const auto& [ind, units] : merged) {
        const node& nd = m.nodes[static_cast<std::size_t>(m.find(ind))];
        const std::string& col_id = nd.columns.at(0);
        column* col = nullptr;
        for (auto& c : d.columns)
            if (c.id == col_id) col = &c;
        if (!col) {
            d.columns.push_back({col_id, true, std::vector<double>(d.unit_count(), NAN), {}, {}, {}});
            col = &d.columns.back();
        }
        if (!col->numeric) throw data_error(d.source + ": column '" + col_id + "' is not numeric (" + col->not_numeric_where + ")");
        for (const auto& [u, acc] : units) col->values[u] = acc.first / acc.second;
    }
}

}  // namespace detail
}  // namespace assess
}  // namespace v0
}  // namespace civiscore
