#include "cli/args.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace civiscore::cli {
namespace {

struct command_spec {
    std::string_view name;
    command cmd;
    std::size_t positional;  // exact number of positional arguments
    std::vector<std::string_view> options;  // every option takes a value
    std::vector<std::string_view> flags = {};  // options without a value (stored as "1")
};

const std::vector<command_spec>& specs() {
    static const std::vector<command_spec> all{
        {"validate", command::validate, 1, {}},
        {"score", command::score, 0,
         {"--model", "--data", "--id-column", "--fitted", "--threads", "--out", "--format", "--encoding",
          "--log", "--registry", "--rollup-out", "--period-column", "--keep"}},
        {"link", command::link, 0,
         {"--entity-model", "--entity-data", "--entity-id-column", "--links", "--entity-column",
          "--community-column", "--weight", "--as", "--node", "--data", "--id-column", "--out", "--report",
          "--encoding", "--threads"},
         {"--grade-counts"}},
        {"fit", command::fit, 0,
         {"--model", "--data", "--id-column", "--threads", "--out", "--encoding", "--log", "--registry",
          "--period-column"}},
        {"rollup-periods", command::rollup_periods, 0,
         {"--model", "--data", "--id-column", "--period-column", "--out", "--encoding", "--threads"}},
        {"aggregate-logs", command::aggregate_logs, 0,
         {"--model", "--data", "--id-column", "--log", "--registry", "--out", "--summary", "--threads"}},
        {"assess", command::assess, 0,
         {"--model", "--plan", "--data", "--ratings", "--period-column", "--threads", "--out", "--format",
          "--encoding"}},
        {"allocate", command::allocate, 0,
         {"--model", "--plan", "--data", "--ratings", "--period-column", "--threads", "--out", "--format",
          "--budget", "--rule", "--unit", "--encoding"}},
        {"check", command::check, 0,
         {"--model", "--data", "--id-column", "--period-column", "--format", "--out", "--sample",
          "--sample-size", "--seed", "--stratify", "--scores-out", "--encoding", "--threads"}},
        {"analyze", command::analyze, 0,
         {"--model", "--data", "--spec", "--id-column", "--format", "--threads", "--out", "--encoding"}},
        {"import-coinr", command::import_coinr, 0, {"--meta", "--out", "--id", "--name", "--impute-group"},
         {"--no-impute", "--no-outliers"}},
        {"report", command::report, 0,
         {"--model", "--data", "--id-column", "--fitted", "--threads", "--out", "--format", "--lang",
          "--group-columns", "--plan", "--budget", "--assessment", "--previous", "--sensitivity",
          "--title", "--date", "--ratings", "--period-column", "--encoding"},
         {"--checks"}},
    };
    return all;
}

bool is_help(std::string_view a) { return a == "help" || a == "-h" || a == "--help"; }

}  // namespace

