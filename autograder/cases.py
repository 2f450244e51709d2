"""Cases for the checks: arguments, the reference result, and what known bugs give."""
from __future__ import annotations

import copy
import warnings

import numpy as np

from nnscratch.checks.core import compare
from nnscratch.checks.record import exercise_of

from . import reference
from .bugs import catalogue


def make_cases(lesson: str, function: str, inputs: list[dict]) -> list[dict]:
    """One case per argument dict: ``{"args", "expected", "mistakes"}`` (see checks.core).

    An exercise that uses other graded functions is run composed with their references,
    for the reference and for every catalogued bug alike.
    """
    refs = reference.load(lesson)
    exercise = exercise_of(lesson, function)
    uses = [refs[name] for name in exercise.uses]
    ref = exercise.target(refs[function], *uses)
    bugs = [bug for bug in catalogue(lesson) if bug.function == function]
    cases = []
    for args in inputs:
        expected = ref(*copy.deepcopy(list(args.values())))
        mistakes = []
        for bug in bugs:
            output = _quietly(exercise.target(bug.code, *uses), args)
            if output is not None and compare(output, expected, "bug") is not None:
                mistakes.append({"mistake": bug.mistake, "output": output})
        cases.append({"args": args, "expected": expected, "mistakes": mistakes})
    return cases


def _quietly(fn, args: dict):
    """``fn(*args)`` with warnings silenced; ``None`` when it raises or returns nothing usable."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*copy.deepcopy(list(args.values())))
        compare(out, out, "probe")  # is it comparable at all?
        return out
    except Exception:
        return None
