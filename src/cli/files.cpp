#include "cli/files.hpp"

#include <civiscore/error.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace civiscore::cli {
namespace {

std::string reason() { return errno != 0 ? std::strerror(errno) : "unknown error"; }

}  // namespace

std::string read_text_file(const std::string& path) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error("cannot open '" + path + "': " + reason());
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw io_error("cannot read '" + path + "': " + reason());
    return std::move(buf).str();
}

void write_output(const std::string& path, std::string_view text) {
    if (path.empty()) {
        errno = 0;
        const bool ok = std::fwrite(text.data(), 1, text.size(), stdout) == text.size() &&
                        std::fflush(stdout) == 0;
        if (!ok) throw io_error("cannot write to standard output: " + reason());
        return;
    }
    errno = 0;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw io_error("cannot open '" + path + "' for writing: " + reason());
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw io_error("cannot write '" + path + "': " + reason());
}

bool stdout_is_terminal() noexcept { return ::isatty(STDOUT_FILENO) == 1; }

}  // namespace civiscore::cli
