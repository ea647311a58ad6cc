// Roll-up outputs (docs/units-and-links.md): per level, every group's scores, counts, rank, rank in
// its parent and grade; per unit, its group and rank at every level.
#include <civiscore/io/rollup_writer.hpp>

#include <civiscore/error.hpp>
#include <civiscore/rollup.hpp>

#include "io/rollup_parts.hpp"
#include "io/text_width.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

namespace civiscore {
inline namespace v0 {
namespace {

using ordered_json = nlohmann::ordered_json;

std::string shortest(double v) {
    if (v == 0.0) v = 0.0;
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    if (ec != std::errc{}) throw internal_error("cannot format number");
    return std::string(buf, end);
}

std::string fixed2(double v) {
    if (std::isnan(v)) return "-";
    char buf[400];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
    if (ec != std::errc{}) throw internal_error("cannot format number");
    std::string s(buf, end);
    return s == "-0.00" ? "0.00" : s;
}

ordered_json number_or_null(double v) {
    if (!std::isfinite(v)) return nullptr;
    return v == 0.0 ? 0.0 : v;
}

ordered_json rank_or_null(std::int64_t r) { return r > 0 ? ordered_json(r) : ordered_json(nullptr); }

void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

const unit_rollup& rollup_of(const result& r) {
    if (!r.model) throw invalid_argument_error("result has no model");
    if (!r.rollup)
        throw invalid_argument_error("model '" + r.model->id +
                                     "' declares no unit levels (a \"units\" section), so the result has no roll-up");
    const unit_rollup& u = *r.rollup;
    for (const rollup_level& lv : u.levels) {
        if (lv.unit_group.size() != r.n_units || lv.scores.size() != lv.groups.size() * r.n_nodes)
            throw invalid_argument_error("result is inconsistent: its roll-up does not match its units and nodes");
    }
    return u;
}

std::string parent_label(const unit_rollup& u, std::size_t level, std::size_t g) {
    const int p = u.levels[level].parent[g];
    return p < 0 ? std::string() : u.levels[level + 1].groups[static_cast<std::size_t>(p)];
}

std::string grade_label(const model& m, int g) {
    return g >= 0 ? m.grades[static_cast<std::size_t>(g)].label : std::string();
}

std::string write_json(const result& r) {
    ordered_json doc = ordered_json::object();
    doc["model"] = ordered_json{{"id", r.model->id}, {"sha256", r.model_sha256}};
    doc["rollup"] = rollup_parts::section_json(r);
    return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

// One row per (level, group), levels lowest first, groups in label order.
std::string write_csv(const result& r) {
    const model& m = *r.model;
    const unit_rollup& u = rollup_of(r);
    std::string out = "level,group,parent,status,rank,rank_in_parent,grade,units,scored,unscored,no_weight,weight";
    for (std::size_t k = 0; k < m.nodes.size(); ++k) {
        if (!r.kept(k)) continue;  // score option "keep": only the kept nodes' columns
        out.push_back(',');
        append_csv_field(out, m.nodes[k].id);
    }
    out.push_back('\n');
    for (std::size_t l = 0; l < u.levels.size(); ++l) {
        const rollup_level& lv = u.levels[l];
        for (std::size_t g = 0; g < lv.groups.size(); ++g) {
            append_csv_field(out, lv.id);
            out.push_back(',');
            append_csv_field(out, lv.groups[g]);
            out.push_back(',');
            append_csv_field(out, parent_label(u, l, g));
            out.append(std::isnan(lv.score(g, 0)) ? ",unscored," : ",ok,");
            if (lv.rank[g] > 0) out.append(std::to_string(lv.rank[g]));
            out.push_back(',');
            if (lv.rank_in_parent[g] > 0) out.append(std::to_string(lv.rank_in_parent[g]));
            out.push_back(',');
            append_csv_field(out, grade_label(m, lv.grade[g]));
            out.append(",").append(std::to_string(lv.n_units[g]));
            out.append(",").append(std::to_string(lv.counts[g]));  // node 0: units in the root mean
            out.append(",").append(std::to_string(lv.n_unscored[g]));
            out.append(",").append(std::to_string(lv.n_no_weight[g]));
            out.append(",").append(shortest(lv.weight[g]));
            for (std::size_t k = 0; k < r.n_nodes; ++k) {
                if (!r.kept(k)) continue;
                out.push_back(',');
                const double v = lv.score(g, k);
                if (std::isfinite(v)) out.append(shortest(v));
            }
            out.push_back('\n');
        }
    }
    return out;
}

}  // namespace

namespace rollup_parts {

ordered_json section_json(const result& r) {
    const model& m = *r.model;
    const unit_rollup& u = rollup_of(r);
    ordered_json section = ordered_json::object();
    section["weight"] = u.weight_column.empty() ? ordered_json("equal") : ordered_json{{"column", u.weight_column}};
    ordered_json levels = ordered_json::array();
    for (std::size_t l = 0; l < u.levels.size(); ++l) {
        const rollup_level& lv = u.levels[l];
        ordered_json jl = ordered_json::object();
        jl["id"] = lv.id;
        jl["name"] = lv.name;
        jl["column"] = lv.column;
        jl["units_without_group"] = lv.units_without_group;
        ordered_json groups = ordered_json::array();
        for (std::size_t g = 0; g < lv.groups.size(); ++g) {
            ordered_json jg = ordered_json::object();
            jg["id"] = lv.groups[g];
            const std::string parent = parent_label(u, l, g);
            jg["parent"] = parent.empty() ? ordered_json(nullptr) : ordered_json(parent);
            jg["rank"] = rank_or_null(lv.rank[g]);
            jg["rank_in_parent"] = rank_or_null(lv.rank_in_parent[g]);
            jg["grade"] = lv.grade[g] >= 0 ? ordered_json(grade_label(m, lv.grade[g])) : ordered_json(nullptr);
            jg["units"] = lv.n_units[g];
            jg["scored"] = lv.counts[g];
            jg["unscored"] = lv.n_unscored[g];
            jg["no_weight"] = lv.n_no_weight[g];
            jg["weight"] = number_or_null(lv.weight[g]);
            ordered_json scores = ordered_json::object();
            for (std::size_t k = 0; k < r.n_nodes; ++k)
                if (r.kept(k)) scores[m.nodes[k].id] = number_or_null(lv.score(g, k));
            jg["scores"] = std::move(scores);
            groups.push_back(std::move(jg));
        }
        jl["groups"] = std::move(groups);
        levels.push_back(std::move(jl));
    }
    section["levels"] = std::move(levels);
    return section;
}

ordered_json unit_json(const result& r, std::size_t unit) {
    const unit_rollup& u = rollup_of(r);
    ordered_json j = ordered_json::object();
    j["status"] = u.unit_status(unit);
    for (const rollup_level& lv : u.levels) {
        const int g = lv.unit_group[unit];
        j[lv.id] = ordered_json{{"group", g < 0 ? ordered_json(nullptr) : ordered_json(lv.groups[static_cast<std::size_t>(g)])},
                                {"rank", rank_or_null(lv.unit_rank[unit])}};
    }
    return j;
}

std::string unit_csv_header(const result& r) {
    if (!r.rollup) return {};
    std::string out;
    for (const rollup_level& lv : rollup_of(r).levels) {
        out.push_back(',');
        append_csv_field(out, lv.id);
        out.push_back(',');
        append_csv_field(out, "rank_in_" + lv.id);
    }
    return out + ",rollup_status";
}

void append_unit_csv(const result& r, std::size_t unit, std::string& out) {
    if (!r.rollup) return;
    const unit_rollup& u = rollup_of(r);
    for (const rollup_level& lv : u.levels) {
        const int g = lv.unit_group[unit];
        out.push_back(',');
        if (g >= 0) append_csv_field(out, lv.groups[static_cast<std::size_t>(g)]);
        out.push_back(',');
        if (lv.unit_rank[unit] > 0) out.append(std::to_string(lv.unit_rank[unit]));
    }
    out.push_back(',');
    append_csv_field(out, u.unit_status(unit));
}

std::string tables(const result& r) {
    if (!r.rollup) return {};
    const model& m = *r.model;
    const unit_rollup& u = rollup_of(r);
    std::vector<std::size_t> dims;
    for (std::size_t k = 0; k < m.nodes.size(); ++k) {
        if (m.nodes[k].level == 1 && r.kept(k)) dims.push_back(k);
    }
    std::string out;
    for (std::size_t l = 0; l < u.levels.size(); ++l) {
        const rollup_level& lv = u.levels[l];
        const bool has_parent = l + 1 < u.levels.size();
        out.append("\n").append(text::single_line(lv.name)).append(" (").append(text::single_line(lv.id));
        out.append("): ").append(std::to_string(lv.groups.size())).append(lv.groups.size() == 1 ? " group" : " groups");
        out.append(", ").append(u.weight_column.empty() ? "equal weights" : "weighted by " + text::single_line(u.weight_column));
        if (lv.units_without_group > 0)
            out.append("; ").append(std::to_string(lv.units_without_group)).append(" unit(s) without a ").append(text::single_line(lv.id));
        out.append("\n\n");

        std::vector<std::string> header{"Rank", text::single_line(lv.id), "Score", "Grade", "Units", "Scored"};
        std::vector<bool> left{false, true, false, true, false, false};
        if (has_parent) {
            header.push_back(text::single_line(u.levels[l + 1].id));
            header.push_back("Rank in " + text::single_line(u.levels[l + 1].id));
            left.push_back(true);
            left.push_back(false);
        }
        for (std::size_t k : dims) {
            header.push_back(text::single_line(m.nodes[k].id));
            left.push_back(false);
        }
        std::vector<std::size_t> order(lv.groups.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const bool ra = lv.rank[a] > 0, rb = lv.rank[b] > 0;
            if (ra != rb) return ra;
            return ra && lv.rank[a] < lv.rank[b];
        });
        std::vector<std::vector<std::string>> rows{header};
        for (std::size_t g : order) {
            std::vector<std::string> row{lv.rank[g] > 0 ? std::to_string(lv.rank[g]) : "-",
                                         text::single_line(lv.groups[g]), fixed2(lv.score(g, 0)),
                                         lv.grade[g] >= 0 ? text::single_line(grade_label(m, lv.grade[g])) : "-",
                                         std::to_string(lv.n_units[g]), std::to_string(lv.counts[g])};
            if (has_parent) {
                const std::string p = parent_label(u, l, g);
                row.push_back(p.empty() ? "-" : text::single_line(p));
                row.push_back(lv.rank_in_parent[g] > 0 ? std::to_string(lv.rank_in_parent[g]) : "-");
            }
            for (std::size_t k : dims) row.push_back(fixed2(lv.score(g, k)));
            rows.push_back(std::move(row));
        }
        std::vector<std::size_t> widths(header.size(), 0);
        for (const auto& row : rows) {
            for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], text::display_width(row[c]));
        }
        const auto append_row = [&](const std::vector<std::string>& cells) {
            std::string line;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                if (c > 0) line.append("  ");
                line.append(left[c] ? text::pad_right(cells[c], widths[c]) : text::pad_left(cells[c], widths[c]));
            }
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out.append(line).push_back('\n');
        };
        append_row(rows[0]);
        std::vector<std::string> rule;
        for (std::size_t w : widths) rule.emplace_back(w, '-');
        append_row(rule);
        for (std::size_t i = 1; i < rows.size(); ++i) append_row(rows[i]);
    }
    return out;
}

}  // namespace rollup_parts

std::string write_rollup(const result& r, output_format format) {
    (void)rollup_of(r);
    switch (format) {
        case output_format::json: return write_json(r);
        case output_format::csv: return write_csv(r);
        case output_format::table: {
            std::string t = rollup_parts::tables(r);
            return t.empty() ? t : t.substr(1);  // no blank first line when the tables stand alone
        }
    }
    throw invalid_argument_error("unknown output format " + std::to_string(static_cast<int>(format)));
}

}  // namespace v0
}  // namespace civiscore
