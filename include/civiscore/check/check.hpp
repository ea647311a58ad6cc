// Data authenticity and quality checks (数据真实性): what a computer can catch in a ledger before it
// becomes a score, each finding with a reason in Chinese and English; a risk-weighted, seeded,
// stratified sample of units for unannounced third-party visits (暗访); and the consequences of the
// findings applied to the data and the result, recorded so nothing changes silently. docs/checks.md.
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/engine.hpp>
#include <civiscore/model.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace check {

enum class severity { info = 0, warning = 1, error = 2, veto = 3 };
// What a flag does to scoring: nothing at all; recorded with the result; the flagged value is
// treated as missing before scoring; the unit's total is capped.
enum class flag_effect { none = 0, mark = 1, exclude = 2, cap = 3 };
// What a failed self-report vs verification comparison does to the self-reported indicators.
enum class consequence { mark = 0, scale = 1, zero = 2, veto = 3 };

[[nodiscard]] const char* severity_name(severity s) noexcept;
[[nodiscard]] const char* effect_name(flag_effect e) noexcept;
[[nodiscard]] const char* consequence_name(consequence c) noexcept;

// On/off, how serious, and what a flag of this check does to scoring.
struct rule_policy {
    bool enabled = true;
    severity level = severity::warning;
    flag_effect effect = flag_effect::mark;
    double cap = std::numeric_limits<double>::quiet_NaN();  // effect cap: the highest total allowed
};

// Declared plausible values of one column. NaN bounds are open.
struct column_hint {
    std::string kind;  // "percent" [0, 100], "rate" [0, 1], "count" >= 0 integral, or ""
    double min = std::numeric_limits<double>::quiet_NaN();
    double max = std::numeric_limits<double>::quiet_NaN();
    bool integer = false;
};

struct relation {
    std::string left, right;  // columns
    std::string op;           // "<=", "<", ">=", ">", "==", "approx"
    double tolerance = 0.0;   // approx: |a - b| <= tolerance * max(|a|, |b|)
    std::string name;         // a label for reports
};

// A self-reported column and its third-party or platform counterpart. The discrepancy of a unit is
// the over-reported share: sum of max(0, self - verified) / sum of |self| over its pairs.
struct verification_pair {
    std::string self_report, verified;  // columns
    std::vector<std::string> adjust;    // columns scaled or zeroed; default: the self-report column
    double tolerance = 0.1;             // discrepancy above which the consequence applies
    consequence action = consequence::scale;
};

struct config {
    std::vector<std::string> columns;  // the value columns checked, model order, then extra ones
    std::map<std::string, column_hint> hints;  // by column
    std::string group_column;     // profile groups for outliers and Benford ("" = one group)
    std::string stratify_column;  // default stratification of the verification sample
    std::string period_column = "period";

    rule_policy completeness{true, severity::warning, flag_effect::mark};
    double min_unit_coverage = 0.8;       // a unit row with fewer values present is flagged
    double min_indicator_coverage = 0.9;  // a column with fewer values present is flagged

    rule_policy range{true, severity::error, flag_effect::mark};
    rule_policy relations_policy{true, severity::error, flag_effect::mark};
    std::vector<relation> relations;

    rule_policy outlier{true, severity::info, flag_effect::mark};
    double outlier_threshold = 3.5;  // robust z = |x - median| / (1.4826 MAD)
    std::size_t outlier_min_units = 10;
    std::vector<std::string> outlier_columns;  // empty: every checked column

    rule_policy jump{true, severity::warning, flag_effect::mark};
    double jump_k = 5.0;  // |change - median change| > k * 1.4826 * MAD of changes
    rule_policy constant{true, severity::warning, flag_effect::mark};
    double constant_share = 0.8;  // share of a unit's columns identical in every period
    std::size_t constant_min_periods = 3;

    rule_policy duplicate{true, severity::error, flag_effect::mark};
    double near_share = 0.9;       // share of equal values among those both units have
    std::size_t min_common = 10;   // values both units must have

    rule_policy heaping{true, severity::warning, flag_effect::mark};
    double heaping_base = 5.0;       // multiples of this count as round
    double heaping_alpha = 0.001;    // one-sided binomial p-value below which a unit is flagged
    std::size_t heaping_min_values = 10;
    std::vector<std::string> heaping_columns;  // empty: every percent column

    rule_policy benford{true, severity::warning, flag_effect::mark};
    std::vector<std::string> benford_columns;  // empty: every count column
    std::size_t benford_min_values = 100;
    double benford_min_span = 100.0;  // max / min of the positive values: Benford needs magnitudes
    double benford_alpha = 0.01;

    rule_policy verification{true, severity::error, flag_effect::mark};
    std::vector<verification_pair> pairs;

    double sample_share = 0.3;
    std::uint64_t sample_seed = 1;
};

