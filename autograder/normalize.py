"""Put a submitted notebook back into the lesson's shape before it is graded.

Students edit notebooks freely; some edits would otherwise cost or earn points unfairly
(nbgrader leaves a deleted test cell for manual grading, and grades a test cell moved above
its function as failed). ``Normalize`` (the first nbgrader sanitize preprocessor) rebuilds
the notebook from the student version of the lesson:

* every answer cell keeps the student's code (a deleted one becomes the stub again);
* every test cell and locked cell is the lesson's own, in the lesson's order, with its
  points (edited, deleted, duplicated, retyped or moved ones are restored);
* cells the student added are kept after the cell they followed, without grading metadata;
* other cells keep the student's version.

Every repair is written down as a note for the feedback and the summary.
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from .nbmeta import function_of, grade_id, is_answer, is_test, meta, split_hidden
from .notes import add_note


def _visible(source) -> str:
    """A test cell's source without its hidden region (the solution notebook has one)."""
    return split_hidden(source)[0].strip()


def _key(cell) -> str:
    return f"nbgrader:{grade_id(cell)}" if grade_id(cell) else f"id:{cell.get('id', '')}"


def _kind(cell) -> str:
    if is_answer(cell):
        return "answer"
    if is_test(cell) or meta(cell).get("locked"):
        return "locked"
    return "plain"


class Normalize(NbGraderPreprocessor):
    course_root = Unicode("", help="the work area, where release/ and notes.json are").tag(config=True)

    def preprocess(self, nb, resources):
        lesson = resources["nbgrader"]["assignment"]
        claimed = nb.metadata.get("nnscratch", {})
        claimed = claimed.get("lesson") if isinstance(claimed, dict) else None
        self.quiet = claimed not in (None, lesson)   # one note says it all
        if self.quiet:
            add_note(self.course_root, f"this notebook says it belongs to lesson {claimed!r}, "
                                       f"not {lesson}: none of its answers are for {lesson}")
        release = nbformat.read(Path(self.course_root) / "release" / lesson / f"{lesson}.ipynb",
                                as_version=4)
        wanted = {_key(cell) for cell in release.cells}
        mine, extras, anchor, order = {}, {}, None, []
        for cell in nb.cells:
            key = _key(cell)
            if key in wanted and key not in mine:
                mine[key] = cell
                anchor = key
                order.append(key)
            elif key in wanted:
                self.note(f"a duplicate of a lesson cell ({key.split(':', 1)[1]}) was removed")
            else:
                if meta(cell):
                    cell.metadata.pop("nbgrader")
                    self.note("grading metadata on a cell you added was ignored")
                extras.setdefault(anchor, []).append(cell)

        taken = {cell.get("id") for cell in release.cells}
        for cell in (c for group in extras.values() for c in group):
            if cell.get("id") in taken or not cell.get("id"):
                cell["id"] = f"added-{len(taken)}"
            taken.add(cell["id"])
        cells = extras.get(None, [])
        for lesson_cell in release.cells:
            key = _key(lesson_cell)
            cells.append(self.restore(lesson_cell, mine.get(key)))
            cells += extras.get(key, [])
        if order != [key for key in (_key(c) for c in release.cells) if key in mine]:
            self.note("cells were moved; they were put back in the lesson's order")
        nb.cells = cells
        return nb, resources

    def restore(self, lesson_cell, student_cell):
        """The cell to grade in place of ``lesson_cell``."""
        kind, name = _kind(lesson_cell), function_of(lesson_cell)
        cell = nbformat.from_dict(json.loads(json.dumps(lesson_cell)))
        if kind == "answer":
            if student_cell is None:
                self.note(f"the answer cell of {name} was missing; it was graded as not done")
            else:
                cell.source = student_cell.get("source", "")
                if student_cell.get("cell_type") != "code":
                    self.note(f"the answer cell of {name} was not a code cell; it was run as code")
        elif kind == "locked" and is_test(lesson_cell):
            if student_cell is None:
                self.note(f"the test cell of {name} was missing; it was restored")
            elif (_visible(student_cell.get("source", "")) != _visible(lesson_cell.source)
                  or student_cell.get("cell_type") != lesson_cell.cell_type
                  or meta(student_cell).get("points") != meta(lesson_cell).get("points")):
                self.note(f"the test cell of {name} was changed; it was restored")
        elif kind == "plain" and student_cell is not None and student_cell.get("cell_type") == cell.cell_type:
            cell.source = student_cell.get("source", "")
        return cell

    def note(self, text: str) -> None:
        if not self.quiet:
            add_note(self.course_root, text)