std::optional<std::string> invocation::option(const std::string& name) const {
    const auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

std::string invocation::required(const std::string& name) const {
    auto v = option(name);
    if (!v) throw usage_error("missing required option " + name);
    return *v;
}

invocation parse_args(const std::vector<std::string>& args) {
    invocation inv;
    if (args.empty()) throw usage_error("no command given");
    const std::string& first = args[0];
    if (is_help(first)) {
        inv.cmd = command::help;
        return inv;
    }
    if (first == "--version" || first == "version") {
        if (args.size() > 1) throw usage_error("--version takes no arguments");
        inv.cmd = command::version;
        return inv;
    }
    const auto& all = specs();
    const auto spec = std::find_if(all.begin(), all.end(),
                                   [&](const command_spec& s) { return s.name == first; });
    if (spec == all.end()) {
        if (!first.empty() && first[0] == '-') throw usage_error("unknown option '" + first + "'");
        throw usage_error("unknown command '" + first + "'");
    }
    inv.cmd = spec->cmd;

    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (is_help(a) && a != "help") {
            inv.cmd = command::help;
            return inv;
        }
        if (a.size() > 1 && a[0] == '-') {
            // --name value, or --name=value
            std::string name = a, value;
            bool has_value = false;
            if (const auto eq = a.find('='); eq != std::string::npos) {
                name = a.substr(0, eq);
                value = a.substr(eq + 1);
                has_value = true;
            }
            if (std::find(spec->flags.begin(), spec->flags.end(), name) != spec->flags.end()) {
                if (has_value) throw usage_error("option " + name + " takes no value");
                if (!inv.options.emplace(name, "1").second) {
                    throw usage_error("option " + name + " given more than once");
                }
                continue;
            }
            if (std::find(spec->options.begin(), spec->options.end(), name) ==
                spec->options.end()) {
                throw usage_error("unknown option '" + name + "' for '" + first + "'");
            }
            if (!has_value) {
                if (i + 1 >= args.size()) throw usage_error("option " + name + " needs a value");
                value = args[++i];
            }
            if (!inv.options.emplace(name, value).second) {
                throw usage_error("option " + name + " given more than once");
            }
        } else {
            inv.positional.push_back(a);
        }
    }
    if (inv.positional.size() != spec->positional) {
        if (spec->positional == 0) {
            throw usage_error("unexpected argument '" + inv.positional.front() + "' for '" +
                              first + "'");
        }
        throw usage_error("'" + first + "' takes " + std::to_string(spec->positional) +
                          " argument(s), got " + std::to_string(inv.positional.size()));
    }
    return inv;
}

int thread_count(const invocation& inv) {
    const auto text = inv.option("--threads");
    if (!text) return 0;
    int n = -1;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, n);
    if (ec != std::errc{} || ptr != end || n < 0 || n > 4096)
        throw usage_error("--threads expects an integer from 0 to 4096, got '" + *text + "'");
    return n;
}

const char* usage_text() noexcept {
    return R"(usage: civiscore <command> [options]

Commands:
  validate MODEL         check a model file; list every problem with its JSON pointer
  score                  score units: fit on the data (or read --fitted), then score
  fit                    learn the data-dependent parameters and write the fitted state
  report                 write an HTML report or an XLSX workbook of a scoring run
  check                  data authenticity checks: flags with reasons, a verification sample
  import-coinr           turn a COINr iMeta table into a model: --meta FILE [--out FILE] [--id ID]
                         [--name NAME] [--impute-group COLUMN | --no-impute] [--no-outliers]
  aggregate-logs         derive the model's log columns: --model M --data UNITS.csv
                         --log NAME=CSV [--registry NAME=CSV] [--out FILE] [--summary FILE.json]
                         [--threads N]
  link                   attribute linked entities' scores (social organisations, workers) to the
                         communities they serve, as new data columns (docs/units-and-links.md)
  rollup-periods         quarterly rows -> one row per unit by the model's "period_rollup" rules:
                         --model M --data CSV --period-column NAME [--id-column] [--encoding]
                         [--threads N] [--out FILE] (CSV)
  analyze                uncertainty, sensitivity and audit of a ranking (docs/sensitivity.md):
                         --model M --data CSV --spec SPEC.json [--format json|csv] [--threads N]
                         [--id-column NAME] [--encoding ENC] [--out FILE] (JSON by default; CSV
                         is the per-unit table: rank and score percentiles, grade probabilities)
  help                   show this text (also -h, --help)
  --version              print the version

Options of score and fit:
  --model MODEL          model JSON file (required)
  --data CSV             data CSV file, one row per unit (required)
  --id-column NAME       column holding the unit ids (default: unit_id)
  --period-column NAME   score and fit: the data has a row per unit and period; roll it up to one
                         row per unit by the model's "period_rollup" rules first
  --encoding ENC         utf-8 (default; a UTF-8 BOM is always UTF-8), gbk or gb18030: the
                         encoding of every CSV the command reads (score, fit, check, assess,
                         allocate, report)
  --threads N            worker threads; 0 = CIVISCORE_THREADS when set, else all cores (default:
                         0); every command that reads data takes it, and results never depend on it
  --out FILE             write to FILE instead of standard output
  --log NAME=CSV[,...]   service logs the model's "logs" section declares: derive its columns
                         from them (docs/service-logs.md)
  --registry NAME=CSV[,...]  person registries for registry_coverage columns

Options of score only:
  --fitted FITTED.json   score with a saved fitted state instead of fitting on the data
  --keep SPEC            output only these nodes' scores (ranks, grades, statuses are unchanged):
                         comma-separated node ids and all, groups, indicators, depth:N (the root
                         and N levels below it; depth:1 = index and dimensions). The root is
                         always kept. E.g. --keep depth:1, --keep index,D1,D2
  --rollup-out FILE      with a model's "units" section: the street/district/... tables (scores,
                         ranks, ranks in parent, grades, counts) to FILE (.json, .csv, else table)
  --format FMT           table, csv or json. Default: from the --out extension (.json, .csv,
                         anything else table); without --out, table on a terminal, csv otherwise

