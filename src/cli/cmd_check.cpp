#include "cli/cmd_check.hpp"

#include "cli/encoding_option.hpp"
#include "cli/files.hpp"
#include "cli/model_problems.hpp"

#include <civiscore/check/check.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/io/result_writer.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace civiscore::cli {
namespace {

check::report_format format_of(const invocation& inv, const std::string& out_path) {
    if (const auto f = inv.option("--format")) {
        if (*f == "table") return check::report_format::table;
        if (*f == "csv") return check::report_format::csv;
        if (*f == "json") return check::report_format::json;
        throw usage_error("--format expects table, csv or json, got '" + *f + "'");
    }
    auto ends = [&](const char* s) {
        const std::string e(s);
        return out_path.size() >= e.size() && out_path.compare(out_path.size() - e.size(), e.size(), e) == 0;
    };
    if (ends(".json")) return check::report_format::json;
    if (ends(".csv")) return check::report_format::csv;
    if (!out_path.empty()) return check::report_format::table;
    return stdout_is_terminal() ? check::report_format::table : check::report_format::csv;
}

double share_of(const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v > 0 && v <= 1))
        throw usage_error("--sample expects a share in (0, 1], e.g. 0.3, got '" + text + "'");
    return v;
}

template <class T>
T integer_of(const std::string& name, const std::string& text) {
    T v{};
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size())
        throw usage_error(name + " expects a non-negative integer, got '" + text + "'");
    return v;
}

}  // namespace

int run_check(const invocation& inv) {
    const std::string model_path = inv.required("--model");
    const std::string data_path = inv.required("--data");
    const std::string out_path = inv.option("--out").value_or("");
    const auto format = format_of(inv, out_path);
    const bool want_sample = inv.option("--sample") || inv.option("--sample-size");
    check::sample_options so;
    if (const auto s = inv.option("--sample")) so.share = share_of(*s);
    if (const auto s = inv.option("--sample-size")) {
        so.size = integer_of<std::size_t>("--sample-size", *s);
        if (so.size == 0) throw usage_error("--sample-size must be at least 1");
    }
    if (inv.option("--seed") && !want_sample) throw usage_error("--seed needs --sample or --sample-size");
    if (inv.option("--stratify") && !want_sample) throw usage_error("--stratify needs --sample or --sample-size");

    const model_ptr m = load_model_reporting(model_path);
    check::config cfg = check::config_of(*m);
    if (const auto p = inv.option("--period-column")) cfg.period_column = *p;
    if (!inv.option("--sample")) so.share = cfg.sample_share;
    so.seed = inv.option("--seed") ? integer_of<std::uint64_t>("--seed", *inv.option("--seed")) : cfg.sample_seed;
    so.stratify = inv.option("--stratify").value_or(cfg.stratify_column);

    csv_options panel;  // long data: a unit repeats once per period
    panel.id_column = inv.option("--id-column").value_or("unit_id");
    panel.unique_ids = false;
    panel.encoding = encoding_of(inv);
    panel.n_threads = thread_count(inv);
    const dataset d = read_csv_file(data_path, panel);
    const check::report r = check::run(*m, d, cfg);

    std::string text;
    if (want_sample) {
        const auto s = check::sample(r, d, so);
        if (format == check::report_format::json) {
            text = "{\n\"report\": " + check::write_report(r, format) + ",\n\"sample\": " +
                   check::write_sample(s, format) + "}\n";
        } else if (format == check::report_format::csv) {
            text = check::write_sample(s, format);  // one table per CSV: the sample, with reasons
        } else {
            text = check::write_report(r, format) + "\n" + check::write_sample(s, format);
        }
    } else {
        text = check::write_report(r, format);
    }
    write_output(out_path, text);

    if (const auto scores_out = inv.option("--scores-out")) {
        const result res = check::score_checked(m, nullptr, r, d);
        write_output(*scores_out, write_result(res, output_format::json));
    }
    return 0;
}

}  // namespace civiscore::cli
