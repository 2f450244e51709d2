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


def hidden_inputs(lesson: str) -> dict:
    """``{function name: [argument dict, ...]}``: the hidden inputs of every function."""
    module = importlib.import_module(f"autograder.hidden.{topic(lesson)}")
    names = module.inputs(np.random.default_rng(0))
    return {name: module.inputs(_rng(lesson, name))[name] for name in names}


def _rng(lesson: str, name: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(f"{lesson}/{name}".encode()))


def check(lesson: str, name: str, fn) -> None:
    """Run the hidden checks of graded function ``name`` of ``lesson`` on ``fn``."""
    checker = getattr(importlib.import_module(f"nnscratch.checks.{topic(lesson)}"), f"check_{name}")
    inputs = importlib.import_module(f"autograder.hidden.{topic(lesson)}").inputs(_rng(lesson, name))
    cases = make_cases(lesson, name, inputs[name]) if name in inputs else None
    checker(fn, cases=cases, kind="hidden")
