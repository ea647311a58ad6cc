// assess: scores -> adjustments -> grades -> vetoes -> quotas, rectification and accountability.
// allocate: the same assessment, then a budget split by the plan's (or the given) rule.
#include "cli/cmd_assess.hpp"

#include "cli/encoding_option.hpp"
#include "cli/files.hpp"
#include "cli/model_problems.hpp"

#include <civiscore/assess/assessment.hpp>
#include <civiscore/io/csv.hpp>

namespace civiscore::cli {
namespace {

assess::report_format format_of(const invocation& inv) {
    const std::string f = inv.option("--format").value_or(stdout_is_terminal() ? "table" : "csv");
    if (f == "table") return assess::report_format::table;
    if (f == "csv") return assess::report_format::csv;
    if (f == "json") return assess::report_format::json;
    throw usage_error("--format expects table, csv or json, got '" + f + "'");
}

assess::assessment assess_inputs(const invocation& inv) {
    const std::string model_path = inv.required("--model");
    const std::string plan_path = inv.required("--plan");
    const std::string data_path = inv.required("--data");
    const int threads = thread_count(inv);
    const model_ptr m = load_model_reporting(model_path);
    auto p = std::make_shared<assess::plan>(*assess::load_plan_file(*m, plan_path));
    if (const auto pc = inv.option("--period-column")) p->periods.column = *pc;
    if (!p->periods.column.empty() && p->periods.annual.empty())
        throw usage_error("--period-column needs the plan's \"periods\" (annual periods and their quarters)");
    // Long data (rows repeat unit ids) when the plan has periods; one row per unit otherwise.
    const text_encoding enc = encoding_of(inv);
    const dataset d = p->periods.column.empty()
                          ? read_csv_file(data_path, csv_options{p->id_column, true, enc, threads})
                          : assess::parse_long_csv(read_text_utf8(data_path, enc), data_path);
    std::optional<dataset> ratings;
    if (const auto r = inv.option("--ratings")) ratings = assess::parse_long_csv(read_text_utf8(*r, enc), *r);
    return assess::run(m, p, d, ratings ? &*ratings : nullptr, threads);
}

}  // namespace

int run_assess(const invocation& inv) {
    const auto format = format_of(inv);
    const auto a = assess_inputs(inv);
    write_output(inv.option("--out").value_or(""), assess::write_assessment(a, format));
    return 0;
}

int run_allocate(const invocation& inv) {
    const auto format = format_of(inv);
    const std::string budget_text = inv.required("--budget");
    std::string overrides = "{";
    auto add = [&](const std::string& key, const std::string& v) {  // v: one of the words checked below
        if (overrides.size() > 1) overrides += ',';
        overrides += '"' + key + "\":\"" + v + '"';
    };
    if (const auto r = inv.option("--rule")) {
        if (*r != "proportional" && *r != "grade" && *r != "base_plus")
            throw usage_error("--rule expects proportional, grade or base_plus, got '" + *r + "'");
        add("rule", *r);
    }
    if (const auto u = inv.option("--unit")) {
        if (*u != "cents" && *u != "yuan") throw usage_error("--unit expects cents or yuan, got '" + *u + "'");
        add("unit", *u);
    }
    overrides += "}";
    const auto a = assess_inputs(inv);
    const auto config = assess::allocation_with(a, overrides);
    const auto amounts = assess::allocate(a, config, assess::parse_amount(budget_text, config.yuan));
    write_output(inv.option("--out").value_or(""), assess::write_allocation(a, config, amounts, format));
    return 0;
}

}  // namespace civiscore::cli