// The check configuration of a model: its "checks" section (docs/checks.md) over the defaults.
// Columns checked by default are the model's input columns. model_error with JSON pointers if the
// section is invalid (never, for a model that loaded: load_model validates it).
[[nodiscard]] config config_of(const model& m);

// One finding.
struct flag {
    std::string rule;        // "range", "relation", "outlier", "jump", "constant", "duplicate", ...
    severity level = severity::warning;
    flag_effect effect = flag_effect::mark;
    std::string unit;        // "" for a finding about a column or a group
    std::string column;      // the column ("" for a whole unit), or "a|b" for a pair
    std::string period;      // "" in data without periods
    std::string group;       // group-level findings (Benford): the group
    std::vector<std::pair<std::string, double>> values;  // the values involved, named
    std::string related;     // other units involved (duplicates), ", "-separated
    std::string reason_zh, reason_en;
    std::size_t row = static_cast<std::size_t>(-1);  // dataset row, -1 for group-level findings
    int item = -1;           // relations and verification: index of the declared relation or pair
};

// Benford first-digit statistics of one group.
struct benford_stat {
    std::string group;
    std::size_t n = 0;
    std::vector<double> observed;  // shares of first digits 1..9
    double chi_square = 0.0, p_value = 1.0, mad = 0.0;
    std::string conformity;  // "close", "acceptable", "marginal", "nonconformity", "not applicable"
    std::string note;        // why not applicable
};

struct report {
    std::string model_id, model_sha256, source, period_column;
    std::vector<flag> flags;          // in a fixed order: rule, then data order
    std::vector<std::string> units;   // distinct units in first-appearance order
    std::vector<std::string> strata;  // per unit: the value of the stratify column ("" if none)
    std::vector<std::string> periods; // distinct periods, sorted ("" without periods)
    std::vector<benford_stat> benford;
    std::vector<std::string> notes;   // checks that did not run, and why
    config cfg;
};

// Run every enabled check. The dataset may be long (a row per unit and period) when it has the
// period column; units then repeat, once per period. data_error on a (unit, period) repeated or a
// unit repeated without a period column, or a declared column missing or not numeric.
[[nodiscard]] report run(const model& m, const dataset& d, const config& c);

// Read a long-format CSV (a unit appears once per period): as read_csv_file but unit ids may repeat.
[[nodiscard]] dataset read_panel_csv(const std::string& path, const std::string& id_column);
[[nodiscard]] dataset parse_panel_csv(std::string_view text, const std::string& id_column,
                                      std::string source = "<memory>");

// The verification sample (暗访).
struct sample_options {
    double share = 0.3;        // of the units, rounded up; used when size is 0
    std::size_t size = 0;      // exact number of units
    std::uint64_t seed = 1;
    std::string stratify;      // column; "" = no strata
};

struct sample_entry {
    std::string unit, stratum;
    double weight = 1.0;       // risk weight: 1 + severity points of the unit's flags
    double key = 0.0;          // Efraimidis-Spirakis key log(u)/w; larger is chosen first
    std::vector<std::string> reasons;  // "rule column: reason" of the unit's flags
};

// Choose units with probability rising with their flags, reproducibly from the seed, with
// proportional allocation over strata (largest remainder). Units in selection order per stratum,
// strata in name order. invalid_argument_error on a share outside (0, 1] or a size above the units.
[[nodiscard]] std::vector<sample_entry> sample(const report& r, const dataset& d,
                                               const sample_options& o);

// One change made to the data or the result because of a flag.
struct adjustment {
    std::string unit, column, period, rule, action;  // action: exclude, scale, zero, cap, veto
    double before = 0.0, after = 0.0;
    std::string reason_en;
};

// The data with the consequences of the flags applied: exclude sets values missing; verification
// scales or zeroes the self-reported columns. Every change is listed.
struct adjusted_data {
    dataset data;
    std::vector<adjustment> changes;
};
[[nodiscard]] adjusted_data apply(const report& r, const dataset& d);

// Score `d` with the checks applied: the adjusted data is scored (fit on it unless `f` is given),
// caps and vetoes are applied to the totals, grades and ranks follow, and the result's
// checks_applied carries every adjustment as JSON.
[[nodiscard]] result score_checked(const model_ptr& m, const fitted* f, const report& r,
                                   const dataset& d, int n_threads = 0);

// Writers: JSON (everything), CSV (one row per flag), table (for people).
enum class report_format { json = 0, csv = 1, table = 2 };
[[nodiscard]] std::string write_report(const report& r, report_format f);
[[nodiscard]] std::string write_sample(const std::vector<sample_entry>& s, report_format f);
[[nodiscard]] std::string adjustments_json(const std::vector<adjustment>& a);

}  // namespace check
}  // namespace v0
}  // namespace civiscore
