"""Expected results for the visible checks, stored as JSON by `python -m autograder build`.

The build runs the reference solutions (which students never see) on the inputs that each
lesson's check module lists, and writes the results to ``fixtures/<lesson>.json``. Arrays,
tuples and dicts are tagged so they come back exactly as they were written.
"""
from __future__ import annotations

import importlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

FIXTURES = Path(__file__).with_name("fixtures")


def encode(value: Any) -> Any:
    """A JSON-ready version of ``value`` (arrays, tuples, dicts, numbers, strings, None)."""
    if isinstance(value, np.ndarray):
        return {"array": value.tolist(), "dtype": str(value.dtype), "shape": list(value.shape)}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"dict": {k: encode(v) for k, v in value.items()}}
    if isinstance(value, np.random.Generator):
        return {"generator": value.bit_generator.state}
    if callable(value):
        path = f"{value.__module__}:{value.__qualname__}"
        if "<" in path:
            raise ValueError(f"cannot store {path} in a fixture: use a top-level function")
        return {"function": path}
    return value


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "array" in value:
        return np.array(value["array"], dtype=value["dtype"]).reshape(value["shape"])
    if "tuple" in value:
        return tuple(decode(v) for v in value["tuple"])
    if "generator" in value:
        rng = np.random.default_rng()
        rng.bit_generator.state = value["generator"]
        return rng
    if "function" in value:
        module, name = value["function"].split(":")
        return getattr(importlib.import_module(module), name)
    return {k: decode(v) for k, v in value["dict"].items()}


def dumps(cases: dict) -> str:
    """The fixture file's text for ``{function name: [case, ...]}``: one function a line."""
    lines = [f" {json.dumps(name)}: {json.dumps(encode(value))}" for name, value in cases.items()]
    return '{"dict": {\n' + ",\n".join(lines) + "\n}}\n"


@lru_cache(maxsize=None)
def _load(lesson: str) -> dict:
    path = FIXTURES / f"{lesson}.json"
    if not path.exists():
        raise FileNotFoundError(
            f"no visible-check fixtures for lesson {lesson!r} at {path}; "
            "run `python -m autograder build` to create them")
    return decode(json.loads(path.read_text()))


def load_cases(lesson: str, function: str) -> list:
    """The visible cases of ``function`` in ``lesson`` (fresh copies each call)."""
    cases = _load(lesson)
    if function not in cases:
        raise KeyError(f"lesson {lesson!r} has no visible cases for {function!r}")
    return decode(encode(cases[function]))
