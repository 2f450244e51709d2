"""Visible checks for lesson 03, logistic regression.

``check_<name>(fn)`` runs your function on the small inputs of :func:`visible_inputs` and
compares with the expected results stored in ``fixtures/03_logistic_regression.json``
(see ``core``).

The three functions that return a gradient are judged twice: against the expected values,
and against central differences of *your own* loss (``nnscratch.gradcheck``, h = 1e-5,
relative error at most 1e-6), which locates the wrong entries of a wrong gradient.

The loss functions at the end (``quadratic_bowl``, ``least_squares``, ``log_cosh``) are the
problems that ``gradient_descent`` is tested on: each takes a dict of parameter arrays and
returns ``(loss, grads)`` with the same keys. ``minibatch_least_squares`` and
``minibatch_log_cosh`` are the problems of ``sgd_polyak``: they also take the minibatch.
"""
from __future__ import annotations

import numpy as np

from .core import Exercise, Prediction, call_text, check_functions, describe, likely

LESSON = "03_logistic_regression"

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
        "sgd_polyak": [
            dict(loss_and_grad=minibatch_least_squares, params={"w": np.zeros(3), "b": np.array(0.0)},
                 X=X, y=np.array([1.0, -0.5, 0.0, 2.0, 0.5]), lr=0.1, n_epochs=2, batch_size=5,
                 rng=np.random.default_rng(0)),
            dict(loss_and_grad=minibatch_least_squares, params={"w": w, "b": np.array(0.5)},
                 X=X, y=np.array([1.0, -0.5, 0.0, 2.0, 0.5]), lr=0.05, n_epochs=3, batch_size=2,
                 rng=np.random.default_rng(1)),
            dict(loss_and_grad=minibatch_log_cosh, params={"w": w, "b": np.array(-1.0)},
                 X=X, y=np.array([0.0, 1.0, -1.0, 0.5, 2.0]), lr=0.3, n_epochs=2, batch_size=1,
                 rng=np.random.default_rng(2)),
            dict(loss_and_grad=minibatch_log_cosh, params={"w": np.ones(3), "b": np.array(0.0)},
                 X=X[:1], y=np.array([1.0]), lr=0.5, n_epochs=3, batch_size=4,
                 rng=np.random.default_rng(3)),
            dict(loss_and_grad=minibatch_least_squares, params={"w": w, "b": np.array(0.0)},
                 X=X, y=np.zeros(5), lr=0.1, n_epochs=0, batch_size=2, rng=np.random.default_rng(4)),
        ],
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


# ---------------------------------------------------------------- how each function is judged
_WARNING_HINTS = {
    "overflow encountered": {
        "softmax": "exp of a large logit overflows: no exponent may be positive. Softmax is "
                   "shift-invariant, so a shift of each row changes nothing (Section 3)",
        "softmax_cross_entropy": "exp of a large logit overflows (here or in the softmax this "
                                 "function calls): no exponent may be positive, and the loss must "
                                 "come from the logits, with a stable log-sum-exp",
        "softmax_regression_loss_and_grad": "exp of a large score overflows. Reuse your stable "
                                            "softmax_cross_entropy on the scores",
        "logistic_loss_and_grad": "exp overflows for scores far from 0. Write the loss as a "
                                  "function of the scores (np.logaddexp computes a softplus "
                                  "safely) and use the overflow-free sigmoid given in the cell",
    },
    "encountered in log": {
        "softmax_cross_entropy": "the log of a probability that rounded to 0. log(softmax(S)) "
                                 "cannot be computed safely; compute the loss from the logits "
                                 "with a stable log-sum-exp",
        "logistic_loss_and_grad": "the log of a sigmoid that rounded to 0 or 1. Never take the log "
                                  "of a probability: write log sigmoid(s) and log(1 - sigmoid(s)) "
                                  "as functions of s",
    },
    "invalid value encountered": {
        "softmax": "a row whose exponentials all underflowed to 0 gives 0/0: the shift was the "
                   "maximum of the whole array, but each row needs its own maximum",
        "softmax_cross_entropy": "a row whose exponentials all underflowed to 0 gives 0/0 or "
                                 "log(0): the shift was the maximum of the whole array, but each "
                                 "row needs its own maximum",
    },
}


