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
