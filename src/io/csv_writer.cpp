#include <civiscore/io/csv_writer.hpp>

#include <charconv>
#include <cmath>

namespace civiscore {
inline namespace v0 {
namespace {

void put_text(std::string& out, const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos && (s.empty() || (s.front() != ' ' && s.back() != ' '))) {
        out += s;
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void put_number(std::string& out, double v) {
    if (std::isnan(v)) return;  // missing: an empty cell
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
    out.append(buf, ec == std::errc{} ? end : buf);
}

}  // namespace

std::string dataset_to_csv(const dataset& d, const std::string& id_column) {
    std::string out;
    put_text(out, id_column);
    for (const column& c : d.columns) {
        out += ',';
        put_text(out, c.id);
    }
    out += '\n';
    for (std::size_t u = 0; u < d.unit_count(); ++u) {
        put_text(out, d.unit_ids[u]);
        for (const column& c : d.columns) {
            out += ',';
            if (c.numeric) put_number(out, c.values[u]);
            else put_text(out, c.text[u]);
        }
        out += '\n';
    }
    return out;
}

}  // namespace v0
}  // namespace civiscore
