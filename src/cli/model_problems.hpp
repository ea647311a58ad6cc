// Loading a model in the tool: an invalid model is reported one problem per line, each prefixed by
// the file name, the way compilers report errors.
#pragma once

#include <civiscore/model.hpp>

#include <string>

namespace civiscore::cli {

// Thrown after the problems were printed, so main only sets the exit status.
struct problems_reported {};

// Load the model at `path`. On model_error, print "PATH: /pointer: message" for every problem to
// standard error and throw problems_reported; other errors propagate.
[[nodiscard]] model_ptr load_model_reporting(const std::string& path);

}  // namespace civiscore::cli
