"""Hidden inputs for lesson 05: epochs of every size (a batch of one, batch_size >= N, sizes
that do and do not divide N, labels of several shapes), schedules at and around their
boundaries, optimizer steps on arrays of several shapes (0-d included) from non-zero state,
trajectories of several steps (Adam from t = 1 and from a later t), gradients so tiny that
eps matters, non-square initialisations, and training runs of several epochs."""
from __future__ import annotations

import numpy as np

from nnscratch.checks.optimizers import (bowl_gradient, constant_lr, cosine_lr, cubic_gradient,
                                         least_squares, tanh_gradient, tanh_regression, warmup_lr)

SHAPES = [(), (1,), (4,), (2, 3), (3, 1, 2)]


def _iterate_minibatches(rng):
    cases = []
    for N, batch_size in [(13, 4), (12, 4), (5, 1), (6, 6), (3, 10), (1, 1), (40, 7)]:
        X = rng.normal(size=(N, int(rng.integers(1, 4))))
        y = rng.integers(0, 5, size=N)
        cases.append(dict(X=X, y=y, batch_size=batch_size,
                          rng=np.random.default_rng(int(rng.integers(1 << 30)))))
    X3 = rng.normal(size=(9, 2, 3))
    cases.append(dict(X=X3, y=rng.normal(size=(9, 2)), batch_size=4, rng=np.random.default_rng(5)))
    cases.append(dict(X=rng.normal(size=(10, 2)), y=np.arange(10), batch_size=3, rng=None))
    return cases


def _inverse_time_decay(rng):
    return [dict(lr0=float(rng.uniform(0.01, 1)), r=float(rng.uniform(0, 2)), t=int(t))
            for t in [0, 1, 2, 7, 100, int(rng.integers(3, 50))]]


def _exponential_decay(rng):
    return [dict(lr0=float(rng.uniform(0.01, 1)), lam=float(rng.uniform(0.01, 1)), t=int(t))
            for t in [0, 1, 2, 9, 40, int(rng.integers(3, 30))]]


def _step_decay(rng):
    cases = []
    for t_u in [1, 3, 10]:
        lr0, r = float(rng.uniform(0.01, 1)), float(rng.uniform(0.1, 0.9))
        cases += [dict(lr0=lr0, r=r, t_u=t_u, t=t) for t in sorted({0, t_u - 1, t_u, 2 * t_u + 1})]
    return cases


