// MCDA methods as the aggregation of a group (model key "aggregation": {"type": "topsis" | "vikor" |
// "grey_relational" | "fuzzy" | "copeland", ...}; docs/methods.md "MCDA aggregators"). The group's
// children's scores are the criteria (all "higher is better": the children's rules already turned
// cost indicators round); the group's weights are the criteria weights.
#pragma once

#include <civiscore/methods/mcda.hpp>

#include <Eigen/Core>

#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

enum class mcda_kind { none, topsis, vikor, grey_relational, fuzzy, copeland };

struct mcda_spec {
    mcda_kind kind = mcda_kind::none;
    // topsis
    methods::topsis_normalisation normalisation = methods::topsis_normalisation::min_max;
    bool absolute = false;                       // ideal / anti-ideal fixed (comparable across years)
    std::vector<double> ideal, anti_ideal;       // absolute: one per child (default: scale max / min)
    // vikor
    double v = 0.5;
    // grey relational analysis
    double rho = 0.5;
    // fuzzy comprehensive evaluation
    methods::fuzzy_operator op = methods::fuzzy_operator::weighted_sum;
    std::vector<std::string> grade_labels;       // one per grade ("" when not named)
    std::vector<double> grade_values;            // one per grade: the defuzzified score is B . values
    Eigen::MatrixXd plateau_lo, plateau_hi;      // children x grades: membership plateaus (peaks: lo == hi)
    // Per child (document order): the data columns holding its survey level counts, one per grade
    // ("counts" key), whose row membership is count / sum of counts; empty: membership from the
    // child's score on the plateaus above.
    std::vector<std::vector<std::string>> count_columns;

    [[nodiscard]] bool active() const noexcept { return kind != mcda_kind::none; }
    // Whether fit must learn something from the children's fitted scores (all but absolute TOPSIS and fuzzy).
    [[nodiscard]] bool learns() const noexcept {
        return kind == mcda_kind::vikor || kind == mcda_kind::grey_relational || kind == mcda_kind::copeland ||
               (kind == mcda_kind::topsis && !absolute);
    }
};

[[nodiscard]] const char* mcda_kind_name(mcda_kind k) noexcept;

}  // namespace v0
}  // namespace civiscore
