"""nbgrader preprocessors that fix what nbgrader 0.9.6 gets wrong for this course."""
from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor


class StderrToStdout(NbGraderPreprocessor):
    """Turn stderr output into ordinary output after execution.

    nbgrader scores a test cell 0 as soon as anything reaches stderr, so a harmless NumPy
    warning from a student's code would cost a cell whose checks pass. Errors still fail.
    """

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                output["name"] = "stdout"
        return cell, resources


class ShortTracebacks(NbGraderPreprocessor):
    """Keep only the last line (``AssertionError: message``) of every error in feedback.

    A full traceback quotes the lines of the cell that failed, hidden tests included.
    """

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
