// The unit-id check in parallel, for freshly read CSV files and every scoring run. The serial
// check_unit_ids is a good part of reading or scoring a million-row data set; here the ids are hashed in
// parallel, spread over hash partitions in row order, and each partition is checked on its own
// with an open-addressing table. That only decides WHETHER an id is empty or repeated: if one is,
// check_unit_ids runs to name the first offender exactly as it always has.
#include <civiscore/data.hpp>

#include "data/unit_id_rules.hpp"
#include "util/huge_pages.hpp"
#include "util/parallel.hpp"

#include <algorithm>
#include <functional>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace {

constexpr std::size_t no_index = static_cast<std::size_t>(-1);
constexpr std::size_t serial_below = 1 << 14;  // small datasets: the plain check is as fast
constexpr int partition_bits = 8;  // 4,000 ids per partition at 10^6: each table stays in L2
constexpr std::size_t n_partitions = std::size_t{1} << partition_bits;
constexpr std::size_t rows_per_block = 1 << 16;

[[nodiscard]] std::size_t partition_of(std::size_t hash) noexcept {
    return hash >> (sizeof(std::size_t) * 8 - partition_bits);
}

struct hashed_row {
    std::size_t hash, row;
};

// True when the rows of one partition (in row order) hold a repeated id. The table keeps each
// row's hash beside it, so only equal hashes look at the strings.
[[nodiscard]] bool has_repeat(const dataset& d, const hashed_row* rows, std::size_t count) {
    std::size_t size = 16;
    while (size < 2 * count)
        size <<= 1;
    // One table per thread, reused: a fresh 128 KB table per partition is an mmap, 32 page faults
    // and a munmap each time.
    thread_local std::vector<hashed_row> table;
    table.assign(size, hashed_row{0, no_index});
    const std::size_t mask = size - 1;
    for (std::size_t r = 0; r < count; ++r) {
        const hashed_row& e = rows[r];
        for (std::size_t slot = e.hash & mask;; slot = (slot + 1) & mask) {
            const hashed_row& other = table[slot];
            if (other.row == no_index) {
                table[slot] = e;
                break;
            }
            if (other.hash == e.hash && d.unit_ids[other.row] == d.unit_ids[e.row])
                return true;
        }
    }
    return false;
}

}  // namespace

void check_unit_ids(const dataset& d, int n_threads) {
    const std::size_t n = d.unit_ids.size();
    if (n < serial_below) {
        check_unit_ids(d);
        return;
    }
    const std::size_t n_blocks = (n + rows_per_block - 1) / rows_per_block;
    std::vector<std::size_t> hashes;
    reserve_huge(hashes, n);
    hashes.resize(n);
    // counts[b * n_partitions + p]: rows of block b in partition p; then where they go.
    std::vector<std::size_t> counts(n_blocks * n_partitions, 0);
    std::vector<char> block_has_empty(n_blocks, 0);
    parallel_for_blocks(n_blocks, n_threads, [&](std::size_t b) {
        const std::size_t end = std::min(n, (b + 1) * rows_per_block);
        for (std::size_t i = b * rows_per_block; i < end; ++i) {
            const std::string& id = d.unit_ids[i];
            if (malformed_unit_id(id))
                block_has_empty[b] = 1;
            hashes[i] = std::hash<std::string_view>{}(id);
            ++counts[b * n_partitions + partition_of(hashes[i])];
        }
    });
    if (std::find(block_has_empty.begin(), block_has_empty.end(), 1) != block_has_empty.end()) {
        check_unit_ids(d);  // throws, naming the first empty or NUL-holding (or earlier repeated) id
        return;
    }
    // Partition p holds its rows block by block, so each partition lists its rows in row order.
    std::vector<std::size_t> partition_begin(n_partitions + 1, 0);
    std::size_t offset = 0;
    for (std::size_t p = 0; p < n_partitions; ++p) {
        partition_begin[p] = offset;
        for (std::size_t b = 0; b < n_blocks; ++b) {
            const std::size_t c = counts[b * n_partitions + p];
            counts[b * n_partitions + p] = offset;
            offset += c;
        }
    }
    partition_begin[n_partitions] = offset;
    std::vector<hashed_row> rows;
    reserve_huge(rows, n);
    rows.resize(n);
    parallel_for_blocks(n_blocks, n_threads, [&](std::size_t b) {
        std::size_t* next = counts.data() + b * n_partitions;
        const std::size_t end = std::min(n, (b + 1) * rows_per_block);
        for (std::size_t i = b * rows_per_block; i < end; ++i)
            rows[next[partition_of(hashes[i])]++] = {hashes[i], i};
    });
    std::vector<char> repeat(n_partitions, 0);
    parallel_for_blocks(n_partitions, n_threads, [&](std::size_t p) {
        repeat[p] = has_repeat(d, rows.data() + partition_begin[p],
                               partition_begin[p + 1] - partition_begin[p]);
    });
    if (std::find(repeat.begin(), repeat.end(), 1) != repeat.end())
        check_unit_ids(d);  // throws, naming the first repeat and where the id was first seen
}

}  // namespace v0
}  // namespace civiscore