def _linear_decay(rng):
    tau = int(rng.integers(5, 60))
    lr0, lr_tau = float(rng.uniform(0.05, 1)), float(rng.uniform(0.0, 0.01))
    return [dict(lr0=lr0, lr_tau=lr_tau, tau=tau, t=t)
            for t in [0, 1, tau // 2, tau - 1, tau, tau + 1, 3 * tau]] + \
        [dict(lr0=0.5, lr_tau=0.1, tau=1, t=0), dict(lr0=0.5, lr_tau=0.1, tau=1, t=1)]


def _arrays(rng, shape, scale=1.0):
    return np.asarray(rng.normal(scale=scale, size=shape))


def _positive(rng, shape):
    return np.asarray(rng.uniform(0.01, 2.0, size=shape))


def _sgd_step(rng):
    cases = [dict(w=_arrays(rng, s), dw=_arrays(rng, s), lr=float(rng.uniform(0.01, 1))) for s in SHAPES]
    w = _arrays(rng, (2, 3))
    cases.append(dict(w=w, dw=[_arrays(rng, (2, 3)) for _ in range(4)], lr=0.3))
    return cases


def _momentum_step(rng):
    cases = [dict(w=_arrays(rng, s), dw=_arrays(rng, s), v=_arrays(rng, s), lr=float(rng.uniform(0.01, 1)),
                  rho=float(rng.uniform(0.5, 0.99))) for s in SHAPES]
    cases.append(dict(w=_arrays(rng, (3,)), dw=_arrays(rng, (3,)), v=_arrays(rng, (3,)), lr=0.1))
    cases.append(dict(w=_arrays(rng, (2, 2)), dw=[_arrays(rng, (2, 2)) for _ in range(5)],
                      v=np.zeros((2, 2)), lr=0.2, rho=0.9))
    cases.append(dict(w=_arrays(rng, (3,)), dw=[_arrays(rng, (3,)) for _ in range(3)],
                      v=_arrays(rng, (3,)), lr=0.05, rho=0.5))
    return cases


def _nesterov_step(rng):
    fns = [cubic_gradient, bowl_gradient, tanh_gradient]
    cases = [dict(w=_arrays(rng, s), grad_fn=fns[i % 3], v=_arrays(rng, s), lr=float(rng.uniform(0.05, 0.5)),
                  rho=float(rng.uniform(0.5, 0.99))) for i, s in enumerate(SHAPES)]
    cases.append(dict(w=_arrays(rng, (4,)), grad_fn=cubic_gradient, v=_arrays(rng, (4,)), lr=0.1))
    cases.append(dict(w=_arrays(rng, (2, 3)), grad_fn=[cubic_gradient] * 5, v=np.zeros((2, 3)), lr=0.1, rho=0.9))
    cases.append(dict(w=_arrays(rng, (3,)), grad_fn=[bowl_gradient, tanh_gradient, bowl_gradient],
                      v=_arrays(rng, (3,)), lr=0.2, rho=0.7))
    return cases


def _adagrad_step(rng):
    cases = [dict(w=_arrays(rng, s), dw=_arrays(rng, s), r=_positive(rng, s), lr=float(rng.uniform(0.01, 1)))
             for s in SHAPES]
    cases.append(dict(w=_arrays(rng, (3,)), dw=_arrays(rng, (3,), 1e-9), r=np.zeros(3), lr=0.1))
    cases.append(dict(w=_arrays(rng, (2, 2)), dw=_arrays(rng, (2, 2)), r=np.zeros((2, 2)), lr=0.5, eps=0.1))
    cases.append(dict(w=_arrays(rng, (2, 3)), dw=[_arrays(rng, (2, 3)) for _ in range(5)],
                      r=np.zeros((2, 3)), lr=0.3))
    return cases


def _rmsprop_step(rng):
    cases = [dict(w=_arrays(rng, s), dw=_arrays(rng, s), r=_positive(rng, s), lr=float(rng.uniform(0.01, 1)),
                  rho=float(rng.uniform(0.5, 0.999))) for s in SHAPES]
    cases.append(dict(w=_arrays(rng, (3,)), dw=_arrays(rng, (3,), 1e-9), r=np.zeros(3), lr=0.1, rho=0.9))
    cases.append(dict(w=_arrays(rng, (2, 2)), dw=_arrays(rng, (2, 2)), r=_positive(rng, (2, 2)), lr=0.5))
    cases.append(dict(w=_arrays(rng, (4,)), dw=_arrays(rng, (4,)), r=np.zeros(4), lr=0.5, rho=0.8, eps=0.01))
    cases.append(dict(w=_arrays(rng, (2, 3)), dw=[_arrays(rng, (2, 3)) for _ in range(5)],
                      r=np.zeros((2, 3)), lr=0.05, rho=0.9))
    return cases


def _adam_like(rng, decay: bool):
    extra = (lambda: {"weight_decay": float(rng.uniform(0.001, 0.5))}) if decay else (lambda: {})
    cases = []
    for s in SHAPES:
        t = int(rng.integers(1, 1000))
        m, v = _arrays(rng, s, 0.1), _positive(rng, s) * 0.01
        cases.append(dict(w=_arrays(rng, s), dw=_arrays(rng, s), m=m, v=v, t=t,
                          lr=float(rng.uniform(1e-4, 0.1)), beta1=float(rng.uniform(0.5, 0.95)),
                          beta2=float(rng.uniform(0.9, 0.9999)), eps=1e-8, **extra()))
    s = (3,)
    cases.append(dict(w=_arrays(rng, s), dw=_arrays(rng, s), m=np.zeros(s), v=np.zeros(s), t=1))
    cases.append(dict(w=_arrays(rng, s), dw=_arrays(rng, s, 1e-9), m=np.zeros(s), v=np.zeros(s), t=1, lr=0.01))
    cases.append(dict(w=_arrays(rng, (2, 2)), dw=_arrays(rng, (2, 2)), m=_arrays(rng, (2, 2), 0.1),
                      v=_positive(rng, (2, 2)) * 0.01, t=2, lr=0.05, beta1=0.9, beta2=0.999, eps=1e-8, **extra()))
    cases.append(dict(w=_arrays(rng, (2, 3)), dw=[_arrays(rng, (2, 3)) for _ in range(6)],
                      m=np.zeros((2, 3)), v=np.zeros((2, 3)), t=1, lr=0.1, beta1=0.9, beta2=0.999,
                      eps=1e-8, **extra()))
    cases.append(dict(w=_arrays(rng, (3,)), dw=[_arrays(rng, (3,)) for _ in range(4)],
                      m=_arrays(rng, (3,), 0.1), v=_positive(rng, (3,)) * 0.01, t=5, lr=0.01,
                      beta1=0.8, beta2=0.99, eps=1e-8, **extra()))
    return cases


def _adam_step(rng):
    return _adam_like(rng, decay=False)


def _adamw_step(rng):
    return _adam_like(rng, decay=True)


def _init(rng):
    return [dict(fan_in=fi, fan_out=fo, rng=np.random.default_rng(int(rng.integers(1 << 30))))
            for fi, fo in [(1, 1), (7, 3), (3, 7), (64, 10), (200, 50), (5, 5)]]


def _train_adam(rng):
    cases = []
    for N, batch_size, n_epochs, schedule, model in [(9, 4, 3, cosine_lr, "ls"), (6, 1, 2, warmup_lr, "tanh"),
                                                     (8, 8, 4, constant_lr, "ls"), (1, 3, 2, warmup_lr, "ls"),
                                                     (11, 5, 2, cosine_lr, "tanh")]:
        D, K = int(rng.integers(1, 4)), int(rng.integers(1, 3))
        X, y = rng.normal(size=(N, D)), rng.normal(size=(N, K))
        if model == "ls":
            params, fn = {"W": rng.normal(size=(D, K)), "b": rng.normal(size=K)}, least_squares
        else:
            H = 3
            params = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H) * 0.1,
                      "W2": rng.normal(size=(H, K)), "b2": np.zeros(K)}
            fn = tanh_regression
        cases.append(dict(loss_and_grad=fn, params=params, X=X, y=y, batch_size=batch_size, n_epochs=n_epochs,
                          lr_schedule=schedule, rng=np.random.default_rng(int(rng.integers(1 << 30)))))
    cases.append(dict(loss_and_grad=least_squares, params={"W": np.zeros((2, 1)), "b": np.zeros(1)},
                      X=rng.normal(size=(5, 2)), y=rng.normal(size=(5, 1)), batch_size=2, n_epochs=2,
                      lr_schedule=constant_lr, rng=None))
    return cases


INPUTS = {
    "iterate_minibatches": _iterate_minibatches,
    "inverse_time_decay": _inverse_time_decay,
    "exponential_decay": _exponential_decay,
    "step_decay": _step_decay,
    "linear_decay": _linear_decay,
    "sgd_step": _sgd_step,
    "momentum_step": _momentum_step,
    "nesterov_step": _nesterov_step,
    "adagrad_step": _adagrad_step,
    "rmsprop_step": _rmsprop_step,
    "adam_step": _adam_step,
    "adamw_step": _adamw_step,
    "xavier_init": _init,
    "he_init": _init,
    "train_adam": _train_adam,
}

EXPLANATIONS = {
    "lr_one_prediction": (
        "each step multiplies x by 1 - 2 lr, which is -1 for lr = 1: x jumps from +1 to -1 and back "
        "forever, neither converging nor diverging (convergence needs 0 < lr < 1 here, i.e. lr < 2 / f'')."),
    "adam_first_step_prediction": (
        "at t = 1 the bias-corrected moments are exactly m_hat = g and v_hat = g^2, so the first step is "
        "lr * g / (|g| + eps), of size lr = 0.01 whatever the size of the gradient."),
}
