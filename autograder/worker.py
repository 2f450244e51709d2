"""Grade one student in its own work area: ``python -m autograder.worker ROOT LESSON STUDENT``.

Runs nbgrader autograde (and feedback and export unless ``--no-feedback``) and writes
``ROOT/result.json``::

    {"student_id", "lesson", "score", "max_score",
     "exercises": [{"id", "function", "points", "max_points", "passed", "message"}]}

The grading command runs this in a separate process, so that a submission which hangs or
crashes the kernel can be stopped without stopping the rest of the class.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import nbformat

from .notes import add_note, notes_path, read_notes
from .workspace import api, config, succeed


def grade_one(root: Path, lesson: str, student: str, timeout: int = 30, feedback: bool = True,
              hide: tuple = (), memory_mb: int = 2048) -> dict:
    """Autograde ``student``'s submission of ``lesson`` in the work area ``root``; the
    kernel cannot see the ``hide`` folders (nor the solutions and the autograder)."""
    nbgrader = api(root, timeout, hide=(root, *hide), memory_mb=memory_mb)
    notes_path(root).unlink(missing_ok=True)
    succeed(nbgrader.autograde(lesson, student, force=True, create=True), "autograde")
    if feedback and not nbgrader.generate_feedback(lesson, student, force=True).get("success"):
        add_note(root, "the feedback page could not be generated; your score is not affected")
    result = {"student_id": student, "lesson": lesson, **scores(root, lesson, student, timeout),
              "notes": read_notes(root)}
    (root / "result.json").write_text(json.dumps(result, indent=1))
    return result


def scores(root: Path, lesson: str, student: str, timeout: int) -> dict:
    """Scores from the gradebook, messages from the autograded notebook; export grades.csv."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins.export import CsvExportPlugin

    source = nbformat.read(root / "source" / lesson / f"{lesson}.ipynb", as_version=4)
    graded = nbformat.read(root / "autograded" / student / lesson / f"{lesson}.ipynb", as_version=4)
    messages = {cell.metadata["nbgrader"]["grade_id"]: _message(cell)
                for cell in graded.cells if cell.metadata.get("nbgrader", {}).get("grade")}
    exercises = []
    with Gradebook(config(root, timeout).CourseDirectory.db_url) as gradebook:
        for cell in source.cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("grade"):
                continue
            grade = gradebook.find_grade(meta["grade_id"], lesson, lesson, student)
            score = grade.score or 0.0
            exercises.append({
                "id": meta["grade_id"],
                "function": meta["grade_id"].removeprefix("test_"),
                "points": score,
                "max_points": grade.max_score,
                "passed": score == grade.max_score,
                "message": messages.get(meta["grade_id"], "test cell missing from the submission"),
            })
        CsvExportPlugin(to=str(root / "grades.csv")).export(gradebook)
    return {"score": sum(e["points"] for e in exercises),
            "max_score": sum(e["max_points"] for e in exercises),
            "exercises": exercises}


def _message(cell) -> str:
    """The error a test cell raised (``AssertionError: ...``), or ``passed``."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename')}: {output.get('evalue')}".strip()
    return "passed"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograder.worker")
    parser.add_argument("root", type=Path)
    parser.add_argument("lesson")
    parser.add_argument("student")
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--no-feedback", action="store_true")
    parser.add_argument("--hide", action="append", default=[], type=Path)
    parser.add_argument("--memory-mb", type=int, default=2048)
    args = parser.parse_args(argv)
    grade_one(args.root.resolve(), args.lesson, args.student, args.timeout, not args.no_feedback,
              tuple(args.hide), args.memory_mb)


if __name__ == "__main__":
    main()
