// Library version, from the single source in civiscore.h.
#pragma once

#include "civiscore.h"

namespace civiscore {
inline namespace v0 {

inline constexpr int version_number = CIVISCORE_VERSION_NUMBER;
// "MAJOR.MINOR.PATCH"
const char* version_string() noexcept;

}  // namespace v0
}  // namespace civiscore
