// Linked entities (三社联动, docs/units-and-links.md): social organisations or social workers scored
// with their own model, their scores attributed to the communities they serve through a link table
// (entity id, community id, weight: contract value, service hours), as new input columns of the
// communities' data.
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/engine.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {

struct link_options {
    std::string entity_column = "entity_id";        // link-table column naming the entity
    std::string community_column = "community_id";  // link-table column naming the community
    std::string weight_column = "weight";           // link-table column of link weights; "" = each link 1
    std::string as = "entity_score";                // the added column: weighted mean of linked scores
    std::string node;                               // entity-model node attributed; "" = the root
    bool grade_counts = false;                      // also add <as>_grade_<label>: linked entities per grade
};

struct link_outcome {
    dataset data;                               // the communities with the added columns
    std::vector<std::string> added_columns;     // <as>, <as>_links, then grade counts
    std::vector<std::string> unlinked;          // communities no link names: <as> missing
    std::vector<std::string> no_scored_entity;  // linked only to unscored entities: <as> missing
    std::vector<std::string> unscored_entities; // linked entities without a score (left out of means)
    std::size_t links = 0;                      // rows of the link table

    // {"as", "node", "weight", "links", "added_columns", "unlinked", "no_scored_entity",
    //  "unscored_entities"}
    [[nodiscard]] std::string report_json() const;
    link_options options;
};

// Attribute `entities` (a scoring result of the entity model) to `communities` through the link
// table in CSV text `links_csv` (`links_source` names it in messages). Per community:
// <as> = sum(w * score) / sum(w) over its links to scored entities (missing when there is none),
// <as>_links = the number of those links. data_error naming the link table's line for a link to an
// unknown entity or community, a repeated (entity, community) pair, or a weight that is missing,
// negative, zero or infinite; naming the column when a link-table column is absent or <as> already
// is a column of the communities; invalid_argument_error for an unknown `node`.
[[nodiscard]] link_outcome link_entities(const result& entities, const dataset& communities,
                                         std::string_view links_csv, const std::string& links_source,
                                         const link_options& options);

}  // namespace v0
}  // namespace civiscore
