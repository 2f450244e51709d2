"""How a student's function is judged, and how the verdict is explained.

A lesson module (``nnscratch.checks.neuron``, ...) is data: for every graded function it
declares an :class:`Exercise` (how to call and judge it, its progressive hints) or a
:class:`Prediction` (a choice or a number written before a cell that shows the answer),
and it lists the visible inputs. Everything else lives here, once: :func:`run`, the one
runner, which calls the function on every *case* and raises ``AssertionError`` at the first
wrong one with a message that names the function, the inputs' shapes, expected versus
received (shape, dtype, largest error and where) and, when it can tell, the likely mistake.

A case is one call of a graded function: the arguments, the expected result, and the
results that known wrong implementations give on the same arguments::

    {"args": {"z": array, "a": 10.0},          # passed positionally, in this order
     "expected": array,
     "mistakes": [{"mistake": "the slope `a` is ignored", "output": array}, ...]}

Inside a notebook these checks are advice: a notebook can patch anything in its own
kernel, these modules included. Grades never rest on them running there. When an
instructor grades, the kernel only *records* what the functions return
(``nnscratch.checks.record``) and the grader replays the record through these same
checks in its own process (``autograder.judge``).
"""
from __future__ import annotations

import contextlib
import copy
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

RTOL, ATOL = 1e-7, 1e-10


# ---------------------------------------------------------------- describing things
def describe(value: Any) -> str:
    """A short description of an argument or a result: shape and dtype, or the value."""
    if isinstance(value, np.ndarray):
        if value.size <= 4:
            return f"array({value.tolist()}, dtype={value.dtype})"
        return f"array of shape {value.shape}, dtype {value.dtype}"
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(describe(v) for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {describe(v)}" for k, v in value.items()) + "}"
    if isinstance(value, np.random.Generator):
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


class ForbiddenFunction(Exception):
    """Raised by a NumPy function that an exercise forbids (``Exercise.forbid``)."""


FORBIDDEN_HINT = ("this NumPy function would do the exercise for you; use only the functions the "
                  "exercise allows")


class _Forbidden:
    """Stands in for ``np.<attribute>`` during a call: any use raises ``ForbiddenFunction``."""

    def __init__(self, attribute: str, name: str) -> None:
        self._message = f"np.{attribute} is not allowed in {name}"

    def __call__(self, *args, **kwargs):
        raise ForbiddenFunction(self._message)

    def __getattr__(self, attribute: str):   # np.logaddexp.reduce and the like
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        raise ForbiddenFunction(self._message)


@contextlib.contextmanager
def forbidding(attributes: tuple, name: str):
    """Replace each ``np.<attribute>`` by a :class:`_Forbidden` stand-in, and restore it after."""
    saved = {attribute: getattr(np, attribute) for attribute in attributes}
    try:
        for attribute in attributes:
            setattr(np, attribute, _Forbidden(attribute, name))
        yield
    finally:
        for attribute, original in saved.items():
            setattr(np, attribute, original)


def call(fn: Callable, name: str, args: dict, forbid_warnings: bool = False,
         hints: dict | None = None, forbid: tuple = ()) -> Any:
    """Call ``fn`` on copies of ``args``; fail if it is unfinished, raises, warns or mutates.

    Returns what the function returned. NumPy warnings are recorded (never printed); with
    ``forbid_warnings`` any RuntimeWarning (overflow, invalid value, ...) is a failure.
    ``hints`` maps a phrase of a failure's first line (a warning's text, "in place",
    "could not be broadcast", ...) to the likely mistake to name when it appears.
    ``forbid`` names NumPy functions (``("logaddexp",)``) that raise ``ForbiddenFunction``
    while ``fn`` runs.
    """
    if not callable(fn):
        raise AssertionError(f"{name}: expected a function, got {describe(fn)}.")
    given = {k: copy.deepcopy(v) for k, v in args.items()}
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            with forbidding(forbid, name):
                out = fn(*given.values())
        except NotImplementedError:
            raise AssertionError(not_implemented(name)) from None
        except Exception as exc:   # a replayed ForbiddenFunction is another class of that name
            default = FORBIDDEN_HINT if type(exc).__name__ == ForbiddenFunction.__name__ else ""
            raise AssertionError(_hinted(
                f"{call_text(name, args)} raised {type(exc).__name__}: {exc}", default, hints)) from exc
    for key, before in args.items():
        if not _same(given[key], before):
            raise AssertionError(_hinted(
                f"{call_text(name, args)} modified its input `{key}` in place.",
                "an in-place operation (`+=`, `*=`, `x[...] = ...`, `out=`) on an argument. "
                "Build a new array instead; callers keep using their inputs", hints))
    runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if forbid_warnings and runtime:
        raise AssertionError(_hinted(
            f"{call_text(name, args)} emitted a warning: {runtime[0].message}.",
            OVERFLOW_HINT if "overflow" in str(runtime[0].message) else "", hints))
    return out


