// The model: an immutable, validated indicator tree loaded from JSON (docs/model-format.md), and the
// flat plan the engine walks.
#pragma once

#include <civiscore/methods/aggregate.hpp>
#include <civiscore/methods/rules.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {

enum class missing_policy { skip, zero, not_applicable, error };

enum class weighting { explicit_weights, equal, points };

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
    weighting child_weighting = weighting::equal;
    double min_coverage = 0.0;

    // indicators
    missing_policy missing = missing_policy::skip;  // resolved (inherited) policy
    methods::rule rule;
    std::vector<std::string> columns;  // data columns read: one, or one per deduction event
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
    std::vector<grade_band> grades;   // best first
    std::string canonical_json;       // sorted keys, no white space
    std::string sha256;               // hex SHA-256 of canonical_json

    // Index of the node with this id, or -1.
    [[nodiscard]] int find(std::string_view id) const noexcept;
    // The reported score of node `n` given its internal value (scale or rule output).
    [[nodiscard]] double display_score(int n, double value) const noexcept;
    // Grade index for a root score, -1 if no band applies or the score is missing.
    [[nodiscard]] int grade_of(double root_score) const noexcept;
};

using model_ptr = std::shared_ptr<const model>;

// Parse and validate a model. Throws model_error listing every problem with its JSON pointer.
[[nodiscard]] model_ptr load_model(std::string_view json_text);
// Read and load a model file; io_error if unreadable.
[[nodiscard]] model_ptr load_model_file(const std::string& path);

}  // namespace v0
}  // namespace civiscore
