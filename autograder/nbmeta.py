"""nbgrader's cell metadata, read in one place (on top of ``nbgrader.utils``).

Cells may come from a student's file, so nothing here trusts the metadata's shape: a cell
whose ``nbgrader`` entry is not a dict has none.
"""
from __future__ import annotations

from nbgrader import utils


def meta(cell) -> dict:
    """The cell's nbgrader metadata, ``{}`` when it has none (or something malformed)."""
    value = cell.get("metadata", {}).get("nbgrader", {})
    return value if isinstance(value, dict) else {}


def grade_id(cell) -> str:
    """The cell's grade id (``"sigmoid"``, ``"test_sigmoid"``), ``""`` when it has none."""
    value = meta(cell).get("grade_id", "")
    return value if isinstance(value, str) else ""


def function_of(cell) -> str:
    """The graded function an answer or test cell belongs to: ``test_sigmoid`` -> ``sigmoid``."""
    return grade_id(cell).removeprefix("test_")


def is_test(cell) -> bool:
    """A test cell: graded, worth points."""
    return bool(meta(cell)) and bool(utils.is_grade(cell))


def is_answer(cell) -> bool:
    """An answer cell: the student's code goes here (a solution cell that is not graded)."""
    return bool(meta(cell)) and bool(utils.is_solution(cell)) and not utils.is_grade(cell)


def points(cell) -> float:
    return float(meta(cell).get("points", 0) or 0)


BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def split_hidden(source) -> tuple[str, str]:
    """A test cell's source as ``(visible part, hidden region)``; the hidden region keeps its
    two delimiter lines, and is ``""`` when there is none."""
    text = "".join(source) if isinstance(source, list) else str(source)
    head, begin, rest = text.partition(BEGIN_HIDDEN)
    if not begin:
        return text, ""
    inside, end, tail = rest.partition(END_HIDDEN)
    return head + tail.lstrip("\n"), begin + inside + end
