// Long tables (ratings; panel data with a period column): rows may repeat a unit id, so the dataset's
// unit ids are the CSV line numbers and every column also keeps its cells as text.
#include <civiscore/assess/assessment.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include <fstream>
#include <sstream>

namespace civiscore {
inline namespace v0 {
namespace assess {
namespace {

// Split RFC 4180 text into records; each record remembers its first line.
struct record {
    std::size_t line;
    std::vector<std::string> fields;
};

std::vector<record> split(std::string_view t, const std::string& source) {
    if (t.size() >= 3 && t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
    std::vector<record> out;
    std::size_t i = 0, line = 1;
    while (i < t.size()) {
        record r{line, {}};
        std::string field;
        bool done = false;
        while (!done) {
            field.clear();
            if (i < t.size() && t[i] == '"') {
                ++i;
                for (;;) {
                    if (i >= t.size()) throw data_error(source + ":" + std::to_string(r.line) + ": unterminated quoted field");
                    if (t[i] == '"') {
                        if (i + 1 < t.size() && t[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (t[i] == '\n') ++line;
                    field += t[i++];
                }
            }
            while (i < t.size() && t[i] != ',' && t[i] != '\n' && t[i] != '\r') field += t[i++];
            r.fields.push_back(field);
            if (i >= t.size()) done = true;
            else if (t[i] == ',') ++i;
            else {
                if (t[i] == '\r') ++i;
                if (i < t.size() && t[i] == '\n') ++i;
                ++line;
                done = true;
            }
        }
        if (!(r.fields.size() == 1 && r.fields[0].empty())) out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

dataset parse_long_csv(std::string_view text, std::string source) {
    const auto records = split(text, source);
    if (records.empty()) throw data_error(source + ": no header line");
    dataset d;
    d.source = source;
    const auto& header = records[0].fields;
    for (std::size_t c = 0; c < header.size(); ++c) {
        for (std::size_t k = 0; k < c; ++k)
            if (header[k] == header[c]) throw data_error(source + ":1: column '" + header[c] + "' appears twice");
        column col;
        col.id = header[c];
        d.columns.push_back(std::move(col));
    }
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& rec = records[r];
        if (rec.fields.size() != header.size())
            throw data_error(source + ":" + std::to_string(rec.line) + ": " + std::to_string(rec.fields.size()) +
                             " fields, the header has " + std::to_string(header.size()));
        d.unit_ids.push_back(std::to_string(rec.line));
        d.unit_lines.push_back(rec.line);
        for (std::size_t c = 0; c < header.size(); ++c) {
            column& col = d.columns[c];
            double v = 0;
            if (!parse_cell(rec.fields[c], v)) {
                if (col.numeric) col.not_numeric_where = source + ":" + std::to_string(rec.line) + ":" + std::to_string(c + 1) + ": '" + rec.fields[c] + "'";
                col.numeric = false;
                v = NAN;
            }
            col.values.push_back(v);
            col.text.push_back(rec.fields[c]);
        }
    }
    return d;
}

dataset read_long_csv_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error("cannot open '" + path + "'");
    std::ostringstream s;
    s << in.rdbuf();
    return parse_long_csv(s.str(), path);
}

}  // namespace assess
}  // namespace v0
}  // namespace civiscore
