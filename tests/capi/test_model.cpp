// Loading models and reading them back through the C accessors.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

using namespace capi_test;

BOOST_AUTO_TEST_SUITE(model)

BOOST_AUTO_TEST_CASE(mini_model_structure) {
    auto m = load_model(mini_model_json);
    const auto* mp = m.get();
    BOOST_TEST(std::string(civiscore_model_id(mp)) == "mini");
    BOOST_TEST(std::string(civiscore_model_name(mp)) == "社区服务评估（示例）");
    const std::string sha = civiscore_model_sha256(mp);
    BOOST_TEST(sha.size() == 64u);
    BOOST_TEST(sha.find_first_not_of("0123456789abcdef") == std::string::npos);

    BOOST_REQUIRE(civiscore_model_node_count(mp) == mini_node_ids.size());
    const ptrdiff_t parents[] = {-1, 0, 1, 1, 1, 0, 5, 5, 5};
    const int levels[] = {0, 1, 2, 2, 2, 1, 2, 2, 2};
    const int indicator[] = {0, 0, 1, 1, 1, 0, 1, 1, 1};
    for (size_t i = 0; i < mini_node_ids.size(); ++i) {
        BOOST_TEST_CONTEXT("node " << i) {
            BOOST_TEST(std::string(civiscore_model_node_id(mp, i)) == mini_node_ids[i]);
            BOOST_TEST(civiscore_model_node_parent(mp, i) == parents[i]);
            BOOST_TEST(civiscore_model_node_level(mp, i) == levels[i]);
            BOOST_TEST(civiscore_model_node_is_indicator(mp, i) == indicator[i]);
            BOOST_TEST(civiscore_model_find_node(mp, mini_node_ids[i].c_str()) ==
                       static_cast<ptrdiff_t>(i));
        }
    }
    BOOST_TEST(civiscore_model_find_node(mp, "no_such_node") == -1);

    const char* indicators[] = {"satisfaction",   "complaints",     "meetings",
                                "list_published", "brand_projects", "ledger"};
    BOOST_REQUIRE(civiscore_model_indicator_count(mp) == 6u);
    for (size_t i = 0; i < 6; ++i) {
        BOOST_TEST(std::string(civiscore_model_indicator_id(mp, i)) == indicators[i]);
    }
    // The deduction rule reads one column per event, so 6 indicators need 7 columns.
    BOOST_REQUIRE(civiscore_model_input_column_count(mp) == mini_columns.size());
    for (size_t i = 0; i < mini_columns.size(); ++i) {
        BOOST_TEST(std::string(civiscore_model_input_column(mp, i)) == mini_columns[i]);
    }
    const char* grades[] = {"优秀", "良好", "合格", "不合格"};
    BOOST_REQUIRE(civiscore_model_grade_count(mp) == 4u);
    for (size_t i = 0; i < 4; ++i) {
        BOOST_TEST(std::string(civiscore_model_grade_label(mp, i)) == grades[i]);
    }
}

BOOST_AUTO_TEST_CASE(chinese_names_round_trip) {
    auto m = load_model(mini_model_json);
    const char* names[] = {"总分",     "服务成效",     "居民满意度", "投诉量同比变化率",
                           "联席会议次数", "能力建设", "责任清单公开", "品牌项目数",
                           "台账规范"};
    for (size_t i = 0; i < 9; ++i) {
        // Compare bytes: the UTF-8 must come back unchanged, not re-encoded.
        const char* got = civiscore_model_node_name(m.get(), i);
        BOOST_REQUIRE(got != nullptr);
        BOOST_TEST(std::strcmp(got, names[i]) == 0, "node " << i << ": " << got);
    }
    // "总分" is 6 bytes of UTF-8 (3 per CJK character).
    BOOST_TEST(std::strlen(civiscore_model_node_name(m.get(), 0)) == 6u);
}

BOOST_AUTO_TEST_CASE(out_of_range_indices_report_invalid_argument) {
    auto m = load_model(mini_model_json);
    BOOST_TEST(civiscore_model_node_id(m.get(), 9) == nullptr);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_model_node_id"));
    BOOST_TEST(contains(civiscore_last_error_message(), "9"));
    BOOST_TEST(civiscore_model_node_name(m.get(), 100) == nullptr);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_model_node_name"));
    BOOST_TEST(civiscore_model_node_parent(m.get(), 9) == -1);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_model_node_parent"));
    BOOST_TEST(civiscore_model_node_level(m.get(), 9) == -1);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_model_node_level"));
    BOOST_TEST(civiscore_model_node_is_indicator(m.get(), 9) == 0);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_model_node_is_indicator"));
    BOOST_TEST(civiscore_model_indicator_id(m.get(), 6) == nullptr);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_model_indicator_id"));
    BOOST_TEST(civiscore_model_input_column(m.get(), 7) == nullptr);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_model_input_column"));
    BOOST_TEST(civiscore_model_grade_label(m.get(), 4) == nullptr);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_model_grade_label"));
    // A good index after a bad one clears the error.
    BOOST_TEST(civiscore_model_node_parent(m.get(), 0) == -1);
    BOOST_TEST(std::string(civiscore_last_error_message()).empty());
}

