// civiscore.hpp — a header-only C++17 wrapper over the C ABI in civiscore.h.
//
// Why a wrapper and not the internal C++ API: applications link only the shared library, whose one
// stable interface is the C ABI. This header adds RAII and exceptions on top of it and nothing else,
// so it works with any C++17 compiler and any standard library, whatever civiscore was built with.
//
// - Handles are move-only and freed by their destructor.
// - Every failed call throws civiscore::api::error carrying the status code and the thread's
//   civiscore_last_error_message().
// - Strings returned by the library are copied into std::string, so they outlive their handle.
// - Thread-safety is that of the C ABI: const objects may be shared between threads.
//
// Licensed under the Apache License, Version 2.0.
#ifndef CIVISCORE_HPP
#define CIVISCORE_HPP

#include <civiscore.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civiscore::api {

// A failed civiscore call: status() is one of the CIVISCORE_ERROR_* codes, what() the library's message.
class error : public std::runtime_error {
public:
    error(int status, const std::string& message)
        : std::runtime_error(message.empty() ? std::string(civiscore_status_string(status)) : message),
          status_(status) {}
    [[nodiscard]] int status() const noexcept { return status_; }

private:
    int status_;
};

enum class format : int {
    json = CIVISCORE_FORMAT_JSON,
    csv = CIVISCORE_FORMAT_CSV,
    table = CIVISCORE_FORMAT_TABLE,
};

enum class layout : int {
    row_major = CIVISCORE_ROW_MAJOR,
    col_major = CIVISCORE_COL_MAJOR,
};

enum class unit_status : int {
    ok = CIVISCORE_UNIT_OK,
    partial = CIVISCORE_UNIT_PARTIAL,
    unscored = CIVISCORE_UNIT_UNSCORED,
};

namespace detail {

// Read the message before anything else can call into the library and overwrite it.
[[noreturn]] inline void throw_last_error(int status) {
    throw error(status, civiscore_last_error_message());
}

inline void check(int status) {
    if (status != CIVISCORE_OK) {
        throw_last_error(status);
    }
}

// Accessors return NULL (and set the last error) on a bad index or handle.
[[nodiscard]] inline std::string copy_string(const char* s) {
    if (s == nullptr) {
        throw_last_error(CIVISCORE_ERROR_INVALID_ARGUMENT);
    }
    return std::string(s);
}

// The C ABI's snprintf-style writers: ask for the length, then fill a buffer of exactly that size.
template <class Write>
[[nodiscard]] std::string read_snprintf(Write write) {
    std::size_t len = 0;
    check(write(nullptr, std::size_t{0}, &len));
    std::string out(len, '\0');
    std::size_t written = 0;
    // data() of a std::string has room for the terminating NUL at data()[len] since C++11.
    check(write(out.data(), len + 1, &written));
    out.resize(written < len ? written : len);
    return out;
}

struct model_deleter {
    void operator()(civiscore_model* p) const noexcept { civiscore_model_free(p); }
};
struct dataset_deleter {
    void operator()(civiscore_dataset* p) const noexcept { civiscore_dataset_free(p); }
};
struct fitted_deleter {
    void operator()(civiscore_fitted* p) const noexcept { civiscore_fitted_free(p); }
};
struct result_deleter {
    void operator()(civiscore_result* p) const noexcept { civiscore_result_free(p); }
};

}  // namespace detail

// Run-time version of the loaded library (compare with CIVISCORE_VERSION_NUMBER).
[[nodiscard]] inline int version_number() noexcept { return civiscore_version_number(); }
[[nodiscard]] inline std::string version_string() { return civiscore_version_string(); }

// A validated, immutable indicator model.
class model {
public:
    [[nodiscard]] static model from_file(const std::string& path) {
        civiscore_model* raw = nullptr;
        detail::check(civiscore_model_load_file(path.c_str(), &raw));
        return model(raw);
    }

    [[nodiscard]] static model from_json(std::string_view json) {
        civiscore_model* raw = nullptr;
        detail::check(civiscore_model_load_string(json.data(), json.size(), &raw));
        return model(raw);
    }

    [[nodiscard]] const civiscore_model* get() const noexcept { return handle_.get(); }

    [[nodiscard]] std::string id() const { return detail::copy_string(civiscore_model_id(get())); }
    [[nodiscard]] std::string name() const { return detail::copy_string(civiscore_model_name(get())); }
    [[nodiscard]] std::string sha256() const {
        return detail::copy_string(civiscore_model_sha256(get()));
    }

