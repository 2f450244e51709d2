"""nbgrader preprocessors for the feedback pages.

(nbgrader zeroes a test cell that wrote to stderr; here that cannot happen, because
``autograder.judge.Judge`` replaces every test cell's outputs by its own verdict.)
"""
from __future__ import annotations

from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from .nbmeta import grade_id, is_answer, is_test
from .notes import read_notes, read_remarks
from .workspace import STUB


class ShortTracebacks(NbGraderPreprocessor):
    """Keep only the last line (``AssertionError: message``) of every error in feedback.

    A full traceback quotes the lines of the cell that failed, hidden tests included.
    """

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources


class GradingNotes(NbGraderPreprocessor):
    """Open the feedback with one plain line per thing that happened while grading."""

    course_root = Unicode("", help="the work area, where notes.json is").tag(config=True)

    def preprocess(self, nb, resources):
        notes = read_notes(self.course_root) + read_remarks(self.course_root)
        if notes:
            text = "**Grading notes**\n\n" + "\n".join(f"- {note}" for note in notes)
            nb.cells.insert(0, new_markdown_cell(text, id="grading-notes"))
        return nb, resources


class CompactFeedback(NbGraderPreprocessor):
    """The feedback page shows the student's answers and their checks (with points), under
    the lesson's section headings, after the grading notes; not the lesson's text and
    experiments, which are in the student's own notebook. (Rendering the whole lesson was
    most of the time the feedback took.)"""

    def preprocess(self, nb, resources):
        cells = [new_markdown_cell(
            "This page shows your answers, the checks run on them and your points. The "
            "lesson's text and experiments are in your own notebook.", id="feedback-scope")]
        for cell in nb.cells:
            if is_answer(cell) or is_test(cell) or cell.get("id") == "grading-notes":
                cells.append(cell)
            elif cell.cell_type == "markdown":
                headings = [line for line in cell.source.splitlines() if line.startswith("#")]
                if headings:
                    cells.append(new_markdown_cell("\n\n".join(headings)))
        nb.cells = cells
        return nb, resources


class PredictionStubs(NbGraderPreprocessor):
    """In the student version, a prediction's answer cell is just ``x_prediction = None  # ...``.

    nbgrader puts the same stub (``raise NotImplementedError()``) in every answer cell; a
    prediction (an answer cell whose id ends in ``_prediction``) needs none: its value is
    ``None`` until the student writes an answer. Runs right after ClearSolutions."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and is_answer(cell) and grade_id(cell).endswith("_prediction"):
            stub = {line.strip() for line in STUB.splitlines()}
            cell.source = "\n".join(line for line in cell.source.splitlines()
                                    if line.strip() not in stub).rstrip() + "\n"
        return cell, resources
