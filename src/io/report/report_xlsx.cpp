// The Excel workbook (libxlsxwriter): ranking with every node score, rectification lists,
// allocations and flags when given, and the model tree. Numbers are written as numbers at full
// precision (the test compares them with `civiscore score --format csv`), header rows are frozen,
// columns sized for Chinese text. Built only when CMake found libxlsxwriter (cmake/report.cmake).
#include <civiscore/report/report.hpp>

#include <civiscore/error.hpp>

#include "io/report/report_internal.hpp"

#include <nlohmann/json.hpp>

#ifdef CIVISCORE_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

#include <algorithm>
#include <cmath>
#include <numeric>

namespace civiscore {
inline namespace v0 {
namespace report {

#ifndef CIVISCORE_HAVE_XLSXWRITER

bool xlsx_supported() noexcept { return false; }

void write_xlsx(const result&, const dataset*, const options&, const std::string&) {
    throw invalid_argument_error(
        "report: this build of civiscore has no XLSX support (libxlsxwriter was not found when it "
        "was built); write HTML instead");
}

#else

namespace {

using json = nlohmann::ordered_json;

class sheet_writer {
public:
    sheet_writer(lxw_workbook* wb, lxw_worksheet* ws, lxw_format* header)
        : wb_(wb), ws_(ws), header_(header) {}

    void header(lxw_row_t row, const std::vector<std::string>& cells) {
        for (std::size_t c = 0; c < cells.size(); ++c) text(row, c, cells[c], header_);
    }
    void text(lxw_row_t row, std::size_t col, const std::string& s, lxw_format* f = nullptr) {
        check(worksheet_write_string(ws_, row, static_cast<lxw_col_t>(col), s.c_str(), f));
        widen(col, s);
    }
    // A number, or an empty cell for a missing one (never a text "NaN").
    void number(lxw_row_t row, std::size_t col, double x, lxw_format* f = nullptr) {
        if (std::isfinite(x)) check(worksheet_write_number(ws_, row, static_cast<lxw_col_t>(col), x, f));
    }
    void value(lxw_row_t row, std::size_t col, const json& v) {
        if (v.is_number()) number(row, col, v.get<double>());
        else if (v.is_string()) text(row, col, v.get<std::string>());
        else if (v.is_boolean()) check(worksheet_write_boolean(ws_, row, static_cast<lxw_col_t>(col), v.get<bool>(), nullptr));
    }
    // Column widths from the widest text (a CJK character counts as two), frozen header rows.
    void finish(lxw_row_t frozen_rows, std::size_t frozen_cols = 0) {
        for (std::size_t c = 0; c < widths_.size(); ++c) {
            const double w = std::clamp(widths_[c] + 2.0, 8.0, 48.0);
            check(worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w, nullptr));
        }
        worksheet_freeze_panes(ws_, frozen_rows, static_cast<lxw_col_t>(frozen_cols));
    }

private:
    void widen(std::size_t col, const std::string& s) {
        double w = 0;
        for (std::size_t i = 0; i < s.size();) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            w += len >= 3 ? 2.0 : 1.0;
            i += len;
        }
        if (widths_.size() <= col) widths_.resize(col + 1, 0.0);
        widths_[col] = std::max(widths_[col], w);
    }
    static void check(lxw_error e) {
        if (e != LXW_NO_ERROR) throw io_error(std::string("report: writing the workbook: ") + lxw_strerror(e));
    }
    lxw_workbook* wb_;
    lxw_worksheet* ws_;
    lxw_format* header_;
    std::vector<double> widths_;
};

}  // namespace

bool xlsx_supported() noexcept { return true; }

void write_xlsx(const result& r, const dataset* data, const options& o, const std::string& path) {
    const json doc = json::parse(document_json(r, data, o));
    const model& m = *r.model;
    const bool en = o.lang == "en";
    auto L = [&](const char* zh, const char* eng) { return std::string(en ? eng : zh); };

    lxw_workbook_options wo{};
    wo.constant_memory = LXW_FALSE;
    wo.tmpdir = nullptr;
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &wo);
    if (!wb) throw io_error("report: cannot create the workbook '" + path + "'");
    struct closer {
        lxw_workbook* wb;
        bool closed = false;
        ~closer() { if (!closed) workbook_close(wb); }
    } guard{wb};
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_bg_color(bold, 0xF3F4F6);
    format_set_bottom(bold, LXW_BORDER_THIN);

