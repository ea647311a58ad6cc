// C ABI: scoring with options given as JSON (today "keep": the nodes whose scores the result holds),
// so options can grow without a new signature each; and whether a result kept a node.
#include "civiscore.h"

#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "capi/score_run.hpp"

#include <civiscore/error.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

using civiscore::capi::check_index;
using civiscore::capi::guard;
using civiscore::capi::require;
using civiscore::capi::throw_invalid;

namespace {

// The nodes one keep entry names: a node id as it stands (so an id holding a comma still works in
// the list form), else a keep specification (ids and words, comma-separated).
std::vector<int> nodes_of(const char* fn, const civiscore::model& m, const std::string& entry) {
    if (const int n = m.find(entry); n >= 0) return {n};
    try {
        return civiscore::keep_nodes(m, entry);
    } catch (const civiscore::invalid_argument_error& e) {
        throw_invalid(std::string(fn) + ": options_json key 'keep': " + e.what());
    }
}

civiscore::score_options score_options_of(const char* fn, const civiscore::model& m, const char* options_json) {
    civiscore::score_options o;
    const nlohmann::json doc = civiscore::capi::options_object(fn, options_json);  // null: no options
    for (const auto& [key, v] : doc.items()) {
        if (key != "keep")
            throw_invalid(std::string(fn) + ": options_json key '" + key + "' is unknown (known: keep)");
        const std::string expected = std::string(fn) +
                                     ": options_json key 'keep' must be a non-empty string (\"depth:1\", \"index,D1\") "
                                     "or a non-empty array of node ids and words (all, groups, indicators, depth:N), got ";
        std::vector<std::string> entries;
        if (v.is_string()) {
            entries.push_back(v.get<std::string>());
        } else if (v.is_array()) {
            for (const auto& e : v) {
                if (!e.is_string()) throw_invalid(expected + v.dump());
                entries.push_back(e.get<std::string>());
            }
        } else {
            throw_invalid(expected + v.dump());
        }
        // An empty keep would quietly keep only the root: more likely a mistake than a wish.
        const bool blank = std::all_of(entries.begin(), entries.end(), [](const std::string& s) {
            return s.find_first_not_of(" ,") == std::string::npos;
        });
        if (blank) throw_invalid(expected + v.dump());
        o.keep = {0};  // the root always; never empty, which would mean every node
        for (const std::string& e : entries) {
            const std::vector<int> more = nodes_of(fn, m, e);
            o.keep.insert(o.keep.end(), more.begin(), more.end());
        }
        std::sort(o.keep.begin(), o.keep.end());
        o.keep.erase(std::unique(o.keep.begin(), o.keep.end()), o.keep.end());
    }
    return o;
}

}  // namespace

extern "C" {

int civiscore_score_opts(const civiscore_model* model, const civiscore_fitted* fitted,
                         const civiscore_dataset* dataset, const char* options_json, int n_threads,
                         civiscore_result** out_result) {
    return guard([&] {
        constexpr const char* fn = "civiscore_score_opts";
        const auto& m = require(model, fn, "model");
        require(dataset, fn, "dataset");
        require(out_result, fn, "out_result");
        const auto o = score_options_of(fn, *m.model, options_json);  // a bad option before any work
        civiscore::capi::score_into(fn, model, fitted, dataset, n_threads, o, out_result);
    });
}

int civiscore_result_node_kept(const civiscore_result* result, size_t node, int* out_kept) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_node_kept";
        const auto& r = require(result, fn, "result").result;
        require(out_kept, fn, "out_kept");
        check_index(fn, "node", node, r.n_nodes);
        *out_kept = r.kept(node) ? 1 : 0;
    });
}

}  // extern "C"
