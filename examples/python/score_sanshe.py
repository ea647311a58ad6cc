"""Score the 三社联动 example (examples/sanshe) from Python, three ways, and check they agree.

Run from the repository root:

    PYTHONPATH=bindings/python /usr/bin/python3 examples/python/score_sanshe.py

The communities are scored from a numpy array and from a pandas DataFrame (pandas optional); if the
command-line tool exists ($CIVISCORE_CLI, else build/bin/civiscore), its JSON output is compared too.
Scores must be identical, not merely close: every path runs the same engine on the same doubles.
Exits non-zero on any mismatch. Prints the top 10 with grades and the grade distribution.
"""

import csv
import json
import math
import os
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import numpy

import civiscore

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
MODEL_PATH = REPO_ROOT / "examples" / "sanshe" / "model.json"
DATA_PATH = REPO_ROOT / "examples" / "sanshe" / "communities.csv"

# How the CSV reader reads cells (docs/model-format.md): empty or NA is missing, true/false are 1/0.
_CELL_WORDS = {"": math.nan, "na": math.nan, "true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0,
               "是": 1.0, "否": 0.0}


def cell(text):
    word = text.strip().lower()
    return _CELL_WORDS[word] if word in _CELL_WORDS else float(word)


def read_communities(columns):
    """(unit ids, names, units x columns float64 matrix) from the CSV with the standard library."""
    with open(DATA_PATH, encoding="utf-8-sig", newline="") as source:
        rows = list(csv.DictReader(source))
    matrix = numpy.array([[cell(row[column]) for column in columns] for row in rows],
                         dtype=numpy.float64)
    return [row["unit_id"] for row in rows], {row["unit_id"]: row["name"] for row in rows}, matrix


class Mismatch(Exception):
    pass


def same_float(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


def compare(label, reference, other):
    """Raise Mismatch naming the first unit and field where `other` differs from `reference`."""
    if reference.unit_ids != other.unit_ids:
        raise Mismatch(f"{label}: unit ids differ")
    scores_a, scores_b = reference.scores, other.scores
    for i, unit in enumerate(reference.unit_ids):
        for j, node in enumerate(reference.node_ids):
            if not same_float(scores_a[i, j], scores_b[i, j]):
                raise Mismatch(f"{label}: unit {unit}, node {node}: {scores_a[i, j]!r} != "
                               f"{scores_b[i, j]!r}")
    for field in ("ranks", "grades", "statuses"):
        a, b = list(getattr(reference, field)), list(getattr(other, field))
        if a != b:
            unit = reference.unit_ids[next(i for i in range(len(a)) if a[i] != b[i])]
            raise Mismatch(f"{label}: {field} differ, first at unit {unit}")


def score_with_pandas(model):
    try:
        import pandas
    except ImportError:
        print("pandas is not installed: skipping the DataFrame comparison")
        return None
    # Descriptive columns (name, district, type, population) are ignored by the binding.
    frame = pandas.read_csv(DATA_PATH, dtype={"unit_id": str}, encoding="utf-8-sig")
    return model.score(frame)


def find_cli():
    explicit = os.environ.get("CIVISCORE_CLI")
    if explicit:
        return Path(explicit)
    candidate = REPO_ROOT / "build" / "bin" / "civiscore"
    return candidate if candidate.is_file() else None


def compare_with_cli(cli, reference):
    done = subprocess.run([str(cli), "score", "--model", str(MODEL_PATH), "--data", str(DATA_PATH),
                           "--format", "json"], capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise Mismatch(f"{cli} failed ({done.returncode}): {done.stderr.strip()}")
    document = json.loads(done.stdout)
    units = document["units"]
    if [unit["id"] for unit in units] != reference.unit_ids:
        raise Mismatch("CLI: unit ids differ")
    scores, ranks, grades = reference.scores, reference.ranks, reference.grades
    for i, unit in enumerate(units):
        for j, node in enumerate(reference.node_ids):
            value = unit["scores"][node]
            if not same_float(scores[i, j], math.nan if value is None else float(value)):
                raise Mismatch(f"CLI: unit {unit['id']}, node {node}: {scores[i, j]!r} != {value!r}")
        if (unit["rank"] or 0) != ranks[i] or unit["grade"] != grades[i]:
            raise Mismatch(f"CLI: unit {unit['id']}: rank/grade {unit['rank']}/{unit['grade']} != "
                           f"{ranks[i]}/{grades[i]}")
        if unit["status"] != reference.statuses[i]:
            raise Mismatch(f"CLI: unit {unit['id']}: status {unit['status']}")
    if document["model"]["sha256"] != reference.model_sha256:
        raise Mismatch("CLI: model SHA-256 differs")
    if document["fitted_sha256"] != reference.fitted_sha256:
        raise Mismatch("CLI: fitted SHA-256 differs")


def pad(text, width):
    """Left-align for a terminal, where Chinese characters take two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def report(model, result, names):
    print(f"\n{model.name} ({model.id}): {len(result)} communities, library {civiscore.library_version()}")
    print(repr(result))
    ranks, totals, grades = result.ranks, result.total, result.grades
    order = sorted((rank, i) for i, rank in enumerate(ranks) if rank > 0)[:10]
    print("\nTop 10:")
    for rank, i in order:
        unit = result.unit_ids[i]
        print(f"  {rank:>3}  {pad(unit, 8)} {pad(names.get(unit, ''), 12)} {totals[i]:7.2f}  {grades[i]}")
    counts = Counter(grades)
    print("\nGrade distribution:")
    for label in model.grade_labels:
        print(f"  {pad(label, 8)} {counts.get(label, 0):>4}")
    if counts.get(None):
        print(f"  {pad('(none)', 8)} {counts[None]:>4}")


def main():
    with civiscore.Model.from_file(MODEL_PATH) as model:
        unit_ids, names, matrix = read_communities(model.input_columns)
        from_numpy = model.score(matrix, unit_ids=unit_ids)
        checks = []
        from_csv = model.score(DATA_PATH)
        compare("CSV path vs numpy", from_numpy, from_csv)
        checks.append("CSV path")
        from_pandas = score_with_pandas(model)
        if from_pandas is not None:
            compare("pandas vs numpy", from_numpy, from_pandas)
            checks.append("pandas DataFrame")
        cli = find_cli()
        if cli is not None:
            compare_with_cli(cli, from_numpy)
            checks.append(f"CLI ({cli})")
        else:
            print("civiscore CLI not found (set CIVISCORE_CLI or build build/bin/civiscore): "
                  "skipping the CLI comparison")
        print("identical to the numpy result: " + ", ".join(checks))
        report(model, from_numpy, names)


if __name__ == "__main__":
    try:
        main()
    except Mismatch as mismatch:
        print(f"MISMATCH: {mismatch}", file=sys.stderr)
        sys.exit(1)
    except civiscore.Error as error:
        print(f"civiscore error: {error}", file=sys.stderr)
        sys.exit(2)
