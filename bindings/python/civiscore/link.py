"""Linked entities (三社联动, docs/units-and-links.md): social organisations or social workers scored
with their own model, their scores attributed to the communities they serve through a link table
(entity id, community id, weight such as service hours or contract value), as new columns of the
communities' data, ready to score with the community model::

    orgs = civiscore.Model.from_file("org.json").score("orgs.csv", id_column="org_id")
    linked = civiscore.link(orgs, "communities.csv", "links.csv", weight="hours", as_="org_score")
    linked.report["unlinked"]          # communities no link names: org_score missing
    result = community_model.score(linked.dataset)
"""

from __future__ import annotations

import ctypes
import json
import os
from typing import Optional

from . import _native, errors
from ._handle import OwnedHandle
from .dataset import Dataset
from .result import Result


class Linked(OwnedHandle):
    """The outcome of a link step: `dataset` (the communities with the added columns) and `report`."""

    _free_function = "civiscore_linked_free"
    _kind = "link outcome"

    @property
    def dataset(self) -> Dataset:
        """A new Dataset: the communities' data with <as>, <as>_links (and grade counts)."""
        out = _native.null_handle()
        _native.lib().civiscore_linked_dataset(self.handle, ctypes.byref(out))
        return Dataset(out)

    @property
    def report(self) -> dict:
        """{"as", "node", "weight", "links", "added_columns", "unlinked", "no_scored_entity",
        "unscored_entities"}."""
        library, handle = _native.lib(), self.handle
        return json.loads(_native.read_snprintf(
            lambda buf, cap, out_len: library.civiscore_linked_report_json(handle, buf, cap, out_len)))


def link(entities: Result, communities, links, weight: Optional[str] = "weight", as_: str = "entity_score",
         entity_column: str = "entity_id", community_column: str = "community_id",
         node: Optional[str] = None, grade_counts: bool = False, id_column: Optional[str] = None) -> Linked:
    """Attribute `entities` (a Result of the entity model) to `communities` (a Dataset or a CSV path,
    its `id_column` naming the communities) through `links` (a CSV path, or a pandas DataFrame).
    `weight`: the link table's weight column, None for equal weights. Per community the added column
    `as_` is sum(weight * score) / sum(weight) over its links to scored entities (None/NaN when there
    is none); `as_ + "_links"` counts those links. Errors name the link table's line."""
    if not isinstance(entities, Result):
        raise errors.InvalidArgumentError("entities must be a civiscore.Result of the entity model",
                                          errors.ERROR_INVALID_ARGUMENT)
    options = {"entity_column": entity_column, "community_column": community_column,
               "weight_column": weight, "as": as_, "grade_counts": bool(grade_counts)}
    if node is not None:
        options["node"] = node
    owned = None
    if isinstance(communities, Dataset):
        data = communities
    elif isinstance(communities, (str, os.PathLike)):
        data = owned = Dataset.read_csv(communities, id_column)
    else:
        raise errors.InvalidArgumentError("communities must be a civiscore.Dataset or a CSV path",
                                          errors.ERROR_INVALID_ARGUMENT)
    try:
        library, out = _native.lib(), _native.null_handle()
        encoded_options = json.dumps(options).encode("utf-8")
        if isinstance(links, (str, os.PathLike)):
            library.civiscore_link_entities_file(entities.handle, data.handle, _native.encode(links),
                                                 encoded_options, ctypes.byref(out))
        elif hasattr(links, "to_csv"):
            text = links.to_csv(index=False).encode("utf-8")
            library.civiscore_link_entities(entities.handle, data.handle, text, len(text),
                                            encoded_options, ctypes.byref(out))
        else:
            raise errors.InvalidArgumentError("links must be a CSV path or a pandas DataFrame",
                                              errors.ERROR_INVALID_ARGUMENT)
        return Linked(out)
    finally:
        if owned is not None:
            owned.close()