def likely(mistake: str) -> str:
    """The line that names a likely mistake under a failure (empty when none is known).
    Every check writes it here, so the class report can find it in any message."""
    return f"\n  Likely mistake: {mistake}." if mistake else ""


def _hinted(message: str, default: str, hints: dict | None) -> str:
    """``message`` with the likely mistake: the first hint whose phrase it contains, else
    ``default`` (no line at all when both are empty)."""
    first = message.split("\n")[0]
    return message + likely(next((text for phrase, text in (hints or {}).items() if phrase in first),
                                 default))


def _same(a: Any, b: Any) -> bool:
    if isinstance(b, np.random.Generator):
        return True  # every call gets its own copy, and drawing from it is the point
    if isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    if isinstance(b, dict):
        return isinstance(a, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in b)
    if isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b or (a != a and b != b)


def to_float_array(value: Any, what: str) -> np.ndarray:
    """``value`` as a plain float64 ndarray (subclasses and custom objects are unwrapped)."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise AssertionError(f"{what} should be numeric, got {describe(value)} ({exc}).") from None
    return arr.view(np.ndarray).copy()


# ---------------------------------------------------------------- comparing results
def compare(got: Any, expected: Any, what: str, rtol: float = RTOL, atol: float = ATOL) -> str | None:
    """``None`` when ``got`` matches ``expected``, else a description of the difference.

    ``expected`` may be an array or number, a tuple of them, or a dict of them.
    """
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"{what} should be a tuple of {len(expected)} values, got {describe(got)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = compare(g, e, f"{what}[{i}]", rtol, atol)
            if problem:
                return problem
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
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
    except AssertionError as problem:
        return str(problem)
    if g.shape != exp.shape:
        return f"{what} has shape {g.shape}, expected {exp.shape}" + _shape_hint(g.shape, exp.shape)
    bad = ~np.isclose(g, exp, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    dtype = getattr(np.asarray(got), "dtype", type(got).__name__)
    lines = [f"{what} has wrong values ({int(bad.sum())} of {bad.size} entries differ; "
             f"received dtype {dtype})"]
    if exp.ndim == 0:
        lines.append(f"expected {_fmt(float(exp))}, got {_fmt(float(g))}")
    else:
        err = np.abs(g - exp)
        err[~np.isfinite(err)] = float("inf")
        where = np.unravel_index(int(np.argmax(np.where(bad, err, -1.0))), exp.shape)
        lines.append(f"largest error {_fmt(float(err[where]))} at index {tuple(int(i) for i in where)}: "
                     f"expected {_fmt(float(exp[where]))}, got {_fmt(float(g[where]))}")
        if exp.ndim == 1 and exp.size <= 12:
            lines.append(f"expected {_list(exp)}")
            lines.append(f"received {_list(g)}")
    return "\n  ".join(lines)


def _shape_hint(got: tuple, expected: tuple) -> str:
    if len(got) == 2 and got == expected[::-1]:
        return ": did you transpose?"
    if got == () and len(expected) >= 1:
        return ": did you sum or average over the batch? Keep one value per sample."
    if len(got) == len(expected) + 1 and 1 in got:
        return ": there is an extra axis of length 1"
    return ""


def diagnose(got: Any, expected: Any, mistakes: list, rtol: float = RTOL, atol: float = ATOL) -> str | None:
    """The likely mistake behind a wrong ``got``, or ``None`` when no pattern fits."""
    for known in mistakes:
        if compare(got, known["output"], "", rtol, atol) is None:
            return known["mistake"]
    if isinstance(expected, (tuple, dict)):
        return None
    try:
        g, e = to_float_array(got, "result"), to_float_array(expected, "expected")
    except AssertionError:
        return None
    if g.shape != e.shape:
        return None
    if (~np.isfinite(g) & np.isfinite(e)).any():
        return "the result contains nan or inf: an exp overflowed or a division by zero happened"
    if np.abs(e).max(initial=0) > atol and np.isclose(g, -e, rtol=rtol, atol=atol).all():
        return "the sign is flipped"
    if e.ndim == 2 and e.shape[0] == e.shape[1] and np.isclose(g, e.T, rtol=rtol, atol=atol).all():
        return "the result is transposed"
    return None


# ---------------------------------------------------------------- what a lesson declares
@dataclass(frozen=True)
class Raises:
    """A call that must raise ``error`` with a message naming each of ``mentions``."""
    args: dict
    error: type
    mentions: tuple = ()
    mistake: str = ""       # the likely mistake when it returns instead


@dataclass(frozen=True)
class Exercise:
    """How one graded function is judged.

    outputs
        Names of the parts of a tuple result (``("loss", "dW", "db")``), for the messages.
    forbid_warnings
        Any RuntimeWarning (overflow, invalid value, ...) during a call fails the check.
    phrases
        ``{phrase: likely mistake}``: when a failure's first line contains the phrase (a
        warning's text, "in place", "could not be broadcast"), name that mistake.
    after
        ``after(got, args)`` may raise ``AssertionError`` about a result whose values are
        right (its dtype, say).
    gradients
        ``{argument: output}``: the function returns a scalar loss first, and ``output`` is
        its gradient with respect to ``argument`` (a float, an array or a dict of arrays).
        Each is also compared with central differences of the student's own loss, on the
        cases where ``gradient_when(args)`` is true (default: every case).
    upstream
        For a backward pass: the argument that holds the upstream gradient (``"dout"``). The
        function's first output is then the forward pass's ``out`` (an array of ``dout``'s
        shape) instead of a scalar loss, and each gradient is compared with central
        differences of ``sum(out * dout)`` (``gradcheck.central_difference(..., dout=)``).
    raises
        :class:`Raises` calls, checked before the cases (and before a ``custom`` check).
    forbid
        Names of NumPy functions the exercise forbids (``("logaddexp",)``): while the
        function is called, ``np.<name>`` raises an error that names it.
    uses, compose
        Other graded functions the check needs (``("batchnorm_forward",)``): the test cell
        passes them after the function, and ``compose(fn, *uses)`` returns the function of
        the case's arguments that is actually checked.
    explain
        ``explain(got, expected, args)`` -> an extra line for a wrong result, or ``None``.
    custom
        ``custom(fn)`` -> the number of checks made; replaces the cases entirely.
    hints
        Two to four progressive hints, from the idea to nearly the code (``nnscratch.hints``).
    """
    outputs: tuple | None = None
    forbid_warnings: bool = False
    phrases: Mapping[str, str] = field(default_factory=dict)
    after: Callable | None = None
    gradients: Mapping[str, str] = field(default_factory=dict)
    gradient_when: Callable | None = None
    upstream: str | None = None
    raises: tuple = ()
    forbid: tuple = ()
    uses: tuple = ()
    compose: Callable | None = None
    explain: Callable | None = None
    custom: Callable | None = None
    hints: tuple = ()
    rtol: float = RTOL
    atol: float = ATOL

    def target(self, fn: Any, *uses: Any) -> Callable:
        """The function the cases are run on: ``fn``, or ``fn`` composed with ``uses``."""
        if not self.uses:
            return fn
        if len(uses) != len(self.uses):
            raise AssertionError(f"this check needs your functions {', '.join(self.uses)} as well: "
                                 "pass them after the function, as the test cell does.")
        return self.compose(fn, *uses)


@dataclass(frozen=True)
class Prediction:
    """A prediction written before the cell that shows the answer: one of ``choices``, or a
    number (no choices) that counts as right within ``rtol`` of the answer."""
    choices: tuple = ()
    rtol: float = 0.0
    hints: tuple = ()
    uses: tuple = ()          # a prediction's check needs no other function

    def target(self, value: Any, *uses: Any) -> Callable:
        return value if callable(value) else Constant(value)

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not a prediction of the right form, or ``None``."""
        if value is None:
            return "no prediction yet: replace None by your answer, run the cell, then run this test."
        if self.choices:
            if isinstance(value, str) and value.strip().lower() in self.choices:
                return None
            return f"your prediction should be one of {', '.join(map(repr, self.choices))}, got {describe(value)}."
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not np.isfinite(value):
            return f"your prediction should be a number, got {describe(value)}."
        return None

    def matches(self, value: Any, answer: Any) -> bool:
        if self.choices:
            return value.strip().lower() == answer
        return abs(float(value) - float(answer)) <= self.rtol * abs(float(answer))


