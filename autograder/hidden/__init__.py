"""Hidden checks: the visible checks again, on fresh random inputs and edge cases.

A hidden test cell calls ``check(lesson, name, fn)``. The inputs come from
``autograder.hidden.<topic>.inputs(rng)`` with a seed fixed per function (so grading is
repeatable), the expected results from the reference solutions.
"""
from __future__ import annotations

import importlib
import zlib

import numpy as np

from ..cases import make_cases
from ..lessons import topic


def check(lesson: str, name: str, fn) -> None:
    """Run the hidden checks of graded function ``name`` of ``lesson`` on ``fn``."""
    checker = getattr(importlib.import_module(f"nnscratch.checks.{topic(lesson)}"), f"check_{name}")
    rng = np.random.default_rng(zlib.crc32(f"{lesson}/{name}".encode()))
    inputs = importlib.import_module(f"autograder.hidden.{topic(lesson)}").inputs(rng)
    cases = make_cases(lesson, name, inputs[name]) if name in inputs else None
    checker(fn, cases=cases, kind="hidden")
