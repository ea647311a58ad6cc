// Command-line parsing for the civiscore tool: which command, its positional arguments and options.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace civiscore::cli {

// A mistake in how the tool was called: reported with the usage text, exit status 2.
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class command { help, version, validate, score, fit, report, check, assess, allocate, import_coinr, aggregate_logs, link,
                     rollup_periods, analyze };

struct invocation {
    command cmd = command::help;
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;  // "--model" -> "m.json"

    [[nodiscard]] std::optional<std::string> option(const std::string& name) const;
    // The option's value; usage_error if it was not given.
    [[nodiscard]] std::string required(const std::string& name) const;
};

// --threads N: an integer from 0 to 4096, 0 (the default) = CIVISCORE_THREADS when set, else one
// per core; usage_error otherwise. Results never depend on it.
[[nodiscard]] int thread_count(const invocation& inv);

// Parse argv (without argv[0]). usage_error on an unknown command or option, a missing value,
// an option given twice or a wrong number of positional arguments.
[[nodiscard]] invocation parse_args(const std::vector<std::string>& args);

// The usage text printed by `civiscore help`.
[[nodiscard]] const char* usage_text() noexcept;

}  // namespace civiscore::cli
