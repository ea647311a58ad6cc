// `civiscore report --model M --data D [--plan P] [--checks] --out report.html|.xlsx`: score (or
// assess) the data, optionally run the data checks, and write the report (docs/report.md).
#include "cli/cmd_report.hpp"

#include "cli/files.hpp"
#include "cli/model_problems.hpp"
#include "util/sha256.hpp"

#include <civiscore/assess/assessment.hpp>
#include <civiscore/check/check.hpp>
#include <civiscore/engine.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/report/inputs.hpp>
#include <civiscore/report/report.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <optional>

namespace civiscore::cli {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string base_name(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        if (comma > start) out.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

int threads_of(const invocation& inv) {
    const auto text = inv.option("--threads");
    if (!text) return 0;
    int n = -1;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, n);
    if (ec != std::errc{} || ptr != end || n < 0 || n > 4096) {
        throw usage_error("--threads expects an integer from 0 to 4096, got '" + *text + "'");
    }
    return n;
}

}  // namespace

int run_report(const invocation& inv) {
    // Every option is checked before any file is read.
    const std::string out_path = inv.required("--out");
    const std::string model_path = inv.required("--model");
    const std::string data_path = inv.required("--data");
    std::string format = inv.option("--format").value_or("");
    if (format.empty()) format = ends_with(out_path, ".xlsx") ? "xlsx" : "html";
    if (format != "html" && format != "xlsx") {
        throw usage_error("--format expects html or xlsx, got '" + format + "'");
    }
    if (format == "xlsx" && !report::xlsx_supported()) {
        throw usage_error("this civiscore was built without libxlsxwriter: --format xlsx is not available");
    }
    report::options o;
    o.lang = inv.option("--lang").value_or("zh");
    if (o.lang != "zh" && o.lang != "en") throw usage_error("--lang expects zh or en, got '" + o.lang + "'");
    if (const auto g = inv.option("--group-columns")) {
        o.group_columns = split_list(*g);
        o.group_columns_given = true;
    }
    if (const auto t = inv.option("--title")) o.title = *t;
    if (const auto d = inv.option("--date")) o.date = *d;
    const bool checks = inv.option("--checks").has_value();
    const auto plan_path = inv.option("--plan");
    const auto budget = inv.option("--budget");
    if (budget && !plan_path) throw usage_error("--budget needs --plan (the allocation rule is in the plan)");
    const int threads = threads_of(inv);

    const model_ptr m = load_model_reporting(model_path);
    csv_options csv;
    if (const auto id = inv.option("--id-column")) csv.id_column = *id;
    const std::string data_text = read_text_file(data_path);
    const dataset data = parse_csv(data_text, csv, data_path);
    o.data_name = base_name(data_path);
    o.data_sha256 = sha256_hex(data_text);
    if (const auto p = inv.option("--previous")) o.previous_json = read_text_file(*p);
    if (const auto s = inv.option("--sensitivity")) o.sensitivity_json = read_text_file(*s);
    if (const auto a = inv.option("--assessment")) o.assessment_json = read_text_file(*a);

    std::optional<fitted> f;
    if (const auto fp = inv.option("--fitted")) f = fitted_from_json(*m, read_text_file(*fp));
    result r = f ? score(m, *f, data, threads) : score(m, data, threads);

    if (plan_path) {
        if (o.assessment_json.size()) throw usage_error("give --plan or --assessment, not both");
        const assess::plan_ptr p = assess::load_plan_file(*m, *plan_path);
        const assess::assessment a = assess::run(m, p, data, nullptr, threads);
        std::vector<std::int64_t> amounts;
        if (budget) amounts = assess::allocate(a, p->allocation, assess::parse_amount(*budget, p->allocation.yuan));
        o.assessment_json = report::assessment_blob(a, budget ? &amounts : nullptr, p->allocation.yuan);
        // With profiles the plan scores each unit on its profile's model: report those scores.
        if (!a.periods.empty() && a.periods.back().scores.unit_ids == r.unit_ids) r = a.periods.back().scores;
    }
    if (checks) {
        const check::report cr = check::run(*m, data, check::config_of(*m));
        o.checks_json = report::checks_blob(cr);
    }

    if (format == "xlsx") {
        report::write_xlsx(r, &data, o, out_path);
    } else {
        write_output(out_path, report::write_html(r, &data, o));
    }
    std::fprintf(stderr, "civiscore: wrote %s (%zu units)\n", out_path.c_str(), r.n_units);
    return 0;
}

}  // namespace civiscore::cli
