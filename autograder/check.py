"""Grade one notebook: ``python -m autograder check NOTEBOOK [--json] [--timeout S]``.

The notebook runs in a fresh kernel through the same nbgrader pipeline as ``grade``, in a
temporary work area. Hidden tests run too when the solution notebooks are present;
otherwise only the visible checks of the student notebook count.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from . import workspace
from .worker import Worker, job, submission_limit
from .lessons import COURSE, UsageError, lesson_of, read_notebook_json, source_notebook


def check(notebook: Path, timeout: int = 30, memory_mb: int = 2048, full_run: bool = False) -> dict:
    """``{"lesson", "score", "max_score", "hidden_tests", "exercises": [...]}`` for ``notebook``."""
    lesson = lesson_of(read_notebook_json(notebook), notebook.name)
    if lesson is None:
        raise UsageError(f"{notebook}: not a notebook of this course (no nnscratch lesson in its "
                         "metadata and not named after a lesson, e.g. 01_neuron.ipynb)")
    source = source_notebook(lesson)
    hidden = source.exists()
    if not hidden:
        source = COURSE / lesson / f"{lesson}.ipynb"
    with tempfile.TemporaryDirectory(prefix="nnscratch-check-") as tmp:
        root = Path(tmp)
        workspace.copy(workspace.cached_template(lesson, source), root)
        target = root / "submitted" / "student" / lesson
        target.mkdir(parents=True)
        shutil.copyfile(notebook, target / f"{lesson}.ipynb")
        worker = Worker()
        try:
            problem = worker.grade(job(root, lesson, "student", timeout, False, (root,), memory_mb,
                                       full_run), submission_limit(timeout))
        finally:
            worker.close()
        if problem:
            raise UsageError(f"{notebook}: {problem}")
        result = json.loads((root / "result.json").read_text())
    return {"lesson": lesson, "score": result["score"], "max_score": result["max_score"],
            "hidden_tests": hidden, "exercises": result["exercises"], "notes": result["notes"],
            "remarks": result.get("remarks", [])}


def report(result: dict) -> str:
    """A plain-text report of :func:`check`'s result."""
    lines = [f"{result['lesson']}: {result['score']:g} / {result['max_score']:g} points"
             + ("" if result["hidden_tests"] else " (visible checks only)")]
    lines += [f"  note: {note}" for note in result["notes"] + result.get("remarks", [])]
    for ex in result["exercises"]:
        mark = "ok  " if ex["passed"] else "FAIL"
        lines.append(f"  {mark} {ex['function']:<20} {ex['points']:g}/{ex['max_points']:g}")
        if not ex["passed"]:
            lines += ["         " + line for line in ex["message"].splitlines()]
    return "\n".join(lines)
