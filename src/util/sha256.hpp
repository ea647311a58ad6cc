// SHA-256 (FIPS 180-4), for the provenance hashes of models and fitted states.
#pragma once

#include <string>
#include <string_view>

namespace civiscore {
inline namespace v0 {

// Lower-case hex digest of `bytes`.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace v0
}  // namespace civiscore
