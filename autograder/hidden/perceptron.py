"""Hidden inputs for lesson 02: random shapes, seeds and learning rates, scores of exactly 0,
a single sample, already separated data, non-separable data that hits ``max_epochs`` (a point
with both labels, for two classes and for several), float labels, unused classes, and data
shifted far from the origin."""
from __future__ import annotations

import numpy as np


def _separable(rng, N, D, margin=0.1):
    """N points with a bias column first (shape (N, D + 1)) and labels +-1 that a random unit
    vector separates with at least ``margin``; also returns that vector."""
    w_star = rng.normal(size=D + 1)
    w_star /= np.linalg.norm(w_star)
    rows = []
    while sum(len(r) for r in rows) < N:
        X = np.hstack([np.ones((4 * N, 1)), rng.uniform(-2, 2, size=(4 * N, D))])
        rows.append(X[np.abs(X @ w_star) >= margin])
    X = np.vstack(rows)[:N]
    return X, np.where(X @ w_star > 0, 1, -1), w_star


def _classes(rng, N, D, K, margin=0.2):
    """N points of shape (N, D), labels in 0..K-1 given by a random linear classifier whose
    best score beats the runner-up by at least ``margin``."""
    W, b = rng.normal(size=(D, K)), rng.normal(size=K)
    rows = []
    while sum(len(r) for r in rows) < N:
        X = rng.uniform(-3, 3, size=(8 * N, D))
        S = np.sort(X @ W + b, axis=1)
        rows.append(X[S[:, -1] - S[:, -2] >= margin])
    X = np.vstack(rows)[:N]
    return X, np.argmax(X @ W + b, axis=1)


def _batch(rng):
    """A random batch with a bias column first, shape (N, D + 1), weights of shape (D + 1,)
    and labels +-1 of shape (N,)."""
    N, D = int(rng.integers(2, 12)), int(rng.integers(1, 6))
    X = np.hstack([np.ones((N, 1)), rng.normal(size=(N, D))])
    return X, rng.normal(size=D + 1), rng.choice([-1, 1], size=N)


def _zero_scores(rng):
    """Six integer points with a bias column first, shape (6, 3), and w = (0, 1, -1), which
    scores x1 - x2: the first two points score exactly 0."""
    Z = np.hstack([np.ones((6, 1)), rng.integers(-3, 4, size=(6, 2)).astype(float)])
    Z[:2, 2] = Z[:2, 1]
    return Z, np.array([0.0, 1.0, -1.0])


def _gen(rng):
    return np.random.default_rng(int(rng.integers(2**32)))


def _add_bias(rng):
    N, D = int(rng.integers(2, 12)), int(rng.integers(1, 6))
    X = rng.normal(size=(N, D))
    return [dict(X=X), dict(X=X[:1]), dict(X=rng.normal(size=(int(rng.integers(1, 5)), 1))),
            dict(X=rng.integers(-5, 5, size=(3, D)))]


def _perceptron_predict(rng):
    X, w, _ = _batch(rng)
    Z, wz = _zero_scores(rng)
    Xs, _, w_star = _separable(rng, int(rng.integers(5, 25)), int(rng.integers(1, 5)))
    return [dict(X=X, w=w), dict(X=Z, w=wz), dict(X=X, w=np.zeros_like(w)),
            dict(X=X[:1], w=w), dict(X=Xs, w=w_star)]


def _perceptron_criterion(rng):
    X, w, d = _batch(rng)
    Z, wz = _zero_scores(rng)
    dz = rng.choice([-1, 1], size=6)
    Xs, ds, w_star = _separable(rng, int(rng.integers(5, 25)), int(rng.integers(1, 5)))
    return [dict(X=X, d=d, w=w), dict(X=Z, d=dz, w=wz),
            dict(X=Xs, d=ds, w=w_star),                              # already separated: 0
            dict(X=Xs, d=-ds, w=w_star),
            dict(X=X[:1], d=d[:1], w=w), dict(X=X, d=d, w=np.zeros_like(w))]


