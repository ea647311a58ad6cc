#include <civiscore/version.hpp>

// Two levels so the macros expand before they are stringised.
#define CIVISCORE_STRINGIFY_(x) #x
#define CIVISCORE_STRINGIFY(x) CIVISCORE_STRINGIFY_(x)

namespace civiscore {
inline namespace v0 {

const char* version_string() noexcept {
    // A string literal: static storage, built from the one source of the version in civiscore.h.
    return CIVISCORE_STRINGIFY(CIVISCORE_VERSION_MAJOR) "." CIVISCORE_STRINGIFY(
        CIVISCORE_VERSION_MINOR) "." CIVISCORE_STRINGIFY(CIVISCORE_VERSION_PATCH);
}

}  // namespace v0
}  // namespace civiscore
