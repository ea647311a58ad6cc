// `civiscore import-coinr --meta iMeta.csv`: the C++ port of examples/asem/coinr_to_model.py.
// Rows of Type "Indicator" become indicators (min-max onto [0, 100], "cost" where Direction < 0,
// "denominator" where Denominator is set), rows of Type "Aggregate" groups (weighted arithmetic,
// explicit weights); the one Aggregate without a Parent is the root. COINr's build_example_coin()
// pipeline becomes model defaults: group-mean imputation by --impute-group (default EurAsia_group)
// and the COINr outlier rule; --no-impute / --no-outliers leave a step out. Output keys keep the
// script's order (ordered_json) and its indent of 1, so both write the same bytes.
#include "cli/cmd_import_coinr.hpp"

#include <civiscore/error.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace civiscore::cli {
namespace {

using ojson = nlohmann::ordered_json;

// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> read_records(const std::string& text, const std::string& path) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false, any = false;
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            record.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) {
                record.push_back(std::move(field));
                records.push_back(std::move(record));
            }
            record.clear();
            field.clear();
            any = false;
            ++line;
        } else {
            field += c;
            any = true;
        }
    }
    if (quoted) throw io_error(path + ":" + std::to_string(line) + ": a quoted field is not closed");
    if (any || !field.empty()) {
        record.push_back(std::move(field));
        records.push_back(std::move(record));
    }
    return records;
}

[[noreturn]] void fail(const std::string& path, const std::string& message) {
    throw io_error("import-coinr: " + path + ": " + message);
}

double number(const std::string& text, const std::string& path, const std::string& what) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size()) fail(path, what + ": not a number: '" + text + "'");
    return v;
}

struct row {
    std::size_t line;
    std::map<std::string, std::string> cells;
    [[nodiscard]] std::string get(const std::string& key) const {
        auto it = cells.find(key);
        return it == cells.end() ? std::string() : it->second;
    }
};

ojson convert(const std::vector<row>& rows, const std::string& path, const std::string& impute_group, bool outliers,
              const std::string& id, const std::string& name) {
    std::map<std::string, ojson> nodes;
    std::vector<std::string> order;                              // iCodes in file order
    std::vector<std::pair<std::string, std::vector<std::string>>> by_parent;  // parents in first-seen order
    std::vector<std::string> roots;
    for (const row& r : rows) {
        const std::string kind = r.get("Type");
        if (kind != "Indicator" && kind != "Aggregate") continue;
        const std::string code = r.get("iCode");
        const std::string at = "line " + std::to_string(r.line);
        if (nodes.count(code)) fail(path, at + ": duplicate iCode '" + code + "'");
        ojson node;
        node["id"] = code;
        node["name"] = r.get("iName").empty() ? code : r.get("iName");
        const std::string weight = r.get("Weight");
        const double w = weight.empty() ? 1.0 : number(weight, path, at + " (" + code + ") Weight");
        if (!(w > 0)) fail(path, at + " (" + code + "): Weight must be > 0");
        node["weight"] = w;
        if (kind == "Indicator") {
            if (!r.get("Unit").empty()) node["unit"] = r.get("Unit");
            const std::string direction = r.get("Direction").empty() ? "1" : r.get("Direction");
            if (number(direction, path, at + " (" + code + ") Direction") < 0) node["direction"] = "cost";
            if (!r.get("Denominator").empty()) node["denominator"] = r.get("Denominator");
            node["rule"] = {{"type", "min_max"}, {"range", {0, 100}}};
        } else {
            node["aggregation"] = "arithmetic";
            node["weights"] = "explicit";
            node["children"] = ojson::array();
        }
        nodes[code] = std::move(node);
        order.push_back(code);
        const std::string parent = r.get("Parent");
        if (parent.empty()) {
            roots.push_back(code);
            continue;
        }
        auto it = std::find_if(by_parent.begin(), by_parent.end(), [&](const auto& p) { return p.first == parent; });
        if (it == by_parent.end()) by_parent.push_back({parent, {code}});
        else it->second.push_back(code);
    }
    if (roots.size() != 1) {
        std::string found;
        for (const auto& r : roots) found += (found.empty() ? "" : ", ") + r;
        fail(path, "need exactly one row without a Parent (the index), found " + std::to_string(roots.size()) +
                       (found.empty() ? "" : " (" + found + ")"));
    }
    for (const auto& [parent, children] : by_parent) {
        if (!nodes.count(parent) || !nodes[parent].contains("children"))
            fail(path, "Parent '" + parent + "' of '" + children.front() + "' is not an Aggregate row");
    }
    // Build bottom-up: a group takes its children once they are complete (children first in post-order).
    std::map<std::string, std::vector<std::string>> kids(by_parent.begin(), by_parent.end());
    std::function<ojson(const std::string&, int)> build = [&](const std::string& code, int depth) -> ojson {
        if (depth > static_cast<int>(order.size())) fail(path, "the Parent links form a cycle through '" + code + "'");
        ojson node = nodes[code];
        if (node.contains("children")) {
            auto it = kids.find(code);
            if (it == kids.end()) fail(path, "Aggregate '" + code + "' has no children");
            for (const auto& c : it->second) node["children"].push_back(build(c, depth + 1));
        }
        return node;
    };
    ojson root = build(roots.front(), 0);
    root.erase("weight");
    ojson model;
    model["civiscore_model"] = 1;
    model["id"] = id;
    model["name"] = name;
    model["description"] =
        "Converted from a COINr iMeta table by examples/asem/coinr_to_model.py: denominate, impute, treat outliers "
        "(COINr), min-max onto [0, 100] with direction, weighted arithmetic means re-normalised within each parent.";
    if (!impute_group.empty()) model["impute"] = {{"method", "group_mean"}, {"group_column", impute_group}};
    if (outliers) model["outliers"] = {{"method", "coinr"}, {"skew", 2}, {"kurtosis", 3.5}, {"max_winsorised", 5}};
    model["root"] = std::move(root);
    return model;
}

}  // namespace

int run_import_coinr(const invocation& inv) {
    const std::string path = inv.required("--meta");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error("import-coinr: cannot read " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte order mark
    const auto records = read_records(text, path);
    if (records.empty()) fail(path, "empty file (expected a header row)");
    const auto& header = records.front();
    std::vector<row> rows;
    for (std::size_t i = 1; i < records.size(); ++i) {
        row r;
        r.line = i + 1;
        for (std::size_t k = 0; k < header.size() && k < records[i].size(); ++k) r.cells[header[k]] = records[i][k];
        rows.push_back(std::move(r));
    }
    const std::string group = inv.option("--no-impute") ? "" : inv.option("--impute-group").value_or("EurAsia_group");
    const ojson model = convert(rows, path, group, !inv.option("--no-outliers"), inv.option("--id").value_or("asem"),
                                inv.option("--name").value_or("ASEM Sustainable Connectivity Portal (COINr example)"));
    const std::string out = model.dump(1) + "\n";
    if (auto file = inv.option("--out")) {
        std::ofstream o(*file, std::ios::binary);
        if (!(o << out)) throw io_error("import-coinr: cannot write " + *file);
    } else {
        std::cout << out;
    }
    return 0;
}

}  // namespace civiscore::cli
