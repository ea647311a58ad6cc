// The three result formats of docs/output-formats.md: JSON and CSV for machines (every unit, every
// node the result kept, full precision), a ranked table for people.
#include <civiscore/io/result_writer.hpp>

#include <civiscore/error.hpp>
#include <civiscore/version.hpp>

#include "io/rollup_parts.hpp"
#include "io/text_width.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string_view>
#include <system_error>

namespace civiscore {
inline namespace v0 {
namespace {

using ordered_json = nlohmann::ordered_json;

// A result can come from the C ABI or be built by hand; refuse one whose arrays disagree rather
// than read past their ends.
void check_shape(const result& r) {
    if (!r.model) throw invalid_argument_error("result has no model");
    const std::size_t n_nodes = r.model->nodes.size();
    const std::size_t n_ind = r.model->indicators.size();
    // A result scored with "keep" holds one row per kept node (node_row maps node -> row).
    std::size_t rows = n_nodes;
    if (!r.node_row.empty()) {
        if (r.node_row.size() != n_nodes || r.node_row[0] != 0)
            throw invalid_argument_error("result is inconsistent: its kept-node map does not match model '" + r.model->id + "'");
        rows = static_cast<std::size_t>(std::count_if(r.node_row.begin(), r.node_row.end(), [](int x) { return x >= 0; }));
        for (int x : r.node_row)
            if (x >= static_cast<int>(rows))
                throw invalid_argument_error("result is inconsistent: its kept-node map names row " + std::to_string(x));
    }
    const std::size_t cells = r.n_units * rows;
    if (r.n_nodes != n_nodes || r.unit_ids.size() != r.n_units || r.scores.size() != cells ||
        r.coverage.size() != cells || r.status.size() != r.n_units || r.rank.size() != r.n_units ||
        r.grade.size() != r.n_units || r.effective_weights.size() != n_ind) {
        throw invalid_argument_error("result is inconsistent: array sizes do not match " +
                                     std::to_string(r.n_units) + " units x " +
                                     std::to_string(n_nodes) + " nodes of model '" +
                                     r.model->id + "'");
    }
    for (std::size_t u = 0; u < r.n_units; ++u) {
        const int g = r.grade[u];
        if (g < -1 || g >= static_cast<int>(r.model->grades.size())) {
            throw invalid_argument_error("result is inconsistent: unit '" + r.unit_ids[u] +
                                         "' has grade index " + std::to_string(g));
        }
    }
}

const char* status_name(unit_status s) noexcept {
    switch (s) {
        case unit_status::ok: return "ok";
        case unit_status::partial: return "partial";
        case unit_status::unscored: return "unscored";
    }
    return "unscored";
}

std::string version_of(const result& r) {
    return r.library_version.empty() ? std::string(version_string()) : r.library_version;
}

// Append the shortest text that reads back to the same double; "-0" would only confuse
// spreadsheets. Formatted straight into `out` (the CSV writer's hot path: no string per cell).
void append_shortest(std::string& out, double v) {
    if (v == 0.0) v = 0.0;
    char buf[32];  // the shortest round-trip form of a double is at most 24 characters
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    if (ec != std::errc{}) throw internal_error("cannot format number");
    out.append(buf, end);
}

void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    if (ec != std::errc{}) throw internal_error("cannot format number");
    out.append(buf, end);
}

std::string fixed2(double v) {
    if (std::isnan(v)) return "-";
    char buf[400];  // fixed notation of the largest double needs ~310 characters
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
    if (ec != std::errc{}) throw internal_error("cannot format number");
    std::string s(buf, end);
    if (s == "-0.00") s = "0.00";
    return s;
}

ordered_json number_or_null(double v) {
    if (!std::isfinite(v)) return nullptr;
    return v == 0.0 ? 0.0 : v;  // no "-0.0"
}

std::string write_json(const result& r) {
    const model& m = *r.model;
    ordered_json doc = ordered_json::object();
    doc["civiscore_version"] = version_of(r);
    doc["model"] = ordered_json{{"id", m.id}, {"sha256", r.model_sha256}};
    doc["fitted_sha256"] = r.fitted_sha256;

    ordered_json nodes = ordered_json::array();  // the kept nodes (score option "keep"), model order
    for (const node& n : m.nodes) {
        if (!r.kept(static_cast<std::size_t>(&n - m.nodes.data()))) continue;
        ordered_json j = ordered_json::object();
        j["id"] = n.id;
        j["name"] = n.name;
        j["parent"] = n.parent < 0 ? ordered_json(nullptr)
                                   : ordered_json(m.nodes[static_cast<std::size_t>(n.parent)].id);
        j["level"] = n.level;
        nodes.push_back(std::move(j));
    }
    doc["nodes"] = std::move(nodes);

    ordered_json units = ordered_json::array();
    for (std::size_t u = 0; u < r.n_units; ++u) {
        ordered_json j = ordered_json::object();
        j["id"] = r.unit_ids[u];
        j["status"] = status_name(r.status[u]);
        ordered_json scores = ordered_json::object();
        for (std::size_t k = 0; k < r.n_nodes; ++k) {
            if (r.kept(k)) scores[m.nodes[k].id] = number_or_null(r.score(u, k));
        }
        j["scores"] = std::move(scores);
        j["rank"] = r.rank[u] > 0 ? ordered_json(r.rank[u]) : ordered_json(nullptr);
        j["grade"] = r.grade[u] >= 0
                         ? ordered_json(m.grades[static_cast<std::size_t>(r.grade[u])].label)
                         : ordered_json(nullptr);
        j["coverage"] = number_or_null(r.node_coverage(u, 0));
        if (r.rollup) j["rollup"] = rollup_parts::unit_json(r, u);  // groups and ranks in them
        units.push_back(std::move(j));
    }
    doc["units"] = std::move(units);

    ordered_json weights = ordered_json::object();
    for (std::size_t i = 0; i < m.indicators.size(); ++i) {
        weights[m.nodes[static_cast<std::size_t>(m.indicators[i])].id] =
            number_or_null(r.effective_weights[i]);
    }
    doc["effective_weights"] = std::move(weights);
    // What data checks changed before or after scoring (docs/checks.md): never silently.
    if (!r.checks_applied.empty()) doc["checks_applied"] = ordered_json::parse(r.checks_applied);
    // MCDA groups: VIKOR S/R/Q and compromise set, fuzzy grade distribution B, per unit in unit order.
    if (!r.mcda.empty()) doc["mcda"] = ordered_json::parse(r.mcda);
    if (r.rollup) doc["rollup"] = rollup_parts::section_json(r);  // streets, districts (units-and-links.md)

    // ensure_ascii=false keeps Chinese readable; replace invalid UTF-8 rather than throw mid-write.
    return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

// RFC 4180: quote a field holding a separator, a quote or a line break; double inner quotes.
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

std::string write_csv(const result& r) {
    const model& m = *r.model;
    std::string out;
    // Kept nodes only (score option "keep"), model order; their score columns read once.
    std::vector<const double*> columns;
    std::string header = "unit_id,status";
    for (std::size_t k = 0; k < m.nodes.size(); ++k) {
        if (!r.kept(k)) continue;
        columns.push_back(r.node_scores(k));
        header.push_back(',');
        append_csv_field(header, m.nodes[k].id);
    }
    header.append(",rank,grade");
    header.append(rollup_parts::unit_csv_header(r)).push_back('\n');
    // One allocation for the whole text at 10^6 units: ids, ~19 characters a score, rank and grade.
    std::size_t id_bytes = 0;
    for (const std::string& id : r.unit_ids) id_bytes += id.size();
    out.reserve(header.size() + id_bytes + r.n_units * (columns.size() * 20 + 32));
    out.append(header);

    for (std::size_t u = 0; u < r.n_units; ++u) {
        append_csv_field(out, r.unit_ids[u]);
        out.push_back(',');
        out.append(status_name(r.status[u]));
        for (const double* c : columns) {
            out.push_back(',');
            const double v = c[u];
            if (std::isfinite(v)) append_shortest(out, v);
        }
        out.push_back(',');
        if (r.rank[u] > 0) append_int(out, r.rank[u]);
        out.push_back(',');
        if (r.grade[u] >= 0) {
            append_csv_field(out, m.grades[static_cast<std::size_t>(r.grade[u])].label);
        }
        rollup_parts::append_unit_csv(r, u, out);
        out.push_back('\n');
    }
    return out;
}

enum class align { left, right };

std::string write_table(const result& r) {
    const model& m = *r.model;

    // Units by rank; unranked ones keep their input order at the end.
    std::vector<std::size_t> order(r.n_units);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const bool ra = r.rank[a] > 0, rb = r.rank[b] > 0;
        if (ra != rb) return ra;
        return ra && r.rank[a] < r.rank[b];
    });

    std::vector<std::size_t> dims;
    for (std::size_t k = 0; k < m.nodes.size(); ++k) {
        if (m.nodes[k].level == 1 && r.kept(k)) dims.push_back(k);  // kept dimensions only
    }

    std::vector<std::string> header{"Rank", "Unit", "Score", "Grade", "Status"};
    std::vector<align> aligns{align::right, align::left, align::right, align::left, align::left};
    for (std::size_t k : dims) {
        header.push_back(text::single_line(m.nodes[k].id));
        aligns.push_back(align::right);
    }

    std::vector<std::vector<std::string>> rows;
    rows.reserve(r.n_units);
    for (std::size_t u : order) {
        std::vector<std::string> row;
        row.reserve(header.size());
        row.push_back(r.rank[u] > 0 ? std::to_string(r.rank[u]) : "-");
        row.push_back(text::single_line(r.unit_ids[u]));
        row.push_back(fixed2(r.score(u, 0)));
        row.push_back(r.grade[u] >= 0
                          ? text::single_line(m.grades[static_cast<std::size_t>(r.grade[u])].label)
                          : "-");
        row.push_back(status_name(r.status[u]));
        for (std::size_t k : dims) row.push_back(fixed2(r.score(u, k)));
        rows.push_back(std::move(row));
    }

    std::vector<std::size_t> widths(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) widths[c] = text::display_width(header[c]);
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            widths[c] = std::max(widths[c], text::display_width(row[c]));
        }
    }

    std::string out;
    const auto append_row = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (c > 0) line.append("  ");
            line.append(aligns[c] == align::left ? text::pad_right(cells[c], widths[c])
                                                 : text::pad_left(cells[c], widths[c]));
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out.append(line).push_back('\n');
    };

    // Title and summary.
    out.append(text::single_line(m.name)).append(" (").append(text::single_line(m.id));
    if (!r.model_sha256.empty()) out.append(", sha256 ").append(r.model_sha256.substr(0, 12));
    out.append(")\n");

    std::size_t n_ok = 0, n_partial = 0, n_unscored = 0;
    std::vector<std::size_t> grade_counts(m.grades.size(), 0);
    for (std::size_t u = 0; u < r.n_units; ++u) {
        switch (r.status[u]) {
            case unit_status::ok: ++n_ok; break;
            case unit_status::partial: ++n_partial; break;
            case unit_status::unscored: ++n_unscored; break;
        }
        if (r.grade[u] >= 0) ++grade_counts[static_cast<std::size_t>(r.grade[u])];
    }
    out.append(std::to_string(r.n_units)).append(r.n_units == 1 ? " unit: " : " units: ");
    out.append(std::to_string(n_ok)).append(" ok, ");
    out.append(std::to_string(n_partial)).append(" partial, ");
    out.append(std::to_string(n_unscored)).append(" unscored");
    if (!m.grades.empty()) {
        out.append("; grades:");
        for (std::size_t g = 0; g < m.grades.size(); ++g) {
            out.append(g == 0 ? " " : ", ").append(text::single_line(m.grades[g].label));
            out.push_back(' ');
            out.append(std::to_string(grade_counts[g]));
        }
    }
    out.append("\n\n");

    append_row(header);
    std::vector<std::string> rule;
    rule.reserve(widths.size());
    for (std::size_t w : widths) rule.emplace_back(w, '-');
    append_row(rule);
    for (const auto& row : rows) append_row(row);
    out.append(rollup_parts::tables(r));  // one ranked table per unit level, when declared
    return out;
}

}  // namespace

std::string write_result(const result& r, output_format format) {
    check_shape(r);
    switch (format) {
        case output_format::json: return write_json(r);
        case output_format::csv: return write_csv(r);
        case output_format::table: return write_table(r);
    }
    throw invalid_argument_error("unknown output format " +
                                 std::to_string(static_cast<int>(format)));
}

}  // namespace v0
}  // namespace civiscore
