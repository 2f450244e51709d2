"""Visible checks for lesson 05, stochastic gradient descent and optimizers.

What is judged:

* ``iterate_minibatches``: the whole epoch it yields (every batch, in order), collected
  into a tuple of ``(Xb, yb)`` pairs, with the generator ``rng`` in a fixed state;
* the four schedules: the learning rate at chosen steps, the boundaries included;
* every optimizer step: one step from given state, and also **trajectories**: when the
  gradient argument is a *list* of k gradients (of ``grad_fn`` functions for Nesterov), the
  check calls your step k times in a row, feeding back the parameters and state it returns
  (and ``t + 1`` for Adam and AdamW), and compares the results of every step, stacked:
  index 0 is the state after the first step (see :func:`run_steps`);
* ``xavier_init`` and ``he_init``: the matrix drawn from a generator in a fixed state;
* ``train_adam``: the loss of every update and the final parameters on small regression
  problems (the ``loss_and_grad`` functions at the end of this module);
* the predictions: recorded here, judged when grading.

No input may be modified in place, and nothing may be drawn from ``rng`` beyond what the
docstrings say.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .core import ATOL, RTOL, Exercise, Prediction, check_functions

LESSON = "05_optimizers"


# ---------------------------------------------------------------- running a step k times
def run_steps(step, n_state: int, counts_t: bool = False):
    """The function the optimizer checks call: ``step`` itself for a single step, or ``step``
    applied k times when its gradient argument (the second one) is a list of k gradients.

    ``step(w, g, *state, *rest)`` returns ``w`` (when ``n_state == 0``) or the tuple
    ``(w, *state)``. Over k steps each call receives the parameters and the state returned
    by the previous one, the next gradient of the list, and (``counts_t``) ``t + 1``; the
    results of all k steps are stacked along a new first axis.
    """
    def run(w, grads, *rest):
        if not isinstance(grads, list):
            return step(w, grads, *rest)
        state, rest = list(rest[:n_state]), list(rest[n_state:])
        history = []
        for g in grads:
            out = step(w, g, *state, *rest)
            parts = (out,) if n_state == 0 else out
            if not isinstance(parts, (tuple, list)) or len(parts) != n_state + 1:
                return out                    # judged (and explained) as a malformed result
            w, state = parts[0], list(parts[1:])
            history.append(parts)
            if counts_t:
                rest[0] = rest[0] + 1
        try:
            stacked = tuple(np.stack([np.asarray(h[j], dtype=np.float64) for h in history])
                            for j in range(n_state + 1))
        except (TypeError, ValueError):
            return history[0] if n_state else history[0][0]
        return stacked[0] if n_state == 0 else stacked
    run.__name__ = getattr(step, "__name__", "step")
    return run


def _first_wrong_step(got, expected, args) -> str | None:
    """For a trajectory case: which step went wrong first, and how the case works."""
    grads = list(args.values())[1]
    if not isinstance(grads, list):
        return None
    k = len(grads)
    parts_got = got if isinstance(got, tuple) else (got,)
    parts_exp = expected if isinstance(expected, tuple) else (expected,)
    first = None
    try:
        for g, e in zip(parts_got, parts_exp):
            g, e = np.asarray(g, dtype=np.float64), np.asarray(e, dtype=np.float64)
            if g.shape != e.shape:
                continue
            bad = ~np.isclose(g, e, rtol=RTOL, atol=ATOL, equal_nan=True)
            rows = np.flatnonzero(bad.reshape(k, -1).any(axis=1))
            if rows.size:
                first = int(rows[0]) if first is None else min(first, int(rows[0]))
    except (TypeError, ValueError):
        pass
    where = f" The first wrong step is step {first + 1}." if first is not None else ""
    return (f"This case runs {k} steps in a row: the gradient argument is a list of {k}, and each "
            "call gets the parameters and state returned by the previous one (and t + 1 for Adam); "
            f"the results are stacked, index 0 being after the first step.{where} A first step "
            "that is right and a later one that is wrong points at the state you return.")


@dataclass(frozen=True)
class Steps(Exercise):
    """An optimizer step, judged on single steps and on trajectories (:func:`run_steps`)."""
    n_state: int = 1
    counts_t: bool = False

    def target(self, fn, *uses):
        return run_steps(fn, self.n_state, self.counts_t)


def _epoch(iterate):
    """``iterate_minibatches`` seen as a function returning its whole epoch as a tuple."""
    def epoch(X, y, batch_size, rng=None):
        batches = []
        for batch in iterate(X, y, batch_size, rng):
            if len(batches) > len(X) + 1:
                raise AssertionError("iterate_minibatches yields more batches than there are samples: "
                                     "does your loop stop at the end of the epoch?")
            batches.append(tuple(batch) if isinstance(batch, (tuple, list)) else batch)
        return tuple(batches)
    epoch.__name__ = getattr(iterate, "__name__", "iterate_minibatches")
    return epoch


@dataclass(frozen=True)
class Epoch(Exercise):
    """``iterate_minibatches``, judged on the whole epoch it yields."""

    def target(self, fn, *uses):
        return _epoch(fn)


def _explain_epoch(got, expected, args):
    if isinstance(got, tuple) and isinstance(expected, tuple) and len(got) != len(expected):
        return (f"An epoch of N = {len(args['X'])} samples in batches of {args['batch_size']} has "
                f"{len(expected)} batches (the last one smaller when batch_size does not divide N); "
                f"yours yielded {len(got)}.")
    return None


# ---------------------------------------------------------------- the visible inputs
def visible_inputs() -> dict:
    """The arguments of every visible check, by function name (in signature order)."""
    X7 = np.arange(14, dtype=float).reshape(7, 2)
    y7 = np.array([0, 1, 2, 0, 1, 2, 0])
    X5 = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5], [-2.0, 1.0, 1.0], [0.0, 3.0, -1.0], [1.0, 1.0, 1.0]])
    y5 = np.array([[1.0], [0.0], [-1.0], [2.0], [0.5]])
    w = np.array([1.0, -2.0, 0.5])
    g = np.array([0.2, 0.4, -1.0])
    W = np.array([[0.5, -0.5], [1.0, 2.0], [0.0, -1.0]])
    G = np.array([[0.1, -0.3], [2.0, 0.0], [-0.5, 0.25]])
    gs = [g, np.array([-0.1, 0.3, 0.5]), np.array([0.05, -0.2, -0.4]), np.array([0.3, 0.3, 0.3])]
    tiny = np.array([1e-9, -3e-9, 2e-8])
    zeros, Z = np.zeros(3), np.zeros((3, 2))
    return {
        "iterate_minibatches": [
            dict(X=X7, y=y7, batch_size=3, rng=None),
            dict(X=X7, y=y7, batch_size=2, rng=np.random.default_rng(0)),
            dict(X=X5, y=y5, batch_size=5, rng=np.random.default_rng(1)),
            dict(X=X5, y=y5, batch_size=1, rng=np.random.default_rng(2)),
            dict(X=X7[:1], y=y7[:1], batch_size=4, rng=np.random.default_rng(3)),
        ],
        "inverse_time_decay": [dict(lr0=0.1, r=0.5, t=0), dict(lr0=0.1, r=0.5, t=1),
                               dict(lr0=0.2, r=0.1, t=30), dict(lr0=1.0, r=0.0, t=5)],
        "exponential_decay": [dict(lr0=0.1, lam=0.15, t=0), dict(lr0=0.1, lam=0.15, t=1),
                              dict(lr0=0.1, lam=0.15, t=10), dict(lr0=2.0, lam=0.5, t=3)],
        "step_decay": [dict(lr0=0.1, r=0.5, t_u=10, t=0), dict(lr0=0.1, r=0.5, t_u=10, t=3),
                       dict(lr0=0.1, r=0.5, t_u=10, t=9),
                       dict(lr0=0.1, r=0.5, t_u=10, t=10), dict(lr0=0.1, r=0.5, t_u=10, t=25),
                       dict(lr0=1.0, r=0.1, t_u=1, t=3)],
        "linear_decay": [dict(lr0=0.1, lr_tau=0.01, tau=40, t=0), dict(lr0=0.1, lr_tau=0.01, tau=40, t=10),
                         dict(lr0=0.1, lr_tau=0.01, tau=40, t=39), dict(lr0=0.1, lr_tau=0.01, tau=40, t=40),
                         dict(lr0=0.1, lr_tau=0.01, tau=40, t=100)],
        "sgd_step": [dict(w=w, dw=g, lr=0.1), dict(w=W, dw=G, lr=0.5),
                     dict(w=np.array([3.0]), dw=np.array([-2.0]), lr=1.0),
                     dict(w=w, dw=gs[:3], lr=0.1)],
        "momentum_step": [dict(w=w, dw=g, v=zeros, lr=0.1, rho=0.9),
                          dict(w=w, dw=g, v=np.array([1.0, -1.0, 0.5]), lr=0.1, rho=0.5),
                          dict(w=W, dw=G, v=0.5 * G, lr=0.2),
                          dict(w=w, dw=gs, v=zeros, lr=0.5, rho=0.9)],
        "nesterov_step": [dict(w=w, grad_fn=cubic_gradient, v=zeros, lr=0.1, rho=0.9),
                          dict(w=w, grad_fn=cubic_gradient, v=np.array([1.0, -1.0, 0.5]), lr=0.1, rho=0.9),
                          dict(w=W, grad_fn=bowl_gradient, v=0.5 * G, lr=0.2),
                          dict(w=w, grad_fn=[tanh_gradient] * 4, v=zeros, lr=0.3, rho=0.8)],
        "adagrad_step": [dict(w=w, dw=g, r=zeros, lr=0.1),
                         dict(w=w, dw=g, r=np.array([1.0, 4.0, 0.25]), lr=0.1),
                         dict(w=W, dw=G, r=G * G + 1.0, lr=0.5, eps=1e-3),
                         dict(w=w, dw=tiny, r=zeros, lr=0.1),
                         dict(w=w, dw=gs, r=zeros, lr=0.5)],
        "rmsprop_step": [dict(w=w, dw=g, r=zeros, lr=0.01, rho=0.9),
                         dict(w=w, dw=g, r=np.array([1.0, 4.0, 0.25]), lr=0.1, rho=0.99),
                         dict(w=W, dw=G, r=G * G + 1.0, lr=0.5),
                         dict(w=w, dw=tiny, r=zeros, lr=0.1, rho=0.9),
                         dict(w=w, dw=gs, r=zeros, lr=0.1, rho=0.9)],
        "adam_step": [dict(w=w, dw=g, m=zeros, v=zeros, t=1),
                      dict(w=w, dw=g, m=np.array([0.1, -0.2, 0.0]), v=np.array([0.01, 0.04, 0.5]), t=3, lr=0.01),
                      dict(w=W, dw=G, m=0.1 * G, v=0.01 * G * G, t=10, lr=0.1, beta1=0.8, beta2=0.99),
                      dict(w=w, dw=tiny, m=zeros, v=zeros, t=1, lr=0.1),
                      dict(w=w, dw=gs, m=zeros, v=zeros, t=1, lr=0.1)],
        "adamw_step": [dict(w=w, dw=g, m=zeros, v=zeros, t=1),
                       dict(w=w, dw=g, m=np.array([0.1, -0.2, 0.0]), v=np.array([0.01, 0.04, 0.5]), t=3,
                            lr=0.01, weight_decay=0.1),
                       dict(w=W, dw=G, m=0.1 * G, v=0.01 * G * G, t=10, lr=0.1, beta1=0.8, beta2=0.99,
                            eps=1e-8, weight_decay=0.5),
                       dict(w=w, dw=zeros, m=zeros, v=zeros, t=1, lr=0.1, weight_decay=0.2),
                       dict(w=W, dw=[G, -G, 0.5 * G], m=Z, v=Z, t=1, lr=0.1, weight_decay=0.1)],
        "xavier_init": [dict(fan_in=3, fan_out=2, rng=np.random.default_rng(0)),
                        dict(fan_in=10, fan_out=30, rng=np.random.default_rng(1)),
                        dict(fan_in=1, fan_out=1, rng=np.random.default_rng(2))],
        "he_init": [dict(fan_in=3, fan_out=2, rng=np.random.default_rng(0)),
                    dict(fan_in=10, fan_out=30, rng=np.random.default_rng(1)),
                    dict(fan_in=1, fan_out=4, rng=np.random.default_rng(2))],
        "train_adam": [
            dict(loss_and_grad=least_squares, params={"W": np.zeros((3, 1)), "b": np.zeros(1)}, X=X5, y=y5,
                 batch_size=2, n_epochs=2, lr_schedule=constant_lr, rng=np.random.default_rng(0)),
            dict(loss_and_grad=least_squares, params={"W": np.ones((3, 1)), "b": np.array([0.5])}, X=X5, y=y5,
                 batch_size=5, n_epochs=3, lr_schedule=warmup_lr, rng=None),
            dict(loss_and_grad=tanh_regression,
                 params={"W1": np.array([[0.5, -0.5], [0.2, 0.1], [-0.3, 0.4]]), "b1": np.zeros(2),
                         "W2": np.array([[1.0], [-1.0]]), "b2": np.zeros(1)},
                 X=X5, y=y5, batch_size=3, n_epochs=2, lr_schedule=cosine_lr, rng=np.random.default_rng(1)),
            dict(loss_and_grad=least_squares, params={"W": np.zeros((3, 1)), "b": np.zeros(1)}, X=X5, y=y5,
                 batch_size=1, n_epochs=0, lr_schedule=constant_lr, rng=np.random.default_rng(2)),
        ],
    }


# ---------------------------------------------------------------- the exercises
_STEP_PHRASES = {
    "could not be broadcast": "the state and the gradient have different shapes: build the state "
                              "with np.zeros_like(w) and keep every array the shape of w",
}

EXERCISES = {
    "iterate_minibatches": Epoch(
        outputs=None, explain=_explain_epoch,
        hints=("Decide the order of the N sample indices once, at the start: shuffled with "
               "rng.permutation(N), or 0, 1, ..., N-1 without rng.",
               "Walk along that order in strides: the start positions are 0, batch_size, "
               "2 * batch_size, ... (range takes a step). A slice that runs past the end of an array "
               "simply stops at its end, which gives the smaller last batch.",
               "In the loop, in this order: the slice of the order from start to start + batch_size; "
               "the rows of X and the rows of y at those same indices; yield the two as a pair. No "
               "return value: the yield makes the function a generator.")),
    "inverse_time_decay": Exercise(hints=("t = 0 must give lr0 itself, and for large t the rate falls "
                                          "like 1 / t.",
                                          "Divide lr0 by a denominator that is 1 at t = 0 and grows by r "
                                          "at every step; mind the parentheses around that sum.")),
    "exponential_decay": Exercise(hints=("t = 0 must give lr0 itself, and every step multiplies the rate "
                                         "by the same factor e^(-lam).",
                                         "Multiply lr0 by np.exp of the (negative) exponent of the "
                                         "formula; return a plain float.")),
    "step_decay": Exercise(hints=("Steps 0 to t_u - 1 use lr0; steps t_u to 2 t_u - 1 use lr0 * r; ...",
                                  "The number of completed blocks is the integer division t // t_u.",
                                  "lr0 is multiplied by r once per completed block: raise r to that "
                                  "count (the ** operator, an integer exponent) and multiply.")),
    "linear_decay": Exercise(hints=("Two cases: before tau the weight of lr_tau grows from 0 to 1 as "
                                    "t / tau; from t = tau on the rate is lr_tau.",
                                    "First the case t >= tau, which returns the final rate. Otherwise "
                                    "compute the fraction of the ramp already done, give lr_tau that "
                                    "fraction as its weight and lr0 the rest, and add the two.")),
    "sgd_step": Steps(n_state=0, hints=("The gradient points uphill: move the other way, by a step "
                                        "proportional to the gradient.",
                                        "One expression in w, lr and dw that builds a new array; never "
                                        "w -= ..., which changes the caller's array.")),
    "momentum_step": Steps(outputs=("w", "v"), phrases=_STEP_PHRASES, explain=_first_wrong_step,
                           hints=("The velocity is a decayed sum of raw gradients: keep rho of the old "
                                  "velocity and add the new gradient, with no learning rate inside.",
                                  "Then move w against the NEW velocity (the one that already contains "
                                  "dw), scaled by lr.",
                                  "Return the pair (new w, new v), both new arrays: the caller passes "
                                  "your v back at the next step, so the old v would lose the history.")),
    "nesterov_step": Steps(outputs=("w", "v"), phrases=_STEP_PHRASES, explain=_first_wrong_step,
                           hints=("Momentum alone would move w by -lr * rho * v: that is the look-ahead "
                                  "point.",
                                  "Call grad_fn once, at the look-ahead point, then do the momentum "
                                  "update with that gradient.",
                                  "In order: the look-ahead point; the one call of grad_fn there; the "
                                  "velocity update of momentum_step with that gradient; the step from w "
                                  "itself (not from the look-ahead point) along the new velocity. "
                                  "Return (new w, new v).")),
    "adagrad_step": Steps(outputs=("w", "r"), phrases=_STEP_PHRASES, explain=_first_wrong_step,
                          hints=("r grows by the square of the gradient, element by element (dw * dw), "
                                 "before it is used.",
                                 "Each coordinate's step is lr * dw divided by its own scale: the square "
                                 "root of its r, plus eps (eps outside the square root).",
                                 "Two statements, in this order: the new r as a new array (never r += "
                                 "...); then the new w, with that new r in the denominator. np.sqrt "
                                 "works element by element. Return (new w, new r).")),
    "rmsprop_step": Steps(outputs=("w", "r"), phrases=_STEP_PHRASES, explain=_first_wrong_step,
                          hints=("The old r keeps the weight rho, the new squared gradient gets 1 - rho: "
                                 "a weighted average, not a sum.",
                                 "The step itself is AdaGrad's, unchanged, computed with the new r.",
                                 "In order: the new r (a new array); the step with that r, eps outside "
                                 "the square root. Return (new w, new r).")),
    "adam_step": Steps(outputs=("w", "m", "v"), n_state=2, counts_t=True, phrases=_STEP_PHRASES,
                       explain=_first_wrong_step,
                       hints=("Two leaky averages: m of dw (weight beta1 on the past) and v of dw * dw "
                              "(weight beta2). Return them uncorrected.",
                              "The correction: write m after 1, 2 and 3 steps of a constant gradient "
                              "from m = 0. The factor in front of g is (1 - beta1) times a geometric sum "
                              "with a closed form; divide by that factor (likewise for v with beta2), "
                              "with the t you were given (1 at the first step).",
                              "In order: the new m and v; their corrected copies m_hat and v_hat, used "
                              "only in the step; an RMSProp-like step with m_hat where RMSProp has dw "
                              "and v_hat where it has r. Return (w, m, v), m and v uncorrected.")),
    "adamw_step": Steps(outputs=("w", "m", "v"), n_state=2, counts_t=True, phrases=_STEP_PHRASES,
                        explain=_first_wrong_step,
                        hints=("Compute m, v, m_hat and v_hat exactly as Adam does, from dw alone: the "
                               "decay never enters the moments.",
                               "The decay term is weight_decay times the w you were given (before the "
                               "step); it joins Adam's step direction, not the gradient.",
                               "In order: the moments and their corrections; Adam's direction (m_hat "
                               "over the square root of v_hat, plus eps); add the decay term to it; "
                               "scale the sum by lr and subtract it from w. Return (w, m, v).")),
    "xavier_init": Exercise(hints=("Write the two conditions side by side: forward, fan_in times the "
                                   "variance is 1; backward, fan_out times the variance is 1. One "
                                   "variance cannot meet both unless fan_in = fan_out.",
                                   "The compromise asks for the two conditions to hold on average: the "
                                   "mean of fan_in * var and fan_out * var is 1. Solve that for var.",
                                   "One call, rng.normal(0.0, std, size=(fan_in, fan_out)); its second "
                                   "argument is a standard deviation, the square root of the variance "
                                   "you solved for, not the variance itself.")),
    "he_init": Exercise(hints=("For a symmetric u, relu(u)^2 is u^2 on one half of the values and 0 on "
                               "the other: what fraction of E[u^2] does the next layer receive?",
                               "Put that second moment q into Var(u_next) = fan_in * var * q and ask for "
                               "Var(u_next) = Var(u): solve for var.",
                               "One call, rng.normal(0.0, std, size=(fan_in, fan_out)), with std the "
                               "square root of that variance (not the variance itself).")),
    "train_adam": Exercise(
        outputs=("params", "losses"),
        hints=("Before the loops: a copy of params, and for every key a zero array of its shape in a "
               "dict m and another in a dict v; a counter of updates starting at 0; an empty list of "
               "losses.",
               "Loop over the epochs, and inside over the batches (Xb, yb) that "
               "iterate_minibatches(X, y, batch_size, rng) yields; for each, get the loss and the "
               "gradients from loss_and_grad(params, Xb, yb) and append the loss.",
               "Then the rate: lr_schedule of the counter before this update is counted (0 at the "
               "first update). Then add 1 to the counter and update every key with adam_step, "
               "passing the new counter as t (1 at the first update) and the rate as lr, and storing "
               "its three results back into that key's params, m and v.",
               "Never reset m, v or the counter between epochs; return params and np.array(losses).")),
    "lr_one_prediction": Prediction(choices=("a", "b", "c", "d"),
                                    hints=("Write x_1 as a multiple of x_0.",
                                           "x_{t+1} = (1 - 2 lr) x_t: what is the factor for lr = 1?")),
    "adam_first_step_prediction": Prediction(rtol=0.01,
                                             hints=("At t = 1, what are m_hat and v_hat in terms of g?",
                                                    "Put them into the step; here |g| is far larger "
                                                    "than eps.")),
}

__getattr__ = check_functions(LESSON, EXERCISES)


# ---------------------------------------------------------------- problems used as inputs
def cubic_gradient(w):
    """The gradient ``w**3 - w`` of the double well ``sum(w**4 / 4 - w**2 / 2)`` (any shape)."""
    w = np.asarray(w, dtype=np.float64)
    return w ** 3 - w


def bowl_gradient(w):
    """The gradient of ``0.5 * sum(c * w**2)`` with curvatures ``c = 1, 2, 3, ...`` (any shape)."""
    w = np.asarray(w, dtype=np.float64)
    return (1.0 + np.arange(w.size).reshape(w.shape)) * w


def tanh_gradient(w):
    """The gradient ``tanh(2 w - 1)`` of ``sum(log cosh(2 w - 1)) / 2`` (any shape)."""
    return np.tanh(2.0 * np.asarray(w, dtype=np.float64) - 1.0)


def least_squares(params, X, y):
    """``0.5 * mean over rows of ||X W + b - y||^2`` and its gradients (keys ``W``, ``b``)."""
    R = X @ params["W"] + params["b"] - y
    n = len(X)
    return 0.5 * float(np.sum(R * R)) / n, {"W": X.T @ R / n, "b": R.sum(axis=0) / n}


def tanh_regression(params, X, y):
    """One tanh hidden layer, a linear output and the loss of :func:`least_squares`."""
    H = np.tanh(X @ params["W1"] + params["b1"])
    R = H @ params["W2"] + params["b2"] - y
    n = len(X)
    dH = (R @ params["W2"].T) * (1.0 - H * H) / n
    return 0.5 * float(np.sum(R * R)) / n, {"W1": X.T @ dH, "b1": dH.sum(axis=0),
                                            "W2": H.T @ R / n, "b2": R.sum(axis=0) / n}


def constant_lr(t):
    """A constant learning rate of 0.05."""
    return 0.05


def warmup_lr(t):
    """A linear warm-up: 0.02, 0.04, 0.06, then 0.08 from the fourth update on."""
    return 0.02 * min(t + 1, 4)


def cosine_lr(t):
    """A cosine-shaped rate going from 0.1 at t = 0 down to 0 at t = 8 (and back up after)."""
    return 0.05 * (1.0 + np.cos(np.pi * t / 8.0))
