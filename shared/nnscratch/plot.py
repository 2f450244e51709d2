"""Figures used across the lessons (matplotlib).

Every drawing function takes ``ax=None`` (a new figure is created when it is None) and
returns what it drew on, so figures can be combined::

    fig, (left, right) = plt.subplots(1, 2)
    decision_regions(predict, X, y, ax=left)
    loss_curves({"train": losses}, ax=right)

Nothing here calls ``plt.show()``.

Figures everyone can read: classes get the colour-blind-safe Okabe-Ito colours (``PALETTE``)
*and* a marker of their own (``MARKERS``), so they stay apart in grey or for a reader who
cannot tell the colours apart; values over the plane use the perceptually uniform viridis
(cividis for the confusion matrix). Every figure a function creates has a title, both axes
are labelled, and there is a legend or a colour bar wherever colours carry a meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from numbers import Real

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

__all__ = [
    "PALETTE",
    "MARKERS",
    "LINESTYLES",
    "class_style",
    "decision_regions",
    "activation_surface",
    "loss_curves",
    "optimizer_paths",
    "confusion_matrix",
    "plot_confusion_matrix",
    "weight_templates",
    "line_2d",
]


# ----------------------------------------------------------------------------------
# Colours and markers
# ----------------------------------------------------------------------------------

#: Okabe & Ito's colour-blind-safe palette (blue, orange, bluish green, reddish purple, sky
#: blue, vermillion, yellow, black): class k is drawn in ``PALETTE[k % 8]``.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
#: One marker per class (up to 10 classes), so classes differ by shape as well as colour.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
#: Line styles for curves, cycled with the colours.
LINESTYLES = ("-", "--", "-.", ":")

SURFACE_CMAP = "viridis"
MATRIX_CMAP = "cividis"


def class_style(k: int) -> dict:
    """The colour and marker of the k-th class (k = 0, 1, ...), for ``ax.scatter(**style)``."""
    return {"color": PALETTE[k % len(PALETTE)], "marker": MARKERS[k % len(MARKERS)]}


def _line_style(k: int) -> dict:
    return {"color": PALETTE[k % len(PALETTE)], "linestyle": LINESTYLES[k % len(LINESTYLES)]}


# ----------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------

def _get_ax(ax: Axes | None, func: str) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    elif not isinstance(ax, Axes):
        raise TypeError(f"{func}: ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _check_limits(lim: Sequence[float], name: str, func: str) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in lim)
    except (TypeError, ValueError):
        raise TypeError(f"{func}: {name} must be a pair (low, high), got {lim!r}") from None
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"{func}: {name} must be finite with low < high, got {lim!r}")
    return low, high


def _check_resolution(resolution: int, func: str) -> int:
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) \
            or resolution < 2:
        raise ValueError(f"{func}: resolution must be an int >= 2, got {resolution!r}")
    return int(resolution)


def _grid(xlim, ylim, resolution: int):
    """A resolution x resolution grid over the rectangle.

    Returns xs (R,), ys (R,) and the grid points as one (R*R, 2) array whose row
    ``i * R + j`` is the point (xs[j], ys[i]), so values reshape to an (R, R) image.
    """
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    xx, yy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([xx.ravel(), yy.ravel()])


def _evaluate(f: Callable, points: np.ndarray, func: str, what: str) -> np.ndarray:
    """Call f on an (M, 2) array and insist on one value per row: shape (M,)."""
    if not callable(f):
        raise TypeError(f"{func}: {what} must be a function of an (M, 2) array, "
                        f"got {type(f).__name__}")
    values = np.asarray(f(points))
    if values.shape != (len(points),):
        raise ValueError(f"{func}: {what} must return one value per row of its (M, 2) input, "
                         f"i.e. shape ({len(points)},), got shape {values.shape}")
    return values


def _set_title(ax: Axes, title: str | None, default: str, new_figure: bool) -> None:
    """The given title; a default one when the function drew the whole figure."""
    if title is not None:
        ax.set_title(title)
    elif new_figure:
        ax.set_title(default)


def _check_points(X, y, func: str) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"{func}: X must have shape (N, 2) with N >= 1, got {X.shape}")
    if y.shape != (len(X),):
        raise ValueError(f"{func}: y must have shape ({len(X)},) like the rows of X, "
                         f"got {y.shape}")
    return X, y


# ----------------------------------------------------------------------------------
# Functions over the plane
# ----------------------------------------------------------------------------------

def decision_regions(predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray,
                     y: np.ndarray, ax: Axes | None = None, resolution: int = 200,
                     padding: float = 0.5, title: str | None = None) -> Axes:
    """Colour the plane by predicted class and scatter the data on top.

    Parameters
    ----------
    predict : callable
        Maps an (M, 2) array of points to their (M,) predicted labels (any integers, e.g.
        0..K-1 or -1/+1).
    X : array of shape (N, 2)
        The data points.
    y : array of shape (N,)
        Their true labels (the colour of each point).
    ax : matplotlib Axes, optional
    resolution : int
        The plane is evaluated on a resolution x resolution grid.
    padding : float
        Margin around the data, in data units.
    title : str, optional
        Default "Decision regions" when the function creates the figure.

    Returns
    -------
    ax : matplotlib Axes
        With one image (the regions) and one scatter per class, each class in its colour
        of ``PALETTE`` and its marker of ``MARKERS``, and a legend.
    """
    func = "decision_regions"
    X, y = _check_points(X, y, func)
    resolution = _check_resolution(resolution, func)
    if isinstance(padding, bool) or not isinstance(padding, Real) or not padding >= 0:
        raise ValueError(f"{func}: padding must be a non-negative number, got {padding!r}")
    new_figure = ax is None
    ax = _get_ax(ax, func)

    xlim = (X[:, 0].min() - padding, X[:, 0].max() + padding)
    ylim = (X[:, 1].min() - padding, X[:, 1].max() + padding)
    _, _, points = _grid(xlim, ylim, resolution)
    predicted = _evaluate(predict, points, func, "predict")

    classes = np.unique(np.concatenate([y, predicted]))
    if len(classes) > 10:
        raise ValueError(f"{func}: predict should return class labels, but y and the "
                         f"predictions hold {len(classes)} distinct values (at most 10 "
                         "supported); did you return scores or probabilities instead of labels?")
    styles = [class_style(k) for k in range(len(classes))]
    region = np.searchsorted(classes, predicted).reshape(resolution, resolution)
    ax.imshow(region, origin="lower", extent=(*xlim, *ylim), aspect="auto",
              cmap=ListedColormap([style["color"] for style in styles]), vmin=-0.5,
              vmax=len(classes) - 0.5, alpha=0.3, interpolation="nearest")
    for style, label in zip(styles, classes):
        mask = y == label
        if mask.any():
            ax.scatter(X[mask, 0], X[mask, 1], **style, edgecolors="black",
                       linewidths=0.5, s=24, label=f"class {label:g}")
    ax.legend(loc="best", fontsize="small")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    _set_title(ax, title, "Decision regions", new_figure)
    return ax


def activation_surface(f: Callable[[np.ndarray], np.ndarray],
                       xlim: tuple[float, float] = (-5, 5), ylim: tuple[float, float] = (-5, 5),
                       ax: Axes | None = None, kind: str = "heatmap", resolution: int = 100,
                       title: str | None = None) -> Axes:
    """Show a function of two inputs as a heat map or a 3-D surface.

    Parameters
    ----------
    f : callable
        Maps an (M, 2) array of points to (M,) values, e.g. a neuron's output.
    xlim, ylim : pair of floats
        The rectangle shown.
    ax : matplotlib Axes, optional
        For kind="surface" it must be a 3-D axes (``fig.add_subplot(projection="3d")``).
    kind : {"heatmap", "surface"}
    resolution : int
        Grid points per side.
    title : str, optional
        Default "Output over the input plane" when the function creates the figure.

    Returns
    -------
    ax : matplotlib Axes (3-D axes for kind="surface")
        Coloured with viridis; the heat map has a colour bar labelled "output".
    """
    func = "activation_surface"
    if kind not in ("heatmap", "surface"):
        raise ValueError(f"{func}: kind must be 'heatmap' or 'surface', got {kind!r}")
    xlim = _check_limits(xlim, "xlim", func)
    ylim = _check_limits(ylim, "ylim", func)
    resolution = _check_resolution(resolution, func)
    new_figure = ax is None
    if kind == "surface":
        if ax is None:
            ax = plt.figure().add_subplot(projection="3d")
        elif getattr(ax, "name", None) != "3d":
            raise ValueError(f"{func}: kind='surface' needs a 3-D axes, e.g. "
                             "fig.add_subplot(projection='3d'), got a 2-D axes")
    else:
        ax = _get_ax(ax, func)
        if ax.name == "3d":
            raise ValueError(f"{func}: kind='heatmap' needs a 2-D axes, got a 3-D axes")

    xs, ys, points = _grid(xlim, ylim, resolution)
    values = _evaluate(f, points, func, "f").reshape(resolution, resolution)
    if kind == "heatmap":
        image = ax.imshow(values, origin="lower", extent=(*xlim, *ylim), aspect="auto",
                          cmap=SURFACE_CMAP)
        ax.figure.colorbar(image, ax=ax, label="output")
    else:
        xx, yy = np.meshgrid(xs, ys)
        ax.plot_surface(xx, yy, values, cmap=SURFACE_CMAP, linewidth=0)
        ax.set_zlabel("output")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    _set_title(ax, title, "Output over the input plane", new_figure)
    return ax


def optimizer_paths(loss: Callable[[np.ndarray], np.ndarray],
                    paths: Mapping[str, np.ndarray], xlim: tuple[float, float] = (-2, 2),
                    ylim: tuple[float, float] = (-2, 2), ax: Axes | None = None,
                    levels: int | Sequence[float] = 30, resolution: int = 200,
                    title: str | None = None) -> Axes:
    """Draw the paths of optimizers over the contour lines of a 2-D loss.

    Parameters
    ----------
    loss : callable
        Maps an (M, 2) array of points to their (M,) loss values.
    paths : dict
        Label -> array of shape (T, 2): the successive points visited by one optimizer.
    xlim, ylim : pair of floats
        The rectangle shown.
    ax : matplotlib Axes, optional
    levels : int or sequence of floats
        Number of contour lines, or their values (e.g. ``np.logspace(-1, 3, 20)`` for
        a loss such as Rosenbrock's that varies over several orders of magnitude).
    resolution : int
        Grid points per side for the contours.
    title : str, optional
        Default "Optimizer paths over the loss" when the function creates the figure.

    Returns
    -------
    ax : matplotlib Axes
        Viridis contour lines; one line per path, each with its colour, line style and
        marker; a legend.
    """
    func = "optimizer_paths"
    if not isinstance(paths, Mapping):
        raise TypeError(f"{func}: paths must be a dict mapping a label to a (T, 2) array, "
                        f"got {type(paths).__name__}")
    xlim = _check_limits(xlim, "xlim", func)
    ylim = _check_limits(ylim, "ylim", func)
    resolution = _check_resolution(resolution, func)
    new_figure = ax is None
    ax = _get_ax(ax, func)

    xs, ys, points = _grid(xlim, ylim, resolution)
    values = _evaluate(loss, points, func, "loss").reshape(resolution, resolution)
    ax.contour(xs, ys, values, levels=levels, cmap=SURFACE_CMAP, linewidths=0.8)
    for k, (label, path) in enumerate(paths.items()):
        path = np.asarray(path, dtype=np.float64)
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"{func}: path {label!r} must have shape (T, 2), got {path.shape}")
        ax.plot(path[:, 0], path[:, 1], **_line_style(k), marker=MARKERS[k % len(MARKERS)],
                markersize=3.5, linewidth=1.4, label=str(label))
    if paths:
        ax.legend(loc="best", fontsize="small")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    _set_title(ax, title, "Optimizer paths over the loss", new_figure)
    return ax


def line_2d(w: np.ndarray, b: float, ax: Axes | None = None,
            xlim: tuple[float, float] | None = None, **kwargs) -> Axes:
    """Draw the straight line ``w . x + b = 0`` (a neuron's or perceptron's boundary).

    The line is drawn across the whole plot (matplotlib's ``axline``), vertical lines
    included, and does not stretch the axes' limits. It is anchored at its point nearest
    the middle of ``xlim`` (and of the current y-limits).

    Parameters
    ----------
    w : array of shape (2,)
        Normal vector of the line; must not be zero.
    b : float
        Offset.
    ax : matplotlib Axes, optional
    xlim : pair of floats, optional
        The x-range of interest; default the axes' current x-limits.
    **kwargs
        Passed to ``ax.axline`` (color, linestyle, label, ...).

    Returns
    -------
    ax : matplotlib Axes
    """
    func = "line_2d"
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (2,):
        raise ValueError(f"{func}: w must have shape (2,), got {w.shape}")
    if not np.all(np.isfinite(w)) or not np.any(w):
        raise ValueError(f"{func}: w must be finite and not zero (w = 0 has no boundary line), "
                         f"got {w}")
    b = np.asarray(b, dtype=np.float64)
    if b.size != 1 or not np.isfinite(b).all():
        raise ValueError(f"{func}: b must be a finite number, got {b!r}")
    b = float(b.reshape(()))
    ax = _get_ax(ax, func)
    xlim = ax.get_xlim() if xlim is None else _check_limits(xlim, "xlim", func)

    middle = np.array([np.mean(xlim), np.mean(ax.get_ylim())])
    # Move the middle point along w until w . x + b = 0: the nearest point of the line.
    anchor = middle - (w @ middle + b) / (w @ w) * w
    direction = np.array([-w[1], w[0]]) / np.linalg.norm(w)
    ax.axline(tuple(anchor), tuple(anchor + direction), **kwargs)
    return ax


# ----------------------------------------------------------------------------------
# Training curves
# ----------------------------------------------------------------------------------

def loss_curves(curves: Mapping[str, Sequence[float]], ax: Axes | None = None,
                xlabel: str = "step", ylabel: str = "loss", logy: bool = False,
                title: str | None = None) -> Axes:
    """Plot one or more curves (loss, accuracy, ...) against the step number.

    Parameters
    ----------
    curves : dict
        Label -> 1-D sequence of values of length T_label, e.g.
        ``{"train": train_losses, "validation": val_losses}``.
    ax : matplotlib Axes, optional
    xlabel, ylabel : str
        Axis labels (use ylabel="accuracy" for accuracy curves).
    logy : bool
        Use a logarithmic y-axis (good for losses spanning orders of magnitude).
    title : str, optional
        Default "<ylabel> per <xlabel>" when the function creates the figure.

    Returns
    -------
    ax : matplotlib Axes
        With one line per curve (its own colour and line style) and a legend.
    """
    func = "loss_curves"
    if not isinstance(curves, Mapping):
        raise TypeError(f"{func}: curves must be a dict mapping a label to a 1-D sequence, "
                        f"e.g. {{'train': losses}}, got {type(curves).__name__}")
    new_figure = ax is None
    ax = _get_ax(ax, func)
    for k, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 1:
            raise ValueError(f"{func}: curve {label!r} must be 1-D, got shape {values.shape}")
        ax.plot(np.arange(len(values)), values, **_line_style(k), label=str(label))
    if logy:
        ax.set_yscale("log")
    if curves:
        ax.legend(loc="best")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _set_title(ax, title, f"{ylabel[:1].upper()}{ylabel[1:]} per {xlabel}", new_figure)
    return ax


# ----------------------------------------------------------------------------------
# Classification results
# ----------------------------------------------------------------------------------

def _check_labels(labels, name: str, func: str) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"{func}: {name} must be 1-D, got shape {labels.shape}")
    if labels.size and not np.issubdtype(labels.dtype, np.integer):
        if not (np.issubdtype(labels.dtype, np.floating) and np.all(labels == np.round(labels))):
            raise TypeError(f"{func}: {name} must hold integer class labels, got dtype "
                            f"{labels.dtype}")
    labels = labels.astype(np.int64)
    if labels.size and labels.min() < 0:
        raise ValueError(f"{func}: {name} must hold labels 0..K-1, found {labels.min()}")
    return labels


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray,
                     n_classes: int | None = None) -> np.ndarray:
    """Count how often each true class is predicted as each class.

    Parameters
    ----------
    y_true : array of shape (N,)
        True labels in 0..K-1.
    y_pred : array of shape (N,)
        Predicted labels in 0..K-1.
    n_classes : int, optional
        K; default the largest label seen plus one.

    Returns
    -------
    counts : ndarray of shape (K, K), int64
        ``counts[i, j]`` is the number of samples of true class i predicted as j, so the
        diagonal holds the correct predictions and each row sums to a class's size.
    """
    func = "confusion_matrix"
    y_true = _check_labels(y_true, "y_true", func)
    y_pred = _check_labels(y_pred, "y_pred", func)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"{func}: y_true and y_pred must have the same length, got "
                         f"{len(y_true)} and {len(y_pred)}")
    largest = int(max(y_true.max(initial=-1), y_pred.max(initial=-1)))
    if n_classes is None:
        n_classes = largest + 1
    elif isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) \
            or n_classes < 1:
        raise ValueError(f"{func}: n_classes must be a positive int, got {n_classes!r}")
    elif largest >= n_classes:
        raise ValueError(f"{func}: labels must be in 0..{n_classes - 1} for n_classes="
                         f"{n_classes}, found {largest}")
    n_classes = int(n_classes)
    pair_index = y_true * n_classes + y_pred
    return np.bincount(pair_index, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def plot_confusion_matrix(cm: np.ndarray, ax: Axes | None = None,
                          labels: Sequence[str] | None = None, title: str | None = None) -> Axes:
    """Show a confusion matrix as an image with its value written in every cell.

    Parameters
    ----------
    cm : array of shape (K, K)
        Counts (or rates), rows = true class, columns = predicted class.
    ax : matplotlib Axes, optional
    labels : sequence of K str, optional
        Class names; default "0".."K-1".
    title : str, optional
        Default "Confusion matrix" when the function creates the figure.

    Returns
    -------
    ax : matplotlib Axes
        With one image (cividis) and K * K text annotations, black on light cells and
        white on dark ones.
    """
    func = "plot_confusion_matrix"
    cm = np.asarray(cm, dtype=np.float64)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or cm.size == 0:
        raise ValueError(f"{func}: cm must be a square (K, K) array, got shape {cm.shape}")
    n_classes = len(cm)
    if labels is None:
        labels = [str(k) for k in range(n_classes)]
    elif len(labels) != n_classes:
        raise ValueError(f"{func}: labels must have {n_classes} entries, got {len(labels)}")
    new_figure = ax is None
    ax = _get_ax(ax, func)

    image = ax.imshow(cm, cmap=MATRIX_CMAP)
    whole = np.all(cm == np.round(cm))
    for i in range(n_classes):
        for j in range(n_classes):
            text = f"{cm[i, j]:.0f}" if whole else f"{cm[i, j]:.2f}"
            red, green, blue, _ = image.cmap(image.norm(cm[i, j]))
            dark = 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5    # luminance
            ax.text(j, i, text, ha="center", va="center", fontsize="small",
                    color="white" if dark else "black")
    ax.set_xticks(range(n_classes), labels)
    ax.set_yticks(range(n_classes), labels)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    _set_title(ax, title, "Confusion matrix", new_figure)
    return ax


def weight_templates(W: np.ndarray, image_shape: tuple[int, ...] = (8, 8), ax=None,
                     titles: Sequence[str] | None = None) -> np.ndarray:
    """Show each column of a weight matrix as an image ("what each class looks for").

    Red pixels are positive weights, blue negative (a diverging map, readable with the usual
    colour-vision deficiencies); each image has its own colour scale, symmetric around 0.
    A figure the function creates is titled and says which colour is which.

    Parameters
    ----------
    W : array of shape (D, K)
        One column per class; D must equal the number of pixels in image_shape.
    image_shape : tuple of int
        Shape of one image, e.g. (8, 8) for the bundled digits or (28, 28) for MNIST.
    ax : array of K matplotlib Axes, optional
        Where to draw; default a new figure with K subplots in a row.
    titles : sequence of K str, optional
        Default "0".."K-1".

    Returns
    -------
    axes : ndarray of shape (K,) of matplotlib Axes
    """
    func = "weight_templates"
    W = np.asarray(W, dtype=np.float64)
    if W.ndim != 2:
        raise ValueError(f"{func}: W must have shape (D, K), got {W.shape}")
    n_pixels, n_classes = W.shape
    if n_pixels != int(np.prod(image_shape)):
        raise ValueError(f"{func}: W has D={n_pixels} rows but image_shape {tuple(image_shape)} "
                         f"has {int(np.prod(image_shape))} pixels (is the bias included in W?)")
    if titles is None:
        titles = [str(k) for k in range(n_classes)]
    elif len(titles) != n_classes:
        raise ValueError(f"{func}: titles must have {n_classes} entries, got {len(titles)}")
    new_figure = ax is None
    if new_figure:
        fig, axes = plt.subplots(1, n_classes, figsize=(max(1.3 * n_classes, 5.0), 2.0),
                                 squeeze=False, layout="constrained")
        fig.suptitle("Weights of each class as an image (red > 0, blue < 0)",
                     fontsize="medium")
    else:
        axes = np.asarray(ax, dtype=object)
    axes = axes.ravel()
    if len(axes) != n_classes or not all(isinstance(a, Axes) for a in axes):
        raise ValueError(f"{func}: ax must hold {n_classes} Axes (one per column of W), "
                         f"got {len(axes)} objects")

    for k, axis in enumerate(axes):
        image = W[:, k].reshape(image_shape)
        limit = np.abs(image).max() or 1.0
        axis.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit)
        axis.set_title(titles[k])
        axis.axis("off")
    return axes
