// `civiscore report --model M --data D [--plan P] [--checks] --out report.html|.xlsx`: score (or
// assess) the data, optionally run the data checks, and write the report (docs/report.md).
#include "cli/cmd_report.hpp"

#include "cli/encoding_option.hpp"
#include "cli/files.hpp"
#include "cli/model_problems.hpp"
#include "util/sha256.hpp"

#include <civiscore/assess/assessment.hpp>
#include <civiscore/check/check.hpp>
#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/report/inputs.hpp>
#include <civiscore/report/report.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
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
    const int threads = thread_count(inv);

    const auto ratings_path = inv.option("--ratings");
    const auto period_column = inv.option("--period-column");
    if ((ratings_path || period_column) && !plan_path) {
        throw usage_error(std::string(ratings_path ? "--ratings" : "--period-column") + " needs --plan");
    }

    const model_ptr m = load_model_reporting(model_path);
    // A plan with periods reads long data (a row per unit and period), as `civiscore assess` does.
    assess::plan_ptr plan;
    if (plan_path) {
        auto p = std::make_shared<assess::plan>(*assess::load_plan_file(*m, *plan_path));
        if (period_column) p->periods.column = *period_column;
        if (!p->periods.column.empty() && p->periods.annual.empty())
            throw usage_error("--period-column needs the plan's \"periods\" (annual periods and their quarters)");
        plan = p;
    }
    const bool long_data = plan && !plan->periods.column.empty();
    if (long_data && inv.option("--fitted")) throw usage_error("--fitted cannot be used with a plan that has periods");
    csv_options csv;
    if (const auto id = inv.option("--id-column")) csv.id_column = *id;
    else if (plan) csv.id_column = plan->id_column;
    csv.n_threads = threads;
    const std::string file_text = read_text_file(data_path);  // hashed as stored, read as UTF-8
    const std::string data_text = to_utf8(file_text, encoding_of(inv), data_path);
    dataset data = long_data ? assess::parse_long_csv(data_text, data_path) : parse_csv(data_text, csv, data_path);
    o.data_name = base_name(data_path);
    o.data_sha256 = sha256_hex(file_text);
    if (const auto p = inv.option("--previous")) o.previous_json = read_text_file(*p);
    if (const auto s = inv.option("--sensitivity")) o.sensitivity_json = read_text_file(*s);
    if (const auto a = inv.option("--assessment")) o.assessment_json = read_text_file(*a);

    std::optional<fitted> f;
    if (const auto fp = inv.option("--fitted")) f = fitted_from_json(*m, read_text_file(*fp));
    // Long data is scored by the assessment, period by period; wide data here.
    std::optional<result> r;
    if (!long_data) r = f ? score(m, *f, data, threads) : score(m, data, threads);

    if (plan) {
        if (o.assessment_json.size()) throw usage_error("give --plan or --assessment, not both");
        std::optional<dataset> ratings;
        if (ratings_path) ratings = assess::parse_long_csv(read_text_utf8(*ratings_path, encoding_of(inv)), *ratings_path);
        const assess::assessment a = assess::run(m, plan, data, ratings ? &*ratings : nullptr, threads);
        std::vector<std::int64_t> amounts;
        if (budget) amounts = assess::allocate(a, plan->allocation, assess::parse_amount(*budget, plan->allocation.yuan));
        o.assessment_json = report::assessment_blob(a, budget ? &amounts : nullptr, plan->allocation.yuan);
        // The assessed period's scores (each unit on its profile's model, ratings merged).
        const auto ps = std::find_if(a.periods.begin(), a.periods.end(),
                                     [&](const assess::period_scores& p) { return p.period == a.period; });
        if (long_data) {
            if (ps == a.periods.end()) throw data_error(data_path + ": the assessment has no scores for period '" + a.period + "'");
            r = ps->scores;
            // Names, groups and raw values: that period's rows; change: the previous annual period.
            data = report::period_data(data, plan->id_column, plan->periods.column, a.period, r->unit_ids);
            if (o.previous_json.empty()) o.previous_json = report::previous_blob(a);
            if (o.title.empty()) {
                const std::string& name = o.lang == "en" && !m->name_en.empty() ? m->name_en : m->name;
                o.title = name + " · " + a.period;
            }
        } else if (ps != a.periods.end() && ps->scores.unit_ids == r->unit_ids) {
            r = ps->scores;
        }
    }
    if (checks) {
        const check::report cr = check::run(*m, data, check::config_of(*m));
        o.checks_json = report::checks_blob(cr);
    }

    if (format == "xlsx") {
        report::write_xlsx(*r, &data, o, out_path);
    } else {
        write_output(out_path, report::write_html(*r, &data, o));
    }
    std::fprintf(stderr, "civiscore: wrote %s (%zu units)\n", out_path.c_str(), r->n_units);
    return 0;
}

}  // namespace civiscore::cli
