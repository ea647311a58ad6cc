#include "capi/args.hpp"

#include <civiscore/error.hpp>

#include <algorithm>
#include <cstring>

namespace civiscore::capi {

void throw_invalid(const std::string& message) { throw invalid_argument_error(message); }

void check_index(const char* fn, const char* what, std::size_t index, std::size_t count) {
    if (index >= count) {
        throw_invalid(std::string(fn) + ": " + what + " index " + std::to_string(index) +
                      " out of range (count " + std::to_string(count) + ")");
    }
}

void check_array(const char* fn, const void* out, std::size_t given, std::size_t expected,
                 const char* of_what) {
    if (given != expected) {
        throw_invalid(std::string(fn) + ": n is " + std::to_string(given) + " but " +
                      std::to_string(expected) + " " + of_what + " are expected");
    }
    if (out == nullptr && given > 0) throw_invalid(std::string(fn) + ": out is NULL");
}

std::string_view text_arg(const char* fn, const char* name, const char* text, std::size_t len) {
    require(text, fn, name);
    if (len == static_cast<std::size_t>(-1)) return std::string_view(text);
    return std::string_view(text, len);
}

void check_threads(const char* fn, int n_threads) {
    if (n_threads < 0) {
        throw_invalid(std::string(fn) + ": n_threads is " + std::to_string(n_threads) +
                      " (must be >= 0; 0 = all hardware threads)");
    }
}

void check_out_buffer(const char* fn, const char* buf, std::size_t cap) {
    if (buf == nullptr && cap > 0) {
        throw_invalid(std::string(fn) + ": buf is NULL but cap is " + std::to_string(cap) +
                      " (pass cap 0 to learn the length)");
    }
}

void copy_out(std::string_view text, char* buf, std::size_t cap, std::size_t* out_len) noexcept {
    if (buf != nullptr && cap > 0) {
        const std::size_t n = std::min(text.size(), cap - 1);
        std::memcpy(buf, text.data(), n);
        buf[n] = '\0';
    }
    if (out_len != nullptr) *out_len = text.size();
}

void copy_out_ids(const std::vector<std::string>& ids, char* buf, std::size_t cap,
                  std::size_t* out_len) noexcept {
    std::size_t size = 0;
    for (const auto& id : ids) size += id.size() + 1;
    if (buf != nullptr && cap > 0) {
        // Ids and their NULs up to cap - 1 bytes, then the terminating NUL, as snprintf would.
        std::size_t room = std::min(size, cap - 1);
        char* at = buf;
        for (const auto& id : ids) {
            if (room == 0) break;
            const std::size_t n = std::min(id.size(), room);
            std::memcpy(at, id.data(), n);
            at += n;
            room -= n;
            if (room == 0) break;
            *at++ = '\0';
            --room;
        }
        *at = '\0';
    }
    if (out_len != nullptr) *out_len = size;
}

nlohmann::json options_object(const char* fn, const char* options_json) {
    if (options_json == nullptr || *options_json == '\0') return nullptr;
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(options_json);
    } catch (const nlohmann::json::parse_error& e) {
        throw_invalid(std::string(fn) + ": options_json is not valid JSON: " + e.what());
    }
    if (!doc.is_object()) throw_invalid(std::string(fn) + ": options_json must be a JSON object, got " + doc.dump());
    return doc;
}

}  // namespace civiscore::capi
