// Shared fixtures of the C ABI tests: the example models, the mini data set with hand-computed
// results, and RAII holders for the C handles. Only <civiscore.h> is used, never internal headers.
#pragma once

#include <civiscore.h>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace capi_test {

struct model_deleter {
    void operator()(civiscore_model* p) const noexcept { civiscore_model_free(p); }
};
struct dataset_deleter {
    void operator()(civiscore_dataset* p) const noexcept { civiscore_dataset_free(p); }
};
struct fitted_deleter {
    void operator()(civiscore_fitted* p) const noexcept { civiscore_fitted_free(p); }
};
struct result_deleter {
    void operator()(civiscore_result* p) const noexcept { civiscore_result_free(p); }
};
using model_handle = std::unique_ptr<civiscore_model, model_deleter>;
using dataset_handle = std::unique_ptr<civiscore_dataset, dataset_deleter>;
using fitted_handle = std::unique_ptr<civiscore_fitted, fitted_deleter>;
using result_handle = std::unique_ptr<civiscore_result, result_deleter>;

inline const double na = std::numeric_limits<double>::quiet_NaN();

// The complete example of docs/model-format.md, verbatim.
inline const char* const mini_model_json = R"json({
  "civiscore_model": 1,
  "id": "mini",
  "name": "社区服务评估（示例）",
  "name_en": "Community service assessment (example)",
  "scores": "points",
  "grades": [
    {"label": "优秀", "label_en": "excellent", "min": 90},
    {"label": "良好", "label_en": "good", "min": 80},
    {"label": "合格", "label_en": "pass", "min": 60},
    {"label": "不合格", "label_en": "fail"}
  ],
  "root": {
    "id": "total",
    "name": "总分",
    "children": [
      {
        "id": "D1", "name": "服务成效", "points": 60, "min_coverage": 0.5,
        "children": [
          {"id": "satisfaction", "name": "居民满意度", "unit": "score 0-100", "points": 30,
           "rule": {"type": "goalposts", "worst": 50, "best": 90}},
          {"id": "complaints", "name": "投诉量同比变化率", "unit": "% change", "direction": "cost",
           "points": 20, "rule": {"type": "goalposts", "worst": 10, "best": -20}},
          {"id": "meetings", "name": "联席会议次数", "unit": "times/year", "points": 10,
           "rule": {"type": "target", "target": 4}}
        ]
      },
      {
        "id": "D2", "name": "能力建设", "points": 40, "missing": "zero",
        "children": [
          {"id": "list_published", "name": "责任清单公开", "unit": "yes/no", "points": 10,
           "rule": {"type": "binary"}},
          {"id": "brand_projects", "name": "品牌项目数", "unit": "count", "points": 20,
           "rule": {"type": "tiers", "tiers": [{"min": 1, "fraction": 0.5}, {"min": 3, "fraction": 1}]}},
          {"id": "ledger", "name": "台账规范", "unit": "points", "points": 10,
           "rule": {"type": "deduction", "floor": 0,
                    "deductions": [{"column": "ledger_mismatch", "name": "抽查不符", "per_event": 0.5},
                                   {"column": "ledger_missing", "name": "台账缺失", "per_event": 1}]}}
        ]
      }
    ]
  }
})json";

// Two min-max indicators, equally weighted: every score depends on what fit learned.
inline const char* const minmax_model_json = R"json({
  "civiscore_model": 1, "id": "mm", "name": "min-max",
  "root": {"id": "root", "children": [
    {"id": "a", "rule": {"type": "min_max"}},
    {"id": "b", "direction": "cost", "rule": {"type": "min_max"}}
  ]}
})json";

// Nodes of the mini model in model (pre-)order.
inline const std::vector<std::string> mini_node_ids = {
    "total", "D1", "satisfaction", "complaints", "meetings", "D2", "list_published",
    "brand_projects", "ledger"};
inline const std::vector<std::string> mini_columns = {
    "satisfaction", "complaints", "meetings", "list_published", "brand_projects",
    "ledger_mismatch", "ledger_missing"};
inline const char* const mini_column_ptrs[] = {
    "satisfaction", "complaints", "meetings", "list_published", "brand_projects",
    "ledger_mismatch", "ledger_missing"};
inline const char* const mini_unit_ptrs[] = {"A", "B", "C"};

// Three units, row-major in mini_columns order.
inline const std::vector<double> mini_rows = {
    80, -5, 3, 1, 2, 2, 1,        // A
    95, -25, 5, 1, 3, 0, 0,       // B
    na, na, 4, 0, 0, na, na,  // C
};

