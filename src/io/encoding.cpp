// GBK / GB18030 to UTF-8 through glibc's iconv (Debian's libc ships both converters), so no code
// table is carried here. iconv stops at the first undecodable sequence, which is exactly the place a
// user needs to see.
#include <civiscore/error.hpp>
#include <civiscore/io/encoding.hpp>

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace civiscore {
inline namespace v0 {

namespace {

[[nodiscard]] std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

struct iconv_closer {
    void operator()(void* cd) const noexcept { iconv_close(static_cast<iconv_t>(cd)); }
};

// Line and character column of the failure: the line counts newlines of the input read so far; the
// column counts UTF-8 characters already produced on that line (editors show characters, not bytes).
[[nodiscard]] std::string place_of(std::string_view input, std::size_t bad, std::string_view produced) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < bad; ++i)
        if (input[i] == '\n') ++line;
    const std::size_t nl = produced.rfind('\n');
    const std::size_t start = nl == std::string_view::npos ? 0 : nl + 1;
    std::size_t col = 1;
    for (std::size_t i = start; i < produced.size(); ++i)
        if ((static_cast<unsigned char>(produced[i]) & 0xC0) != 0x80) ++col;
    return std::to_string(line) + ":" + std::to_string(col);
}

[[nodiscard]] std::string hex_bytes(std::string_view input, std::size_t at, std::size_t n) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = at; i < input.size() && i < at + n; ++i) {
        const auto b = static_cast<unsigned char>(input[i]);
        if (!out.empty()) out += ' ';
        out += "0x";
        out += hex[b >> 4];
        out += hex[b & 0xF];
    }
    return out;
}

}  // namespace

text_encoding parse_encoding(std::string_view name) {
    const std::string n = lower(name);
    if (n == "utf-8" || n == "utf8") return text_encoding::utf8;
    if (n == "gbk" || n == "cp936") return text_encoding::gbk;
    if (n == "gb18030") return text_encoding::gb18030;
    throw invalid_argument_error("unknown encoding '" + std::string(name) + "' (known: utf-8, gbk, gb18030)");
}

const char* encoding_name(text_encoding e) noexcept {
    switch (e) {
        case text_encoding::utf8: return "utf-8";
        case text_encoding::gbk: return "gbk";
        case text_encoding::gb18030: return "gb18030";
    }
    return "utf-8";
}

std::string to_utf8(std::string_view text, text_encoding from, const std::string& source) {
    if (from == text_encoding::utf8 || text.substr(0, 3) == "\xEF\xBB\xBF") return std::string(text);
    const char* name = from == text_encoding::gbk ? "GBK" : "GB18030";
    iconv_t raw = iconv_open("UTF-8", name);
    if (raw == reinterpret_cast<iconv_t>(-1))
        throw io_error(std::string("this system's iconv cannot decode ") + encoding_name(from) + ": " +
                       std::strerror(errno));
    const std::unique_ptr<void, iconv_closer> cd(raw);

    std::string out;
    out.resize(text.size() * 3 / 2 + 16);  // GBK's 2 bytes per Han character become 3 in UTF-8
    char* in = const_cast<char*>(text.data());  // iconv's signature is not const-correct
    std::size_t in_left = text.size();
    std::size_t written = 0;
    while (in_left > 0) {
        char* dst = out.data() + written;
        std::size_t out_left = out.size() - written;
        const std::size_t rc = iconv(raw, &in, &in_left, &dst, &out_left);
        written = out.size() - out_left;
        if (rc != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        const auto bad = static_cast<std::size_t>(in - text.data());
        const std::string where = source + ":" + place_of(text, bad, std::string_view(out.data(), written));
        if (errno == EINVAL)
            throw data_error(where + ": the file ends inside a " + std::string(encoding_name(from)) +
                             " character (byte " + hex_bytes(text, bad, 4) + "); is the file truncated?");
        // The lead byte, and the byte after it unless that is a control character (a line end).
        const bool pair = bad + 1 < text.size() && static_cast<unsigned char>(text[bad + 1]) >= 0x20;
        throw data_error(where + ": bytes " + hex_bytes(text, bad, pair ? 2 : 1) + " are not valid " +
                         encoding_name(from) + " (is the file in another encoding? utf-8, gbk and gb18030 are read)");
    }
    out.resize(written);
    return out;
}

}  // namespace v0
}  // namespace civiscore
