// The HTML report: one UTF-8 file, the report document embedded as JSON and drawn by inline
// vanilla JavaScript (sections, SVG charts, the sortable ranking, one scorecard per unit). Keeping
// the numbers in one JSON blob keeps the file small (about 1 MB for 360 units) and the layout in
// one place; the page needs no network and no asset besides itself.
#include <civiscore/report/report.hpp>

#include <civiscore/error.hpp>

#include "io/report/report_internal.hpp"
#include "util/sha256.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace civiscore {
inline namespace v0 {
namespace report {
namespace {

// JSON inside <script>: '<' only occurs in strings, where \u003c is the same character, so no
// "</script>" or "<!--" in the data can end the element early.
std::string script_safe(const std::string& json_text) {
    std::string out;
    out.reserve(json_text.size() + 64);
    for (char c : json_text) {
        if (c == '<') out += "\\u003c";
        else out += c;
    }
    return out;
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

std::string write_html(const result& r, const dataset* data, const options& o) {
    const std::string doc = document_json(r, data, o);
    const auto title = nlohmann::json::parse(doc)["title"].get<std::string>();
    std::string html;
    html.reserve(doc.size() + 64 * 1024);
    html += "<!DOCTYPE html>\n<html lang=\"";
    html += o.lang == "en" ? "en" : "zh-CN";
    html += "\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"civiscore report\">\n"
            // An inline empty icon: otherwise the browser asks the server for /favicon.ico.
            "<link rel=\"icon\" href=\"data:,\">\n<title>";
    html += html_escape(title);
    html += "</title>\n<style>\n";
    html += html_css();
    html += "</style>\n</head>\n<body>\n"
            "<noscript><p class=\"noscript\">This report is drawn by JavaScript from the data "
            "embedded in this file; enable JavaScript to read it. 本报告由页面内嵌数据生成，请启用 JavaScript。</p></noscript>\n"
            "<main id=\"report\"></main>\n<script type=\"application/json\" id=\"cs-strings\">";
    html += html_strings(o.lang);
    html += "</script>\n<script type=\"application/json\" id=\"cs-data\">";
    html += script_safe(doc);
    html += "</script>\n<script>\n";
    html += html_js();
    html += "</script>\n</body>\n</html>\n";
    return html;
}

options options_from_json(std::string_view json_text) {
    using json = nlohmann::json;
    options o;
    if (json_text.empty()) return o;
    json j;
    try {
        j = json::parse(json_text);
    } catch (const json::parse_error& e) {
        throw invalid_argument_error(std::string("report options: malformed JSON: ") + e.what());
    }
    if (!j.is_object()) throw invalid_argument_error("report options: must be a JSON object");
    auto str = [&](const std::string& key) {
        if (!j[key].is_string()) throw invalid_argument_error("report options: /" + key + " must be a string");
        return j[key].get<std::string>();
    };
    // A blob may be given as a JSON value or as its text.
    auto blob = [&](const std::string& key) {
        return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
    };
    for (const auto& [key, value] : j.items()) {
        if (key == "lang") o.lang = str(key);
        else if (key == "title") o.title = str(key);
        else if (key == "label_column") o.label_column = str(key);
        else if (key == "data_name") o.data_name = str(key);
        else if (key == "data_sha256") o.data_sha256 = str(key);
        else if (key == "date") o.date = str(key);
        else if (key == "format") (void)str(key);  // read by the callers that choose the writer
        else if (key == "data_file") {
            const std::string path = str(key);
            std::ifstream in(path, std::ios::binary);
            if (!in) throw io_error("report options: /data_file: cannot read '" + path + "'");
            std::ostringstream ss;
            ss << in.rdbuf();
            o.data_sha256 = sha256_hex(ss.str());
            if (o.data_name.empty()) o.data_name = path.substr(path.find_last_of('/') + 1);
        } else if (key == "group_columns") {
            if (!value.is_array()) throw invalid_argument_error("report options: /group_columns must be an array of strings");
            o.group_columns_given = true;
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (!value[i].is_string()) {
                    throw invalid_argument_error("report options: /group_columns/" + std::to_string(i) + " must be a string");
                }
                o.group_columns.push_back(value[i].get<std::string>());
            }
        } else if (key == "assessment") o.assessment_json = blob(key);
        else if (key == "checks") o.checks_json = blob(key);
        else if (key == "previous") o.previous_json = blob(key);
        else if (key == "sensitivity") o.sensitivity_json = blob(key);
        else throw invalid_argument_error("report options: unknown key /" + key);
    }
    if (o.lang != "zh" && o.lang != "en") {
        throw invalid_argument_error("report options: /lang must be \"zh\" or \"en\", got \"" + o.lang + "\"");
    }
    return o;
}

}  // namespace report
}  // namespace v0
}  // namespace civiscore
