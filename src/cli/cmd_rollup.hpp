// --rollup-out of `civiscore score`: the street/district tables in a file of their own.
#pragma once

#include "cli/args.hpp"

#include <civiscore/engine.hpp>

namespace civiscore::cli {

// With --rollup-out FILE, write r's roll-up tables there (.json JSON, .csv CSV, else a table);
// usage_error if the model declares no units.
void write_rollup_out(const invocation& inv, const result& r);

}  // namespace civiscore::cli
