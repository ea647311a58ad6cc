#include "cli/cmd_link.hpp"

#include "cli/encoding_option.hpp"
#include "cli/files.hpp"
#include "cli/model_problems.hpp"

#include <civiscore/engine.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/io/csv_writer.hpp>
#include <civiscore/link.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace civiscore::cli {
namespace {

std::string list_of(const std::vector<std::string>& ids) {
    std::string s;
    const std::size_t shown = std::min<std::size_t>(ids.size(), 20);
    for (std::size_t i = 0; i < shown; ++i) s.append(i ? ", " : "").append(ids[i]);
    if (ids.size() > shown) s.append(", ... (" + std::to_string(ids.size()) + " in all)");
    return s;
}

}  // namespace

int run_link(const invocation& inv) {
    // Every option is checked before any file is read.
    const std::string entity_model_path = inv.required("--entity-model");
    const std::string entity_data_path = inv.required("--entity-data");
    const std::string links_path = inv.required("--links");
    const std::string data_path = inv.required("--data");
    link_options options;
    options.as = inv.required("--as");
    if (const auto w = inv.option("--weight")) options.weight_column = *w == "equal" ? std::string() : *w;
    if (const auto c = inv.option("--entity-column")) options.entity_column = *c;
    if (const auto c = inv.option("--community-column")) options.community_column = *c;
    if (const auto n = inv.option("--node")) options.node = *n;
    options.grade_counts = inv.option("--grade-counts").has_value();
    const text_encoding enc = encoding_of(inv);
    csv_options entity_csv, community_csv;
    entity_csv.encoding = community_csv.encoding = enc;
    const int threads = thread_count(inv);
    entity_csv.n_threads = community_csv.n_threads = threads;
    if (const auto id = inv.option("--entity-id-column")) entity_csv.id_column = *id;
    if (const auto id = inv.option("--id-column")) community_csv.id_column = *id;

    const model_ptr entity_model = load_model_reporting(entity_model_path);
    const dataset entity_data = read_csv_file(entity_data_path, entity_csv);
    const result entities = score(entity_model, entity_data, threads);
    const dataset communities = read_csv_file(data_path, community_csv);
    const link_outcome out = link_entities(entities, communities, read_text_utf8(links_path, enc), links_path, options);

    write_output(inv.option("--out").value_or(""), dataset_to_csv(out.data, community_csv.id_column));
    if (const auto report = inv.option("--report")) write_output(*report, out.report_json() + "\n");
    std::fprintf(stderr, "civiscore link: %zu links from %zu entities to %zu communities; column '%s' added\n",
                 out.links, entities.n_units, communities.unit_count(), options.as.c_str());
    if (!out.unlinked.empty())
        std::fprintf(stderr, "  no link (%s missing): %s\n", options.as.c_str(), list_of(out.unlinked).c_str());
    if (!out.no_scored_entity.empty())
        std::fprintf(stderr, "  linked only to unscored entities (%s missing): %s\n", options.as.c_str(),
                     list_of(out.no_scored_entity).c_str());
    if (!out.unscored_entities.empty())
        std::fprintf(stderr, "  unscored entities left out: %s\n", list_of(out.unscored_entities).c_str());
    return 0;
}

}  // namespace civiscore::cli