class Constant:
    """A value seen as a function of no arguments (how predictions are called)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __call__(self) -> Any:
        return self.value


RECORDED = "recorded"   # the `kind` of a run in a grading kernel: make every call, judge nothing


# ---------------------------------------------------------------- the one runner
def run(name: str, exercise: Exercise | Prediction, fn: Callable, cases: list | None,
        kind: str = "visible") -> int:
    """Judge ``fn`` (already composed, see ``Exercise.target``) on ``cases``; print the pass.

    With ``kind == RECORDED`` (a grading kernel) every call a verdict may need is made and
    nothing is judged. Raises ``AssertionError`` at the first wrong case.
    """
    recording = kind == RECORDED
    try:
        if isinstance(exercise, Prediction):
            count = _predict(name, exercise, fn, cases, recording)
        else:
            for raises in exercise.raises:
                check_raises(fn, name, raises.args, raises.error, raises.mentions, raises.mistake)
            count = len(exercise.raises) + (
                exercise.custom(fn) if exercise.custom is not None
                else sum(_case(name, exercise, fn, case, recording) for case in cases or []))
    except AssertionError:
        if recording:
            return 0
        raise
    if not recording:
        if isinstance(exercise, Prediction) and kind == "visible":
            print(f"{name}: your prediction is recorded. Run the next cells to see what happens.")
        else:
            passed(name, count, kind)
    return count


def _case(name: str, exercise: Exercise, fn: Callable, case: dict, recording: bool) -> int:
    args, expected = case["args"], case.get("expected")
    try:
        got = call(fn, name, args, exercise.forbid_warnings, exercise.phrases, exercise.forbid)
    except AssertionError:
        if recording:
            return 1
        raise
    checkable = bool(exercise.gradients) and _well_formed(got, exercise.outputs) and \
        (exercise.gradient_when is None or exercise.gradient_when(args))
    if recording:
        if checkable:   # the calls of central differences, so the grader can replay them
            for label in exercise.gradients.values():
                try:
                    gradient_problem(fn, name, exercise, args, got, only=label)
                except Exception:   # noqa: BLE001 - judged when replayed
                    pass
        if exercise.after is not None:
            try:
                exercise.after(got, args)
            except AssertionError:
                pass
        return 1
    problem = _compare_parts(got, expected, exercise.outputs, exercise.rtol, exercise.atol)
    if problem:
        raise AssertionError(_wrong(name, exercise, fn, args, got, expected, case, problem, checkable))
    if exercise.after is not None:
        exercise.after(got, args)
    if checkable:
        report = gradient_problem(fn, name, exercise, args, got)
        if report:
            raise AssertionError(
                f"{call_text(name, args)}: the gradient disagrees with central differences of "
                f"{_differenced(exercise)} (h = {GRAD_STEP:g}, relative error above {GRAD_RTOL:g}):\n    "
                + report.replace("\n", "\n    "))
    return 1


def _wrong(name, exercise, fn, args, got, expected, case, problem, checkable) -> str:
    """The message for a wrong result: what differs, the likely mistake, and where a wrong
    gradient of a right loss is wrong (by central differences)."""
    message = f"{call_text(name, args)}: {problem}"
    mistake = diagnose(tuple(got) if isinstance(got, list) else got, expected,
                       case.get("mistakes", []), exercise.rtol, exercise.atol)
    message += likely(mistake or "")
    if exercise.explain is not None:
        extra = exercise.explain(got, expected, args)
        if extra:
            message += f"\n  {extra}"
    if checkable and compare(got[0], expected[0], "loss") is None:
        label = next((label for label in exercise.gradients.values()
                      if compare(got[exercise.outputs.index(label)],
                                 expected[exercise.outputs.index(label)], label) is not None), None)
        if label is not None:
            report = gradient_problem(fn, name, exercise, args, got, only=label)
            message += (f"\n  Central differences of {_differenced(exercise)} (which is right), "
                        f"h = {GRAD_STEP:g}, show where:\n    " + report.replace("\n", "\n    "))
    return message


def _well_formed(got: Any, outputs: tuple | None) -> bool:
    return outputs is None or (isinstance(got, (tuple, list)) and len(got) == len(outputs))


def _predict(name: str, prediction: Prediction, fn: Callable, cases: list | None, recording: bool) -> int:
    value = call(fn, name, {})
    problem = prediction.problem(value)
    if problem:
        raise AssertionError(f"{name}: {problem}")
    for case in cases or []:
        if not recording and not prediction.matches(value, case["expected"]):
            raise AssertionError(f"{name}: you predicted {value!r}; the answer is "
                                 f"{case['expected']!r}. {case.get('explain', '')}".rstrip())
    return 1


# ---------------------------------------------------------------- gradients
GRAD_RTOL = 1e-6      # largest relative error against central differences
GRAD_STEP = 1e-5      # h of the central differences


def _differenced(exercise: Exercise) -> str:
    """What central differences are taken of, in the messages."""
    if exercise.upstream is None:
        return "your loss"
    return f"sum(out * {exercise.upstream}) with `out` from your forward pass"


def gradient_problem(fn: Callable, name: str, exercise: Exercise, args: dict, got: Any,
                     only: str | None = None) -> str | None:
    """Compare the gradients ``fn`` returned with central differences of its own loss (or,
    with ``exercise.upstream``, of ``sum(out * dout)``).

    Returns the ``gradient_report`` of the first gradient (or part of a dict of gradients)
    whose relative error exceeds GRAD_RTOL, else ``None``. With ``only``, just that gradient is
    compared, and when none of its parts is wrong the report of its first part is returned.
    Recording and judging make the same calls either way: every part up to the first wrong one.
    """
    from ..gradcheck import central_difference, gradient_report, relative_error

    first = None   # with ``only``: the report of its first part, when no part is wrong
    for key, label in exercise.gradients.items():
        if only is not None and label != only:
            continue
        analytic_all = got[exercise.outputs.index(label)]
        for part, point in _parts(args[key]):
            what = label if part is None else f"{label}[{part!r}]"
            try:
                numeric = central_difference(
                    _first_output_along(fn, args, key, part, scalar=exercise.upstream is None), point,
                    h=GRAD_STEP, dout=None if exercise.upstream is None else args[exercise.upstream])
            except Exception as exc:   # noqa: BLE001 - the loss fails near the checked point
                return f"{what}: central differences of your loss failed ({type(exc).__name__}: {exc})"
            try:
                analytic = np.asarray(analytic_all if part is None else analytic_all[part], dtype=np.float64)
            except (TypeError, ValueError, KeyError, IndexError):
                return f"{what}: should be an array of numbers like {key}, got {describe(analytic_all)}"
            if analytic.shape != numeric.shape or relative_error(analytic, numeric) > GRAD_RTOL:
                return gradient_report(analytic, numeric, name=what)
            if only is not None and first is None:
                first = gradient_report(analytic, numeric, name=what)
    return first


def _parts(value: Any) -> list:
    """``[(key, float array)]`` for a dict of arrays, ``[(None, float array)]`` otherwise."""
    if isinstance(value, dict):
        return [(k, np.array(v, dtype=np.float64)) for k, v in value.items()]
    return [(None, np.array(value, dtype=np.float64))]


def _first_output_along(fn: Callable, args: dict, key: str, part: Any, scalar: bool = True) -> Callable:
    """The function ``v -> fn(..., key=v, ...)[0]`` (or with ``args[key][part] = v``): a float
    (a loss) when ``scalar``, else a float array (a forward pass's ``out``)."""
    def loss(v):
        given = copy.deepcopy(args)
        if part is not None:
            given[key][part] = v.copy()
        else:
            given[key] = float(v) if np.ndim(args[key]) == 0 else v.copy()
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*given.values())
        first = np.asarray(out[0], dtype=np.float64)
        return float(first) if scalar else first
    return loss


