/*
 * civiscore.h — the C ABI of civiscore, a scoring engine for hierarchical indicator systems.
 *
 * If it is not in this header, it is not API. C99, self-contained.
 *
 * Conventions (hold for every function unless its comment says otherwise):
 * - Every fallible function returns an int status: CIVISCORE_OK (0) or one of CIVISCORE_ERROR_*.
 *   Status values never change; new ones are appended. On failure the thread's last error message
 *   (civiscore_last_error_message) says what went wrong and where (JSON pointer, CSV line and column,
 *   unit and indicator); out-parameters are left untouched.
 * - Output parameters (out_*) come last. Handles returned through them are owned by the caller and
 *   freed with the matching civiscore_*_free, which accepts NULL.
 * - Strings are UTF-8 and NUL-terminated. A `const char*` returned by an accessor is owned by the
 *   handle it came from and stays valid until that handle is freed.
 * - NaN is missing data, in and out.
 * - Thread-safety: handles are immutable once built. Any number of threads may read, fit and score
 *   with the same model, dataset and fitted handles at once. Freeing a handle while another thread
 *   uses it is the caller's error. Error messages are kept per thread.
 * - No function lets a C++ exception escape; bad input is reported, never a crash.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#ifndef CIVISCORE_H
#define CIVISCORE_H

#include <stddef.h>
#include <stdint.h>

/* Version: the single source; CMake parses these three lines. */
#define CIVISCORE_VERSION_MAJOR 0
#define CIVISCORE_VERSION_MINOR 1
#define CIVISCORE_VERSION_PATCH 0
#define CIVISCORE_VERSION_NUMBER \
    (CIVISCORE_VERSION_MAJOR * 10000 + CIVISCORE_VERSION_MINOR * 100 + CIVISCORE_VERSION_PATCH)

#if defined(_WIN32)
#  if defined(CIVISCORE_BUILDING_LIBRARY)
#    define CIVISCORE_API __declspec(dllexport)
#  else
#    define CIVISCORE_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define CIVISCORE_API __attribute__((visibility("default")))
#else
#  define CIVISCORE_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Status codes (frozen values)
 * ------------------------------------------------------------------------------------------- */
#define CIVISCORE_OK 0
#define CIVISCORE_ERROR_INVALID_ARGUMENT 1 /* NULL handle, index out of range, bad size or option */
#define CIVISCORE_ERROR_MODEL 2            /* model JSON unreadable or invalid (all problems listed) */
#define CIVISCORE_ERROR_DATA 3             /* data unreadable or inconsistent with the model */
#define CIVISCORE_ERROR_IO 4               /* a file could not be opened, read or written */
#define CIVISCORE_ERROR_OUT_OF_MEMORY 5
#define CIVISCORE_ERROR_FITTED 6           /* fitted state unreadable or made for another model */
#define CIVISCORE_ERROR_INTERNAL 7         /* a bug in civiscore: please report it */

/* Unit status in a result. */
#define CIVISCORE_UNIT_OK 0       /* root scored from complete data */
#define CIVISCORE_UNIT_PARTIAL 1  /* root scored, some indicator values missing (coverage < 1) */
#define CIVISCORE_UNIT_UNSCORED 2 /* root could not be scored; the unit is unranked, ungraded */

/* Output formats for civiscore_result_write_* */
#define CIVISCORE_FORMAT_JSON 0
#define CIVISCORE_FORMAT_CSV 1
#define CIVISCORE_FORMAT_TABLE 2

/* Matrix layouts */
#define CIVISCORE_ROW_MAJOR 0 /* element (unit i, column j) at i * stride + j */
#define CIVISCORE_COL_MAJOR 1 /* element (unit i, column j) at j * stride + i */

/* ---------------------------------------------------------------------------------------------
 * Opaque handles
 * ------------------------------------------------------------------------------------------- */
typedef struct civiscore_model civiscore_model;     /* a validated, immutable indicator model */
typedef struct civiscore_dataset civiscore_dataset; /* units x columns of values, with unit ids */
typedef struct civiscore_fitted civiscore_fitted;   /* what fit learned from data, for one model */
typedef struct civiscore_result civiscore_result;   /* scores, ranks, grades of one scoring run */

/* ---------------------------------------------------------------------------------------------
 * Versions and errors
 * ------------------------------------------------------------------------------------------- */

/* Run-time version of the library, as CIVISCORE_VERSION_NUMBER; compare with the macro. */
CIVISCORE_API int civiscore_version_number(void);
/* Run-time version string "MAJOR.MINOR.PATCH"; static storage. */
CIVISCORE_API const char* civiscore_version_string(void);

/* The message of the last failed call on this thread; "" if none. Never NULL. Valid until the next
 * civiscore call on this thread. */
CIVISCORE_API const char* civiscore_last_error_message(void);
/* A short constant name for a status code ("ok", "model error", ...); never NULL. */
CIVISCORE_API const char* civiscore_status_string(int status);

/* ---------------------------------------------------------------------------------------------
 * Model
 * ------------------------------------------------------------------------------------------- */

/* Parse and validate a model from `len` bytes of JSON (len may be (size_t)-1 for NUL-terminated).
 * On CIVISCORE_ERROR_MODEL the message lists every problem, one per line, each with its JSON
 * pointer. Caller frees *out_model with civiscore_model_free. */
CIVISCORE_API int civiscore_model_load_string(const char* json, size_t len,
                                              civiscore_model** out_model);
/* As civiscore_model_load_string, reading the file at `path` (CIVISCORE_ERROR_IO if unreadable). */
CIVISCORE_API int civiscore_model_load_file(const char* path, civiscore_model** out_model);
CIVISCORE_API void civiscore_model_free(civiscore_model* model);

/* Identity and provenance; strings owned by the model. */
CIVISCORE_API const char* civiscore_model_id(const civiscore_model* model);
CIVISCORE_API const char* civiscore_model_name(const civiscore_model* model);
/* Hex SHA-256 of the model's canonical JSON (sorted keys, no white space). */
CIVISCORE_API const char* civiscore_model_sha256(const civiscore_model* model);

/* Nodes in model order (pre-order: the root first, then each subtree in document order). */
CIVISCORE_API size_t civiscore_model_node_count(const civiscore_model* model);
/* NULL (with CIVISCORE_ERROR_INVALID_ARGUMENT as last error) when `node` is out of range. */
CIVISCORE_API const char* civiscore_model_node_id(const civiscore_model* model, size_t node);
CIVISCORE_API const char* civiscore_model_node_name(const civiscore_model* model, size_t node);
/* Index of the parent node, or -1 for the root (and for an index out of range). */
CIVISCORE_API ptrdiff_t civiscore_model_node_parent(const civiscore_model* model, size_t node);
/* Depth: 0 for the root, 1 for its children, ...; -1 for an index out of range. */
CIVISCORE_API int civiscore_model_node_level(const civiscore_model* model, size_t node);
/* 1 if the node is an indicator (a leaf with a scoring rule), 0 otherwise. */
CIVISCORE_API int civiscore_model_node_is_indicator(const civiscore_model* model, size_t node);
/* Index of the node with this id, or -1. */
CIVISCORE_API ptrdiff_t civiscore_model_find_node(const civiscore_model* model, const char* id);

/* Indicators in model order. */
CIVISCORE_API size_t civiscore_model_indicator_count(const civiscore_model* model);
CIVISCORE_API const char* civiscore_model_indicator_id(const civiscore_model* model, size_t i);

/* The data columns a dataset must have for this model, in model order (an indicator reads one column,
 * named by its id unless the model says otherwise; a deduction rule reads one column per event). A
 * derived column (the model's "derived" section) is not listed; the columns its expression reads are. */
CIVISCORE_API size_t civiscore_model_input_column_count(const civiscore_model* model);
CIVISCORE_API const char* civiscore_model_input_column(const civiscore_model* model, size_t i);

