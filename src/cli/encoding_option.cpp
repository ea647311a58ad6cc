#include "cli/encoding_option.hpp"

#include "cli/files.hpp"

#include <civiscore/error.hpp>

namespace civiscore::cli {

text_encoding encoding_of(const invocation& inv) {
    const auto e = inv.option("--encoding");
    if (!e) return text_encoding::utf8;
    try {
        return parse_encoding(*e);
    } catch (const invalid_argument_error& x) {
        throw usage_error(std::string("--encoding: ") + x.what());
    }
}

std::string read_text_utf8(const std::string& path, text_encoding e) {
    return to_utf8(read_text_file(path), e, path);
}

}  // namespace civiscore::cli
