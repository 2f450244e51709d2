"""Interactive explorers for the lessons (ipywidgets + matplotlib).

Each explorer redraws a plain drawing function, which you can also call yourself to make
a static figure:

    draw_neuron(forward, w1=1, w2=1, b=-2, a=10)      # one picture
    neuron_explorer(forward)                         # the same picture, with sliders

ipywidgets is imported only when an explorer is built, so the drawing functions work
without it.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Real

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from .plot import line_2d

__all__ = ["draw_neuron", "neuron_explorer"]

NeuronForward = Callable[[np.ndarray, np.ndarray, float, float], np.ndarray]


def _check_float(value: float, name: str, func: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{func}: {name} must be a number, got {value!r} "
                        f"({type(value).__name__})")
    if not np.isfinite(value):
        raise ValueError(f"{func}: {name} must be a finite number, got {value!r}")
    return float(value)


def draw_neuron(forward: NeuronForward, w1: float, w2: float, b: float, a: float = 1.0,
                ax: Axes | None = None, xlim: tuple[float, float] = (-5, 5),
                ylim: tuple[float, float] = (-5, 5), resolution: int = 100) -> Axes:
    """Draw a two-input neuron's output over the plane, its boundary and its normal vector.

    Parameters
    ----------
    forward : callable
        ``forward(X, w, b, a)`` with X of shape (M, 2), w of shape (2,), float b and float
        slope a, returns the (M,) outputs, e.g.
        ``lambda X, w, b, a: neuron_forward(X, w, b, "sigmoid", a)``.
    w1, w2 : float
        The weights, w = (w1, w2).
    b : float
        The bias.
    a : float
        The activation's slope (> 0), passed on to forward.
    ax : matplotlib Axes, optional
    xlim, ylim : pair of floats
        The square of the plane shown.
    resolution : int
        Grid points per side (M = resolution ** 2).

    Returns
    -------
    ax : matplotlib Axes
        A heat map of the output (with a colour bar), the line w . x + b = 0 (dashed,
        unless w = 0) and an arrow for w starting on that line.
    """
    func = "draw_neuron"
    if not callable(forward):
        raise TypeError(f"{func}: forward must be a function forward(X, w, b, a), "
                        f"got {type(forward).__name__}")
    w = np.array([_check_float(w1, "w1", func), _check_float(w2, "w2", func)])
    b = _check_float(b, "b", func)
    a = _check_float(a, "a", func)
    if a <= 0:
        raise ValueError(f"{func}: a must be positive, got {a}")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) \
            or resolution < 2:
        raise ValueError(f"{func}: resolution must be an int >= 2, got {resolution!r}")
    if ax is None:
        _, ax = plt.subplots()

    xx, yy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    X = np.column_stack([xx.ravel(), yy.ravel()])
    out = np.asarray(forward(X, w, b, a))
    if out.shape != (len(X),):
        raise ValueError(f"{func}: forward(X, w, b, a) must return one value per row of X, "
                         f"i.e. shape ({len(X)},) for X of shape {X.shape}, got {out.shape}")

    image = ax.imshow(out.reshape(resolution, resolution), origin="lower",
                      extent=(*xlim, *ylim), aspect="auto", cmap="viridis")
    ax.figure.colorbar(image, ax=ax, label="output")
    if np.any(w):
        line_2d(w, b, ax, xlim, color="white", linestyle="--", linewidth=1.5)
        foot = -b / (w @ w) * w                  # point of the line nearest the origin
        ax.annotate("", xy=tuple(foot + w), xytext=tuple(foot),
                    arrowprops=dict(arrowstyle="->", color="white", linewidth=2))
        ax.text(*(foot + 1.08 * w), "w", color="white", fontsize="large", clip_on=True)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(f"w = ({w[0]:.2f}, {w[1]:.2f}), b = {b:.2f}, a = {a:.2g}")
    return ax


def neuron_explorer(forward: NeuronForward, w1: float = 1.0, w2: float = 1.0,
                    b: float = -2.0, a: float = 1.0):
    """Sliders for w1, w2, b (from -5 to 5) and a (0.1 to 10, log scale) redrawing a neuron.

    Parameters
    ----------
    forward : callable
        ``forward(X, w, b, a)`` as in ``draw_neuron``.
    w1, w2, b : float
        Initial slider values, between -5 and 5.
    a : float
        Initial slope, between 0.1 and 10.

    Returns
    -------
    ipywidgets.interactive
        The widget (sliders + figure); show it by leaving it last in a cell or with
        ``display(...)``.
    """
    import ipywidgets as widgets

    func = "neuron_explorer"
    if not callable(forward):
        raise TypeError(f"{func}: forward must be a function forward(X, w, b, a), "
                        f"got {type(forward).__name__}")
    start = {}
    for name, value in (("w1", w1), ("w2", w2), ("b", b)):
        start[name] = _check_float(value, name, func)
        if not -5 <= start[name] <= 5:
            raise ValueError(f"{func}: {name} must be between -5 and 5 (the slider's range), "
                             f"got {value}")
    a = _check_float(a, "a", func)
    if not 0.1 <= a <= 10:
        raise ValueError(f"{func}: a must be between 0.1 and 10 (the slider's range), got {a}")

    def redraw(w1, w2, b, a):
        _, ax = plt.subplots(figsize=(6, 4.8))
        draw_neuron(forward, w1, w2, b, a, ax=ax)
        plt.show()

    sliders = {
        name: widgets.FloatSlider(value=value, min=-5.0, max=5.0, step=0.1, description=name,
                                  continuous_update=False)
        for name, value in start.items()
    }
    sliders["a"] = widgets.FloatLogSlider(value=a, base=10, min=-1, max=1, step=0.05,
                                          description="a", continuous_update=False)
    return widgets.interactive(redraw, **sliders)