_EXTRA_HINTS = {
    "modified its input `params` in place": (
        "the caller's parameters were changed: copy params before updating, and build new arrays "
        "at every step instead of updating them in place"),
    "could not be broadcast": ("a sum or max over axis=1 lost that axis; use keepdims=True "
                               "(or [:, None]) so it broadcasts against the rows"),
}


def _phrases(name: str) -> dict:
    """The likely mistakes to name for ``name``, by a phrase of the failure."""
    hints = {pattern: by_name[name] for pattern, by_name in _WARNING_HINTS.items() if name in by_name}
    return {**hints, **_EXTRA_HINTS}


GRAD_MAX_SCORE = 30.0  # cases with larger scores test stability, not the gradient check


def _moderate_scores(args: dict) -> bool:
    """Central differences are checked where the scores are moderate (not the 1e4 cases)."""
    if "S" in args:
        scores = np.asarray(args["S"], dtype=float)
    else:
        weights = args["w"] if "w" in args else args["W"]
        scores = np.asarray(args["X"], dtype=float) @ np.asarray(weights, dtype=float) + args["b"]
    return bool(np.isfinite(scores).all() and np.max(np.abs(scores), initial=0.0) <= GRAD_MAX_SCORE)


def _dtype_check(name: str, family, requirement: str, mistake: str = ""):
    """An ``after`` hook: the values are right, but the array must be of dtype ``family``."""
    def after(got, args):
        dtype = getattr(got, "dtype", None)
        if dtype is None or not np.issubdtype(dtype, family):
            kind = f"dtype {dtype}" if dtype is not None else f"a {type(got).__name__}"
            raise AssertionError(f"{call_text(name, args)} returned {describe(got)}: "
                                 f"{requirement}, got {kind}." + likely(mistake))
    return after


_float_array = _dtype_check(
    "one_hot", np.floating, "the values are right, but one_hot must return a float array (dtype "
    "float64)", "integers; build the array with np.zeros((N, K)) (float by default) or convert "
    "with .astype(float)")
_integer_labels = _dtype_check(
    "predict", np.integer, "the labels are right, but they must be an integer array (np.argmax "
    "returns int64)")


def _exercise(name: str, **options) -> Exercise:
    """Every exercise of this lesson forbids warnings and names this lesson's mistakes."""
    return Exercise(forbid_warnings=True, phrases=_phrases(name), **options)


