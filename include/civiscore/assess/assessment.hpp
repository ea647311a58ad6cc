// Running an assessment plan: scores -> adjustments -> grades -> vetoes -> quotas, with
// rectification lists, accountability, period combination and fund allocation.
#pragma once

#include <civiscore/assess/plan.hpp>
#include <civiscore/data.hpp>
#include <civiscore/engine.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace assess {

// One applied adjustment or veto of a unit.
struct event {
    std::string kind;   // "bonus", "deduction", "veto"
    std::string id, name, column;
    double count = 0.0;
    double points = 0.0;  // + for bonus, - for deduction, 0 for veto
    bool doubled = false;
};

// One line of a rectification list (整改清单).
struct rectify_item {
    std::string kind;          // "indicator", "deduction", "veto"
    std::string id, name;
    double value = 0.0;        // current raw value (NaN if missing); event count for events
    double goalpost = 0.0;     // the value that earns full points (NaN where none)
    double score = 0.0, max = 0.0;
    double loss = 0.0;         // points lost
    double gain = 0.0;         // potential gain in the root score
    std::string source;        // responsible rater of record
    int deadline_days = 0;
    std::string reason;        // "ratio", "top", "ratio+top", or the event's rule
};

struct carried_value {
    std::string unit, period, column, from_period;
    double value = 0.0;
};

// Inter-rater agreement (Kendall's W with tie correction) of one indicator within one source.
struct agreement {
    std::string indicator, source, period;
    std::size_t raters = 0, units = 0;
    double w = 0.0;  // NaN when fewer than 2 raters or 2 complete units
};

// Scores of one period (all units present in it), in the period's input order.
struct period_scores {
    std::string period;
    std::vector<std::string> unit_ids;
    result scores;                  // engine result (profiles merged), node scores per unit
    std::vector<double> total;      // root before adjustments (rater_360 total if configured)
};

struct unit_assessment {
    std::string unit_id;
    std::string profile;
    std::vector<std::string> info;  // plan info_columns, in order
    double base = 0.0;              // root (or combined) score before adjustments
    double bonus = 0.0, deduction = 0.0;
    double final_score = 0.0;       // clamp(base + bonus - deduction, 0, final_cap)
    int band = -1;                  // grade band of final_score
    int grade = -1;                 // after vetoes and quotas
    bool vetoed = false, demoted = false;
    bool fund_eligible = true;
    std::int64_t rank = 0;          // by final score (competition ranks), 0 = unranked
    std::vector<event> events;
    std::vector<rectify_item> rectification;
    std::string accountability_status;  // "" when no rule fired
    std::string accountability_rule;
    int exclude_periods = 0;
    std::vector<std::string> grade_history;  // labels per annual period, oldest first ("" = absent)
    double size = 1.0;
    std::string group;
};

struct assessment {
    model_ptr model;
    plan_ptr plan;
    std::string period;                   // the assessed (latest) period, "" without periods
    std::vector<unit_assessment> units;   // input order of the assessed period
    std::vector<period_scores> periods;   // every scored period, plan order
    // node scores of the assessed period (node-major like result::scores) and the root's
    // effective weights: per indicator, and per rater source/group
    std::vector<double> effective_weights;       // model indicator order
    std::vector<std::string> source_names;
    std::vector<double> source_weights;
    std::vector<agreement> agreements;
    std::vector<carried_value> carried;
    // change and trend per unit and node over the annual periods (node-major, units as `units`)
    std::vector<double> change;  // latest minus previous annual period; NaN if either is absent
    std::vector<double> trend;   // least-squares slope per period over the annual periods
    std::vector<std::string> warnings;

    [[nodiscard]] std::size_t unit_count() const noexcept { return units.size(); }
    [[nodiscard]] std::string grade_label(int g) const;
};

// Assess `data` (wide: one row per unit; or long with plan.periods.column and plan.id_column) with
// optional `ratings` (long: unit_id, indicator, source, rater, value [, period]). data_error names the
// unit, column and period of bad input.
[[nodiscard]] assessment run(const model_ptr& m, const plan_ptr& p, const dataset& data,
                             const dataset* ratings, int n_threads = 0);

// Fund allocation over an assessment. budget_minor is in cents (or yuan when config.yuan). Returns one
// amount per unit of `a`, summing exactly to the budget (the group budgets when groups are used).
[[nodiscard]] std::vector<std::int64_t> allocate(const assessment& a, const allocation_config& config,
                                                 std::int64_t budget_minor);
// The plan's allocation configuration with overrides from a JSON object (same keys as the plan's
// "allocation"); model_error with JSON pointers on bad keys.
[[nodiscard]] allocation_config allocation_with(const assessment& a, std::string_view overrides_json);

// Parse a decimal money amount ("1000000", "1234.56") into minor units; invalid_argument_error if it
// has more decimals than the unit allows, is negative or does not fit.
[[nodiscard]] std::int64_t parse_amount(std::string_view text, bool yuan);

// A long CSV table (rows may repeat unit ids): every column kept; each column's text is kept too.
// Unit ids of the dataset are the line numbers ("2", "3", ...).
[[nodiscard]] dataset parse_long_csv(std::string_view text, std::string source = "<memory>");
[[nodiscard]] dataset read_long_csv_file(const std::string& path);

// Kendall's coefficient of concordance of m raters (rows) over n units (columns), with the tie
// correction: W = 12 S / (m^2 (n^3 - n) - m sum_j T_j), S = sum_i (R_i - m (n + 1) / 2)^2, R_i the sum
// of unit i's ranks, T_j = sum (t^3 - t) over rater j's tie groups. NaN when m < 2 or n < 2.
[[nodiscard]] double kendall_w(const std::vector<std::vector<double>>& by_rater);

enum class report_format { json = 0, csv = 1, table = 2 };
[[nodiscard]] std::string write_assessment(const assessment& a, report_format format);
// Allocations as CSV/JSON/table: unit, group, grade, final score, eligible, amount.
[[nodiscard]] std::string write_allocation(const assessment& a, const allocation_config& c,
                                           const std::vector<std::int64_t>& amounts,
                                           report_format format);

}  // namespace assess
}  // namespace v0
}  // namespace civiscore
