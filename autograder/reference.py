"""The reference implementations, taken from the answer cells of the solution notebooks.

The solution notebook is the single source of truth: its answer cells (nbgrader
``solution`` cells) are executed in order, in a namespace that holds only ``np``.
"""
from __future__ import annotations

from functools import lru_cache

import nbformat
import numpy as np

from .lessons import UsageError, source_notebook


@lru_cache(maxsize=None)
def load(lesson: str) -> dict:
    """``{function name: reference function}`` for every graded function of ``lesson``."""
    path = source_notebook(lesson)
    if not path.exists():
        raise UsageError(f"the reference solutions of {lesson} are not here ({path} is missing)")
    nb = nbformat.read(path, as_version=4)
    namespace: dict = {"np": np, "__name__": f"reference_{lesson}"}
    functions = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
            exec(compile(cell.source, f"<{lesson}:{meta['grade_id']}>", "exec"), namespace)
            functions[meta["grade_id"]] = namespace[meta["grade_id"]]
    return functions
