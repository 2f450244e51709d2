"""Realistic wrong implementations of the lesson-01 graded functions."""
import numpy as np

from . import Bug


def _sigmoid(t):
    q = np.exp(-np.abs(t))
    return np.where(t >= 0, 1.0 / (1.0 + q), q / (1.0 + q))


def _relu_in_place(z):
    z[z < 0] = 0.0
    return z


def _sigmoid_scaling_in_place(z, a=1.0):
    z *= a
    return _sigmoid(z)


def _forward(activation_table, strict=True):
    """A neuron_forward built from a dict of activations; unknown names raise ValueError
    when ``strict``, else they silently return the score."""
    def neuron_forward(x, w, b, activation="sigmoid", a=1.0):
        s = np.asarray(x) @ np.asarray(w) + b
        if strict and activation not in activation_table:
            raise ValueError(f"activation must be one of {sorted(activation_table)}, got {activation!r}")
        return activation_table.get(activation, lambda s, a: s)(s, a)
    return neuron_forward


_GOOD = {"step": lambda s, a: (s >= 0).astype(float), "sigmoid": lambda s, a: _sigmoid(a * s),
         "tanh": lambda s, a: np.tanh(s), "relu": lambda s, a: np.maximum(s, 0.0)}


_GATES = {"AND": ([1, 1], -1.5), "OR": ([1, 1], -0.5), "NAND": ([-1, -1], 1.5),
          "NOR": ([-1, -1], 0.5), "x1 AND NOT x2": ([1, -1], -0.5)}


def _gates(table, unknown="raise"):
    """A gate_weights from a table; an unknown gate raises ValueError (``unknown="raise"``),
    KeyError (``"lookup"``: the table is indexed without checking) or gets AND's weights."""
    def gate_weights(gate):
        if gate not in table:
            if unknown == "raise":
                raise ValueError(f"unknown gate {gate!r}; expected one of {sorted(table)}")
            if unknown == "and":
                gate = "AND"
        return np.array(table[gate][0], dtype=float), float(table[gate][1])
    return gate_weights


