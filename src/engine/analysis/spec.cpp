// The analysis spec (docs/sensitivity.md): parsed and checked against the model up front, every
// problem named by its JSON pointer, so nothing runs on a spec that would fail half-way.
#include <civiscore/analyse/analysis.hpp>
#include <civiscore/error.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>
#include <string>

namespace civiscore {
inline namespace v0 {
namespace analysis {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& ptr, const std::string& what) {
    throw invalid_argument_error("analysis spec " + (ptr.empty() ? std::string("/") : ptr) + ": " + what);
}

void only_keys(const json& j, const std::string& ptr, std::initializer_list<const char*> keys) {
    if (!j.is_object()) bad(ptr, "must be a JSON object, got " + j.dump());
    for (const auto& [k, v] : j.items()) {
        bool known = false;
        for (const char* key : keys) known = known || k == key;
        if (!known) {
            std::string list;
            for (const char* key : keys) list += std::string(list.empty() ? "" : ", ") + key;
            bad(ptr + "/" + k, "unknown key (expected one of: " + list + ")");
        }
    }
}

std::uint64_t count(const json& v, const std::string& ptr, std::uint64_t min) {
    if (!v.is_number_integer() || (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() < 0))
        bad(ptr, "must be an integer >= " + std::to_string(min) + ", got " + v.dump());
    const auto x = v.get<std::uint64_t>();
    if (x < min) bad(ptr, "must be >= " + std::to_string(min) + ", got " + v.dump());
    return x;
}

double number(const json& v, const std::string& ptr) {
    if (!v.is_number()) bad(ptr, "must be a number, got " + v.dump());
    return v.get<double>();
}

const node& group_named(const model& m, const std::string& id, const std::string& ptr) {
    const int n = m.find(id);
    if (n < 0) bad(ptr, "no node '" + id + "' in model '" + m.id + "'");
    const node& nd = m.nodes[static_cast<std::size_t>(n)];
    if (nd.is_indicator) bad(ptr, "'" + id + "' is an indicator; weights are perturbed at groups (their children's weights)");
    return nd;
}

std::vector<std::string> indicator_list(const model& m, const json& v, const std::string& ptr) {
    std::vector<std::string> out;
    if (v.is_string() && v.get<std::string>() == "all") {
        for (int i : m.indicators) out.push_back(m.nodes[static_cast<std::size_t>(i)].id);
        return out;
    }
    if (!v.is_array()) bad(ptr, "must be \"all\" or an array of indicator ids, got " + v.dump());
    std::set<std::string> seen;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string p = ptr + "/" + std::to_string(i);
        if (!v[i].is_string()) bad(p, "must be an indicator id, got " + v[i].dump());
        const auto id = v[i].get<std::string>();
        const int n = m.find(id);
        if (n < 0 || !m.nodes[static_cast<std::size_t>(n)].is_indicator) bad(p, "no indicator '" + id + "' in model '" + m.id + "'");
        if (!seen.insert(id).second) bad(p, "indicator '" + id + "' is listed twice");
        out.push_back(id);
    }
    return out;
}

factor weights_factor(const model& m, const json& j, const std::string& ptr) {
    only_keys(j, ptr, {"type", "node", "nodes", "distribution", "percent", "concentration"});
    factor f;
    f.type = factor::kind::weights;
    if (j.contains("node") == j.contains("nodes")) bad(ptr, "give exactly one of \"node\" (a group id, or \"*\" for every group) and \"nodes\"");
    std::vector<std::string> ids;
    if (j.contains("node")) {
        if (!j["node"].is_string()) bad(ptr + "/node", "must be a group id or \"*\", got " + j["node"].dump());
        ids.push_back(j["node"].get<std::string>());
    } else {
        const json& a = j["nodes"];
        if (!a.is_array() || a.empty()) bad(ptr + "/nodes", "must be a non-empty array of group ids");
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!a[i].is_string()) bad(ptr + "/nodes/" + std::to_string(i), "must be a group id, got " + a[i].dump());
            ids.push_back(a[i].get<std::string>());
        }
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::string p = j.contains("node") ? ptr + "/node" : ptr + "/nodes/" + std::to_string(i);
        if (ids[i] == "*") {
            for (const node& nd : m.nodes)
                if (!nd.is_indicator && seen.insert(nd.id).second) f.nodes.push_back(nd.id);
            continue;
        }
        (void)group_named(m, ids[i], p);
        if (!seen.insert(ids[i]).second) bad(p, "group '" + ids[i] + "' is listed twice");
        f.nodes.push_back(ids[i]);
    }
    const std::string dist = j.value("distribution", std::string("uniform"));
    if (j.contains("distribution") && !j["distribution"].is_string()) bad(ptr + "/distribution", "must be \"uniform\" or \"dirichlet\"");
    if (dist == "uniform") {
        if (j.contains("concentration")) bad(ptr + "/concentration", "is for \"distribution\": \"dirichlet\"");
        if (j.contains("percent")) f.percent = number(j["percent"], ptr + "/percent");
        if (!(f.percent > 0 && f.percent < 100)) bad(ptr + "/percent", "must be in (0, 100) so that every weight stays > 0");
        f.dims = 0;
        for (const auto& id : f.nodes) f.dims += m.nodes[static_cast<std::size_t>(m.find(id))].children.size();
    } else if (dist == "dirichlet") {
        if (j.contains("percent")) bad(ptr + "/percent", "is for \"distribution\": \"uniform\"");
        f.dirichlet = true;
        if (j.contains("concentration")) f.concentration = number(j["concentration"], ptr + "/concentration");
        if (!(f.concentration > 0) || !std::isfinite(f.concentration)) bad(ptr + "/concentration", "must be a number > 0");
        f.dims = f.nodes.size();
    } else {
        bad(ptr + "/distribution", "must be \"uniform\" or \"dirichlet\", got \"" + dist + "\"");
    }
    f.name = "weights:" + (j.contains("node") ? ids[0] : [&] {
        std::string s;
        for (const auto& id : ids) s += (s.empty() ? "" : "+") + id;
        return s;
    }());
    return f;
}

