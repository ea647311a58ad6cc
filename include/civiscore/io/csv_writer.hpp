// A dataset back to CSV text (e.g. the annual data of a period roll-up), so that reading it again
// gives the same values bit for bit.
#pragma once

#include <civiscore/data.hpp>

#include <string>

namespace civiscore {
inline namespace v0 {

// Header `id_column`, then the columns in order; numbers in the shortest form that reads back to the
// same double, missing as an empty cell, text quoted per RFC 4180 when needed. LF line ends, UTF-8.
[[nodiscard]] std::string dataset_to_csv(const dataset& d, const std::string& id_column = "unit_id");

}  // namespace v0
}  // namespace civiscore
