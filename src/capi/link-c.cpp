// Linked entities through the C ABI (civiscore/link.hpp): options from JSON, the outcome as a handle.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/error.hpp>
#include <civiscore/link.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

struct civiscore_linked {
    civiscore::link_outcome outcome;
};

using civiscore::capi::check_out_buffer;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::require;
using civiscore::capi::text_arg;
using civiscore::capi::throw_invalid;

namespace {

civiscore::link_options options_of(const char* fn, const char* options_json) {
    civiscore::link_options o;
    const nlohmann::json doc = civiscore::capi::options_object(fn, options_json);  // null: no options
    for (const auto& [key, v] : doc.items()) {
        // Captured by name: clang 14 cannot capture structured bindings.
        const auto text = [&, &key = key, &v = v](std::string& out) {
            if (!v.is_string() || v.get<std::string>().empty())
                throw_invalid(std::string(fn) + ": options_json key '" + key + "' must be a non-empty string, got " + v.dump());
            out = v.get<std::string>();
        };
        if (key == "entity_column") text(o.entity_column);
        else if (key == "community_column") text(o.community_column);
        else if (key == "as") text(o.as);
        else if (key == "node") text(o.node);
        else if (key == "weight_column") {
            if (v.is_null()) o.weight_column.clear();
            else text(o.weight_column);
        } else if (key == "grade_counts") {
            if (!v.is_boolean())
                throw_invalid(std::string(fn) + ": options_json key 'grade_counts' must be true or false, got " + v.dump());
            o.grade_counts = v.get<bool>();
        } else {
            throw_invalid(std::string(fn) + ": options_json key '" + key +
                          "' is unknown (known: entity_column, community_column, weight_column, as, node, grade_counts)");
        }
    }
    return o;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw civiscore::io_error("cannot open link table '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw civiscore::io_error("cannot read link table '" + path + "'");
    return text.str();
}

void link(const char* fn, const civiscore_result* entities, const civiscore_dataset* communities,
          std::string_view csv, const std::string& source, const char* options_json, civiscore_linked** out_linked) {
    const auto& e = require(entities, fn, "entities").result;
    const auto& c = require(communities, fn, "communities").data;
    require(out_linked, fn, "out_linked");
    const auto options = options_of(fn, options_json);
    auto linked = std::make_unique<civiscore_linked>();
    linked->outcome = civiscore::link_entities(e, c, csv, source, options);
    *out_linked = linked.release();
}

}  // namespace

extern "C" {

int civiscore_link_entities(const civiscore_result* entities, const civiscore_dataset* communities,
                            const char* links_csv, size_t len, const char* options_json,
                            civiscore_linked** out_linked) {
    return guard([&] {
        constexpr const char* fn = "civiscore_link_entities";
        const auto text = text_arg(fn, "links_csv", links_csv, len);
        link(fn, entities, communities, text, "<links>", options_json, out_linked);
    });
}

int civiscore_link_entities_file(const civiscore_result* entities, const civiscore_dataset* communities,
                                 const char* links_path, const char* options_json, civiscore_linked** out_linked) {
    return guard([&] {
        constexpr const char* fn = "civiscore_link_entities_file";
        require(links_path, fn, "links_path");
        require(entities, fn, "entities");
        require(communities, fn, "communities");
        require(out_linked, fn, "out_linked");
        (void)options_of(fn, options_json);  // a bad option is reported before the file is read
        link(fn, entities, communities, read_file(links_path), links_path, options_json, out_linked);
    });
}

// Outside the guard: freeing cannot fail and must not erase the caller's last error.
void civiscore_linked_free(civiscore_linked* linked) {
    std::unique_ptr<civiscore_linked> owned(linked);
}

int civiscore_linked_dataset(const civiscore_linked* linked, civiscore_dataset** out_dataset) {
    return guard([&] {
        constexpr const char* fn = "civiscore_linked_dataset";
        const auto& l = require(linked, fn, "linked");
        require(out_dataset, fn, "out_dataset");
        auto d = std::make_unique<civiscore_dataset>();
        d->data = l.outcome.data;
        *out_dataset = d.release();
    });
}

int civiscore_linked_report_json(const civiscore_linked* linked, char* buf, size_t cap, size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_linked_report_json";
        const auto& l = require(linked, fn, "linked");
        check_out_buffer(fn, buf, cap);
        copy_out(l.outcome.report_json(), buf, cap, out_len);
    });
}

}  // extern "C"
