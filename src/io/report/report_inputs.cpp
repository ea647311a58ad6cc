// Report inputs from the assessment and data-check layers: their results as the JSON blobs that
// report::options takes (include/civiscore/report/inputs.hpp).
#include <civiscore/report/inputs.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

namespace civiscore {
inline namespace v0 {
namespace report {
namespace {

using json = nlohmann::ordered_json;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

}  // namespace

std::string assessment_blob(const assess::assessment& a, const std::vector<std::int64_t>* amounts,
                            bool yuan) {
    json units = json::array();
    for (const auto& u : a.units) {
        json events = json::array();
        for (const auto& e : u.events) {
            events.push_back({{"kind", e.kind}, {"id", e.id}, {"name", e.name}, {"count", num(e.count)},
                              {"points", num(e.points)}, {"doubled", e.doubled}});
        }
        json rect = json::array();
        for (const auto& it : u.rectification) {
            rect.push_back({{"kind", it.kind}, {"id", it.id}, {"name", it.name}, {"value", num(it.value)},
                            {"goalpost", num(it.goalpost)}, {"score", num(it.score)}, {"max", num(it.max)},
                            {"loss", num(it.loss)}, {"gain", num(it.gain)}, {"source", it.source},
                            {"deadline_days", it.deadline_days}, {"reason", it.reason}});
        }
        units.push_back({{"unit_id", u.unit_id}, {"final_score", num(u.final_score)},
                         {"grade", a.grade_label(u.grade)}, {"vetoed", u.vetoed},
                         {"bonus", num(u.bonus)}, {"deduction", num(u.deduction)}, {"events", events},
                         {"rectification", rect}, {"accountability_status", u.accountability_status}});
    }
    json allocations = json::array();
    if (amounts) {
        for (std::size_t i = 0; i < a.units.size() && i < amounts->size(); ++i) {
            const auto& u = a.units[i];
            const double amount = yuan ? static_cast<double>((*amounts)[i])
                                       : static_cast<double>((*amounts)[i]) / 100.0;
            allocations.push_back({{"unit", u.unit_id}, {"grade", a.grade_label(u.grade)},
                                   {"final_score", num(u.final_score)}, {"eligible", u.fund_eligible},
                                   {"amount", amount}});
        }
    }
    return json{{"period", a.period}, {"units", units}, {"allocations", allocations}}.dump();
}

std::string checks_blob(const check::report& r) {
    json flags = json::array();
    for (const auto& f : r.flags) {
        flags.push_back({{"rule", f.rule}, {"severity", check::severity_name(f.level)},
                         {"effect", check::effect_name(f.effect)}, {"unit", f.unit}, {"column", f.column},
                         {"period", f.period}, {"group", f.group}, {"reason_zh", f.reason_zh},
                         {"reason_en", f.reason_en}});
    }
    return json{{"flags", flags}, {"notes", r.notes}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace report
}  // namespace v0
}  // namespace civiscore
