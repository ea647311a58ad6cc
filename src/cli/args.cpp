#include "cli/args.hpp"

#include <algorithm>
#include <string_view>

namespace civiscore::cli {
namespace {

struct command_spec {
    std::string_view name;
    command cmd;
    std::size_t positional;  // exact number of positional arguments
    std::vector<std::string_view> options;  // every option takes a value
};

const std::vector<command_spec>& specs() {
    static const std::vector<command_spec> all{
        {"validate", command::validate, 1, {}},
        {"score", command::score, 0,
         {"--model", "--data", "--id-column", "--fitted", "--threads", "--out", "--format"}},
        {"fit", command::fit, 0, {"--model", "--data", "--id-column", "--threads", "--out"}},
    };
    return all;
}

bool is_help(std::string_view a) { return a == "help" || a == "-h" || a == "--help"; }

}  // namespace

std::optional<std::string> invocation::option(const std::string& name) const {
    const auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

std::string invocation::required(const std::string& name) const {
    auto v = option(name);
    if (!v) throw usage_error("missing required option " + name);
    return *v;
}

invocation parse_args(const std::vector<std::string>& args) {
    invocation inv;
    if (args.empty()) throw usage_error("no command given");
    const std::string& first = args[0];
    if (is_help(first)) {
        inv.cmd = command::help;
        return inv;
    }
    if (first == "--version" || first == "version") {
        if (args.size() > 1) throw usage_error("--version takes no arguments");
        inv.cmd = command::version;
        return inv;
    }
    const auto& all = specs();
    const auto spec = std::find_if(all.begin(), all.end(),
                                   [&](const command_spec& s) { return s.name == first; });
    if (spec == all.end()) {
        if (!first.empty() && first[0] == '-') throw usage_error("unknown option '" + first + "'");
        throw usage_error("unknown command '" + first + "'");
    }
    inv.cmd = spec->cmd;

    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (is_help(a) && a != "help") {
            inv.cmd = command::help;
            return inv;
        }
        if (a.size() > 1 && a[0] == '-') {
            // --name value, or --name=value
            std::string name = a, value;
            bool has_value = false;
            if (const auto eq = a.find('='); eq != std::string::npos) {
                name = a.substr(0, eq);
                value = a.substr(eq + 1);
                has_value = true;
            }
            if (std::find(spec->options.begin(), spec->options.end(), name) ==
                spec->options.end()) {
                throw usage_error("unknown option '" + name + "' for '" + first + "'");
            }
            if (!has_value) {
                if (i + 1 >= args.size()) throw usage_error("option " + name + " needs a value");
                value = args[++i];
            }
            if (!inv.options.emplace(name, value).second) {
                throw usage_error("option " + name + " given more than once");
            }
        } else {
            inv.positional.push_back(a);
        }
    }
    if (inv.positional.size() != spec->positional) {
        if (spec->positional == 0) {
            throw usage_error("unexpected argument '" + inv.positional.front() + "' for '" +
                              first + "'");
        }
        throw usage_error("'" + first + "' takes " + std::to_string(spec->positional) +
                          " argument(s), got " + std::to_string(inv.positional.size()));
    }
    return inv;
}

const char* usage_text() noexcept {
    return R"(usage: civiscore <command> [options]

Commands:
  validate MODEL         check a model file; list every problem with its JSON pointer
  score                  score units: fit on the data (or read --fitted), then score
  fit                    learn the data-dependent parameters and write the fitted state
  help                   show this text (also -h, --help)
  --version              print the version

Options of score and fit:
  --model MODEL          model JSON file (required)
  --data CSV             data CSV file, one row per unit (required)
  --id-column NAME       column holding the unit ids (default: unit_id)
  --threads N            worker threads; 0 = all cores (default: 0)
  --out FILE             write to FILE instead of standard output

Options of score only:
  --fitted FITTED.json   score with a saved fitted state instead of fitting on the data
  --format FMT           table, csv or json. Default: from the --out extension (.json, .csv,
                         anything else table); without --out, table on a terminal, csv otherwise

Exit status: 0 success, 1 error (invalid model, bad data, unreadable file), 2 usage error.
)";
}

}  // namespace civiscore::cli
