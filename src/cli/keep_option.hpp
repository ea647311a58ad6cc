// --keep of `score`: the nodes whose scores the output holds (civiscore/engine.hpp keep_nodes).
#pragma once

#include "cli/args.hpp"

#include <civiscore/engine.hpp>
#include <civiscore/model.hpp>

namespace civiscore::cli {

// The score options --keep asks for (every node without --keep); invalid_argument_error
// "--keep: ..." naming an unknown node id or word, or an empty specification. Called as soon as the
// model is read, before the data, so a typo never costs a long read.
[[nodiscard]] score_options keep_option(const invocation& inv, const model& m);

}  // namespace civiscore::cli