# ---------------------------------------------------------------- lesson modules
def check_functions(lesson: str, exercises: Mapping[str, Exercise | Prediction]) -> Callable:
    """The ``__getattr__`` of a lesson module: ``check_<name>(fn, *uses)`` for every exercise.

    ``check_<name>(fn, *uses, cases=None, kind="visible")`` runs the exercise on ``cases``
    (default: the visible cases stored by the build).
    """
    def getattr_(attribute: str):
        name = attribute.removeprefix("check_")
        if not attribute.startswith("check_") or name not in exercises:
            raise AttributeError(f"no {attribute} in the checks of {lesson}")
        exercise = exercises[name]

        def check(fn, *uses, cases=None, kind="visible"):
            __tracebackhide__ = True      # IPython and pytest: show the message, not our frames
            if cases is None:
                cases = visible_cases(lesson, name, exercise)
            try:
                run(name, exercise, exercise.target(fn, *uses), cases, kind)
            except AssertionError as failure:   # a short traceback: the diagnosis is the message
                raise AssertionError(str(failure)) from None
        check.__name__ = attribute
        check.__doc__ = f"Check your `{name}`; the message says exactly what is wrong."
        return check
    return getattr_


def visible_cases(lesson: str, name: str, exercise: Exercise | Prediction) -> list | None:
    """The visible cases of ``name``, stored by the build (none for predictions and custom
    checks, which need no expected values)."""
    if isinstance(exercise, Prediction) or exercise.custom is not None:
        return None
    from .fixtures import load_cases
    return load_cases(lesson, name)


def _compare_parts(got: Any, expected: Any, outputs: tuple | None, rtol: float, atol: float):
    if outputs is None:
        return compare(got, expected, "the result", rtol, atol)
    if not isinstance(got, (tuple, list)) or len(got) != len(outputs):
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
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*copy.deepcopy(list(args.values())))
    except NotImplementedError:
        raise AssertionError(not_implemented(name)) from None
    except error as exc:
        missing = [m for m in mentions if m not in str(exc)]
        if missing:
            raise AssertionError(
                f"{call_text(name, args)} raised {error.__name__} as it should, but its message "
                f"{str(exc)!r} does not mention {', '.join(map(repr, missing))}: "
                "say which values are allowed.") from None
        return
    except Exception as exc:
        raise AssertionError(
            f"{call_text(name, args)} raised {type(exc).__name__}: {exc}; "
            f"expected {error.__name__}.") from exc
    raise AssertionError(
        f"{call_text(name, args)} returned {describe(out)} instead of raising {error.__name__}."
        + likely(mistake))


def passed(name: str, count: int, kind: str = "visible") -> None:
    """Tell the student a function passed."""
    print(f"{name}: all {count} {kind} checks passed.")
