"""Grading students in worker processes: ``python -m autograder.worker --serve``.

A worker reads jobs (one student's work area each) from its input and, for each, runs
nbgrader autograde (and feedback when asked) and writes ``ROOT/result.json``, the one
record of the grade that everything else reads::

    {"student_id", "lesson", "score", "max_score",
     "exercises": [{"id", "function", "points", "max_points", "passed", "message"}]}

The grading command keeps one worker per parallel job (``WorkerPool``), so that Python,
nbgrader and the references load once per worker, not once per student; a worker that
goes past a submission's time limit is killed with its kernel and replaced, so one
submission never stops the rest of the class.
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import threading
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


# ---------------------------------------------------------------- worker processes
DONE = "@@nnscratch-done "   # starts the line a serving worker prints after each student


class Worker:
    """A worker process (``python -m autograder.worker --serve``) that grades one student
    after another: Python, nbgrader and the lesson's references are loaded once, not once
    per student. Each student still gets a fresh sandboxed kernel of their own."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.worker", "--serve"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
            start_new_session=True)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)   # the process has ended

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def grade(self, job: dict, limit: float) -> str:
        """Grade one job (the arguments of :func:`grade_one`); return "" on success, else
        what went wrong. Past ``limit`` seconds the worker and its kernel are killed."""
        log: list[str] = []
        try:
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
        except OSError:
            self.stop()
            return "could not be graded (the grading worker stopped)"
        deadline = time.monotonic() + limit
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                return f"timed out: the whole submission took longer than {int(limit)} s"
            if line is None:
                last = [entry.strip() for entry in log if entry.strip()][-1:] or ["no output"]
                return f"could not be graded ({last[0][:300]})"
            if line.startswith(DONE):
                return json.loads(line[len(DONE):])["problem"]
            log.append(line)

    def stop(self) -> None:
        kill_tree(self.process.pid)

    def close(self) -> None:
        """Let the worker finish and exit (it stops when its input ends)."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.stop()


class WorkerPool:
    """One :class:`Worker` per grading thread, replaced when it had to be killed."""

    def __init__(self) -> None:
        self.local, self.workers, self.lock = threading.local(), [], threading.Lock()

    def grade(self, job: dict, limit: float) -> str:
        worker = getattr(self.local, "worker", None)
        if worker is None or not worker.alive:
            worker = self.local.worker = Worker()
            with self.lock:
                self.workers.append(worker)
        return worker.grade(job, limit)

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        for worker in self.workers:
            worker.close()


def job(root: Path, lesson: str, student: str, timeout: int, feedback: bool = True,
        hide: tuple = (), memory_mb: int = 2048, full_run: bool = False) -> dict:
    """The arguments of :func:`grade_one`, as a worker reads them."""
    return {"root": str(root), "lesson": lesson, "student": student, "timeout": timeout,
            "feedback": feedback, "hide": [str(path) for path in hide], "memory_mb": memory_mb,
            "full_run": full_run}


def serve() -> None:
    """Grade the jobs read from standard input, one JSON object a line, until it ends."""
    threading.Thread(target=_stop_with_parent, args=(os.getppid(),), daemon=True).start()
    for line in sys.stdin:
        args = json.loads(line)
        root = Path(args["root"])
        try:
            grade_one(root, args["lesson"], args["student"], args["timeout"], args["feedback"],
                      tuple(Path(p) for p in args["hide"]), args["memory_mb"], args["full_run"])
            problem = "" if (root / "result.json").exists() else "could not be graded (no result)"
        except Exception as exc:  # noqa: BLE001 - reported for this student; the worker goes on
            problem = f"could not be graded ({type(exc).__name__}: {str(exc).strip()[:300]})"
        print(DONE + json.dumps({"problem": problem}), flush=True)


def _stop_with_parent(parent: int) -> None:
    """End this worker, and the kernel it is running, soon after the grading command that
    started it has gone (killed with ``kill -9``, say). Workers run in sessions of their own,
    so nothing else would stop them, and a worker left running would go on writing into a
    student's work area while the next grading run rebuilds it."""
    while os.getppid() == parent:
        time.sleep(0.2)
    kill_tree(os.getpid())   # its kernel first, this worker last


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
    parser.add_argument("--serve", action="store_true", required=True,
                        help="grade the jobs read from standard input (JSON lines)")
    parser.parse_args(argv)
    serve()


if __name__ == "__main__":
    main()
