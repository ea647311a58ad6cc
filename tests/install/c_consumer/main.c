/* A plain C99 program built against an installed civiscore with nothing but pkg-config: proves the
 * installed header, library and civiscore.pc are usable, and that the library computes the totals
 * worked out by hand in ../data/README.md.
 * Usage: c_consumer MODEL.json UNITS.csv */
#include <civiscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            ++failures;                                                               \
        }                                                                             \
    } while (0)

/* Abort on an unexpected failure: nothing after it would be meaningful. */
static void require_ok(int status, const char* what) {
    if (status != CIVISCORE_OK) {
        fprintf(stderr, "%s failed: %s: %s\n", what, civiscore_status_string(status),
                civiscore_last_error_message());
        exit(1);
    }
}

static int close_to(double actual, double expected) {
    return fabs(actual - expected) <= 1e-9 * (1.0 + fabs(expected));
}

int main(int argc, char** argv) {
    civiscore_model* model = NULL;
    civiscore_dataset* data = NULL;
    civiscore_result* result = NULL;
    double totals[3];
    double coverage[3];
    double weights[2];
    int64_t ranks[3];
    int grades[3];
    int statuses[3];
    size_t len = 0;
    char* table = NULL;
    civiscore_model* missing = NULL;
    int status;

    if (argc != 3) {
        fprintf(stderr, "usage: %s MODEL.json UNITS.csv\n", argv[0]);
        return 2;
    }

    /* The library we run is the one we compiled against. */
    CHECK(civiscore_version_number() == CIVISCORE_VERSION_NUMBER);

    require_ok(civiscore_model_load_file(argv[1], &model), "civiscore_model_load_file");
    require_ok(civiscore_dataset_read_csv(argv[2], NULL, &data), "civiscore_dataset_read_csv");
    require_ok(civiscore_score(model, NULL, data, 1, &result), "civiscore_score");

    CHECK(strcmp(civiscore_model_id(model), "install_check") == 0);
    CHECK(civiscore_model_indicator_count(model) == 2);
    CHECK(civiscore_result_unit_count(result) == 3);
    CHECK(strcmp(civiscore_result_unit_id(result, 0), "north") == 0);
    CHECK(strcmp(civiscore_result_unit_id(result, 2), "west") == 0);

    /* Node 0 is the root. Hand-computed in ../data/README.md. */
    require_ok(civiscore_result_node_scores(result, 0, totals, 3), "civiscore_result_node_scores");
    CHECK(close_to(totals[0], 100.0)); /* (3*100 + 1*100) / 4 */
    CHECK(close_to(totals[1], 56.25)); /* (3*50 + 1*75) / 4 */
    CHECK(close_to(totals[2], 20.0));  /* wait missing: 3*20 / 3 */

    require_ok(civiscore_result_node_coverage(result, 0, coverage, 3), "node_coverage");
    CHECK(close_to(coverage[0], 1.0));
    CHECK(close_to(coverage[2], 0.75)); /* only access (weight 3 of 4) had data */

    require_ok(civiscore_result_ranks(result, ranks, 3), "civiscore_result_ranks");
    CHECK(ranks[0] == 1 && ranks[1] == 2 && ranks[2] == 3);

    require_ok(civiscore_result_statuses(result, statuses, 3), "civiscore_result_statuses");
    CHECK(statuses[0] == CIVISCORE_UNIT_OK && statuses[1] == CIVISCORE_UNIT_OK);
    CHECK(statuses[2] == CIVISCORE_UNIT_PARTIAL);

    require_ok(civiscore_result_grades(result, grades, 3), "civiscore_result_grades");
    CHECK(grades[0] == 0 && grades[1] == 0 && grades[2] == 1); /* min 50: good, good, poor */
    CHECK(strcmp(civiscore_model_grade_label(model, 1), "poor") == 0);

    require_ok(civiscore_result_effective_weights(result, weights, 2), "effective_weights");
    CHECK(close_to(weights[0], 0.75) && close_to(weights[1], 0.25));

    /* snprintf-style writer: ask for the length, then fill. */
    require_ok(civiscore_result_write_string(result, CIVISCORE_FORMAT_CSV, NULL, 0, &len),
               "civiscore_result_write_string (length)");
    CHECK(len > 0);
    table = (char*)malloc(len + 1);
    CHECK(table != NULL);
    if (table != NULL) {
        require_ok(civiscore_result_write_string(result, CIVISCORE_FORMAT_CSV, table, len + 1, NULL),
                   "civiscore_result_write_string");
        CHECK(strlen(table) == len);
        CHECK(strstr(table, "east") != NULL);
        free(table);
    }

    /* Errors come back as a status plus a message, never as a crash. */
    status = civiscore_model_load_file("/nonexistent/civiscore/model.json", &missing);
    CHECK(status == CIVISCORE_ERROR_IO);
    CHECK(missing == NULL);
    CHECK(strlen(civiscore_last_error_message()) > 0);

    civiscore_result_free(result);
    civiscore_dataset_free(data);
    civiscore_model_free(model);
    civiscore_model_free(NULL); /* accepted, per the header */

    if (failures != 0) {
        fprintf(stderr, "c_consumer: %d check(s) failed\n", failures);
        return 1;
    }
    printf("c_consumer: ok (civiscore %s, totals %.2f %.2f %.2f)\n", civiscore_version_string(),
           totals[0], totals[1], totals[2]);
    return 0;
}
