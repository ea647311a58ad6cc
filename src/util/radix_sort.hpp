// Stable LSD radix sort by an unsigned key: the ranks of a million scores and the duplicate check of
// a million unit ids in milliseconds, where a comparison sort takes a tenth of a second. Stable, so
// equal keys keep their input order, exactly as std::stable_sort would.
#pragma once

#include <algorithm>
#include <array>
#include <memory>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "util/huge_pages.hpp"
#include "util/parallel.hpp"

namespace civiscore {
inline namespace v0 {

// (key, payload). A plain aggregate, so scratch arrays of it are not zeroed before use.
struct keyed {
    std::uint64_t first;   // the key
    std::uint64_t second;  // the payload (a row)
    friend bool operator==(const keyed&, const keyed&) = default;
};

// Sort v by key_of(element) (an unsigned integer below 2^key_bits). n_threads > 1 splits each pass
// into that many consecutive parts, each with its own bucket offsets (part t's keys of a digit go
// after part t-1's), so the order is the one-thread order.
template <class T, class KeyOf>
void radix_sort(std::vector<T>& v, KeyOf key_of, int key_bits, int n_threads = 1) {
    constexpr int digit_bits = 11;
    constexpr std::size_t buckets = std::size_t{1} << digit_bits;
    const int passes = (key_bits + digit_bits - 1) / digit_bits;
    const std::size_t n = v.size();
    if (n < 2) return;
    const std::size_t parts = n < (std::size_t{1} << 16) ? 1 : std::min<std::size_t>(static_cast<std::size_t>(resolve_threads(n_threads)), 16);
    auto range = [&](std::size_t t) { return std::pair{n * t / parts, n * (t + 1) / parts}; };
    std::vector<std::array<std::size_t, buckets>> count(parts);
    const auto tmp_owner = std::make_unique_for_overwrite<T[]>(n);  // every slot written before read
    advise_huge_pages(tmp_owner.get(), n * sizeof(T));
    T* src = v.data();
    T* dst = tmp_owner.get();
    for (int p = 0; p < passes; ++p) {
        auto digit = [&key_of, shift = p * digit_bits](const T& e) { return (key_of(e) >> shift) & (buckets - 1); };
        parallel_for_blocks(parts, n_threads, [&](std::size_t t) {
            auto& c = count[t];
            c.fill(0);
            const auto [begin, end] = range(t);
            for (std::size_t i = begin; i < end; ++i) ++c[digit(src[i])];
        });
        // A digit that is the same for every key needs no pass.
        const std::size_t first = digit(src[0]);
        std::size_t with_first = 0;
        for (const auto& c : count) with_first += c[first];
        if (with_first == n) continue;
        std::size_t sum = 0;
        for (std::size_t b = 0; b < buckets; ++b)
            for (auto& c : count) {
                const std::size_t k = c[b];
                c[b] = sum;
                sum += k;
            }
        parallel_for_blocks(parts, n_threads, [&](std::size_t t) {
            auto& c = count[t];
            const auto [begin, end] = range(t);
            for (std::size_t i = begin; i < end; ++i) dst[c[digit(src[i])]++] = src[i];
        });
        std::swap(src, dst);
    }
    if (src != v.data()) std::copy(src, src + n, v.data());
}

inline void radix_sort(std::vector<keyed>& v, int n_threads = 1) {
    radix_sort(v, [](const keyed& e) { return e.first; }, 64, n_threads);
}

// A key whose unsigned order is the order of the doubles (not NaN; -0 and +0 map alike).
inline std::uint64_t order_key(double x) noexcept {
    if (x == 0) x = 0;  // -0.0 == +0.0
    std::uint64_t u;
    static_assert(sizeof u == sizeof x);
    __builtin_memcpy(&u, &x, sizeof u);
    return (u >> 63) != 0 ? ~u : u | (std::uint64_t{1} << 63);
}

}  // namespace v0
}  // namespace civiscore