    // Nodes in model order: pre-order, the root is node 0.
    [[nodiscard]] std::size_t node_count() const noexcept {
        return civiscore_model_node_count(get());
    }
    [[nodiscard]] std::string node_id(std::size_t node) const {
        return detail::copy_string(civiscore_model_node_id(get(), node));
    }
    [[nodiscard]] std::string node_name(std::size_t node) const {
        return detail::copy_string(civiscore_model_node_name(get(), node));
    }
    // The parent's index; empty for the root.
    [[nodiscard]] std::optional<std::size_t> node_parent(std::size_t node) const {
        require_node(node);
        const std::ptrdiff_t parent = civiscore_model_node_parent(get(), node);
        if (parent < 0) {
            return std::nullopt;
        }
        return static_cast<std::size_t>(parent);
    }
    [[nodiscard]] int node_level(std::size_t node) const {
        require_node(node);
        return civiscore_model_node_level(get(), node);
    }
    [[nodiscard]] bool node_is_indicator(std::size_t node) const {
        require_node(node);
        return civiscore_model_node_is_indicator(get(), node) != 0;
    }
    [[nodiscard]] std::optional<std::size_t> find_node(const std::string& id) const {
        const std::ptrdiff_t node = civiscore_model_find_node(get(), id.c_str());
        if (node < 0) {
            return std::nullopt;
        }
        return static_cast<std::size_t>(node);
    }
    [[nodiscard]] std::vector<std::string> node_ids() const {
        return collect(node_count(), civiscore_model_node_id);
    }
    [[nodiscard]] std::vector<std::string> node_names() const {
        return collect(node_count(), civiscore_model_node_name);
    }

    [[nodiscard]] std::size_t indicator_count() const noexcept {
        return civiscore_model_indicator_count(get());
    }
    [[nodiscard]] std::vector<std::string> indicator_ids() const {
        return collect(indicator_count(), civiscore_model_indicator_id);
    }

    // The columns a dataset must have for this model.
    [[nodiscard]] std::vector<std::string> input_columns() const {
        return collect(civiscore_model_input_column_count(get()), civiscore_model_input_column);
    }

    // Grade bands, best first; result::grades() indexes into this list.
    [[nodiscard]] std::vector<std::string> grade_labels() const {
        return collect(civiscore_model_grade_count(get()), civiscore_model_grade_label);
    }

private:
    explicit model(civiscore_model* raw) : handle_(raw) {}

    // The C ABI answers -1 both for "root" and for "out of range"; keep the two apart.
    void require_node(std::size_t node) const {
        if (node >= node_count()) {
            throw error(CIVISCORE_ERROR_INVALID_ARGUMENT,
                        "node index " + std::to_string(node) + " out of range (model has " +
                            std::to_string(node_count()) + " nodes)");
        }
    }

    template <class Getter>
    [[nodiscard]] std::vector<std::string> collect(std::size_t n, Getter getter) const {
        std::vector<std::string> out;
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            out.push_back(detail::copy_string(getter(get(), i)));
        }
        return out;
    }

    std::unique_ptr<civiscore_model, detail::model_deleter> handle_;
};

// Units x columns of values (NaN = missing) with unit ids.
class dataset {
public:
    // An empty id_column means the default, "unit_id".
    [[nodiscard]] static dataset from_csv_file(const std::string& path,
                                               const std::string& id_column = {}) {
        civiscore_dataset* raw = nullptr;
        detail::check(civiscore_dataset_read_csv(path.c_str(), id_or_null(id_column), &raw));
        return dataset(raw);
    }

    [[nodiscard]] static dataset from_csv_string(std::string_view text,
                                                 const std::string& id_column = {}) {
        civiscore_dataset* raw = nullptr;
        detail::check(
            civiscore_dataset_parse_csv(text.data(), text.size(), id_or_null(id_column), &raw));
        return dataset(raw);
    }

    // A dense matrix of unit_count x column_ids.size() values in `order`. Empty unit_ids names the
    // units "1", "2", ... The values are copied.
    [[nodiscard]] static dataset from_matrix(const std::vector<double>& values,
                                             std::size_t unit_count,
                                             const std::vector<std::string>& column_ids,
                                             const std::vector<std::string>& unit_ids = {},
                                             layout order = layout::row_major) {
        if (values.size() != unit_count * column_ids.size()) {
            throw error(CIVISCORE_ERROR_INVALID_ARGUMENT,
                        "dataset::from_matrix: " + std::to_string(values.size()) +
                            " values for " + std::to_string(unit_count) + " units x " +
                            std::to_string(column_ids.size()) + " columns");
        }
        if (!unit_ids.empty() && unit_ids.size() != unit_count) {
            throw error(CIVISCORE_ERROR_INVALID_ARGUMENT,
                        "dataset::from_matrix: " + std::to_string(unit_ids.size()) +
                            " unit ids for " + std::to_string(unit_count) + " units");
        }
        return from_matrix(values.data(), unit_count, column_ids, unit_ids, order, 0);
    }

