"""Grading mode: record what your function does, so the grader can judge it elsewhere.

When an instructor grades, the hidden part of each test cell does not judge inside your
notebook. It calls your function on the visible and the hidden inputs and writes down,
for every call, what came back (as plain numbers), what was raised, which warnings were
emitted and whether an argument was changed. The grader then runs the very same checks in
a separate process on that record. A notebook can patch NumPy, these modules or its own
outputs inside its kernel; none of that reaches the grader's process, so only correct
results pass.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import warnings
from pathlib import Path
from typing import Any, Callable

import numpy as np

from . import TOPICS
from .core import RECORDED, run
from .fixtures import _load, decode, encode

GRADING_DIR = "NNSCRATCH_GRADING_DIR"   # set in grading kernels: where inputs and records live


def digest(args: tuple) -> str:
    """A fingerprint of a call's arguments (exact: arrays by value, generators by state)."""
    text = json.dumps(encode(list(args)), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def plain(value: Any) -> Any:
    """``value`` as JSON data made of plain numbers, or a marker saying it could not be."""
    try:
        if isinstance(value, np.ndarray) and value.dtype == object:
            raise TypeError("object array")
        data = encode(value)
        json.dumps(data)
        return data
    except (TypeError, ValueError):
        return {"unreadable": f"{type(value).__name__}: {str(value)[:200]}"}


class Recorder:
    """Wraps a function; every call is appended as one JSON line to ``path``."""

    def __init__(self, name: str, fn: Callable, path: Path) -> None:
        self.__name__, self.fn, self.path = name, fn, path

    def __call__(self, *args):
        key, before = f"{self.__name__}:{digest(args)}", [json.dumps(plain(a)) for a in args]
        entry: dict = {"key": key}
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    out = self.fn(*args)
                    entry["output"] = plain(out)
                except BaseException as exc:  # noqa: BLE001 - recorded, then raised again
                    entry["error"] = [type(exc).__name__, str(exc)[:500]]
                    raise
        finally:
            entry["warnings"] = [str(w.message) for w in caught
                                 if issubclass(w.category, RuntimeWarning)]
            after = [json.dumps(plain(a)) for a in args]
            entry["changed"] = {i: json.loads(a) for i, (a, b) in enumerate(zip(after, before))
                                if a != b}
            with open(self.path, "a") as fh:
                fh.write(json.dumps(entry) + "\n")
            for w in caught:  # pass them on to the checks, which judge warnings
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return out


def exercise_of(lesson: str, name: str):
    """The ``Exercise`` (or ``Prediction``) that lesson ``lesson`` declares for ``name``."""
    return importlib.import_module(f"nnscratch.checks.{TOPICS[lesson]}").EXERCISES[name]


def record(lesson: str, name: str, fn: Callable, *uses: Callable) -> None:
    """Run the checks of ``name`` in recording mode on the visible and the hidden inputs."""
    folder = Path(os.environ.get(GRADING_DIR, ".nnscratch"))
    exercise = exercise_of(lesson, name)
    target = Recorder(name, exercise.target(fn, *uses), folder / "records.jsonl")
    visible = [case["args"] for case in decode(encode(_load(lesson).get(name, [])))]
    hidden = decode(json.loads((folder / "hidden_inputs.json").read_text())).get(name, [])
    run(name, exercise, target, [{"args": args} for args in visible + hidden], RECORDED)
