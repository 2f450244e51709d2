"""How a student's function is judged, and how the verdict is explained.

A *case* is one call of a graded function: the arguments, the expected result, and the
results that known wrong implementations give on the same arguments::

    {"args": {"z": array, "a": 10.0},          # passed positionally, in this order
     "expected": array,
     "mistakes": [{"mistake": "the slope `a` is ignored", "output": array}, ...]}

`check_cases` calls the function on every case and raises ``AssertionError`` at the first
wrong one, with a message that names the function, the inputs' shapes, expected versus
received (shape, dtype, largest error and where) and, when it can tell, the likely mistake.

Everything below uses NumPy functions captured when this module is imported, so a
notebook that later replaces ``np.allclose`` cannot change a verdict.
"""
from __future__ import annotations

import copy
import warnings
from typing import Any, Callable

import numpy as np

# Captured at import time: student code may rebind the names in `np`, not these.
_asarray, _isclose, _isfinite, _abs = np.asarray, np.isclose, np.isfinite, np.abs
_argmax, _unravel, _array_equal, _where = np.argmax, np.unravel_index, np.array_equal, np.where
_errstate, _ndarray, _float64 = np.errstate, np.ndarray, np.float64
_AssertionError, _isinstance, _len = AssertionError, isinstance, len

RTOL, ATOL = 1e-7, 1e-10
RECORD_ONLY = "record only"  # the `expected` of a case in grading mode: call, do not compare


# ---------------------------------------------------------------- describing things
def describe(value: Any) -> str:
    """A short description of an argument or a result: shape and dtype, or the value."""
    if _isinstance(value, _ndarray):
        if value.size <= 4:
            return f"array({value.tolist()}, dtype={value.dtype})"
        return f"array of shape {value.shape}, dtype {value.dtype}"
    if _isinstance(value, (tuple, list)):
        return "(" + ", ".join(describe(v) for v in value) + ")"
    if _isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {describe(v)}" for k, v in value.items()) + "}"
    if _isinstance(value, np.random.Generator):
        return "a numpy random Generator"
    if callable(value):
        return f"function {getattr(value, '__name__', '?')}"
    return repr(value)


def call_text(name: str, args: dict) -> str:
    """``sigmoid(z=array of shape (2, 3), dtype float64, a=10.0)``."""
    return f"{name}(" + ", ".join(f"{k}={describe(v)}" for k, v in args.items()) + ")"


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _list(values: np.ndarray) -> str:
    return "[" + ", ".join(_fmt(float(v)) for v in values) + "]"


# ---------------------------------------------------------------- calling safely
def not_implemented(name: str) -> str:
    return (f"{name} is not implemented yet: replace `raise NotImplementedError` in its "
            "cell with your code, run that cell, then run this test again.")


OVERFLOW_HINT = ("overflow in exp. Only ever exponentiate numbers <= 0, for example exp(-|t|), "
                 "and choose the formula by the sign of t")


def call(fn: Callable, name: str, args: dict, forbid_warnings: bool = False,
         hints: dict | None = None) -> Any:
    """Call ``fn`` on copies of ``args``; fail if it is unfinished, raises, warns or mutates.

    Returns what the function returned. NumPy warnings are recorded (never printed); with
    ``forbid_warnings`` any RuntimeWarning (overflow, invalid value, ...) is a failure.
    ``hints`` maps a phrase of a failure's first line (a warning's text, "in place",
    "could not be broadcast", ...) to the likely mistake to name when it appears.
    """
    if not callable(fn):
        raise _AssertionError(f"{name}: expected a function, got {describe(fn)}.")
    given = {k: copy.deepcopy(v) for k, v in args.items()}
    with warnings.catch_warnings(record=True) as caught, \
            _errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            out = fn(*given.values())
        except NotImplementedError:
            raise _AssertionError(not_implemented(name)) from None
        except Exception as exc:
            raise _AssertionError(_hinted(
                f"{call_text(name, args)} raised {type(exc).__name__}: {exc}", "", hints)) from exc
    for key, before in args.items():
        if not _same(given[key], before):
            raise _AssertionError(_hinted(
                f"{call_text(name, args)} modified its input `{key}` in place.",
                "an in-place operation (`+=`, `*=`, `x[...] = ...`, `out=`) on an argument. "
                "Build a new array instead; callers keep using their inputs", hints))
    runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if forbid_warnings and runtime:
        raise _AssertionError(_hinted(
            f"{call_text(name, args)} emitted a warning: {runtime[0].message}.",
            OVERFLOW_HINT if "overflow" in str(runtime[0].message) else "", hints))
    return out


