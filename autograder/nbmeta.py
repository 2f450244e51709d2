"""nbgrader's cell metadata, read in one place (as ``nbgrader.utils`` reads it, without
importing nbgrader, which a notebook's hidden checks would pay for).

Cells may come from a student's file, so nothing here trusts the metadata's shape: a cell
whose ``nbgrader`` entry is not a dict has none.
"""
from __future__ import annotations


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
    """A test cell: graded, worth points (nbgrader's ``is_grade``)."""
    return bool(meta(cell).get("grade", False))


def is_answer(cell) -> bool:
    """An answer cell: the student's code goes here (nbgrader's ``is_solution`` and not
    ``is_grade``)."""
    return bool(meta(cell).get("solution", False)) and not is_test(cell)


def points(cell) -> float:
    """The points a test cell is worth (0 for any other cell)."""
    return float(meta(cell).get("points", 0) or 0)


def max_score(cells) -> float:
    """A notebook's total points: the sum over its test cells."""
    return sum(points(cell) for cell in cells if is_test(cell))


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