/* Grade bands, best first. */
CIVISCORE_API size_t civiscore_model_grade_count(const civiscore_model* model);
CIVISCORE_API const char* civiscore_model_grade_label(const civiscore_model* model, size_t grade);

/* ---------------------------------------------------------------------------------------------
 * Dataset
 * ------------------------------------------------------------------------------------------- */

/* Build a dataset from a dense matrix of n_units x n_columns doubles (NaN = missing) in `layout`
 * (CIVISCORE_ROW_MAJOR or CIVISCORE_COL_MAJOR) with `stride` elements between consecutive rows
 * (row-major) or columns (column-major); stride 0 means dense. `column_ids` names every column
 * (required). `unit_ids` may be NULL: units are then named "1", "2", ... (their 1-based row numbers).
 * Values are copied; the caller keeps its buffers. Duplicate or empty unit or column ids and infinite
 * values are CIVISCORE_ERROR_DATA; a stride shorter than a row (row-major) or a column (column-major)
 * is CIVISCORE_ERROR_INVALID_ARGUMENT. Caller frees *out_dataset with civiscore_dataset_free. */
CIVISCORE_API int civiscore_dataset_from_matrix(const double* values, size_t n_units,
                                                size_t n_columns, int layout, size_t stride,
                                                const char* const* column_ids,
                                                const char* const* unit_ids,
                                                civiscore_dataset** out_dataset);

/* Read a CSV file: a header row, a unit-id column named `id_column` (NULL means "unit_id"), any other
 * columns in any order. UTF-8 with or without BOM, LF or CRLF, RFC 4180 quoting. An empty cell or
 * NA is missing; true/false, yes/no and 是/否 read as 1/0. Columns that are not numeric are kept as
 * text and are an error only when a model needs them. Errors name the line and column.
 * Caller frees *out_dataset with civiscore_dataset_free. */
CIVISCORE_API int civiscore_dataset_read_csv(const char* path, const char* id_column,
                                             civiscore_dataset** out_dataset);
/* As civiscore_dataset_read_csv, from `len` bytes of CSV text in memory ((size_t)-1: NUL-terminated). */
CIVISCORE_API int civiscore_dataset_parse_csv(const char* text, size_t len, const char* id_column,
                                              civiscore_dataset** out_dataset);
CIVISCORE_API void civiscore_dataset_free(civiscore_dataset* dataset);

CIVISCORE_API size_t civiscore_dataset_unit_count(const civiscore_dataset* dataset);
CIVISCORE_API const char* civiscore_dataset_unit_id(const civiscore_dataset* dataset, size_t unit);
/* Every unit id at once, in unit order, each followed by a NUL byte (so "C1\0C2\0" for two units),
 * snprintf-style as civiscore_fitted_to_json: *out_len gets the full size, the sum of the ids' lengths
 * plus one per unit, and a buffer of *out_len + 1 bytes holds it all. For bindings, where one call per
 * unit costs more than the scoring (10^6 units). */
CIVISCORE_API int civiscore_dataset_unit_ids(const civiscore_dataset* dataset, char* buf, size_t cap,
                                             size_t* out_len);
CIVISCORE_API size_t civiscore_dataset_column_count(const civiscore_dataset* dataset);
CIVISCORE_API const char* civiscore_dataset_column_id(const civiscore_dataset* dataset, size_t column);

/* ---------------------------------------------------------------------------------------------
 * Fit and score
 * ------------------------------------------------------------------------------------------- */

/* Learn every data-dependent parameter of `model` (min/max, mean/sd) from `dataset`.
 * n_threads: 0 = all hardware threads; results are bit-identical whatever the count.
 * Caller frees *out_fitted with civiscore_fitted_free. */
CIVISCORE_API int civiscore_fit(const civiscore_model* model, const civiscore_dataset* dataset,
                                int n_threads, civiscore_fitted** out_fitted);
CIVISCORE_API void civiscore_fitted_free(civiscore_fitted* fitted);

/* Serialise a fitted state to JSON into `buf` of `cap` bytes, snprintf-style: writes at most cap
 * bytes including the NUL, and sets *out_len (if not NULL) to the full length without the NUL.
 * Call with buf NULL and cap 0 to learn the length. */
CIVISCORE_API int civiscore_fitted_to_json(const civiscore_fitted* fitted, char* buf, size_t cap,
                                           size_t* out_len);
/* Read a fitted state for `model` from JSON; CIVISCORE_ERROR_FITTED if it was made for another model
 * (its model SHA-256 differs) or is malformed. Caller frees *out_fitted. */
CIVISCORE_API int civiscore_fitted_from_json(const civiscore_model* model, const char* json,
                                             size_t len, civiscore_fitted** out_fitted);

/* Score every unit of `dataset`. `fitted` may be NULL: the model is then fitted on this dataset first.
 * Every unit gets one row with a status; n_threads as in civiscore_fit.
 * Caller frees *out_result with civiscore_result_free. */
CIVISCORE_API int civiscore_score(const civiscore_model* model, const civiscore_fitted* fitted,
                                  const civiscore_dataset* dataset, int n_threads,
                                  civiscore_result** out_result);
CIVISCORE_API void civiscore_result_free(civiscore_result* result);

/* ---------------------------------------------------------------------------------------------
 * Results. Units in dataset order, nodes in model order.
 * Array getters fill caller buffers of `n` elements; n must equal the unit (or indicator) count.
 * ------------------------------------------------------------------------------------------- */
CIVISCORE_API size_t civiscore_result_unit_count(const civiscore_result* result);
CIVISCORE_API size_t civiscore_result_node_count(const civiscore_result* result);
CIVISCORE_API const char* civiscore_result_unit_id(const civiscore_result* result, size_t unit);
/* Every unit id at once, NUL after each, snprintf-style: as civiscore_dataset_unit_ids. */
CIVISCORE_API int civiscore_result_unit_ids(const civiscore_result* result, char* buf, size_t cap,
                                            size_t* out_len);

/* Scores of one node for every unit (NaN where the node could not be scored).
 * CIVISCORE_ERROR_INVALID_ARGUMENT naming the node for a node the result did not keep (score option
 * "keep" of civiscore_score_opts; see civiscore_result_node_kept); the same for the coverage. */
CIVISCORE_API int civiscore_result_node_scores(const civiscore_result* result, size_t node,
                                               double* out, size_t n);
/* Coverage of one node for every unit in [0, 1]: the weight share of its indicators that had data;
 * NaN where the whole node was not applicable. */
CIVISCORE_API int civiscore_result_node_coverage(const civiscore_result* result, size_t node,
                                                 double* out, size_t n);
/* All scores as a units x nodes matrix in `layout` (dense); n must be units * nodes.
 * CIVISCORE_ERROR_INVALID_ARGUMENT for a result that keeps only some nodes (civiscore_score_opts). */
CIVISCORE_API int civiscore_result_scores(const civiscore_result* result, int layout, double* out,
                                          size_t n);
/* CIVISCORE_UNIT_* per unit. */
CIVISCORE_API int civiscore_result_statuses(const civiscore_result* result, int* out, size_t n);
/* Rank per unit: 1 = best; ties share the lowest rank (1, 2, 2, 4); 0 = unranked (unscored). */
CIVISCORE_API int civiscore_result_ranks(const civiscore_result* result, int64_t* out, size_t n);
/* Grade index per unit into the model's grade bands; -1 = no grade. */
CIVISCORE_API int civiscore_result_grades(const civiscore_result* result, int* out, size_t n);
/* Effective weight of every indicator in the root score (model indicator order; sums to 1). */
CIVISCORE_API int civiscore_result_effective_weights(const civiscore_result* result, double* out,
                                                     size_t n);
/* Provenance: hex SHA-256 of the model's canonical JSON and of the fitted state's JSON. */
CIVISCORE_API const char* civiscore_result_model_sha256(const civiscore_result* result);
CIVISCORE_API const char* civiscore_result_fitted_sha256(const civiscore_result* result);

