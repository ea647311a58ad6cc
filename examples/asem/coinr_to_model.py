#!/usr/bin/env python3
"""Convert a COINr-style iMeta table (CSV) into a civiscore model (docs/model-format.md).

    coinr_to_model.py ASEM_iMeta.csv > model.json

iMeta columns: Level, iCode, iName, Direction, Weight, Unit, Target, Denominator, Parent, Type.
Rows of Type "Indicator" become indicators (min-max onto [0, 100], "cost" where Direction is -1,
"denominator" where Denominator is set); rows of Type "Aggregate" become groups (weighted arithmetic
mean, children weighted by their Weight); the single Aggregate without a Parent is the root. Rows of
Type "Group" and "Denominator" describe unit columns and are not part of the tree.

The pipeline of COINr's build_example_coin() is written as model defaults: impute by the group mean
of --impute-group (default EurAsia_group), then the COINr outlier rule (skew 2, kurtosis 3.5, up to
5 points winsorised, else log). Pass --no-impute / --no-outliers to leave a step out. Standard
library only.
"""
import argparse
import csv
import json
import sys


def number(text, what):
    try:
        return float(text)
    except ValueError:
        sys.exit(f"coinr_to_model: {what}: not a number: {text!r}")


def convert(rows, impute_group, outliers, model_id, name):
    by_parent = {}
    nodes = {}
    roots = []
    for line, row in rows:
        kind = row.get("Type", "")
        if kind not in ("Indicator", "Aggregate"):
            continue
        code = row["iCode"]
        if code in nodes:
            sys.exit(f"coinr_to_model: line {line}: duplicate iCode {code!r}")
        node = {"id": code, "name": row.get("iName") or code}
        weight = row.get("Weight", "")
        node["weight"] = number(weight, f"line {line} ({code}) Weight") if weight else 1.0
        if node["weight"] <= 0:
            sys.exit(f"coinr_to_model: line {line} ({code}): Weight must be > 0")
        if kind == "Indicator":
            if row.get("Unit"):
                node["unit"] = row["Unit"]
            direction = row.get("Direction", "1") or "1"
            if number(direction, f"line {line} ({code}) Direction") < 0:
                node["direction"] = "cost"
            if row.get("Denominator"):
                node["denominator"] = row["Denominator"]
            node["rule"] = {"type": "min_max", "range": [0, 100]}
        else:
            node["aggregation"] = "arithmetic"
            node["weights"] = "explicit"
            node["children"] = []
        nodes[code] = node
        parent = row.get("Parent", "")
        if parent:
            by_parent.setdefault(parent, []).append(code)
        else:
            roots.append(code)
    if len(roots) != 1:
        sys.exit(f"coinr_to_model: need exactly one row without a Parent (the index), found {roots}")
    for parent, children in by_parent.items():
        if parent not in nodes or "children" not in nodes[parent]:
            sys.exit(f"coinr_to_model: Parent {parent!r} of {children[0]!r} is not an Aggregate row")
        nodes[parent]["children"] = [nodes[c] for c in children]
    for code, node in nodes.items():
        if "children" in node and not node["children"]:
            sys.exit(f"coinr_to_model: Aggregate {code!r} has no children")
    root = nodes[roots[0]]
    root.pop("weight", None)
    model = {"civiscore_model": 1, "id": model_id, "name": name,
             "description": "Converted from a COINr iMeta table by examples/asem/coinr_to_model.py: "
                            "denominate, impute, treat outliers (COINr), min-max onto [0, 100] with "
                            "direction, weighted arithmetic means re-normalised within each parent."}
    if impute_group:
        model["impute"] = {"method": "group_mean", "group_column": impute_group}
    if outliers:
        model["outliers"] = {"method": "coinr", "skew": 2, "kurtosis": 3.5, "max_winsorised": 5}
    model["root"] = root
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("imeta", help="COINr iMeta CSV")
    ap.add_argument("--id", default="asem", help="model id (default asem)")
    ap.add_argument("--name", default="ASEM Sustainable Connectivity Portal (COINr example)")
    ap.add_argument("--impute-group", default="EurAsia_group", help="group column for group-mean imputation")
    ap.add_argument("--no-impute", action="store_true")
    ap.add_argument("--no-outliers", action="store_true")
    args = ap.parse_args()
    with open(args.imeta, newline="", encoding="utf-8") as f:
        rows = [(i + 2, r) for i, r in enumerate(csv.DictReader(f))]
    model = convert(rows, None if args.no_impute else args.impute_group, not args.no_outliers, args.id, args.name)
    json.dump(model, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
