"""Visible checks for lesson 02, the perceptron.

Each ``check_<name>(fn)`` runs your function on the small inputs listed in
:func:`visible_inputs` and compares with the expected results stored in
``fixtures/02_perceptron.json``. When grading, the same checks run again on fresh random
inputs (``cases`` and ``kind`` are then filled in by the autograder).

The training functions take a random generator ``rng``. Every call here gets its own copy
of a generator in the same state as the one the expected result was computed with, so your
function and the reference see the same random numbers, provided both draw them the same
way: exactly one ``rng.permutation(N)`` per epoch.
"""
from __future__ import annotations

import numpy as np

from .core import check_cases, passed
from .fixtures import load_cases

LESSON = "02_perceptron"


def visible_inputs() -> dict:
    """The arguments of every visible check, by function name (in signature order)."""
    # Scores of Xb @ w are 1, -2, -1, 2 and exactly 0 (last row).
    Xb = np.array([[1.0, 2.0, 1.0], [1.0, -1.0, 3.0], [1.0, 0.0, 0.0], [1.0, 3.0, -2.0], [1.0, 1.0, 1.0]])
    w = np.array([-1.0, 1.0, 0.0])
    Xf = np.array([[1.0, 0.3, -1.2, 2.0], [1.0, -0.7, 0.4, 0.1], [1.0, 1.5, 0.0, -0.6]])
    wf = np.array([0.2, -1.0, 0.5, 0.4])
    # AND with labels -1/+1 (linearly separable) and XOR (not separable), bias column first.
    gates = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
    d_and, d_xor = np.array([-1, -1, -1, 1]), np.array([-1, 1, 1, -1])
    # A separable set whose first label is +1.
    Xs = np.array([[1.0, 2.0, 1.0], [1.0, -1.0, -2.0], [1.0, 1.0, 2.0], [1.0, -2.0, 0.0],
                   [1.0, 0.0, 3.0], [1.0, 0.5, -1.5]])
    ds = np.array([1, -1, 1, -1, 1, -1])
    # The 3-class toy example of the lesson: W's columns are w1, w2, w3.
    W = np.array([[1.0, 0.0, 1.0], [1.0, -1.0, -0.5]])
    b = np.array([-2.0, 1.0, 10.0])
    P = np.array([[0.0, 0.0], [5.0, 5.0], [-20.0, 10.0], [-15.0, -10.0], [30.0, 30.0], [-13.0, 8.0]])
    # Three small clusters for the multi-class perceptron.
    Xm = np.array([[2.0, 2.0], [-2.0, 1.0], [0.0, -2.0], [3.0, 1.0], [-1.0, 2.0], [1.0, -3.0],
                   [2.0, 3.0], [-3.0, 0.0]])
    ym = np.array([0, 1, 2, 0, 1, 2, 0, 1])
    return {
        "add_bias": [dict(X=np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])),
                     dict(X=np.array([[-1.5, 0.0, 2.5]])),
                     dict(X=np.array([[0.5], [-2.0], [7.0], [0.0]]))],
        "perceptron_predict": [dict(X=Xb, w=w), dict(X=Xb, w=np.zeros(3)),
                               dict(X=np.array([[1.0, 2.0, -3.0]]), w=np.ones(3)),
                               dict(X=Xf, w=wf)],
        "perceptron_criterion": [dict(X=Xf, d=np.array([-1, 1, -1]), w=wf),
                                 dict(X=Xb, d=np.array([1, 1, -1, -1, 1]), w=w),
                                 dict(X=Xb, d=np.array([1, -1, -1, 1, 1]), w=w),
                                 dict(X=Xb, d=np.array([1, 1, -1, -1, 1]), w=np.zeros(3)),
                                 dict(X=Xf[:1], d=np.array([1]), w=-wf)],
        "perceptron_train": [dict(X=gates, d=d_and, lr=1.0, max_epochs=100, rng=None),
                             dict(X=Xs, d=ds, lr=1.0, max_epochs=100, rng=None),
                             dict(X=Xs, d=ds, lr=0.5, max_epochs=100, rng=np.random.default_rng(0)),
                             dict(X=gates, d=d_and, lr=1.0, max_epochs=100, rng=np.random.default_rng(3)),
                             dict(X=gates, d=d_xor, lr=1.0, max_epochs=5, rng=None),
                             dict(X=Xf[:1], d=np.array([-1]), lr=2.0, max_epochs=100, rng=None)],
        "multiclass_predict": [dict(X=P, W=W, b=b), dict(X=P, W=W, b=np.zeros(3)),
                               dict(X=P, W=np.zeros((2, 3)), b=np.zeros(3)),
                               dict(X=P[1:2], W=W, b=b),
                               dict(X=Xm[:3], W=np.array([[1.0, -1.0, 0.0], [0.0, 1.0, -1.0]]),
                                    b=np.array([0.0, 0.0, 1.0]))],
        "multiclass_perceptron_train": [
            dict(X=Xm, y=ym, K=3, lr=1.0, max_epochs=100, rng=None),
            dict(X=Xm, y=ym, K=3, lr=0.5, max_epochs=100, rng=np.random.default_rng(1)),
            dict(X=Xm, y=ym, K=4, lr=1.0, max_epochs=100, rng=np.random.default_rng(2)),
            dict(X=Xm[1:2], y=np.array([2]), K=3, lr=1.0, max_epochs=100, rng=None),
            dict(X=np.vstack([Xm, Xm[:2]]), y=np.concatenate([ym, [2, 0]]), K=3, lr=1.0,
                 max_epochs=4, rng=None),
        ],
    }


def _judge(fn, name: str, cases, kind: str, parts: tuple | None = None) -> None:
    if cases is None:
        cases = load_cases(LESSON, name)
    passed(name, check_cases(fn, name, cases, outputs=parts), kind)


# ---------------------------------------------------------------- one check per graded function
def check_add_bias(add_bias, cases=None, kind="visible"):
    """``add_bias(X)``: ``X`` with a first column of ones, shape ``(N, D + 1)``."""
    _judge(add_bias, "add_bias", cases, kind)


def check_perceptron_predict(perceptron_predict, cases=None, kind="visible"):
    """``perceptron_predict(X, w)``: +1 where ``X @ w >= 0`` (a score of exactly 0 gives +1), else -1."""
    _judge(perceptron_predict, "perceptron_predict", cases, kind)


def check_perceptron_criterion(perceptron_criterion, cases=None, kind="visible"):
    """``perceptron_criterion(X, d, w)``: the sum of ``max(0, -d * (X @ w))``."""
    _judge(perceptron_criterion, "perceptron_criterion", cases, kind)


def check_perceptron_train(perceptron_train, cases=None, kind="visible"):
    """``perceptron_train(X, d, lr, max_epochs, rng)`` -> ``(w, mistakes)``, update by update."""
    _judge(perceptron_train, "perceptron_train", cases, kind, parts=("w", "mistakes"))


def check_multiclass_predict(multiclass_predict, cases=None, kind="visible"):
    """``multiclass_predict(X, W, b)``: the row-wise argmax of ``X @ W + b`` (first index on ties)."""
    _judge(multiclass_predict, "multiclass_predict", cases, kind)


def check_multiclass_perceptron_train(multiclass_perceptron_train, cases=None, kind="visible"):
    """``multiclass_perceptron_train(X, y, K, lr, max_epochs, rng)`` -> ``(W, b, mistakes)``."""
    _judge(multiclass_perceptron_train, "multiclass_perceptron_train", cases, kind,
           parts=("W", "b", "mistakes"))
