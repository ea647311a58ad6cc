// Streaming CSV records (RFC 4180: quotes, "" escapes, LF or CRLF, a UTF-8 BOM) from a file read in
// 4 MiB chunks, or from text in memory. Only the chunk being parsed is held, so a log of any length
// is read in constant memory.
#pragma once

#include <civiscore/logs.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace civiscore::inline v0::logs {

class record_stream {
public:
    explicit record_stream(const input& in);
    // Start at byte `offset` of the file or text (a record boundary), numbering lines from `first_line`.
    record_stream(const input& in, std::uint64_t offset, std::size_t first_line);
    ~record_stream();
    record_stream(const record_stream&) = delete;
    record_stream& operator=(const record_stream&) = delete;

    // The next non-blank record; false at the end. Fields are valid until the next call.
    // data_error (file:line) on an unterminated quote or text after a closing quote.
    bool next(std::vector<std::string_view>& fields);
    // The line on which the last record returned starts (1-based).
    [[nodiscard]] std::size_t line() const noexcept { return record_line_; }
    [[nodiscard]] const std::string& label() const noexcept { return label_; }
    // Byte offset (in the file or text) of the first byte not yet consumed, and its line.
    [[nodiscard]] std::uint64_t offset() const noexcept { return base_ + pos_; }
    [[nodiscard]] std::size_t next_line() const noexcept { return line_; }

private:
    std::string label_;
    std::FILE* file_ = nullptr;
    bool eof_ = false;
    std::string owned_;        // file mode: the current chunk
    std::string_view text_;    // what is being parsed (owned_ or the caller's text)
    std::size_t pos_ = 0;
    std::uint64_t base_ = 0;   // offset of text_[0] in the file or text
    std::size_t line_ = 1, record_line_ = 0;
    std::string scratch_;      // unescaped quoted fields

    bool refill();  // keep text_[pos_..] and append the next chunk; false if nothing more was read
    bool parse_quoted(std::vector<std::string_view>& fields, std::size_t& consumed, std::size_t& lines);
};

}  // namespace civiscore::inline v0::logs
