/* Score a data set with a model through the C ABI and print the best units with their grades.
 *
 *   score MODEL.json DATA.csv [TOP]      (TOP defaults to 10)
 *
 * C99; build with `cc score.c $(pkg-config --cflags --libs civiscore)`. */
#include <civiscore.h>

#include <stdio.h>
#include <stdlib.h>

/* Everything the program holds, so one cleanup path frees it whatever failed. */
struct session {
    civiscore_model* model;
    civiscore_dataset* data;
    civiscore_result* result;
    double* totals;
    int64_t* ranks;
    int* grades;
    int* statuses;
    size_t* order;
};

static const int64_t* sort_ranks; /* qsort has no context argument in C99 */

/* Ranked units by rank; ties (equal ranks) and unranked units (rank 0, last) keep data order. */
static int by_rank(const void* a, const void* b) {
    const size_t ia = *(const size_t*)a;
    const size_t ib = *(const size_t*)b;
    const int64_t ra = sort_ranks[ia] == 0 ? INT64_MAX : sort_ranks[ia];
    const int64_t rb = sort_ranks[ib] == 0 ? INT64_MAX : sort_ranks[ib];
    if (ra != rb) {
        return ra < rb ? -1 : 1;
    }
    return ia < ib ? -1 : (ia > ib ? 1 : 0);
}

static void cleanup(struct session* s) {
    free(s->order);
    free(s->statuses);
    free(s->grades);
    free(s->ranks);
    free(s->totals);
    civiscore_result_free(s->result);
    civiscore_dataset_free(s->data);
    civiscore_model_free(s->model);
}

/* Report a failed call with the library's message; returns 1 so callers can `return fail(...)`. */
static int fail(struct session* s, int status, const char* what) {
    fprintf(stderr, "score: %s: %s\n%s\n", what, civiscore_status_string(status),
            civiscore_last_error_message());
    cleanup(s);
    return 1;
}

int main(int argc, char** argv) {
    struct session s = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    size_t n;
    size_t top = 10;
    size_t i;
    size_t counts[3] = {0, 0, 0};
    int status;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s MODEL.json DATA.csv [TOP]\n", argv[0]);
        return 2;
    }
    if (argc == 4) {
        char* end = NULL;
        const unsigned long v = strtoul(argv[3], &end, 10);
        if (end == argv[3] || *end != '\0' || v == 0) {
            fprintf(stderr, "score: TOP must be a positive integer, not '%s'\n", argv[3]);
            return 2;
        }
        top = (size_t)v;
    }

    if ((status = civiscore_model_load_file(argv[1], &s.model)) != CIVISCORE_OK) {
        return fail(&s, status, argv[1]);
    }
    if ((status = civiscore_dataset_read_csv(argv[2], NULL, &s.data)) != CIVISCORE_OK) {
        return fail(&s, status, argv[2]);
    }
    /* No fitted state: fit on this data, then score it. 0 threads = all cores. */
    if ((status = civiscore_score(s.model, NULL, s.data, 0, &s.result)) != CIVISCORE_OK) {
        return fail(&s, status, "scoring");
    }

    n = civiscore_result_unit_count(s.result);
    s.totals = (double*)malloc((n ? n : 1) * sizeof *s.totals);
    s.ranks = (int64_t*)malloc((n ? n : 1) * sizeof *s.ranks);
    s.grades = (int*)malloc((n ? n : 1) * sizeof *s.grades);
    s.statuses = (int*)malloc((n ? n : 1) * sizeof *s.statuses);
    s.order = (size_t*)malloc((n ? n : 1) * sizeof *s.order);
    if (!s.totals || !s.ranks || !s.grades || !s.statuses || !s.order) {
        fprintf(stderr, "score: out of memory\n");
        cleanup(&s);
        return 1;
    }
    /* Node 0 is the root: its score is the unit's total. */
    if ((status = civiscore_result_node_scores(s.result, 0, s.totals, n)) != CIVISCORE_OK ||
        (status = civiscore_result_ranks(s.result, s.ranks, n)) != CIVISCORE_OK ||
        (status = civiscore_result_grades(s.result, s.grades, n)) != CIVISCORE_OK ||
        (status = civiscore_result_statuses(s.result, s.statuses, n)) != CIVISCORE_OK) {
        return fail(&s, status, "reading the result");
    }

    for (i = 0; i < n; ++i) {
        s.order[i] = i;
        if (s.statuses[i] >= 0 && s.statuses[i] <= 2) {
            ++counts[s.statuses[i]];
        }
    }
    sort_ranks = s.ranks;
    qsort(s.order, n, sizeof *s.order, by_rank);

    printf("%s (%s)\n", civiscore_model_name(s.model), civiscore_model_id(s.model));
    printf("%lu units: %lu ok, %lu partial, %lu unscored\n", (unsigned long)n,
           (unsigned long)counts[CIVISCORE_UNIT_OK], (unsigned long)counts[CIVISCORE_UNIT_PARTIAL],
           (unsigned long)counts[CIVISCORE_UNIT_UNSCORED]);
    printf("%4s  %-12s  %7s  %s\n", "rank", "unit", "score", "grade");
    for (i = 0; i < n && i < top; ++i) {
        const size_t u = s.order[i];
        const char* grade = s.grades[u] >= 0
                                ? civiscore_model_grade_label(s.model, (size_t)s.grades[u])
                                : "-";
        if (s.ranks[u] == 0) {
            break; /* only unscored units are left */
        }
        printf("%4lld  %-12s  %7.2f  %s\n", (long long)s.ranks[u],
               civiscore_result_unit_id(s.result, u), s.totals[u], grade);
    }

    cleanup(&s);
    return 0;
}