factor choice_factor(const model& m, const json& j, const std::string& ptr) {
    only_keys(j, ptr, {"type", "id", "node", "options"});
    factor f;
    f.type = factor::kind::choice;
    if (!j.contains("id") || !j["id"].is_string() || j["id"].get<std::string>().empty())
        bad(ptr + "/id", "required: a name for this uncertain choice, e.g. \"normalisation\"");
    f.name = "choice:" + j["id"].get<std::string>();
    if (j.contains("node")) {
        if (!j["node"].is_string()) bad(ptr + "/node", "must be a node id, got " + j["node"].dump());
        f.node = j["node"].get<std::string>();
        if (m.find(f.node) < 0) bad(ptr + "/node", "no node '" + f.node + "' in model '" + m.id + "'");
    }
    if (!j.contains("options") || !j["options"].is_array() || j["options"].size() < 2)
        bad(ptr + "/options", "required: an array of at least 2 JSON objects, each merged into " +
                                  (f.node.empty() ? std::string("the model document") : "node '" + f.node + "'") +
                                  " ({} keeps it as it is)");
    for (std::size_t i = 0; i < j["options"].size(); ++i) {
        const json& o = j["options"][i];
        if (!o.is_object()) bad(ptr + "/options/" + std::to_string(i), "must be a JSON object (a merge patch), got " + o.dump());
        if (o.contains("children") || o.contains("id") || o.contains("root"))
            bad(ptr + "/options/" + std::to_string(i), "must not change \"id\", \"children\" or \"root\" (remove indicators with a \"remove\" input)");
        f.choices.push_back(o.dump());
    }
    f.dims = 1;
    return f;
}

}  // namespace

