"""How long the course's commands take: ``python benchmarks/pipeline.py [--students N]``.

Prints, for every lesson, how long its solution notebook takes to run in a plain kernel
(what a student waits for with "Run all"), how much of that the graded cells and the cells
that draw figures take (the rest is computation the lesson shows only as printed numbers),
and how long ``check`` takes on it (grading one notebook), with the ratios; then how long
grading a class of N copies of the lesson-01 solution takes with one and with two jobs.
Nothing is asserted: these are figures to read.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.lessons import available_lessons, source_notebook  # noqa: E402
from autograder.nbmeta import is_answer, is_test  # noqa: E402


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run_notebook(path: Path) -> dict:
    """Run the notebook in a fresh kernel. Seconds from the first cell's start to the last
    cell's end ("run all" in a kernel already started), and the part of it spent in graded
    cells, in cells that draw (a figure or a widget), and in the other cells."""
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="nnk-") as sockets:   # Unix sockets, no TCP warning
        manager = KernelManager(transport="ipc", ip=f"{sockets}/k")
        try:
            NotebookClient(nb, km=manager, timeout=120, record_timing=True,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
    spent, first, last = {"graded": 0.0, "figures": 0.0, "other": 0.0}, None, None
    for cell in nb.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        if cell.cell_type != "code" or "shell.execute_reply" not in timing:
            continue
        began, ended = (datetime.fromisoformat(timing[key].replace("Z", "+00:00"))
                        for key in ("iopub.execute_input", "shell.execute_reply"))
        first, last = first or began, ended
        data = [output.get("data", {}) for output in cell.get("outputs", [])]
        draws = any("image/png" in d or "application/vnd.jupyter.widget-view+json" in d for d in data)
        kind = "graded" if is_answer(cell) or is_test(cell) else "figures" if draws else "other"
        spent[kind] += (ended - began).total_seconds()
    return {"run all": (last - first).total_seconds(), **spent}


def autograder(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "autograder", *args], cwd=REPO, check=True,
                   capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=6)
    students = parser.parse_args().students

    print(f"build --check (all lessons): {seconds(lambda: autograder('build', '--check')):6.1f} s")
    print(f"{'lesson':<24}{'run all':>8}{'graded':>8}{'figures':>8}{'other':>8}{'ratio':>7}"
          f"{'check':>8}{'ratio':>7}")
    print(f"{'':<24}{'(a)':>8}{'':>8}{'':>8}{'':>8}{'(b)':>7}{'':>8}{'(c)':>7}")
    for lesson in available_lessons():
        path = source_notebook(lesson)
        spent = run_notebook(path)
        run = spent["run all"]
        check = seconds(lambda: autograder("check", str(path)))
        drawn = spent["graded"] + spent["figures"]
        print(f"{lesson:<24}{run:7.1f}s{spent['graded']:7.1f}s{spent['figures']:7.1f}s"
              f"{spent['other']:7.1f}s{run / drawn:7.2f}{check:7.1f}s{check / run:7.2f}")
    print("(a) first cell's start to last cell's end, in a started kernel; (b) run all / "
          "(graded + figures), target <= 1.5;\n(c) check (a whole command: processes, kernel "
          "start, grading) / run all, target <= 1.3")

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
