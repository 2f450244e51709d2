"""Hidden inputs for lesson 04: random shapes (non-square, so a missing transpose cannot hide),
batches of one, exact zeros at the ReLU kink (in the layers and inside networks), huge
pre-activations, scalar functions of several shapes and steps, random layer sizes, depths 1-4
hidden layers (and none), every activation."""
from __future__ import annotations

import numpy as np

from nnscratch.checks.mlp import log_sum_exp, wavy, weighted_squares


def _n(rng, low=2, high=7):
    return int(rng.integers(low, high))


def _shape(rng):
    """A random array shape of 1 to 3 dimensions."""
    return tuple(int(s) for s in rng.integers(1, 5, size=int(rng.integers(1, 4))))


def _params(rng, sizes, bias=0.3):
    return {key: value for l in range(1, len(sizes)) for key, value in (
        (f"W{l}", rng.normal(size=(sizes[l - 1], sizes[l]))),
        (f"b{l}", rng.normal(scale=bias, size=sizes[l])))}


def _distinct(rng, count, low=2, high=6):
    """``count`` sizes, consecutive ones different (so every weight matrix is non-square)."""
    sizes = [int(rng.integers(low, high))]
    while len(sizes) < count:
        s = int(rng.integers(low, high))
        if s != sizes[-1]:
            sizes.append(s)
    return sizes


def _linear_forward(rng):
    N, D, M = _n(rng), _n(rng), _n(rng)
    X, W, b = rng.normal(size=(N, D)), rng.normal(size=(D, M)), rng.normal(size=M)
    return [dict(X=X, W=W, b=b), dict(X=X[:1], W=W, b=b),
            dict(X=rng.normal(size=(N, 1)), W=rng.normal(size=(1, M)), b=b),
            dict(X=np.zeros((N, D)), W=W, b=b)]


def _linear_backward(rng):
    N, D, M = _distinct(rng, 3)
    X, W, b = rng.normal(size=(N, D)), rng.normal(size=(D, M)), rng.normal(size=M)
    Xs, Ws, bs = rng.normal(size=(N, D)), rng.normal(size=(D, D)), rng.normal(size=D)
    return [dict(dout=rng.normal(size=(N, M)), cache=(X, W, b)),
            dict(dout=rng.normal(size=(N, D)), cache=(Xs, Ws, bs)),
            dict(dout=rng.normal(size=(1, M)), cache=(X[:1], W, b)),
            dict(dout=rng.normal(size=(N, 1)), cache=(X, W[:, :1], b[:1]))]


