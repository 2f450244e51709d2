"""Grade a whole class: ``python -m autograder grade LESSON SUBMISSIONS --out DIR``.

Every student is graded by nbgrader in a work area of their own (``DIR/.work/<student>``,
with a copy of one template gradebook), in a separate process bounded in time. So one
bad submission never stops the others, students can be graded in parallel (``--jobs``)
with exactly the same result as one at a time, and a re-run reuses finished students
whose submission did not change. Each student's ``result.json`` (written by the worker)
gives their row of ``DIR/grades.csv``; feedback pages are copied to
``DIR/feedback/<student>/<lesson>.html``.
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import nbformat

from . import workspace
from .lessons import UsageError, lesson_of, source_notebook
from .nbmeta import max_score
from .worker import WorkerPool, job, submission_limit

COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
           "email", "raw_score", "late_submission_penalty", "score", "max_score"]


@dataclass
class Outcome:
    student: str
    row: dict                 # one row of grades.csv
    problem: str = ""         # why the submission could not be graded ("" when it was)
    notes: list = field(default_factory=list)   # what happened while grading it
    exercises: list = field(default_factory=list)   # result.json's exercises ([] if not graded)


@dataclass
class Submission:
    student: str
    notebook: Path | None     # None: nothing gradable, see `problem`
    problem: str = ""
    notes: list = field(default_factory=list)


# ---------------------------------------------------------------- finding submissions
def find_submissions(submissions: Path, lesson: str) -> tuple[list[Submission], list[str]]:
    """One ``Submission`` per student folder of ``submissions``, and what was ignored.

    A student's notebook is ``<id>/<lesson>.ipynb`` or nbgrader's
    ``<id>/<lesson>/<lesson>.ipynb``; failing that, the only notebook in the folder.
    Symbolic links are refused; hidden folders and loose files are not students.
    """
    if not submissions.is_dir():
        raise UsageError(f"{submissions}: expected a folder holding one folder per student")
    found, ignored = [], []
    for entry in sorted(submissions.iterdir()):
        if entry.name.startswith(".") or not entry.is_dir():
            ignored.append(f"{entry.name} (not a student folder)")
        elif entry.is_symlink():
            found.append(Submission(entry.name, None, "the student folder is a symbolic link; refused"))
        else:
            found.append(_notebook_of(entry, lesson))
    return found, ignored


def _notebook_of(folder: Path, lesson: str) -> Submission:
    student = folder.name
    for candidate in (folder / f"{lesson}.ipynb", folder / lesson / f"{lesson}.ipynb"):
        if candidate.is_symlink():
            return Submission(student, None, f"{candidate.name} is a symbolic link; refused")
        if candidate.is_file():
            return Submission(student, candidate)
    others = sorted(p for p in list(folder.glob("*.ipynb")) + list(folder.glob("*/*.ipynb"))
                    if ".ipynb_checkpoints" not in p.parts and not p.is_symlink())
    if len(others) > 1:
        others = [p for p in others if _claims(p, lesson)] or others
    if len(others) == 1:
        return Submission(student, others[0], notes=[
            f"graded {others[0].relative_to(folder)} (expected {lesson}.ipynb)"])
    if others:
        return Submission(student, None, f"several notebooks and none named {lesson}.ipynb")
    return Submission(student, None, f"no {lesson}.ipynb in the student's folder")


def _claims(path: Path, lesson: str) -> bool:
    """Does the notebook at ``path`` say it belongs to ``lesson``?"""
    try:
        return lesson_of(json.loads(path.read_text(encoding="utf-8"))) == lesson
    except (OSError, ValueError, AttributeError):
        return False


def unreadable(notebook: Path) -> str:
    """Why ``notebook`` is not a notebook nbgrader can grade, or "" when it is."""
    try:
        if notebook.stat().st_size == 0:
            return "the notebook file is empty"
        nbformat.validate(nbformat.read(notebook, as_version=4))
    except Exception as exc:  # noqa: BLE001 - any failure means "not gradable"
        return f"not a readable notebook ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
    return ""


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()


def work_folder(student: str) -> str:
    """A folder name for ``student`` that is safe whatever the id (spaces, dots, quotes)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "_", student)[:40]
    return f"{cleaned}-{hashlib.sha256(student.encode()).hexdigest()[:10]}"


