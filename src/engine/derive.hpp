// Evaluation of the model's derived columns (include/civiscore/derived.hpp) over a dataset, before
// anything binds columns: fit, partial_fit, score and the checks each look at the data through
// derived_data, so a derived column reads like any data column everywhere.
#pragma once

#include <civiscore/engine.hpp>

#include <optional>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

// A cell a derived expression could not define: division by zero or the logarithm of a value <= 0.
struct derived_issue {
    std::size_t unit = 0;
    std::size_t column = 0;  // index into model::derived
    std::string reason;      // "division by zero at character 12"
};

// Compute every derived column of `m` over `d` (blocks of block_size units, postfix program over
// arrays). Missing inputs give missing; undefined operations give missing and an issue. data_error if
// a column a derived column reads is absent or text, or if the data already has a column the model
// derives (ambiguous: rename one).
class derived_data {
public:
    derived_data(const model& m, const dataset& d);
    // `d` itself when the model derives nothing (or `d` was already derived by this model), else a
    // copy with the derived columns appended.
    [[nodiscard]] const dataset& data() const noexcept { return owned_ ? *owned_ : d_; }
    [[nodiscard]] const std::vector<derived_issue>& issues() const noexcept { return issues_; }
    // The issues as audit records of the indicators reading each column (result::treatments).
    void append_records(const model& m, std::vector<treatment_record>& out) const;

private:
    const dataset& d_;
    std::optional<dataset> owned_;
    std::vector<derived_issue> issues_;
};

}  // namespace v0
}  // namespace civiscore
