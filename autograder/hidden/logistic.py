"""Hidden inputs for lesson 03: random shapes and labels, a batch of one, huge logits,
all-zero scores, already-separated data, ties, and fresh problems for gradient descent."""
from __future__ import annotations

import numpy as np

from nnscratch.checks.logistic import (least_squares, log_cosh, minibatch_least_squares,
                                      minibatch_log_cosh, quadratic_bowl)


def _nk(rng, low=1, high=7):
    return int(rng.integers(low, high)), int(rng.integers(2, 6))


def inputs(rng: np.random.Generator) -> dict:
    """Argument dicts by function name."""
    # softmax: random, a batch of one, one class, huge logits of both signs, rows on very
    # different scales (a global max shift underflows), exact ties
    N, K = _nk(rng, 2)
    huge = rng.choice([-1.0, 1.0], size=(3, 4)) * 10.0 ** rng.uniform(2, 4, size=(3, 4))
    scales = np.array([[1e4], [-1e4], [0.0]]) + rng.normal(size=(3, 3))
    softmax = [dict(S=rng.normal(scale=3.0, size=(N, K))), dict(S=rng.normal(size=(1, K + 1))),
               dict(S=rng.normal(size=(N, 1))), dict(S=huge), dict(S=scales),
               dict(S=np.full((2, 3), 7.0))]

    # one_hot: random labels (the largest class absent in one case), a batch of one
    N, K = _nk(rng, 2)
    one_hot = [dict(y=rng.integers(0, K, size=N), K=K), dict(y=np.array([K - 1]), K=K),
               dict(y=rng.integers(0, K - 1, size=N + 3), K=K + 2)]

    # cross_entropy: random probability rows, a batch of one, a confident correct prediction
    N, K = _nk(rng, 2)
    P = rng.dirichlet(np.ones(K), size=N)
    cross_entropy = [dict(P=P, y=rng.integers(0, K, size=N)),
                     dict(P=rng.dirichlet(np.ones(K + 1), size=1), y=np.array([K])),
                     dict(P=np.array([[1.0 - 1e-12, 1e-12], [0.5, 0.5]]), y=np.array([0, 1]))]

    # softmax_cross_entropy: random logits (gradient-checked), a batch of one, zeros, huge logits
    N, K = _nk(rng, 2)
    sce = [dict(S=rng.normal(scale=2.0, size=(N, K)), y=rng.integers(0, K, size=N)),
           dict(S=rng.normal(size=(1, K)), y=np.array([int(rng.integers(0, K))])),
           dict(S=np.zeros((N, K)), y=rng.integers(0, K, size=N)),
           dict(S=huge, y=np.array([0, 3, 1])),
           dict(S=scales, y=np.array([2, 0, 1]))]

    # logistic_loss_and_grad: random (gradient-checked), a batch of one, a score of exactly 0,
    # already-separated data with large weights, huge scores
    N, D = _nk(rng, 3, 9)
    X, y01 = rng.normal(size=(N, D)), rng.integers(0, 2, size=N)
    w, b = rng.normal(size=D), float(rng.normal())
    w_sep = rng.normal(size=D)
    y_sep = (X @ w_sep > 0).astype(int)
    logistic = [dict(X=X, y=y01, w=w, b=b),
                dict(X=X[:1], y=y01[:1].astype(float), w=w, b=b),
                dict(X=X, y=y01, w=np.zeros(D), b=0.0),
                dict(X=X, y=y_sep, w=25.0 * w_sep, b=0.0),
                dict(X=X * 1e3, y=1 - y_sep, w=w_sep, b=b)]

    # softmax_regression_loss_and_grad: non-square shapes (gradient-checked), a batch of one,
    # zero weights, huge scores
    N, D = _nk(rng, 3, 9)
    K = int(rng.integers(2, 6)) + (D == 2)
    X = rng.normal(size=(N, D))
    W, bK, yK = rng.normal(size=(D, K)), rng.normal(size=K), rng.integers(0, K, size=N)
    regression = [dict(X=X, y=yK, W=W, b=bK),
                  dict(X=X[:1], y=yK[:1], W=W, b=bK),
                  dict(X=X, y=yK, W=np.zeros((D, K)), b=np.zeros(K)),
                  dict(X=X * 1e4, y=yK, W=W, b=bK)]

    # predict: random, a batch of one, ties (first index wins), the bias deciding
    predict = [dict(X=X, W=W, b=bK), dict(X=X[:1], W=W, b=bK),
               dict(X=X, W=np.zeros((D, K)), b=np.r_[0.0, np.ones(K - 1)]),
               dict(X=X, W=0.01 * W, b=np.r_[np.zeros(K - 1), 5.0])]

    # accuracy: random, all right, all wrong, a single sample
    n = int(rng.integers(5, 40))
    y = rng.integers(0, 4, size=n)
    y_pred = np.where(rng.random(n) < 0.7, y, rng.integers(0, 4, size=n))
    accuracy = [dict(y_pred=y_pred, y=y), dict(y_pred=y.copy(), y=y),
                dict(y_pred=(y + 1) % 4, y=y), dict(y_pred=y[:1], y=y[:1])]

    # gradient_descent: fresh starting points, step sizes and numbers of steps
    gd = [dict(loss_and_grad=quadratic_bowl, params={"w": rng.normal(scale=3.0, size=2)},
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

    # sgd_polyak: random data and shapes, batch sizes that do and do not divide N, a batch of
    # the whole set, single-sample batches, one sample, zero epochs
    def _problem(n, d):
        return rng.normal(size=(n, d)), rng.normal(size=n)

    sgd = []
    for loss, batch in [(minibatch_least_squares, 1), (minibatch_log_cosh, 3),
                        (minibatch_least_squares, 4), (minibatch_log_cosh, 100)]:
        n, d = int(rng.integers(5, 13)), int(rng.integers(1, 5))
        Xs, ys = _problem(n, d)
        sgd.append(dict(loss_and_grad=loss, params={"w": rng.normal(size=d), "b": np.array(float(rng.normal()))},
                        X=Xs, y=ys, lr=float(rng.uniform(0.02, 0.3)), n_epochs=int(rng.integers(1, 4)),
                        batch_size=batch, rng=np.random.default_rng(int(rng.integers(2**31)))))
    Xs, ys = _problem(1, 2)
    sgd.append(dict(loss_and_grad=minibatch_log_cosh, params={"w": np.zeros(2), "b": np.array(0.0)},
                    X=Xs, y=ys, lr=0.5, n_epochs=4, batch_size=2, rng=np.random.default_rng(7)))
    Xs, ys = _problem(6, 3)
    sgd.append(dict(loss_and_grad=minibatch_least_squares, params={"w": np.ones(3), "b": np.array(1.0)},
                    X=Xs, y=ys, lr=0.1, n_epochs=0, batch_size=2, rng=np.random.default_rng(8)))

    return {"sgd_polyak": sgd, "softmax": softmax, "one_hot": one_hot, "cross_entropy": cross_entropy,
            "softmax_cross_entropy": sce, "logistic_loss_and_grad": logistic,
            "softmax_regression_loss_and_grad": regression, "predict": predict,
            "accuracy": accuracy, "gradient_descent": gd}


def _only(name: str):
    """The generator of ``name``'s inputs: the inputs above drawn from its own generator
    (each function's inputs come from a seed of its own; the others are discarded)."""
    return lambda rng: inputs(rng)[name]


INPUTS = {name: _only(name) for name in [
    'softmax', 'one_hot', 'cross_entropy', 'softmax_cross_entropy', 'logistic_loss_and_grad', 'softmax_regression_loss_and_grad', 'predict', 'accuracy', 'gradient_descent', 'sgd_polyak']}


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