/* Write the result as CIVISCORE_FORMAT_JSON, _CSV or _TABLE into `buf`, snprintf-style as
 * civiscore_fitted_to_json. The formats are documented in docs/output-formats.md. */
CIVISCORE_API int civiscore_result_write_string(const civiscore_result* result, int format,
                                                char* buf, size_t cap, size_t* out_len);
/* Write the result to the file at `path` (created or truncated). */
CIVISCORE_API int civiscore_result_write_file(const civiscore_result* result, int format,
                                              const char* path);

/* ---------------------------------------------------------------------------------------------
 * Partial fit statistics (distributed and out-of-core fitting)
 *
 * civiscore_fit on the whole data equals civiscore_partial_finalize of the merged partials of any
 * split of the data into chunks: exactly for counts, minima and maxima, up to rounding (relative
 * 1e-12) for means and standard deviations, merged by Chan et al.'s pairwise update in any order.
 * The rules min_max and z_score support this. A model that needs one pass over all the data (data
 * treatment, whole-column rules such as rank or percentile_rank, learned weights) is refused by
 * compute, from_json and finalize with CIVISCORE_ERROR_INVALID_ARGUMENT naming the indicator or
 * group; fit it with civiscore_fit. See docs/distributed.md.
 * ------------------------------------------------------------------------------------------- */
typedef struct civiscore_partial civiscore_partial; /* mergeable fit statistics of a chunk */

/* The partial fit statistics of `dataset` (one chunk of the data) for `model`; n_threads as in
 * civiscore_fit. CIVISCORE_ERROR_DATA as civiscore_fit for missing or text columns. Caller frees
 * *out_partial with civiscore_partial_free. */
CIVISCORE_API int civiscore_partial_compute(const civiscore_model* model,
                                            const civiscore_dataset* dataset, int n_threads,
                                            civiscore_partial** out_partial);
/* A new partial combining `a` and `b` (neither is changed): order independent up to rounding of
 * means and m2. CIVISCORE_ERROR_FITTED if they were computed for different models.
 * Caller frees *out_partial. */
CIVISCORE_API int civiscore_partial_merge(const civiscore_partial* a, const civiscore_partial* b,
                                          civiscore_partial** out_partial);
/* Number of units the partial summarises (all merged chunks); -1 for NULL. */
CIVISCORE_API int64_t civiscore_partial_unit_count(const civiscore_partial* partial);
/* Serialise a partial to JSON, snprintf-style as civiscore_fitted_to_json. Doubles are written so
 * that civiscore_partial_from_json reads back the same bits. */
CIVISCORE_API int civiscore_partial_to_json(const civiscore_partial* partial, char* buf,
                                            size_t cap, size_t* out_len);
/* Read a partial for `model` from JSON (len as in civiscore_model_load_string);
 * CIVISCORE_ERROR_FITTED if malformed or computed for another model. Caller frees *out_partial. */
CIVISCORE_API int civiscore_partial_from_json(const civiscore_model* model, const char* json,
                                              size_t len, civiscore_partial** out_partial);
/* The fitted state of `model` from a (merged) partial; CIVISCORE_ERROR_FITTED if the partial was
 * computed for another model. Caller frees *out_fitted with civiscore_fitted_free. */
CIVISCORE_API int civiscore_partial_finalize(const civiscore_model* model,
                                             const civiscore_partial* partial,
                                             civiscore_fitted** out_fitted);
CIVISCORE_API void civiscore_partial_free(civiscore_partial* partial);

/* Lowest root score of grade band `grade` (best first), so a score can be graded anywhere (e.g. on
 * a distributed engine): a unit gets the first band whose minimum it reaches, allowing 1e-9 relative
 * for rounding of sums. -INFINITY for a catch-all last band; NaN (with CIVISCORE_ERROR_INVALID_ARGUMENT
 * as last error) for a NULL model or an index out of range. */
CIVISCORE_API double civiscore_model_grade_min(const civiscore_model* model, size_t grade);

/* ---------------------------------------------------------------------------------------------
 * Stand-alone methods on a matrix
 *
 * Normalisation, objective weights, AHP, means and MCDA ranking on a caller's matrix, without a
 * model: the same code the engine uses. Methods are named by strings (listed in docs/methods.md,
 * identical in C++, C and Python) and take their options as a JSON object text (NULL or "" = no
 * options), so new options never change these signatures. An unknown method or option key, an
 * option of the wrong type, bad sizes, or a NaN where a method needs complete data is
 * CIVISCORE_ERROR_INVALID_ARGUMENT with a message naming the method, the key, or the row and
 * column (0-based). X is rows (units) x cols (criteria) in `layout` (CIVISCORE_ROW_MAJOR or
 * CIVISCORE_COL_MAJOR, dense). `types` is NULL (all benefit) or one per column: 1 benefit, -1 cost.
 * Reports are JSON written snprintf-style as civiscore_fitted_to_json (buf may be NULL with cap 0;
 * out_len may be NULL). Pure functions: thread-safe, no handles, nothing to free.
 * ------------------------------------------------------------------------------------------- */

/* Normalise each column of X into out (rows x cols, same layout; n must be rows * cols).
 * Methods: "min_max", "z_score", "distance_to_target", "distance_to_best", "rank",
 * "percentile_rank", "vector", "sum", "max", "log_min_max", "categorical". NaN stays NaN. */
CIVISCORE_API int civiscore_methods_normalize(const char* method, const double* X, size_t rows,
                                              size_t cols, int layout, const int* types,
                                              const char* options_json, double* out, size_t n);

/* Objective or combined weights of the criteria of X into out_weights (n must be cols; sum 1).
 * Methods: "equal", "entropy", "critic", "standard_deviation", "coefficient_of_variation",
 * "merec", "gini", "pca", "combined_linear", "combined_multiplicative", "combined_game_theory".
 * report_json (may be NULL with cap 0): method details, e.g. {"alpha": [...]} for the game-theory
 * combination, eigenvalues and loadings for "pca"; "{}" otherwise. */
CIVISCORE_API int civiscore_methods_weights(const char* method, const double* X, size_t rows,
                                            size_t cols, int layout, const int* types,
                                            const char* options_json, double* out_weights,
                                            size_t n, char* report_json, size_t cap,
                                            size_t* out_len);

/* Rank the rows of X with an MCDA method: out_scores gets each unit's score and out_ranks its rank
 * (1 = best, ties share the lowest rank); n must be rows. `weights` has one entry per column.
 * Methods: "topsis", "topsis_absolute", "vikor" (score = Q, lower is better), "grey_relational",
 * "fuzzy", "copeland", "mazziotta_pareto". extra_json: method details, e.g. VIKOR S, R, Q and the
 * compromise set, fuzzy grade distributions B, TOPSIS distances. */
CIVISCORE_API int civiscore_methods_rank(const char* method, const double* X, size_t rows,
                                         size_t cols, int layout, const double* weights,
                                         const int* types, const char* options_json,
                                         double* out_scores, int64_t* out_ranks, size_t n,
                                         char* extra_json, size_t cap, size_t* out_len);

/* Weighted mean of x (n values; w NULL = equal weights, NaN values dropped with their weights)
 * into *out. Methods: "arithmetic", "geometric", "harmonic", "power" (option "p"), "median",
 * "minimum", "maximum". Zeros or negatives where the mean is undefined are an error unless option
 * "policy" is "shift_epsilon". Every value missing gives NaN. */
CIVISCORE_API int civiscore_methods_aggregate(const char* method, const double* x, const double* w,
                                              size_t n, const char* options_json, double* out);

/* AHP priorities of an n x n pairwise comparison matrix (row-major; 0 or NaN = missing judgement,
 * completed by Harker's method), or of n_matrices experts' matrices stored one after another
 * (option "group": "aij" (default), "aip_geometric", "aip_arithmetic"; "expert_weights").
 * out_weights gets n priorities (n_out must be n). report_json: {"lambda_max", "ci", "cr", "ri",
 * "ri_table", "threshold", "consistent", "missing", "completed", ...}. An inconsistent matrix
 * (CR above "threshold", default 0.1) is not an error: the caller reads "consistent". */
