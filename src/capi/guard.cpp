#include "capi/guard.hpp"

#include <civiscore/error.hpp>

#include <exception>
#include <new>
#include <string>
#include <string_view>

namespace civiscore::capi {
namespace {

// Kept per thread so concurrent callers never see each other's errors.
thread_local std::string t_message;
// Set when the message itself could not be stored: reporting out-of-memory must never allocate.
thread_local bool t_out_of_memory = false;
constexpr const char* out_of_memory_message = "out of memory";

void set_out_of_memory() noexcept {
    t_message.clear();  // keeps capacity, never allocates
    t_out_of_memory = true;
}

void set_message(std::string_view prefix, std::string_view text) noexcept {
    try {
        t_message.assign(prefix);
        t_message.append(text);
        t_out_of_memory = false;
    } catch (...) {
        set_out_of_memory();
    }
}

}  // namespace

void clear_last_error() noexcept {
    t_message.clear();
    t_out_of_memory = false;
}

const char* last_error() noexcept {
    return t_out_of_memory ? out_of_memory_message : t_message.c_str();
}

int record_current_exception() noexcept {
    try {
        throw;
    } catch (const error& e) {
        set_message({}, e.what());
        const int code = static_cast<int>(e.code());
        // A civiscore::error must never report success across the boundary.
        return code == CIVISCORE_OK ? CIVISCORE_ERROR_INTERNAL : code;
    } catch (const std::bad_alloc&) {
        set_out_of_memory();
        return CIVISCORE_ERROR_OUT_OF_MEMORY;
    } catch (const std::exception& e) {
        set_message("internal error: ", e.what());
        return CIVISCORE_ERROR_INTERNAL;
    } catch (...) {
        set_message("internal error: ", "unknown exception");
        return CIVISCORE_ERROR_INTERNAL;
    }
}

}  // namespace civiscore::capi
