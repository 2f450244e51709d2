"""How long the course's commands take: ``python benchmarks/pipeline.py [--students N]``.

Prints, for every lesson, how long its solution notebook takes to run in a plain kernel
(what a student waits for with "Run all") and through ``check`` (grading one notebook),
then how long grading a class of N copies of the lesson-01 solution takes with one and
with two jobs, per student and as a ratio. Nothing is asserted: these are figures to read.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.lessons import available_lessons, source_notebook  # noqa: E402


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run_notebook(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(path.parent)}}).execute()


def autograder(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "autograder", *args], cwd=REPO, check=True,
                   capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=6)
    students = parser.parse_args().students

    print(f"build --check (all lessons): {seconds(lambda: autograder('build', '--check')):6.1f} s")
    print(f"{'lesson':<26}{'run all':>10}{'check':>10}")
    for lesson in available_lessons():
        path = source_notebook(lesson)
        run = seconds(lambda: run_notebook(path))
        check = seconds(lambda: autograder("check", str(path)))
        print(f"{lesson:<26}{run:9.1f}s{check:9.1f}s")

    lesson = "01_neuron"
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "subs"
        for i in range(students):
            (subs / f"s{i:03d}").mkdir(parents=True)
            shutil.copy(source_notebook(lesson), subs / f"s{i:03d}" / f"{lesson}.ipynb")
        times = {}
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}"
            times[jobs] = seconds(lambda: autograder("grade", lesson, str(subs), "--out", str(out),
                                                     "--jobs", str(jobs)))
            print(f"grade {students} students, --jobs {jobs}: {times[jobs]:6.1f} s "
                  f"({times[jobs] / students:.1f} s per student)")
        print(f"speed-up with 2 jobs: {times[1] / times[2]:.2f}x")
        start = time.perf_counter()
        autograder("grade", lesson, str(subs), "--out", str(Path(tmp) / "out1"))
        print(f"re-run on finished results: {time.perf_counter() - start:6.1f} s")


if __name__ == "__main__":
    main()
