/* The floor reference for regional-42 (issue 7): a hand-written C loop over the same data, with no
 * library, no error handling beyond the input's, and no per-node bookkeeping. What civiscore is
 * compared with: "how fast could this possibly be on this machine".
 *
 *   cc -O3 -march=native -fno-math-errno -fno-trapping-math -fassociative-math -fno-signed-zeros \
 *      -fopenmp benchmarks/floor.c -o floor -lm          (benchmarks/CMakeLists.txt builds it so)
 *   OMP_NUM_THREADS=1 ./floor build-bench/data/regional-42-1000000.csv 5
 *
 * Written to be fast, not merely plain: every loop is branch-free so it vectorises for this CPU,
 * the logarithms are glibc's vector ones (libmvec, within 4 ulp, results that may differ by CPU and
 * glibc version, which civiscore's own logarithm must not: util/xlogx.hpp), sums are reassociated
 * freely, and ranks come from a radix sort.
 *
 * Passes over the column-major N x 42 matrix (NaN = missing):
 *   1. per column: min, max, count of present values;
 *   2. per column: S = sum z and T = sum z ln z of the min-max scores z (never stored), giving the
 *      entropy E = -(T/S - ln S)/ln n and the weights (1 - E) times the expert weights, normalised;
 *   3. per unit: min-max scores, group, dimension and index means over present children (one write
 *      per unit: the index).
 * Then ranks (radix sort on one thread, ties share the lowest rank) and grades. Prints the times per run (fit+score and
 * rank+grade separately) and the checksums of benchmarks/peers/regional42.py.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* glibc's vector logarithms (libmvec: four or eight values a call), declared as <math.h> declares
 * them under -ffast-math, which this file is not built with: it must see NaN (missing values). */
#pragma omp declare simd notinbranch
double log(double);

#define K 42
#define NG 14
#define ND 5

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Scores as unsigned keys that sort descending, NaN excluded by the caller: the usual order-preserving
 * map of IEEE doubles, complemented. */
static uint64_t descending_key(double v) {
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    b = (b >> 63) ? ~b : b | (1ull << 63);
    return ~b;
}

/* LSD radix sort of (key, unit) pairs by key, 11 bits a pass, stable; passes whose digit is the same
 * for every key are skipped. */
typedef struct {
    uint64_t key;
    uint64_t unit;
} keyed;

static void radix_sort(keyed* a, keyed* tmp, size_t m) {
    for (int shift = 0; shift < 64; shift += 11) {
        size_t count[2048] = {0};
        for (size_t i = 0; i < m; ++i) ++count[(a[i].key >> shift) & 2047];
        if (count[(a[0].key >> shift) & 2047] == m) continue;
        size_t pos = 0;
        for (int d = 0; d < 2048; ++d) {
            const size_t c = count[d];
            count[d] = pos;
            pos += c;
        }
        for (size_t i = 0; i < m; ++i) tmp[count[(a[i].key >> shift) & 2047]++] = a[i];
        memcpy(a, tmp, m * sizeof *a);
    }
}

/* Untimed load of the CSV into a column-major matrix, as civiscore's dataset holds it. */
static void load(const char* path, double** out, size_t* out_n) {
    FILE* f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    /* Untimed load: count lines, then parse (the benchmark is in memory). */
    size_t n = 0, cap = 1 << 20;
    double* x;
    char* line = NULL;
    size_t len = 0;
    double* rows = malloc(cap * K * sizeof *rows);
    if (getline(&line, &len, f) < 0) exit(1); /* header */
    while (getline(&line, &len, f) > 0) {
        if (n == cap) {
            cap *= 2;
            rows = realloc(rows, cap * K * sizeof *rows);
        }
        char* p = strchr(line, ',');
        for (int j = 0; j < K; ++j) {
            ++p; /* past the comma */
            if (*p == ',' || *p == '\n' || *p == '\0') rows[n * K + j] = NAN;
            else rows[n * K + j] = strtod(p, &p);
            if (j < K - 1) p = strchr(p, ',');
        }
        ++n;
    }
    fclose(f);
    free(line);
    x = malloc(n * K * sizeof *x); /* column-major, as civiscore's dataset */
    for (size_t u = 0; u < n; ++u)
        for (int j = 0; j < K; ++j) x[(size_t)j * n + u] = rows[u * K + j];
    free(rows);

    *out = x;
    *out_n = n;
}

