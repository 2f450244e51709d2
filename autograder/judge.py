"""The verdicts of a graded notebook, decided outside the student's kernel.

In a grading kernel, the hidden part of each test cell only *records* what the student's
function does (``nnscratch.checks.record``). After the notebook has run, ``Judge`` (an
nbgrader preprocessor running in the grader's own process, before ``SaveAutoGrades``)
replays those records through the same visible and hidden checks, and replaces each test
cell's outputs with the verdict: a pass, or one error whose message says what is wrong.
Whatever the notebook printed, patched or faked inside its kernel does not count.
"""
from __future__ import annotations

import builtins
import contextlib
import io
import json
import time
import warnings
from pathlib import Path

import numpy as np
from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from nnscratch.checks.core import run, visible_cases
from nnscratch.checks.fixtures import decode
from nnscratch.checks.record import digest, exercise_of

from .hidden import hidden_cases
from .notes import add_note, add_time
from .nbmeta import function_of, is_test


class NotRecorded(BaseException):
    """The function was not run on these arguments in the kernel (not an ``Exception``, so
    the checks let it through to the judge)."""


class Unreadable:
    """A result the kernel could not turn into numbers; every check rejects it."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"<{self.text}>"


def _data(value):
    """Records as data only: no functions or generators from a notebook are imported."""
    if isinstance(value, list):
        return [_data(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "unreadable" in value or "function" in value or "generator" in value:
        return Unreadable(str(value.get("unreadable", "not a number")))
    if "array" in value:
        return decode(value)
    if "tuple" in value:
        return tuple(_data(v) for v in value["tuple"])
    if "dict" in value:
        return {k: _data(v) for k, v in value["dict"].items()}
    return Unreadable("unexpected data")


def _exception(name: str, message: str) -> Exception:
    kind = getattr(builtins, name, None)
    if not (isinstance(kind, type) and issubclass(kind, Exception)):
        kind = type(name, (Exception,), {})
    return kind(message)


def load_records(path: Path) -> dict:
    """``{argument digest: record}`` from the kernel's JSON lines (the first record wins)."""
    records = {}
    if path.is_file():
        for line in path.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
                records.setdefault(str(entry["key"]), entry)
            except (ValueError, KeyError, TypeError):
                continue
    return records


class Replay:
    """Stands in for the student's function: answers each call from the records."""

    def __init__(self, name: str, records: dict) -> None:
        self.__name__, self.records = name, records

    def __call__(self, *args):
        entry = self.records.get(f"{self.__name__}:{digest(args)}")
        if entry is None:
            raise NotRecorded(self.__name__)
        for index, value in dict(entry.get("changed", {})).items():
            _restore(args[int(index)], _data(value))
        for message in entry.get("warnings", []):
            warnings.warn(str(message), RuntimeWarning)
        if "error" in entry:
            raise _exception(*[str(part) for part in entry["error"][:2]])
        return _data(entry.get("output"))


def _restore(arg, value) -> None:
    """Make ``arg`` look as the student's function left it."""
    if isinstance(arg, np.ndarray) and isinstance(value, np.ndarray) and value.shape == arg.shape:
        arg[...] = value
    elif isinstance(arg, list) and isinstance(value, list):
        arg[:] = value
    elif isinstance(arg, dict) and isinstance(value, dict):
        arg.clear()
        arg.update(value)


def verdict(lesson: str, name: str, records: dict) -> tuple[str, str]:
    """``("passed" | "failed" | "failed visible" | "not run", message)`` for one exercise."""
    exercise = exercise_of(lesson, name)
    fn = Replay(name, records)
    stage = "visible"
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            run(name, exercise, fn, visible_cases(lesson, name, exercise), "visible")
            stage = "hidden"
            run(name, exercise, fn, list(hidden_cases(lesson, name)), "hidden")
    except NotRecorded:
        return "not run", ""
    except AssertionError as exc:
        return ("failed" if stage == "hidden" else "failed visible"), str(exc)
    return "passed", f"{name}: all visible and hidden checks passed."


KERNEL_TROUBLE = {
    "TimeoutError": "{name}: a cell ran too long and was stopped",
    "KernelDied": "{name}: the kernel died (exit, crash or memory) and was restarted",
    "NotRun": "{name}: not run, the submission used up its time budget",
    "MemoryError": "{name}: ran out of memory",
}


class Judge(NbGraderPreprocessor):
    """Replace every test cell's outputs by the verdict of the replayed checks."""

    course_root = Unicode("", help="the work area, where notes.json is").tag(config=True)

    def preprocess(self, nb, resources):
        start = time.perf_counter()
        try:
            return self._judge_all(nb, resources)
        finally:
            add_time(self.course_root, "judge", time.perf_counter() - start)

    def _judge_all(self, nb, resources):
        lesson = resources["nbgrader"]["assignment"]
        folder = Path(resources["metadata"]["path"]) / ".nnscratch"
        records = load_records(folder / "records.jsonl")
        for cell in nb.cells:
            if cell.cell_type == "code" and is_test(cell):
                name = function_of(cell)
                cell.outputs = self.judge(lesson, name, cell, records)
                self.take_notes(name, cell.outputs)
        return nb, resources

    def take_notes(self, name: str, outputs: list) -> None:
        for output in outputs:
            text = f"{output.get('ename', '')}: {output.get('evalue', '')}"
            if output.get("evalue", "").startswith("Tampering detected"):
                add_note(self.course_root, f"{name}: tampering detected, the grader's re-check fails")
            for trouble, note in KERNEL_TROUBLE.items():
                if trouble in text:
                    add_note(self.course_root, note.format(name=name))

    @staticmethod
    def judge(lesson: str, name: str, cell, records: dict) -> list:
        kernel_error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
        outcome, message = verdict(lesson, name, records)
        if outcome == "passed":
            return [new_output("stream", name="stdout", text=message + "\n")]
        if outcome == "not run":
            if kernel_error is not None:
                return [new_output("error", ename=kernel_error.get("ename", "Error"),
                                   evalue=kernel_error.get("evalue", ""),
                                   traceback=[f"{kernel_error.get('ename')}: {kernel_error.get('evalue')}"])]
            message = (f"the checks of {name} did not run: the test cell was stopped before "
                       "reaching them (was the cell changed, or the kernel tampered with?)")
        elif outcome == "failed visible" and kernel_error is None:
            message = ("Tampering detected: these checks passed inside the notebook but fail "
                       "when re-checked by the grader.\n" + message)
        return [new_output("error", ename="AssertionError", evalue=message,
                           traceback=[f"AssertionError: {message}"])]

