"""Hidden inputs for lesson 01: random shapes and values, a batch of one, huge logits."""
from __future__ import annotations

import numpy as np


def _shape(rng, max_dim=6):
    return tuple(int(n) for n in rng.integers(1, max_dim, size=rng.integers(1, 3)))


def inputs(rng: np.random.Generator) -> dict:
    """Argument dicts by function name. ``gate_weights`` reuses its truth-table check."""
    z = [rng.normal(scale=4.0, size=_shape(rng)) for _ in range(3)]
    huge = rng.choice([-1.0, 1.0], size=8) * 10.0 ** rng.uniform(1, 4, size=8)
    N, D = int(rng.integers(2, 9)), int(rng.integers(1, 6))
    x, w, b = rng.normal(size=(N, D)), rng.normal(size=D), float(rng.normal())
    X2 = rng.uniform(-5, 5, size=(int(rng.integers(3, 12)), 2))
    w2, b2 = rng.normal(size=2), float(rng.normal())
    a = float(rng.uniform(0.2, 5.0))
    zs = [rng.normal(scale=30.0, size=_shape(rng)) for _ in range(2)]
    tiny = -rng.uniform(36.0, 740.0, size=6)                    # log1p territory, down to subnormals
    return {
        "affine": [dict(x=x, w=w, b=b), dict(x=x[0], w=w, b=b), dict(x=x[:1], w=w, b=0.0)],
        "heaviside": [dict(z=v) for v in z] + [dict(z=np.zeros((2, 3)))],
        "sigmoid": [dict(z=v, a=a) for v in z] + [dict(z=huge, a=1.0), dict(z=huge / 10.0, a=10.0)],
        "sigmoid_grad": [dict(z=v, a=a) for v in z] + [dict(z=huge, a=1.0)],
        "relu": [dict(z=v) for v in z],
        "relu_grad": [dict(z=v) for v in z] + [dict(z=np.zeros(3))],
        "tanh_grad": [dict(z=v) for v in z] + [dict(z=huge)],
        "leaky_relu": [dict(z=v, alpha=float(rng.uniform(0.05, 0.5))) for v in z]
                      + [dict(z=z[0], alpha=0.01)],
        "neuron_forward": [dict(x=X2, w=w2, b=b2, activation=name, a=a)
                           for name in ("step", "sigmoid", "tanh", "relu")]
                          + [dict(x=X2[0], w=w2, b=b2, activation="tanh", a=1.0),
                             dict(x=X2 * 1e3, w=w2, b=b2, activation="sigmoid", a=10.0)],
        "softplus": [dict(z=v) for v in zs] + [dict(z=huge), dict(z=tiny), dict(z=np.zeros(1)),
                                               dict(z=np.array([[1e4, -1e4]]))],
        "signed_distance": [dict(x=X2, w=w2 * 7.0, b=b2), dict(x=x, w=w, b=b),
                            dict(x=X2[0], w=w2, b=b2)],
    }


def _only(name: str):
    """The generator of ``name``'s inputs: the inputs above drawn from its own generator
    (each function's inputs come from a seed of its own; the others are discarded)."""
    return lambda rng: inputs(rng)[name]


INPUTS = {name: _only(name) for name in [
    'affine', 'heaviside', 'sigmoid', 'sigmoid_grad', 'relu', 'relu_grad', 'tanh_grad', 'leaky_relu', 'softplus', 'neuron_forward', 'signed_distance']}

EXPLANATIONS = {
    "saturation_prediction": (
        "sigma'(z) = sigma(z) (1 - sigma(z)) and, for large z, 1 - sigma(z) = 1 / (1 + e^z) is close "
        "to e^-z: the slope decays exponentially, e^-10 = 4.5e-5, about 5,500 times below "
        "sigma'(0) = 1/4 (and still far from 0 in floating point)."),
    "band_prediction": (
        "The output depends on x only through a (w . x + b), and 0.1 < y < 0.9 means "
        "|a (w . x + b)| < log 9: the band has width 2 log 9 / (a ||w||), so the smaller the slope, "
        "the wider the band; sharing the boundary does not make the bands equal."),
}
