"""Visible checks for lesson 01, the formal neuron.

Each ``check_<name>(fn)`` runs your function on the small inputs listed in
:func:`visible_inputs` and compares with the expected results stored in
``fixtures/01_neuron.json``. When grading, the same checks run again on fresh random
inputs (``cases`` and ``kind`` are then filled in by the autograder).
"""
from __future__ import annotations

import numpy as np

from .core import check_cases, check_raises, describe, not_implemented, passed
from .fixtures import load_cases

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
        "signed_distance": [dict(x=X2, w=np.array([3.0, 4.0]), b=-5.0),
                            dict(x=X2[1], w=np.array([0.0, 2.0]), b=1.0)],
    }


def _run(fn, name: str, cases, kind: str, **options) -> None:
    if cases is None:
        cases = load_cases(LESSON, name)
    passed(name, check_cases(fn, name, cases, **options), kind)


def check_affine(affine, cases=None, kind="visible"):
    """``affine(x, w, b)``: the score ``x @ w + b`` for a batch or one sample."""
    _run(affine, "affine", cases, kind)


def check_heaviside(heaviside, cases=None, kind="visible"):
    """``heaviside(z)``: 1.0 where ``z >= 0`` (including 0), else 0.0."""
    _run(heaviside, "heaviside", cases, kind)


def check_sigmoid(sigmoid, cases=None, kind="visible"):
    """``sigmoid(z, a)``: exact 0/1 limits and no overflow warning, even at ``|a z| = 1e4``."""
    _run(sigmoid, "sigmoid", cases, kind, forbid_warnings=True)


def check_sigmoid_grad(sigmoid_grad, cases=None, kind="visible"):
    """``sigmoid_grad(z, a)``: derivative of ``sigmoid(z, a)`` with respect to ``z``."""
    _run(sigmoid_grad, "sigmoid_grad", cases, kind, forbid_warnings=True)


def check_relu(relu, cases=None, kind="visible"):
    _run(relu, "relu", cases, kind)


def check_relu_grad(relu_grad, cases=None, kind="visible"):
    """``relu_grad(z)``: 1.0 where ``z > 0``, else 0.0 (so 0.0 at ``z = 0``)."""
    _run(relu_grad, "relu_grad", cases, kind)


def check_tanh_grad(tanh_grad, cases=None, kind="visible"):
    _run(tanh_grad, "tanh_grad", cases, kind, forbid_warnings=True)


def check_leaky_relu(leaky_relu, cases=None, kind="visible"):
    _run(leaky_relu, "leaky_relu", cases, kind)


def check_neuron_forward(neuron_forward, cases=None, kind="visible"):
    """Every activation, then an unknown one, which must raise ``ValueError``."""
    x, w = np.array([[1.0, 2.0]]), np.array([1.0, -1.0])
    check_raises(neuron_forward, "neuron_forward",
                 dict(x=x, w=w, b=0.0, activation="softsign", a=1.0), ValueError,
                 mentions=("step", "sigmoid", "tanh", "relu"),
                 mistake="an unknown activation is silently accepted; raise ValueError "
                         "naming the allowed choices")
    _run(neuron_forward, "neuron_forward", cases, kind, forbid_warnings=True)


def check_signed_distance(signed_distance, cases=None, kind="visible"):
    _run(signed_distance, "signed_distance", cases, kind)


TRUTH_TABLES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0]}


def check_gate_weights(gate_weights, cases=None, kind="visible"):
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
    passed("gate_weights", len(TRUTH_TABLES), kind)
