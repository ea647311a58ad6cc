// Model loading and read-only accessors.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <memory>
#include <string>

using civiscore::capi::check_index;
using civiscore::capi::guard;
using civiscore::capi::guard_value;
using civiscore::capi::require;
using civiscore::capi::text_arg;

namespace {

const civiscore::model& model_of(const civiscore_model* m, const char* fn) {
    return *require(m, fn, "model").model;
}

const civiscore::node& node_of(const civiscore_model* m, std::size_t node, const char* fn) {
    const auto& mo = model_of(m, fn);
    check_index(fn, "node", node, mo.nodes.size());
    return mo.nodes[node];
}

void publish(civiscore::model_ptr model, civiscore_model** out_model) {
    auto handle = std::make_unique<civiscore_model>();
    handle->model = std::move(model);
    *out_model = handle.release();
}

}  // namespace

extern "C" {

int civiscore_model_load_string(const char* json, size_t len, civiscore_model** out_model) {
    return guard([&] {
        constexpr const char* fn = "civiscore_model_load_string";
        const auto text = text_arg(fn, "json", json, len);
        require(out_model, fn, "out_model");
        publish(civiscore::load_model(text), out_model);
    });
}

int civiscore_model_load_file(const char* path, civiscore_model** out_model) {
    return guard([&] {
        constexpr const char* fn = "civiscore_model_load_file";
        require(path, fn, "path");
        require(out_model, fn, "out_model");
        publish(civiscore::load_model_file(path), out_model);
    });
}

// Freeing cannot fail, and stays out of the guard so it never erases the error the caller is about to
// report.
void civiscore_model_free(civiscore_model* model) { std::unique_ptr<civiscore_model> owned(model); }

const char* civiscore_model_id(const civiscore_model* model) {
    return guard_value<const char*>(nullptr, [&] {
        return model_of(model, "civiscore_model_id").id.c_str();
    });
}

const char* civiscore_model_name(const civiscore_model* model) {
    return guard_value<const char*>(nullptr, [&] {
        return model_of(model, "civiscore_model_name").name.c_str();
    });
}

const char* civiscore_model_sha256(const civiscore_model* model) {
    return guard_value<const char*>(nullptr, [&] {
        return model_of(model, "civiscore_model_sha256").sha256.c_str();
    });
}

size_t civiscore_model_node_count(const civiscore_model* model) {
    return guard_value<size_t>(0, [&] {
        return model_of(model, "civiscore_model_node_count").nodes.size();
    });
}

const char* civiscore_model_node_id(const civiscore_model* model, size_t node) {
    return guard_value<const char*>(nullptr, [&] {
        return node_of(model, node, "civiscore_model_node_id").id.c_str();
    });
}

const char* civiscore_model_node_name(const civiscore_model* model, size_t node) {
    return guard_value<const char*>(nullptr, [&] {
        return node_of(model, node, "civiscore_model_node_name").name.c_str();
    });
}

ptrdiff_t civiscore_model_node_parent(const civiscore_model* model, size_t node) {
    return guard_value<ptrdiff_t>(-1, [&] {
        return static_cast<ptrdiff_t>(node_of(model, node, "civiscore_model_node_parent").parent);
    });
}

int civiscore_model_node_level(const civiscore_model* model, size_t node) {
    return guard_value(-1, [&] { return node_of(model, node, "civiscore_model_node_level").level; });
}

int civiscore_model_node_is_indicator(const civiscore_model* model, size_t node) {
    return guard_value(0, [&] {
        return node_of(model, node, "civiscore_model_node_is_indicator").is_indicator ? 1 : 0;
    });
}

ptrdiff_t civiscore_model_find_node(const civiscore_model* model, const char* id) {
    return guard_value<ptrdiff_t>(-1, [&] {
        constexpr const char* fn = "civiscore_model_find_node";
        const auto& m = model_of(model, fn);
        require(id, fn, "id");
        return static_cast<ptrdiff_t>(m.find(id));
    });
}

size_t civiscore_model_indicator_count(const civiscore_model* model) {
    return guard_value<size_t>(0, [&] {
        return model_of(model, "civiscore_model_indicator_count").indicators.size();
    });
}

const char* civiscore_model_indicator_id(const civiscore_model* model, size_t i) {
    return guard_value<const char*>(nullptr, [&] {
        constexpr const char* fn = "civiscore_model_indicator_id";
        const auto& m = model_of(model, fn);
        check_index(fn, "indicator", i, m.indicators.size());
        return m.nodes[static_cast<std::size_t>(m.indicators[i])].id.c_str();
    });
}

size_t civiscore_model_input_column_count(const civiscore_model* model) {
    return guard_value<size_t>(0, [&] {
        return model_of(model, "civiscore_model_input_column_count").data_columns.size();
    });
}

const char* civiscore_model_input_column(const civiscore_model* model, size_t i) {
    return guard_value<const char*>(nullptr, [&] {
        constexpr const char* fn = "civiscore_model_input_column";
        const auto& m = model_of(model, fn);
        check_index(fn, "input column", i, m.data_columns.size());
        return m.data_columns[i].c_str();  // derived columns are computed, not supplied
    });
}

size_t civiscore_model_grade_count(const civiscore_model* model) {
    return guard_value<size_t>(0, [&] {
        return model_of(model, "civiscore_model_grade_count").grades.size();
    });
}

const char* civiscore_model_grade_label(const civiscore_model* model, size_t grade) {
    return guard_value<const char*>(nullptr, [&] {
        constexpr const char* fn = "civiscore_model_grade_label";
        const auto& m = model_of(model, fn);
        check_index(fn, "grade", grade, m.grades.size());
        return m.grades[grade].label.c_str();
    });
}

}  // extern "C"