def _hinted(message: str, default: str, hints: dict | None) -> str:
    """``message`` with the likely mistake: the first hint whose phrase it contains, else
    ``default`` (no line at all when both are empty)."""
    first = message.split("\n")[0]
    hint = next((text for phrase, text in (hints or {}).items() if phrase in first), default)
    return message + (f"\n  Likely mistake: {hint}." if hint else "")


def _same(a: Any, b: Any) -> bool:
    if _isinstance(b, np.random.Generator):
        return True  # every call gets its own copy, and drawing from it is the point
    if _isinstance(b, _ndarray):
        return _isinstance(a, _ndarray) and a.shape == b.shape and _array_equal(a, b, equal_nan=True)
    if _isinstance(b, dict):
        return _isinstance(a, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in b)
    if _isinstance(b, (list, tuple)):
        return _len(a) == _len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b or (a != a and b != b)


def to_float_array(value: Any, what: str) -> np.ndarray:
    """``value`` as a plain float64 ndarray (subclasses and custom objects are unwrapped)."""
    try:
        arr = _asarray(value, dtype=_float64)
    except (TypeError, ValueError) as exc:
        raise _AssertionError(f"{what} should be numeric, got {describe(value)} ({exc}).") from None
    return arr.view(_ndarray).copy()


# ---------------------------------------------------------------- comparing results
def compare(got: Any, expected: Any, what: str, rtol: float = RTOL, atol: float = ATOL) -> str | None:
    """``None`` when ``got`` matches ``expected``, else a description of the difference.

    ``expected`` may be an array or number, a tuple of them, or a dict of them.
    """
    if _isinstance(expected, tuple):
        if not _isinstance(got, (tuple, list)) or _len(got) != _len(expected):
            return f"{what} should be a tuple of {_len(expected)} values, got {describe(got)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = compare(g, e, f"{what}[{i}]", rtol, atol)
            if problem:
                return problem
        return None
    if _isinstance(expected, dict):
        if not _isinstance(got, dict):
            return f"{what} should be a dict with keys {sorted(expected)}, got {describe(got)}"
        if set(got) != set(expected):
            return f"{what} has keys {sorted(got)}, expected {sorted(expected)}"
        for key in expected:
            problem = compare(got[key], expected[key], f"{what}[{key!r}]", rtol, atol)
            if problem:
                return problem
        return None
    if got is None:
        return f"{what} is None: did you forget `return`?"
    exp = to_float_array(expected, "the expected value")
    try:
        g = to_float_array(got, what)
    except _AssertionError as problem:
        return str(problem)
    if g.shape != exp.shape:
        return f"{what} has shape {g.shape}, expected {exp.shape}" + _shape_hint(g.shape, exp.shape)
    bad = ~_isclose(g, exp, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    dtype = getattr(_asarray(got), "dtype", type(got).__name__)
    lines = [f"{what} has wrong values ({int(bad.sum())} of {bad.size} entries differ; "
             f"received dtype {dtype})"]
    if exp.ndim == 0:
        lines.append(f"expected {_fmt(float(exp))}, got {_fmt(float(g))}")
    else:
        err = _abs(g - exp)
        err[~_isfinite(err)] = float("inf")
        where = _unravel(int(_argmax(_where(bad, err, -1.0))), exp.shape)
        lines.append(f"largest error {_fmt(float(err[where]))} at index {tuple(int(i) for i in where)}: "
                     f"expected {_fmt(float(exp[where]))}, got {_fmt(float(g[where]))}")
        if exp.ndim == 1 and exp.size <= 12:
            lines.append(f"expected {_list(exp)}")
            lines.append(f"received {_list(g)}")
    return "\n  ".join(lines)


def _shape_hint(got: tuple, expected: tuple) -> str:
    if _len(got) == 2 and got == expected[::-1]:
        return ": did you transpose?"
    if got == () and _len(expected) >= 1:
        return ": did you sum or average over the batch? Keep one value per sample."
    if _len(got) == _len(expected) + 1 and 1 in got:
        return ": there is an extra axis of length 1"
    return ""


def diagnose(got: Any, expected: Any, mistakes: list, rtol: float = RTOL, atol: float = ATOL) -> str | None:
    """The likely mistake behind a wrong ``got``, or ``None`` when no pattern fits."""
    for known in mistakes:
        if compare(got, known["output"], "", rtol, atol) is None:
            return known["mistake"]
    if _isinstance(expected, (tuple, dict)):
        return None
    try:
        g, e = to_float_array(got, "result"), to_float_array(expected, "expected")
    except _AssertionError:
        return None
    if g.shape != e.shape:
        return None
    if (~_isfinite(g) & _isfinite(e)).any():
        return "the result contains nan or inf: an exp overflowed or a division by zero happened"
    if _abs(e).max(initial=0) > atol and _isclose(g, -e, rtol=rtol, atol=atol).all():
        return "the sign is flipped"
    if e.ndim == 2 and e.shape[0] == e.shape[1] and _isclose(g, e.T, rtol=rtol, atol=atol).all():
        return "the result is transposed"
    return None


# ---------------------------------------------------------------- the main entry point
def check_cases(fn: Callable, name: str, cases: list, *, outputs: tuple | None = None,
                after: Callable | None = None, forbid_warnings: bool = False,
                hints: dict | None = None, rtol: float = RTOL, atol: float = ATOL) -> int:
    """Run ``fn`` on every case; raise ``AssertionError`` at the first wrong one.

    ``outputs`` names the parts of a tuple result (``("loss", "dW", "db")``) for the
    messages; ``after(got, args)`` may raise ``AssertionError`` about a result that has the
    right values (its dtype, say); ``hints``: see :func:`call`. In grading mode (cases whose
    ``expected`` is ``RECORD_ONLY``) every call is made and nothing is judged.
    Returns the number of cases checked.
    """
    for case in cases:
        args, expected = case["args"], case["expected"]
        if _isinstance(expected, str) and expected == RECORD_ONLY:
            try:
                got = call(fn, name, args, forbid_warnings, hints)
                if after is not None:
                    after(got, args)
            except _AssertionError:
                pass
            continue
        got = call(fn, name, args, forbid_warnings, hints)
        problem = _compare_parts(got, expected, outputs, rtol, atol)
        if problem:
            message = f"{call_text(name, args)}: {problem}"
            mistake = diagnose(got, expected, case.get("mistakes", []), rtol, atol)
            if mistake:
                message += f"\n  Likely mistake: {mistake}."
            raise _AssertionError(message)
        if after is not None:
            after(got, args)
    return _len(cases)


def _compare_parts(got: Any, expected: Any, outputs: tuple | None, rtol: float, atol: float):
    if outputs is None:
        return compare(got, expected, "the result", rtol, atol)
    if not _isinstance(got, (tuple, list)) or _len(got) != _len(outputs):
        return f"should return a tuple ({', '.join(outputs)}), got {describe(got)}"
    for value, want, label in zip(got, expected, outputs):
        problem = compare(value, want, f"`{label}`", rtol, atol)
        if problem:
            return problem
    return None


def check_raises(fn: Callable, name: str, args: dict, error: type, mentions: tuple = (),
                 mistake: str = "") -> None:
    """Check that ``fn(*args)`` raises ``error`` and that its message names each of ``mentions``."""
    try:
        with warnings.catch_warnings(), _errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*copy.deepcopy(list(args.values())))
    except NotImplementedError:
        raise _AssertionError(not_implemented(name)) from None
    except error as exc:
        missing = [m for m in mentions if m not in str(exc)]
        if missing:
            raise _AssertionError(
                f"{call_text(name, args)} raised {error.__name__} as it should, but its message "
                f"{str(exc)!r} does not mention {', '.join(map(repr, missing))}: "
                "say which values are allowed.") from None
        return
    except Exception as exc:
        raise _AssertionError(
            f"{call_text(name, args)} raised {type(exc).__name__}: {exc}; "
            f"expected {error.__name__}.") from exc
    raise _AssertionError(
        f"{call_text(name, args)} returned {describe(out)} instead of raising {error.__name__}."
        + (f"\n  Likely mistake: {mistake}." if mistake else ""))


def passed(name: str, count: int, kind: str = "visible") -> None:
    """Tell the student a function passed."""
    print(f"{name}: all {count} {kind} checks passed.")
