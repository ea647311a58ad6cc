// Linked entities: weighted means of entity scores per community through a link table
// (docs/units-and-links.md).
#include <civiscore/link.hpp>

#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <map>
#include <unordered_map>

namespace civiscore {
inline namespace v0 {
namespace {

std::string number_text(double v) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    if (ec != std::errc{}) throw internal_error("cannot format a number");
    return std::string(buf, end);
}

std::string line_of(const dataset& t, std::size_t row) {
    return t.source + ":" + (row < t.unit_lines.size() ? std::to_string(t.unit_lines[row]) : "?");
}

// The link table read with `id_column` as its id column, ids repeating: the CSV reader then keeps
// that column's cells exactly as written (community "0101" stays "0101").
dataset read_links(std::string_view text, const std::string& source, const std::string& id_column) {
    csv_options o;
    o.id_column = id_column;
    o.unique_ids = false;
    return parse_csv(text, o, source);
}

column numeric_column(std::string id, std::vector<double> values) {
    column c;
    c.id = std::move(id);
    c.numeric = true;
    c.values = std::move(values);
    return c;
}

std::unordered_map<std::string, std::size_t> index_of(const std::vector<std::string>& ids) {
    std::unordered_map<std::string, std::size_t> out;
    out.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) out.emplace(ids[i], i);
    return out;
}

}  // namespace

std::string link_outcome::report_json() const {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["as"] = options.as;
    j["node"] = options.node;
    j["weight"] = options.weight_column.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(options.weight_column);
    j["links"] = links;
    j["added_columns"] = added_columns;
    j["unlinked"] = unlinked;
    j["no_scored_entity"] = no_scored_entity;
    j["unscored_entities"] = unscored_entities;
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

link_outcome link_entities(const result& entities, const dataset& communities, std::string_view links_csv,
                           const std::string& links_source, const link_options& options) {
    if (!entities.model) throw invalid_argument_error("link: the entity result has no model");
    const model& em = *entities.model;
    if (options.as.empty()) throw invalid_argument_error("link: the name of the added column (as) is empty");
    if (options.entity_column.empty() || options.community_column.empty() ||
        options.entity_column == options.community_column)
        throw invalid_argument_error("link: the entity and community columns must be two different, non-empty names");
    int node = 0;
    if (!options.node.empty()) {
        node = em.find(options.node);
        if (node < 0) throw invalid_argument_error("link: node '" + options.node + "' is not in entity model '" + em.id + "'");
    }
    // A node left out by score option "keep" has no scores: linking it would mark every entity unscored.
    if (!entities.kept(static_cast<std::size_t>(node)))
        throw invalid_argument_error("link: node '" + em.nodes[static_cast<std::size_t>(node)].id +
                                     "' was not kept when the entities were scored (score option \"keep\"); keep it or score without keep");

    link_outcome out;
    out.options = options;
    out.data = communities;
    out.added_columns.push_back(options.as);
    out.added_columns.push_back(options.as + "_links");
    if (options.grade_counts) {
        for (const grade_band& b : em.grades) out.added_columns.push_back(options.as + "_grade_" + b.label);
    }
    for (const std::string& c : out.added_columns) {
        if (communities.find_column(c) >= 0)
            throw data_error(communities.source + ": column '" + c + "' is already in the communities' data; choose another name (as)");
    }

    // Read twice so each id column keeps its cells' exact text; rows correspond line by line.
    const dataset by_entity = read_links(links_csv, links_source, options.entity_column);
    const dataset by_community = read_links(links_csv, links_source, options.community_column);
    out.links = by_entity.unit_count();
    const column* weight = nullptr;
    if (!options.weight_column.empty()) {
        const int c = by_entity.find_column(options.weight_column);
        if (c < 0) throw data_error(links_source + ": the link table has no weight column '" + options.weight_column + "'");
        weight = &by_entity.columns[static_cast<std::size_t>(c)];
        if (!weight->numeric) throw data_error("link weight column '" + options.weight_column + "' must be numeric: " + weight->not_numeric_where);
    }

    const auto entity_index = index_of(entities.unit_ids);
    const auto community_index = index_of(communities.unit_ids);
    const std::size_t n = communities.unit_count();
    std::vector<double> sum_w(n, 0.0), sum_ws(n, 0.0);
    std::vector<double> n_links(n, 0.0), any_link(n, 0.0);
    std::vector<std::vector<double>> grade_count(options.grade_counts ? em.grades.size() : 0, std::vector<double>(n, 0.0));
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> seen;  // (entity, community) -> row
    std::vector<char> entity_listed(entities.n_units, 0);

    for (std::size_t row = 0; row < out.links; ++row) {
        const std::string& e_id = by_entity.unit_ids[row];
        const std::string& c_id = by_community.unit_ids[row];
        const auto e = entity_index.find(e_id);
        if (e == entity_index.end())
            throw data_error(line_of(by_entity, row) + ": entity '" + e_id + "' (column '" + options.entity_column +
                             "') is not among the scored entities");
        const auto c = community_index.find(c_id);
        if (c == community_index.end())
            throw data_error(line_of(by_entity, row) + ": community '" + c_id + "' (column '" + options.community_column +
                             "') is not in " + communities.source);
        const auto [it, fresh] = seen.emplace(std::make_pair(e->second, c->second), row);
        if (!fresh)
            throw data_error(line_of(by_entity, row) + ": entity '" + e_id + "' and community '" + c_id +
                             "' are already linked at line " + std::to_string(by_entity.unit_lines[it->second]) +
                             "; give one link per pair (add their weights)");
        double w = 1.0;
        if (weight) {
            w = weight->values[row];
            if (!(w > 0) || !std::isfinite(w))
                throw data_error(line_of(by_entity, row) + ": link weight '" + options.weight_column + "' is " +
                                 (std::isnan(w) ? std::string("missing") : number_text(w)) + "; it must be a positive number");
        }
        const std::size_t ci = c->second;
        any_link[ci] = 1;
        const double s = entities.score(e->second, static_cast<std::size_t>(node));
        if (std::isnan(s)) {
            if (!entity_listed[e->second]) out.unscored_entities.push_back(e_id);
            entity_listed[e->second] = 1;
            continue;
        }
        sum_w[ci] += w;
        sum_ws[ci] += w * s;
        n_links[ci] += 1;
        if (options.grade_counts) {
            const int g = entities.grade[e->second];
            if (g >= 0) grade_count[static_cast<std::size_t>(g)][ci] += 1;
        }
    }

    column mean = numeric_column(options.as, std::vector<double>(n, NAN));
    for (std::size_t i = 0; i < n; ++i) {
        if (sum_w[i] > 0) mean.values[i] = sum_ws[i] / sum_w[i];
        else if (any_link[i] == 0) out.unlinked.push_back(communities.unit_ids[i]);
        else out.no_scored_entity.push_back(communities.unit_ids[i]);
    }
    out.data.columns.push_back(std::move(mean));
    out.data.columns.push_back(numeric_column(options.as + "_links", std::move(n_links)));
    for (std::size_t g = 0; g < grade_count.size(); ++g)
        out.data.columns.push_back(numeric_column(out.added_columns[2 + g], std::move(grade_count[g])));
    return out;
}

}  // namespace v0
}  // namespace civiscore
