"""The reference implementations, taken from the answer cells of the solution notebooks.

The solution notebook is the single source of truth: its answer cells (nbgrader
``solution`` cells) are executed in order, in a namespace that holds only ``np``.
"""
from __future__ import annotations

from functools import lru_cache

import json

import numpy as np

from .lessons import UsageError, source_notebook
from .nbmeta import grade_id, is_answer


@lru_cache(maxsize=None)
def load(lesson: str) -> dict:
    """``{name: reference}`` for every answer cell of ``lesson``: a function, or the right
    answer of a prediction."""
    path = source_notebook(lesson)
    if not path.exists():
        raise UsageError(f"the reference solutions of {lesson} are not here ({path} is missing)")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]   # plain JSON: no nbformat to import
    namespace: dict = {"np": np, "__name__": f"reference_{lesson}"}
    functions = {}
    for cell in cells:
        if cell["cell_type"] == "code" and is_answer(cell):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            exec(compile(source, f"<{lesson}:{grade_id(cell)}>", "exec"), namespace)
            functions[grade_id(cell)] = namespace[grade_id(cell)]
    return functions