    // As above over a caller's buffer with `stride` elements between rows (row-major) or columns
    // (column-major); stride 0 means dense.
    [[nodiscard]] static dataset from_matrix(const double* values, std::size_t unit_count,
                                             const std::vector<std::string>& column_ids,
                                             const std::vector<std::string>& unit_ids,
                                             layout order, std::size_t stride) {
        const std::vector<const char*> columns = c_strings(column_ids);
        const std::vector<const char*> units = c_strings(unit_ids);
        civiscore_dataset* raw = nullptr;
        detail::check(civiscore_dataset_from_matrix(
            values, unit_count, column_ids.size(), static_cast<int>(order), stride,
            columns.data(), units.empty() ? nullptr : units.data(), &raw));
        return dataset(raw);
    }

    [[nodiscard]] const civiscore_dataset* get() const noexcept { return handle_.get(); }

    [[nodiscard]] std::size_t unit_count() const noexcept {
        return civiscore_dataset_unit_count(get());
    }
    [[nodiscard]] std::size_t column_count() const noexcept {
        return civiscore_dataset_column_count(get());
    }
    [[nodiscard]] std::vector<std::string> unit_ids() const {
        std::vector<std::string> out;
        out.reserve(unit_count());
        for (std::size_t i = 0; i < unit_count(); ++i) {
            out.push_back(detail::copy_string(civiscore_dataset_unit_id(get(), i)));
        }
        return out;
    }
    [[nodiscard]] std::vector<std::string> column_ids() const {
        std::vector<std::string> out;
        out.reserve(column_count());
        for (std::size_t i = 0; i < column_count(); ++i) {
            out.push_back(detail::copy_string(civiscore_dataset_column_id(get(), i)));
        }
        return out;
    }

private:
    explicit dataset(civiscore_dataset* raw) : handle_(raw) {}

    [[nodiscard]] static const char* id_or_null(const std::string& id_column) noexcept {
        return id_column.empty() ? nullptr : id_column.c_str();
    }

    [[nodiscard]] static std::vector<const char*> c_strings(const std::vector<std::string>& in) {
        std::vector<const char*> out;
        out.reserve(in.size());
        for (const std::string& s : in) {
            out.push_back(s.c_str());
        }
        return out;
    }

    std::unique_ptr<civiscore_dataset, detail::dataset_deleter> handle_;
};

// What fit learned from data for one model: reuse it to score later data on the same footing.
class fitted {
public:
    [[nodiscard]] static fitted fit(const model& m, const dataset& d, int n_threads = 0) {
        civiscore_fitted* raw = nullptr;
        detail::check(civiscore_fit(m.get(), d.get(), n_threads, &raw));
        return fitted(raw);
    }

    [[nodiscard]] static fitted from_json(const model& m, std::string_view json) {
        civiscore_fitted* raw = nullptr;
        detail::check(civiscore_fitted_from_json(m.get(), json.data(), json.size(), &raw));
        return fitted(raw);
    }

    [[nodiscard]] const civiscore_fitted* get() const noexcept { return handle_.get(); }

    [[nodiscard]] std::string to_json() const {
        return detail::read_snprintf([this](char* buf, std::size_t cap, std::size_t* len) {
            return civiscore_fitted_to_json(get(), buf, cap, len);
        });
    }

private:
    explicit fitted(civiscore_fitted* raw) : handle_(raw) {}

    std::unique_ptr<civiscore_fitted, detail::fitted_deleter> handle_;
};

// Scores, ranks and grades of one scoring run: units in dataset order, nodes in model order.
class result {
public:
    // Fits on `d` itself, then scores it.
    [[nodiscard]] static result score(const model& m, const dataset& d, int n_threads = 0) {
        return score(m, nullptr, d, n_threads);
    }

    [[nodiscard]] static result score(const model& m, const fitted& f, const dataset& d,
                                      int n_threads = 0) {
        return score(m, f.get(), d, n_threads);
    }

    [[nodiscard]] const civiscore_result* get() const noexcept { return handle_.get(); }

