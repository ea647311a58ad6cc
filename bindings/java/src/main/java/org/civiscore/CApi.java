package org.civiscore;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C ABI of include/civiscore.h as JNA sees it: one declaration per function, in header order.
 *
 * <p>Every string argument is a NUL-terminated UTF-8 {@code byte[]} (see {@link Strings#utf8}), every
 * array of strings a {@link Pointer} from {@link Strings#array}, and every returned {@code const char*}
 * a {@link Pointer} decoded as UTF-8 by {@link Strings#read}, so the JVM's default charset and
 * {@code jna.encoding} never touch a Chinese name. Handles are opaque {@link Pointer}s. Not public:
 * applications use {@link Model}, {@link Dataset}, {@link Fitted} and {@link Result}.
 */
interface CApi extends Library {
    // Versions and errors
    int civiscore_version_number();
    Pointer civiscore_version_string();
    Pointer civiscore_last_error_message();
    Pointer civiscore_status_string(int status);

    // Model
    int civiscore_model_load_string(byte[] json, SizeT len, PointerByReference outModel);
    int civiscore_model_load_file(byte[] path, PointerByReference outModel);
    void civiscore_model_free(Pointer model);
    Pointer civiscore_model_id(Pointer model);
    Pointer civiscore_model_name(Pointer model);
    Pointer civiscore_model_sha256(Pointer model);
    SizeT civiscore_model_node_count(Pointer model);
    Pointer civiscore_model_node_id(Pointer model, SizeT node);
    Pointer civiscore_model_node_name(Pointer model, SizeT node);
    PtrDiffT civiscore_model_node_parent(Pointer model, SizeT node);
    int civiscore_model_node_level(Pointer model, SizeT node);
    int civiscore_model_node_is_indicator(Pointer model, SizeT node);
    SizeT civiscore_model_indicator_count(Pointer model);
    Pointer civiscore_model_indicator_id(Pointer model, SizeT i);
    SizeT civiscore_model_input_column_count(Pointer model);
    Pointer civiscore_model_input_column(Pointer model, SizeT i);
    SizeT civiscore_model_grade_count(Pointer model);
    Pointer civiscore_model_grade_label(Pointer model, SizeT grade);

    // Dataset
    int civiscore_dataset_from_matrix(double[] values, SizeT nUnits, SizeT nColumns, int layout,
                                      SizeT stride, Pointer columnIds, Pointer unitIds,
                                      PointerByReference outDataset);
    int civiscore_dataset_read_csv(byte[] path, byte[] idColumn, PointerByReference outDataset);
    int civiscore_dataset_parse_csv(byte[] text, SizeT len, byte[] idColumn,
                                    PointerByReference outDataset);
    void civiscore_dataset_free(Pointer dataset);
    SizeT civiscore_dataset_unit_count(Pointer dataset);
    Pointer civiscore_dataset_unit_id(Pointer dataset, SizeT unit);
    int civiscore_dataset_unit_ids(Pointer dataset, Pointer buf, SizeT cap, Pointer outLen);
    SizeT civiscore_dataset_column_count(Pointer dataset);
    Pointer civiscore_dataset_column_id(Pointer dataset, SizeT column);

    // Fit and score
    int civiscore_fit(Pointer model, Pointer dataset, int nThreads, PointerByReference outFitted);
    void civiscore_fitted_free(Pointer fitted);
    int civiscore_fitted_to_json(Pointer fitted, Pointer buf, SizeT cap, Pointer outLen);
    int civiscore_fitted_from_json(Pointer model, byte[] json, SizeT len, PointerByReference outFitted);
    int civiscore_score(Pointer model, Pointer fitted, Pointer dataset, int nThreads,
                        PointerByReference outResult);
    void civiscore_result_free(Pointer result);

    // Results
    SizeT civiscore_result_unit_count(Pointer result);
    SizeT civiscore_result_node_count(Pointer result);
    Pointer civiscore_result_unit_id(Pointer result, SizeT unit);
    int civiscore_result_unit_ids(Pointer result, Pointer buf, SizeT cap, Pointer outLen);
    int civiscore_result_node_scores(Pointer result, SizeT node, double[] out, SizeT n);
    int civiscore_result_node_coverage(Pointer result, SizeT node, double[] out, SizeT n);
    int civiscore_result_scores(Pointer result, int layout, double[] out, SizeT n);
    int civiscore_result_statuses(Pointer result, int[] out, SizeT n);
    int civiscore_result_ranks(Pointer result, long[] out, SizeT n);
    int civiscore_result_grades(Pointer result, int[] out, SizeT n);
    int civiscore_result_effective_weights(Pointer result, double[] out, SizeT n);
    Pointer civiscore_result_model_sha256(Pointer result);
    Pointer civiscore_result_fitted_sha256(Pointer result);
    int civiscore_result_write_string(Pointer result, int format, Pointer buf, SizeT cap,
                                      Pointer outLen);
    int civiscore_result_write_file(Pointer result, int format, byte[] path);

    // Scoring with options ("keep": only some nodes' scores and coverage)
    int civiscore_score_opts(Pointer model, Pointer fitted, Pointer dataset, byte[] optionsJson,
                             int nThreads, PointerByReference outResult);
    int civiscore_result_node_kept(Pointer result, SizeT node, IntByReference outKept);
}
