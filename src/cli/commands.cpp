#include "cli/commands.hpp"

#include "cli/cmd_rollup_periods.hpp"
#include "cli/encoding_option.hpp"
#include "cli/cmd_logs.hpp"
#include "cli/cmd_rollup.hpp"
#include "cli/files.hpp"
#include "cli/keep_option.hpp"
#include "cli/model_problems.hpp"

#include <civiscore/engine.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/io/result_writer.hpp>
#include <civiscore/model.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace civiscore::cli {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

output_format choose_format(const invocation& inv, const std::string& out_path) {
    if (const auto f = inv.option("--format")) {
        if (*f == "table") return output_format::table;
        if (*f == "csv") return output_format::csv;
        if (*f == "json") return output_format::json;
        throw usage_error("--format expects table, csv or json, got '" + *f + "'");
    }
    if (!out_path.empty()) {
        const std::string p = lower(out_path);
        if (ends_with(p, ".json")) return output_format::json;
        if (ends_with(p, ".csv")) return output_format::csv;
        return output_format::table;
    }
    // People read the terminal; pipes and redirections feed programs.
    return stdout_is_terminal() ? output_format::table : output_format::csv;
}

struct inputs {
    std::string model_path;
    model_ptr model;
    dataset data;
    score_options score;  // --keep (score only)
};

// Check every option before any file is read, so a usage mistake never costs a long read.
inputs load_inputs(const invocation& inv) {
    inputs in;
    in.model_path = inv.required("--model");
    const std::string data_path = inv.required("--data");
    csv_options options;
    if (const auto id = inv.option("--id-column")) options.id_column = *id;
    options.encoding = encoding_of(inv);
    options.n_threads = thread_count(inv);
    in.model = load_model_reporting(in.model_path);
    in.score = keep_option(inv, *in.model);  // before the data: a --keep typo never costs a long read
    // --period-column: quarterly rows rolled up to one per unit by the model's rules first.
    const auto period_column = inv.option("--period-column");
    in.data = period_column ? read_rolled_up(*in.model, inv, *period_column) : read_csv_file(data_path, options);
    apply_log_options(inv, *in.model, in.data);  // service logs -> derived columns (docs/service-logs.md)
    return in;
}

}  // namespace

int run_validate(const invocation& inv) {
    const std::string& path = inv.positional.at(0);
    const model_ptr m = load_model_reporting(path);
    std::printf("%s: valid (%zu nodes, %zu indicators, sha256 %s)\n", path.c_str(),
                m->nodes.size(), m->indicators.size(), m->sha256.c_str());
    return 0;
}

int run_score(const invocation& inv) {
    const int threads = thread_count(inv);
    const std::string out_path = inv.option("--out").value_or("");
    const output_format format = choose_format(inv, out_path);
    const auto fitted_path = inv.option("--fitted");

    const inputs in = load_inputs(inv);
    result r;
    if (fitted_path) {
        const fitted f = fitted_from_json(*in.model, read_text_file(*fitted_path));
        r = score(in.model, f, in.data, threads, in.score);
    } else {
        r = score(in.model, in.data, threads, in.score);
    }
    write_rollup_out(inv, r);  // first: a --rollup-out the model cannot fill fails before any output
    write_output(out_path, write_result(r, format));
    return 0;
}

int run_fit(const invocation& inv) {
    const int threads = thread_count(inv);
    const std::string out_path = inv.option("--out").value_or("");
    const inputs in = load_inputs(inv);
    const fitted f = fit(*in.model, in.data, threads);
    // The file holds exactly the canonical JSON (its SHA-256 is the result's fitted_sha256); a
    // line break on standard output only keeps the shell prompt on its own line.
    write_output(out_path, out_path.empty() ? f.to_json() + "\n" : f.to_json());
    return 0;
}

}  // namespace civiscore::cli
