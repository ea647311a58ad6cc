"""Keeping only some nodes' scores (`Model.score(..., keep=...)`, C `civiscore_score_opts`).

A province scoring 10^6 units often needs the index, or the index and its dimensions, rather than
every node's column. The library resolves the node ids and words (all, groups, indicators,
depth:N) and names any it does not know; here only the Python type is checked.
"""

from __future__ import annotations

import json
from typing import Optional

from . import errors


def options_json(keep) -> Optional[str]:
    """The options_json of civiscore_score_opts for `keep`; None when every node is kept."""
    if keep is None:
        return None
    if isinstance(keep, str):
        value = keep
    elif isinstance(keep, (list, tuple)) and all(isinstance(entry, str) for entry in keep):
        value = list(keep)
    else:
        raise errors.InvalidArgumentError(
            "keep must be None, a string such as \"depth:1\" or \"index,D1\", or a list of node ids "
            f"and words (all, groups, indicators, depth:N), not {keep!r}", errors.ERROR_INVALID_ARGUMENT)
    return json.dumps({"keep": value}, ensure_ascii=False)
