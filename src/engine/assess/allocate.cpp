// Fund allocation (application.fund_allocation of the reference model): weights by rule, per-unit
// floor and cap by iteration, then integer minor units by the largest-remainder method.
#include <civiscore/assess/assessment.hpp>
#include <civiscore/error.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace civiscore {
inline namespace v0 {
namespace assess {

void read_allocation(const model& m, const nlohmann::json& j, const std::string& ptr, allocation_config& c,
                     std::vector<model_problem>& problems);

namespace {

// Shares of `budget` proportional to `w` over `members`, with per-unit floor and cap (both in minor
// units, cap <= 0 = none): units whose share breaks a bound are fixed at it and the rest re-shared,
// caps first, until no bound is broken. Exact (double) amounts out.
std::vector<double> bounded_shares(const std::vector<double>& w, const std::vector<std::size_t>& members,
                                   double budget, double floor, double cap) {
    std::vector<double> x(w.size(), 0.0);
    std::vector<char> fixed(w.size(), 0);
    const double n = static_cast<double>(members.size());
    if (floor * n > budget + 1e-6)
        throw invalid_argument_error("allocation: the floor times the eligible units exceeds the budget");
    if (cap > 0 && cap * n < budget - 1e-6)
        throw invalid_argument_error("allocation: the cap times the eligible units is below the budget");
    for (;;) {
        double rest = budget, wsum = 0;
        for (std::size_t i : members) {
            if (fixed[i]) rest -= x[i];
            else wsum += w[i];
        }
        for (std::size_t i : members)
            if (!fixed[i]) x[i] = wsum > 0 ? rest * w[i] / wsum : rest / n;
        bool changed = false;
        if (cap > 0)
            for (std::size_t i : members)
                if (!fixed[i] && x[i] > cap) {
                    x[i] = cap;
                    fixed[i] = changed = true;
                }
        if (!changed)
            for (std::size_t i : members)
                if (!fixed[i] && x[i] < floor) {
                    x[i] = floor;
                    fixed[i] = changed = true;
                }
        if (!changed) return x;
    }
}

// Largest remainder: floor every amount, then one unit each to the largest remainders (ties: unit order).
void round_exact(const std::vector<double>& x, const std::vector<std::size_t>& members, std::int64_t total,
                 std::vector<std::int64_t>& out) {
    std::int64_t assigned = 0;
    std::vector<std::pair<double, std::size_t>> rem;
    for (std::size_t i : members) {
        // 1e-9 absorbs rounding noise so an exact 12.0 is not 11.999999.
        const double f = std::floor(x[i] + 1e-9);
        out[i] = static_cast<std::int64_t>(f);
        assigned += out[i];
        rem.push_back({x[i] - f, i});
    }
    std::stable_sort(rem.begin(), rem.end(), [](const auto& a, const auto& b) { return a.first > b.first + 1e-12; });
    std::int64_t left = total - assigned;
    for (std::size_t k = 0; left > 0; k = (k + 1) % rem.size(), --left) ++out[rem[k].second];
    for (std::size_t k = rem.size(); left < 0 && k-- > 0; ++left) --out[rem[k].second];
}

}  // namespace

std::int64_t parse_amount(std::string_view t, bool yuan) {
    const std::string text(t);
    std::int64_t whole = 0, frac = 0;
    int decimals = 0;
    bool dot = false, digits = false;
    for (char c : text) {
        if (c == '.' && !dot) {
            dot = true;
            continue;
        }
        if (c < '0' || c > '9') throw invalid_argument_error("budget '" + text + "' is not a non-negative decimal amount");
        digits = true;
        if (dot) {
            if (++decimals > (yuan ? 0 : 2)) throw invalid_argument_error("budget '" + text + "' has more decimals than " + (yuan ? "whole yuan" : "cents") + " allow");
            frac = frac * 10 + (c - '0');
        } else {
            if (whole > std::numeric_limits<std::int64_t>::max() / 1000) throw invalid_argument_error("budget '" + text + "' is too large");
            whole = whole * 10 + (c - '0');
        }
    }
    if (!digits) throw invalid_argument_error("budget '" + text + "' is not a non-negative decimal amount");
    if (yuan) return whole;
    if (decimals == 1) frac *= 10;
    return whole * 100 + frac;
}

allocation_config allocation_with(const assessment& a, std::string_view overrides) {
    allocation_config c = a.plan->allocation;
    if (overrides.empty()) return c;
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(overrides.begin(), overrides.end());
    } catch (const nlohmann::json::parse_error& e) {
        throw invalid_argument_error(std::string("allocation options are not valid JSON: ") + e.what());
    }
    std::vector<model_problem> problems;
    read_allocation(*a.model, j, "", c, problems);
    if (!problems.empty()) throw model_error(problems);
    return c;
}

std::vector<std::int64_t> allocate(const assessment& a, const allocation_config& c, std::int64_t budget) {
    if (budget < 0) throw invalid_argument_error("allocation: the budget is negative");
    const std::size_t n = a.units.size();
    const double minor = c.yuan ? 1.0 : 100.0;
    std::vector<double> size(n, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (c.size_column.empty()) continue;
        if (c.size_column != a.plan->allocation.size_column)
            throw invalid_argument_error("allocation: size column '" + c.size_column + "' differs from the plan's; sizes are read when assessing");
        size[i] = a.units[i].size;
        if (!(size[i] >= 0)) throw data_error("allocation: unit '" + a.units[i].unit_id + "' has no valid size in '" + c.size_column + "'");
    }
    // Groups: each group shares its own budget; without groups, one group of everyone.
    std::vector<std::string> names;
    std::vector<std::int64_t> budgets;
    std::vector<std::vector<std::size_t>> groups;
    if (c.group_column.empty()) {
        names.push_back("");
        budgets.push_back(budget);
        groups.emplace_back();
        for (std::size_t i = 0; i < n; ++i) groups[0].push_back(i);
    } else {
        if (c.group_column != a.plan->allocation.group_column)
            throw invalid_argument_error("allocation: group column '" + c.group_column + "' differs from the plan's; groups are read when assessing");
        std::int64_t sum = 0;
        for (const auto& [g, amount] : c.group_budgets) {
            names.push_back(g);
            budgets.push_back(static_cast<std::int64_t>(std::llround(amount * minor)));
            sum += budgets.back();
            groups.emplace_back();
        }
        if (!c.group_budgets.empty() && sum != budget)
            throw invalid_argument_error("allocation: the group budgets add up to " + std::to_string(sum) + " minor units, the budget is " + std::to_string(budget));
        if (c.group_budgets.empty())
            throw invalid_argument_error("allocation: groups need \"budgets\" per group");
        for (std::size_t i = 0; i < n; ++i) {
            const auto it = std::find(names.begin(), names.end(), a.units[i].group);
            if (it == names.end()) throw data_error("allocation: unit '" + a.units[i].unit_id + "' is in group '" + a.units[i].group + "', which has no budget");
            groups[static_cast<std::size_t>(it - names.begin())].push_back(i);
        }
    }
    std::vector<std::int64_t> out(n, 0);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        std::vector<std::size_t> members;
        for (std::size_t i : groups[g])
            if (a.units[i].fund_eligible && !std::isnan(a.units[i].final_score)) members.push_back(i);
        std::vector<double> w(n, 0.0);
        double bsum = 0, bssum = 0;
        for (std::size_t i : members) {
            bsum += size[i];
            bssum += size[i] * a.units[i].final_score;
        }
        for (std::size_t i : members) {
            const auto& u = a.units[i];
            switch (c.rule) {
                case allocation_rule::proportional: w[i] = size[i] * std::max(u.final_score - c.threshold, 0.0); break;
                case allocation_rule::grade: {
                    const auto it = c.coefficients.find(a.grade_label(u.grade));
                    w[i] = size[i] * (it == c.coefficients.end() ? 0.0 : it->second);
                    break;
                }
                case allocation_rule::base_plus:
                    w[i] = c.alpha * size[i] / bsum + (1 - c.alpha) * (bssum > 0 ? size[i] * u.final_score / bssum : 0.0);
                    break;
            }
        }
        double wsum = 0;
        for (std::size_t i : members) wsum += w[i];
        const std::string where = names[g].empty() ? "" : " in group '" + names[g] + "'";
        if (budgets[g] > 0 && !(wsum > 0))
            throw data_error("allocation: no eligible unit" + where + " has a positive share under this rule");
        // Only units with a positive share take part (a 0 coefficient or a score below the threshold
        // gets nothing, floor included).
        std::vector<std::size_t> sharing;
        for (std::size_t i : members)
            if (w[i] > 0) sharing.push_back(i);
        if (sharing.empty()) continue;
        const auto x = bounded_shares(w, sharing, static_cast<double>(budgets[g]), c.floor * minor, c.cap * minor);
        round_exact(x, sharing, budgets[g], out);
    }
    return out;
}

}  // namespace assess
}  // namespace v0
}  // namespace civiscore