def _with_zeros(rng, shape):
    U = rng.normal(size=shape)
    U.flat[rng.integers(0, U.size, size=max(1, U.size // 3))] = 0.0
    return U


def _relu_forward(rng):
    return [dict(U=_with_zeros(rng, _shape(rng))), dict(U=rng.normal(size=(1, _n(rng)))),
            dict(U=-np.abs(rng.normal(size=(_n(rng), 3)))), dict(U=_with_zeros(rng, (3, 4, 2)))]


def _relu_backward(rng):
    cases = []
    for shape in (_shape(rng), (1, _n(rng)), (_n(rng), _n(rng))):
        cases.append(dict(dout=rng.normal(size=shape), cache=_with_zeros(rng, shape)))
    return cases


def _huge(rng):
    return rng.choice([-1.0, 1.0], size=(3, 4)) * 10.0 ** rng.uniform(1.5, 4, size=(3, 4))


def _activation_forward(rng):
    return [dict(U=rng.normal(scale=3.0, size=_shape(rng))), dict(U=rng.normal(size=(1, _n(rng)))),
            dict(U=_huge(rng)), dict(U=np.zeros((2, 3)))]


def _sigmoid_backward(rng):
    cases = []
    for shape in (_shape(rng), (1, _n(rng)), (_n(rng), _n(rng))):
        out = 1.0 / (1.0 + np.exp(-rng.normal(scale=2.0, size=shape)))
        cases.append(dict(dout=rng.normal(size=shape), cache=out))
    return cases


def _tanh_backward(rng):
    cases = []
    for shape in (_shape(rng), (1, _n(rng)), (_n(rng), _n(rng))):
        cases.append(dict(dout=rng.normal(size=shape), cache=np.tanh(rng.normal(size=shape))))
    return cases


def _mse_loss(rng):
    N, K = _n(rng), _n(rng)
    Y = rng.normal(size=(N, K))
    return [dict(Y_pred=rng.normal(size=(N, K)), Y=Y), dict(Y_pred=rng.normal(size=(1, K)), Y=Y[:1]),
            dict(Y_pred=rng.normal(size=(N, 1)), Y=Y[:, :1]), dict(Y_pred=Y.copy(), Y=Y),
            dict(Y_pred=100.0 * rng.normal(size=(N, K)), Y=Y)]


def _numerical_gradient(rng):
    functions = [wavy, weighted_squares, log_sum_exp]
    cases = [dict(f=functions[i % 3], x=rng.normal(size=_shape(rng)), h=1e-5) for i in range(3)]
    cases.append(dict(f=wavy, x=rng.normal(size=(2, 3)), h=float(rng.choice([1e-2, 3e-3]))))
    cases.append(dict(f=weighted_squares, x=rng.normal(size=(1,)), h=1e-4))
    return cases


def _mlp_init(rng):
    cases = []
    for depth in (0, 1, 2, 3, 4):
        sizes = [int(s) for s in rng.integers(1, 8, size=depth + 2)]
        cases.append(dict(layer_sizes=sizes, rng=np.random.default_rng(int(rng.integers(2**32)))))
    return cases


def _net_case(rng, depth, activation, N=None, small=True):
    sizes = _distinct(rng, depth + 2, 2, 5 if small else 8)
    N = N or _n(rng, 2, 6)
    return dict(params=_params(rng, sizes), X=rng.normal(size=(N, sizes[0])),
                y=rng.integers(0, sizes[-1], size=N), activation=activation)


def _kink_case(rng, depth):
    """A ReLU network with integer inputs and weights in which every hidden layer has
    pre-activations exactly 0 (ReLU's kink) for a sample whose input to that layer is not all
    zeros: backpropagation with f'(0) = 0 is exact there, central differences are not."""
    while True:
        sizes = _distinct(rng, depth + 2, 2, 5)
        N = _n(rng, 3, 6)
        X = rng.integers(-1, 2, size=(N, sizes[0])).astype(float)
        params = {key: value for l in range(1, len(sizes)) for key, value in (
            (f"W{l}", rng.choice([-1.0, 1.0], size=(sizes[l - 1], sizes[l]))),
            (f"b{l}", rng.integers(-1, 2, size=sizes[l]).astype(float)))}
        A, kinked = X, True
        for l in range(1, depth + 1):
            U = A @ params[f"W{l}"] + params[f"b{l}"]
            kinked &= bool(((U == 0).any(axis=1) & (A != 0).any(axis=1)).any()) and bool((U > 0).any())
            A = np.maximum(U, 0.0)
        if kinked:
            return dict(params=params, X=X, y=rng.integers(0, sizes[-1], size=N), activation="relu")


def _mlp_loss_and_grad(rng):
    cases = [_net_case(rng, depth, activation)
             for depth, activation in [(1, "relu"), (2, "sigmoid"), (3, "tanh"), (4, "relu")]]
    cases.append(_net_case(rng, 2, "relu", N=1))                  # a batch of one
    cases.append(_net_case(rng, 0, "sigmoid"))                    # no hidden layer
    cases.append(_net_case(rng, 1, "tanh", small=False))
    cases.append(_net_case(rng, 3, "sigmoid", N=7, small=False))  # larger than the gradient check
    cases += [_kink_case(rng, 1), _kink_case(rng, 2)]             # pre-activations exactly 0
    return cases


def _mlp_predict(rng):
    cases = [{k: v for k, v in _net_case(rng, depth, activation, small=False).items() if k != "y"}
             for depth, activation in [(1, "relu"), (2, "tanh"), (3, "sigmoid"), (4, "relu"), (0, "relu")]]
    one = {k: v for k, v in _net_case(rng, 2, "sigmoid", N=1).items() if k != "y"}
    negative = {k: v for k, v in _net_case(rng, 1, "relu").items() if k != "y"}
    negative["params"]["b2"] = negative["params"]["b2"] - 20.0    # every score negative
    return cases + [one, negative]


INPUTS = {
    "linear_forward": _linear_forward,
    "linear_backward": _linear_backward,
    "relu_forward": _relu_forward,
    "relu_backward": _relu_backward,
    "sigmoid_forward": _activation_forward,
    "sigmoid_backward": _sigmoid_backward,
    "tanh_forward": _activation_forward,
    "tanh_backward": _tanh_backward,
    "mse_loss": _mse_loss,
    "numerical_gradient": _numerical_gradient,
    "mlp_init": _mlp_init,
    "mlp_loss_and_grad": _mlp_loss_and_grad,
    "mlp_predict": _mlp_predict,
}

EXPLANATIONS = {
    "collapse_prediction": (
        "A composition of affine maps is affine: the three layers multiply out to one layer "
        "X W + b with W = W1 W2 W3, so the two scores tie along a single straight line, however "
        "many weights the stack has."),
    "regions_prediction": (
        "Each hidden unit switches on one side of a line, so the regions are the cells cut out by "
        "3 lines; three lines in general position cut the plane into 1 + 3 + 3 = 7 regions (each "
        "new line adds one more region than the lines it crosses)."),
    "vanishing_prediction": (
        "On the way down every layer multiplies the gradient by W.T and by the sigmoid's "
        "derivative, at most 1/4, so the gradient shrinks layer after layer: the last layer, next "
        "to the output, gets the largest gradient and the first layer a tiny one."),
}
