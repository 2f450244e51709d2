"""Hidden inputs for lesson 03: random shapes and labels, a batch of one, huge logits,
rows on very different scales, all-zero scores, already-separated data, ties, float labels,
and fresh problems for gradient descent and minibatch SGD (batch sizes that do and do not
divide N, one sample, zero epochs)."""
from __future__ import annotations

import numpy as np

from nnscratch.checks.logistic import (least_squares, log_cosh, minibatch_least_squares,
                                      minibatch_log_cosh, quadratic_bowl)


def _nk(rng, low=1, high=7):
    return int(rng.integers(low, high)), int(rng.integers(2, 6))


def _huge(rng):
    """Logits of shape (3, 4), both signs, 100 <= |s| < 1e4."""
    return rng.choice([-1.0, 1.0], size=(3, 4)) * 10.0 ** rng.uniform(2, 4, size=(3, 4))


def _scales(rng):
    """Logits of shape (3, 3) whose rows sit near 1e4, -1e4 and 0: a global max shift
    underflows the second row."""
    return np.array([[1e4], [-1e4], [0.0]]) + rng.normal(size=(3, 3))


def _softmax(rng):
    # random, a batch of one, one class, huge logits of both signs, rows on very different
    # scales, exact ties
    N, K = _nk(rng, 2)
    return [dict(S=rng.normal(scale=3.0, size=(N, K))), dict(S=rng.normal(size=(1, K + 1))),
            dict(S=rng.normal(size=(N, 1))), dict(S=_huge(rng)), dict(S=_scales(rng)),
            dict(S=np.full((2, 3), 7.0))]


def _one_hot(rng):
    # random labels (the largest class absent in one case), a batch of one
    N, K = _nk(rng, 2)
    return [dict(y=rng.integers(0, K, size=N), K=K), dict(y=np.array([K - 1]), K=K),
            dict(y=rng.integers(0, K - 1, size=N + 3), K=K + 2)]


def _cross_entropy(rng):
    # random probability rows, a batch of one, a confident correct prediction
    N, K = _nk(rng, 2)
    return [dict(P=rng.dirichlet(np.ones(K), size=N), y=rng.integers(0, K, size=N)),
            dict(P=rng.dirichlet(np.ones(K + 1), size=1), y=np.array([K])),
            dict(P=np.array([[1.0 - 1e-12, 1e-12], [0.5, 0.5]]), y=np.array([0, 1]))]


def _softmax_cross_entropy(rng):
    # random logits (gradient-checked), a batch of one, zeros, huge logits, rows on very
    # different scales
    N, K = _nk(rng, 2)
    return [dict(S=rng.normal(scale=2.0, size=(N, K)), y=rng.integers(0, K, size=N)),
            dict(S=rng.normal(size=(1, K)), y=np.array([int(rng.integers(0, K))])),
            dict(S=np.zeros((N, K)), y=rng.integers(0, K, size=N)),
            dict(S=_huge(rng), y=np.array([0, 3, 1])),
            dict(S=_scales(rng), y=np.array([2, 0, 1]))]


def _logistic_loss_and_grad(rng):
    # random (gradient-checked), a batch of one with float labels, a score of exactly 0,
    # already-separated data with large weights, huge scores
    N, D = _nk(rng, 3, 9)
    X, y = rng.normal(size=(N, D)), rng.integers(0, 2, size=N)
    w, b = rng.normal(size=D), float(rng.normal())
    w_sep = rng.normal(size=D)
    y_sep = (X @ w_sep > 0).astype(int)
    return [dict(X=X, y=y, w=w, b=b),
            dict(X=X[:1], y=y[:1].astype(float), w=w, b=b),
            dict(X=X, y=y, w=np.zeros(D), b=0.0),
            dict(X=X, y=y_sep, w=25.0 * w_sep, b=0.0),
            dict(X=X * 1e3, y=1 - y_sep, w=w_sep, b=b)]


def _classifier(rng):
    """X of shape (N, D), weights W of shape (D, K) and biases b of shape (K,); K > 2 when D = 2."""
    N, D = _nk(rng, 3, 9)
    K = int(rng.integers(2, 6)) + (D == 2)
    return rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=K)


def _softmax_regression_loss_and_grad(rng):
    # non-square shapes (gradient-checked), a batch of one, zero weights, huge scores
    X, W, b = _classifier(rng)
    y = rng.integers(0, len(b), size=len(X))
    return [dict(X=X, y=y, W=W, b=b),
            dict(X=X[:1], y=y[:1], W=W, b=b),
            dict(X=X, y=y, W=np.zeros_like(W), b=np.zeros_like(b)),
            dict(X=X * 1e4, y=y, W=W, b=b)]