EXERCISES = {
    "softmax": _exercise("softmax", hints=(
        "Exponentiate, then divide every row by its own sum.",
        "exp(1e4) overflows. Softmax does not change when the same number is subtracted from a "
        "whole row: choose that number so the largest exponent is 0.",
        "Keep the reduced axis (keepdims=True) so that row maxima and row sums broadcast against "
        "the (N, K) array.")),
    "one_hot": _exercise("one_hot", after=_float_array, hints=(
        "Start from an (N, K) array of zeros and put a single 1.0 in every row.",
        "Row i gets its 1.0 in column y[i]: fancy indexing with two index arrays sets all N "
        "entries at once.")),
    "cross_entropy": _exercise("cross_entropy", hints=(
        "Only the probability of the true class matters in each row.",
        "Pick one entry per row with P[np.arange(N), y], then average minus its log.")),
    "softmax_cross_entropy": _exercise("softmax_cross_entropy", outputs=("loss", "dS"),
                                       gradients={"S": "dS"}, gradient_when=_moderate_scores, hints=(
        "Write the loss of one row from the scores, without computing probabilities first: "
        "-log of a softmax is a log-sum-exp minus one score.",
        "Log-sum-exp is stable after subtracting the row maximum m: log sum exp(s) = m + log sum "
        "exp(s - m).",
        "For the gradient, differentiate one row's loss with respect to every score s_k: two "
        "terms, one from the log-sum-exp and one from -s_c. Do not forget the 1/N of the mean.")),
    "logistic_loss_and_grad": _exercise("logistic_loss_and_grad", outputs=("loss", "dw", "db"),
                                        gradients={"w": "dw", "b": "db"},
                                        gradient_when=_moderate_scores, hints=(
        "Compute the scores s = X w + b; one sample's loss is a function of its s and y only. Write "
        "log sigmoid(s) and log(1 - sigmoid(s)) as functions of s.",
        "Both logs involve the softplus log(1 + e^s), which np.logaddexp(0, s) computes without "
        "overflow; the loss is its mean minus a term linear in s. Never take the log of a sigmoid.",
        "Differentiate one sample's loss with respect to s: it simplifies to the difference of two "
        "numbers, using the `sigmoid` given at the top of the answer cell.",
        "With d = dL/ds for the whole batch (mind the 1/N of the mean), the chain rule through "
        "s = X w + b gives dw as a product of X transposed with d, and db as a sum.")),
    "softmax_regression_loss_and_grad": _exercise(
        "softmax_regression_loss_and_grad", outputs=("loss", "dW", "db"),
        gradients={"W": "dW", "b": "db"}, gradient_when=_moderate_scores, hints=(
            "Compute the scores S = X W + b and reuse your softmax_cross_entropy for the loss and "
            "dL/dS.",
            "Each W[d, k] influences the scores S[i, k] of every sample i, through X[i, d].",
            "Check the shapes: dW must be (D, K) and is built from X (N, D) and dS (N, K); db "
            "collects dS over the batch.")),
    "predict": _exercise("predict", after=_integer_labels, hints=(
        "The softmax keeps the order of the scores, so you do not need it.",
        "np.argmax along the class axis gives the predicted labels as integers.")),
    "accuracy": _exercise("accuracy", hints=(
        "Compare the two label arrays elementwise.",
        "The mean of a boolean array is the fraction of True entries; return a float.")),
    "sgd_polyak": _exercise("sgd_polyak", outputs=("params", "average", "losses"), hints=(
        "Two loops: epochs, and the minibatches of an epoch. At the start of each epoch draw the "
        "order with rng.permutation(N); the minibatches are consecutive slices of that order.",
        "Slices starting at 0, batch_size, 2 batch_size, ... up to N keep the last, shorter "
        "minibatch. Index X and y with the same slice of the order.",
        "Copy the parameters first and build new arrays at every step, as in gradient_descent. "
        "Start the average at the copied starting point.",
        "After the n-th update, the mean of n + 1 iterates is the previous mean moved towards the "
        "new iterate by 1/(n + 1) of the gap between them.")),
    "stepsize_prediction": Prediction(choices=("a", "b", "c", "d"), hints=(
        "One step of gradient descent on x^2 multiplies x by a fixed factor. Which one, for a step "
        "size lr?",
        "x is multiplied by (1 - 2 lr) at every step. For which lr is |1 - 2 lr| larger than 1?")),
    "separable_prediction": Prediction(choices=("a", "b", "c"), hints=(
        "Take a W that classifies every training image correctly. What happens to the loss of "
        "2 W, 10 W, 1000 W?",
        "Does any finite W have loss exactly 0? If not, can gradient descent ever stop improving "
        "by making W longer?")),
    "gradient_descent": _exercise("gradient_descent", outputs=("params", "losses"), hints=(
        "Loop n_steps times: evaluate loss_and_grad at the current parameters, record the loss, "
        "then step every parameter against its gradient.",
        "Do not modify the caller's dict or arrays: copy them at the start and build new arrays "
        "at every step.",
        "The list of losses has one entry per step, each taken before its update.")),
}

__getattr__ = check_functions(LESSON, EXERCISES)


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


def minibatch_least_squares(params, Xb, yb):
    """``0.5 * mean((Xb w + b - yb)**2)`` on a minibatch; ``params`` holds ``"w"`` (D,), ``"b"`` ()."""
    r = np.asarray(Xb, dtype=float) @ params["w"] + params["b"] - np.asarray(yb, dtype=float)
    n = len(r)
    return 0.5 * float(np.mean(r * r)), {"w": np.asarray(Xb, dtype=float).T @ r / n, "b": np.sum(r) / n}


def minibatch_log_cosh(params, Xb, yb):
    """``mean(log cosh(Xb w + b - yb))`` on a minibatch, a robust regression loss."""
    Xb = np.asarray(Xb, dtype=float)
    r = Xb @ params["w"] + params["b"] - np.asarray(yb, dtype=float)
    n = len(r)
    value = np.mean(np.logaddexp(r, -r) - np.log(2.0))
    return float(value), {"w": Xb.T @ np.tanh(r) / n, "b": np.sum(np.tanh(r)) / n}
