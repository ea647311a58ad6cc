// Per-node diagnostics and the data-treatment log of a result (issue 3), as JSON.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

using civiscore::capi::check_out_buffer;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::require;

int civiscore_result_node_report_json(const civiscore_result* result, char* buf, size_t cap, size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_node_report_json";
        const auto& r = require(result, fn, "result").result;
        check_out_buffer(fn, buf, cap);
        auto doc = nlohmann::json::parse(r.node_report);
        nlohmann::json eff = nlohmann::json::object();
        for (std::size_t i = 0; i < r.model->indicators.size(); ++i)
            eff[r.model->nodes[static_cast<std::size_t>(r.model->indicators[i])].id] = r.effective_weights[i];
        doc["effective_weights"] = std::move(eff);
        copy_out(doc.dump(), buf, cap, out_len);
    });
}

int civiscore_result_treatments_json(const civiscore_result* result, char* buf, size_t cap, size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_treatments_json";
        const auto& r = require(result, fn, "result").result;
        check_out_buffer(fn, buf, cap);
        nlohmann::json list = nlohmann::json::array();
        for (const auto& t : r.treatments) {
            list.push_back({{"unit", r.unit_ids[t.unit]},
                            {"indicator", r.model->nodes[static_cast<std::size_t>(t.indicator)].id},
                            {"raw", std::isnan(t.raw) ? nlohmann::json(nullptr) : nlohmann::json(t.raw)},
                            {"treated", t.treated},
                            {"reason", t.reason}});
        }
        copy_out(list.dump(), buf, cap, out_len);
    });
}
