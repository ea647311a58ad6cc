"""An analyst's session with civiscore, notebook style: pandas in, a ranking and a dimension table out.

Run from the repository root (each "# %%" block is a notebook cell):

    PYTHONPATH=bindings/python /usr/bin/python3 examples/python/analyst.py

It reads the 三社联动 example communities with pandas (extra text columns such as name and district
are simply ignored by the model), scores them, and prints: the top 10 with grades, the grade
distribution, the mean score of every dimension per district, the weakest dimension of each community
in the bottom 5, and the communities scored on incomplete data. It checks its own numbers against the
engine's (ranks, the dimension table recomputed from the tidy form) and exits non-zero on a mismatch.
"""

# %% Load the model and the data
import sys
from pathlib import Path

import pandas

import civiscore

REPO_ROOT = Path(__file__).resolve().parents[2]
model = civiscore.Model.from_file(REPO_ROOT / "examples" / "sanshe" / "model.json")
print(repr(model).splitlines()[0])

units = pandas.read_csv(REPO_ROOT / "examples" / "sanshe" / "communities.csv",
                        dtype={"unit_id": str})
units = units.set_index("unit_id")          # the index names the units
print(f"{len(units)} communities, {units.shape[1]} columns "
      f"({len(model.input_columns)} read by the model)")

# %% Score: the DataFrame goes in as it is (columns found by indicator id)
result = model.score(units)
print(result)
wide = result.to_pandas()                   # one row per unit: status, every node, rank, grade, coverage

# %% Ranking: the top 10, with the community's name and district from the input frame
root = model.node_ids[0]                    # the root node: the total score
dimensions = [node.id for node in model.nodes if node.level == 1]
names = {node.id: node.name for node in model.nodes}
ranking = (wide.join(units[["name", "district"]])
               .dropna(subset=["rank"])
               .sort_values(["rank", "name"])
               [["rank", "name", "district", root, "grade", "coverage"]])
pandas.set_option("display.width", 160)
pandas.set_option("display.unicode.east_asian_width", True)
print("\nTop 10")
print(ranking.head(10).to_string(float_format="{:.2f}".format))

print("\nGrades")
print(wide["grade"].value_counts().reindex(model.grade_labels, fill_value=0).to_string())

# %% The dimension table: mean dimension score per district
by_district = wide[dimensions].join(units["district"]).groupby("district").mean()
by_district.columns = [f"{node} {names[node]}" for node in dimensions]
print("\nMean dimension score by district")
print(by_district.round(2).to_string())

# %% Where the bottom five fall furthest behind: their dimension furthest below the average community
average = wide[dimensions].mean()
tidy = result.to_pandas(form="tidy")        # unit_id, node, level, score, coverage
bottom = ranking.tail(5).index
level1 = tidy[(tidy["level"] == 1) & tidy["unit_id"].isin(bottom)].copy()
level1["vs_average"] = level1["score"] / level1["node"].map(average)
weakest = level1.loc[level1.groupby("unit_id")["vs_average"].idxmin()]
weakest = weakest.assign(dimension=weakest["node"].map(names)).set_index("unit_id")
print("\nBottom five: the dimension furthest below average (score / average score)")
print(weakest[["node", "dimension", "score", "vs_average"]].round(2).to_string())

# %% Units scored on incomplete data, and the one that could not be scored at all
incomplete = wide[wide["status"] != "ok"][["status", "coverage", root]]
print(f"\n{len(incomplete)} communities with missing data (status, root coverage, total):")
print(incomplete.sort_values("coverage").head(8).round(3).to_string())

# %% Checks: the ranking is the engine's, and the tidy form holds the same numbers as the wide one
problems = []
scored = wide.dropna(subset=[root])
recomputed = scored[root].rank(method="min", ascending=False).astype("int64")
if not (recomputed == scored["rank"].astype("int64")).all():
    problems.append("ranks differ from pandas' min-rank of the totals")
check = tidy.pivot(index="unit_id", columns="node", values="score").loc[wide.index, dimensions]
if not check.equals(wide[dimensions]):
    problems.append("the tidy form disagrees with the wide form")
multi = result.to_pandas(form="multiindex")
if not multi["score"][dimensions].equals(wide[dimensions]):
    problems.append("the MultiIndex form disagrees with the wide form")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
print("\nchecks passed: ranks, tidy and MultiIndex forms agree")
