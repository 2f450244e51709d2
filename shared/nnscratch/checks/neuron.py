"""Visible checks for lesson 01, the formal neuron.

``check_<name>(fn)`` runs your function on the small inputs of :func:`visible_inputs` and
compares with the expected results stored in ``fixtures/01_neuron.json`` (see ``core``).
``EXERCISES`` says how each function is judged and holds its hints.
"""
from __future__ import annotations

import numpy as np

from .core import Exercise, Prediction, Raises, check_functions, describe, not_implemented

LESSON = "01_neuron"


def visible_inputs() -> dict:
    """The arguments of every visible check, by function name (in signature order)."""
    z = np.array([[-3.0, -0.5, 0.0], [0.25, 1.0, 4.0]])
    extreme = np.array([-1e4, -800.0, -40.0, 0.0, 40.0, 800.0, 1e4])
    x = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 0.5], [-2.0, 0.0, 1.0], [4.0, 4.0, -4.0]])
    w = np.array([0.5, -1.0, 2.0])
    X2 = np.array([[0.0, 0.0], [1.0, 2.0], [-3.0, 1.0], [2.0, -4.0], [5.0, 5.0]])
    w2 = np.array([1.0, 1.0])
    return {
        "affine": [dict(x=x, w=w, b=0.5), dict(x=x[0], w=w, b=-1.0), dict(x=x[:1], w=w, b=2.0)],
        "heaviside": [dict(z=z), dict(z=np.array([-1e-12, 0.0, 1e-12]))],
        "sigmoid": [dict(z=z, a=1.0), dict(z=z, a=10.0), dict(z=z, a=0.1), dict(z=extreme, a=1.0)],
        "sigmoid_grad": [dict(z=z, a=1.0), dict(z=z, a=10.0), dict(z=extreme, a=1.0)],
        "relu": [dict(z=z), dict(z=np.array([-0.0, 0.0, 1e-300]))],
        "relu_grad": [dict(z=z), dict(z=np.array([-1.0, 0.0, 1e-300]))],
        "tanh_grad": [dict(z=z), dict(z=np.array([-50.0, 50.0]))],
        "leaky_relu": [dict(z=z, alpha=0.01), dict(z=z, alpha=0.2)],
        "neuron_forward": [dict(x=X2, w=w2, b=-2.0, activation=name, a=1.0)
                           for name in ("step", "sigmoid", "tanh", "relu")]
                          + [dict(x=X2, w=w2, b=-2.0, activation="sigmoid", a=10.0),
                             dict(x=X2[1], w=w2, b=-2.0, activation="sigmoid", a=1.0)],
        "softplus": [dict(z=extreme), dict(z=np.array([-700.0, -37.5, -20.0, -1.0, 1e-3, 2.5, 36.0])),
                     dict(z=z), dict(z=np.array([[-50.0]]))],
        "signed_distance": [dict(x=X2, w=np.array([3.0, 4.0]), b=-5.0),
                            dict(x=X2[1], w=np.array([0.0, 2.0]), b=1.0)],
    }


def _gate_truth_tables(gate_weights) -> int:
    """``gate_weights(gate)`` -> ``(w, b)`` so that the step neuron computes the gate.

    The neuron is evaluated here with a plain ``x @ w + b >= 0``, not with your own
    functions, so an error elsewhere does not cost points here.
    """
    inputs = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    for gate, table in TRUTH_TABLES.items():
        try:
            w, b = gate_weights(gate)
        except NotImplementedError:
            raise AssertionError(not_implemented("gate_weights")) from None
        except Exception as exc:
            raise AssertionError(
                f"gate_weights({gate!r}) should return a pair (w, b); it raised "
                f"{type(exc).__name__}: {exc}") from exc
        w = np.asarray(w, dtype=float)
        if w.shape != (2,) or np.ndim(b) != 0:
            raise AssertionError(f"gate_weights({gate!r}) returned w={describe(w)}, b={describe(b)}:"
                                 " expected w of shape (2,) and a number b.")
        got = (inputs @ w + float(b) >= 0).astype(int).tolist()
        if got != table:
            raise AssertionError(
                f"gate_weights({gate!r}) returned w={w.tolist()}, b={float(b)}: the neuron gives "
                f"{got} on the inputs (0,0), (0,1), (1,0), (1,1), but {gate} needs {table}.")
    return len(TRUTH_TABLES)


TRUTH_TABLES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0],
                "x1 AND NOT x2": [0, 0, 1, 0]}


def _softplus_explain(got, expected, args):
    """Name the lost tiny values of log(1 + q) when q is below the rounding of 1 + q."""
    try:
        y, want = np.asarray(got[0], dtype=float), np.asarray(expected[0], dtype=float)
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if y.shape == want.shape and np.any((y == 0) & (want > 0)):
        return ("Where exp(z) is below about 1e-16, 1 + exp(z) rounds to exactly 1 and its log to 0; "
                "np.log1p(q) computes log(1 + q) without forming 1 + q.")
    return None

UNKNOWN_GATE = Raises(
    dict(gate="XOR"), ValueError, mentions=("AND", "OR", "NAND", "NOR", "x1 AND NOT x2"),
    mistake="an unknown gate gets weights anyway (no neuron computes XOR); raise ValueError naming "
            "the gates it knows")

UNKNOWN_ACTIVATION = Raises(
    dict(x=np.array([[1.0, 2.0]]), w=np.array([1.0, -1.0]), b=0.0, activation="softsign", a=1.0),
    ValueError, mentions=("step", "sigmoid", "tanh", "relu"),
    mistake="an unknown activation is silently accepted; raise ValueError naming the allowed choices")

