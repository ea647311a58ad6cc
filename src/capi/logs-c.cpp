// Service logs: collecting the log and registry inputs, deriving columns, the summary.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/logs.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

using civiscore::capi::check_out_buffer;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::require;
using civiscore::capi::text_arg;

struct civiscore_log_inputs {
    std::vector<civiscore::logs::input> logs, registries;
};

struct civiscore_log_summary {
    civiscore::logs::summary summary;
    std::string json;
};

namespace {

int add(civiscore_log_inputs* inputs, const char* fn, const char* name, const char* path, const char* text,
        std::size_t len, bool registry) {
    return guard([&] {
        auto& in = require(inputs, fn, "inputs");
        civiscore::logs::input item;
        require(name, fn, "name");
        item.name = name;
        if (item.name.empty()) civiscore::capi::throw_invalid(std::string(fn) + ": name is empty");
        if (text != nullptr || path == nullptr) {
            item.text = std::string(text_arg(fn, "text", text, len));
            item.in_memory = true;
        } else {
            item.path = path;
        }
        (registry ? in.registries : in.logs).push_back(std::move(item));
    });
}

}  // namespace

extern "C" {

int civiscore_log_inputs_create(civiscore_log_inputs** out_inputs) {
    return guard([&] {
        require(out_inputs, "civiscore_log_inputs_create", "out_inputs");
        *out_inputs = std::make_unique<civiscore_log_inputs>().release();
    });
}

void civiscore_log_inputs_free(civiscore_log_inputs* inputs) { delete inputs; }

int civiscore_log_inputs_add_log_file(civiscore_log_inputs* inputs, const char* name, const char* path) {
    constexpr const char* fn = "civiscore_log_inputs_add_log_file";
    if (path == nullptr) return guard([&] { require(path, fn, "path"); });
    return add(inputs, fn, name, path, nullptr, 0, false);
}

int civiscore_log_inputs_add_log_text(civiscore_log_inputs* inputs, const char* name, const char* text,
                                      size_t len) {
    constexpr const char* fn = "civiscore_log_inputs_add_log_text";
    if (text == nullptr) return guard([&] { require(text, fn, "text"); });
    return add(inputs, fn, name, nullptr, text, len, false);
}

int civiscore_log_inputs_add_registry_file(civiscore_log_inputs* inputs, const char* name, const char* path) {
    constexpr const char* fn = "civiscore_log_inputs_add_registry_file";
    if (path == nullptr) return guard([&] { require(path, fn, "path"); });
    return add(inputs, fn, name, path, nullptr, 0, true);
}

int civiscore_log_inputs_add_registry_text(civiscore_log_inputs* inputs, const char* name, const char* text,
                                           size_t len) {
    constexpr const char* fn = "civiscore_log_inputs_add_registry_text";
    if (text == nullptr) return guard([&] { require(text, fn, "text"); });
    return add(inputs, fn, name, nullptr, text, len, true);
}

int civiscore_logs_derive(const civiscore_model* model, const civiscore_dataset* units,
                          const civiscore_log_inputs* inputs, civiscore_dataset** out_dataset,
                          civiscore_log_summary** out_summary) {
    return guard([&] {
        constexpr const char* fn = "civiscore_logs_derive";
        const auto& m = require(model, fn, "model");
        const auto& d = require(units, fn, "units");
        const auto& in = require(inputs, fn, "inputs");
        require(out_dataset, fn, "out_dataset");
        auto result = civiscore::logs::derive(*m.model, d.data, in.logs, in.registries);
        auto data = std::make_unique<civiscore_dataset>();
        data->data = std::move(result.data);
        std::unique_ptr<civiscore_log_summary> summary;
        if (out_summary != nullptr) {
            summary = std::make_unique<civiscore_log_summary>();
            summary->json = result.report.to_json();
            summary->summary = std::move(result.report);
        }
        *out_dataset = data.release();
        if (out_summary != nullptr) *out_summary = summary.release();
    });
}

int civiscore_log_summary_json(const civiscore_log_summary* summary, char* buf, size_t cap, size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_log_summary_json";
        const auto& s = require(summary, fn, "summary");
        check_out_buffer(fn, buf, cap);
        copy_out(s.json, buf, cap, out_len);
    });
}

void civiscore_log_summary_free(civiscore_log_summary* summary) { delete summary; }

}  // extern "C"