CIVISCORE_API int civiscore_methods_ahp(const double* matrices, size_t n_matrices, size_t n,
                                        const char* options_json, double* out_weights,
                                        size_t n_out, char* report_json, size_t cap,
                                        size_t* out_len);

/* ---------------------------------------------------------------------------------------------
 * Reports: a self-contained HTML report and an Excel workbook (docs/report.md)
 *
 * Built from a result and, optionally (NULL allowed), the dataset it was scored on (the same units
 * in the same order: needed for summaries by district/type, unit names and raw values). Options are
 * a JSON object text (NULL or "" = defaults): "lang" ("zh" default, "en"), "title", "date",
 * "group_columns" (list of data columns), "label_column", "data_file" (a path: its SHA-256 and name
 * go into the provenance; or "data_name" and "data_sha256"), and the optional inputs "assessment",
 * "checks", "previous" (a previous period's result JSON), "sensitivity", each a JSON value or its
 * text, in the formats of docs/report.md. An unknown key or a wrong type is
 * CIVISCORE_ERROR_INVALID_ARGUMENT naming the key; a group column missing from the data, or data
 * whose units differ from the result's, is CIVISCORE_ERROR_DATA. Thread-safe: handles are only read.
 * ------------------------------------------------------------------------------------------- */
#define CIVISCORE_REPORT_HTML 0 /* one UTF-8 HTML file, no external assets */
#define CIVISCORE_REPORT_XLSX 1 /* an Excel workbook (needs a build with libxlsxwriter) */

/* Write the report to the file at `path` (created or truncated). CIVISCORE_ERROR_IO if it cannot
 * be written; CIVISCORE_ERROR_INVALID_ARGUMENT for CIVISCORE_REPORT_XLSX in a build without XLSX
 * support (see civiscore_report_xlsx_supported). */
CIVISCORE_API int civiscore_report_write_file(const civiscore_result* result,
                                              const civiscore_dataset* dataset, int format,
                                              const char* options_json, const char* path);
/* Write the HTML report into `buf`, snprintf-style as civiscore_fitted_to_json. */
CIVISCORE_API int civiscore_report_write_string(const civiscore_result* result,
                                                const civiscore_dataset* dataset,
                                                const char* options_json, char* buf, size_t cap,
                                                size_t* out_len);
/* 1 when this build writes XLSX workbooks, else 0. Never fails. */
CIVISCORE_API int civiscore_report_xlsx_supported(void);

/* ---------------------------------------------------------------------------------------------
 * Assessment workflow (docs/assessment-plan.md): a companion "assessment plan" turns scores into
 * decisions: profiles, rater_360, periods, bonuses, deductions, vetoes, grade quotas, rectification
 * lists, accountability and fund allocation. Handles are immutable once built (thread-safe reads).
 * ------------------------------------------------------------------------------------------- */
typedef struct civiscore_plan civiscore_plan;             /* a validated assessment plan for one model */
typedef struct civiscore_assessment civiscore_assessment; /* the outcome of one assessment run */

/* Parse and validate a plan ("civiscore_plan": 1) against `model` from `len` bytes of JSON ((size_t)-1:
 * NUL-terminated). CIVISCORE_ERROR_MODEL lists every problem with its JSON pointer (unknown keys,
 * unknown indicator, node or grade ids). The plan keeps its own reference to the model's data.
 * Caller frees *out_plan with civiscore_plan_free. */
CIVISCORE_API int civiscore_plan_load_string(const civiscore_model* model, const char* json, size_t len,
                                             civiscore_plan** out_plan);
/* As civiscore_plan_load_string, from the file at `path` (CIVISCORE_ERROR_IO if unreadable). */
CIVISCORE_API int civiscore_plan_load_file(const civiscore_model* model, const char* path,
                                           civiscore_plan** out_plan);
CIVISCORE_API void civiscore_plan_free(civiscore_plan* plan);

/* Read a long CSV table whose rows may repeat a unit id (data with a period column; ratings with
 * columns unit_id, indicator, source, rater, value [, period]). Unit ids of the dataset are the CSV
 * line numbers; every column also keeps its text. Caller frees *out_dataset with civiscore_dataset_free. */
CIVISCORE_API int civiscore_dataset_read_long_csv(const char* path, civiscore_dataset** out_dataset);
CIVISCORE_API int civiscore_dataset_parse_long_csv(const char* text, size_t len,
                                                   civiscore_dataset** out_dataset);

/* Run the plan on `dataset` (one row per unit; or long data when the plan has "periods") with the
 * optional long `ratings` table (NULL = none). n_threads 0 = all cores; results do not depend on it.
 * CIVISCORE_ERROR_DATA names the file line, unit, period and column of bad input. The units of the
 * assessment are those of the assessed (latest annual) period, in input order.
 * Caller frees *out_assessment with civiscore_assessment_free. */
CIVISCORE_API int civiscore_assess(const civiscore_model* model, const civiscore_plan* plan,
                                   const civiscore_dataset* dataset, const civiscore_dataset* ratings,
                                   int n_threads, civiscore_assessment** out_assessment);
CIVISCORE_API void civiscore_assessment_free(civiscore_assessment* assessment);

CIVISCORE_API size_t civiscore_assessment_unit_count(const civiscore_assessment* assessment);
/* NULL if `unit` is out of range. */
CIVISCORE_API const char* civiscore_assessment_unit_id(const civiscore_assessment* assessment,
                                                       size_t unit);
/* Final scores (after bonus, deductions and the clamp; NaN = unscored) into out[n], n = unit count. */
CIVISCORE_API int civiscore_assessment_final_scores(const civiscore_assessment* assessment,
                                                    double* out, size_t n);
/* Grade indices after vetoes and quotas (civiscore_model_grade_label; -1 = none) into out[n]. */
CIVISCORE_API int civiscore_assessment_grades(const civiscore_assessment* assessment, int* out,
                                              size_t n);
/* 1 where a veto rule fired, else 0, into out[n]. */
CIVISCORE_API int civiscore_assessment_vetoed(const civiscore_assessment* assessment, int* out,
                                              size_t n);
/* Write the assessment as CIVISCORE_FORMAT_JSON (everything: units, events, rectification lists,
 * accountability, effective weights, agreement, periods, change and trend), _CSV (one row per unit)
 * or _TABLE, with snprintf semantics into buf/cap; *out_len gets the full size. */
CIVISCORE_API int civiscore_assessment_write_string(const civiscore_assessment* assessment, int format,
                                                    char* buf, size_t cap, size_t* out_len);
/* Split `budget_minor` (cents, or whole yuan when the options say "unit": "yuan") over the units by
 * the plan's "allocation", overridden by `options_json` (same keys; NULL or "" = none). Writes one
 * amount per unit to out_amounts[n] (n = unit count); they sum exactly to the budget (largest
 * remainder, ties by unit order); vetoed units with zero_fund and ineligible units get 0.
 * CIVISCORE_ERROR_INVALID_ARGUMENT when floor/cap cannot hold; CIVISCORE_ERROR_DATA when no unit
 * has a positive share. */
CIVISCORE_API int civiscore_allocate(const civiscore_assessment* assessment, const char* options_json,
                                     int64_t budget_minor, int64_t* out_amounts, size_t n);

/* ---------------------------------------------------------------------------------------------
 * Methods in the model: per-node diagnostics and the data-treatment log of a result (issue 3).
 * Both write JSON into `buf` of `cap` bytes snprintf-style, as civiscore_fitted_to_json; the
 * result is not changed, so they are safe to call from several threads. docs/methods.md.
 * ------------------------------------------------------------------------------------------- */
