"""Regenerate the student notebooks and fixtures: ``python -m autograder build [--check]``.

For every lesson with a solution notebook:

* ``course/<lesson>/`` gets the student version made by nbgrader's generate_assignment
  (solutions replaced by stubs, hidden tests removed);
* ``shared/nnscratch/checks/fixtures/<lesson>.json`` gets the expected results of the
  visible checks, computed with the reference solutions.

Building twice gives the same files. With ``check=True`` nothing is written and the stale
files are returned.
"""
from __future__ import annotations

import importlib
import tempfile
from pathlib import Path

from nnscratch.checks.fixtures import dumps

from . import workspace
from .cases import make_cases
from .lessons import COURSE, FIXTURES, available_lessons, source_notebook, topic


def render(lesson: str) -> dict[Path, bytes]:
    """Every file the build makes for ``lesson``, by destination path."""
    files = {}
    checks = importlib.import_module(f"nnscratch.checks.{topic(lesson)}")
    cases = {name: make_cases(lesson, name, inputs) for name, inputs in checks.visible_inputs().items()}
    files[FIXTURES / f"{lesson}.json"] = dumps(cases).encode()
    with tempfile.TemporaryDirectory(prefix="nnscratch-build-") as tmp:
        release = workspace.create(Path(tmp), lesson, source_notebook(lesson)).parent
        for path in sorted(release.rglob("*")):
            if path.is_file():
                files[COURSE / lesson / path.relative_to(release)] = path.read_bytes()
    return files


def build(check: bool = False, lessons: list[str] | None = None) -> list[Path]:
    """Write (or, with ``check``, only compare) every generated file; return the stale ones."""
    stale = []
    for lesson in lessons or available_lessons():
        for path, content in render(lesson).items():
            if path.exists() and path.read_bytes() == content:
                continue
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
    return stale
