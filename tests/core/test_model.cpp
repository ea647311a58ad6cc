// Model loading and validation: every problem reported at once, each with its JSON pointer.
#include <boost/test/unit_test.hpp>

#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include "util/sha256.hpp"

#include <string>
#include <vector>

using namespace civiscore;

namespace {

const std::string data_dir = std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/";

// The pointers of every problem the model has (empty if it loads).
std::vector<std::string> problems_of(const std::string& json) {
    try {
        (void)load_model(json);
    } catch (const model_error& e) {
        std::vector<std::string> out;
        for (const auto& p : e.problems()) out.push_back(p.pointer + ": " + p.message);
        return out;
    }
    return {};
}

bool has_problem(const std::vector<std::string>& problems, const std::string& pointer, const std::string& words = "") {
    for (const auto& p : problems) {
        if (p.rfind(pointer + ": ", 0) == 0 && p.find(words) != std::string::npos) return true;
    }
    return false;
}

std::string wrap(const std::string& root, const std::string& top = "") {
    return R"({"civiscore_model": 1, "id": "m", "name": "m", )" + top + R"("root": )" + root + "}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(model_validation)

BOOST_AUTO_TEST_CASE(sha256_known_vectors) {
    BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    // 55 and 56 bytes straddle the one-block padding limit.
    BOOST_TEST(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    BOOST_TEST(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

BOOST_AUTO_TEST_CASE(mini_model_loads_with_chinese_names) {
    const auto m = load_model_file(data_dir + "mini-model.json");
    BOOST_TEST(m->id == "mini");
    BOOST_TEST(m->name == "社区服务评估（示例）");
    BOOST_REQUIRE_EQUAL(m->nodes.size(), 9u);
    BOOST_TEST(m->nodes[0].id == "total");
    BOOST_TEST(m->nodes[1].name == "服务成效");
    BOOST_TEST(m->nodes[0].points == 100.0);  // derived: 60 + 40
    BOOST_REQUIRE_EQUAL(m->indicators.size(), 6u);
    const std::vector<std::string> columns = {"satisfaction", "complaints", "meetings", "list_published",
                                              "brand_projects", "ledger_mismatch", "ledger_missing"};
    BOOST_TEST(m->input_columns == columns, boost::test_tools::per_element());
    BOOST_TEST((m->nodes[3].rule.dir == methods::direction::cost));  // complaints: worst 10 > best -20
    BOOST_TEST(m->nodes[8].rule.full == 10.0);                     // deduction full = points
    BOOST_REQUIRE_EQUAL(m->grades.size(), 4u);
    BOOST_TEST(m->grades[3].label == "不合格");
    BOOST_TEST(m->post_order.back() == 0);
    BOOST_TEST(m->sha256 == sha256_hex(m->canonical_json));
    BOOST_TEST(m->canonical_json.find("社区服务评估") != std::string::npos);  // UTF-8 kept, not \u-escaped
}

BOOST_AUTO_TEST_CASE(hash_ignores_formatting_but_not_content) {
    const auto a = load_model(wrap(R"({"id": "r", "children": [{"id": "x", "rule": {"type": "binary"}}]})"));
    const auto b = load_model("{\n \"root\" : {\"children\":[{\"rule\":{\"type\":\"binary\"},\"id\":\"x\"}],\"id\":\"r\"},"
                              "\"name\":\"m\",\"id\":\"m\",\"civiscore_model\":1}");
    const auto c = load_model(wrap(R"({"id": "r", "children": [{"id": "y", "rule": {"type": "binary"}}]})"));
    BOOST_TEST(a->sha256 == b->sha256);
    BOOST_TEST(a->sha256 != c->sha256);
}

BOOST_AUTO_TEST_CASE(three_mistakes_reported_at_once) {
    const auto p = problems_of(wrap(R"({"id": "r", "children": [
        {"id": "x", "weight": -1, "rule": {"type": "binary"}},
        {"id": "x", "weight": 1, "rule": {"type": "goalposts", "wrost": 1, "best": 2}}]})"));
    BOOST_TEST(has_problem(p, "/root/children/0/weight", "must be > 0"));
    BOOST_TEST(has_problem(p, "/root/children/1/id", "duplicate id \"x\""));
    BOOST_TEST(has_problem(p, "/root/children/1/rule/wrost", "unknown key"));
    BOOST_TEST(has_problem(p, "/root/children/1/rule/worst", "required"));
    BOOST_TEST(p.size() == 4u);  // the bad weight is reported once, not also as missing
}

BOOST_AUTO_TEST_CASE(every_validation_error_has_its_pointer) {
    // top level
    BOOST_TEST(has_problem(problems_of("[1, 2]"), "", "JSON object"));
    BOOST_TEST(has_problem(problems_of(R"({"id": "m", "name": "m", "root": {"id": "r", "children": [{"id": "x", "rule": {"type": "binary"}}]}})"),
                           "/civiscore_model", "required"));
    BOOST_TEST(has_problem(problems_of(R"({"civiscore_model": 2, "id": "m", "name": "m", "root": {"id": "r", "children": [{"id": "x", "rule": {"type": "binary"}}]}})"),
                           "/civiscore_model", "must be 1"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": [{"id": "x", "rule": {"type": "binary"}}]})", R"("colour": 1, )")),
                           "/colour", "unknown key"));
    BOOST_TEST(has_problem(problems_of(R"({"civiscore_model": 1, "id": "m", "name": "m"})"), "/root", "required"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": [{"id": "x", "rule": {"type": "binary"}}]})", R"("scale": {"min": 5, "max": 5}, )")),
                           "/scale/max"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": [{"id": "x", "rule": {"type": "binary"}}]})", R"("scores": "percent", )")),
                           "/scores"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": [{"id": "x", "rule": {"type": "binary"}}]})", R"("missing": "ignore", )")),
                           "/missing"));
    // grades
    const auto g = problems_of(wrap(R"({"id": "r", "children": [{"id": "x", "rule": {"type": "binary"}}]})",
                                    R"("grades": [{"label": "A", "min": 60}, {"label": "B", "min": 80}, {"label": "A"}, {"label": "C"}], )"));
    BOOST_TEST(has_problem(g, "/grades/1/min", "must decrease"));
    BOOST_TEST(has_problem(g, "/grades/2/label", "duplicate"));
    BOOST_TEST(has_problem(g, "/grades/2/min", "only the last band"));
    // nodes
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": []})")), "/root/children", "at least one child"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r"})")), "/root", "needs \"children\""));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": [{"id": "x", "rule": {"type": "binary"}, "children": []}]})")),
                           "/root/children/0", "not both"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"children": [{"id": "x", "rule": {"type": "binary"}}]})")), "/root/id", "required"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": [{"id": "rank", "rule": {"type": "binary"}}]})")),
                           "/root/children/0/id", "reserved"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": 7, "children": [{"id": "x", "rule": {"type": "binary"}}]})")), "/root/id", "string"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "weight": 2, "children": [{"id": "x", "rule": {"type": "binary"}}]})")),
                           "/root/weight", "no parent"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": [{"id": "x", "weight": "heavy", "rule": {"type": "binary"}}]})")),
                           "/root/children/0/weight", "number"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": [{"id": "x", "weight": 0, "rule": {"type": "binary"}}]})")),
                           "/root/children/0/weight", "> 0"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": [{"id": "x", "weight": 1, "rule": {"type": "binary"}}, {"id": "y", "rule": {"type": "binary"}}]})")),
                           "/root/children/1/weight", "explicitly"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "children": [{"id": "x", "weight": 1, "rule": {"type": "binary"}}, {"id": "y", "points": 2, "rule": {"type": "binary"}}]})")),
                           "/root/children", "mix"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "points": 5, "children": [{"id": "x", "points": 1, "rule": {"type": "binary"}}, {"id": "y", "points": 2, "rule": {"type": "binary"}}]})")),
                           "/root/points", "add up to 3"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "aggregation": "mode", "children": [{"id": "x", "rule": {"type": "binary"}}]})")),
                           "/root/aggregation"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "min_coverage": 1.5, "children": [{"id": "x", "rule": {"type": "binary"}}]})")),
                           "/root/min_coverage", "[0, 1]"));
    BOOST_TEST(has_problem(problems_of(wrap(R"({"id": "r", "weights": "random", "children": [{"id": "x", "rule": {"type": "binary"}}]})")),
                           "/root/weights"));
    // rules
    auto with = [&](const std::string& body) { return problems_of(wrap(R"({"id": "r", "children": [{"id": "x", )" + body + "}]}")); };
    BOOST_TEST(has_problem(with(R"("rule": {"type": "magic"})"), "/root/children/0/rule/type", "unknown rule"));
    BOOST_TEST(has_problem(with(R"("rule": "binary")"), "/root/children/0/rule", "object"));
    BOOST_TEST(has_problem(with(R"("rule": {"type": "min_max", "range": [10, 0]})"), "/root/children/0/rule/range", "greater"));
    BOOST_TEST(has_problem(with(R"("rule": {"type": "z_score", "sd": 0})"), "/root/children/0/rule/sd", "> 0"));
    BOOST_TEST(has_problem(with(R"("missing": "zero", "rule": {"type": "z_score"})"), "/root/children/0/missing", "lowest"));
    BOOST_TEST(has_problem(with(R"("rule": {"type": "goalposts", "worst": 3, "best": 3})"), "/root/children/0/rule/best", "differ"));
    BOOST_TEST(has_problem(with(R"("direction": "cost", "rule": {"type": "goalposts", "worst": 0, "best": 10})"),
                           "/root/children/0/direction", "contradicts"));
    BOOST_TEST(has_problem(with(R"("direction": "up", "rule": {"type": "binary"})"), "/root/children/0/direction"));
    BOOST_TEST(has_problem(with(R"("rule": {"type": "target"})"), "/root/children/0/rule/target", "required"));
    BOOST_TEST(has_problem(with(R"("rule": {"type": "target", "target": -4})"), "/root/children/0/rule/target", "> 0"));
    BOOST_TEST(has_problem(with(R"("rule": {"type": "tiers", "tiers": [{"min": 2, "fraction": 0.5}, {"min": 1, "fraction": 1}]})"),
                           "/root/children/0/rule/tiers/1/min", "increase"));
    BOOST_TEST(has_problem(with(R"("rule": {"type": "tiers", "tiers": [{"min": 2, "fraction": 1.5}]})"),
                           "/root/children/0/rule/tiers/0/fraction", "[0, 1]"));
    BOOST_TEST(has_problem(with(R"("direction": "cost", "rule": {"type": "tiers", "tiers": [{"min": 2, "fraction": 1}]})"),
                           "/root/children/0/rule/tiers/0/min", "unknown key"));
    BOOST_TEST(has_problem(with(R"("rule": {"type": "deduction", "deductions": [{"column": "a", "per_event": 1}]})"),
                           "/root/children/0/rule/full", "required"));
    BOOST_TEST(has_problem(with(R"("points": 2, "rule": {"type": "deduction", "floor": 3, "deductions": [{"column": "a", "per_event": 1}]})"),
                           "/root/children/0/rule/floor"));
    BOOST_TEST(has_problem(with(R"("points": 2, "rule": {"type": "deduction", "deductions": [{"column": "a", "per_event": 1}, {"column": "a", "per_event": 2}]})"),
                           "/root/children/0/rule/deductions/1/column", "twice"));
    BOOST_TEST(has_problem(with(R"("points": 2, "column": "c", "rule": {"type": "deduction", "deductions": [{"column": "a", "per_event": 1}]})"),
                           "/root/children/0/column"));
    BOOST_TEST(has_problem(with(R"("unit": "%", "rule": {"type": "binary", "extra": 1})"), "/root/children/0/rule/extra", "unknown key"));
    BOOST_TEST(has_problem(with(R"("aggregation": "geometric", "rule": {"type": "binary"})"), "/root/children/0/aggregation", "unknown key"));
    // points display
    const auto pd = problems_of(wrap(R"({"id": "r", "aggregation": "geometric", "children": [{"id": "x", "points": 1, "rule": {"type": "z_score"}}, {"id": "y", "weight": 2, "rule": {"type": "binary"}}]})",
                                     R"("scores": "points", )"));
    BOOST_TEST(has_problem(pd, "/root/children/0/rule/type", "no maximum"));
    BOOST_TEST(has_problem(pd, "/root/children", "mix"));
}

