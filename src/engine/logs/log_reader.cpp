#include "engine/logs/log_reader.hpp"

#include <civiscore/error.hpp>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace civiscore::inline v0::logs {
namespace {
constexpr std::size_t chunk_bytes = std::size_t{4} << 20;
}

record_stream::record_stream(const input& in) {
    if (in.in_memory) {
        label_ = in.label.empty() ? "<" + in.name + ">" : in.label;
        text_ = in.text;
        eof_ = true;
    } else {
        label_ = in.path;
        file_ = std::fopen(in.path.c_str(), "rb");
        if (file_ == nullptr)
            throw io_error("cannot open log file '" + in.path + "': " + std::strerror(errno));
        refill();
    }
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

record_stream::record_stream(const input& in, std::uint64_t offset, std::size_t first_line) {
    line_ = first_line;
    base_ = offset;
    if (in.in_memory) {
        label_ = in.label.empty() ? "<" + in.name + ">" : in.label;
        text_ = std::string_view(in.text).substr(std::min<std::uint64_t>(offset, in.text.size()));
        eof_ = true;
    } else {
        label_ = in.path;
        file_ = std::fopen(in.path.c_str(), "rb");
        if (file_ == nullptr)
            throw io_error("cannot open log file '" + in.path + "': " + std::strerror(errno));
        if (fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0)
            throw io_error("cannot seek in log file '" + in.path + "': " + std::strerror(errno));
        refill();
    }
}

record_stream::~record_stream() {
    if (file_ != nullptr) std::fclose(file_);
}

bool record_stream::refill() {
    if (eof_) return false;
    base_ += pos_;
    std::string next;
    next.reserve(text_.size() - pos_ + chunk_bytes);
    next.append(text_.substr(pos_));
    const std::size_t keep = next.size();
    next.resize(keep + chunk_bytes);
    const std::size_t got = std::fread(next.data() + keep, 1, chunk_bytes, file_);
    if (got < chunk_bytes) {
        if (std::ferror(file_)) throw io_error("cannot read log file '" + label_ + "'");
        eof_ = true;
    }
    next.resize(keep + got);
    owned_ = std::move(next);
    text_ = owned_;
    pos_ = 0;
    return got > 0;
}

bool record_stream::next(std::vector<std::string_view>& fields) {
    for (;;) {
        fields.clear();
        if (pos_ >= text_.size() && !refill()) return false;
        const char* base = text_.data();
        const std::size_t n = text_.size();
        const void* nl = std::memchr(base + pos_, '\n', n - pos_);
        if (nl == nullptr && !eof_) {  // the record may continue in the next chunk
            refill();
            continue;
        }
        const std::size_t line_end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : n;
        std::string_view line = text_.substr(pos_, line_end - pos_);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find('"') == std::string_view::npos) {  // the common case: no quoting at all
            record_line_ = line_;
            pos_ = line_end + (nl ? 1 : 0);
            ++line_;
            if (line.empty()) continue;
            std::size_t start = 0;
            for (;;) {
                const std::size_t comma = line.find(',', start);
                if (comma == std::string_view::npos) {
                    fields.push_back(line.substr(start));
                    break;
                }
                fields.push_back(line.substr(start, comma - start));
                start = comma + 1;
            }
            return true;
        }
        std::size_t consumed = 0, lines = 0;
        if (!parse_quoted(fields, consumed, lines)) {  // a quoted field runs past the chunk
            if (eof_) throw data_error(label_ + ":" + std::to_string(line_) + ": a quoted field is not closed");
            refill();
            continue;
        }
        record_line_ = line_;
        pos_ += consumed;
        line_ += lines;
        return true;
    }
}

bool record_stream::parse_quoted(std::vector<std::string_view>& fields, std::size_t& consumed, std::size_t& lines) {
    // Unescaped fields are appended to scratch_; their views are made at the end, once scratch_ no
    // longer grows, so the work is proportional to the record, not to the chunk.
    const std::size_t n = text_.size();
    scratch_.clear();
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t i = pos_;
    lines = 1;
    const auto finish = [&](std::size_t end) {
        consumed = end - pos_;
        for (const auto& [start, len] : spans) fields.emplace_back(scratch_.data() + start, len);
        return true;
    };
    for (;;) {
        const std::size_t field_start = scratch_.size();
        if (i < n && text_[i] == '"') {
            ++i;
            for (;;) {
                if (i >= n) return false;
                const char c = text_[i];
                if (c == '"') {
                    if (i + 1 < n && text_[i + 1] == '"') {
                        scratch_ += '"';
                        i += 2;
                        continue;
                    }
                    if (i + 1 >= n && !eof_) return false;
                    ++i;
                    break;
                }
                if (c == '\n') ++lines;
                scratch_ += c;
                ++i;
            }
            if (i < n && text_[i] == '\r' && i + 1 < n && text_[i + 1] == '\n') ++i;
            if (i < n && text_[i] != ',' && text_[i] != '\n')
                throw data_error(label_ + ":" + std::to_string(line_ + lines - 1) +
                                 ": text after the closing quote of a field");
        } else {
            while (i < n && text_[i] != ',' && text_[i] != '\n') {
                if (text_[i] == '"')
                    throw data_error(label_ + ":" + std::to_string(line_ + lines - 1) +
                                     ": a quote inside an unquoted field");
                scratch_ += text_[i++];
            }
            if (scratch_.size() > field_start && scratch_.back() == '\r' && (i >= n || text_[i] == '\n'))
                scratch_.pop_back();
            if (i >= n && !eof_) return false;
        }
        spans.emplace_back(field_start, scratch_.size() - field_start);
        if (i >= n) return finish(i);
        if (text_[i] == '\n') return finish(i + 1);
        ++i;  // the comma
    }
}

}  // namespace civiscore::inline v0::logs