/* {"groups": [{"id", "pointer", "aggregation", "weights": {"method", "children": [{"id", "weight"}],
 * "ahp": [{"weights", "lambda_max", "ci", "ri", "cr", "ri_table", "cr_threshold", "consistent",
 * "completed_pairs", "matrix"}], "learned": {"method", "weights", "rows", "alpha"}}, "warnings": [..]}],
 * "effective_weights": {indicator id: weight}}: the weights each group used (local, summing to 1),
 * AHP consistency of each matrix (for group AHP the merged matrix first, then each expert's),
 * weights learned in fit, and warnings such as an AHP CR above its threshold. */
CIVISCORE_API int civiscore_result_node_report_json(const civiscore_result* result, char* buf,
                                                    size_t cap, size_t* out_len);
/* [{"unit", "indicator", "raw", "treated", "reason"}]: every cell that imputation or outlier
 * treatment changed before normalisation, by indicator then unit; "raw" is null for an imputed
 * (missing) cell. */
CIVISCORE_API int civiscore_result_treatments_json(const civiscore_result* result, char* buf,
                                                   size_t cap, size_t* out_len);

/* ---------------------------------------------------------------------------------------------
 * Data-quality checks (数据真实性, issue 5; docs/checks.md)
 *
 * What a computer can catch in ledgers before they become scores: completeness, declared ranges
 * and relations, robust outliers, jumps and constant values across periods, copy-paste ledgers,
 * heaping, Benford, self-report vs verification. Each finding is a flag with unit, column, period,
 * rule, severity, the values involved and a reason in Chinese and English. Flags are findings, not
 * errors: a run with flags returns CIVISCORE_OK. A report can choose a risk-weighted, seeded,
 * stratified verification sample (暗访) and apply the flags' consequences (the model's "checks"
 * policies) to the data or to the scores, listing every change. The same engine as
 * `civiscore check`: a report writes exactly what the CLI prints with the same options.
 * Reports are immutable once built (thread-safe reads).
 * ------------------------------------------------------------------------------------------- */
typedef struct civiscore_check_report civiscore_check_report; /* the flags (and sample) of one run */

/* Read a CSV file as civiscore_dataset_read_csv, with options as a JSON object text (NULL or "" =
 * defaults): "id_column" (string, default "unit_id") and "unique_ids" (bool, default true). With
 * "unique_ids": false a unit id may repeat, as in long data with one row per unit and period for
 * civiscore_check_run (which then checks that no (unit, period) repeats); such a dataset is for the
 * checks, not for civiscore_fit or civiscore_score. "encoding": "utf-8" (default), "gbk" or
 * "gb18030" transcodes the file to UTF-8 before reading (a UTF-8 BOM always means UTF-8); a byte
 * sequence invalid in the encoding is CIVISCORE_ERROR_DATA naming file:line:column and the bytes.
 * "n_threads" (integer 0..4096, default 0 = CIVISCORE_THREADS when set, else one per core) are the
 * threads that parse rows without quotes; the dataset and any error are the same for every count.
 * An unknown key, a wrong type or an unknown encoding is
 * CIVISCORE_ERROR_INVALID_ARGUMENT naming the key. Caller frees *out_dataset. */
CIVISCORE_API int civiscore_dataset_read_csv_opts(const char* path, const char* options_json,
                                                  civiscore_dataset** out_dataset);
/* As civiscore_dataset_read_csv_opts, from `len` bytes of CSV text ((size_t)-1: NUL-terminated). */
CIVISCORE_API int civiscore_dataset_parse_csv_opts(const char* text, size_t len,
                                                   const char* options_json,
                                                   civiscore_dataset** out_dataset);

/* Run every check the model enables on `dataset` (one row per unit, or long data with the period
 * column). options_json: NULL or "" = the model's defaults; else a JSON object with any of
 * "period_column" (string), "sample" (a share in (0, 1], or true for the model's
 * checks.sample.share), "sample_size" (integer >= 1), "seed" (integer >= 0) and "stratify" (a
 * column) — the options of `civiscore check`; "seed" and "stratify" need "sample" or
 * "sample_size". An unknown key or a bad value is CIVISCORE_ERROR_INVALID_ARGUMENT naming the key.
 * CIVISCORE_ERROR_DATA for a (unit, period) given twice, a unit repeated without a period column, or
 * a column a declared relation or verification pair needs missing (each naming line and column).
 * n_threads >= 0 as in civiscore_fit; the checks run on one thread today and their results never
 * depend on it. Caller frees *out_report with civiscore_check_report_free. */
CIVISCORE_API int civiscore_check_run(const civiscore_model* model, const civiscore_dataset* dataset,
                                      const char* options_json, int n_threads,
                                      civiscore_check_report** out_report);
CIVISCORE_API void civiscore_check_report_free(civiscore_check_report* report);

/* Number of flags; 0 (with CIVISCORE_ERROR_INVALID_ARGUMENT as last error) for NULL. */
CIVISCORE_API size_t civiscore_check_report_flag_count(const civiscore_check_report* report);
/* Write the report as CIVISCORE_FORMAT_JSON (model, source, periods, summary, flags, benford,
 * notes), _CSV (one row per flag) or _TABLE, snprintf-style as civiscore_fitted_to_json. When the
 * options asked for a sample the output is the CLI's: JSON {"report": ..., "sample": [...]}, CSV
 * one row per chosen unit, TABLE both. docs/checks.md describes the fields. */
CIVISCORE_API int civiscore_check_report_write_string(const civiscore_check_report* report,
                                                      int format, char* buf, size_t cap,
                                                      size_t* out_len);
/* The verification sample as JSON [{"unit", "stratum", "weight", "reasons": [..]}], strata in name
 * order, units in selection order, snprintf-style. The same seed gives the same sample on every
 * platform. CIVISCORE_ERROR_INVALID_ARGUMENT if the run's options asked for no sample. */
CIVISCORE_API int civiscore_check_report_sample_json(const civiscore_check_report* report,
                                                     char* buf, size_t cap, size_t* out_len);

/* The flags' consequences applied to the data `report` was run on: values of flags whose effect is
 * "exclude" become missing; failed self-reports are scaled by (1 - discrepancy) or zeroed, as the
 * model's verification pairs say. Score *out_adjusted with civiscore_score; caps and vetoes act on
 * scores, so use civiscore_check_score to have them too. CIVISCORE_ERROR_INVALID_ARGUMENT if the
 * report was made for another model or another dataset. Caller frees *out_adjusted. */
CIVISCORE_API int civiscore_check_apply(const civiscore_model* model,
                                        const civiscore_dataset* dataset,
                                        const civiscore_check_report* report,
                                        civiscore_dataset** out_adjusted);
/* What civiscore_check_apply changes, as JSON [{"unit", "column", "period", "rule", "action",
 * "before", "after", "reason"}] (action "exclude", "scale" or "zero"), snprintf-style. */
CIVISCORE_API int civiscore_check_changes_json(const civiscore_model* model,
                                               const civiscore_dataset* dataset,
                                               const civiscore_check_report* report, char* buf,
                                               size_t cap, size_t* out_len);
/* Score `dataset` with the checks' consequences: the adjusted data is scored (fitted on it unless
 * `fitted` is given), then caps lower totals and vetoes set the lowest grade; ranks follow. The
 * result's JSON (civiscore_result_write_string) carries "checks_applied", every change made.
 * Caller frees *out_result with civiscore_result_free. */
CIVISCORE_API int civiscore_check_score(const civiscore_model* model, const civiscore_fitted* fitted,
                                        const civiscore_dataset* dataset,
                                        const civiscore_check_report* report, int n_threads,
                                        civiscore_result** out_result);

/* ---------------------------------------------------------------------------------------------
 * Service logs (docs/service-logs.md)
 *
 * A model's "logs" section derives input columns from long record tables (unit, period, person,
 * service type, date, quantity, duration): counts, distinct persons, sums, per-1,000 rates, registry
 * coverage, percentiles. Logs are read as a stream (4 MiB at a time), so a log of ten million records
 * is never held whole. Records of units that are not in the unit data are not counted but are
 * reported in the summary; they are never dropped silently.
 * ------------------------------------------------------------------------------------------- */

