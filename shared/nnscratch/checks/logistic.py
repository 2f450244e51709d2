"""Visible checks for lesson 03, logistic regression.

Each ``check_<name>(fn)`` runs your function on the small inputs listed in
:func:`visible_inputs` and compares with the expected results stored in
``fixtures/03_logistic_regression.json``. When grading, the same checks run again on fresh
random inputs (``cases`` and ``kind`` are then filled in by the autograder).

The three functions that return a gradient are judged twice: against the expected values,
and against central differences of *your own* loss (``nnscratch.gradcheck``, h = 1e-5,
relative error at most 1e-6), which locates the wrong entries of a wrong gradient.

The loss functions at the end (``quadratic_bowl``, ``least_squares``, ``log_cosh``) are the
problems that ``gradient_descent`` is tested on: each takes a dict of parameter arrays and
returns ``(loss, grads)`` with the same keys.
"""
from __future__ import annotations

import copy
import warnings

import numpy as np

from ..gradcheck import central_difference, gradient_report
from .core import RECORD_ONLY, call, call_text, check_cases, compare, describe, diagnose, passed
from .fixtures import load_cases

LESSON = "03_logistic_regression"

# Captured at import time, like in ``core``: a notebook that rebinds names in `np` cannot
# change a verdict.
_asarray, _float64, _abs, _max, _isfinite = np.asarray, np.float64, np.abs, np.max, np.isfinite
_issubdtype, _floating, _integer, _ndim = np.issubdtype, np.floating, np.integer, np.ndim
_errstate, _AssertionError = np.errstate, AssertionError

GRAD_RTOL = 1e-6      # largest relative error against central differences
GRAD_STEP = 1e-5      # h of the central differences
GRAD_MAX_SCORE = 30.0  # cases with larger scores test stability, not the gradient check


# ---------------------------------------------------------------- the visible inputs
def visible_inputs() -> dict:
    """The arguments of every visible check, by function name (in signature order)."""
    S = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]])
    S_one = np.array([[0.5, -1.5, 2.0, 0.0]])
    S_huge = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4 + 1.0, -1e4 + 2.0]])
    S_wide = np.array([[0.3, -0.2, 1.7, 0.0, -2.1], [2.2, 0.4, -0.6, 1.0, 0.1],
                       [-0.9, -0.9, 0.3, 1.2, 0.8]])
    P = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5], [0.05, 0.15, 0.8]])
    X = np.array([[1.0, 2.0, -1.0], [0.5, -1.0, 2.0], [-1.5, 0.0, 1.0],
                  [2.0, 1.0, 0.5], [0.0, -2.0, -1.0]])
    y01 = np.array([1, 0, 0, 1, 1])
    w = np.array([0.5, -0.25, 0.75])
    W = np.array([[0.2, -0.5, 0.1, 0.4], [-0.3, 0.8, 0.0, -0.1], [0.5, 0.1, -0.7, 0.3]])
    bK = np.array([0.1, -0.2, 0.3, 0.0])
    yK = np.array([0, 3, 1, 1, 2])
    return {
        "softmax": [dict(S=S), dict(S=S_one), dict(S=S_huge), dict(S=S_wide)],
        "one_hot": [dict(y=np.array([0, 2, 1, 2]), K=3), dict(y=np.array([1]), K=4),
                    dict(y=np.array([3, 0, 0, 1, 4]), K=5)],
        "cross_entropy": [dict(P=np.array([[0.1, 0.8, 0.1]]), y=np.array([1])),
                          dict(P=P, y=np.array([0, 2, 2, 1])),
                          dict(P=P[:2, :2] / P[:2, :2].sum(axis=1, keepdims=True), y=np.array([1, 1]))],
        "softmax_cross_entropy": [dict(S=S_wide, y=np.array([2, 0, 4])),
                                  dict(S=S_one, y=np.array([3])),
                                  dict(S=np.zeros((2, 3)), y=np.array([0, 2])),
                                  dict(S=S_huge, y=np.array([2, 0]))],
        "logistic_loss_and_grad": [dict(X=X, y=y01, w=w, b=0.2),
                                   dict(X=X[:1], y=y01[:1], w=w, b=-1.0),
                                   dict(X=X, y=y01.astype(float), w=np.zeros(3), b=0.0),
                                   dict(X=X * 1e3, y=y01, w=w, b=0.0)],
        "softmax_regression_loss_and_grad": [dict(X=X, y=yK, W=W, b=bK),
                                             dict(X=X[2:3], y=yK[2:3], W=W, b=bK),
                                             dict(X=X, y=yK, W=np.zeros((3, 4)), b=np.zeros(4)),
                                             dict(X=X * 1e4, y=yK, W=W, b=bK)],
        "predict": [dict(X=X, W=W, b=np.array([0.0, 0.0, 2.0, 0.0])),
                    dict(X=X, W=W, b=bK),
                    dict(X=X[:1], W=W, b=bK),
                    dict(X=X, W=np.zeros((3, 4)), b=np.array([1.0, 3.0, 3.0, 0.0]))],
        "accuracy": [dict(y_pred=np.array([0, 2, 1, 1, 0]), y=np.array([0, 2, 2, 1, 1])),
                     dict(y_pred=np.array([3, 1, 2]), y=np.array([3, 1, 2])),
                     dict(y_pred=np.array([1]), y=np.array([0]))],
        "gradient_descent": [
            dict(loss_and_grad=quadratic_bowl, params={"w": np.array([3.0, 1.0])}, lr=0.05, n_steps=8),
            dict(loss_and_grad=least_squares,
                 params={"W": np.array([[0.5, -0.5], [0.0, 1.0]]), "b": np.array([0.0, 0.5])},
                 lr=0.1, n_steps=5),
            dict(loss_and_grad=log_cosh, params={"U": np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]]),
                                                 "c": np.array(2.0)}, lr=0.5, n_steps=4),
            dict(loss_and_grad=quadratic_bowl, params={"w": np.array([1.0, 1.0])}, lr=0.25, n_steps=6),
            dict(loss_and_grad=quadratic_bowl, params={"w": np.array([1.0, -1.0])}, lr=0.1, n_steps=0),
        ],
    }