def _predict(rng):
    # random, a batch of one, ties (first index wins), the bias deciding
    X, W, b = _classifier(rng)
    K = len(b)
    return [dict(X=X, W=W, b=b), dict(X=X[:1], W=W, b=b),
            dict(X=X, W=np.zeros_like(W), b=np.r_[0.0, np.ones(K - 1)]),
            dict(X=X, W=0.01 * W, b=np.r_[np.zeros(K - 1), 5.0])]


def _accuracy(rng):
    # random, all right, all wrong, a single sample
    n = int(rng.integers(5, 40))
    y = rng.integers(0, 4, size=n)
    y_pred = np.where(rng.random(n) < 0.7, y, rng.integers(0, 4, size=n))
    return [dict(y_pred=y_pred, y=y), dict(y_pred=y.copy(), y=y),
            dict(y_pred=(y + 1) % 4, y=y), dict(y_pred=y[:1], y=y[:1])]


def _gradient_descent(rng):
    # fresh starting points, step sizes and numbers of steps; a divergent step size; one step
    return [dict(loss_and_grad=quadratic_bowl, params={"w": rng.normal(scale=3.0, size=2)},
                 lr=float(rng.uniform(0.01, 0.45)), n_steps=int(rng.integers(1, 15))),
            dict(loss_and_grad=least_squares,
                 params={"W": rng.normal(size=(2, 2)), "b": rng.normal(size=2)},
                 lr=float(rng.uniform(0.05, 0.5)), n_steps=int(rng.integers(1, 15))),
            dict(loss_and_grad=log_cosh, params={"U": rng.normal(scale=2.0, size=(2, 3)),
                                                 "c": np.array(float(rng.normal()))},
                 lr=float(rng.uniform(0.1, 1.0)), n_steps=int(rng.integers(1, 10))),
            dict(loss_and_grad=quadratic_bowl, params={"w": rng.normal(size=2)},
                 lr=float(rng.uniform(0.55, 0.7)), n_steps=10),
            dict(loss_and_grad=quadratic_bowl, params={"w": rng.normal(size=2)}, lr=0.1, n_steps=1)]


def _sgd_polyak(rng):
    # random data and shapes, batch sizes that do and do not divide N, a batch of the whole
    # set, single-sample batches, one sample, zero epochs
    def problem(n, d):
        return rng.normal(size=(n, d)), rng.normal(size=n)

    cases = []
    for loss, batch in [(minibatch_least_squares, 1), (minibatch_log_cosh, 3),
                        (minibatch_least_squares, 4), (minibatch_log_cosh, 100)]:
        n, d = int(rng.integers(5, 13)), int(rng.integers(1, 5))
        X, y = problem(n, d)
        params = {"w": rng.normal(size=d), "b": np.array(float(rng.normal()))}
        cases.append(dict(loss_and_grad=loss, params=params, X=X, y=y, lr=float(rng.uniform(0.02, 0.3)),
                          n_epochs=int(rng.integers(1, 4)), batch_size=batch,
                          rng=np.random.default_rng(int(rng.integers(2**31)))))
    X, y = problem(1, 2)
    cases.append(dict(loss_and_grad=minibatch_log_cosh, params={"w": np.zeros(2), "b": np.array(0.0)},
                      X=X, y=y, lr=0.5, n_epochs=4, batch_size=2, rng=np.random.default_rng(7)))
    X, y = problem(6, 3)
    cases.append(dict(loss_and_grad=minibatch_least_squares, params={"w": np.ones(3), "b": np.array(1.0)},
                      X=X, y=y, lr=0.1, n_epochs=0, batch_size=2, rng=np.random.default_rng(8)))
    return cases


INPUTS = {
    "softmax": _softmax,
    "one_hot": _one_hot,
    "cross_entropy": _cross_entropy,
    "softmax_cross_entropy": _softmax_cross_entropy,
    "logistic_loss_and_grad": _logistic_loss_and_grad,
    "softmax_regression_loss_and_grad": _softmax_regression_loss_and_grad,
    "predict": _predict,
    "accuracy": _accuracy,
    "gradient_descent": _gradient_descent,
    "sgd_polyak": _sgd_polyak,
}


EXPLANATIONS = {
    "stepsize_prediction": (
        "Each step multiplies x by (1 - 2 lr): 0.8, 0, -0.8 and -1.2. Only lr = 1.1 has a factor of "
        "size above 1; lr = 0.9 jumps over the minimum at every step but lands closer to it "
        "(oscillating but converging), and every step starts downhill, even the divergent ones."),
    "separable_prediction": (
        "On separable data, scaling a separating W up lowers the loss of every sample, and no finite "
        "W reaches the infimum 0: the cross-entropy has no minimiser, so gradient descent makes ||W|| "
        "grow without bound (like log t) while its direction settles. Convexity says every minimum is "
        "global, not that one exists."),
}
