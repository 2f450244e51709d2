"""Check an analytic gradient against a numerical one (central differences).

The recipe: compute the gradient you derived (``analytic``), estimate it numerically by
nudging every entry of ``x`` up and down, and compare the two with ``relative_error``.
In float64 a correct gradient gives a relative error around 1e-8 or smaller; a bug
usually gives something close to 1.

>>> import numpy as np
>>> x = np.array([1.0, -2.0, 3.0])
>>> error = check_gradient(lambda x: np.sum(x ** 2), x, analytic=2 * x)  # passes
>>> error < 1e-6
True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["central_difference", "relative_error", "gradient_report", "check_gradient"]


def _as_float_array(value, what: str, func: str) -> np.ndarray:
    """Convert numbers or nested lists to a float64 array, with a clear error otherwise."""
    if value is None or isinstance(value, (str, bytes, dict)):
        raise TypeError(f"{func}: {what} must be an array of numbers, got {type(value).__name__}")
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{func}: {what} must be an array of numbers, got "
                        f"{type(value).__name__} ({error})") from None


def central_difference(f: Callable[[np.ndarray], float], x: np.ndarray,
                       h: float = 1e-5, dout: np.ndarray | None = None) -> np.ndarray:
    """Numerical gradient of a scalar function by central differences.

    With ``dout`` (what a backward pass receives), ``f`` may return an array of ``dout``'s
    shape, and the gradient is that of the scalar ``sum(f(x) * dout)``: exactly what a
    backward function ``(dout, cache) -> dx`` must return.

    For every entry i: ``grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)``, whose error
    shrinks like h**2. Each entry of ``x`` is changed in place, ``f`` is called, and the
    entry is put back, so ``f`` sees the array it normally works on (handy when ``x`` is a
    weight matrix inside a parameter dict). ``x`` holds exactly its original values
    afterwards, even if ``f`` raises.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a scalar (a float or an array with a single element), or, with
        ``dout``, an array of ``dout``'s shape.
    x : ndarray of any shape, floating dtype
        The point where the gradient is estimated (modified temporarily, then restored).
    h : float
        Step size (> 0). 1e-5 suits float64.
    dout : ndarray, optional
        The upstream gradient: the result is the gradient of ``sum(f(x) * dout)``.

    Returns
    -------
    grad : ndarray with the shape of x, float64
    """
    func = "central_difference"
    if not callable(f):
        raise TypeError(f"{func}: f must be a function of x returning a scalar, "
                        f"got {type(f).__name__}")
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        got = f"an array of dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(f"{func}: x must be a float ndarray (it is perturbed in place), "
                        f"got {got}")
    if isinstance(h, bool) or not isinstance(h, (int, float, np.floating)) or not h > 0:
        raise ValueError(f"{func}: h must be a positive number, got {h!r}")

    upstream = None if dout is None else _as_float_array(dout, "dout", func)

    def value_at(point: np.ndarray) -> float:
        out = np.asarray(f(point))
        if upstream is not None:
            if out.shape != upstream.shape:
                raise ValueError(f"{func}: f(x) has shape {out.shape} but dout has shape "
                                 f"{upstream.shape}; they must match")
            return float(np.sum(out * upstream))
        if out.size != 1:
            raise ValueError(f"{func}: f must return a scalar, got an array of shape {out.shape}")
        return float(out.reshape(()))

    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + h
            f_plus = value_at(x)
            x[index] = original - h
            f_minus = value_at(x)
        finally:
            x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """Largest entry-wise difference, relative to the largest magnitude in a or b.

    ``max |a - b| / max(max |a|, max |b|, 1e-12)``

    It is 0 for identical arrays and about 1 when the arrays disagree completely (for
    example when one of them is all zeros). Dividing by the largest magnitude of the whole
    array, rather than entry by entry, keeps round-off in entries that should be zero from
    looking like a huge error. The 1e-12 floor only avoids dividing by zero when both
    arrays are (nearly) all zeros.

    Parameters
    ----------
    a, b : arrays of the same shape (scalars allowed)

    Returns
    -------
    float
        The relative error, >= 0; ``inf`` when either array holds nan or inf.
    """
    func = "relative_error"
    a = _as_float_array(a, "a", func)
    b = _as_float_array(b, "b", func)
    if a.shape != b.shape:
        raise ValueError(f"{func}: a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12)
    return float(np.max(np.abs(a - b)) / scale)


def gradient_report(analytic: np.ndarray, numeric: np.ndarray, name: str = "gradient",
                    top: int = 3) -> str:
    """Describe how an analytic gradient compares with a numerical one.

    Parameters
    ----------
    analytic : array of shape S
        The gradient you computed.
    numeric : array of shape S
        The reference, usually from ``central_difference``.
    name : str
        What to call the gradient in the text (e.g. "dW1").
    top : int
        How many of the worst entries to list (>= 1).

    Returns
    -------
    str
        Several lines: the shapes, the relative error, and the ``top`` entries with the
        largest absolute difference (index, analytic value, numerical value). When the shapes
        differ, the text says so (and whether the analytic one looks transposed).
    """
    func = "gradient_report"
    analytic = _as_float_array(analytic, "analytic", func)
    numeric = _as_float_array(numeric, "numeric", func)
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise ValueError(f"{func}: top must be a positive int, got {top!r}")

    if analytic.shape != numeric.shape:
        lines = [f"{name}: shapes differ: analytic {analytic.shape}, numerical {numeric.shape}"]
        if analytic.ndim == 2 and analytic.shape == numeric.shape[::-1]:
            hint = "the analytic gradient looks transposed"
            if relative_error(analytic.T, numeric) < 1e-6:
                hint += " (its transpose matches the numerical gradient)"
            lines.append(hint)
        elif analytic.size == numeric.size:
            lines.append("same number of entries: a reshape or a wrong axis?")
        return "\n".join(lines)

    error = relative_error(analytic, numeric)
    lines = [f"{name}: shape {analytic.shape}, relative error {error:.3e}"]
    diff = np.abs(analytic - numeric).ravel()
    diff = np.where(np.isnan(diff), np.inf, diff)        # nan counts as the worst
    worst = np.argsort(-diff, kind="stable")[: min(top, diff.size)]
    lines.append("worst entries (index: analytic vs numerical, |difference|):")
    for flat in worst:
        index = np.unravel_index(flat, analytic.shape)
        index = tuple(int(i) for i in index)
        lines.append(f"  {index}: {analytic[index]: .6e} vs {numeric[index]: .6e}, "
                     f"{diff[flat]:.2e}")
    return "\n".join(lines)


def check_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, analytic: np.ndarray,
                   h: float = 1e-5, tol: float = 1e-6, name: str = "gradient") -> float:
    """Assert that ``analytic`` matches the central-difference gradient of f at x.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a scalar.
    x : ndarray of any shape, floating dtype
        Point where the gradient is checked (restored afterwards).
    analytic : array with the shape of x
        The gradient you computed at x.
    h : float
        Step of the central differences.
    tol : float
        Largest acceptable ``relative_error``.
    name : str
        Name used in the report.

    Returns
    -------
    float
        The relative error (<= tol).

    Raises
    ------
    AssertionError
        With a ``gradient_report`` when the shapes differ or the error exceeds tol.
    """
    if isinstance(tol, bool) or not isinstance(tol, (int, float, np.floating)) or not tol > 0:
        raise ValueError(f"check_gradient: tol must be a positive number, got {tol!r}")
    numeric = central_difference(f, x, h)
    analytic = _as_float_array(analytic, "analytic", "check_gradient")
    report = gradient_report(analytic, numeric, name=name)
    if analytic.shape != numeric.shape:
        raise AssertionError(report)
    error = relative_error(analytic, numeric)
    if not error <= tol:
        raise AssertionError(f"{report}\nrelative error {error:.3e} exceeds tol {tol:.1e}")
    return error
