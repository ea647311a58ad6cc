// What every check needs: the data seen as rows of (unit, period, group), the checked columns
// bound, and a place to put flags. Internal to src/engine/check.
#pragma once

#include <civiscore/check/check.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace check {

struct context {
    const model& m;
    const dataset& d;
    const config& c;
    report& r;
    std::map<std::string, const column*> columns;  // checked columns present and numeric
    std::vector<std::string> present;              // c.columns present, in order
    std::vector<std::size_t> unit_of_row;          // index into r.units
    std::vector<std::size_t> period_of_row;        // index into r.periods (0 without periods)
    std::vector<std::string> group_of_row;         // value of the group column, "" without one
    bool has_periods = false;

    [[nodiscard]] const column* col(const std::string& name) const {
        const auto it = columns.find(name);
        return it == columns.end() ? nullptr : it->second;
    }
    [[nodiscard]] std::string period(std::size_t row) const {
        return has_periods ? r.periods[period_of_row[row]] : std::string();
    }
    // A flag for one row; fills unit and period.
    [[nodiscard]] flag row_flag(const char* rule, const rule_policy& p, std::size_t row) const {
        flag f;
        f.rule = rule;
        f.level = p.level;
        f.effect = p.effect;
        f.unit = d.unit_ids[row];
        f.period = period(row);
        f.row = row;
        return f;
    }
};

// Numbers in reasons: up to 10 significant digits, no trailing zeros.
[[nodiscard]] std::string num(double v);
// The cell of a column as text (numbers formatted, text as read).
[[nodiscard]] std::string cell_text(const column& c, std::size_t row);

// The checks, each appending its flags in data order.
void check_completeness(context& x);
void check_ranges(context& x);
void check_relations(context& x);
void check_outliers(context& x);
void check_verification(context& x);
void check_periods(context& x);
void check_duplicates(context& x);
void check_heaping(context& x);
void check_benford(context& x);

}  // namespace check
}  // namespace v0
}  // namespace civiscore
