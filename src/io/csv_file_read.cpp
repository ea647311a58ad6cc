// Reading a big regular file with several threads: the kernel's copy into the buffer and the page
// faults of a fresh buffer are a large part of reading a CSV of hundreds of megabytes, and both
// spread over threads when blocks of the file are read with pread at their own offsets.
#include "io/csv_detail.hpp"

#include "util/parallel.hpp"

#include <atomic>
#include <cstdio>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#define CIVISCORE_HAVE_PREAD 1
#endif

namespace civiscore {
inline namespace v0 {
namespace csv_detail {

std::size_t read_file_parallel(std::FILE* file, char* buffer, std::size_t size, int n_threads) {
#ifdef CIVISCORE_HAVE_PREAD
    constexpr std::size_t block = std::size_t{1} << 20;  // big enough that a call costs nothing
    const int threads = resolve_threads(n_threads);
    if (threads > 1 && size > block) {
        const int fd = fileno(file);
        const std::size_t n_blocks = (size + block - 1) / block;
        std::atomic<bool> short_read{false};
        parallel_for_blocks(n_blocks, threads, [&](std::size_t b) {
            const std::size_t begin = b * block;
            const std::size_t end = std::min(size, begin + block);
            for (std::size_t at = begin; at < end;) {
                const ssize_t got = pread(fd, buffer + at, end - at, static_cast<off_t>(at));
                if (got <= 0) {  // an error or a file that shrank: the caller reads it again serially
                    short_read = true;
                    return;
                }
                at += static_cast<std::size_t>(got);
            }
        });
        if (short_read)
            return 0;
        if (std::fseek(file, static_cast<long>(size), SEEK_SET) != 0)
            return 0;
        return size;
    }
#else
    (void)n_threads;
#endif
    return std::fread(buffer, 1, size, file);
}

}  // namespace csv_detail
}  // namespace v0
}  // namespace civiscore
