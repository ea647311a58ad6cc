// Stable LSD radix sort of (key, payload) pairs by key: the ranks of a million scores and the
// duplicate check of a million unit ids in milliseconds, where a comparison sort takes a tenth of a
// second. Stable, so equal keys keep their input order, exactly as std::stable_sort would.
#pragma once

#include <algorithm>
#include <array>
#include <memory>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace civiscore {
inline namespace v0 {

// (key, payload). A plain aggregate, so scratch arrays of it are not zeroed before use.
struct keyed {
    std::uint64_t first;   // the key
    std::uint64_t second;  // the payload (a row)
    friend bool operator==(const keyed&, const keyed&) = default;
};

inline void radix_sort(std::vector<keyed>& v) {
    constexpr int digit_bits = 11;
    constexpr std::size_t buckets = std::size_t{1} << digit_bits;
    constexpr int passes = (64 + digit_bits - 1) / digit_bits;
    if (v.size() < 2) return;
    // Every pass's histogram in one read; a digit that is the same for every key needs no pass.
    std::vector<std::array<std::size_t, buckets>> count(passes);
    for (auto& c : count) c.fill(0);
    for (const keyed& e : v)
        for (int p = 0; p < passes; ++p) ++count[static_cast<std::size_t>(p)][(e.first >> (p * digit_bits)) & (buckets - 1)];
    const auto tmp_owner = std::make_unique_for_overwrite<keyed[]>(v.size());  // every slot written before read
    keyed* src = v.data();
    keyed* dst = tmp_owner.get();
    const std::size_t n = v.size();
    for (int p = 0; p < passes; ++p) {
        auto& c = count[static_cast<std::size_t>(p)];
        const std::size_t first = (src[0].first >> (p * digit_bits)) & (buckets - 1);
        if (c[first] == n) continue;
        std::size_t sum = 0;
        for (auto& x : c) {
            const std::size_t k = x;
            x = sum;
            sum += k;
        }
        for (std::size_t i = 0; i < n; ++i) dst[c[(src[i].first >> (p * digit_bits)) & (buckets - 1)]++] = src[i];
        std::swap(src, dst);
    }
    if (src != v.data()) std::copy(src, src + n, v.data());
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