spec parse_spec(const model& m, std::string_view text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw invalid_argument_error(std::string("analysis spec: not valid JSON: ") + e.what());
    }
    only_keys(j, "", {"seed", "replications", "uncertain", "uncertainty", "removal", "sobol", "audit"});
    spec s;
    if (j.contains("seed")) s.seed = count(j["seed"], "/seed", 0);
    if (j.contains("replications")) s.replications = count(j["replications"], "/replications", 1);
    if (j.contains("uncertainty")) {
        if (!j["uncertainty"].is_boolean()) bad("/uncertainty", "must be true or false");
        s.uncertainty = j["uncertainty"].get<bool>();
    }
    std::set<std::string> names;
    if (j.contains("uncertain")) {
        const json& a = j["uncertain"];
        if (!a.is_array()) bad("/uncertain", "must be an array of uncertain inputs");
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string p = "/uncertain/" + std::to_string(i);
            if (!a[i].is_object() || !a[i].contains("type") || !a[i]["type"].is_string())
                bad(p + "/type", "required: \"weights\", \"choice\" or \"remove\"");
            const auto type = a[i]["type"].get<std::string>();
            factor f;
            if (type == "weights") {
                f = weights_factor(m, a[i], p);
            } else if (type == "choice") {
                f = choice_factor(m, a[i], p);
            } else if (type == "remove") {
                only_keys(a[i], p, {"type", "indicators"});
                f.type = factor::kind::remove;
                f.name = "remove";
                if (!a[i].contains("indicators")) bad(p + "/indicators", "required: \"all\" or an array of indicator ids");
                f.removable = indicator_list(m, a[i]["indicators"], p + "/indicators");
                if (f.removable.empty()) bad(p + "/indicators", "must list at least one indicator");
                f.dims = 1;
            } else {
                bad(p + "/type", "must be \"weights\", \"choice\" or \"remove\", got \"" + type + "\"");
            }
            if (!names.insert(f.name).second) bad(p, "a second uncertain input named '" + f.name + "'");
            s.factors.push_back(std::move(f));
        }
    }
    if (j.contains("removal")) {
        const json& r = j["removal"];
        if (r.is_boolean()) {
            s.removal_shifts = r.get<bool>();
        } else {
            only_keys(r, "/removal", {"indicators"});
            if (r.contains("indicators")) s.removal_indicators = indicator_list(m, r["indicators"], "/removal/indicators");
        }
    }
    if (s.removal_shifts && s.removal_indicators.empty())
        for (int i : m.indicators) s.removal_indicators.push_back(m.nodes[static_cast<std::size_t>(i)].id);
    if (j.contains("sobol")) {
        const json& o = j["sobol"];
        if (o.is_boolean()) {
            if (o.get<bool>()) s.sobol_samples = 256;
        } else {
            only_keys(o, "/sobol", {"samples", "bootstrap", "confidence", "per_unit"});
            s.sobol_samples = o.contains("samples") ? count(o["samples"], "/sobol/samples", 2) : 256;
            if (o.contains("bootstrap")) s.sobol.bootstrap = count(o["bootstrap"], "/sobol/bootstrap", 0);
            if (o.contains("confidence")) s.sobol.confidence = number(o["confidence"], "/sobol/confidence");
            if (!(s.sobol.confidence > 0 && s.sobol.confidence < 1)) bad("/sobol/confidence", "must be in (0, 1), e.g. 0.95");
            if (o.contains("per_unit")) {
                if (!o["per_unit"].is_boolean()) bad("/sobol/per_unit", "must be true or false");
                s.sobol_per_unit = o["per_unit"].get<bool>();
            }
        }
        if (s.sobol_samples > 0 && s.factors.empty()) bad("/sobol", "needs at least one entry in /uncertain");
    }
    s.sobol.seed = s.seed;
    if (j.contains("audit")) {
        const json& a = j["audit"];
        if (a.is_boolean()) {
            s.audit = a.get<bool>();
        } else {
            only_keys(a, "/audit", {"collinear", "negative_parent"});
            if (a.contains("collinear")) s.collinear = number(a["collinear"], "/audit/collinear");
            if (!(s.collinear > 0 && s.collinear <= 1)) bad("/audit/collinear", "must be in (0, 1], e.g. 0.92");
            if (a.contains("negative_parent")) s.negative_parent = number(a["negative_parent"], "/audit/negative_parent");
            if (!(s.negative_parent >= -1 && s.negative_parent <= 1)) bad("/audit/negative_parent", "must be in [-1, 1]");
        }
    }
    return s;
}

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
