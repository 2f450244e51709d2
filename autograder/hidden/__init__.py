"""Hidden checks: the visible checks again, on fresh random inputs and edge cases.

A hidden test cell calls ``check(lesson, name, fn)``. Each lesson's module
``autograder.hidden.<topic>`` declares ``INPUTS``, one generator of argument dicts per
graded function (called once, with a seed fixed per function, so grading is repeatable),
and ``EXPLANATIONS``, why the answer of each prediction is right. The expected results
come from the reference solutions.
"""
from __future__ import annotations

import importlib
import zlib
from functools import lru_cache

import numpy as np

from nnscratch.checks.core import Prediction, run
from nnscratch.checks.record import exercise_of

from .. import reference
from ..cases import make_cases
from ..lessons import topic


def _module(lesson: str):
    return importlib.import_module(f"autograder.hidden.{topic(lesson)}")


@lru_cache(maxsize=None)
def _inputs(lesson: str, name: str) -> tuple:
    generate = _module(lesson).INPUTS.get(name)
    rng = np.random.default_rng(zlib.crc32(f"{lesson}/{name}".encode()))
    return tuple(generate(rng)) if generate else ()


def hidden_inputs(lesson: str) -> dict:
    """``{function name: [argument dict, ...]}``: the hidden inputs of every function."""
    return {name: list(_inputs(lesson, name)) for name in _module(lesson).INPUTS}


@lru_cache(maxsize=None)
def hidden_cases(lesson: str, name: str) -> tuple:
    """The hidden cases of ``name``: arguments, expected result, known mistakes."""
    exercise = exercise_of(lesson, name)
    if isinstance(exercise, Prediction):
        answer = reference.load(lesson)[name]
        answer = answer.strip().lower() if isinstance(answer, str) else answer
        return ({"args": {}, "expected": answer,
                 "explain": getattr(_module(lesson), "EXPLANATIONS", {}).get(name, "")},)
    return tuple(make_cases(lesson, name, list(_inputs(lesson, name))))


def check(lesson: str, name: str, fn, *uses) -> None:
    """Run the hidden checks of graded function ``name`` of ``lesson`` on ``fn``."""
    exercise = exercise_of(lesson, name)
    run(name, exercise, exercise.target(fn, *uses), list(hidden_cases(lesson, name)), "hidden")
