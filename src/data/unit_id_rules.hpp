// What makes a unit id unusable before uniqueness is even asked: shared by the serial and the
// parallel check (check_unit_ids).
#pragma once

#include <cstring>
#include <string>

namespace civiscore {
inline namespace v0 {

// Empty, or holding a NUL byte: a C string would end at it, and civiscore_*_unit_ids in the C ABI
// separate ids by NUL, so such an id could not come back out as it went in.
[[nodiscard]] inline bool malformed_unit_id(const std::string& id) noexcept {
    return id.empty() || std::memchr(id.data(), 0, id.size()) != nullptr;
}

}  // namespace v0
}  // namespace civiscore
