// libFuzzer target: the CSV reader (civiscore::parse_csv).
// Any input must either parse or throw civiscore::data_error. A parsed dataset must be consistent:
// unique non-empty unit ids, one line per unit, and every column exactly one cell per unit.
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <unordered_set>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    civiscore::dataset d;
    try {
        d = civiscore::parse_csv(text, civiscore::csv_options{}, "fuzz.csv");
    } catch (const civiscore::data_error&) {
        return 0;
    }
    const std::size_t n = d.unit_count();
    if (d.unit_lines.size() != n) std::abort();
    std::unordered_set<std::string_view> seen;
    for (const auto& id : d.unit_ids) {
        if (id.empty() || !seen.insert(id).second) std::abort();
    }
    for (const auto& c : d.columns) {
        if (c.numeric ? c.values.size() != n : c.text.size() != n) std::abort();
        if (!c.numeric && c.not_numeric_where.empty()) std::abort();
    }
    return 0;
}
