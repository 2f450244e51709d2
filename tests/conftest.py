"""Shared helpers: make submissions by editing the answer cells of a lesson notebook.

Test tiers: tests that run notebooks, kernels or whole classes are marked ``e2e`` (by
module, ``pytestmark``); ``pytest -m "not e2e"`` is the fast tier. The full suite runs
on every core (pytest-xdist, ``--dist loadgroup``): the tests sharing a session-scoped
fixture (a graded class) are kept on one worker, so the class is graded once (session
scope, because a worker may run other modules' tests between them).
"""
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.lessons import COURSE, REPO, source_notebook
from autograder.nbmeta import grade_id, is_answer


def answer_cells(nb):
    """``{function name: answer cell}`` of a notebook."""
    return {grade_id(c): c for c in nb.cells if is_answer(c)}


def submission(lesson: str, replace: dict | None = None, student: bool = False) -> nbformat.NotebookNode:
    """The solution (or the untouched student) notebook, with some answer cells replaced."""
    path = COURSE / lesson / f"{lesson}.ipynb" if student else source_notebook(lesson)
    nb = nbformat.read(path, as_version=4)
    cells = answer_cells(nb)
    for name, source in (replace or {}).items():
        cells[name].source = source
    return nb


def write(nb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def autograder(*args, timeout=900):
    """Run ``python -m autograder ARGS`` from the repository; return the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def make_submission(tmp_path):
    def make(name: str, lesson: str = "01_neuron", **kwargs) -> Path:
        return write(submission(lesson, **kwargs), tmp_path / name / f"{lesson}.ipynb")
    return make


SHARED_FIXTURES = ("corpus", "graded_class")   # session-scoped and expensive: built once per
# xdist worker, so every test that uses one runs on the same worker (one xdist group)


@pytest.hookimpl(tryfirst=True)   # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        shared = [name for name in SHARED_FIXTURES if name in getattr(item, "fixturenames", ())]
        if shared:
            item.add_marker(pytest.mark.xdist_group(f"{item.module.__name__}-{shared[0]}"))
