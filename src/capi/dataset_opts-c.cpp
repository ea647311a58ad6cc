// C ABI: CSV readers taking their options as JSON, so long data (a unit once per period, for the
// data checks) can be read without a new signature per option. civiscore_dataset_read_csv is the
// same reader with the default options.
#include "civiscore.h"

#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/io/csv.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

using civiscore::capi::guard;
using civiscore::capi::require;
using civiscore::capi::text_arg;
using civiscore::capi::throw_invalid;

namespace {

civiscore::csv_options csv_options_of(const char* fn, const char* options_json) {
    civiscore::csv_options o;
    const nlohmann::json doc = civiscore::capi::options_object(fn, options_json);  // null: no options
    for (const auto& [key, v] : doc.items()) {
        if (key == "id_column") {
            if (!v.is_string() || v.get<std::string>().empty())
                throw_invalid(std::string(fn) + ": options_json key 'id_column' must be a non-empty string, got " + v.dump());
            o.id_column = v.get<std::string>();
        } else if (key == "unique_ids") {
            if (!v.is_boolean())
                throw_invalid(std::string(fn) + ": options_json key 'unique_ids' must be true or false, got " + v.dump());
            o.unique_ids = v.get<bool>();
        } else if (key == "encoding") {
            if (!v.is_string())
                throw_invalid(std::string(fn) + ": options_json key 'encoding' must be a string (utf-8, gbk, gb18030), got " + v.dump());
            o.encoding = civiscore::parse_encoding(v.get<std::string>());
        } else if (key == "n_threads") {
            if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 4096)
                throw_invalid(std::string(fn) + ": options_json key 'n_threads' must be an integer from 0 to 4096, got " + v.dump());
            o.n_threads = static_cast<int>(v.get<long long>());
        } else {
            throw_invalid(std::string(fn) + ": options_json key '" + key + "' is unknown (known: id_column, unique_ids, encoding, n_threads)");
        }
    }
    return o;
}

void publish(civiscore::dataset data, bool ids_checked, civiscore_dataset** out) {
    auto handle = std::make_unique<civiscore_dataset>();
    handle->data = std::move(data);
    handle->unit_ids_checked = ids_checked;  // the reader checks them unless told the data is long
    *out = handle.release();
}

}  // namespace

extern "C" {

int civiscore_dataset_read_csv_opts(const char* path, const char* options_json, civiscore_dataset** out_dataset) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_read_csv_opts";
        require(path, fn, "path");
        require(out_dataset, fn, "out_dataset");
        const auto o = csv_options_of(fn, options_json);
        publish(civiscore::read_csv_file(path, o), o.unique_ids, out_dataset);
    });
}

int civiscore_dataset_parse_csv_opts(const char* text, size_t len, const char* options_json,
                                     civiscore_dataset** out_dataset) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_parse_csv_opts";
        const auto csv = text_arg(fn, "text", text, len);
        require(out_dataset, fn, "out_dataset");
        const auto o = csv_options_of(fn, options_json);
        publish(civiscore::parse_csv(csv, o), o.unique_ids, out_dataset);
    });
}

}  // extern "C"
