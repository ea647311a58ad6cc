// The assessment plan: a companion JSON document (docs/assessment-plan.md, "civiscore_plan": 1) that
// turns scores into decisions — profiles, raters, periods, adjustments, vetoes, grade quotas,
// rectification lists, accountability and fund allocation. It configures an orchestration layer on
// top of civiscore::score; the model itself is never changed by a plan.
#pragma once

#include <civiscore/model.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace assess {

// A test on one unit column: column op value, op one of >=, >, <=, <, ==, !=.
struct condition {
    std::string column;
    std::string op = ">=";
    double value = 1.0;
    [[nodiscard]] bool holds(double x) const noexcept;  // NaN never holds
};

// Overrides of one profile (区域差异). Goalposts, targets and weights are by node id.
struct profile {
    std::string name;
    std::map<std::string, std::pair<double, double>> goalposts;  // indicator -> (worst, best)
    std::map<std::string, double> targets;                       // indicator -> target
    std::map<std::string, double> weights;                       // node -> weight (points)
    std::vector<std::string> not_applicable;                     // indicators
};

struct rater_group {
    std::string name;
    double weight = 0.0;
};

// Within-source aggregation of several raters.
enum class rater_average { mean, median, trimmed_mean };

struct source_weight {
    std::string source;
    double weight = 1.0;
};

struct bonus_item {
    std::string id, name, column;
    double points = 0.0;  // per count (a 0/1 flag counts once)
};

struct deduction_item {
    std::string id, name, column;
    double per_event = 0.0;
    double cap = 0.0;               // 0 = no cap
    std::string unresolved_column;  // flag: rectification not done -> the deduction is doubled
};

struct veto_rule {
    std::string id, name;
    condition when;
    bool zero_fund = false;
};

struct quota {
    std::string grade;             // band label
    double max_share = 0.2;
    bool round_up = false;         // false: floor(share * N)
    std::vector<std::string> tie_break;  // node ids, each higher first; unit id last
    bool per_profile = false;      // quota per profile group instead of overall
};

struct deadline_rule {
    double min_loss = 0.0;  // first rule with loss >= min_loss applies
    int days = 60;
};

struct accountability_rule {
    std::string id;
    std::vector<std::string> grades;  // any of these labels
    int consecutive = 1;              // trailing periods in a row
    std::string status;               // e.g. "exit", "rectification", "priority"
    int exclude_periods = 0;          // periods of lost eligibility (0 = none)
    bool fund_eligible = true;        // false: no allocation this period
};

enum class allocation_rule { proportional, grade, base_plus };

struct allocation_config {
    allocation_rule rule = allocation_rule::grade;
    double threshold = 60.0;                       // proportional: S0
    std::map<std::string, double> coefficients;    // grade: label -> c (missing label = 0)
    double alpha = 0.7;                            // base_plus
    std::string size_column;                       // "" = size 1 for every unit
    double floor = 0.0, cap = 0.0;                 // per-unit, in currency (cap 0 = none)
    bool yuan = false;                             // amounts in whole yuan instead of cents
    std::string group_column;                      // "" = one budget for all
    std::map<std::string, double> group_budgets;   // group -> budget in currency
};

struct period_config {
    std::string column;                          // "" = one period
    std::vector<std::string> annual;             // annual periods, oldest first
    std::map<std::string, std::vector<std::string>> quarters;  // annual -> its monitoring periods
    double quarter_weight = 0.0, annual_weight = 1.0;
    bool fit_base = false;                       // fit every period on `base` (else per period)
    std::string base;
    bool carry_forward = false;
};

struct plan {
    std::string id, name;
    // data
    std::string id_column = "unit_id";  // long data (periods): the column holding unit ids
    // profiles
    std::string profile_column;
    std::vector<profile> profiles;
    std::string default_profile;  // profile for values not listed ("" = base model)
    // raters
    bool rater_360 = false;
    std::vector<rater_group> rater_groups;
    std::map<std::string, std::string> rater_of_record;  // indicator -> group
    rater_average average = rater_average::mean;
    double trim = 0.1;                                    // trimmed mean: share cut at each end
    std::map<std::string, std::vector<source_weight>> sources;  // indicator -> its sources
    // adjustments
    std::vector<bonus_item> bonuses;
    double bonus_cap = 0.0;  // 0 = no cap
    std::vector<deduction_item> deductions;
    double final_cap = 0.0;  // 0 = the model's scale_hi
    std::vector<veto_rule> vetoes;
    std::string veto_grade;  // "" = the lowest band
    std::vector<quota> quotas;
    // rectification
    double rectify_ratio = 0.6;
    int rectify_top = 5;
    std::vector<deadline_rule> deadlines{{2.0, 30}, {0.0, 60}};
    // periods and accountability
    period_config periods;
    std::vector<accountability_rule> accountability;
    allocation_config allocation;
    std::vector<std::string> info_columns;  // unit columns copied into outputs (name, district)
};

using plan_ptr = std::shared_ptr<const plan>;

// Parse and validate a plan against `m`. Throws model_error listing every problem with its JSON
// pointer (unknown keys, wrong types, unknown indicator/node ids, unknown grade labels).
[[nodiscard]] plan_ptr load_plan(const model& m, std::string_view json_text);
[[nodiscard]] plan_ptr load_plan_file(const model& m, const std::string& path);

// The model of one profile: a copy of `m` with the profile's goalposts, targets and weights applied
// and derived weights recomputed; not-applicable indicators get missing policy not_applicable.
[[nodiscard]] model_ptr derive_profile_model(const model& m, const profile& p);

}  // namespace assess
}  // namespace v0
}  // namespace civiscore