BUGS = [
    # affine
    Bug("affine", "the bias is subtracted instead of added", lambda x, w, b: x @ w - b),
    Bug("affine", "the bias is missing", lambda x, w, b: x @ w),
    Bug("affine", "everything is summed into one number: keep one score per sample",
        lambda x, w, b: np.sum(x * w) + b, expect="did you sum or average over the batch"),
    # heaviside
    Bug("heaviside", "z = 0 gives 0; the step is 1 where z >= 0", lambda z: (z > 0).astype(float)),
    Bug("heaviside", "this is the sign function (-1 for negative z); the step is 0 there",
        lambda z: np.sign(z)),
    # sigmoid
    Bug("sigmoid", "exp overflows for large negative a z", lambda z, a=1.0: 1.0 / (1.0 + np.exp(-a * z)),
        expect="overflow"),
    Bug("sigmoid", "the slope `a` is ignored: compute sigma(a z)", lambda z, a=1.0: _sigmoid(z)),
    Bug("sigmoid", "the sign is flipped: sigma(t) = 1 / (1 + exp(-t))", lambda z, a=1.0: _sigmoid(-a * z)),
    Bug("sigmoid", "scales z in place", _sigmoid_scaling_in_place, expect="in place"),
    # sigmoid_grad
    Bug("sigmoid_grad", "the slope `a` is missing from the derivative: the chain rule through a z "
        "brings out a factor",
        lambda z, a=1.0: _sigmoid(a * z) * (1 - _sigmoid(a * z))),
    Bug("sigmoid_grad", "the derivative is computed from z, not from the sigmoid's output sigma(a z)",
        lambda z, a=1.0: a * z * (1 - z)),
    Bug("sigmoid_grad", "this is sigma itself, not its derivative", lambda z, a=1.0: _sigmoid(a * z)),
    # relu
    Bug("relu", "np.max reduces along an axis; np.maximum compares elementwise",
        lambda z: np.max(z, 0), expect="np.maximum"),
    Bug("relu", "negative entries are zeroed in the caller's array", _relu_in_place, expect="in place"),
    Bug("relu", "this is the absolute value; negative inputs must give 0", lambda z: np.abs(z)),
    # relu_grad
    Bug("relu_grad", "relu_grad(0) must be 0, this course's value at the kink", lambda z: (z >= 0).astype(float)),
    Bug("relu_grad", "this is the sign of z; the gradient is 0 for negative z", lambda z: np.sign(z)),
    Bug("relu_grad", "this is relu itself, not its derivative", lambda z: np.maximum(z, 0.0)),
    # tanh_grad
    Bug("tanh_grad", "1 - tanh(z) is not the derivative: tanh is odd, so its derivative is even "
        "(the same at z and -z), and 1 - tanh(z) is not", lambda z: 1 - np.tanh(z)),
    Bug("tanh_grad", "the derivative is computed from z, not from the output tanh(z)", lambda z: 1 - z ** 2),
    # leaky_relu
    Bug("leaky_relu", "`alpha` is ignored: use the argument, not 0.01", lambda z, alpha=0.01: np.where(z > 0, z, 0.01 * z)),
    Bug("leaky_relu", "negative inputs give alpha instead of alpha * z", lambda z, alpha=0.01: np.where(z > 0, z, alpha)),
    Bug("leaky_relu", "the branches are swapped", lambda z, alpha=0.01: np.where(z > 0, alpha * z, z)),
    # softplus
    Bug("softplus", "the textbook formula log(1 + exp(z)) overflows for large z",
        lambda z: (np.log(1 + np.exp(z)), np.exp(z) / (1 + np.exp(z))), expect="overflow"),
    Bug("softplus", "exp(-z) overflows for very negative z, where -z is large and positive",
        lambda z: (np.maximum(z, 0) + np.log1p(np.exp(-z)), _sigmoid(z)), expect="overflow"),
    Bug("softplus", "np.log(1 + q) instead of np.log1p(q): tiny values are rounded to 0",
        lambda z: (np.maximum(z, 0) + np.log(1 + np.exp(-np.abs(z))), _sigmoid(z)), expect="np.log1p"),
    Bug("softplus", "the derivative is sigma(-z), which falls from 1 to 0; softplus bends upwards, "
        "so its slope must rise towards 1 as z grows",
        lambda z: (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))), _sigmoid(-z))),
    Bug("softplus", "the derivative is ReLU's step; softplus is smooth, so its slope changes "
        "continuously, without a jump at 0",
        lambda z: (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))), (np.asarray(z) > 0).astype(float))),
    Bug("softplus", "the log term is missing: this is ReLU, not softplus",
        lambda z: (np.maximum(z, 0.0), _sigmoid(z))),
    Bug("softplus", "np.logaddexp does the whole exercise",
        lambda z: (np.logaddexp(0.0, z), np.exp(-np.logaddexp(0.0, -z))),
        expect="np.logaddexp is not allowed in softplus"),
    # neuron_forward
    Bug("neuron_forward", "an unknown activation is silently accepted", _forward(_GOOD, strict=False),
        expect="instead of raising ValueError"),
    Bug("neuron_forward", "'step' uses the sign function; the step is 0 or 1",
        _forward({**_GOOD, "step": lambda s, a: np.sign(s)})),
    Bug("neuron_forward", "the slope `a` is not passed on to the sigmoid",
        _forward({**_GOOD, "sigmoid": lambda s, a: _sigmoid(s)})),
    # signed_distance
    Bug("signed_distance", "the score is not divided by ||w||", lambda x, w, b: x @ w + b),
    Bug("signed_distance", "divided by ||w||^2 instead of ||w||", lambda x, w, b: (x @ w + b) / (w @ w)),
    Bug("signed_distance", "the absolute value drops the sign (which side of the boundary)",
        lambda x, w, b: np.abs(x @ w + b) / np.linalg.norm(w)),
    # gate_weights
    Bug("gate_weights", "OR uses the AND threshold",
        _gates({**_GATES, "OR": ([1, 1], -1.5)}), expect="OR needs"),
    Bug("gate_weights", "NAND is AND with only the bias negated",
        _gates({**_GATES, "NAND": ([1, 1], 1.5)}), expect="NAND needs"),
    Bug("gate_weights", "AND with threshold too low (fires on a single 1)",
        _gates({**_GATES, "AND": ([1, 1], -0.5)}), expect="AND needs"),
    Bug("gate_weights", "NOR is OR with only the bias negated",
        _gates({**_GATES, "NOR": ([1, 1], 0.5)}), expect="NOR needs"),
    Bug("gate_weights", "the weights of x1 AND NOT x2 are swapped (that is x2 AND NOT x1)",
        _gates({**_GATES, "x1 AND NOT x2": ([-1, 1], -0.5)}), expect="x1 AND NOT x2 needs"),
    Bug("gate_weights", "an unknown gate gets AND's weights", _gates(_GATES, unknown="and"),
        expect="an unknown gate gets weights anyway"),
    Bug("gate_weights", "an unknown gate raises KeyError from the table lookup, not ValueError",
        _gates(_GATES, unknown="lookup"), expect="; expected ValueError"),
    # predictions
    Bug("saturation_prediction", "the slope decays exponentially", lambda: "a"),
    Bug("saturation_prediction", "still far from 0 in floating point", lambda: "d"),
    Bug("band_prediction", "without the division by ||w||", lambda: 43.9),
    Bug("band_prediction", "only half of the band", lambda: 15.5),
    Bug("band_prediction", "the width for a = 1", lambda: 3.1),
]