/* The logs and registries to aggregate: files or CSV text, each under the name the model declares.
 * Created empty; not thread-safe while being filled; freed with civiscore_log_inputs_free. */
typedef struct civiscore_log_inputs civiscore_log_inputs;
/* What an aggregation read: records, records of unknown units, per derived column what was counted
 * and which units were left missing. Immutable; freed with civiscore_log_summary_free. */
typedef struct civiscore_log_summary civiscore_log_summary;

CIVISCORE_API int civiscore_log_inputs_create(civiscore_log_inputs** out_inputs);
CIVISCORE_API void civiscore_log_inputs_free(civiscore_log_inputs* inputs);
/* Add the log `name` (a key of the model's /logs/sources) read from the CSV file `path`. The file is
 * opened only by civiscore_logs_derive. A name the model does not declare, or one given twice, is
 * CIVISCORE_ERROR_INVALID_ARGUMENT there. */
CIVISCORE_API int civiscore_log_inputs_add_log_file(civiscore_log_inputs* inputs, const char* name,
                                                    const char* path);
/* As civiscore_log_inputs_add_log_file, from `len` bytes of CSV text ((size_t)-1: NUL-terminated),
 * copied. */
CIVISCORE_API int civiscore_log_inputs_add_log_text(civiscore_log_inputs* inputs, const char* name,
                                                    const char* text, size_t len);
/* Add the person registry `name` (a key of /logs/registries): a CSV of unit and person ids. */
CIVISCORE_API int civiscore_log_inputs_add_registry_file(civiscore_log_inputs* inputs,
                                                         const char* name, const char* path);
CIVISCORE_API int civiscore_log_inputs_add_registry_text(civiscore_log_inputs* inputs,
                                                         const char* name, const char* text,
                                                         size_t len);

/* Aggregate the logs in `inputs` into the model's derived columns and return a new dataset: `units`
 * plus one numeric column per derived column whose log was given (units without records get 0 for
 * counts and sums, missing (NaN) for percentiles and shares, and missing coverage when their registry
 * is empty). Columns of logs not given are not derived (the unit data must then hold them, as for
 * any input). Score *out_dataset as usual. `out_summary` may be NULL.
 * Errors: CIVISCORE_ERROR_INVALID_ARGUMENT for a log or registry the model does not declare, given
 * twice, or a registry a derived column needs but not given; CIVISCORE_ERROR_DATA naming file:line and
 * the column for a malformed record (empty unit id, a value that is not a number, a bad date), a log
 * column that is missing, a derived column the unit data already has, and a unit whose population is
 * missing or not > 0 (per_1000); CIVISCORE_ERROR_IO for an unreadable file. Thread-safe for distinct
 * outputs; deterministic: it runs on all cores (or CIVISCORE_THREADS) and each unit's records are
 * folded in file order, so the result does not depend on the thread count. Caller frees *out_dataset with
 * civiscore_dataset_free and *out_summary with civiscore_log_summary_free. */
CIVISCORE_API int civiscore_logs_derive(const civiscore_model* model, const civiscore_dataset* units,
                                        const civiscore_log_inputs* inputs,
                                        civiscore_dataset** out_dataset,
                                        civiscore_log_summary** out_summary);
/* The summary as JSON {"logs": [...], "registries": [...], "columns": [...], "not_given": [...]}
 * (docs/service-logs.md), snprintf-style: *out_len is the full length. */
CIVISCORE_API int civiscore_log_summary_json(const civiscore_log_summary* summary, char* buf,
                                             size_t cap, size_t* out_len);
CIVISCORE_API void civiscore_log_summary_free(civiscore_log_summary* summary);

/* ---------------------------------------------------------------------------------------------
 * Unit roll-ups and linked entities (issue 11; docs/units-and-links.md)
 *
 * A model with a "units" section (levels such as street and district, read from text columns of the
 * data, and a unit weight such as population) gives every result roll-up tables: per level, every
 * group's weighted mean score of every node, its counts, rank among the level's groups, rank within
 * its parent group and grade; and per unit, its group and rank within that group at every level.
 * Levels are indexed lowest first as the model declares them; groups in byte order of their labels.
 * A result of a model without units has 0 levels; asking for a level of it is
 * CIVISCORE_ERROR_INVALID_ARGUMENT. Results stay immutable (thread-safe reads).
 * ------------------------------------------------------------------------------------------- */

/* Kinds of counts for civiscore_result_rollup_counts. */
#define CIVISCORE_ROLLUP_UNITS 0     /* units in the group */
#define CIVISCORE_ROLLUP_SCORED 1    /* units whose root score entered the group's root mean */
#define CIVISCORE_ROLLUP_UNSCORED 2  /* units whose root score is missing */
#define CIVISCORE_ROLLUP_NO_WEIGHT 3 /* units left out of every mean because their weight is missing */

/* The model's unit levels (lowest first) and their data columns; NULL if out of range. The columns
 * are text columns of the data: a caller building a dataset from its own tables must carry them. */
CIVISCORE_API size_t civiscore_model_unit_level_count(const civiscore_model* model);
CIVISCORE_API const char* civiscore_model_unit_level_column(const civiscore_model* model, size_t level);
/* The unit weight column ("population"), or "" for equal weights; NULL for a NULL model. */
CIVISCORE_API const char* civiscore_model_unit_weight_column(const civiscore_model* model);

/* Number of unit levels of the result's model (0 without a "units" section). */
CIVISCORE_API size_t civiscore_result_rollup_level_count(const civiscore_result* result);
/* Id of a level ("street"); NULL if out of range. */
CIVISCORE_API const char* civiscore_result_rollup_level_id(const civiscore_result* result, size_t level);
/* Number of groups at a level (0 with CIVISCORE_ERROR_INVALID_ARGUMENT as last error if out of range). */
CIVISCORE_API size_t civiscore_result_rollup_group_count(const civiscore_result* result, size_t level);
/* Label of a group ("S1"); NULL if out of range. */
CIVISCORE_API const char* civiscore_result_rollup_group_id(const civiscore_result* result, size_t level,
                                                           size_t group);
/* Index of a group's parent at level + 1; -1 at the top level, when none of its units names one, or
 * on error. */
CIVISCORE_API ptrdiff_t civiscore_result_rollup_group_parent(const civiscore_result* result, size_t level,
                                                             size_t group);
/* Weighted mean score of `node` per group of `level` (NaN where no unit of the group has a score of
 * the node and a weight); n must equal the group count. CIVISCORE_ERROR_INVALID_ARGUMENT naming the
 * node for a node the result did not keep (civiscore_score_opts). */
CIVISCORE_API int civiscore_result_rollup_scores(const civiscore_result* result, size_t level,
                                                 size_t node, double* out, size_t n);
/* Counts per group (`kind`: CIVISCORE_ROLLUP_*); n must equal the group count. */
CIVISCORE_API int civiscore_result_rollup_counts(const civiscore_result* result, size_t level, int kind,
                                                 int64_t* out, size_t n);
/* Total weight of the units in each group's root mean (their count with equal weights). */
CIVISCORE_API int civiscore_result_rollup_weights(const civiscore_result* result, size_t level,
                                                  double* out, size_t n);
/* Rank per group among all groups of the level by root score: 1 = best, ties share the lowest rank,
 * 0 = unranked (no scored unit). */
CIVISCORE_API int civiscore_result_rollup_ranks(const civiscore_result* result, size_t level,
                                                int64_t* out, size_t n);
/* Rank per group among the groups of its parent (a street within its district); 0 at the top level
 * or without a parent or a score. */
CIVISCORE_API int civiscore_result_rollup_ranks_in_parent(const civiscore_result* result, size_t level,
                                                          int64_t* out, size_t n);
