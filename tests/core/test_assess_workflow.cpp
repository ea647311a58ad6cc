// The assessment layer (include/civiscore/assess): profiles, rater_360, rectification, quotas,
// accountability, allocation and Kendall's W, each against numbers computed by hand.
#include <boost/test/unit_test.hpp>

#include <civiscore/assess/assessment.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <numeric>
#include <sstream>

using namespace civiscore;
namespace tt = boost::test_tools;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string root = CIVISCORE_SOURCE_DIR;

// The worked example with a `type` column appended.
dataset worked_with_type(const std::string& type) {
    std::istringstream in(slurp(root + "/examples/sanshe/worked-example.csv"));
    std::string header, row;
    std::getline(in, header);
    std::getline(in, row);
    return parse_csv(header + ",type\n" + row + "," + type + "\n", csv_options{});
}

// The example plan's profiles and raters only (the worked example has no adjustment columns).
nlohmann::json example_plan_part(const char* key) {
    return nlohmann::json::parse(slurp(root + "/examples/sanshe/plan.json"))[key];
}

// A two-indicator points model: T = A (50 points: a, goalposts 0..100) + B (50 points: b, 0..100).
const char* tiny_model = R"({"civiscore_model": 1, "id": "tiny", "name": "tiny", "scores": "points",
  "grades": [{"label": "优秀", "min": 90}, {"label": "良好", "min": 80}, {"label": "合格", "min": 60}, {"label": "不合格"}],
  "root": {"id": "T", "name": "T", "points": 100, "children": [
    {"id": "A", "name": "A", "points": 50, "children": [{"id": "a", "name": "a", "points": 50, "rule": {"type": "goalposts", "worst": 0, "best": 100}}]},
    {"id": "B", "name": "B", "points": 50, "children": [{"id": "b", "name": "b", "points": 50, "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}]}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(assess_workflow)

BOOST_AUTO_TEST_CASE(worked_example_under_the_rural_profile) {
    const auto m = load_model_file(root + "/examples/sanshe/model.json");
    nlohmann::json pj = {{"civiscore_plan", 1}, {"profiles", example_plan_part("profiles")}};
    const auto p = assess::load_plan(*m, pj.dump());
    const auto a = assess::run(m, p, worked_with_type("rural"), nullptr, 1);
    BOOST_REQUIRE(a.units.size() == 1u);
    BOOST_TEST(a.units[0].profile == "rural");
    // Urban total 73.39596985109833 (tests/data/sanshe-worked-expected.json). Rural overrides of the
    // reference (goalposts_by_context / target_by_context):
    //   I14 30..80:   (75-30)/50 * 2 = 1.8        (urban 1.4)   +0.4
    //   I15 100..800: 900 >= 800 -> 2             (urban 1.4)   +0.6
    //   I25 10..40:   (22-10)/30 * 2 = 0.8        (urban 1.36)  -0.56
    //   I29 5..35:    49.06 >= 35 -> 3            (urban 2.5545) +0.4455
    //   I32 target 1: min(1/1, 1) * 2 = 2         (urban 1)     +1
    //   I33 target 5: min(8/5, 1) * 2 = 2         (urban 1.6)   +0.4
    // total = 73.39596985109833 + 2.2855 = 75.68146985109833, grade 合格 (60 <= x < 80)
    const auto& s = a.periods[0].scores;
    const auto at = [&](const char* id) { return s.score(0, static_cast<std::size_t>(m->find(id))); };
    BOOST_TEST(at("I14") == 1.8, tt::tolerance(1e-12));
    BOOST_TEST(at("I15") == 2.0, tt::tolerance(1e-12));
    BOOST_TEST(at("I25") == 0.8, tt::tolerance(1e-12));
    BOOST_TEST(at("I29") == 3.0, tt::tolerance(1e-12));
    BOOST_TEST(at("I32") == 2.0, tt::tolerance(1e-12));
    BOOST_TEST(at("I33") == 2.0, tt::tolerance(1e-12));
    BOOST_TEST(a.units[0].final_score == 75.68146985109833, tt::tolerance(1e-9));
    BOOST_TEST(a.grade_label(a.units[0].grade) == "合格");
    // The urban profile gives the hand-computed urban total.
    const auto u = assess::run(m, p, worked_with_type("urban"), nullptr, 1);
    BOOST_TEST(u.units[0].final_score == 73.39596985109833, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(worked_example_in_the_rater_360_mode) {
    const auto m = load_model_file(root + "/examples/sanshe/model.json");
    nlohmann::json raters = example_plan_part("raters");
    raters.erase("sources");
    nlohmann::json pj = {{"civiscore_plan", 1}, {"raters", raters}};
    const auto p = assess::load_plan(*m, pj.dump());
    const auto a = assess::run(m, p, worked_with_type("urban"), nullptr, 1);
    // residents (I17, I19, I28; 4+2+2 = 8 points): 3.2 + 1.4 + 28/17 = 6.247058823529411
    //   G_res = 100 * 6.247058823529411 / 8 = 78.08823529411764
    // third party (I01 I02 I07 I09 I12 I18 I20 I23 I27 I30 I36 I37 I40 I41; 36 points):
    //   2.25 + 7/3 + 2.1 + 32/9 + 4/3 + 18/7 + 0.6 + 2.25 + 1.2 + 1.875 + 1.8 + 1.4 + 1.5 + 1.2
    //   = 25.96865079365079;  G_3rd = 100 * 25.96865079365079 / 36 = 72.13514109347442
    // department (the other 25 indicators; 56 points): 73.39596985109833 - 6.247058823529411
    //   - 25.96865079365079 = 41.180260233918126;  G_dep = 100 * 41.180260233918126 / 56 = 73.53617898913951
    // total = 0.4 * 78.08823529411764 + 0.3 * 72.13514109347442 + 0.3 * 73.53617898913951
    //       = 31.235294117647 + 21.640542328042 + 22.060853696742 = 74.93669014243123
    BOOST_TEST(a.units[0].base == 74.93669014243123, tt::tolerance(1e-9));
    // Effective weights: I17 = 0.4 * 4/8 = 0.2; I01 = 0.3 * 3/36 = 0.025; I05 = 0.3 * 4/56 = 0.0214285714
    const auto ew = [&](const char* id) {
        for (std::size_t k = 0; k < m->indicators.size(); ++k)
            if (m->nodes[static_cast<std::size_t>(m->indicators[k])].id == id) return a.effective_weights[k];
        return -1.0;
    };
    BOOST_TEST(ew("I17") == 0.2, tt::tolerance(1e-12));
    BOOST_TEST(ew("I01") == 0.025, tt::tolerance(1e-12));
    BOOST_TEST(ew("I05") == 0.3 * 4 / 56, tt::tolerance(1e-12));
    BOOST_TEST(std::accumulate(a.effective_weights.begin(), a.effective_weights.end(), 0.0) == 1.0, tt::tolerance(1e-12));
    // Rater groups in name order (department, residents, third_party), with their weights.
    BOOST_REQUIRE(a.source_names.size() == 3u);
    BOOST_TEST(a.source_names[1] == "residents");
    BOOST_TEST(a.source_weights[1] == 0.4, tt::tolerance(1e-12));
    BOOST_TEST(a.source_weights[0] == 0.3, tt::tolerance(1e-12));
    // Potential gain of I42 (department, loss 3 - 1.5 = 1.5): 1.5 * 0.3 * 100 / 56 = 0.803571428571
    // points of the total (d total / d s = w_g * 100 / sum of the group's points).
    bool found = false;
    for (const auto& r : a.units[0].rectification)
        if (r.id == "I42") {
            found = true;
            BOOST_TEST(r.loss == 1.5, tt::tolerance(1e-12));
            BOOST_TEST(r.gain == 1.5 * 0.3 * 100 / 56, tt::tolerance(1e-12));
            BOOST_TEST(r.source == "department");
        }
    BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(rectification_list_of_the_worked_example) {
    const auto m = load_model_file(root + "/examples/sanshe/model.json");
    nlohmann::json raters = example_plan_part("raters");
    raters["mode"] = "indicator_tree";
    raters.erase("sources");
    nlohmann::json pj = {{"civiscore_plan", 1}, {"raters", raters}};
    const auto p = assess::load_plan(*m, pj.dump());
    const auto a = assess::run(m, p, read_csv_file(root + "/examples/sanshe/worked-example.csv", csv_options{}), nullptr, 1);
    const auto& list = a.units[0].rectification;
    // Losses P - s (sanshe-worked-expected.json): I42 3-1.5 = 1.5, I36 3-1.8 = 1.2, I30 3-1.875 = 1.125,
    // I24 2-1 = 1, I32 2-1 = 1 (the five largest; equal losses in model order), then the others below
    // s/P < 0.6: I31 2-10/9 = 0.8889 (0.556), I39 1-0.375 = 0.625 (0.375), I35 1-0.4 = 0.6 (0.4),
    // I16 1-0.5 = 0.5 (0.5). I07 (loss 0.9, s/P 0.7) is neither.
    const std::vector<std::string> ids{"I42", "I36", "I30", "I24", "I32", "I31", "I39", "I35", "I16"};
    const std::vector<double> loss{1.5, 1.2, 1.125, 1.0, 1.0, 8.0 / 9, 0.625, 0.6, 0.5};
    BOOST_REQUIRE(list.size() == ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        BOOST_TEST(list[i].id == ids[i]);
        BOOST_TEST(list[i].loss == loss[i], tt::tolerance(1e-9));
        BOOST_TEST(list[i].gain == loss[i], tt::tolerance(1e-9));  // points add up: gain = loss
        BOOST_TEST(list[i].deadline_days == 60);                    // every loss < 2 points
    }
    BOOST_TEST(list[0].value == 1.5);       // I42 raw value
    BOOST_TEST(list[0].goalpost == 3.0);    // the top tier threshold
    BOOST_TEST(list[0].source == "department");
    BOOST_TEST(list[0].reason == "ratio+top");  // 1.5/3 = 0.5 < 0.6 and the largest loss
    BOOST_TEST(list[1].reason == "top");        // I36 1.8/3 = 0.6, not below
}

BOOST_AUTO_TEST_CASE(quota_demotes_exactly_by_the_tie_break) {
    const auto m = load_model(tiny_model);
    const auto p = assess::load_plan(*m, R"({"civiscore_plan": 1,
        "quotas": [{"grade": "优秀", "max_share": 0.3, "tie_break": ["B", "A"]}]})");
    // T = a/2 + b/2. 10 units; floor(0.3 * 10) = 3 keep 优秀.
    //   u4 100/100 -> 100; u3 80/100 -> 90 (B 50); k1 90/90 -> 90 (B 45); k0 90/90 -> 90 (B 45);
    //   u2 100/80 -> 90 (B 40); five more below 90.
    // Order: u4 (100), u3 (B 50), then k0 and k1 tie on T, B and A -> unit id: k0 < k1, then u2.
    // Kept: u4, u3, k0. Demoted to 良好: k1, u2.
    const auto d = parse_csv("unit_id,a,b\nu4,100,100\nu3,80,100\nk1,90,90\nk0,90,90\nu2,100,80\n"
                             "x1,70,70\nx2,60,60\nx3,85,85\nx4,50,50\nx5,40,90\n", csv_options{});
    const auto a = assess::run(m, p, d, nullptr, 1);
    std::vector<std::string> demoted, excellent;
    for (const auto& u : a.units) {
        if (u.demoted) demoted.push_back(u.unit_id);
        if (a.grade_label(u.grade) == "优秀") excellent.push_back(u.unit_id);
    }
    BOOST_TEST(excellent == (std::vector<std::string>{"u4", "u3", "k0"}), tt::per_element());
    BOOST_TEST(demoted == (std::vector<std::string>{"k1", "u2"}), tt::per_element());
    BOOST_TEST(a.grade_label(a.units[2].grade) == "良好");
    BOOST_TEST(a.grade_label(a.units[2].band) == "优秀");
}

BOOST_AUTO_TEST_CASE(adjustments_vetoes_and_two_failing_years) {
    const auto m = load_model(tiny_model);
    const auto p = assess::load_plan(*m, R"({"civiscore_plan": 1,
      "adjustments": {"bonus": [{"id": "B1", "column": "hon", "points": 2}], "bonus_cap": 3,
        "deductions": [{"id": "M1", "column": "comp", "per_event": 0.5, "cap": 3, "unresolved_column": "open"}],
        "vetoes": [{"id": "V2", "column": "incident", "op": ">=", "value": 1, "zero_fund": true}]},
      "periods": {"column": "period", "annual": ["2024", "2025"], "quarters": {"2025": ["2025Q1", "2025Q2"]},
                  "combine": {"quarters": 0.3, "annual": 0.7}, "carry_forward": true},
      "accountability": [{"id": "A1", "grades": ["不合格"], "consecutive": 2, "status": "exit", "exclude_periods": 2, "fund_eligible": false},
                         {"id": "A2", "grades": ["不合格"], "status": "rectification_plan"}]})");
    const auto d = assess::parse_long_csv(
        "unit_id,period,a,b,hon,comp,open,incident\n"
        "f,2024,40,40,0,0,0,0\n"       // 2024: 40 -> 不合格
        "g,2024,90,90,0,0,0,0\n"
        "f,2025Q1,50,50,0,0,0,0\n"
        "g,2025Q1,80,,0,0,0,0\n"        // b missing in Q1 (no earlier quarter): scored 'skip'
        "f,2025Q2,50,50,0,0,0,0\n"
        "g,2025Q2,100,,0,0,0,0\n"       // b missing in Q2: carried forward? Q1 had none either
        "f,2025,50,50,0,0,0,0\n"
        "g,2025,80,80,2,8,1,1\n");
    const auto a = assess::run(m, p, d, nullptr, 1);
    BOOST_REQUIRE(a.units.size() == 2u);
    const auto& f = a.units[0];
    // f 2025: 0.3 * mean(50, 50) + 0.7 * 50 = 50 -> 不合格 two years running -> A1 exit.
    BOOST_TEST(f.base == 50.0, tt::tolerance(1e-12));
    BOOST_TEST(f.accountability_rule == "A1");
    BOOST_TEST(f.accountability_status == "exit");
    BOOST_TEST(f.exclude_periods == 2);
    BOOST_TEST(!f.fund_eligible);
    BOOST_TEST(f.grade_history == (std::vector<std::string>{"不合格", "不合格"}), tt::per_element());
    const auto& g = a.units[1];
    // g quarters: b missing in both -> A-only coverage; the engine's missing policy (skip) rescales:
    // Q1 T = 80, Q2 T = 100 (a alone on the scale). Annual 80/80 -> 80.
    // base = 0.3 * (80 + 100) / 2 + 0.7 * 80 = 27 + 56 = 83
    BOOST_TEST(g.base == 83.0, tt::tolerance(1e-9));
    // bonus 2 * 2 = 4, capped at 3; deduction min(0.5 * 8, 3) = 3, doubled (open) = 6.
    BOOST_TEST(g.bonus == 3.0);
    BOOST_TEST(g.deduction == 6.0);
    BOOST_TEST(g.final_score == 80.0, tt::tolerance(1e-9));  // 83 + 3 - 6
    BOOST_TEST(a.grade_label(g.band) == "良好");
    BOOST_TEST(g.vetoed);
    BOOST_TEST(a.grade_label(g.grade) == "不合格");
    BOOST_TEST(!g.fund_eligible);
    // g's history: 优秀 (2024: 90), 不合格 (vetoed) -> A2 (one failing year), not A1.
    BOOST_TEST(g.accountability_rule == "A2");
    // The veto heads g's rectification list, then by points lost: a and b (50 - 40 = 10 each, model
    // order), then the doubled deduction (6 points).
    BOOST_REQUIRE(g.rectification.size() == 4u);
    BOOST_TEST(g.rectification[0].kind == "veto");
    BOOST_TEST(g.rectification[0].id == "V2");
    BOOST_TEST(g.rectification[1].id == "a");
    BOOST_TEST(g.rectification[2].id == "b");
    BOOST_TEST(g.rectification[1].loss == 10.0, tt::tolerance(1e-12));
    BOOST_TEST(g.rectification[3].kind == "deduction");
    BOOST_TEST(g.rectification[3].loss == 6.0);
    BOOST_TEST(g.rectification[3].deadline_days == 30);  // loss >= 2
    // change 2025 - 2024 of T for f: 50 - 40 = 10 (node scores, before combination)
    BOOST_TEST(a.change[0 * 2 + 0] == 10.0, tt::tolerance(1e-12));
    BOOST_TEST(a.trend[0 * 2 + 0] == 10.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(carry_forward_is_recorded) {
    const auto m = load_model(tiny_model);
    const auto p = assess::load_plan(*m, R"({"civiscore_plan": 1,
      "periods": {"column": "period", "annual": ["2025"], "quarters": {"2025": ["Q1", "Q2"]},
                  "combine": {"quarters": 0.5, "annual": 0.5}, "carry_forward": true}})");
    const auto d = assess::parse_long_csv("unit_id,period,a,b\nu,Q1,60,70\nu,Q2,80,\nu,2025,90,90\n");
    const auto a = assess::run(m, p, d, nullptr, 1);
    BOOST_REQUIRE(a.carried.size() == 1u);
    BOOST_TEST(a.carried[0].period == "Q2");
    BOOST_TEST(a.carried[0].column == "b");
    BOOST_TEST(a.carried[0].from_period == "Q1");
    BOOST_TEST(a.carried[0].value == 70.0);
    // Q1 = 65, Q2 = (80 + 70) / 2 = 75; base = 0.5 * 70 + 0.5 * 90 = 80
    BOOST_TEST(a.units[0].base == 80.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(allocation_is_exact_with_ties_and_caps) {
    const auto m = load_model(tiny_model);
    const auto p = assess::load_plan(*m, R"({"civiscore_plan": 1,
      "adjustments": {"vetoes": [{"id": "V1", "column": "fake", "zero_fund": true}]},
      "allocation": {"rule": "proportional", "threshold": 60}})");
    // Finals 90, 80, 80, 70, 95 (vetoed). Proportional above 60: weights 30, 20, 20, 10, 0.
    const auto d = parse_csv("unit_id,a,b,fake\nw,90,90,0\nx,80,80,0\ny,80,80,0\nz,70,70,0\nv,95,95,1\n", csv_options{});
    const auto a = assess::run(m, p, d, nullptr, 1);
    // Budget 100.00 yuan = 10000 cents: shares 10000 * 30/80 = 3750, 2500, 2500, 1250, vetoed 0.
    auto c = a.plan->allocation;
    auto x = assess::allocate(a, c, 10000);
    BOOST_TEST(x == (std::vector<std::int64_t>{3750, 2500, 2500, 1250, 0}), tt::per_element());
    // 1.00 yuan = 100 cents: 37.5, 25, 25, 12.5 -> floors 37, 25, 25, 12 (99); one cent left: the
    // remainders 0.5 (w) and 0.5 (z) tie -> unit order gives it to w: 38, 25, 25, 12.
    x = assess::allocate(a, c, 100);
    BOOST_TEST(x == (std::vector<std::int64_t>{38, 25, 25, 12, 0}), tt::per_element());
    // Cap 30.00 yuan on 100.00: w's 37.50 is capped at 30.00 (3000); the other 7000 cents by 20:20:10:
    // 2800, 2800, 1400.
    c.cap = 30;
    x = assess::allocate(a, c, 10000);
    BOOST_TEST(x == (std::vector<std::int64_t>{3000, 2800, 2800, 1400, 0}), tt::per_element());
    // Floor 20.00 yuan: z's 12.50 -> 20.00; 8000 left over 30:20:20 -> 3428.57, 2285.71, 2285.71
    // floors 3428 + 2285 + 2285 = 7998, two cents to the largest remainders .714 (x, y): 3428, 2286, 2286.
    c.cap = 0;
    c.floor = 20;
    x = assess::allocate(a, c, 10000);
    BOOST_TEST(x == (std::vector<std::int64_t>{3428, 2286, 2286, 2000, 0}), tt::per_element());
    BOOST_TEST(assess::parse_amount("1234.5", false) == 123450);
    BOOST_TEST(assess::parse_amount("1234", true) == 1234);
    BOOST_CHECK_THROW((void)assess::parse_amount("1.234", false), invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(allocation_on_the_sanshe_periods_is_exact_for_every_rule) {
    const auto m = load_model_file(root + "/examples/sanshe/model.json");
    const auto p = assess::load_plan_file(*m, root + "/examples/sanshe/plan.json");
    const auto ratings = assess::read_long_csv_file(root + "/examples/sanshe/ratings.csv");
    const auto a = assess::run(m, p, assess::read_long_csv_file(root + "/examples/sanshe/periods.csv"), &ratings, 2);
    BOOST_TEST(a.units.size() == 24u);
    for (const char* rule : {"proportional", "grade", "base_plus"})
        for (const std::int64_t budget : {std::int64_t{100000000}, std::int64_t{99999999}, std::int64_t{7}}) {
            const auto c = assess::allocation_with(a, std::string(R"({"rule": ")") + rule + "\"}");
            const auto x = assess::allocate(a, c, budget);
            BOOST_TEST(std::accumulate(x.begin(), x.end(), std::int64_t{0}) == budget);
            for (std::size_t i = 0; i < x.size(); ++i) {
                BOOST_TEST(x[i] >= 0);
                if (a.units[i].vetoed && !a.units[i].fund_eligible) BOOST_TEST(x[i] == 0);
            }
        }
    // The planted cases.
    for (const auto& u : a.units) {
        if (u.unit_id == "LH-04") {
            BOOST_TEST(u.vetoed);
            BOOST_TEST(a.grade_label(u.grade) == "不合格");
        }
        if (u.unit_id == "LH-06") BOOST_TEST(u.accountability_rule == "A1");
        if (u.unit_id == "JY-03") BOOST_TEST(u.bonus == 3.0);  // B1 1 + B2 2 = 3 (cap 3)
    }
    // Same result whatever the thread count.
    const auto b = assess::run(m, p, assess::read_long_csv_file(root + "/examples/sanshe/periods.csv"), &ratings, 1);
    BOOST_TEST(assess::write_assessment(a, assess::report_format::json) == assess::write_assessment(b, assess::report_format::json));
}

BOOST_AUTO_TEST_CASE(kendall_w_by_hand) {
    // 3 raters x 4 units, no ties: ranks r1 = 1 2 3 4, r2 = 1 3 2 4, r3 = 2 1 3 4.
    // R = 4, 6, 8, 12; mean m(n+1)/2 = 7.5; S = 12.25 + 2.25 + 0.25 + 20.25 = 35
    // W = 12 * 35 / (9 * (64 - 4)) = 420 / 540 = 0.7777...
    BOOST_TEST(assess::kendall_w({{1, 2, 3, 4}, {10, 30, 20, 40}, {5, 1, 6, 9}}) == 420.0 / 540.0, tt::tolerance(1e-12));
    // Ties: rater 2 ties units 1 and 2 -> ranks 1.5 1.5 3 4; T = 2^3 - 2 = 6.
    // R with r1 = 1 2 3 4: 2.5, 3.5, 6, 8; mean 5; S = 6.25 + 2.25 + 1 + 9 = 18.5
    // W = 12 * 18.5 / (4 * 60 - 2 * 6) = 222 / 228
    BOOST_TEST(assess::kendall_w({{1, 2, 3, 4}, {7, 7, 8, 9}}) == 222.0 / 228.0, tt::tolerance(1e-12));
    BOOST_TEST(std::isnan(assess::kendall_w({{1, 2, 3}})));
}

BOOST_AUTO_TEST_CASE(plan_errors_name_every_place) {
    const auto m = load_model(tiny_model);
    try {
        (void)assess::load_plan(*m, R"({"civiscore_plan": 1, "quotass": [],
          "profiles": {"column": "type", "profiles": {"r": {"goalposts": {"zz": {"worst": 0, "best": 1}}, "targets": {"a": 2}}}},
          "quotas": [{"grade": "top", "tie_break": ["Q"]}]})");
        BOOST_FAIL("no error");
    } catch (const model_error& e) {
        const std::string w = e.what();
        BOOST_TEST(w.find("/quotass: unknown key") != std::string::npos);
        BOOST_TEST(w.find("/profiles/profiles/r/goalposts/zz: unknown indicator 'zz'") != std::string::npos);
        BOOST_TEST(w.find("/profiles/profiles/r/targets/a: indicator 'a' does not use a target rule") != std::string::npos);
        BOOST_TEST(w.find("/quotas/0/grade: unknown grade 'top'") != std::string::npos);
        BOOST_TEST(w.find("/quotas/0/tie_break/0: unknown node 'Q'") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