    [[nodiscard]] std::size_t unit_count() const noexcept {
        return civiscore_result_unit_count(get());
    }
    [[nodiscard]] std::size_t node_count() const noexcept {
        return civiscore_result_node_count(get());
    }
    [[nodiscard]] std::string unit_id(std::size_t unit) const {
        return detail::copy_string(civiscore_result_unit_id(get(), unit));
    }
    [[nodiscard]] std::vector<std::string> unit_ids() const {
        std::vector<std::string> out;
        out.reserve(unit_count());
        for (std::size_t i = 0; i < unit_count(); ++i) {
            out.push_back(unit_id(i));
        }
        return out;
    }

    // Scores of one node per unit, NaN where it could not be scored. Node 0 is the root.
    [[nodiscard]] std::vector<double> node_scores(std::size_t node) const {
        std::vector<double> out(unit_count());
        detail::check(civiscore_result_node_scores(get(), node, out.data(), out.size()));
        return out;
    }
    [[nodiscard]] std::vector<double> root_scores() const { return node_scores(0); }

    [[nodiscard]] std::vector<double> node_coverage(std::size_t node) const {
        std::vector<double> out(unit_count());
        detail::check(civiscore_result_node_coverage(get(), node, out.data(), out.size()));
        return out;
    }

    // Every score as a dense units x nodes matrix in `order`.
    [[nodiscard]] std::vector<double> scores(layout order = layout::row_major) const {
        std::vector<double> out(unit_count() * node_count());
        detail::check(
            civiscore_result_scores(get(), static_cast<int>(order), out.data(), out.size()));
        return out;
    }

    [[nodiscard]] std::vector<unit_status> statuses() const {
        std::vector<int> raw(unit_count());
        detail::check(civiscore_result_statuses(get(), raw.data(), raw.size()));
        std::vector<unit_status> out;
        out.reserve(raw.size());
        for (int s : raw) {
            out.push_back(static_cast<unit_status>(s));
        }
        return out;
    }

    // 1 = best, ties share the lowest rank, 0 = unranked.
    [[nodiscard]] std::vector<std::int64_t> ranks() const {
        std::vector<std::int64_t> out(unit_count());
        detail::check(civiscore_result_ranks(get(), out.data(), out.size()));
        return out;
    }

    // Index into model::grade_labels(), -1 = no grade.
    [[nodiscard]] std::vector<int> grades() const {
        std::vector<int> out(unit_count());
        detail::check(civiscore_result_grades(get(), out.data(), out.size()));
        return out;
    }

    // Effective weight of every indicator in the root score, in model indicator order.
    [[nodiscard]] std::vector<double> effective_weights() const {
        std::vector<double> out(indicator_count_);
        detail::check(civiscore_result_effective_weights(get(), out.data(), out.size()));
        return out;
    }

    [[nodiscard]] std::string model_sha256() const {
        return detail::copy_string(civiscore_result_model_sha256(get()));
    }
    [[nodiscard]] std::string fitted_sha256() const {
        return detail::copy_string(civiscore_result_fitted_sha256(get()));
    }

    [[nodiscard]] std::string to_string(format f) const {
        return detail::read_snprintf([this, f](char* buf, std::size_t cap, std::size_t* len) {
            return civiscore_result_write_string(get(), static_cast<int>(f), buf, cap, len);
        });
    }

    void write_file(format f, const std::string& path) const {
        detail::check(civiscore_result_write_file(get(), static_cast<int>(f), path.c_str()));
    }

private:
    result(civiscore_result* raw, std::size_t indicator_count)
        : handle_(raw), indicator_count_(indicator_count) {}

    [[nodiscard]] static result score(const model& m, const civiscore_fitted* f, const dataset& d,
                                      int n_threads) {
        civiscore_result* raw = nullptr;
        detail::check(civiscore_score(m.get(), f, d.get(), n_threads, &raw));
        // The C result does not know its model's indicator count; keep it for effective_weights().
        return result(raw, m.indicator_count());
    }

    std::unique_ptr<civiscore_result, detail::result_deleter> handle_;
    std::size_t indicator_count_;
};

// Free-function spellings of the common calls.
[[nodiscard]] inline fitted fit(const model& m, const dataset& d, int n_threads = 0) {
    return fitted::fit(m, d, n_threads);
}
[[nodiscard]] inline result score(const model& m, const dataset& d, int n_threads = 0) {
    return result::score(m, d, n_threads);
}
[[nodiscard]] inline result score(const model& m, const fitted& f, const dataset& d,
                                  int n_threads = 0) {
    return result::score(m, f, d, n_threads);
}

}  // namespace civiscore::api

#endif  // CIVISCORE_HPP