Options of report (docs/report.md; --model, --data, --id-column, --fitted, --threads as score):
  --out FILE             report.html or report.xlsx (required)
  --format FMT           html or xlsx. Default: from the --out extension (.xlsx, anything else html)
  --lang LANG            zh (default) or en: the report's own labels
  --group-columns A,B    summarise by these data columns (default: district, type, profile, region
                         where present)
  --plan PLAN.json       run the assessment plan: rectification lists, vetoes, final grades
  --budget AMOUNT        with --plan: allocate this budget by the plan's allocation rule
  --ratings CSV          with --plan: long ratings table, as assess
  --period-column NAME   with --plan: the period column of long data (default: the plan's); the
                         report shows the assessed period and the change since the previous one
  --assessment FILE      an assessment as JSON instead of --plan (docs/report.md)
  --checks               run the model's data-quality checks and list their flags
  --previous RESULT.json a previous period's `score --format json`: change since then
  --sensitivity FILE     rank intervals per unit from a sensitivity run (docs/report.md)
  --title TEXT, --date YYYY-MM-DD  override the title and the date shown

Options of check (docs/checks.md; --model, --data, --id-column, --out as score):
  --period-column NAME   the period column of long data, a row per unit and period (default: the
                         model's checks.period_column, else period)
  --format FMT           table, csv or json, chosen as for score
  --sample SHARE         also choose units for verification visits (e.g. 0.3), risk-weighted
  --sample-size N        ... or exactly N units
  --seed N               the sample's seed (default: the model's checks.sample.seed, else 1)
  --stratify COLUMN      proportional allocation over this column (default: checks.stratify_column)
  --scores-out FILE      score with the checks' consequences applied; JSON result with checks_applied

Options of link (docs/units-and-links.md):
  --entity-model M.json  the entities' model (social organisations, workers); required
  --entity-data CSV      the entities' data, scored with it (required); --entity-id-column NAME
  --links CSV            link table: entity id, community id, weight (required)
  --entity-column NAME   its entity column (default entity_id); --community-column (community_id)
  --weight NAME          its weight column: contract value, service hours (default weight);
                         "equal" = every link weighs 1
  --as NAME              the added column, weighted mean of linked scores (required); also
                         NAME_links, and NAME_grade_LABEL with --grade-counts
  --node ID              attribute this node of the entity model instead of the total
  --data CSV             the communities' data (required); --id-column as score
  --out FILE             the communities' CSV with the added columns (default standard output)
  --report FILE          what was linked, as JSON: unlinked communities, unscored entities

Assessment (docs/assessment-plan.md):
  assess                 run an assessment plan: final scores, grades, vetoes, quotas,
                         rectification lists and accountability
  allocate               assess, then split --budget over the units
  --plan PLAN            assessment plan JSON (required)
  --ratings CSV          long ratings table: unit_id, indicator, source, rater, value [, period]
  --period-column NAME   the period column of long data (default: the plan's)
  --format FMT           table, csv or json (default: table on a terminal, csv otherwise)
  --budget AMOUNT        allocate: the budget in yuan ("1000000", "1234.56")
  --rule RULE            allocate: proportional, grade or base_plus (default: the plan's)
  --unit UNIT            allocate: amounts in cents or yuan (default: the plan's)

Exit status: 0 success, 1 error (invalid model, bad data, unreadable file), 2 usage error.
)";
}

}  // namespace civiscore::cli
