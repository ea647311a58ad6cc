// Compact hash tables for log aggregation. std::unordered_set costs a heap node per entry (~40 bytes);
// ten million (unit, person) pairs would take gigabytes. These use open addressing over flat arrays.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace civiscore::inline v0::logs {

[[nodiscard]] inline std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

// Eight bytes at a time (ids are short: a byte-at-a-time hash is a chain of dependent multiplies),
// each word folded in with a multiply, then mix64. Only equality of whole strings decides a match.
[[nodiscard]] inline std::uint64_t hash_bytes(std::string_view s) noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15ull ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    if (n > 0) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * 0x94d049bb133111ebull;
    }
    return mix64(h);
}

// A set of 64-bit keys in one flat array: one cache line touched per lookup in the common case.
// The all-ones key marks empty slots and is tracked by a flag of its own.
class u64_set {
public:
    // True if `key` was not in the set before.
    bool insert(std::uint64_t key) {
        if (key == empty) {
            const bool added = !has_empty_key_;
            has_empty_key_ = true;
            size_ += added;
            return added;
        }
        if ((size_ + 1) * 4 > keys_.size() * 3) grow();
        return insert_no_grow(key);
    }
    [[nodiscard]] bool contains(std::uint64_t key) const noexcept {
        if (key == empty) return has_empty_key_;
        if (keys_.empty()) return false;
        const std::size_t mask = keys_.size() - 1;
        for (std::size_t i = mix64(key) & mask;; i = (i + 1) & mask) {
            if (keys_[i] == key) return true;
            if (keys_[i] == empty) return false;
        }
    }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::size_t bytes() const noexcept { return keys_.capacity() * 8; }

private:
    static constexpr std::uint64_t empty = ~std::uint64_t{0};
    std::vector<std::uint64_t> keys_;
    std::size_t size_ = 0;
    bool has_empty_key_ = false;

    bool insert_no_grow(std::uint64_t key) {
        const std::size_t mask = keys_.size() - 1;
        for (std::size_t i = mix64(key) & mask;; i = (i + 1) & mask) {
            if (keys_[i] == empty) {
                keys_[i] = key;
                ++size_;
                return true;
            }
            if (keys_[i] == key) return false;
        }
    }
    void grow() {
        std::vector<std::uint64_t> old = std::move(keys_);
        keys_.assign(old.empty() ? 64 : old.size() * 2, empty);
        size_ = has_empty_key_ ? 1 : 0;
        for (const std::uint64_t k : old)
            if (k != empty) insert_no_grow(k);
    }
};

// Interns strings as dense 32-bit ids (0, 1, 2, ... in order of first sight); the text lives in one
// arena. A slot holds the id and the full 64-bit hash, so a probe touches the arena only on a hash
// match. About 40 bytes per distinct string plus its text.
class interner {
public:
    static constexpr std::uint32_t none = 0xffffffffu;

    std::uint32_t intern(std::string_view s) { return intern(s, hash_bytes(s)); }
    // `h` must be hash_bytes(s): callers hash ahead so they can prefetch().
    std::uint32_t intern(std::string_view s, std::uint64_t h) {
        if ((offsets_.size() + 1) * 4 > slots_.size() * 3) grow();
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            slot& sl = slots_[i];
            if (sl.id == none) {
                const auto new_id = static_cast<std::uint32_t>(offsets_.size());
                offsets_.push_back(arena_.size());
                arena_.append(s);
                sl = {h, new_id};
                return new_id;
            }
            if (sl.hash == h && view(sl.id) == s) return sl.id;
        }
    }
    // The id of `s`, or `none`.
    [[nodiscard]] std::uint32_t find(std::string_view s) const noexcept { return find(s, hash_bytes(s)); }
    [[nodiscard]] std::uint32_t find(std::string_view s, std::uint64_t h) const noexcept {
        if (slots_.empty()) return none;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const slot& sl = slots_[i];
            if (sl.id == none) return none;
            if (sl.hash == h && view(sl.id) == s) return sl.id;
        }
    }
    // Start loading the slot a lookup of hash `h` probes first (the table is far larger than the cache).
    void prefetch(std::uint64_t h) const noexcept {
        if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
    }
    [[nodiscard]] std::string_view view(std::uint32_t id) const noexcept {
        const std::size_t begin = offsets_[id];
        const std::size_t end = id + 1 < offsets_.size() ? offsets_[id + 1] : arena_.size();
        return std::string_view(arena_).substr(begin, end - begin);
    }
    [[nodiscard]] std::size_t size() const noexcept { return offsets_.size(); }
    [[nodiscard]] std::size_t bytes() const noexcept {
        return arena_.capacity() + offsets_.capacity() * 8 + slots_.capacity() * sizeof(slot);
    }

private:
    struct slot {
        std::uint64_t hash = 0;
        std::uint32_t id = none;
    };
    std::string arena_;
    std::vector<std::size_t> offsets_;
    std::vector<slot> slots_;

    void grow() {
        std::vector<slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 64 : old.size() * 2, slot{});
        const std::size_t mask = slots_.size() - 1;
        for (const slot& sl : old) {
            if (sl.id == none) continue;
            std::size_t i = sl.hash & mask;
            while (slots_[i].id != none) i = (i + 1) & mask;
            slots_[i] = sl;
        }
    }
};

}  // namespace civiscore::inline v0::logs
