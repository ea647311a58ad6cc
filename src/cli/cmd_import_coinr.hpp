// `civiscore import-coinr`: turn a COINr-style iMeta table (CSV) into a civiscore model.
#pragma once

#include "cli/args.hpp"

namespace civiscore::cli {

// Read --meta, write the model JSON to --out (default stdout). The same conversion as
// examples/asem/coinr_to_model.py, byte for byte. Errors name the iMeta line.
[[nodiscard]] int run_import_coinr(const invocation& inv);

}  // namespace civiscore::cli