# ---------------------------------------------------------------- calling with better hints
_WARNING_HINTS = {
    "overflow encountered": {
        "softmax": "exp of a large logit overflows. Subtract each row's maximum before np.exp "
                   "(softmax is shift-invariant, so the result does not change)",
        "softmax_cross_entropy": "exp of a large logit overflows (here or in the softmax this "
                                 "function calls). Subtract each row's maximum before np.exp, and "
                                 "compute the loss with log-sum-exp",
        "softmax_regression_loss_and_grad": "exp of a large score overflows. Reuse your stable "
                                            "softmax_cross_entropy on S = X @ W + b",
        "logistic_loss_and_grad": "exp(-s) overflows for large negative scores. Compute the loss "
                                  "as mean(np.logaddexp(0, s) - y * s) and the sigmoid from "
                                  "e = exp(-|s|), choosing 1/(1+e) or e/(1+e) by the sign of s",
    },
    "encountered in log": {
        "softmax_cross_entropy": "the log of a probability that rounded to 0. Compute the loss "
                                 "from the logits with log-sum-exp: log sum_j exp(s_j) - s_y, after "
                                 "subtracting each row's maximum, never log(softmax(S))",
        "logistic_loss_and_grad": "the log of a sigmoid that rounded to 0 or 1. Compute the loss "
                                  "from the scores: mean(np.logaddexp(0, s) - y * s)",
    },
    "invalid value encountered": {
        "softmax": "a row whose exponentials all underflowed to 0 gives 0/0. Subtract each row's "
                   "own maximum (np.max(S, axis=1, keepdims=True)), not the maximum of the whole "
                   "array",
        "softmax_cross_entropy": "a row whose exponentials all underflowed to 0 gives 0/0 or "
                                 "log(0). Subtract each row's own maximum, not the maximum of the "
                                 "whole array",
    },
}


