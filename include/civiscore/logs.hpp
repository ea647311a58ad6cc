// Service logs (docs/service-logs.md): long record tables (unit, period, person, service type, date,
// quantity, duration) aggregated into input columns declared by the model's "logs" section, read in
// chunks so a log of ten million records never sits in memory whole.
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/model.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace logs {

enum class statistic {
    count,              // records
    distinct_persons,   // distinct non-empty person ids
    sum,                // sum of a value column (quantity)
    per_1000,           // count, sum or distinct persons per 1,000 of a population column
    registry_coverage,  // distinct served registry persons / registry size of the unit
    percentile,         // p-th percentile of a value column (linear interpolation, numpy's default)
    share_at_most,      // share of records whose value column is <= limit
};

// Which columns of a log file hold what; empty = not declared (the default names apply).
struct source_spec {
    std::string name;
    std::string pointer;  // "/logs/sources/services"
    std::string unit_column = "unit_id", person_column = "person_id", type_column = "service_type",
                period_column = "period", date_column = "date";
};

struct registry_spec {
    std::string name;
    std::string pointer;
    std::string unit_column = "unit_id", person_column = "person_id";
};

// One derived input column.
struct column_spec {
    std::string column;        // the input column it becomes
    std::string pointer;       // "/logs/columns/0", for messages
    std::size_t source = 0;    // index into config::sources
    statistic stat = statistic::count;
    statistic of = statistic::count;  // per_1000: the numerator (count, sum or distinct_persons)
    std::string value_column;  // sum, percentile, share_at_most (and per_1000 of sum)
    std::string population_column;  // per_1000: a column of the unit data
    std::size_t registry = 0;  // registry_coverage: index into config::registries
    double p = 50.0;           // percentile, in (0, 100]
    double limit = 0.0;        // share_at_most
    double scale = 1.0;        // multiplies registry_coverage and share_at_most (100 = percent)
    std::vector<std::string> types;    // keep records of these service types (empty = all)
    std::vector<std::string> periods;  // keep records of these periods (empty = all)
    std::string date_from, date_to;    // keep records dated in [from, to] (ISO YYYY-MM-DD; "" = open)
};

struct config {
    std::vector<source_spec> sources;
    std::vector<registry_spec> registries;
    std::vector<column_spec> columns;
    [[nodiscard]] bool empty() const noexcept { return columns.empty(); }
};

// The model's "logs" section (validated when the model loaded); empty when it has none.
[[nodiscard]] config config_of(const model& m);

// A log or registry given by the caller: a file path, or CSV text held in memory.
struct input {
    std::string name;     // the source or registry name the model declares
    std::string path;     // read from this file when `in_memory` is false
    std::string text;     // CSV text when `in_memory` is true
    bool in_memory = false;
    std::string label;    // shown in messages for in-memory text ("<services>" when empty)
};

// What the aggregation saw, for the caller to report: nothing is dropped without being counted.
struct log_summary {
    std::string name, source;
    std::uint64_t records = 0;               // data rows read
    std::uint64_t unknown_unit_records = 0;  // rows whose unit is not in the unit data (not counted)
    std::uint64_t unknown_units = 0;         // distinct such unit ids
    std::vector<std::pair<std::string, std::size_t>> unknown_examples;  // (unit id, line), first few
};
struct registry_summary {
    std::string name, source;
    std::uint64_t rows = 0, persons = 0;     // rows read; distinct (unit, person) entries kept
    std::uint64_t duplicates = 0;            // repeated (unit, person) rows, counted once
    std::uint64_t unknown_unit_rows = 0, unknown_units = 0;
    std::vector<std::pair<std::string, std::size_t>> unknown_examples;
};
struct column_summary {
    std::string column, log, statistic;
    std::uint64_t records = 0;             // records that passed the filters and were counted
    std::uint64_t units_without_records = 0;
    std::uint64_t missing_units = 0;       // units left missing (no records, or an empty registry)
};
struct summary {
    std::vector<log_summary> logs;
    std::vector<registry_summary> registries;
    std::vector<column_summary> columns;
    std::vector<std::string> not_given;    // declared logs not given: their columns come from the data
    [[nodiscard]] std::string to_json() const;
    // One line per log or registry with records of unknown units; empty when there are none.
    [[nodiscard]] std::vector<std::string> warnings() const;
};

struct derived {
    dataset data;   // the unit data plus one column per derived indicator, in model order
    summary report;
};

// Aggregate the given logs (and the registries they need) into the model's derived columns and
// append them to a copy of `units`. Registries are read first, then each log once, streaming.
// Errors: invalid_argument_error for a log or registry the model does not declare, one given twice,
// or a registry a derived column needs but not given; data_error naming file:line and column for a
// malformed record (empty unit id, a value that is not a number, a bad date) or a missing log column,
// for a derived column the unit data already has, and for a unit whose population is missing or
// not > 0 (per_1000); io_error for an unreadable file. Deterministic: each unit's records are folded
// in file order, so results are bit-identical for any n_threads (0 = CIVISCORE_THREADS or all cores;
// the log is parsed in slices and folded by unit block on that many threads).
[[nodiscard]] derived derive(const model& m, const dataset& units, const std::vector<input>& logs,
                             const std::vector<input>& registries, int n_threads = 0);

}  // namespace logs
}  // namespace v0
}  // namespace civiscore
