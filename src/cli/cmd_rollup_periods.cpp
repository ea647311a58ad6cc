#include "cli/cmd_rollup_periods.hpp"

#include "cli/encoding_option.hpp"
#include "cli/files.hpp"
#include "cli/model_problems.hpp"

#include <civiscore/io/csv.hpp>
#include <civiscore/io/csv_writer.hpp>
#include <civiscore/period_rollup.hpp>

namespace civiscore::cli {

dataset read_rolled_up(const model& m, const invocation& inv, const std::string& period_column) {
    if (m.period_rollup_json.empty())
        throw usage_error("--period-column needs the model's \"period_rollup\" rules (docs/model-format.md)");
    csv_options o;
    o.id_column = inv.option("--id-column").value_or("unit_id");
    o.unique_ids = false;  // a unit repeats once per period
    o.encoding = encoding_of(inv);
    o.n_threads = thread_count(inv);
    return rollup_periods(m, read_csv_file(inv.required("--data"), o), period_column);
}

int run_rollup_periods(const invocation& inv) {
    const std::string model_path = inv.required("--model");
    (void)inv.required("--data");  // a usage error before the model is read
    const std::string period_column = inv.required("--period-column");
    const model_ptr m = load_model_reporting(model_path);
    const dataset annual = read_rolled_up(*m, inv, period_column);
    write_output(inv.option("--out").value_or(""), dataset_to_csv(annual, inv.option("--id-column").value_or("unit_id")));
    return 0;
}

}  // namespace civiscore::cli
