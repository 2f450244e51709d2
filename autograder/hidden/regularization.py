"""Hidden inputs for lesson 06: random networks of random depth (biases first or last),
exact zeros among the weights, lam = 0, dropout at p = 0 and at test time, a batch of one,
random generators, early stopping with ties and plateaus, ensembles of up to 10 features,
batch norm on constant columns, a batch of two, large and negative scales."""
from __future__ import annotations

import numpy as np


def _params(rng, zeros=False):
    depth = int(rng.integers(1, 4))
    sizes = [int(rng.integers(1, 5)) for _ in range(depth + 1)]
    params = {}
    for l in range(1, depth + 1):
        W = rng.normal(size=(sizes[l - 1], sizes[l]))
        if zeros:
            W[rng.random(W.shape) < 0.3] = 0.0
        b = rng.normal(size=sizes[l])
        if rng.random() < 0.5:
            params[f"b{l}"], params[f"W{l}"] = b, W
        else:
            params[f"W{l}"], params[f"b{l}"] = W, b
    return params


def _l2_penalty(rng):
    return [dict(params=_params(rng), lam=float(rng.uniform(0.01, 1.0))),
            dict(params=_params(rng, zeros=True), lam=float(rng.uniform(0.01, 1.0))),
            dict(params={"W": rng.normal(size=(3, 1)), "bias": rng.normal(size=1)}, lam=0.2),
            dict(params=_params(rng), lam=0.0)]


def _l1_penalty(rng):
    return [dict(params=_params(rng), lam=float(rng.uniform(0.01, 1.0))),
            dict(params=_params(rng, zeros=True), lam=float(rng.uniform(0.01, 1.0))),
            dict(params={"W_out": np.array([[0.0, -1.5], [2.0, 0.0]]), "b_out": np.zeros(2)}, lam=0.7),
            dict(params=_params(rng, zeros=True), lam=0.0)]


def _dropout_forward(rng):
    def gen():
        return np.random.default_rng(int(rng.integers(0, 2**31)))

    N, H = int(rng.integers(2, 7)), int(rng.integers(2, 9))
    X = rng.normal(size=(N, H))
    return [dict(X=X, p=float(rng.uniform(0.05, 0.95)), train=True, rng=gen()),
            dict(X=X, p=0.5, train=True, rng=gen()),
            dict(X=X[:1], p=float(rng.uniform(0.1, 0.9)), train=True, rng=gen()),
            dict(X=X, p=float(rng.uniform(0.1, 0.9)), train=False, rng=gen()),
            dict(X=X, p=0.0, train=True, rng=gen()),
            dict(X=rng.normal(size=(2, 3, 4)), p=0.25, train=True, rng=gen()),
            dict(X=X[:1], p=0.0, train=False, rng=gen())]


def _dropout_backward(rng):
    cases = []
    for N, H in ((int(rng.integers(2, 7)), int(rng.integers(2, 9))), (1, int(rng.integers(2, 9)))):
        p = float(rng.uniform(0.1, 0.9))
        M = (rng.random((N, H)) >= p) / (1.0 - p)
        cases.append(dict(dout=rng.normal(size=(N, H)), cache=M))
    cases.append(dict(dout=rng.normal(size=(3, 4)), cache=np.ones((3, 4))))
    return cases


def _early_stopping(rng):
    curve = 1.0 / (1.0 + np.arange(30)) + 0.002 * np.arange(30) ** 1.5 + 0.01 * rng.random(30)
    curve = np.round(curve, 2)                     # rounding makes ties likely
    best = int(np.argmin(curve))
    return [dict(val_losses=list(curve), patience=3),
            dict(val_losses=list(curve[:best + 2]), patience=2),
            dict(val_losses=list(curve[:best + 3]), patience=2),
            dict(val_losses=[0.9, 0.5, 0.6, 0.5, 0.5, 0.7], patience=4),
            dict(val_losses=[0.9, 0.5, 0.6, 0.5, 0.5, 0.7], patience=5),
            dict(val_losses=[0.4, 0.4, 0.4], patience=2),
            dict(val_losses=np.array([2.0, 1.0, 3.0]), patience=1),
            dict(val_losses=[1.0], patience=0),
            dict(val_losses=[], patience=0)]


def _dropout_ensemble_linear(rng):
    cases = []
    for D, K, p in ((int(rng.integers(2, 6)), int(rng.integers(2, 5)), float(rng.uniform(0.05, 0.95))),
                    (10, 3, float(rng.uniform(0.05, 0.95))), (1, 2, 0.5), (6, 4, 0.5),
                    (3, 5, 0.0)):
        cases.append(dict(W=rng.normal(size=(D, K)), b=rng.normal(size=K),
                          x=rng.normal(scale=2.0, size=D), p=p))
    big = rng.normal(size=(4, 3))
    cases.append(dict(W=30.0 * big, b=np.zeros(3), x=np.array([5.0, -4.0, 3.0, 6.0]), p=0.3))
    return cases


def _batchnorm_forward(rng):
    N, H = int(rng.integers(3, 9)), int(rng.integers(1, 6))
    X = rng.normal(loc=rng.normal(scale=5.0, size=H), scale=rng.uniform(0.1, 10.0, size=H), size=(N, H))
    X_const = X.copy()
    X_const[:, 0] = 3.0
    return [dict(X=X, gamma=rng.normal(size=H), beta=rng.normal(size=H), eps=1e-5),
            dict(X=X_const, gamma=rng.normal(size=H), beta=rng.normal(size=H), eps=1e-5),
            dict(X=X[:2], gamma=np.ones(H), beta=np.zeros(H), eps=float(rng.uniform(0.01, 1.0))),
            dict(X=X[:1], gamma=rng.normal(size=H), beta=rng.normal(size=H), eps=1e-5),
            dict(X=1e3 * X, gamma=rng.normal(size=H), beta=rng.normal(size=H), eps=1e-5)]


def _batchnorm_backward(rng):
    cases = []
    for N, H in ((int(rng.integers(3, 7)), int(rng.integers(1, 5))), (2, 3), (5, 1)):
        cases.append(dict(X=rng.normal(loc=1.0, scale=2.0, size=(N, H)), gamma=rng.normal(size=H),
                          beta=rng.normal(size=H), dout=rng.normal(size=(N, H))))
    return cases


INPUTS = {
    "l2_penalty": _l2_penalty,
    "l1_penalty": _l1_penalty,
    "dropout_forward": _dropout_forward,
    "dropout_backward": _dropout_backward,
    "early_stopping": _early_stopping,
    "dropout_ensemble_linear": _dropout_ensemble_linear,
    "batchnorm_forward": _batchnorm_forward,
    "batchnorm_backward": _batchnorm_backward,
}

EXPLANATIONS = {
    "pull_prediction": ("The pull of L2 is 2 lam w, proportional to the weight: 1000 times "
                        "weaker on w = 0.001 than on w = 1, so small weights are never quite "
                        "driven to zero. The pull of L1 is lam sign(w), the same for every "
                        "non-zero weight, which is why L1 zeroes small weights (sparsity)."),
    "stop_prediction": ("Training keeps epoch 5: it is the first epoch strictly below 0.70 (epoch "
                        "6 only ties it, which is not an improvement), and after epochs 6, 7 and 8 "
                        "the patience of 3 has run out."),
    "ensemble_prediction": ("v/k + (k-1)c/k = 1/10 + 9/10 * 0.5 = 0.55: averaging removes the "
                            "uncorrelated part of the errors (v - c) but not the shared part c."),
}
