// The model: an immutable, validated indicator tree loaded from JSON (docs/model-format.md), and the
// flat plan the engine walks.
#pragma once

#include <civiscore/derived.hpp>
#include <civiscore/methods/aggregate.hpp>
#include <civiscore/methods/ahp.hpp>
#include <civiscore/methods/means.hpp>
#include <civiscore/methods/rules.hpp>
#include <civiscore/methods/treatment.hpp>
#include <civiscore/methods/weights.hpp>
#include <civiscore/model_mcda.hpp>
#include <civiscore/model_units.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {

enum class missing_policy { skip, zero, not_applicable, error };

// How a group weighs its children. ahp is computed when the model loads; learned and combined
// (with a learned part) are learned by fit from the children's scores over the fitted data.
enum class weighting { explicit_weights, equal, points, ahp, learned, combined };

// A weights specification ("weights" of a group, docs/model-format.md); recursive for combined.
struct weight_spec {
    weighting kind = weighting::equal;
    // ahp: one matrix, or one per expert (group AHP)
    std::vector<Eigen::MatrixXd> matrices;
    std::vector<double> expert_weights;   // empty = equal
    bool aggregate_priorities = false;    // group AHP: AIP (true) or AIJ (false)
    methods::ahp_options ahp;
    bool ahp_error = false;               // on_inconsistent: "error" (true) or "warn"
    // learned
    methods::weighting learned = methods::weighting::entropy;
    methods::weights_options options;
    // combined
    std::string rule;                     // "linear" | "multiplicative" | "game_theory"
    double alpha = 0.5;
    std::shared_ptr<weight_spec> subjective, objective;
    // "over": "indicators": learned over every indicator below the group (one weight per indicator,
    // model order), each group below weighing its children by the sums of their indicators' weights.
    bool over_indicators = false;
    // Fixed weights of this spec (explicit/equal/points/ahp), one per child; empty when learned.
    std::vector<double> fixed;
    // AHP diagnostics (merged matrix and, for group AHP, each expert's).
    std::vector<methods::ahp_result> ahp_results;
};

// Aggregation of a group beyond the weighted means of methods::aggregation.
enum class node_aggregation { arithmetic, geometric, harmonic, power, median, minimum, mazziotta_pareto };

// Data treatment of an indicator before its rule (denominate, impute, treat outliers).
enum class outlier_method { none, coinr, winsorise };
struct treatment_spec {
    std::string denominator;             // divide by this column ("" = none)
    methods::impute_method impute = methods::impute_method::none;
    std::string group_column;            // impute group_mean: the unit column holding the group
    outlier_method outliers = outlier_method::none;
    double skew = 2.0, kurtosis = 3.5;   // coinr limits
    int max_winsorised = 5;              // coinr
    double q_lo = 0.05, q_hi = 0.95;     // winsorise quantiles
    [[nodiscard]] bool any() const noexcept {
        return !denominator.empty() || impute != methods::impute_method::none || outliers != outlier_method::none;
    }
};

struct node {
    std::string id;
    std::string name;
    std::string name_en;
    std::string unit;      // indicators only
    std::string pointer;   // JSON pointer of the node in the model document, for messages
    int parent = -1;       // index into model::nodes; -1 for the root
    int level = 0;         // 0 for the root
    std::vector<int> children;  // indices into model::nodes, in document order
    bool is_indicator = false;

    double weight = 1.0;   // nominal weight within the parent (explicit, 1 if equal, or points)
    double points = 0.0;   // points of the node; 0 when the model does not use points
    double local_weight = 0.0;      // weight / sum of siblings' weights
    double effective_weight = 0.0;  // product of local weights from the root

    // internal nodes
    methods::aggregation aggregation = methods::aggregation::arithmetic;
    node_aggregation agg = node_aggregation::arithmetic;  // the full choice; `aggregation` mirrors the means
    double power_p = 1.0;                  // power mean exponent
    bool mp_penalty_negative = true;       // Mazziotta-Pareto: penalise imbalance (score M - S*cv)
    methods::nonpositive_policy zero_policy = methods::nonpositive_policy::error;
    bool zero_policy_set = false;          // "zero_policy" given: use methods::power_mean's policy
    weighting child_weighting = weighting::equal;
    weight_spec weights;                   // the group's weights specification
    std::vector<std::string> warnings;     // found while loading (e.g. AHP consistency above threshold)
    double min_coverage = 0.0;
    mcda_spec mcda;                        // an MCDA method as the aggregation (model_mcda.hpp); replaces `agg`

    // indicators
    missing_policy missing = missing_policy::skip;  // resolved (inherited) policy
    methods::rule rule;
    std::vector<std::string> columns;  // data columns read: one, or one per deduction event
    treatment_spec treatment;          // applied to columns[0] before the rule
};

struct grade_band {
    std::string label;
    std::string label_en;
    double min = 0.0;  // lowest score of the band; -infinity for a catch-all last band
};

// How node scores are reported.
enum class score_display {
    scale,   // on the model scale (fraction rules map onto [scale_lo, scale_hi])
    points,  // as points: fraction of the node's maximum times its points
};

struct model {
    std::string id, name, name_en, version, description;
    double scale_lo = 0.0, scale_hi = 100.0;
    score_display display = score_display::scale;
    std::vector<node> nodes;          // model order: pre-order, nodes[0] is the root
    std::vector<int> indicators;      // node indices of the indicators, model order
    std::vector<int> post_order;      // node indices, children before parents
    std::vector<std::string> input_columns;  // every data column the model reads, model order
    // Derived columns (include/civiscore/derived.hpp), each after the derived columns it reads; their
    // names may appear in input_columns (the engine computes them before binding).
    std::vector<derived_column> derived;
    std::vector<std::string> data_columns;   // input_columns the data itself must supply (not derived)
    std::string period_rollup_json;          // the "period_rollup" section as JSON; "" if none
    std::vector<std::string> text_columns;   // unit columns read as labels (imputation groups)
    std::vector<grade_band> grades;   // best first
    std::string canonical_json;       // sorted keys, no white space
    std::string sha256;               // hex SHA-256 of canonical_json
    std::string checks_json;          // the "checks" section (docs/checks.md) as JSON; "" if none
    std::string logs_json;            // the "logs" section (docs/service-logs.md) as JSON; "" if none
    unit_hierarchy units;             // the "units" section (docs/units-and-links.md); empty if none

    // Index of the node with this id, or -1.
    [[nodiscard]] int find(std::string_view id) const noexcept;
    // The reported score of node `n` given its internal value (scale or rule output).
    [[nodiscard]] double display_score(int n, double value) const noexcept;
    // Grade index for a root score, -1 if no band applies or the score is missing.
    [[nodiscard]] int grade_of(double root_score) const noexcept;
    // The lowest root score that reaches grade g: its threshold less 1e-9 of it (at least 1e-9), so
    // that 89.99999999999999 reaches 90. grade_of is the first g with score >= grade_floor(g).
    [[nodiscard]] double grade_floor(std::size_t g) const noexcept;
};

using model_ptr = std::shared_ptr<const model>;

// Parse and validate a model. Throws model_error listing every problem with its JSON pointer.
[[nodiscard]] model_ptr load_model(std::string_view json_text);
// Read and load a model file; io_error if unreadable.
[[nodiscard]] model_ptr load_model_file(const std::string& path);

}  // namespace v0
}  // namespace civiscore
