// The risk-weighted verification sample (暗访): weighted sampling without replacement
// (Efraimidis & Spirakis 2006: key = ln(u)/w, the largest keys win, so a unit's chance rises with
// its weight), u from splitmix64 seeded by the seed and the unit id (the same unit draws the same
// number whatever the row order), strata allocated proportionally by largest remainder.
#include <civiscore/check/check.hpp>
#include <civiscore/check/stats.hpp>
#include <civiscore/error.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace civiscore {
inline namespace v0 {
namespace check {
namespace {

double severity_points(severity s) {
    switch (s) {
        case severity::info: return 0.25;
        case severity::warning: return 1.0;
        case severity::error: return 2.0;
        case severity::veto: return 4.0;
    }
    return 1.0;
}

}  // namespace

std::vector<sample_entry> sample(const report& r, const dataset& d, const sample_options& o) {
    const std::size_t n = r.units.size();
    if (o.size == 0 && !(o.share > 0 && o.share <= 1))
        throw invalid_argument_error("sample share must be in (0, 1], got " + std::to_string(o.share));
    if (o.size > n)
        throw invalid_argument_error("sample size " + std::to_string(o.size) + " is more than the " + std::to_string(n) +
                                     " units");
    const std::size_t total = o.size > 0 ? o.size
                                         : static_cast<std::size_t>(std::ceil(o.share * static_cast<double>(n) - 1e-9));

    // Strata: the report's (its stratify column) unless another column is asked for.
    std::vector<std::string> stratum(n);
    if (!o.stratify.empty() && o.stratify != r.cfg.stratify_column) {
        const int k = d.find_column(o.stratify);
        if (k < 0) throw data_error(d.source + ": stratify column '" + o.stratify + "' is not in the data");
        const column& col = d.columns[static_cast<std::size_t>(k)];
        std::map<std::string, std::size_t> index;
        for (std::size_t u = 0; u < n; ++u) index[r.units[u]] = u;
        for (std::size_t i = 0; i < d.unit_count(); ++i) {
            auto it = index.find(d.unit_ids[i]);
            if (it == index.end()) continue;
            std::string label;
            if (col.numeric) {
                if (!std::isnan(col.values[i])) {
                    char buf[64];
                    std::snprintf(buf, sizeof buf, "%.10g", col.values[i]);
                    label = buf;
                }
            } else {
                label = col.text[i];
            }
            if (stratum[it->second].empty()) stratum[it->second] = label;
        }
    } else if (!o.stratify.empty()) {
        stratum = r.strata;
    }

    std::vector<sample_entry> units(n);
    std::map<std::string, std::size_t> index;
    for (std::size_t u = 0; u < n; ++u) {
        units[u].unit = r.units[u];
        units[u].stratum = stratum[u];
        index[r.units[u]] = u;
    }
    for (const flag& f : r.flags) {
        if (f.unit.empty()) continue;
        auto& e = units[index[f.unit]];
        e.weight += severity_points(f.level);
        std::string reason = f.rule;
        if (!f.column.empty()) reason += " " + f.column;
        if (!f.period.empty()) reason += " [" + f.period + "]";
        reason += ": " + f.reason_en;
        e.reasons.push_back(std::move(reason));
    }
    for (auto& e : units) {
        std::uint64_t state = o.seed ^ fnv1a64(e.unit);
        const double u = unit_interval(splitmix64(state));
        e.key = std::log(u) / e.weight;
    }

    std::map<std::string, std::vector<std::size_t>> strata;
    for (std::size_t u = 0; u < n; ++u) strata[units[u].stratum].push_back(u);
    // Proportional allocation: floor of each quota, then the largest remainders (ties: stratum
    // name order) until the total is reached.
    std::vector<std::pair<std::string, std::size_t>> alloc;
    std::vector<std::pair<double, std::size_t>> remainders;
    std::size_t given = 0;
    for (const auto& [name, members] : strata) {
        const double quota = static_cast<double>(total) * static_cast<double>(members.size()) / static_cast<double>(n);
        const auto base = static_cast<std::size_t>(std::floor(quota + 1e-9));
        alloc.emplace_back(name, base);
        remainders.emplace_back(quota - static_cast<double>(base), alloc.size() - 1);
        given += base;
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; given < total && k < remainders.size(); ++k) {
        auto& slot = alloc[remainders[k].second];
        if (slot.second < strata[slot.first].size()) {
            ++slot.second;
            ++given;
        }
    }

    std::vector<sample_entry> out;
    for (const auto& [name, take] : alloc) {
        auto members = strata[name];
        std::stable_sort(members.begin(), members.end(),
                         [&](std::size_t a, std::size_t b) { return units[a].key > units[b].key; });
        for (std::size_t k = 0; k < take; ++k) out.push_back(units[members[k]]);
    }
    return out;
}

}  // namespace check
}  // namespace v0
}  // namespace civiscore