/* splitmix64, as benchmarks/src/bench_data.hpp */
static double uniform(uint64_t* s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: floor DATA.csv|--synthetic=N [runs]\n");
        return 2;
    }
    const int runs = argc > 2 ? atoi(argv[2]) : 5;
    size_t n = 0;
    double* x = NULL;
    if (strncmp(argv[1], "--synthetic=", 12) == 0) {
        /* The CI smoke run: bench_data.hpp's synthetic stand-in, no file needed. */
        n = strtoull(argv[1] + 12, NULL, 10);
        x = malloc(n * K * sizeof *x);
        uint64_t s = 20261127;
        for (int j = 0; j < K; ++j)
            for (size_t u = 0; u < n; ++u) {
                const double r = uniform(&s);
                const double v = j % 3 == 0 ? round(1000 * (1 - r * r)) / 10
                               : j % 3 == 1 ? round(100 * exp(6 + 2 * r * r)) / 100
                                            : floor(12 * r * r);
                x[(size_t)j * n + u] = uniform(&s) < 0.01 ? NAN : v;
            }
    } else {
        load(argv[1], &x, &n);
    }
    if (!x || n == 0) return 1;

    double expert[K], es = 0;
    int cost[K];
    for (int j = 0; j < K; ++j) {
        expert[j] = 1 + (7 * j) % 5;
        es += expert[j];
        cost[j] = j % 6 == 5;
    }
    static const int dim_of_group[NG] = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4};
    double* index = malloc(n * sizeof *index);
    int64_t* rank = malloc(n * sizeof *rank);
    char* grade = malloc(n);
    keyed* order = malloc(n * sizeof *order);
    keyed* sorted = malloc(n * sizeof *sorted);
    double w[K], wg[NG], wd[ND];

    for (int r = 0; r < runs; ++r) {
        const double t0 = now();
        double lo[K], hi[K], cnt[K], d[K], ds = 0;
#pragma omp parallel for schedule(static)
        for (int j = 0; j < K; ++j) {
            const double* c = x + (size_t)j * n;
            double a = INFINITY, b = -INFINITY, m = 0;
#pragma omp simd reduction(min : a) reduction(max : b) reduction(+ : m)
            for (size_t u = 0; u < n; ++u) {
                const double v = c[u]; /* NaN fails every comparison */
                a = v < a ? v : a;
                b = v > b ? v : b;
                m += v == v ? 1.0 : 0.0;
            }
            lo[j] = a;
            hi[j] = b;
            cnt[j] = m;
        }
        double scale[K], off[K];
        for (int j = 0; j < K; ++j) {
            const double span = hi[j] - lo[j];
            scale[j] = span > 0 ? (cost[j] ? -100.0 : 100.0) / span : 0.0;
            off[j] = cost[j] ? hi[j] : lo[j];
        }
#pragma omp parallel for schedule(static)
        for (int j = 0; j < K; ++j) {
            const double* c = x + (size_t)j * n;
            const double sl = scale[j], of = off[j];
            double s = 0, t = 0;
            if (sl == 0) { /* a constant column: every present value scores 50 */
                s = 50.0 * cnt[j];
                t = s * log(50.0);
            } else {
                /* Branch-free, so the loop vectorises and log is glibc's vector log (libmvec);
                 * a missing value scores z = 0 and adds 0 ln 1. */
#pragma omp simd reduction(+ : s, t)
                for (size_t u = 0; u < n; ++u) {
                    const double v = c[u];
                    const double z = v == v ? (v - of) * sl : 0.0;
                    s += z;
                    t += z * log(z > 0 ? z : 1.0);
                }
            }
            d[j] = s > 0 ? 1.0 + (t / s - log(s)) / log(cnt[j]) : 0.0;
        }
        double ws = 0;
        for (int j = 0; j < K; ++j) ds += d[j];
        for (int j = 0; j < K; ++j) ws += (w[j] = expert[j] / es * (d[j] / ds));
        for (int g = 0; g < NG; ++g) wg[g] = 0;
        for (int q = 0; q < ND; ++q) wd[q] = 0;
        for (int j = 0; j < K; ++j) wg[j / 3] += (w[j] /= ws);
        for (int g = 0; g < NG; ++g) wd[dim_of_group[g]] += wg[g];
        /* Units in blocks, every unit of a block in vector lanes: each mean over present children
         * as a select rather than a branch. */
#pragma omp parallel for schedule(static)
        for (size_t b0 = 0; b0 < n; b0 += 1024) {
            const size_t b1 = n - b0 < 1024 ? n : b0 + 1024;
#pragma omp simd
            for (size_t u = b0; u < b1; ++u) {
                double dn[ND], dd[ND];
#pragma GCC unroll 8
                for (int q = 0; q < ND; ++q) dn[q] = dd[q] = 0;
#pragma GCC unroll 16
                for (int g = 0; g < NG; ++g) {
                    double num = 0, den = 0;
#pragma GCC unroll 4
                    for (int j = 3 * g; j < 3 * g + 3; ++j) {
                        const double v = x[(size_t)j * n + u];
                        const double z = scale[j] != 0 ? (v - off[j]) * scale[j] : 50.0;
                        num += v == v ? w[j] * z : 0.0;
                        den += v == v ? w[j] : 0.0;
                    }
                    const double mean = den > 0 ? num / (den > 0 ? den : 1.0) : 0.0;
                    dn[dim_of_group[g]] += den > 0 ? wg[g] * mean : 0.0;
                    dd[dim_of_group[g]] += den > 0 ? wg[g] : 0.0;
                }
                double num = 0, den = 0;
#pragma GCC unroll 8
                for (int q = 0; q < ND; ++q) {
                    const double mean = dd[q] > 0 ? dn[q] / (dd[q] > 0 ? dd[q] : 1.0) : 0.0;
                    num += dd[q] > 0 ? wd[q] * mean : 0.0;
                    den += dd[q] > 0 ? wd[q] : 0.0;
                }
                index[u] = den > 0 ? num / (den > 0 ? den : 1.0) : NAN;
            }
        }
        const double t1 = now();
        size_t m = 0;
        for (size_t u = 0; u < n; ++u) {
            rank[u] = 0;
            if (index[u] == index[u]) order[m++] = (keyed){descending_key(index[u]), u};
        }
        radix_sort(order, sorted, m);
        for (size_t i = 0; i < m; ++i)
            rank[order[i].unit] = (i > 0 && order[i].key == order[i - 1].key) ? rank[order[i - 1].unit] : (int64_t)i + 1;
        for (size_t u = 0; u < n; ++u)
            grade[u] = index[u] >= 90 ? 'A' : index[u] >= 80 ? 'B' : index[u] >= 60 ? 'C' : index[u] == index[u] ? 'D' : '-';
        const double t2 = now();
        printf("floor fit+score %.6f rank+grade %.6f total %.6f\n", t1 - t0, t2 - t1, t2 - t0);
    }
    double cs_index = 0, cs_w = 0;
    int64_t cs_rank = 0;
    for (size_t u = 0; u < n; ++u) {
        if (index[u] == index[u]) cs_index += index[u];
        cs_rank += rank[u] * (int64_t)(u % 1000 + 1);
    }
    for (int j = 0; j < K; ++j) cs_w += w[j] * (j + 1);
    printf("checksums %.17g %lld %.17g\n", cs_index, (long long)cs_rank, cs_w);
    free(x);
    free(index);
    free(rank);
    free(grade);
    free(order);
    free(sorted);
    return 0;
}
