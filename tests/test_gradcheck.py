"""Tests for nnscratch.gradcheck: numerical gradients, relative error, reports."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnscratch.gradcheck import (
    central_difference,
    check_gradient,
    gradient_report,
    relative_error,
)


# ------------------------------------------------------------------------- central_difference
def test_central_difference_sum_of_squares():
    x = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.5]])
    grad = central_difference(lambda v: np.sum(v ** 2), x)
    assert grad.shape == x.shape and grad.dtype == np.float64
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-8, atol=1e-9)


def test_central_difference_matrix_product():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((4, 3))
    W = rng.standard_normal((3, 5))
    C = rng.standard_normal((4, 5))
    # f(W) = sum(C * (A @ W))  has gradient  A.T @ C
    grad = central_difference(lambda w: np.sum(C * (A @ w)), W)
    np.testing.assert_allclose(grad, A.T @ C, rtol=1e-7, atol=1e-9)


def test_central_difference_is_second_order_accurate():
    x = np.array([0.7])
    # for exp the error of central differences is about h**2 / 6 * exp(x)
    error = abs(central_difference(lambda v: np.exp(v).sum(), x, h=1e-3)[0] - np.exp(0.7))
    assert error < 1e-6


def test_central_difference_restores_x_exactly():
    x = np.array([0.1, 0.2, 0.3, 1e10, -7.123456789])
    before = x.copy()
    seen = []
    central_difference(lambda v: seen.append(v is x) or np.sum(np.sin(v)), x)
    np.testing.assert_array_equal(x, before)
    assert all(seen), "f must receive x itself (perturbed in place)"


def test_central_difference_restores_x_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def f(v):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError, match="boom"):
        central_difference(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])


def test_central_difference_accepts_single_element_array_output_and_scalars():
    x = np.array(2.0)                       # 0-d array
    grad = central_difference(lambda v: np.array([v ** 3]), x)
    assert grad.shape == ()
    np.testing.assert_allclose(grad, 12.0, rtol=1e-8)


def test_central_difference_errors():
    with pytest.raises(TypeError, match=r"central_difference: x must be a float ndarray .*got "
                                        r"an array of dtype int64"):
        central_difference(np.sum, np.array([1, 2, 3]))
    with pytest.raises(TypeError, match=r"central_difference: x must be a float ndarray .*got list"):
        central_difference(np.sum, [1.0, 2.0])
    with pytest.raises(TypeError, match=r"central_difference: f must be a function"):
        central_difference("f", np.zeros(2))
    with pytest.raises(ValueError, match=r"central_difference: h must be a positive number, got 0"):
        central_difference(np.sum, np.zeros(2), h=0)
    with pytest.raises(ValueError, match=r"central_difference: f must return a scalar, got an "
                                         r"array of shape \(2,\)"):
        central_difference(lambda v: v * 2, np.zeros(2))


@settings(max_examples=25, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                  elements=st.floats(-10, 10)))
def test_central_difference_quadratic_property(x):
    before = x.copy()
    grad = central_difference(lambda v: 0.5 * np.sum(v * v) + np.sum(3 * v), x)
    np.testing.assert_allclose(grad, x + 3, atol=1e-6)
    np.testing.assert_array_equal(x, before)


# ------------------------------------------------------------------------- relative_error
def test_relative_error_known_cases():
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0                 # zeros: no 0/0
    assert relative_error(np.array([1.0, 4.0]), np.array([1.0, 2.0])) == pytest.approx(0.5)
    assert relative_error(np.zeros(2), np.array([0.0, 3.0])) == pytest.approx(1.0)
    assert relative_error(np.array([1.0]), np.array([-1.0])) == pytest.approx(2.0)
    assert relative_error(2.0, 2.0 + 2e-9) == pytest.approx(1e-9, rel=1e-3)
    assert relative_error([[1.0, 2.0]], [[1.0, 2.0]]) == 0.0               # lists accepted


def test_relative_error_ignores_round_off_in_zero_entries():
    big = np.array([3.0, -2.0, 0.0])
    noisy = np.array([3.0, -2.0, 1e-15])
    assert relative_error(big, noisy) < 1e-14


def test_relative_error_symmetric_and_scale_free():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((2, 5, 3))
    assert relative_error(a, b) == relative_error(b, a)
    assert relative_error(1e6 * a, 1e6 * b) == pytest.approx(relative_error(a, b))


def test_relative_error_non_finite_is_inf():
    assert relative_error(np.array([np.nan, 1.0]), np.array([0.0, 1.0])) == np.inf
    assert relative_error(np.array([np.inf]), np.array([np.inf])) == np.inf


def test_relative_error_errors():
    with pytest.raises(ValueError, match=r"relative_error: a and b must have the same shape, "
                                         r"got \(2, 3\) and \(3, 2\)"):
        relative_error(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(TypeError, match=r"relative_error: a must be an array of numbers, got NoneType"):
        relative_error(None, np.zeros(2))
    with pytest.raises(TypeError, match=r"relative_error: b must be an array of numbers, got str"):
        relative_error(np.zeros(2), "0.0")


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 10), elements=st.floats(-1e6, 1e6)))
def test_relative_error_zero_on_identical_property(a):
    assert relative_error(a, a.copy()) == 0.0
    assert 0.0 <= relative_error(a, -a) <= 2.0


# ------------------------------------------------------------------------- gradient_report
def test_gradient_report_locates_a_planted_wrong_entry():
    rng = np.random.default_rng(0)
    numeric = rng.standard_normal((4, 3))
    analytic = numeric.copy()
    analytic[2, 1] += 5.0
    analytic[0, 2] += 0.5
    report = gradient_report(analytic, numeric, name="dW1", top=2)
    lines = report.splitlines()
    assert lines[0].startswith("dW1: shape (4, 3), relative error")
    assert "(2, 1)" in lines[2] and "5.00e+00" in lines[2]       # worst first
    assert "(0, 2)" in lines[3]
    assert len(lines) == 4                                         # header, title, 2 entries
    assert f"{analytic[2, 1]: .6e}" in lines[2] and f"{numeric[2, 1]: .6e}" in lines[2]


def test_gradient_report_top_larger_than_size_and_nan():
    report = gradient_report(np.array([1.0, np.nan]), np.array([1.0, 2.0]), top=5)
    lines = report.splitlines()
    assert "relative error inf" in lines[0]
    assert "(1,)" in lines[2]                                      # the nan entry is worst
    assert len(lines) == 4


def test_gradient_report_transposed():
    rng = np.random.default_rng(0)
    numeric = rng.standard_normal((2, 3))
    report = gradient_report(numeric.T, numeric, name="dW")
    assert "dW: shapes differ: analytic (3, 2), numerical (2, 3)" in report
    assert "looks transposed" in report and "its transpose matches" in report
    report = gradient_report(rng.standard_normal((3, 2)), numeric)
    assert "looks transposed" in report and "its transpose matches" not in report


def test_gradient_report_other_shape_mismatches():
    report = gradient_report(np.zeros(6), np.zeros((2, 3)))
    assert "shapes differ" in report and "reshape" in report
    report = gradient_report(np.zeros(4), np.zeros(3))
    assert "shapes differ: analytic (4,), numerical (3,)" in report


def test_gradient_report_errors():
    with pytest.raises(ValueError, match=r"gradient_report: top must be a positive int, got 0"):
        gradient_report(np.zeros(2), np.zeros(2), top=0)
    with pytest.raises(TypeError, match=r"gradient_report: numeric must be an array of numbers"):
        gradient_report(np.zeros(2), None)


# ------------------------------------------------------------------------- check_gradient
def _softmax_loss(W, X, y):
    S = X @ W
    S = S - S.max(axis=1, keepdims=True)
    P = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)
    return -np.mean(np.log(P[np.arange(len(y)), y])), P


def test_check_gradient_passes_on_a_right_gradient():
    rng = np.random.default_rng(0)
    X, W, y = rng.standard_normal((6, 4)), rng.standard_normal((4, 3)), rng.integers(0, 3, 6)
    _, P = _softmax_loss(W, X, y)
    P[np.arange(6), y] -= 1
    analytic = X.T @ P / 6
    error = check_gradient(lambda w: _softmax_loss(w, X, y)[0], W, analytic, name="dW")
    assert 0.0 <= error <= 1e-6


def test_check_gradient_raises_on_a_wrong_gradient():
    rng = np.random.default_rng(0)
    X, W, y = rng.standard_normal((6, 4)), rng.standard_normal((4, 3)), rng.integers(0, 3, 6)
    _, P = _softmax_loss(W, X, y)
    P[np.arange(6), y] -= 1
    missing_mean = X.T @ P                                        # forgot the 1/N
    with pytest.raises(AssertionError, match=r"(?s)dW: shape \(4, 3\).*worst entries.*"
                                             r"exceeds tol 1.0e-06"):
        check_gradient(lambda w: _softmax_loss(w, X, y)[0], W, missing_mean, name="dW")


def test_check_gradient_shape_mismatch_is_an_assertion():
    x = np.ones((2, 3))
    with pytest.raises(AssertionError, match=r"looks transposed"):
        check_gradient(lambda v: np.sum(v ** 2), x, (2 * x).T)


def test_check_gradient_tol_and_errors():
    x = np.array([1.0, 2.0])
    slightly_off = 2 * x + np.array([1e-4, 0.0])
    check_gradient(lambda v: np.sum(v ** 2), x, slightly_off, tol=1e-3)
    with pytest.raises(AssertionError):
        check_gradient(lambda v: np.sum(v ** 2), x, slightly_off)
    with pytest.raises(ValueError, match=r"check_gradient: tol must be a positive number, got -1"):
        check_gradient(lambda v: np.sum(v ** 2), x, 2 * x, tol=-1)
    with pytest.raises(AssertionError):                          # nan never passes
        check_gradient(lambda v: np.sum(v ** 2), x, np.array([np.nan, 4.0]))


# ------------------------------------------------------------------------- upstream gradients
def test_central_difference_with_dout_is_the_vector_jacobian_product():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(3, 4))
    x = rng.normal(size=(2, 3))
    dout = rng.normal(size=(2, 4))
    numeric = central_difference(lambda v: np.tanh(v @ W), x, dout=dout)
    analytic = (dout * (1 - np.tanh(x @ W) ** 2)) @ W.T        # what a backward pass returns
    assert relative_error(numeric, analytic) < 1e-8


def test_central_difference_with_dout_of_the_wrong_shape_says_so():
    with pytest.raises(ValueError, match=r"f\(x\) has shape \(2,\) but dout has shape \(3,\)"):
        central_difference(lambda v: v * 2, np.zeros(2), dout=np.ones(3))