EXERCISES = {
    "affine": Exercise(hints=(
        "One sample x of shape (D,) and the weights w of shape (D,) give one number: a dot product.",
        "The matrix product `@` handles both shapes of x: (N, D) @ (D,) gives (N,), and (D,) @ (D,) "
        "gives a scalar.",
        "Convert x and w with np.asarray(..., dtype=float), then one line: the product plus b.")),
    "heaviside": Exercise(hints=(
        "Compare z with 0 elementwise; the comparison gives booleans of z's shape.",
        "Mind the boundary: z == 0 must give 1.0, so the comparison is not strict.",
        "np.where(condition, 1.0, 0.0) turns the booleans into floats.")),
    "sigmoid": Exercise(forbid_warnings=True, hints=(
        "Write t = a * z. The naive 1 / (1 + exp(-t)) overflows when t is very negative; find an "
        "exponential that never overflows.",
        "exp of a number <= 0 never overflows, and exp(-|t|) is in (0, 1]. For t >= 0 the usual "
        "formula only uses it; for t < 0, multiply the numerator and the denominator by exp(t).",
        "Compute q = exp(-|t|) once; for t >= 0 the sigmoid is 1 / (1 + q), for t < 0 it is "
        "q / (1 + q); np.where picks one by the sign of t (both branches are safe).")),
    "sigmoid_grad": Exercise(forbid_warnings=True, hints=(
        "Differentiate (1 + u)^-1 with u = exp(-a z) by the chain rule: du/dz = -a u.",
        "You get a u / (1 + u)^2. Split it into a product of two fractions: 1 / (1 + u) and "
        "u / (1 + u). Which functions of the sigmoid are they?",
        "Call your overflow-safe sigmoid once, then compute the derivative from its output and a "
        "only; never exponentiate again.")),
    "relu": Exercise(hints=(
        "Keep positive entries, replace the others by 0.",
        "np.maximum compares two arrays (or an array and a number) entry by entry; np.max reduces "
        "an array to one number.")),
    "relu_grad": Exercise(hints=(
        "The slope of max(0, z) is 1 on one side of 0 and 0 on the other.",
        "At exactly z = 0 this course uses 0: the comparison is strict.",
        "Turn the boolean comparison into floats (np.where or .astype(float)).")),
    "tanh_grad": Exercise(forbid_warnings=True, hints=(
        "Like the sigmoid, tanh's derivative is a simple function of tanh itself.",
        "Write tanh = sinh / cosh; the quotient rule with sinh' = cosh and cosh' = sinh gives "
        "(cosh^2 - sinh^2) / cosh^2. Split that fraction in two.",
        "Compute t = np.tanh(z) once (np.tanh never overflows) and return a polynomial in t.")),
    "leaky_relu": Exercise(hints=(
        "Two regimes: positive inputs pass unchanged, the others are multiplied by alpha.",
        "np.where(condition, value_if_true, value_if_false) evaluates both branches elementwise.")),
    "softplus": Exercise(outputs=("y", "dy_dz"), forbid_warnings=True, rtol=1e-7, atol=1e-300,
                         forbid=("logaddexp",), explain=_softplus_explain, hints=(
        "Two separate problems: exp(z) overflows for z > 709, and for z < -37 the sum 1 + exp(z) "
        "rounds to exactly 1, so its log is 0 instead of about exp(z).",
        "Factor the larger of 1 and exp(z) out of 1 + exp(z): log(1 + exp(z)) = max(z, 0) + "
        "log(1 + something that is at most 1). Which something?",
        "With q = exp(-|z|), the value is max(z, 0) + log(1 + q); np.log1p(q) computes log(1 + q) "
        "accurately even when q is far below 1e-16.",
        "The derivative of log(1 + exp(z)) is exp(z) / (1 + exp(z)): your sigmoid, or written "
        "with the same q, chosen by the sign of z.")),
    "neuron_forward": Exercise(forbid_warnings=True, raises=(UNKNOWN_ACTIVATION,), hints=(
        "Two steps: the score s from your affine, then the activation chosen by name.",
        "Check the name first and raise ValueError listing the four allowed names.",
        "Reuse your heaviside, sigmoid and relu; tanh is np.tanh.")),
    "signed_distance": Exercise(hints=(
        "The score w . x + b is a distance scaled by the length of w.",
        "Divide the score by ||w||, which np.linalg.norm computes.")),
    "gate_weights": Exercise(custom=_gate_truth_tables, raises=(UNKNOWN_GATE,), hints=(
        "Draw the four inputs (0,0), (0,1), (1,0), (1,1), mark the ones the gate maps to 1, and "
        "find a line with all the 1s on one side.",
        "w points from the 0s towards the 1s: the sign of w_i says whether input i pushes the "
        "neuron to fire (+) or holds it back (-).",
        "A complement (NAND = not AND, NOR = not OR) fires exactly where the original does not: "
        "H(-s) is the complement of H(s) away from the boundary.",
        "Choose w with entries +1 or -1 first, then b so that the line passes halfway between the "
        "highest score of a 0-input and the lowest score of a 1-input.")),
    "saturation_prediction": Prediction(choices=("a", "b", "c", "d"), hints=(
        "sigma'(z) = sigma(z) (1 - sigma(z)); at z = 10, sigma(z) is almost 1. How small is "
        "1 - sigma(10)?",
        "1 - sigma(z) = 1 / (1 + e^z), which for large z is close to e^-z. Estimate e^-10.")),
    "band_prediction": Prediction(rtol=0.05, hints=(
        "The output depends on x only through t = a (w . x + b). For which t is sigma(t) = 0.9, "
        "and for which t is it 0.1?",
        "Section 6 turns a score into a distance: w . x + b is the signed distance to the boundary "
        "times ||w||. The band runs from one edge to the other, across the boundary.")),
}

__getattr__ = check_functions(LESSON, EXERCISES)
