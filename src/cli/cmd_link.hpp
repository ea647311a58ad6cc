// `civiscore link`: attribute linked entities' scores (social organisations, social workers) to the
// communities they serve, as new columns of the communities' data (docs/units-and-links.md).
#pragma once

#include "cli/args.hpp"

namespace civiscore::cli {

// Score the entities with their model, link them to the communities, write the communities' CSV
// with the added columns; a one-line summary (and unlinked communities) on standard error.
[[nodiscard]] int run_link(const invocation& inv);

}  // namespace civiscore::cli
