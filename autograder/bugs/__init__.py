"""The bug catalogue: realistic wrong implementations of every graded function.

Each lesson's module ``autograder.bugs.<topic>`` lists ``BUGS``. The test suite proves
that every bug fails its exercise with feedback containing ``bug.expect``; the checks
also use the catalogue to name a student's mistake when their result matches a bug's.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from ..lessons import topic


@dataclass(frozen=True)
class Bug:
    function: str          # the graded function this is a wrong version of
    mistake: str           # shown to a student whose result matches this bug's
    code: Callable         # the wrong implementation
    expect: str = ""       # a phrase the feedback must contain (default: `mistake`)

    @property
    def phrase(self) -> str:
        return self.expect or self.mistake


def catalogue(lesson: str) -> list[Bug]:
    """Every catalogued bug of ``lesson`` (empty when the lesson has none yet)."""
    try:
        module = importlib.import_module(f"autograder.bugs.{topic(lesson)}")
    except ModuleNotFoundError:
        return []
    return list(module.BUGS)
