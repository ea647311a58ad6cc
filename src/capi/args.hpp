// Argument checks shared by the entry points. Each throws invalid_argument_error with a message that
// names the function and the parameter, e.g. "civiscore_score: dataset is NULL".
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace civiscore::capi {

[[noreturn]] void throw_invalid(const std::string& message);

// `*p`, or invalid_argument "<fn>: <name> is NULL". Not [[nodiscard]]: often called only to check.
template <class T>
T& require(T* p, const char* fn, const char* name) {
    if (p == nullptr) throw_invalid(std::string(fn) + ": " + name + " is NULL");
    return *p;
}

// `index` < `count`, else "<fn>: <what> index 7 out of range (count 5)".
void check_index(const char* fn, const char* what, std::size_t index, std::size_t count);

// An output array of `given` elements must hold exactly `expected` (`of_what`: "units", ...).
void check_array(const char* fn, const void* out, std::size_t given, std::size_t expected,
                 const char* of_what);

// A string argument of `len` bytes, (size_t)-1 meaning NUL-terminated.
[[nodiscard]] std::string_view text_arg(const char* fn, const char* name, const char* text,
                                        std::size_t len);

// The options_json argument of the *_opts functions as a JSON object; a null JSON value for NULL or
// "" (no options). invalid_argument "<fn>: options_json is not valid JSON: ..." or "... must be a
// JSON object, got ..." otherwise.
[[nodiscard]] nlohmann::json options_object(const char* fn, const char* options_json);

// A non-negative thread count.
void check_threads(const char* fn, int n_threads);

// Validate buf/cap before any work, so a bad call leaves its outputs untouched.
void check_out_buffer(const char* fn, const char* buf, std::size_t cap);
// snprintf semantics: copy min(size, cap - 1) bytes and a NUL when cap > 0; *out_len = full size.
void copy_out(std::string_view text, char* buf, std::size_t cap, std::size_t* out_len) noexcept;
// As copy_out, of the ids each followed by a NUL byte (civiscore_dataset_unit_ids and _result_).
void copy_out_ids(const std::vector<std::string>& ids, char* buf, std::size_t cap,
                  std::size_t* out_len) noexcept;

}  // namespace civiscore::capi
