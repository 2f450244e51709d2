"""Grading notes: one plain line per thing that happened while grading a submission
(a restored test cell, a timeout, tampering). They open the feedback page and end up in
the run's summary."""
from __future__ import annotations

import json
from pathlib import Path


def notes_path(root: str | Path) -> Path:
    return Path(root) / "notes.json"


def add_note(root: str | Path, text: str) -> None:
    """Append one plain line to the notes of the submission graded in ``root``."""
    path = notes_path(root)
    notes = json.loads(path.read_text()) if path.exists() else []
    if text not in notes:
        path.write_text(json.dumps(notes + [text], indent=1))


def read_notes(root: str | Path) -> list[str]:
    path = notes_path(root)
    return json.loads(path.read_text()) if path.exists() else []


def add_remark(root: str | Path, text: str) -> None:
    """A line for the feedback page only (routine, so not worth the instructor's summary)."""
    (Path(root) / "remarks.json").write_text(json.dumps(read_remarks(root) + [text]))


def read_remarks(root: str | Path) -> list[str]:
    path = Path(root) / "remarks.json"
    return json.loads(path.read_text()) if path.exists() else []


def add_time(root: str | Path, phase: str, seconds: float) -> None:
    """Add ``seconds`` to the time spent in ``phase`` while grading (for the benchmarks)."""
    path = Path(root) / "timings.json"
    times = json.loads(path.read_text()) if path.exists() else {}
    times[phase] = round(times.get(phase, 0.0) + seconds, 4)
    path.write_text(json.dumps(times))


def read_times(root: str | Path) -> dict:
    path = Path(root) / "timings.json"
    return json.loads(path.read_text()) if path.exists() else {}
