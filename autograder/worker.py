"""Grade one student in its own work area: ``python -m autograder.worker ROOT LESSON STUDENT``.

Runs nbgrader autograde (and feedback unless ``--no-feedback``) and writes
``ROOT/result.json``, the one record of the grade that everything else reads::

    {"student_id", "lesson", "score", "max_score",
     "exercises": [{"id", "function", "points", "max_points", "passed", "message"}]}

The grading command runs this in a separate process, so that a submission which hangs or
crashes the kernel can be stopped without stopping the rest of the class.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from . import workspace
from .nbmeta import function_of, grade_id, is_test
from .notes import add_note, add_time, read_notes, read_remarks, read_times
from .workspace import api, config, succeed


def grade_one(root: Path, lesson: str, student: str, timeout: int = 30, feedback: bool = True,
              hide: tuple = (), memory_mb: int = 2048, full_run: bool = False) -> dict:
    """Autograde ``student``'s submission of ``lesson`` in the work area ``root``; the
    kernel cannot see the ``hide`` folders (nor the solutions and the autograder)."""
    nbgrader = api(root, timeout, hide=(root, *hide), memory_mb=memory_mb, full_run=full_run)
    for name in ("notes.json", "remarks.json", "timings.json"):
        (root / name).unlink(missing_ok=True)
    start = time.perf_counter()
    succeed(nbgrader.autograde(lesson, student, force=True, create=True), "autograde")
    add_time(root, "autograde", time.perf_counter() - start)
    start = time.perf_counter()
    if feedback and not nbgrader.generate_feedback(lesson, student, force=True).get("success"):
        add_note(root, "the feedback page could not be generated; your score is not affected")
    add_time(root, "feedback", time.perf_counter() - start)
    start = time.perf_counter()
    result = {"student_id": student, "lesson": lesson, **scores(root, lesson, student, timeout),
              "notes": read_notes(root), "remarks": read_remarks(root)}
    add_time(root, "scores", time.perf_counter() - start)
    result["timings"] = read_times(root)
    (root / "result.json").write_text(json.dumps(result, indent=1))
    return result


def scores(root: Path, lesson: str, student: str, timeout: int) -> dict:
    """Scores from the gradebook, messages from the autograded notebook."""
    from nbgrader.api import Gradebook

    source = nbformat.read(root / "source" / lesson / f"{lesson}.ipynb", as_version=4)
    graded = nbformat.read(root / "autograded" / student / lesson / f"{lesson}.ipynb", as_version=4)
    messages = {grade_id(cell): _message(cell) for cell in graded.cells if is_test(cell)}
    exercises = []
    with Gradebook(config(root, timeout).CourseDirectory.db_url) as gradebook:
        for cell in source.cells:
            if not is_test(cell):
                continue
            grade = gradebook.find_grade(grade_id(cell), lesson, lesson, student)
            score = grade.score or 0.0
            exercises.append({
                "id": grade_id(cell),
                "function": function_of(cell),
                "points": score,
                "max_points": grade.max_score,
                "passed": score == grade.max_score,
                "message": messages.get(grade_id(cell), "test cell missing from the submission"),
            })
    return {"score": sum(e["points"] for e in exercises),
            "max_score": sum(e["max_points"] for e in exercises),
            "exercises": exercises}


def _message(cell) -> str:
    """The error a test cell raised (``AssertionError: ...``), or ``passed``."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename')}: {output.get('evalue')}".strip()
    return "passed"


def run_worker(root: Path, lesson: str, student: str, timeout: int, feedback: bool = True,
               hide: Path | None = None, memory_mb: int = 2048, full_run: bool = False) -> str:
    """Run the worker for one student; return "" on success, else what went wrong.

    The student's kernel cannot see ``hide`` (the whole grading folder) nor ``root``."""
    command = [sys.executable, "-m", "autograder.worker", str(root), lesson, student,
               "--timeout", str(timeout), "--memory-mb", str(memory_mb)]
    command += [] if feedback else ["--no-feedback"]
    command += ["--full-run"] if full_run else []
    if hide is not None:
        command += ["--hide", str(hide)]
    limit = submission_limit(timeout)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    try:
        log, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        kill_tree(process.pid)
        process.communicate()
        return f"timed out: the whole submission took longer than {limit} s"
    if process.returncode != 0 or not (root / "result.json").exists():
        last = [line for line in log.strip().splitlines() if line.strip()][-1:] or ["no output"]
        return f"could not be graded ({last[0].strip()[:300]})"
    return ""


def submission_limit(timeout: int) -> int:
    """Seconds one worker may take: the submission's budget, plus start-up and feedback."""
    return workspace.total_timeout(timeout) + 120


def kill_tree(pid: int) -> None:
    """Kill a process and everything it started (kernels run in sessions of their own)."""
    import psutil

    try:
        parent = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    family = parent.children(recursive=True) + [parent]
    for proc in family:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(family, timeout=10)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograder.worker")
    parser.add_argument("root", type=Path)
    parser.add_argument("lesson")
    parser.add_argument("student")
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--no-feedback", action="store_true")
    parser.add_argument("--hide", action="append", default=[], type=Path)
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--full-run", action="store_true")
    args = parser.parse_args(argv)
    grade_one(args.root.resolve(), args.lesson, args.student, args.timeout, not args.no_feedback,
              tuple(args.hide), args.memory_mb, args.full_run)


if __name__ == "__main__":
    main()
