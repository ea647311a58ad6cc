#include "cli/cmd_analyze.hpp"

#include "cli/encoding_option.hpp"
#include "cli/files.hpp"
#include "cli/model_problems.hpp"

#include <civiscore/analyse/analysis.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

namespace civiscore::cli {
namespace {

bool ends_with(const std::string& s, const std::string& e) {
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

}  // namespace

int run_analyze(const invocation& inv) {
    const std::string model_path = inv.required("--model");
    const std::string data_path = inv.required("--data");
    const std::string spec_path = inv.required("--spec");
    const std::string out_path = inv.option("--out").value_or("");
    // JSON unless asked otherwise: the analysis is a document, and CSV holds only its unit table.
    std::string format = inv.option("--format").value_or(ends_with(out_path, ".csv") ? "csv" : "json");
    if (format != "json" && format != "csv") throw usage_error("--format expects json or csv, got '" + format + "'");
    const int threads = thread_count(inv);

    const model_ptr m = load_model_reporting(model_path);
    const std::string spec_text = read_text_file(spec_path);
    analysis::spec s;
    try {
        s = analysis::parse_spec(*m, spec_text);
    } catch (const invalid_argument_error& e) {
        throw invalid_argument_error(spec_path + ": " + e.what());
    }
    csv_options o;
    if (const auto id = inv.option("--id-column")) o.id_column = *id;
    o.encoding = encoding_of(inv);
    o.n_threads = threads;
    const dataset d = read_csv_file(data_path, o);
    const analysis::analysis_result r = analysis::analyse(m, d, s, threads);
    if (format == "csv" && !r.has_uncertainty)
        throw usage_error("--format csv prints the per-unit uncertainty table, and this spec runs no replications "
                          "(it has no \"uncertain\" inputs); use --format json");
    write_output(out_path, format == "json" ? analysis::to_json(r) + "\n" : analysis::units_csv(r));
    return 0;
}

}  // namespace civiscore::cli
