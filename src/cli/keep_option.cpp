#include "cli/keep_option.hpp"

#include <civiscore/error.hpp>

#include <string>

namespace civiscore::cli {

score_options keep_option(const invocation& inv, const model& m) {
    score_options o;
    const auto spec = inv.option("--keep");
    if (!spec) return o;
    // An empty list would quietly keep only the root: more likely a mistake than a wish.
    if (spec->find_first_not_of(" ,") == std::string::npos)
        throw invalid_argument_error("--keep is empty: name node ids or all, groups, indicators, depth:N (the root is always kept)");
    try {
        o.keep = keep_nodes(m, *spec);  // never empty: the root is always in it
    } catch (const invalid_argument_error& e) {
        throw invalid_argument_error(std::string("--") + e.what());
    }
    return o;
}

}  // namespace civiscore::cli
