#!/usr/bin/env python3
"""Run every regional-42 benchmark of issue 7 and write the results table into benchmarks/README.md.

    /usr/bin/python3 benchmarks/run.py                 # build (Release) into build-bench, data, all runs
    /usr/bin/python3 benchmarks/run.py --sizes 10000   # a quick pass
    /usr/bin/python3 benchmarks/run.py --no-write      # print the tables only

Each figure is the median of --runs (default 5) runs with the min-max (for civiscore in process, a
run is one Google Benchmark repetition: the time per call over at least 0.2 s of calls, after a
warm-up that is not counted); civiscore, its peers and the floor run side by side in one
invocation, so ratios compare like with like. Checksums (sum of the index, a
position-weighted sum of the ranks, a position-weighted sum of the weights) of every implementation
must agree or the script stops. Not a pass/fail test of speed.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "peers"))
import regional42 as R  # noqa: E402

PY = "/usr/bin/python3"


def sh(cmd, env=None, **kw):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run(cmd, env=e, check=True, text=True, capture_output=True, **kw).stdout


def stats(ts):
    return statistics.median(ts), min(ts), max(ts)


def fmt(t):
    med, lo, hi = t
    return f"{med:.3f} ({lo:.3f}–{hi:.3f})"


def parse_times(out, tag):
    for line in out.splitlines():
        if line.startswith(tag + " "):
            return [float(x) for x in line.split()[1:]]
    raise RuntimeError(f"no '{tag}' line in:\n{out}")


def parse_checksums(out):
    for line in out.splitlines():
        if line.startswith("checksums "):
            a, b, c = line.split()[1:]
            return float(a), int(b), float(c)
    raise RuntimeError(f"no checksums in:\n{out}")


# Google Benchmark flags of every in-process civiscore figure: a warm-up that is not counted (the
# process's first calls start the thread pool and take fresh memory from the kernel), then each
# repetition runs calls for at least 0.2 s and reports the time per call. A single 15 ms call at
# 100k units moved by a third between repetitions; the peers' medians of 5 likewise leave out their
# cold first run.
GBENCH_FLAGS = ["--benchmark_min_warmup_time=0.2", "--benchmark_min_time=0.2"]


def gbench(exe, data, name, threads, runs):
    out = sh([exe, f"--benchmark_filter=^{name}/{threads}/", *GBENCH_FLAGS,
              f"--benchmark_repetitions={runs}", "--benchmark_format=json"], env={"CIVISCORE_BENCH_DATA": data})
    doc = json.loads(out)
    return [b["real_time"] / 1e3 for b in doc["benchmarks"] if b.get("run_type") == "iteration"]  # ms -> s


def timed(cmd, runs, env=None):
    ts, rss = [], []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(["/usr/bin/time", "-f", "maxrss_kb %M"] + cmd, env={**os.environ, **(env or {})},
                             check=True, text=True, capture_output=True)
        ts.append(time.perf_counter() - t)
        rss.append(int(re.search(r"maxrss_kb (\d+)", out.stderr).group(1)) * 1024)
    return ts, max(rss)


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = int(open("/proc/meminfo").read().split()[1]) / 2**20
    load = open("/proc/loadavg").read().split()[:3]
    busy = subprocess.run(["pgrep", "-f", "fuzz_"], capture_output=True, text=True).stdout.split()
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, "
            f"load average before the run {' '.join(load)}" + (", a libFuzzer run busy on one core" if busy else ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000, 1000000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scale", type=int, nargs="*", default=[10000, 100000, 1000000, 10000000])
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    b = a.build
    if not a.no_build:
        sh(["cmake", "-S", ROOT, "-B", b, "-DCMAKE_BUILD_TYPE=Release", "-DCIVISCORE_BUILD_BENCHMARKS=ON"])
        sh(["cmake", "--build", b, "-j2", "--target", "civiscore", "civiscore_cli", "bench_kernels", "bench_end_to_end",
            "bench_single_unit", "bench_peak", "bench_floor"])
    data_dir = os.path.join(b, "data")
    for n in a.sizes:
        if not os.path.exists(os.path.join(data_dir, f"regional-42-{n}.csv")):
            sh([PY, os.path.join(HERE, "generate.py"), "data", str(n), "--out", data_dir])
    bin_ = os.path.join(b, "bin")
    lib = {"CIVISCORE_LIBRARY": os.path.join(b, "lib", "libciviscore.so")}
    model = os.path.join(HERE, "models", "regional-42.json")
    started = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
    facts = machine()
    rows = {}
    for n in a.sizes:
        data = os.path.join(data_dir, f"regional-42-{n}.csv")
        r = rows[n] = {}
        out = sh([PY, os.path.join(HERE, "peers", "numpy_peer.py"), data, str(a.runs)])
        r["numpy"], ref = stats(parse_times(out, "numpy")), parse_checksums(out)
        out = sh([PY, os.path.join(HERE, "peers", "pandas_peer.py"), data, str(a.runs)])
        r["pandas"] = stats(parse_times(out, "pandas"))
        checks = {"pandas": parse_checksums(out)}
        for t in (1, 2):
            out = sh([os.path.join(bin_, "bench_floor"), data, str(a.runs)], env={"OMP_NUM_THREADS": str(t)})
            r[f"floor{t}"] = stats([float(l.split()[-1]) for l in out.splitlines() if l.startswith("floor ")])
            checks[f"floor{t}"] = parse_checksums(out)
            # Headline: the result keeps the index and its dimensions (what the peers return, and more);
            # "all" keeps every node's scores and coverage (61 columns x 2).
            r[f"cpp{t}"] = stats(gbench(os.path.join(bin_, "bench_end_to_end"), data, "cpp_fit_score_dimensions", t, a.runs))
            r[f"cpp_all{t}"] = stats(gbench(os.path.join(bin_, "bench_end_to_end"), data, "cpp_fit_score", t, a.runs))
            r[f"capi{t}"] = stats(gbench(os.path.join(bin_, "bench_end_to_end"), data, "capi_fit_score_dimensions", t, a.runs))
        out = sh([PY, os.path.join(HERE, "py_end_to_end.py"), data, str(a.runs), "2"], env=lib)
        r["python"] = stats(parse_times(out, "python"))
        checks["civiscore (Python)"] = parse_checksums(out)
        for name, c in checks.items():
            if not R.agree(ref, c):
                sys.exit(f"N={n}: checksums of {name} {c} disagree with the numpy peer's {ref}")
        r["checksums"] = ref
        csv_out = os.path.join(b, f"scored-{n}.csv")
        ts, rss = timed([os.path.join(bin_, "civiscore"), "score", "--model", model, "--data", data, "--out", csv_out,
                         "--format", "csv", "--keep", "depth:1"], a.runs)
        r["cli"], r["cli_rss"] = stats(ts), rss
        out = sh([PY, os.path.join(HERE, "peers", "pandas_peer.py"), data, str(a.runs), "--csv", csv_out + ".pandas"])
        r["pandas_csv"] = stats(parse_times(out, "pandas_csv"))
        out = sh([os.path.join(bin_, "bench_peak"), "2", "depth:1"], env={"CIVISCORE_BENCH_DATA": data})
        f = dict(zip(out.split()[1::2], out.split()[2::2]))
        r["peak"] = {k: float(v) for k, v in f.items()}
        print(f"N={n}: " + ", ".join(f"{k} {fmt(v)}" for k, v in r.items() if isinstance(v, tuple) and len(v) == 3
                                     and isinstance(v[0], float)), flush=True)
    data = os.path.join(data_dir, f"regional-42-{a.sizes[0]}.csv")
    out = sh([os.path.join(bin_, "bench_single_unit"), "200000"], env={"CIVISCORE_BENCH_DATA": data})
    single = dict(zip(out.split()[1::2], out.split()[2::2]))
    # Scale curve: in-memory fit + score (keep depth:1, 2 threads) of bench_data.hpp's synthetic
    # regional-42 data, so 10M units need no 2 GB CSV; time and peak memory per size.
    scale = {}
    for n in a.scale:
        secs, peak = [], None
        for _ in range(3 if n < 10**7 else 1):
            out = sh([os.path.join(bin_, "bench_peak"), "2", "depth:1"], env={"CIVISCORE_BENCH_UNITS": str(n)})
            f = dict(zip(out.split()[1::2], out.split()[2::2]))
            secs.append(float(f["seconds"]))
            peak = {k: float(v) for k, v in f.items()}
        scale[n] = (stats(secs), peak)
        print(f"scale N={n}: {fmt(scale[n][0])} s, peak growth {peak['extra_during_scoring'] / 2**20:.0f} MiB", flush=True)
    table = render(rows, single, a, started, facts, scale)
    print(table)
    if not a.no_write:
        path = os.path.join(HERE, "README.md")
        text = open(path, encoding="utf-8").read()
        begin, end = "<!-- results:begin -->", "<!-- results:end -->"
        i, j = text.index(begin) + len(begin), text.index(end)
        open(path, "w", encoding="utf-8").write(text[:i] + "\n" + table + "\n" + text[j:])


# The command that reproduces each target's civiscore figure and its peer's (DATA = the 1M-unit CSV,
# build-bench/data/regional-42-1000000.csv; E2E = CIVISCORE_BENCH_DATA=DATA build-bench/bin/bench_end_to_end).
COMMANDS = [
    "`peers/numpy_peer.py DATA 5`; `E2E --benchmark_filter=cpp_fit_score_dimensions/2 --benchmark_repetitions=5 "
    "--benchmark_min_warmup_time=0.2 --benchmark_min_time=0.2`",
    "`peers/pandas_peer.py DATA 5`; E2E as above",
    "`OMP_NUM_THREADS=2 build-bench/bin/bench_floor DATA 5`; E2E as above",
    "`peers/pandas_peer.py DATA 5 --csv OUT`; `build-bench/bin/civiscore score --model models/regional-42.json "
    "--data DATA --out OUT --format csv --keep depth:1`",
    "`CIVISCORE_BENCH_DATA=DATA build-bench/bin/bench_peak 2 depth:1`",
    "E2E `cpp_fit_score_dimensions/2` on the 100k and 1M files",
    "E2E `--benchmark_filter=cpp_fit_score_dimensions`: /1 against /2",
    "`CIVISCORE_BENCH_DATA=build-bench/data/regional-42-10000.csv build-bench/bin/bench_single_unit 200000`",
]


def with_commands(lines):
    """Append the command column to the targets table (header, rule, then one row per target)."""
    out, k = [], 0
    for line in lines:
        if line == "| target | measured | holds |":
            line = "| target | measured | holds | command |"
        elif line == "|---|---|:-:|":
            line = "|---|---|:-:|---|"
        elif line.startswith("| ") and line.endswith(" |") and k < len(COMMANDS) and ("≥" in line or "≤" in line or "<" in line
                                                                                      or "linear" in line):
            line += f" {COMMANDS[k]} |"
            k += 1
        out.append(line)
    return out


def render(rows, single, a, started, facts, scale):
    big = max(rows)
    r = rows[big]
    L = [f"Run {started} by `/usr/bin/python3 benchmarks/run.py` (median of {a.runs} runs, min–max in brackets, "
         f"seconds). Machine: {facts}.", ""]
    L += [f"### Targets at N = {big:,}", "", "| target | measured | holds |", "|---|---|:-:|"]
    best = min(r["cpp1"][0], r["cpp2"][0])
    L.append(f"| in-memory fit + score ≥ 15× faster than numpy | numpy {r['numpy'][0]:.3f} / civiscore C++ {best:.3f} "
             f"(`bench_end_to_end`, `cpp_fit_score_dimensions`) = "
             f"**{r['numpy'][0] / best:.1f}×** | {'yes' if r['numpy'][0] / best >= 15 else 'no'} |")
    L.append(f"| ≥ 50× faster than pandas | pandas {r['pandas'][0]:.3f} / {best:.3f} = **{r['pandas'][0] / best:.1f}×** | "
             f"{'yes' if r['pandas'][0] / best >= 50 else 'no'} |")
    floor = min(r["floor1"][0], r["floor2"][0])
    L.append(f"| ≤ 1.5× the C floor loop | {best:.3f} / floor {floor:.3f} = **{best / floor:.2f}×** | "
             f"{'yes' if best / floor <= 1.5 else 'no'} |")
    L.append(f"| CSV → scored CSV ≥ 6× faster than pandas read_csv + numpy + to_csv | pandas {r['pandas_csv'][0]:.3f} / "
             f"CLI `score --keep depth:1` {r['cli'][0]:.3f} = **{r['pandas_csv'][0] / r['cli'][0]:.1f}×** | "
             f"{'yes' if r['pandas_csv'][0] / r['cli'][0] >= 6 else 'no'} |")
    p = r["peak"]
    ratio = p["extra_during_scoring"] / (p["input_bytes"] + p["output_bytes"])
    L.append(f"| peak memory ≤ 1.5× input + output | input {p['input_bytes'] / 2**20:.0f} MiB, output "
             f"{p['output_bytes'] / 2**20:.0f} MiB, resident before scoring {p['rss_before'] / 2**20:.0f} MiB, growth while "
             f"fitting + scoring {p['extra_during_scoring'] / 2**20:.0f} MiB: (input + growth)/(input + output) = "
             f"**{(p['input_bytes'] + p['extra_during_scoring']) / (p['input_bytes'] + p['output_bytes']):.2f}** | "
             f"{'yes' if (p['input_bytes'] + p['extra_during_scoring']) / (p['input_bytes'] + p['output_bytes']) <= 1.5 else 'no'} |")
    if 100000 in rows:
        lin = (r["cpp2"][0] / rows[100000]["cpp2"][0]) / (big / 100000)
        L.append(f"| time linear in N within 20% (100k → {big // 1000}k) | time ratio / N ratio = **{lin:.2f}** | "
                 f"{'yes' if 0.8 <= lin <= 1.2 else 'no'} |")
    sp = r["cpp1"][0] / r["cpp2"][0]
    L.append(f"| 2 threads ≥ 1.6× faster than 1 | **{sp:.2f}×** | {'yes' if sp >= 1.6 else 'no'} |")
    L.append(f"| single-unit p99 < 20 µs | p50 {float(single['p50_us']):.2f} µs, p99 **{float(single['p99_us']):.2f} µs**, "
             f"max {float(single['max_us']):.1f} µs over {single['calls']} calls | "
             f"{'yes' if float(single['p99_us']) < 20 else 'no'} |")
    L = with_commands(L)
    L += ["", "Commands: DATA = `build-bench/data/regional-42-1000000.csv`, E2E = `CIVISCORE_BENCH_DATA=DATA "
          "build-bench/bin/bench_end_to_end` (each repetition at least 0.2 s of calls after a 0.2 s warm-up, as "
          "above); `peers/` and `models/` are in `benchmarks/`; every figure of this section comes from one "
          "`/usr/bin/python3 benchmarks/run.py`."]
    L += ["", "### All runs", "",
          "civiscore columns keep the index and dimensions (`depth:1`) unless marked *all nodes*.", "",
          "| N | numpy | pandas | floor C 1 thr | floor C 2 thr | civiscore C++ 1 thr | C++ 2 thr | C++ 2 thr, all nodes | "
          "C ABI 2 thr | Python 2 thr | CLI CSV→CSV | pandas CSV→CSV | CLI peak RSS | checksums (Σindex, ranks, weights) |",
          "|---:|---|---|---|---|---|---|---|---|---|---|---|---:|---|"]
    for n, r in sorted(rows.items()):
        L.append(f"| {n:,} | {fmt(r['numpy'])} | {fmt(r['pandas'])} | {fmt(r['floor1'])} | {fmt(r['floor2'])} | "
                 f"{fmt(r['cpp1'])} | {fmt(r['cpp2'])} | {fmt(r['cpp_all2'])} | {fmt(r['capi2'])} | {fmt(r['python'])} | {fmt(r['cli'])} | "
                 f"{fmt(r['pandas_csv'])} | {r['cli_rss'] / 2**20:.0f} MiB | "
                 f"{r['checksums'][0]:.6f}, {r['checksums'][1]}, {r['checksums'][2]:.12f} |")
    if scale:
        L += ["", "### Scale curve (synthetic data in memory, 2 threads, keep depth:1; `CIVISCORE_BENCH_UNITS=N "
              "build-bench/bin/bench_peak 2 depth:1`)", "",
              "| N | fit + score (s) | s per million units | input | growth while fitting + scoring |", "|---:|---|---:|---:|---:|"]
        for n, (t, p) in sorted(scale.items()):
            L.append(f"| {n:,} | {fmt(t)} | {t[0] / n * 1e6:.3f} | {p['input_bytes'] / 2**20:.0f} MiB | "
                     f"{p['extra_during_scoring'] / 2**20:.0f} MiB |")
    return "\n".join(L)


if __name__ == "__main__":
    main()