_EXTRA_HINTS = {
    "modified its input `params` in place": (
        "gradient_descent changed the caller's parameters. Copy first, params = "
        "{k: np.array(v, dtype=float) for k, v in params.items()}, then build new arrays "
        "each step with {k: params[k] - lr * grads[k] for k in params}"),
    "could not be broadcast": ("a sum or max over axis=1 lost that axis; use keepdims=True "
                               "(or [:, None]) so it broadcasts against the rows"),
}


def _hints(name: str) -> dict:
    """The likely mistakes to name for ``name``, by a phrase of the failure."""
    hints = {pattern: by_name[name] for pattern, by_name in _WARNING_HINTS.items() if name in by_name}
    return {**hints, **_EXTRA_HINTS}


def _call(fn, name: str, args: dict):
    """``core.call`` with warnings forbidden and the hints of this lesson."""
    return call(fn, name, args, forbid_warnings=True, hints=_hints(name))


def _fail(name: str, args: dict, problem: str, got, expected, mistakes) -> None:
    message = f"{call_text(name, args)}: {problem}"
    mistake = diagnose(got, expected, mistakes)
    if mistake:
        message += f"\n  Likely mistake: {mistake}."
    raise _AssertionError(message)


def _recording(case: dict) -> bool:
    """Grading mode (``nnscratch.checks.record``): call the function, judge nothing."""
    return isinstance(case["expected"], str) and case["expected"] == RECORD_ONLY


def _run(fn, name: str, cases, kind: str, after=None, outputs=None) -> None:
    """``core.check_cases`` with this lesson's hints; ``after(got, args)`` adds a check."""
    if cases is None:
        cases = load_cases(LESSON, name)
    passed(name, check_cases(fn, name, cases, outputs=outputs, after=after, forbid_warnings=True,
                             hints=_hints(name)), kind)


# ---------------------------------------------------------------- gradients
def _loss_of(fn, args: dict, key: str):
    """The scalar function ``v -> fn(..., key=v, ...)[0]`` for central differences."""
    scalar = _ndim(args[key]) == 0

    def loss(v):
        given = {k: copy.deepcopy(a) for k, a in args.items()}
        given[key] = float(v) if scalar else v.copy()
        with warnings.catch_warnings(), _errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*given.values())
        return float(_asarray(out[0], dtype=_float64))
    return loss


def _scores(name: str, args: dict):
    if name == "softmax_cross_entropy":
        return _asarray(args["S"], dtype=_float64)
    weights = args["w"] if name == "logistic_loss_and_grad" else args["W"]
    return _asarray(args["X"], dtype=_float64) @ _asarray(weights, dtype=_float64) + args["b"]


def _relative_error(a, b) -> float:
    scale = max(float(_max(_abs(a), initial=0.0)), float(_max(_abs(b), initial=0.0)), 1e-12)
    return float(_max(_abs(a - b), initial=0.0)) / scale


def _gradient_problem(fn, name: str, args: dict, got, wrt: dict, only=None) -> str | None:
    """Compare the returned gradients with central differences of the student's own loss.

    ``wrt`` maps an argument name to (position in the result, gradient name). Returns the
    ``gradient_report`` of the first gradient whose relative error exceeds GRAD_RTOL (or of
    ``only``, when given), else ``None``.
    """
    for key, (index, label) in wrt.items():
        if only is not None and label != only:
            continue
        try:
            numeric = central_difference(_loss_of(fn, args, key),
                                         _asarray(args[key], dtype=_float64).copy(), h=GRAD_STEP)
        except Exception as exc:   # the student's loss fails away from the checked point
            return f"{label}: central differences of your loss failed ({type(exc).__name__}: {exc})"
        try:
            analytic = _asarray(got[index], dtype=_float64)
        except (TypeError, ValueError):
            return f"{label}: should be an array of numbers, got {describe(got[index])}"
        if analytic.shape != numeric.shape or not _isfinite(analytic).all() \
                or _relative_error(analytic, numeric) > GRAD_RTOL or only is not None:
            return gradient_report(analytic, numeric, name=label)
    return None


