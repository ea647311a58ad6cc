#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>

namespace civiscore {
inline namespace v0 {

std::vector<const column*> bind_columns(const model& m, const dataset& d) {
    std::vector<const column*> bound;
    bound.reserve(m.input_columns.size());
    std::string missing;
    for (const auto& id : m.input_columns) {
        const int c = d.find_column(id);
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