BOOST_AUTO_TEST_CASE(invalid_json_names_line_and_column) {
    const auto p = problems_of("{\n  \"civiscore_model\": 1,\n  \"id\": oops\n}");
    BOOST_REQUIRE(!p.empty());
    BOOST_TEST(p[0].find("line 3") != std::string::npos);
    BOOST_TEST(!problems_of("{\"name\": \"\xff\xfe\"}").empty());  // invalid UTF-8 is a model error, not a crash
    BOOST_TEST(!problems_of("").empty());
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_not_a_crash) {
    std::string deep = R"({"id": "n0", "children": [)";
    std::string close = "]}";
    for (int i = 1; i < 100; ++i) {
        deep += R"({"id": "n)" + std::to_string(i) + R"(", "children": [)";
        close += "]}";
    }
    deep += R"({"id": "leaf", "rule": {"type": "binary"}})" + close;
    const auto p = problems_of(wrap(deep));
    BOOST_REQUIRE(!p.empty());
    BOOST_TEST(p[0].find("deeper than") != std::string::npos);
    BOOST_CHECK_THROW((void)load_model_file(data_dir + "no-such-model.json"), io_error);
}

BOOST_AUTO_TEST_CASE(effective_weights_are_products_of_local_weights) {
    const auto m = load_model(wrap(R"({"id": "r", "children": [
        {"id": "G", "weight": 3, "children": [{"id": "a", "weight": 1, "rule": {"type": "binary"}}, {"id": "b", "weight": 3, "rule": {"type": "binary"}}]},
        {"id": "c", "weight": 1, "rule": {"type": "binary"}}]})"));
    // G local 3/4, a 1/4 of G -> 3/16; b 3/4 of G -> 9/16; c 1/4.
    BOOST_TEST(m->nodes[2].effective_weight == 3.0 / 16, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(m->nodes[3].effective_weight == 9.0 / 16, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(m->nodes[4].effective_weight == 1.0 / 4, boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_SUITE_END()
