#include "cli/cmd_logs.hpp"

#include "cli/files.hpp"
#include "cli/model_problems.hpp"

#include <civiscore/io/csv.hpp>
#include <civiscore/logs.hpp>

#include <charconv>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

namespace civiscore::cli {
namespace {

// "services=a.csv,staff=b.csv" -> inputs. One option holds every pair, since an option is given once.
std::vector<logs::input> named_files(const invocation& inv, const std::string& option) {
    std::vector<logs::input> out;
    const auto value = inv.option(option);
    if (!value) return out;
    std::size_t start = 0;
    while (start <= value->size()) {
        const std::size_t comma = value->find(',', start);
        const std::string item = value->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const std::size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
            throw usage_error(option + " expects NAME=PATH[,NAME=PATH...], got '" + item + "'");
        logs::input in;
        in.name = item.substr(0, eq);
        in.path = item.substr(eq + 1);
        out.push_back(std::move(in));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

logs::derived derive_from_options(const invocation& inv, const model& m, const dataset& data) {
    const auto logs_in = named_files(inv, "--log");
    const auto registries = named_files(inv, "--registry");
    if (logs_in.empty() && !registries.empty()) throw usage_error("--registry needs --log (a registry is read for a log)");
    logs::derived d = logs::derive(m, data, logs_in, registries, thread_count(inv));
    for (const auto& w : d.report.warnings()) std::cerr << "civiscore: warning: " << w << '\n';
    return d;
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (const char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string number_cell(double x) {
    if (std::isnan(x)) return "";
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);  // shortest text that reads back exactly
    return std::string(buf, end);
}

}  // namespace

void apply_log_options(const invocation& inv, const model& m, dataset& data) {
    if (!inv.option("--log") && !inv.option("--registry")) return;
    data = derive_from_options(inv, m, data).data;
}

int run_aggregate_logs(const invocation& inv) {
    const std::string model_path = inv.required("--model");
    const std::string data_path = inv.required("--data");
    if (!inv.option("--log")) throw usage_error("missing required option --log");
    const std::string out_path = inv.option("--out").value_or("");
    csv_options options;
    if (const auto id = inv.option("--id-column")) options.id_column = *id;
    options.n_threads = thread_count(inv);
    const model_ptr m = load_model_reporting(model_path);
    const dataset units = read_csv_file(data_path, options);
    const logs::derived d = derive_from_options(inv, *m, units);

    const std::size_t first = units.columns.size();  // the derived columns follow the unit data's
    std::string text = csv_cell(options.id_column);
    for (std::size_t c = first; c < d.data.columns.size(); ++c) (text += ',') += csv_cell(d.data.columns[c].id);
    text += '\n';
    for (std::size_t u = 0; u < d.data.unit_count(); ++u) {
        text += csv_cell(d.data.unit_ids[u]);
        for (std::size_t c = first; c < d.data.columns.size(); ++c) (text += ',') += number_cell(d.data.columns[c].values[u]);
        text += '\n';
    }
    write_output(out_path, text);
    if (const auto summary_path = inv.option("--summary")) write_output(*summary_path, d.report.to_json() + "\n");
    return 0;
}

}  // namespace civiscore::cli
