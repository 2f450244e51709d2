"""Grade a whole class: ``python -m autograder grade LESSON SUBMISSIONS --out DIR``.

Every student is graded by nbgrader in a work area of their own (``DIR/.work/<student>``,
with a copy of one template gradebook), in a separate process bounded in time. So one
bad submission never stops the others, students can be graded in parallel (``--jobs``)
with exactly the same result as one at a time, and a re-run reuses finished students
whose submission did not change. The per-student exports are merged into
``DIR/grades.csv``; feedback pages are copied to ``DIR/feedback/<student>/<lesson>.html``.
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import workspace
from .lessons import UsageError, source_notebook

COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
           "email", "raw_score", "late_submission_penalty", "score", "max_score"]


@dataclass
class Outcome:
    student: str
    row: dict            # one row of grades.csv
    problem: str = ""    # empty when the submission was graded normally


# ---------------------------------------------------------------- finding submissions
def find_submissions(submissions: Path, lesson: str) -> dict[str, Path | None]:
    """``{student id: notebook}`` from ``SUBMISSIONS/<id>/<lesson>.ipynb`` (or nbgrader's
    ``SUBMISSIONS/<id>/<lesson>/<lesson>.ipynb``); ``None`` where a student has no notebook."""
    if not submissions.is_dir():
        raise UsageError(f"{submissions}: expected a folder holding one folder per student")
    found = {}
    for folder in sorted(p for p in submissions.iterdir() if p.is_dir()):
        candidates = [folder / f"{lesson}.ipynb", folder / lesson / f"{lesson}.ipynb"]
        found[folder.name] = next((c for c in candidates if c.is_file()), None)
    return found


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------- one student
def run_worker(root: Path, lesson: str, student: str, timeout: int, feedback: bool = True,
               hide: Path | None = None) -> str:
    """Run the worker for one student; return "" on success, else what went wrong.

    The student's kernel cannot see ``hide`` (the whole grading folder) nor ``root``."""
    command = [sys.executable, "-m", "autograder.worker", str(root), lesson, student,
               "--timeout", str(timeout)] + ([] if feedback else ["--no-feedback"])
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


def grade_student(student: str, notebook: Path | None, lesson: str, work: Path,
                  max_score: float, timeout: int) -> Outcome:
    """Grade one student (or reuse a finished result for the same submission)."""
    root = work / "students" / student
    if notebook is None:
        return Outcome(student, zero_row(lesson, student, max_score),
                       f"no {lesson}.ipynb in the student's folder")
    digest = _digest(notebook, work / "template" / "source" / lesson / f"{lesson}.ipynb")
    stamp = root / "submission.sha256"
    if not (stamp.exists() and stamp.read_text() == digest and (root / "result.json").exists()):
        shutil.rmtree(root, ignore_errors=True)
        workspace.copy(work / "template", root)
        target = root / "submitted" / student / lesson
        target.mkdir(parents=True)
        shutil.copyfile(notebook, target / f"{lesson}.ipynb")
        problem = run_worker(root, lesson, student, timeout, hide=work.parent)
        if problem:
            return Outcome(student, zero_row(lesson, student, max_score), problem)
        stamp.write_text(digest)
    with open(root / "grades.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["student_id"] == student]
    return Outcome(student, rows[0])


def zero_row(lesson: str, student: str, max_score: float) -> dict:
    row = dict.fromkeys(COLUMNS, "")
    row.update(assignment=lesson, student_id=student, raw_score="0.0",
               late_submission_penalty="0.0", score="0.0", max_score=str(max_score))
    return row


# ---------------------------------------------------------------- the class
def grade(lesson: str, submissions: Path, out: Path, jobs: int = 1, timeout: int = 30) -> list[Outcome]:
    """Grade every student of ``submissions``; write ``out/grades.csv`` and ``out/feedback``."""
    submissions, out = submissions.resolve(), out.resolve()
    source = source_notebook(lesson)
    if not source.exists():
        raise UsageError(f"grading {lesson} needs its solution notebook {source}")
    if out == submissions or submissions in out.parents or out in submissions.parents:
        raise UsageError(f"--out {out} must be outside SUBMISSIONS {submissions} and not contain it")
    if jobs < 1 or timeout < 1:
        raise UsageError(f"--jobs and --timeout must be at least 1, got {jobs} and {timeout}")
    if out.exists() and any(out.iterdir()) and not (out / ".work").is_dir():
        raise UsageError(f"{out} already holds files that are not grading results; "
                         "choose an empty or new folder")
    students = find_submissions(submissions, lesson)

    work = out / ".work"
    template = work / "template"
    shutil.rmtree(template, ignore_errors=True)
    workspace.create(template, lesson, source, timeout)
    max_score = _max_score(source)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        outcomes = list(pool.map(
            lambda item: grade_student(item[0], item[1], lesson, work, max_score, timeout),
            students.items()))

    write_grades(out / "grades.csv", outcomes)
    for outcome in outcomes:
        copy_feedback(outcome, lesson, work, out / "feedback")
    return outcomes


def _max_score(notebook: Path) -> float:
    cells = json.loads(notebook.read_text())["cells"]
    return float(sum(c.get("metadata", {}).get("nbgrader", {}).get("points", 0)
                     for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")))


def write_grades(path: Path, outcomes: list[Outcome]) -> None:
    """``grades.csv`` in nbgrader's export format, one row per student, sorted by id."""
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for outcome in sorted(outcomes, key=lambda o: o.student):
            writer.writerow({k: outcome.row.get(k, "") for k in COLUMNS})


def copy_feedback(outcome: Outcome, lesson: str, work: Path, feedback: Path) -> None:
    """nbgrader's feedback page, or a page saying why there is none."""
    target = feedback / outcome.student / f"{lesson}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    page = work / "students" / outcome.student / "feedback" / outcome.student / lesson / f"{lesson}.html"
    if not outcome.problem and page.exists():
        shutil.copyfile(page, target)
    else:
        target.write_text(
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{lesson}: feedback</title>"
            f"</head><body><h1>{lesson}: 0 points</h1><p>Your submission {html.escape(outcome.problem)}."
            "</p><p>Ask your instructor if you think this is wrong.</p></body></html>\n")


def summary(outcomes: list[Outcome]) -> str:
    """What the instructor reads at the end of a run."""
    problems = [o for o in outcomes if o.problem]
    lines = [f"graded {len(outcomes)} students; {len(problems)} with problems"]
    lines += [f"  {o.student}: {o.problem}" for o in problems]
    return "\n".join(lines)