BOOST_AUTO_TEST_CASE(explicit_length_and_formatting_do_not_change_the_model) {
    auto a = load_model(mini_model_json);
    // Same content, compact and with a different key order at the top: same canonical SHA-256.
    const char* compact =
        R"json({"id":"mini","civiscore_model":1,"name":"社区服务评估（示例）","name_en":"Community service assessment (example)","scores":"points","grades":[{"label":"优秀","label_en":"excellent","min":90},{"label":"良好","label_en":"good","min":80},{"label":"合格","label_en":"pass","min":60},{"label":"不合格","label_en":"fail"}],"root":{"id":"total","name":"总分","children":[{"id":"D1","name":"服务成效","points":60,"min_coverage":0.5,"children":[{"id":"satisfaction","name":"居民满意度","unit":"score 0-100","points":30,"rule":{"type":"goalposts","worst":50,"best":90}},{"id":"complaints","name":"投诉量同比变化率","unit":"% change","direction":"cost","points":20,"rule":{"type":"goalposts","worst":10,"best":-20}},{"id":"meetings","name":"联席会议次数","unit":"times/year","points":10,"rule":{"type":"target","target":4}}]},{"id":"D2","name":"能力建设","points":40,"missing":"zero","children":[{"id":"list_published","name":"责任清单公开","unit":"yes/no","points":10,"rule":{"type":"binary"}},{"id":"brand_projects","name":"品牌项目数","unit":"count","points":20,"rule":{"type":"tiers","tiers":[{"min":1,"fraction":0.5},{"min":3,"fraction":1}]}},{"id":"ledger","name":"台账规范","unit":"points","points":10,"rule":{"type":"deduction","floor":0,"deductions":[{"column":"ledger_mismatch","name":"抽查不符","per_event":0.5},{"column":"ledger_missing","name":"台账缺失","per_event":1}]}}]}]}})json";
    // An explicit length stops before the trailing garbage.
    const std::string with_garbage = std::string(compact) + "#garbage";
    civiscore_model* b = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_model_load_string(with_garbage.data(), std::strlen(compact),
                                                      &b) == CIVISCORE_OK,
                          civiscore_last_error_message());
    model_handle hb(b);
    BOOST_TEST(std::string(civiscore_model_sha256(a.get())) == civiscore_model_sha256(hb.get()));
    // The garbage itself makes the document invalid.
    civiscore_model* c = nullptr;
    BOOST_TEST(civiscore_model_load_string(with_garbage.c_str(), static_cast<size_t>(-1), &c) ==
               CIVISCORE_ERROR_MODEL);
    BOOST_TEST(c == nullptr);
}

BOOST_AUTO_TEST_CASE(invalid_model_lists_every_problem) {
    const char* bad = R"({
      "civiscore_model": 1, "id": "bad", "name": "bad",
      "grades": [{"label": "a", "min": 50}, {"label": "b", "min": 80}],
      "root": {"id": "r", "weights": "explicit", "children": [
        {"id": "x", "weight": -1, "rule": {"type": "binary"}},
        {"id": "y", "weight": 1, "rule": {"type": "goalposts", "worst": 0, "best": 10, "wrost": 3}}
      ]}
    })";
    civiscore_model* sentinel = reinterpret_cast<civiscore_model*>(&sentinel);
    civiscore_model* out = sentinel;
    BOOST_TEST(civiscore_model_load_string(bad, static_cast<size_t>(-1), &out) ==
               CIVISCORE_ERROR_MODEL);
    BOOST_TEST(out == sentinel);  // untouched on failure
    const std::string msg = civiscore_last_error_message();
    BOOST_TEST_MESSAGE("model errors:\n" << msg);
    BOOST_TEST(contains(msg.c_str(), "/root/children/0/weight"));
    BOOST_TEST(contains(msg.c_str(), "/root/children/1/rule"));
    BOOST_TEST(contains(msg.c_str(), "wrost"));
    BOOST_TEST(contains(msg.c_str(), "/grades/1/min"));
    // One problem per line: at least three lines.
    BOOST_TEST(std::count(msg.begin(), msg.end(), '\n') >= 2);

    civiscore_model* m = nullptr;
    BOOST_TEST(civiscore_model_load_string("{\"civiscore_model\": 1,", static_cast<size_t>(-1), &m) ==
               CIVISCORE_ERROR_MODEL);
    BOOST_TEST(std::string(civiscore_last_error_message()).size() > 0);
    BOOST_TEST(m == nullptr);
}

BOOST_AUTO_TEST_CASE(load_from_file) {
    const std::string path = "capi_test_mini_model.json";
    {
        std::ofstream f(path, std::ios::binary);
        f << mini_model_json;
    }
    civiscore_model* m = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_model_load_file(path.c_str(), &m) == CIVISCORE_OK,
                          civiscore_last_error_message());
    model_handle hm(m);
    auto from_string = load_model(mini_model_json);
    BOOST_TEST(std::string(civiscore_model_sha256(hm.get())) ==
               civiscore_model_sha256(from_string.get()));
    std::remove(path.c_str());

    civiscore_model* missing = nullptr;
    BOOST_TEST(civiscore_model_load_file("/nonexistent-dir/model.json", &missing) ==
               CIVISCORE_ERROR_IO);
    BOOST_TEST(contains(civiscore_last_error_message(), "/nonexistent-dir/model.json"));
    BOOST_TEST(missing == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