// Scores worked by hand, per unit in node order (points display: fraction x points).
// A: satisfaction (80-50)/(90-50) = 0.75 x 30 = 22.5; complaints (cost) (-5-10)/(-20-10) = 0.5 x 20
//    = 10; meetings 3/4 = 0.75 x 10 = 7.5; D1 = 22.5 + 10 + 7.5 = 40 of 60.
//    list_published 1 -> 10; brand_projects 2 -> tier min 1, fraction 0.5 x 20 = 10;
//    ledger full 10 - (2 x 0.5 + 1 x 1) = 8; D2 = 10 + 10 + 8 = 28 of 40. total = 40 + 28 = 68.
// B: every indicator at or beyond its best (95 > 90, -25 < -20, 5 > 4 clamp to 1; yes; 3 projects
//    -> fraction 1; no deductions): 30, 20, 10 | 10, 20, 10; D1 60, D2 40, total 100.
// C: satisfaction and complaints missing (skip); meetings 4/4 -> 10. D1 coverage 10/60 = 1/6 < 0.5
//    = min_coverage -> D1 missing. D2 (missing = zero): no -> 0, 0 projects -> 0, both ledger counts
//    missing -> ledger missing -> zero -> 0; D2 = 0 of 40. Root: only D2 present, 0/40 of it,
//    scaled to 100 points -> 0.
inline const std::vector<std::vector<double>> mini_expected = {
    {68, 40, 22.5, 10, 7.5, 28, 10, 10, 8},
    {100, 60, 30, 20, 10, 40, 10, 20, 10},
    {0, na, na, na, 10, 0, 0, 0, 0},
};

inline model_handle load_model(const char* json) {
    civiscore_model* m = nullptr;
    const int st = civiscore_model_load_string(json, static_cast<size_t>(-1), &m);
    BOOST_REQUIRE_MESSAGE(st == CIVISCORE_OK, civiscore_last_error_message());
    return model_handle(m);
}

inline dataset_handle mini_dataset() {
    civiscore_dataset* d = nullptr;
    const int st = civiscore_dataset_from_matrix(mini_rows.data(), 3, mini_columns.size(),
                                                 CIVISCORE_ROW_MAJOR, 0, mini_column_ptrs,
                                                 mini_unit_ptrs, &d);
    BOOST_REQUIRE_MESSAGE(st == CIVISCORE_OK, civiscore_last_error_message());
    return dataset_handle(d);
}

inline result_handle score(const civiscore_model* m, const civiscore_fitted* f,
                           const civiscore_dataset* d, int n_threads = 1) {
    civiscore_result* r = nullptr;
    const int st = civiscore_score(m, f, d, n_threads, &r);
    BOOST_REQUIRE_MESSAGE(st == CIVISCORE_OK, civiscore_last_error_message());
    return result_handle(r);
}

inline std::vector<double> all_scores(const civiscore_result* r, int layout = CIVISCORE_COL_MAJOR) {
    std::vector<double> out(civiscore_result_unit_count(r) * civiscore_result_node_count(r));
    const int st = civiscore_result_scores(r, layout, out.data(), out.size());
    BOOST_REQUIRE_MESSAGE(st == CIVISCORE_OK, civiscore_last_error_message());
    return out;
}

// Bit-for-bit equality, NaN included (the engine promises bit-identical results).
inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Equal within a tolerance, both NaN counting as equal.
inline bool close(double a, double b, double tol = 1e-9) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::fabs(a - b) <= tol;
}

inline bool contains(const char* text, const std::string& part) {
    return text != nullptr && std::string(text).find(part) != std::string::npos;
}

// The 三社联动 example (examples/sanshe: model and communities), loaded through the C ABI.
struct sanshe_handles {
    model_handle model;
    dataset_handle data;
    sanshe_handles() {
        const std::string dir = CIVISCORE_SOURCE_DIR "/examples/sanshe/";
        civiscore_model* m = nullptr;
        civiscore_dataset* d = nullptr;
        BOOST_REQUIRE_EQUAL(civiscore_model_load_file((dir + "model.json").c_str(), &m), CIVISCORE_OK);
        model.reset(m);
        BOOST_REQUIRE_EQUAL(civiscore_dataset_read_csv((dir + "communities.csv").c_str(), nullptr, &d), CIVISCORE_OK);
        data.reset(d);
    }
};

}  // namespace capi_test
