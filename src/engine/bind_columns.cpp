#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>

#include <string_view>
#include <unordered_map>

namespace civiscore {
inline namespace v0 {

std::vector<const column*> bind_columns(const model& m, const dataset& d) {
    std::vector<const column*> bound;
    bound.reserve(m.input_columns.size());
    // One index of the data's columns: a model with 100,000 indicators must not scan 100,000 columns
    // for each of them. The first of duplicate names wins, as find_column would have it.
    std::unordered_map<std::string_view, int> index;
    index.reserve(d.columns.size());
    for (std::size_t j = 0; j < d.columns.size(); ++j) index.emplace(d.columns[j].id, static_cast<int>(j));
    std::string missing;
    for (const auto& id : m.input_columns) {
        const auto found = index.find(id);
        const int c = found == index.end() ? -1 : found->second;
        if (c < 0) {
            missing += (missing.empty() ? "" : ", ") + ("'" + id + "'");
            bound.push_back(nullptr);
            continue;
        }
        const column& col = d.columns[static_cast<std::size_t>(c)];
        if (!col.numeric)
            throw data_error(col.not_numeric_where + ": column '" + id + "' is read by the model and must be numeric");
        bound.push_back(&col);
    }
    if (!missing.empty()) {
        throw data_error((d.source.empty() ? std::string("data") : d.source) +
                         ": missing column(s) required by the model: " + missing);
    }
    return bound;
}

}  // namespace v0
}  // namespace civiscore
