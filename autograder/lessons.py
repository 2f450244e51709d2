"""Where things are: the lessons, their modules, and the folders of the repository."""
from __future__ import annotations

import json
from pathlib import Path

from nnscratch.checks import TOPICS

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = REPO / "solutions"
COURSE = REPO / "course"
FIXTURES = REPO / "shared" / "nnscratch" / "checks" / "fixtures"

# lesson id -> topic; the topic names the modules nnscratch.checks.<topic>,
# autograder.hidden.<topic> and autograder.bugs.<topic>.
LESSONS = TOPICS


class UsageError(Exception):
    """A problem with what the user asked for; the message says what was expected."""


def topic(lesson: str) -> str:
    if lesson not in LESSONS:
        raise UsageError(f"unknown lesson {lesson!r}; expected one of: {', '.join(LESSONS)}")
    return LESSONS[lesson]


def source_notebook(lesson: str) -> Path:
    """The instructor source of ``lesson``: solutions/<lesson>/<lesson>.ipynb."""
    topic(lesson)
    return SOLUTIONS / lesson / f"{lesson}.ipynb"


def available_lessons() -> list[str]:
    """The lessons whose source notebook exists, in course order."""
    return [lesson for lesson in LESSONS if source_notebook(lesson).exists()]


def lesson_of(notebook: dict, filename: str = "") -> str | None:
    """The lesson a notebook belongs to: its metadata, else its file name; ``None`` if neither."""
    meta = notebook.get("metadata", {}).get("nnscratch", {})
    if isinstance(meta, dict) and meta.get("lesson") in LESSONS:
        return meta["lesson"]
    stem = Path(filename).stem
    return stem if stem in LESSONS else None


def read_notebook_json(path: Path) -> dict:
    """The notebook's JSON, or UsageError saying why it is not a readable notebook."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not a Jupyter notebook (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise UsageError(f"{path}: not a Jupyter notebook (no list of cells)")
    return data
