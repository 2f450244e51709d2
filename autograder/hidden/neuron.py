"""Hidden inputs for lesson 01: random shapes and values, a batch of one (and a single sample),
exact zeros (the kinks of the step and of ReLU), huge logits of both signs (exp overflows),
far-away points for the neuron, softplus down in subnormal territory. ``gate_weights`` has no
hidden inputs: its check is the truth table of every gate."""
from __future__ import annotations

import numpy as np


def _shape(rng, max_dim=6):
    return tuple(int(n) for n in rng.integers(1, max_dim, size=rng.integers(1, 3)))


def _arrays(rng, count=3, scale=4.0):
    """``count`` random arrays of random shapes (1 or 2 dimensions)."""
    return [rng.normal(scale=scale, size=_shape(rng)) for _ in range(count)]


def _huge(rng):
    """Eight logits of both signs, 10 <= |z| < 1e4; one of each sign beyond 1e3, so exp(z)
    and exp(-z) both overflow."""
    m = 10.0 ** rng.uniform(1, 4, size=4)
    m[0] = 10.0 ** rng.uniform(3, 4)
    return rng.permutation(np.concatenate([m, -m]))


def _slope(rng):
    return float(rng.uniform(0.2, 5.0))


def _plane(rng):
    """Points of the plane, shape (N, 2), and a line of it: weights w of shape (2,), bias b."""
    X = rng.uniform(-5, 5, size=(int(rng.integers(3, 12)), 2))
    return X, rng.normal(size=2), float(rng.normal())


def _batch(rng):
    """A batch x of shape (N, D), weights w of shape (D,) and a bias b."""
    N, D = int(rng.integers(2, 9)), int(rng.integers(1, 6))
    return rng.normal(size=(N, D)), rng.normal(size=D), float(rng.normal())


def _affine(rng):
    x, w, b = _batch(rng)
    return [dict(x=x, w=w, b=b), dict(x=x[0], w=w, b=b), dict(x=x[:1], w=w, b=0.0)]


def _heaviside(rng):
    return [dict(z=z) for z in _arrays(rng)] + [dict(z=np.zeros((2, 3)))]


def _sigmoid(rng):
    a, huge = _slope(rng), _huge(rng)
    return ([dict(z=z, a=a) for z in _arrays(rng)]
            + [dict(z=huge, a=1.0), dict(z=huge / 10.0, a=10.0)])


def _sigmoid_grad(rng):
    a = _slope(rng)
    return [dict(z=z, a=a) for z in _arrays(rng)] + [dict(z=_huge(rng), a=1.0)]


def _relu(rng):
    return [dict(z=z) for z in _arrays(rng)]


def _relu_grad(rng):
    return [dict(z=z) for z in _arrays(rng)] + [dict(z=np.zeros(3))]


def _tanh_grad(rng):
    return [dict(z=z) for z in _arrays(rng)] + [dict(z=_huge(rng))]


def _leaky_relu(rng):
    z = _arrays(rng)
    return ([dict(z=v, alpha=float(rng.uniform(0.05, 0.5))) for v in z]
            + [dict(z=z[0], alpha=0.01)])


def _neuron_forward(rng):
    X, w, b = _plane(rng)
    a = _slope(rng)
    return ([dict(x=X, w=w, b=b, activation=name, a=a) for name in ("step", "sigmoid", "tanh", "relu")]
            + [dict(x=X[0], w=w, b=b, activation="tanh", a=1.0),
               dict(x=X * 1e3, w=w, b=b, activation="sigmoid", a=10.0)])


def _softplus(rng):
    tiny = -rng.uniform(36.0, 740.0, size=6)                    # log1p territory, down to subnormals
    return ([dict(z=z) for z in _arrays(rng, count=2, scale=30.0)]
            + [dict(z=_huge(rng)), dict(z=tiny), dict(z=np.zeros(1)), dict(z=np.array([[1e4, -1e4]]))])


def _signed_distance(rng):
    X, w2, b2 = _plane(rng)
    x, w, b = _batch(rng)
    return [dict(x=X, w=w2 * 7.0, b=b2), dict(x=x, w=w, b=b), dict(x=X[0], w=w2, b=b2)]


INPUTS = {
    "affine": _affine,
    "heaviside": _heaviside,
    "sigmoid": _sigmoid,
    "sigmoid_grad": _sigmoid_grad,
    "relu": _relu,
    "relu_grad": _relu_grad,
    "tanh_grad": _tanh_grad,
    "leaky_relu": _leaky_relu,
    "softplus": _softplus,
    "neuron_forward": _neuron_forward,
    "signed_distance": _signed_distance,
}

EXPLANATIONS = {
    "saturation_prediction": (
        "sigma'(z) = sigma(z) (1 - sigma(z)) and, for large z, 1 - sigma(z) = 1 / (1 + e^z) is close "
        "to e^-z: the slope decays exponentially, e^-10 = 4.5e-5, about 5,500 times below "
        "sigma'(0) = 1/4 (and still far from 0 in floating point)."),
    "band_prediction": (
        "The output depends on x only through t = a (w . x + b), and 0.1 < y < 0.9 means "
        "|t| < log 9 = 2.197. The score w . x + b is the signed distance to the boundary times "
        "||w|| = sqrt(2), so the band holds the points within log 9 / (a ||w||) = 15.5 of the "
        "boundary on either side: 2 log 9 / (a ||w||) = 31.1 wide for a = 0.1 (only half of the "
        "band is 15.5, without the division by ||w|| one gets 43.9, and 3.1 is the width for a = 1). "
        "That is wider than the diagonal of the square (14.1): the whole square is in the band."),
}
