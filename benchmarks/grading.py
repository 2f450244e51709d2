"""What an instructor waits for: ``python benchmarks/grading.py [--lesson L] [--students N]``.

Builds a class from the bug catalogue (mostly correct notebooks, some with a catalogued bug,
one blank, one that loops forever) and grades it, in one run on this machine:

* with plain, serial ``nbgrader autograde`` on an nbgrader course made from the solution
  notebook (the reference point: what nbgrader alone costs);
* with ``python -m autograder grade --jobs 1`` and ``--jobs 2``, then once more unchanged.

It prints the times, their ratios, whether the scores agree, and where the time of one
student goes (worker process start, kernel start, executing the notebook, judging,
feedback). Nothing is asserted: these are figures to read.
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.bugs import catalogue  # noqa: E402
from autograder.lessons import COURSE, source_notebook  # noqa: E402
from autograder.nbmeta import grade_id, is_answer  # noqa: E402


def bug_source(bug) -> str:
    """A catalogued bug as the student would have written it, under the function's name."""
    source = textwrap.dedent(inspect.getsource(bug.code))
    return "import numpy as np\n" + re.sub(r"^def \w+", f"def {bug.function}", source, count=1)


def make_class(lesson: str, students: int, folder: Path) -> None:
    """``folder/<id>/<lesson>.ipynb``: correct, buggy (one bug each), blank and looping."""
    bugs = [bug for bug in catalogue(lesson) if callable(bug.code)
            and inspect.getsource(bug.code).lstrip().startswith("def ")][: max(1, students // 3)]
    for i in range(students):
        nb = nbformat.read(source_notebook(lesson), as_version=4)
        answers = {grade_id(c): c for c in nb.cells if is_answer(c)}
        if i == students - 1:
            nb = nbformat.read(COURSE / lesson / f"{lesson}.ipynb", as_version=4)   # blank
        elif i == students - 2:
            last = list(answers)[-1]
            head = answers[last].source.split('"""')[0]
            answers[last].source = head.rstrip() + "\n    while True:\n        pass\n"
        elif i < len(bugs):
            answers[bugs[i].function].source = bug_source(bugs[i])
        target = folder / f"s{i:03d}" / f"{lesson}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)


def seconds(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def plain_nbgrader(lesson: str, submissions: Path, course: Path, timeout: int) -> tuple[float, dict]:
    """Serial ``nbgrader autograde`` of the class; its time and ``{student: score}``."""
    (course / "source" / lesson).mkdir(parents=True)
    shutil.copy(source_notebook(lesson), course / "source" / lesson / f"{lesson}.ipynb")
    for folder in submissions.iterdir():
        target = course / "submitted" / folder.name / lesson
        target.mkdir(parents=True)
        shutil.copy(folder / f"{lesson}.ipynb", target / f"{lesson}.ipynb")
    nbgrader = [sys.executable, "-m", "nbgrader"]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}   # alembic
    options = [f"--CourseDirectory.root={course}", f"--ExecutePreprocessor.timeout={timeout}",
               "--CourseDirectory.db_url=sqlite:///" + str(course / "gradebook.db")]
    subprocess.run(nbgrader + ["generate_assignment", lesson, "--force"] + options, check=True,
                   capture_output=True, cwd=course, env=env)
    took = seconds(nbgrader + ["autograde", lesson, "--force"] + options, cwd=course, env=env)
    with sqlite3.connect(course / "gradebook.db") as db:
        rows = db.execute("SELECT student.id, SUM(COALESCE(grade.manual_score, grade.auto_score, 0)) "
                          "FROM grade JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
                          "JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id "
                          "JOIN student ON submitted_assignment.student_id = student.id GROUP BY student.id")
        return took, {student: float(score) for student, score in rows}


def ours(lesson: str, submissions: Path, out: Path, jobs: int, timeout: int) -> tuple[float, dict]:
    took = seconds([sys.executable, "-m", "autograder", "grade", lesson, str(submissions),
                    "--out", str(out), "--jobs", str(jobs), "--timeout", str(timeout)], cwd=REPO)
    lines = (out / "grades.csv").read_text().splitlines()[1:]
    return took, {line.split(",")[3]: float(line.split(",")[9]) for line in lines}


def breakdown(out: Path) -> dict:
    """Mean seconds per graded student, by phase, from the workers' result.json files."""
    totals, count = {}, 0
    for path in (out / ".work" / "students").glob("*/result.json"):
        count += 1
        for phase, value in json.loads(path.read_text()).get("timings", {}).items():
            totals[phase] = totals.get(phase, 0.0) + value
    return {phase: value / max(count, 1) for phase, value in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lesson", default="01_neuron")
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--timeout", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nnscratch-bench-") as tmp:
        tmp = Path(tmp)
        make_class(args.lesson, args.students, tmp / "subs")
        plain, plain_scores = plain_nbgrader(args.lesson, tmp / "subs", tmp / "nbgrader", args.timeout)
        one, scores_one = ours(args.lesson, tmp / "subs", tmp / "out1", 1, args.timeout)
        two, scores_two = ours(args.lesson, tmp / "subs", tmp / "out2", 2, args.timeout)
        again, _ = ours(args.lesson, tmp / "subs", tmp / "out2", 2, args.timeout)
        n = args.students
        print(f"{args.lesson}, a class of {n} (correct, {max(1, n // 3)} buggy, 1 blank, 1 looping), "
              f"--timeout {args.timeout}")
        print(f"  plain nbgrader autograde (serial): {plain:7.1f} s  ({plain / n:5.2f} s per student)")
        print(f"  grade --jobs 1                   : {one:7.1f} s  ({one / n:5.2f} s per student)"
              f"  ratio to nbgrader {one / plain:.2f}")
        print(f"  grade --jobs 2                   : {two:7.1f} s  ({two / n:5.2f} s per student)"
              f"  ratio to nbgrader {two / plain:.2f}  (target <= 0.40)")
        print(f"  grade again, nothing changed     : {again:7.1f} s")
        same = scores_one == scores_two == plain_scores
        print(f"  scores agree (nbgrader, --jobs 1, --jobs 2): {same}")
        if not same:
            for student in sorted(plain_scores):
                print(f"    {student}: nbgrader {plain_scores.get(student)}, jobs 1 "
                      f"{scores_one.get(student)}, jobs 2 {scores_two.get(student)}")
        phases = breakdown(tmp / "out1")
        worker = phases.get("autograde", 0) + phases.get("feedback", 0) + phases.get("scores", 0)
        print("  per student, --jobs 1 (mean seconds):")
        for phase in ("kernel start", "execute", "judge", "autograde", "feedback", "scores"):
            print(f"    {phase:<14}{phases.get(phase, 0.0):6.2f}")
        rest = one / n - worker
        print(f"    {'outside the worker (process start, imports, copying)':<14} {rest:6.2f}")
        beyond = one / n - phases.get("execute", 0.0)
        print(f"  beyond executing the notebook: {beyond:.2f} s per student (target <= 1)")


if __name__ == "__main__":
    main()