    const auto& units = doc["units"];
    const auto& nodes = doc["nodes"];
    std::vector<std::string> groups;
    for (const auto& g : doc["group_columns"]) groups.push_back(g.get<std::string>());

    // Ranking: the CSV's columns first (unit_id, status, every node, rank, grade) so a program can
    // read it like the CSV, then the unit's label and group columns; a second header row names the
    // nodes. Rows by rank, unscored units last (in input order).
    {
        lxw_worksheet* ws = workbook_add_worksheet(wb, L("排名", "ranking").c_str());
        sheet_writer w(wb, ws, bold);
        std::vector<std::string> ids{"unit_id", "status"}, names{L("编号", "ID"), L("状态", "status")};
        for (const auto& n : nodes) {
            ids.push_back(n["id"].get<std::string>());
            names.push_back(n["name"].get<std::string>());
        }
        ids.insert(ids.end(), {"rank", "grade", "coverage", "name"});
        names.insert(names.end(), {L("排名", "rank"), L("等级", "grade"), L("数据覆盖率", "coverage"), L("名称", "name")});
        for (const auto& g : groups) { ids.push_back(g); names.push_back(g); }
        const bool prev = doc["has_previous"].get<bool>();
        if (prev) {
            ids.insert(ids.end(), {"change", "previous_rank"});
            names.insert(names.end(), {L("较上期", "change"), L("上期排名", "previous rank")});
        }
        w.header(0, ids);
        w.header(1, names);
        std::vector<std::size_t> order(r.n_units);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const auto ra = r.rank[a], rb = r.rank[b];
            if ((ra == 0) != (rb == 0)) return rb == 0;
            return ra < rb;
        });
        lxw_row_t row = 2;
        for (std::size_t u : order) {
            const auto& ud = units[u];
            std::size_t c = 0;
            w.text(row, c++, r.unit_ids[u]);
            w.text(row, c++, ud["status"].get<std::string>());
            for (std::size_t n = 0; n < m.nodes.size(); ++n) w.number(row, c++, r.score(u, n));
            if (r.rank[u] > 0) w.number(row, c, static_cast<double>(r.rank[u]));
            ++c;
            if (r.grade[u] >= 0) w.text(row, c, doc["grades"][static_cast<std::size_t>(r.grade[u])]["label"].get<std::string>());
            ++c;
            w.value(row, c++, ud["coverage"]);
            w.text(row, c++, ud["label"].get<std::string>());
            for (const auto& g : ud["groups"]) w.text(row, c++, g.get<std::string>());
            if (prev) {
                w.value(row, c++, ud.value("change", json(nullptr)));
                w.value(row, c++, ud.value("prev_rank", json(nullptr)));
            }
            ++row;
        }
        w.finish(2, 1);
    }

    // Rectification: one row per item per unit, units by rank.
    {
        lxw_worksheet* ws = workbook_add_worksheet(wb, L("整改清单", "rectification").c_str());
        sheet_writer w(wb, ws, bold);
        w.header(0, {L("编号", "unit_id"), L("名称", "name"), L("排名", "rank"), L("指标编号", "indicator"),
                     L("指标", "indicator name"), L("数值", "value"), L("目标值", "goalpost"), L("得分", "score"),
                     L("满分", "max"), L("失分", "loss"), L("总分可提升", "gain"), L("原因", "reason"),
                     L("期限（天）", "deadline (days)")});
        lxw_row_t row = 1;
        for (std::size_t u = 0; u < r.n_units; ++u) {
            for (const auto& it : units[u]["rect"]) {
                w.text(row, 0, r.unit_ids[u]);
                w.text(row, 1, units[u]["label"].get<std::string>());
                if (r.rank[u] > 0) w.number(row, 2, static_cast<double>(r.rank[u]));
                w.value(row, 3, it.value("id", json(nullptr)));
                w.value(row, 4, it.value("name", json(nullptr)));
                w.value(row, 5, it.value("value", json(nullptr)));
                w.value(row, 6, it.value("goalpost", json(nullptr)));
                w.value(row, 7, it.value("score", json(nullptr)));
                w.value(row, 8, it.value("max", json(nullptr)));
                w.value(row, 9, it.value("loss", json(nullptr)));
                w.value(row, 10, it.value("gain", json(nullptr)));
                w.value(row, 11, it.value("reason", json(nullptr)));
                w.value(row, 12, it.value("deadline_days", json(nullptr)));
                ++row;
            }
        }
        w.finish(1, 1);
    }

    if (!doc["allocations"].empty()) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, L("资金分配", "allocations").c_str());
        sheet_writer w(wb, ws, bold);
        std::vector<std::string> keys;
        for (const auto& a : doc["allocations"]) {
            for (const auto& [k, v] : a.items()) {
                if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
            }
        }
        w.header(0, keys);
        lxw_row_t row = 1;
        for (const auto& a : doc["allocations"]) {
            for (std::size_t c = 0; c < keys.size(); ++c) w.value(row, c, a.value(keys[c], json(nullptr)));
            ++row;
        }
        w.finish(1);
    }

    if (doc["checks"].is_object()) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, L("数据质量标记", "flags").c_str());
        sheet_writer w(wb, ws, bold);
        w.header(0, {L("检查", "rule"), L("严重程度", "severity"), L("单位", "unit"), L("字段", "column"),
                     L("期间", "period"), L("原因", "reason")});
        lxw_row_t row = 1;
        for (const auto& f : doc["checks"]["flags"]) {
            w.value(row, 0, f.value("rule", json(nullptr)));
            w.value(row, 1, f.value("severity", json(nullptr)));
            w.value(row, 2, f.value("unit", json(nullptr)));
            w.value(row, 3, f.value("column", json(nullptr)));
            w.value(row, 4, f.value("period", json(nullptr)));
            w.value(row, 5, f.value(en ? "reason_en" : "reason_zh", json(nullptr)));
            ++row;
        }
        w.finish(1);
    }

    // The model tree: level, id, name (indented), points, weight, local and effective weights.
    {
        lxw_worksheet* ws = workbook_add_worksheet(wb, L("指标体系", "model").c_str());
        sheet_writer w(wb, ws, bold);
        w.header(0, {L("层级", "level"), L("编号", "id"), L("名称", "name"), L("上级", "parent"), L("分值", "points"),
                     L("权重", "weight"), L("组内权重", "local weight"), L("有效权重", "effective weight"),
                     L("计分规则", "rule"), L("单位", "unit")});
        lxw_row_t row = 1;
        for (std::size_t n = 0; n < m.nodes.size(); ++n) {
            const auto& nd = nodes[n];
            const int level = nd["level"].get<int>();
            w.number(row, 0, level);
            w.text(row, 1, nd["id"].get<std::string>());
            w.text(row, 2, std::string(static_cast<std::size_t>(2 * level), ' ') + nd["name"].get<std::string>());
            const int parent = nd["parent"].get<int>();
            if (parent >= 0) w.text(row, 3, nodes[static_cast<std::size_t>(parent)]["id"].get<std::string>());
            if (m.nodes[n].points > 0) w.number(row, 4, m.nodes[n].points);
            w.number(row, 5, m.nodes[n].weight);
            w.value(row, 6, nd["local_weight"]);
            if (nd["indicator"].get<bool>()) {
                w.value(row, 7, nd["effective_weight"]);
                w.text(row, 8, nd["rule"]["kind"].get<std::string>());
                w.text(row, 9, nd["unit"].get<std::string>());
            }
            ++row;
        }
        w.finish(1, 2);
    }

    guard.closed = true;
    if (const lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) {
        throw io_error("report: cannot write the workbook '" + path + "': " + lxw_strerror(e));
    }
}

#endif

}  // namespace report
}  // namespace v0
}  // namespace civiscore