def _perceptron_train(rng):
    X, _, d = _batch(rng)
    Z, _ = _zero_scores(rng)
    Xs, ds, _ = _separable(rng, int(rng.integers(5, 25)), int(rng.integers(1, 5)))
    Xs2, ds2, _ = _separable(rng, int(rng.integers(5, 25)), int(rng.integers(1, 5)), margin=0.3)
    Xn = np.hstack([np.ones((8, 1)), rng.normal(size=(8, 2))])       # random labels: rarely separable
    dn = np.array([1, -1, 1, -1, -1, 1, -1, 1])
    Xn = np.vstack([Xn, Xn[:1]])                                     # the same point with both labels
    dn = np.append(dn, -dn[0])                                       # -> certainly not separable
    return [
        dict(X=Xs, d=ds, lr=1.0, max_epochs=100, rng=None),
        dict(X=Xs, d=ds, lr=float(rng.uniform(0.1, 3.0)), max_epochs=100, rng=_gen(rng)),
        dict(X=Xs2, d=ds2, lr=1.0, max_epochs=100, rng=_gen(rng)),
        dict(X=Z[2:], d=np.where(Z[2:] @ np.array([0.5, 1.0, 0.0]) >= 0, 1, -1), lr=1.0,
             max_epochs=100, rng=_gen(rng)),
        dict(X=Xn, d=dn, lr=1.0, max_epochs=int(rng.integers(3, 9)), rng=_gen(rng)),
        dict(X=Xn, d=dn, lr=0.5, max_epochs=int(rng.integers(3, 9)), rng=None),
        dict(X=X[:1], d=d[:1], lr=float(rng.uniform(0.1, 3.0)), max_epochs=100, rng=_gen(rng)),
        dict(X=Xs, d=ds.astype(float), lr=1.0, max_epochs=1, rng=None),
    ]


def _novikoff_bound(rng):
    Xs, ds, w_star = _separable(rng, int(rng.integers(5, 25)), int(rng.integers(1, 5)))
    X, d, w = _separable(rng, int(rng.integers(5, 30)), int(rng.integers(1, 6)), margin=0.05)
    shift = float(rng.uniform(5.0, 50.0))
    far = X.copy()
    far[:, 1:] += shift                                               # the same points, far away
    w_far = w.copy()
    w_far[0] -= shift * w[1:].sum()                                   # the same line for them
    return [dict(X=Xs, d=ds, w=w_star * float(rng.uniform(0.1, 10.0))),
            dict(X=X, d=d, w=w), dict(X=X, d=d.astype(float), w=w * 1e3),
            dict(X=far, d=d, w=w_far), dict(X=Xs[:1], d=ds[:1], w=w_star)]


def _multiclass_predict(rng):
    N, D, K = int(rng.integers(2, 12)), int(rng.integers(1, 6)), int(rng.integers(2, 6))
    X = rng.normal(size=(N, D))
    W, b = rng.normal(size=(D, K)), rng.normal(size=K)
    Z, _ = _zero_scores(rng)
    return [
        dict(X=X, W=W, b=b), dict(X=X[:1], W=W, b=b),
        dict(X=X, W=np.zeros((D, K)), b=np.zeros(K)),                    # all tied: class 0
        dict(X=Z[:, 1:], W=np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]), b=np.zeros(3)),  # ties
        dict(X=X, W=np.zeros((D, K)), b=b),                              # the bias decides
    ]


def _multiclass_perceptron_train(rng):
    K = int(rng.integers(2, 6))
    X, y = _classes(rng, int(rng.integers(6, 25)), int(rng.integers(1, 5)), K)
    X3, y3 = _classes(rng, int(rng.integers(6, 20)), 2, 3)
    Xc = np.vstack([X3, X3[:1]])                                     # a point with two labels
    yc = np.append(y3, (y3[0] + 1) % 3)
    return [
        dict(X=X, y=y, K=K, lr=1.0, max_epochs=100, rng=None),
        dict(X=X, y=y, K=K, lr=float(rng.uniform(0.1, 3.0)), max_epochs=100, rng=_gen(rng)),
        dict(X=X3, y=y3, K=3, lr=1.0, max_epochs=100, rng=_gen(rng)),
        dict(X=X3, y=y3, K=5, lr=1.0, max_epochs=100, rng=_gen(rng)),      # unused classes
        dict(X=Xc, y=yc, K=3, lr=1.0, max_epochs=int(rng.integers(3, 9)), rng=_gen(rng)),
        dict(X=X[:1], y=np.array([K - 1]), K=K, lr=1.0, max_epochs=100, rng=_gen(rng)),
        dict(X=X[:1], y=np.array([0]), K=K, lr=1.0, max_epochs=100, rng=None),  # already right
    ]


INPUTS = {
    "add_bias": _add_bias,
    "perceptron_predict": _perceptron_predict,
    "perceptron_criterion": _perceptron_criterion,
    "perceptron_train": _perceptron_train,
    "novikoff_bound": _novikoff_bound,
    "multiclass_predict": _multiclass_predict,
    "multiclass_perceptron_train": _multiclass_perceptron_train,
}


EXPLANATIONS = {
    "xor_prediction": (
        "Every sample of the first epoch is a mistake: w goes (-1, 0, 0), (0, 0, 1), (1, 1, 1) and the "
        "last update, on (1, 1) with label -1, brings it back to (0, 0, 0), so every epoch ends where it "
        "started."),
    "shift_prediction": (
        "The bias feature is part of every x: far from the origin R grows, and a unit vector separating "
        "the shifted clouds spends most of its length on the bias, so the margin gamma shrinks; "
        "(R/gamma)^2 explodes and in practice the perceptron needs many more updates."),
}