def _run_gradient(fn, name: str, cases, kind: str, outputs: tuple, wrt: dict) -> None:
    """Judge a ``(loss, grad, ...)`` function: against the reference, then against central
    differences of its own loss (on the cases with moderate scores)."""
    if cases is None:
        cases = load_cases(LESSON, name)
    for case in cases:
        args, expected, mistakes = case["args"], case["expected"], case.get("mistakes", [])
        got = _call(fn, name, args)
        well_formed = isinstance(got, (tuple, list)) and len(got) == len(outputs)
        checkable = bool(_isfinite(_scores(name, args)).all()
                         and _max(_abs(_scores(name, args)), initial=0.0) <= GRAD_MAX_SCORE)
        if _recording(case):
            # Make every call that judging this case may need (central differences of each
            # gradient), so that the grader can replay them.
            if well_formed and checkable:
                for key, (index, label) in wrt.items():
                    try:
                        _gradient_problem(fn, name, args, got, {key: (index, label)}, only=label)
                    except Exception:   # noqa: BLE001 - judged when replayed
                        pass
            continue
        if not well_formed:
            _fail(name, args, f"expected a tuple ({', '.join(outputs)}), got {describe(got)}",
                  got, expected, mistakes)
        for value, want, label in zip(got, expected, outputs):
            problem = compare(value, want, label)
            if not problem:
                continue
            text = f"{call_text(name, args)}: {problem}"
            mistake = diagnose(tuple(got), expected, mistakes)
            if mistake:
                text += f"\n  Likely mistake: {mistake}."
            loss_ok = compare(got[0], expected[0], "loss") is None
            if label != outputs[0] and loss_ok and checkable:
                report = _gradient_problem(fn, name, args, got, wrt, only=label)
                text += ("\n  Central differences of your (correct) loss, h = 1e-5, show where:\n    "
                         + report.replace("\n", "\n    "))
            raise _AssertionError(text)
        if checkable:
            report = _gradient_problem(fn, name, args, got, wrt)
            if report:
                raise _AssertionError(
                    f"{call_text(name, args)}: the gradient disagrees with central differences of "
                    f"your loss (h = 1e-5, relative error above {GRAD_RTOL:g}):\n    "
                    + report.replace("\n", "\n    "))
    passed(name, len(cases), kind)


# ---------------------------------------------------------------- the checks
def check_softmax(softmax, cases=None, kind="visible"):
    """``softmax(S)``: every row sums to 1, and no overflow warning for logits of size 1e4."""
    _run(softmax, "softmax", cases, kind)


def _dtype_check(name: str, family, requirement: str, hint: str = ""):
    """An ``after`` hook: the values are right, but the array must be of dtype ``family``."""
    def after(got, args):
        dtype = getattr(got, "dtype", None)
        if dtype is None or not _issubdtype(dtype, family):
            kind = f"dtype {dtype}" if dtype is not None else f"a {type(got).__name__}"
            raise _AssertionError(f"{call_text(name, args)} returned {describe(got)}: "
                                  f"{requirement}, got {kind}.{hint}")
    return after


_float_array = _dtype_check(
    "one_hot", _floating, "the values are right, but one_hot must return a float array (dtype "
    "float64)", "\n  Likely mistake: integers; build the array with np.zeros((N, K)) (float by "
    "default) or convert with .astype(float).")
_integer_labels = _dtype_check(
    "predict", _integer, "the labels are right, but they must be an integer array (np.argmax "
    "returns int64)")


def check_one_hot(one_hot, cases=None, kind="visible"):
    """``one_hot(y, K)``: shape ``(N, K)``, floats, a single 1.0 per row, in column ``y[i]``."""
    _run(one_hot, "one_hot", cases, kind, after=_float_array)


def check_cross_entropy(cross_entropy, cases=None, kind="visible"):
    """``cross_entropy(P, y)``: the mean over the rows of ``-log P[i, y[i]]``."""
    _run(cross_entropy, "cross_entropy", cases, kind)


