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
 * named by its id unless the model says otherwise; a deduction rule reads one column per event). */
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

/* Scores of one node for every unit (NaN where the node could not be scored). */
CIVISCORE_API int civiscore_result_node_scores(const civiscore_result* result, size_t node,
                                               double* out, size_t n);
/* Coverage of one node for every unit in [0, 1]: the weight share of its indicators that had data;
 * NaN where the whole node was not applicable. */
CIVISCORE_API int civiscore_result_node_coverage(const civiscore_result* result, size_t node,
                                                 double* out, size_t n);
/* All scores as a units x nodes matrix in `layout` (dense); n must be units * nodes. */
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

#ifdef __cplusplus
}
#endif

#endif /* CIVISCORE_H */
