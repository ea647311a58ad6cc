// C ABI: reports (HTML, XLSX). The shim only maps arguments; the report lives in src/io/report.
#include "civiscore.h"

#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/error.hpp>
#include <civiscore/report/report.hpp>

#include <fstream>
#include <string>

using civiscore::capi::check_out_buffer;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::require;
using civiscore::capi::throw_invalid;

namespace {

civiscore::report::options options_of(const char* options_json) {
    return civiscore::report::options_from_json(options_json ? options_json : "");
}

const civiscore::dataset* data_of(const civiscore_dataset* d) { return d ? &d->data : nullptr; }

}  // namespace

extern "C" {

int civiscore_report_write_file(const civiscore_result* result, const civiscore_dataset* dataset,
                                int format, const char* options_json, const char* path) {
    return guard([&] {
        constexpr const char* fn = "civiscore_report_write_file";
        const auto& r = require(result, fn, "result").result;
        require(path, fn, "path");
        if (format != CIVISCORE_REPORT_HTML && format != CIVISCORE_REPORT_XLSX) {
            throw_invalid(std::string(fn) + ": format is " + std::to_string(format) +
                          " (must be CIVISCORE_REPORT_HTML or _XLSX)");
        }
        const auto o = options_of(options_json);
        if (format == CIVISCORE_REPORT_XLSX) {
            civiscore::report::write_xlsx(r, data_of(dataset), o, path);
            return;
        }
        const std::string html = civiscore::report::write_html(r, data_of(dataset), o);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        if (!out) throw civiscore::io_error(std::string(fn) + ": cannot open '" + path + "' for writing");
        out.write(html.data(), static_cast<std::streamsize>(html.size()));
        out.close();
        if (!out) throw civiscore::io_error(std::string(fn) + ": cannot write '" + path + "'");
    });
}

int civiscore_report_write_string(const civiscore_result* result, const civiscore_dataset* dataset,
                                  const char* options_json, char* buf, size_t cap, size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_report_write_string";
        const auto& r = require(result, fn, "result").result;
        check_out_buffer(fn, buf, cap);
        copy_out(civiscore::report::write_html(r, data_of(dataset), options_of(options_json)), buf,
                 cap, out_len);
    });
}

int civiscore_report_xlsx_supported(void) { return civiscore::report::xlsx_supported() ? 1 : 0; }

}  // extern "C"
