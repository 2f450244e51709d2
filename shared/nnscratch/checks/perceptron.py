"""Visible checks for lesson 02, the perceptron.

``check_<name>(fn)`` runs your function on the small inputs of :func:`visible_inputs` and
compares with the expected results stored in ``fixtures/02_perceptron.json`` (see ``core``).

The training functions take a random generator ``rng``. Every call here gets its own copy
of a generator in the same state as the one the expected result was computed with, so your
function and the reference see the same random numbers, provided both draw them the same
way: exactly one ``rng.permutation(N)`` per epoch.
"""
from __future__ import annotations

import numpy as np

from .core import Exercise, Prediction, Raises, check_functions

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
        "novikoff_bound": [dict(X=Xs, d=ds, w=np.array([0.0, 1.0, 1.0])),
                           dict(X=Xs, d=ds, w=np.array([0.0, 5.0, 5.0])),
                           dict(X=Xs, d=ds, w=np.array([0.2, 1.0, 0.8])),
                           dict(X=gates, d=d_and, w=np.array([-1.5, 1.0, 1.0])),
                           dict(X=np.array([[1.0, 2.0, -1.0]]), d=np.array([1]), w=np.array([0.0, 1.0, 0.0]))],
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


_XS = np.array([[1.0, 2.0, 1.0], [1.0, -1.0, -2.0], [1.0, 1.0, 2.0], [1.0, -2.0, 0.0]])
_DS = np.array([1, -1, 1, -1])
NOT_SEPARATING = (
    Raises(dict(X=_XS, d=_DS, w=np.array([0.0, 1.0, -1.0])), ValueError, mentions=("separate",),
           mistake="a w that puts a sample on the wrong side has no positive margin: raise ValueError"),
    Raises(dict(X=_XS, d=_DS, w=np.zeros(3)), ValueError, mentions=("separate",),
           mistake="w = 0 separates nothing (every score is 0): raise ValueError"),
)

EXERCISES = {
    "add_bias": Exercise(hints=(
        "The new array has one more column than X: a column of ones, first.",
        "np.ones((N, 1)) is that column; np.hstack or np.column_stack glues arrays side by side.")),
    "perceptron_predict": Exercise(hints=(
        "Compute the N scores X @ w, then turn each into a label.",
        "A score of exactly 0 must give +1, which rules out np.sign (it gives 0 there).",
        "np.where(condition, 1, -1) maps booleans to the two labels.")),
    "perceptron_criterion": Exercise(hints=(
        "A sample contributes only when it is misclassified: then -d_i (x_i . w) > 0.",
        "Compute the N values -d * (X @ w) at once and clip them below at 0 with np.maximum.",
        "It is a sum, not a mean; return it as a float.")),
    "perceptron_train": Exercise(outputs=("w", "mistakes"), hints=(
        "Two loops: epochs, and inside, one sample at a time; w changes after every mistake.",
        "At the start of each epoch choose the visiting order: np.arange(N), or rng.permutation(N) "
        "when an rng is given (exactly one draw per epoch).",
        "Count the updates of the epoch, append the count to the list, and stop after an epoch "
        "whose count is 0.",
        "A mistake is d_i * (x_i . w) <= 0 (a point on the boundary counts); the update adds "
        "lr * d_i * x_i to w.")),
    "novikoff_bound": Exercise(outputs=("gamma", "R", "bound"), raises=NOT_SEPARATING, hints=(
        "The theorem's w* has length 1. Your w does not, so first think of the unit vector with the "
        "same direction; its margin must not change when w is multiplied by 10.",
        "The margin is that of the worst-placed sample: the smallest d_i (x_i . w*) over i, which is "
        "a signed distance to the boundary (Lesson 01), bias feature included.",
        "R is the largest norm of a row of X, bias column included (np.linalg.norm with axis=1). "
        "If the smallest d_i (x_i . w) is <= 0 (or w is 0), raise ValueError before dividing.")),
    "shift_prediction": Prediction(choices=("a", "b", "c"), hints=(
        "The bias feature is part of every x: what happens to R, the largest ||x_i||, when the points "
        "move far from the origin?",
        "A unit vector separating the shifted clouds must put most of its length on the bias. What is "
        "left for the margin?")),
    "xor_prediction": Prediction(choices=("a", "b", "c", "d"), hints=(
        "At w = 0 every score is 0, and a score of 0 is a mistake. Start with (0, 0), bias feature "
        "included: x = (1, 0, 0), d = -1.",
        "Keep going sample by sample: is each of the next three a mistake? Add d x to w each time.")),
    "multiclass_predict": Exercise(hints=(
        "The scores X @ W + b have one row per sample and one column per class.",
        "The prediction is the column of the largest score in every row: np.argmax along axis=1.")),
    "multiclass_perceptron_train": Exercise(outputs=("W", "b", "mistakes"), hints=(
        "The same epochs, order and stopping rule as perceptron_train.",
        "For each sample, predict k with argmax of its scores; there is a mistake when k differs "
        "from the label.",
        "On a mistake, move the true class's column and bias towards x and the predicted class's "
        "away from it, by lr.")),
}

__getattr__ = check_functions(LESSON, EXERCISES)