# ---------------------------------------------------------------- one student
GRADER_ID = "student"   # the id nbgrader sees: each student has a gradebook of their own


@dataclass
class Run:
    """What every student of one ``grade`` run shares."""
    lesson: str
    work: Path                 # DIR/.work: the template and one work area per student
    max_score: float
    timeout: int
    memory_mb: int
    full_run: bool
    pool: WorkerPool


def grade_student(sub: Submission, run: Run) -> Outcome:
    """Grade one student (or reuse a finished result for the same submission)."""
    try:
        return _grade_student(sub, run)
    except Exception as exc:  # noqa: BLE001 - one student never stops the class
        return Outcome(sub.student, zero_row(run.lesson, sub.student, run.max_score),
                       f"could not be graded (internal error: {type(exc).__name__}: {exc})")


def _grade_student(sub: Submission, run: Run) -> Outcome:
    lesson = run.lesson
    zero = zero_row(lesson, sub.student, run.max_score)
    problem = sub.problem or (unreadable(sub.notebook) if sub.notebook else "")
    if sub.notebook is None or problem:
        return Outcome(sub.student, zero, problem, sub.notes)
    root = run.work / "students" / work_folder(sub.student)
    digest = _digest(sub.notebook, run.work / "template" / "source" / lesson / f"{lesson}.ipynb") \
        + ("-full" if run.full_run else "")
    stamp = root / "submission.sha256"
    if not (stamp.exists() and stamp.read_text() == digest and (root / "result.json").exists()):
        shutil.rmtree(root, ignore_errors=True)
        workspace.copy(run.work / "template", root)
        target = root / "submitted" / GRADER_ID / lesson
        target.mkdir(parents=True)
        shutil.copyfile(sub.notebook, target / f"{lesson}.ipynb")
        problem = run.pool.grade(job(root, lesson, GRADER_ID, run.timeout, True, (run.work.parent,),
                                     run.memory_mb, run.full_run), submission_limit(run.timeout))
        if problem:
            return Outcome(sub.student, zero, problem, sub.notes)
        stamp.write_text(digest)
    result = json.loads((root / "result.json").read_text())
    return Outcome(sub.student, grade_row(lesson, sub.student, result["score"], result["max_score"]),
                   "", sub.notes + result.get("notes", []), result["exercises"])


