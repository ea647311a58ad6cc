#include "cli/cmd_rollup.hpp"

#include "cli/files.hpp"

#include <civiscore/io/rollup_writer.hpp>
#include <civiscore/model.hpp>

namespace civiscore::cli {

void write_rollup_out(const invocation& inv, const result& r) {
    const auto path = inv.option("--rollup-out");
    if (!path) return;
    if (!r.rollup)
        throw usage_error("--rollup-out needs a model with a \"units\" section (docs/units-and-links.md); model '" +
                          r.model->id + "' has none");
    const auto ends = [&](const char* e) {
        const std::string s(e);
        return path->size() >= s.size() && path->compare(path->size() - s.size(), s.size(), s) == 0;
    };
    const output_format f = ends(".json") ? output_format::json : ends(".csv") ? output_format::csv : output_format::table;
    write_output(*path, write_rollup(r, f));
}

}  // namespace civiscore::cli