/* Grade index per group into the model's grade bands, from its root score; -1 = none. */
CIVISCORE_API int civiscore_result_rollup_grades(const civiscore_result* result, size_t level, int* out,
                                                 size_t n);
/* Per unit: index of its group at `level`, -1 where the unit's level cell is missing; n must equal
 * the unit count. */
CIVISCORE_API int civiscore_result_unit_groups(const civiscore_result* result, size_t level,
                                               int64_t* out, size_t n);
/* Per unit: rank of its root score among the units of its group at `level` (a community's rank in
 * its street, in its district); 0 = unranked (unscored, or no group). */
CIVISCORE_API int civiscore_result_unit_ranks_in(const civiscore_result* result, size_t level,
                                                 int64_t* out, size_t n);
/* The roll-up tables as CIVISCORE_FORMAT_JSON ({"model", "rollup": {"weight", "levels": [...]}}),
 * _CSV (one row per level and group) or _TABLE, snprintf-style as civiscore_fitted_to_json. */
CIVISCORE_API int civiscore_result_rollup_write_string(const civiscore_result* result, int format,
                                                       char* buf, size_t cap, size_t* out_len);

/* Linked entities: social organisations or workers scored with their own model (`entities`, a
 * result), attributed to the communities they serve through a link table in CSV (a header row; the
 * entity, community and weight columns, others ignored). The outcome holds the communities' data
 * with added columns <as> (the weighted mean of the linked entities' scores: sum(w*s)/sum(w) over
 * links to scored entities; NaN when there is none) and <as>_links (the number of those links), plus
 * <as>_grade_<label> (linked entities per grade) with "grade_counts"; score it with the community
 * model, whose indicators may read these columns.
 * options_json: NULL or "" = defaults, else an object with "entity_column" (default "entity_id"),
 * "community_column" ("community_id"), "weight_column" ("weight"; null = every link weighs 1), "as"
 * ("entity_score"), "node" (entity-model node id; default the root), "grade_counts" (false). An
 * unknown key or wrong type is CIVISCORE_ERROR_INVALID_ARGUMENT naming it. CIVISCORE_ERROR_DATA,
 * naming the link table's line, for a link to an unknown entity or community, an (entity,
 * community) pair given twice or a weight that is missing, zero, negative or infinite; and naming
 * the column for an absent link-table column or an added column the communities already have.
 * Caller frees *out_linked with civiscore_linked_free. Outcomes are immutable. */
typedef struct civiscore_linked civiscore_linked; /* the communities' data with linked scores */

/* From `len` bytes of CSV text ((size_t)-1: NUL-terminated). */
CIVISCORE_API int civiscore_link_entities(const civiscore_result* entities,
                                          const civiscore_dataset* communities, const char* links_csv,
                                          size_t len, const char* options_json,
                                          civiscore_linked** out_linked);
/* From the CSV file at `links_path` (CIVISCORE_ERROR_IO if unreadable). */
CIVISCORE_API int civiscore_link_entities_file(const civiscore_result* entities,
                                               const civiscore_dataset* communities,
                                               const char* links_path, const char* options_json,
                                               civiscore_linked** out_linked);
CIVISCORE_API void civiscore_linked_free(civiscore_linked* linked);
/* A copy of the communities' data with the added columns; caller frees *out_dataset. */
CIVISCORE_API int civiscore_linked_dataset(const civiscore_linked* linked,
                                           civiscore_dataset** out_dataset);
/* What the link step did, as JSON {"as", "node", "weight", "links", "added_columns", "unlinked" (ids
 * of communities no link names), "no_scored_entity" (communities linked only to unscored
 * entities), "unscored_entities"}, snprintf-style as civiscore_fitted_to_json. */
CIVISCORE_API int civiscore_linked_report_json(const civiscore_linked* linked, char* buf, size_t cap,
                                               size_t* out_len);

/* ---------------------------------------------------------------------------------------------
 * Period roll-ups and dataset values (issue 11; docs/model-format.md, "Period roll-ups")
 *
 * Quarterly (or monthly) rows to one row per unit by the model's "period_rollup" rules: counts
 * summed, rates recomputed from the summed numerator and denominator (never averaged), last value,
 * mean, max, min. The rolled-up dataset is an ordinary dataset: score it with civiscore_score.
 * Derived columns (the model's "derived" section) need no call of their own: fit, score and the
 * checks compute them; an undefined cell (division by zero, log of <= 0) is missing and listed in
 * civiscore_result_treatments_json. Datasets are immutable (thread-safe reads).
 * ------------------------------------------------------------------------------------------- */

/* Roll `long_data` (a row per unit and period: civiscore_dataset_read_csv_opts with "unique_ids":
 * false) up over `period_column`: one row per unit in order of first appearance, periods ordered
 * numerically when every period is a number, else by text (2024Q1 < 2024Q2). Every column but the id
 * and the period is reduced by its rule (a column the model reads needs one; another numeric column
 * takes its last value, a text column its last non-empty text); each rate rule adds its column.
 * CIVISCORE_ERROR_INVALID_ARGUMENT if the model has no "period_rollup" or period_column is NULL or
 * empty; CIVISCORE_ERROR_DATA naming file:line for a (unit, period) given twice, an empty period, an
 * absent period, numerator or denominator column, or a text column under a numeric rule.
 * Caller frees *out_dataset with civiscore_dataset_free. */
CIVISCORE_API int civiscore_dataset_rollup_periods(const civiscore_model* model,
                                                   const civiscore_dataset* long_data,
                                                   const char* period_column,
                                                   civiscore_dataset** out_dataset);
/* Copy the values of numeric column `column` (0-based, civiscore_dataset_column_id order) into
 * `out_values` of exactly n_units = civiscore_dataset_unit_count doubles (NaN = missing).
 * CIVISCORE_ERROR_INVALID_ARGUMENT for an index out of range or a wrong n_units;
 * CIVISCORE_ERROR_DATA for a text column (naming its first non-number). */
CIVISCORE_API int civiscore_dataset_column_values(const civiscore_dataset* dataset, size_t column,
                                                  double* out_values, size_t n_units);
/* The dataset as CSV text (UTF-8, LF): a header with `id_column` (NULL or "" = "unit_id") and the
 * columns, numbers in the shortest form that reads back to the same double, missing as empty cells,
 * snprintf-style as civiscore_fitted_to_json. */
CIVISCORE_API int civiscore_dataset_to_csv(const civiscore_dataset* dataset, const char* id_column,
                                           char* buf, size_t cap, size_t* out_len);

/* ---------------------------------------------------------------------------------------------
 * Single-unit scoring (online platforms: score one form as it is submitted)
 *
 * A scorer is prepared once from a model and a fitted state (civiscore_fit on the base data, or
 * civiscore_fitted_from_json); each civiscore_scorer_score call then scores one unit without
 * allocating memory, and gives exactly what civiscore_score with the same fitted state gives that
 * unit (scores, coverage, status, grade; not a rank, which needs the other units).
 * Supported: per-value rules (min_max, z_score, goalposts, target, binary, tiers) under groups with
 * the weighted arithmetic mean (any weights, learned ones included) and every missing policy.
 * Thread-safety: a scorer is immutable; any number of threads may score with it at once.
 * ------------------------------------------------------------------------------------------- */
typedef struct civiscore_scorer civiscore_scorer; /* a model and fitted state, ready for one unit */

/* Prepare a scorer. CIVISCORE_ERROR_FITTED if `fitted` was made for another model;
 * CIVISCORE_ERROR_INVALID_ARGUMENT naming the node for a model it cannot score one unit at a time
 * (data treatment, whole-column normalisers, deduction rules, aggregations other than the arithmetic
 * mean, MCDA, derived columns): score those in batch. The scorer keeps its own reference to the
 * model; `model` and `fitted` may be freed afterwards. Caller frees *out_scorer with
 * civiscore_scorer_free. */
