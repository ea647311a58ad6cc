"""The assessment workflow (docs/assessment-plan.md): plans, assessments and fund allocation.

    import civiscore
    model = civiscore.Model.from_file("examples/sanshe/model.json")
    plan = civiscore.Plan.from_file(model, "examples/sanshe/plan.json")
    a = civiscore.assess(model, "examples/sanshe/periods.csv", plan, ratings="examples/sanshe/ratings.csv")
    a.to_pandas(); a.rectification("LH-06"); a.allocate("1000000", rule="grade")

Everything is computed by libciviscore through the C ABI; this module only moves data and JSON.
"""

from __future__ import annotations

import ctypes
import json
import os
from ctypes import c_double, c_int, c_int64
from typing import Any, Dict, List, Optional

from . import _native, errors
from ._handle import OwnedHandle
from .dataset import Dataset

FORMAT_JSON, FORMAT_CSV, FORMAT_TABLE = 0, 1, 2


class Plan(OwnedHandle):
    """A validated assessment plan ("civiscore_plan": 1) for one model."""

    _free_function = "civiscore_plan_free"
    _kind = "plan"

    def __init__(self, handle, model, document: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(handle)
        self._model = model  # keeps the model alive as long as the plan
        document = document or {}
        # How data is read (long when the plan has periods) and the default allocation unit.
        self.has_periods = "periods" in document
        self.allocation_unit = document.get("allocation", {}).get("unit", "cents")

    @classmethod
    def from_file(cls, model, path) -> "Plan":
        """Load a plan file; ModelError lists every problem with its JSON pointer."""
        out = _native.null_handle()
        _native.lib().civiscore_plan_load_file(model.handle, _native.encode(path), ctypes.byref(out))
        with open(path, "rb") as source:
            return cls(out, model, json.loads(source.read()))

    @classmethod
    def from_json(cls, model, text) -> "Plan":
        """Load a plan from JSON text, or from a dict."""
        if isinstance(text, dict):
            text = json.dumps(text, ensure_ascii=False)
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        out = _native.null_handle()
        _native.lib().civiscore_plan_load_string(model.handle, raw, len(raw), ctypes.byref(out))
        return cls(out, model, json.loads(raw))


def _long_dataset(source) -> Dataset:
    """A long table (rows may repeat unit ids) from a path or CSV text."""
    out = _native.null_handle()
    if isinstance(source, Dataset):
        return source
    if isinstance(source, (str, os.PathLike)) and os.path.exists(os.fspath(source)):
        _native.lib().civiscore_dataset_read_long_csv(_native.encode(source), ctypes.byref(out))
    elif isinstance(source, (str, bytes)):
        raw = source.encode("utf-8") if isinstance(source, str) else source
        _native.lib().civiscore_dataset_parse_long_csv(raw, len(raw), ctypes.byref(out))
    elif _is_dataframe(source):
        text = source.to_csv(index=False)
        raw = text.encode("utf-8")
        _native.lib().civiscore_dataset_parse_long_csv(raw, len(raw), ctypes.byref(out))
    else:
        raise errors.InvalidArgumentError(f"cannot read a long table from {type(source).__name__}",
                                          errors.ERROR_INVALID_ARGUMENT)
    return Dataset(out)


def _is_dataframe(data) -> bool:
    return type(data).__module__.startswith("pandas") and hasattr(data, "to_csv")


class Assessment(OwnedHandle):
    """The outcome of one assessment run: final scores, grades, vetoes, rectification lists,
    accountability, effective weights, rater agreement, periods, change and trend."""

    _free_function = "civiscore_assessment_free"
    _kind = "assessment"

    def __init__(self, handle, model, plan: "Plan") -> None:
        super().__init__(handle)
        self._model = model
        self._plan = plan
        self._json: Optional[Dict[str, Any]] = None

    def __len__(self) -> int:
        return _native.lib().civiscore_assessment_unit_count(self.handle)

    @property
    def unit_ids(self) -> List[str]:
        library, handle = _native.lib(), self.handle
        return [library.civiscore_assessment_unit_id(handle, i) for i in range(len(self))]

    @property
    def final_scores(self) -> List[float]:
        n = len(self)
        out = (c_double * n)()
        _native.lib().civiscore_assessment_final_scores(self.handle, out, n)
        return list(out)

    @property
    def grades(self) -> List[Optional[str]]:
        """Grade labels after vetoes and quotas (None = ungraded)."""
        n = len(self)
        out = (c_int * n)()
        _native.lib().civiscore_assessment_grades(self.handle, out, n)
        labels = self._model.grade_labels
        return [labels[g] if g >= 0 else None for g in out]

    @property
    def vetoed(self) -> List[bool]:
        n = len(self)
        out = (c_int * n)()
        _native.lib().civiscore_assessment_vetoed(self.handle, out, n)
        return [bool(v) for v in out]

    def write(self, fmt: str = "json") -> str:
        """The assessment as "json" (everything), "csv" (one row per unit) or "table"."""
        code = {"json": FORMAT_JSON, "csv": FORMAT_CSV, "table": FORMAT_TABLE}.get(fmt)
        if code is None:
            raise errors.InvalidArgumentError(f"format must be json, csv or table, got {fmt!r}",
                                              errors.ERROR_INVALID_ARGUMENT)
        handle = self.handle
        return _native.read_snprintf(
            lambda buf, cap, length: _native.lib().civiscore_assessment_write_string(handle, code, buf, cap, length))

    def to_json(self) -> Dict[str, Any]:
        if self._json is None:
            self._json = json.loads(self.write("json"))
        return self._json

    @property
    def units(self) -> List[Dict[str, Any]]:
        return self.to_json()["units"]

    def unit(self, unit_id: str) -> Dict[str, Any]:
        for u in self.units:
            if u["unit_id"] == unit_id:
                return u
        raise KeyError(unit_id)

    def rectification(self, unit_id: str) -> List[Dict[str, Any]]:
        """The unit's rectification list (整改清单), most urgent first."""
        return self.unit(unit_id)["rectification"]

    @property
    def effective_weights(self) -> Dict[str, float]:
        return self.to_json()["effective_weights"]

    @property
    def source_weights(self) -> Dict[str, float]:
        return self.to_json()["source_weights"]

    @property
    def agreement(self) -> List[Dict[str, Any]]:
        return self.to_json()["agreement"]

    def to_pandas(self):
        """One row per unit (pandas.DataFrame), as the CSV output."""
        import io

        import pandas as pd

        return pd.read_csv(io.StringIO(self.write("csv")), dtype={"unit_id": str})

    def allocate(self, budget, rule: Optional[str] = None, unit: Optional[str] = None,
                 **options) -> Dict[str, int]:
        """Split `budget` (yuan, str or number; cents allowed) over the units; amounts in cents (or
        yuan with unit="yuan") that add up exactly to the budget."""
        opts = dict(options)
        if rule is not None:
            opts["rule"] = rule
        if unit is not None:
            opts["unit"] = unit
        yuan = (unit or self._plan.allocation_unit) == "yuan"
        minor = _minor_units(budget, yuan)
        n = len(self)
        out = (c_int64 * n)()
        _native.lib().civiscore_allocate(self.handle, _native.encode(json.dumps(opts, ensure_ascii=False)),
                                         minor, out, n)
        return dict(zip(self.unit_ids, list(out)))


def _minor_units(budget, yuan: bool) -> int:
    text = str(budget)
    whole, _, frac = text.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > (0 if yuan else 2):
        raise errors.InvalidArgumentError(f"budget {text!r} is not an amount in {'whole yuan' if yuan else 'yuan and cents'}",
                                          errors.ERROR_INVALID_ARGUMENT)
    return int(whole) if yuan else int(whole) * 100 + int((frac + "00")[:2])


def assess(model, data, plan, ratings=None, threads: int = 0) -> Assessment:
    """Run `plan` on `data` (a Dataset, a CSV path or text, or a DataFrame; long when the plan has
    periods) with optional long `ratings`."""
    if not isinstance(plan, Plan):
        plan = Plan.from_file(model, plan) if isinstance(plan, (str, os.PathLike)) and os.path.exists(os.fspath(plan)) \
            else Plan.from_json(model, plan)
    if isinstance(data, Dataset):
        dataset = data
    else:
        dataset = _long_dataset(data) if plan.has_periods else _wide_dataset(data)
    rating_set = None if ratings is None else _long_dataset(ratings)
    out = _native.null_handle()
    _native.lib().civiscore_assess(model.handle, plan.handle, dataset.handle,
                                   None if rating_set is None else rating_set.handle, int(threads),
                                   ctypes.byref(out))
    return Assessment(out, model, plan)


def _wide_dataset(data) -> Dataset:
    if isinstance(data, (str, os.PathLike)) and os.path.exists(os.fspath(data)):
        return Dataset.read_csv(data)
    if isinstance(data, str):
        return Dataset.parse_csv(data)
    if _is_dataframe(data):
        frame = data if "unit_id" in data.columns else data.reset_index()
        return Dataset.parse_csv(frame.to_csv(index=False))
    raise errors.InvalidArgumentError(f"cannot read data from {type(data).__name__}",
                                      errors.ERROR_INVALID_ARGUMENT)


def _model_assess(self, data, plan, ratings=None, threads: int = 0) -> Assessment:
    """`model.assess(data, plan, ratings=None)`: see `civiscore.assess`."""
    return assess(self, data, plan, ratings=ratings, threads=threads)


def _attach() -> None:
    from .model import Model

    Model.assess = _model_assess


_attach()