def check_softmax_cross_entropy(softmax_cross_entropy, cases=None, kind="visible"):
    """``(loss, dS)`` from the logits, stable for logits of size 1e4; ``dS`` also checked by
    central differences."""
    _run_gradient(softmax_cross_entropy, "softmax_cross_entropy", cases, kind,
                  outputs=("loss", "dS"), wrt={"S": (1, "dS")})


def check_logistic_loss_and_grad(logistic_loss_and_grad, cases=None, kind="visible"):
    """``(loss, dw, db)``: mean binary cross-entropy, no warning for huge scores; gradients
    also checked by central differences."""
    _run_gradient(logistic_loss_and_grad, "logistic_loss_and_grad", cases, kind,
                  outputs=("loss", "dw", "db"), wrt={"w": (1, "dw"), "b": (2, "db")})


def check_softmax_regression_loss_and_grad(softmax_regression_loss_and_grad, cases=None,
                                           kind="visible"):
    """``(loss, dW, db)`` of softmax regression; gradients also checked by central differences."""
    _run_gradient(softmax_regression_loss_and_grad, "softmax_regression_loss_and_grad", cases,
                  kind, outputs=("loss", "dW", "db"), wrt={"W": (1, "dW"), "b": (2, "db")})


def check_predict(predict, cases=None, kind="visible"):
    """``predict(X, W, b)``: the index of the largest score of every row, as integers."""
    _run(predict, "predict", cases, kind, after=_integer_labels)


def check_accuracy(accuracy, cases=None, kind="visible"):
    """``accuracy(y_pred, y)``: the fraction of correct predictions, in [0, 1]."""
    _run(accuracy, "accuracy", cases, kind)


def check_gradient_descent(gradient_descent, cases=None, kind="visible"):
    """``gradient_descent(loss_and_grad, params, lr, n_steps)`` -> ``(params, losses)``.

    The loss functions are the ones below. Your function must leave the caller's dict and
    arrays untouched and record the loss *before* each update.
    """
    _run(gradient_descent, "gradient_descent", cases, kind, outputs=("params", "losses"))


# ---------------------------------------------------------------- problems for gradient_descent
_BOWL_A = np.array([1.0, 4.0])
_BOWL_C = np.array([1.0, -2.0])


def quadratic_bowl(params):
    """``0.5 * sum(a * (w - c)**2)`` with ``a = [1, 4]``, ``c = [1, -2]``: minimum 0 at ``w = c``.

    ``params`` holds ``"w"`` of shape (2,); the gradient is ``a * (w - c)``, the curvature
    ``L = 4``, so gradient descent converges for ``0 < lr < 0.5``.
    """
    d = params["w"] - _BOWL_C
    return 0.5 * float(np.sum(_BOWL_A * d * d)), {"w": _BOWL_A * d}


_LS_X = np.array([[1.0, 0.0], [0.5, 1.0], [-1.0, 2.0], [0.0, -1.0]])
_LS_T = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, -1.0], [-1.0, 0.5]])


def least_squares(params):
    """``0.5 / N * ||X W + b - T||^2`` for a fixed ``X`` of shape (4, 2) and ``T`` (4, 2).

    ``params`` holds ``"W"`` (2, 2) and ``"b"`` (2,).
    """
    R = _LS_X @ params["W"] + params["b"] - _LS_T
    n = len(_LS_X)
    return 0.5 * float(np.sum(R * R)) / n, {"W": _LS_X.T @ R / n, "b": np.sum(R, axis=0) / n}


def log_cosh(params):
    """``sum(log cosh(U)) + log cosh(c - 1)``, a smooth convex loss that is not quadratic.

    ``params`` holds ``"U"`` (any shape) and ``"c"`` (a 0-d array); gradients are ``tanh``.
    """
    U, c = params["U"], params["c"]
    value = np.sum(np.logaddexp(U, -U) - np.log(2.0)) + np.logaddexp(c - 1.0, 1.0 - c) - np.log(2.0)
    return float(value), {"U": np.tanh(U), "c": np.tanh(c - 1.0)}