CIVISCORE_API int civiscore_scorer_new(const civiscore_model* model, const civiscore_fitted* fitted,
                                       civiscore_scorer** out_scorer);
CIVISCORE_API void civiscore_scorer_free(civiscore_scorer* scorer);

/* Score one unit. `values[n_values]` are its raw values in the model's input column order
 * (civiscore_model_input_column; n_values = civiscore_model_input_column_count), NaN = missing.
 * Fills out_scores[n_nodes] and out_coverage[n_nodes] (n_nodes = civiscore_model_node_count, model
 * order; node 0 is the root), and, when not NULL, *out_status (CIVISCORE_UNIT_*) and *out_grade
 * (grade index, -1 = none). Allocates nothing on success. CIVISCORE_ERROR_INVALID_ARGUMENT for a
 * NULL argument or a wrong count; CIVISCORE_ERROR_DATA naming the indicator for a value the model
 * refuses (missing under the "error" policy, or present where the fit saw none); the outputs may
 * then hold partial results. */
CIVISCORE_API int civiscore_scorer_score(const civiscore_scorer* scorer, const double* values,
                                         size_t n_values, double* out_scores, double* out_coverage,
                                         size_t n_nodes, int* out_status, int* out_grade);

/* ---- Uncertainty, sensitivity and audit (docs/sensitivity.md) --------------------------------- */

typedef struct civiscore_analysis civiscore_analysis; /* the outcome of one analysis run */

/* Fit `model` on `dataset`, score it, then run the analysis spec `spec_json` (JSON, NUL-terminated;
 * docs/sensitivity.md): Monte Carlo replications over the declared uncertain inputs (weights, choices
 * of method at named nodes, a removed indicator), each indicator's rank shift when removed, Sobol
 * first-order and total-effect indices with bootstrap intervals, and the statistical audit
 * (correlations, Cronbach's alpha, PCA, effective weights). n_threads >= 0 as in civiscore_fit; the
 * results depend only on the spec's seed, never on the thread count. CIVISCORE_ERROR_INVALID_ARGUMENT
 * for a bad spec (naming its JSON pointer, e.g. "/uncertain/0/node") or a choice that makes the model
 * invalid (naming the input, the option and the model's JSON pointer); CIVISCORE_ERROR_DATA as
 * civiscore_score. Caller frees *out_analysis with civiscore_analysis_free. */
CIVISCORE_API int civiscore_analysis_run(const civiscore_model* model, const civiscore_dataset* dataset,
                                         const char* spec_json, int n_threads,
                                         civiscore_analysis** out_analysis);
CIVISCORE_API void civiscore_analysis_free(civiscore_analysis* analysis);

/* Write the analysis as CIVISCORE_FORMAT_JSON (everything) or _CSV (one row per unit: nominal
 * score, rank and grade, rank and score percentiles, grade probabilities), snprintf-style as
 * civiscore_fitted_to_json. CSV is CIVISCORE_ERROR_INVALID_ARGUMENT when no replications ran. */
CIVISCORE_API int civiscore_analysis_write_string(const civiscore_analysis* analysis, int format,
                                                  char* buf, size_t cap, size_t* out_len);
/* Number of units (every input unit); 0 (with CIVISCORE_ERROR_INVALID_ARGUMENT) for NULL. */
CIVISCORE_API size_t civiscore_analysis_unit_count(const civiscore_analysis* analysis);
/* Per unit, in dataset order: the nominal rank and the 5th percentile, median and 95th percentile
 * of its rank over the replications (type-7 quantiles), each into an array of n doubles (n =
 * civiscore_analysis_unit_count; any output may be NULL). NaN where the unit was never ranked.
 * CIVISCORE_ERROR_INVALID_ARGUMENT for a wrong n or when no replications ran. */
CIVISCORE_API int civiscore_analysis_unit_ranks(const civiscore_analysis* analysis, double* out_nominal,
                                                double* out_p05, double* out_median, double* out_p95,
                                                size_t n);
/* The same for the reported root score. */
CIVISCORE_API int civiscore_analysis_unit_scores(const civiscore_analysis* analysis, double* out_nominal,
                                                 double* out_p05, double* out_median, double* out_p95,
                                                 size_t n);

/* Stand-alone Sobol analysis of any function. The Saltelli design for k factors and n base samples
 * on (0, 1)^k: n (k + 2) rows of k values, row-major, into out[n_values] (n_values must be
 * n (k + 2) k): blocks of n rows A, B, then AB_1 ... AB_k (A with column i from B). The same seed
 * gives the same design on every platform. CIVISCORE_ERROR_INVALID_ARGUMENT if k or n is 0. */
CIVISCORE_API int civiscore_sobol_sample(size_t k, size_t n, uint64_t seed, double* out,
                                         size_t n_values);
/* Jansen estimators of the first-order (out_first[k]) and total-effect (out_total[k]) indices from
 * y[n_values], the function evaluated on civiscore_sobol_sample's rows (n_values = n (k + 2)), with
 * bootstrap percentile intervals of level `confidence` from n_bootstrap resamples of the base rows
 * (out_first_ci[2k], out_total_ci[2k] as (lo, hi) pairs; may be NULL; NaN when n_bootstrap is 0).
 * Indices are NaN when y has no variance. CIVISCORE_ERROR_INVALID_ARGUMENT for a size mismatch, a
 * non-finite y (naming the row), n < 2 or confidence outside (0, 1). */
CIVISCORE_API int civiscore_sobol_indices(const double* y, size_t n_values, size_t k, size_t n,
                                          size_t n_bootstrap, double confidence, uint64_t seed,
                                          double* out_first, double* out_total,
                                          double* out_first_ci, double* out_total_ci);

/* ---------------------------------------------------------------------------------------------
 * Scoring with options: keep only the nodes the caller needs
 *
 * A province scoring 10^6 units often needs only the index (or the index and its dimensions), not
 * every node's column. Ranks, grades, statuses, effective weights, the node report and the roll-up's
 * root are always complete; the scores and coverage of nodes not kept are not stored, and every
 * accessor of them fails with CIVISCORE_ERROR_INVALID_ARGUMENT naming the node (never a row of NaN).
 * The kept nodes' values are bit for bit those of a full civiscore_score, on any thread count.
 * ------------------------------------------------------------------------------------------- */

/* civiscore_score with options. `options_json` may be NULL or "" (= civiscore_score) or a JSON
 * object; its one key today is "keep": a string of comma-separated node ids and the words "all",
 * "groups" (every node that is not an indicator), "indicators" and "depth:N" (the root and the nodes
 * at most N levels below it: "depth:1" = the index and its dimensions), e.g. {"keep": "depth:1"}; or
 * an array of such strings, each an exact node id or a specification, e.g. {"keep": ["index", "D1"]}.
 * The root is always kept. `fitted` NULL fits the model on `dataset` first, as civiscore_score.
 * Invalid JSON, an unknown key, an empty or wrongly typed "keep", or an unknown id or word is
 * CIVISCORE_ERROR_INVALID_ARGUMENT naming this function, the option and the word. Thread-safe for
 * distinct out_result. Caller frees *out_result with civiscore_result_free; the result's writers
 * (civiscore_result_write_string, _write_file, the roll-up's) write only the kept nodes; reports
 * (civiscore_report_*) need every node and refuse such a result. */
CIVISCORE_API int civiscore_score_opts(const civiscore_model* model, const civiscore_fitted* fitted,
                                       const civiscore_dataset* dataset, const char* options_json,
                                       int n_threads, civiscore_result** out_result);
/* *out_kept = 1 if the result holds `node`'s scores and coverage (every node of a civiscore_score
 * result), else 0. CIVISCORE_ERROR_INVALID_ARGUMENT for NULL arguments or a node out of range. */
CIVISCORE_API int civiscore_result_node_kept(const civiscore_result* result, size_t node,
                                             int* out_kept);

#ifdef __cplusplus
}
#endif

#endif /* CIVISCORE_H */
