// Versions, the thread's last error and status names. These never fail and never touch the last
// error, so they can be called while reporting one.
#include "capi/guard.hpp"

#include <civiscore/version.hpp>

extern "C" {

int civiscore_version_number(void) { return civiscore::version_number; }

const char* civiscore_version_string(void) { return civiscore::version_string(); }

const char* civiscore_last_error_message(void) { return civiscore::capi::last_error(); }

const char* civiscore_status_string(int status) {
    switch (status) {
        case CIVISCORE_OK: return "ok";
        case CIVISCORE_ERROR_INVALID_ARGUMENT: return "invalid argument";
        case CIVISCORE_ERROR_MODEL: return "model error";
        case CIVISCORE_ERROR_DATA: return "data error";
        case CIVISCORE_ERROR_IO: return "i/o error";
        case CIVISCORE_ERROR_OUT_OF_MEMORY: return "out of memory";
        case CIVISCORE_ERROR_FITTED: return "fitted-state error";
        case CIVISCORE_ERROR_INTERNAL: return "internal error";
        default: return "unknown status";
    }
}

}  // extern "C"
