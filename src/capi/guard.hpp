// The one error path of the C ABI: every entry point runs its body through guard(), so no exception
// crosses the boundary and every failure leaves a status code and a thread-local message.
#pragma once

#include "civiscore.h"

namespace civiscore::capi {

// Forget the last error of this thread (every guarded call starts with this, so "" after success).
void clear_last_error() noexcept;
// The last error message of this thread; never NULL.
[[nodiscard]] const char* last_error() noexcept;
// Map the exception being handled to a status code and record its message. Call only inside a catch.
[[nodiscard]] int record_current_exception() noexcept;

// Run `body` (returning void); CIVISCORE_OK or the status of what it threw.
template <class Body>
[[nodiscard]] int guard(Body&& body) noexcept {
    clear_last_error();
    try {
        body();
        return CIVISCORE_OK;
    } catch (...) {
        return record_current_exception();
    }
}

// Run `body` returning a value (getters); `on_error` when it throws.
template <class T, class Body>
[[nodiscard]] T guard_value(T on_error, Body&& body) noexcept {
    clear_last_error();
    try {
        return body();
    } catch (...) {
        (void)record_current_exception();
        return on_error;
    }
}

}  // namespace civiscore::capi