def grade_row(lesson: str, student: str, score: float, max_score: float) -> dict:
    """One row of grades.csv, as nbgrader's CSV export writes it (no due dates or late
    penalties here: the raw score is the score)."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(assignment=lesson, student_id=student, raw_score=str(float(score)),
               late_submission_penalty="0.0", score=str(float(score)), max_score=str(float(max_score)))
    return row


def zero_row(lesson: str, student: str, max_score: float) -> dict:
    return grade_row(lesson, student, 0.0, max_score)


# ---------------------------------------------------------------- the class
def grade(lesson: str, submissions: Path, out: Path, jobs: int = 1, timeout: int = 30,
          memory_mb: int = 2048, full_run: bool = False,
          progress: Callable[[Outcome, int, int], None] | None = None) -> tuple[list[Outcome], list[str]]:
    """Grade every student of ``submissions``; write ``out/grades.csv`` and ``out/feedback``.

    ``progress(outcome, done, total)`` is called as each student finishes."""
    submissions, out = submissions.resolve(), out.resolve()
    source = source_notebook(lesson)
    if not source.exists():
        raise UsageError(f"grading {lesson} needs its solution notebook {source}")
    if out == submissions or submissions in out.parents or out in submissions.parents:
        raise UsageError(f"--out {out} must be outside SUBMISSIONS {submissions} and not contain it")
    if jobs < 1 or timeout < 1 or memory_mb < 256:
        raise UsageError(f"--jobs and --timeout must be at least 1 and --memory-mb at least 256, "
                         f"got {jobs}, {timeout} and {memory_mb}")
    if out.exists() and any(out.iterdir()) and not (out / ".work").is_dir():
        raise UsageError(f"{out} already holds files that are not grading results; "
                         "choose an empty or new folder")
    students, ignored = find_submissions(submissions, lesson)

    work = out / ".work"
    template = work / "template"
    shutil.rmtree(template, ignore_errors=True)
    workspace.copy(workspace.cached_template(lesson, source), template)
    with WorkerPool() as workers, ThreadPoolExecutor(max_workers=jobs) as threads:
        run = Run(lesson, work, max_score(nbformat.read(source, as_version=4).cells), timeout, memory_mb, full_run, workers)
        done = iter(range(1, len(students) + 1))     # next() is atomic: safe across threads

        def one(sub: Submission) -> Outcome:
            outcome = grade_student(sub, run)
            if progress is not None:
                progress(outcome, next(done), len(students))
            return outcome
        outcomes = list(threads.map(one, students))

    write_grades(out / "grades.csv", outcomes)
    for outcome in outcomes:
        copy_feedback(outcome, lesson, work, out / "feedback")

    from .report import report_after_grading   # the class report: mistakes.csv, report.html
    report_after_grading(out, lesson, source, outcomes)
    return outcomes, ignored


def write_grades(path: Path, outcomes: list[Outcome]) -> None:
    """``grades.csv`` in nbgrader's export format, one row per student, sorted by id."""
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for outcome in sorted(outcomes, key=lambda o: o.student):
            writer.writerow({k: outcome.row.get(k, "") for k in COLUMNS})


def copy_feedback(outcome: Outcome, lesson: str, work: Path, feedback: Path) -> None:
    """nbgrader's feedback page, or a page saying what happened when there is none."""
    target = feedback / outcome.student / f"{lesson}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    page = (work / "students" / work_folder(outcome.student) / "feedback" / GRADER_ID / lesson
            / f"{lesson}.html")
    if not outcome.problem and page.exists():
        shutil.copyfile(page, target)
        return
    lines = [outcome.problem] if outcome.problem else []
    lines += outcome.notes
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    target.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{lesson}: feedback</title>"
        f"</head><body><h1>{lesson}: {float(outcome.row['score']):g} / "
        f"{float(outcome.row['max_score']):g} points</h1><ul>{items}</ul>"
        "<p>Ask your instructor if you think this is wrong.</p></body></html>\n")


def summary(outcomes: list[Outcome], ignored: list[str] = ()) -> str:
    """What the instructor reads at the end of a run."""
    problems = [o for o in outcomes if o.problem]
    noted = [o for o in outcomes if o.notes and not o.problem]
    lines = [f"graded {len(outcomes) - len(problems)} of {len(outcomes)} students; "
             f"{len(problems)} could not be graded, {len(noted)} with notes"]
    lines += [f"  {o.student}: {o.problem}" for o in problems]
    lines += [f"  {o.student}: {'; '.join(o.notes)}" for o in noted]
    lines += [f"  ignored: {item}" for item in ignored]
    return "\n".join(lines)


class Progress:
    """One line on a terminal, redrawn as students finish: done / total, elapsed time,
    failures so far. Silent when the output is not a terminal (a log, a CI run)."""

    def __init__(self, stream=None) -> None:
        import sys
        import time

        self.stream = stream or sys.stderr
        self.quiet = not self.stream.isatty()
        self.start, self.clock, self.failed = time.monotonic(), time.monotonic, 0

    def __call__(self, outcome: Outcome, done: int, total: int) -> None:
        self.failed += bool(outcome.problem)
        if self.quiet:
            return
        elapsed = self.clock() - self.start
        self.stream.write(f"\rgraded {done}/{total} students, {elapsed:.0f} s, "
                          f"{self.failed} could not be graded" + ("\n" if done == total else ""))
        self.stream.flush()
