"""Tests for nnscratch.plot: every function draws the expected artists and returns its axes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402

from nnscratch import plot  # noqa: E402
from nnscratch.data import make_blobs  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _left_of_zero(points):
    return (points[:, 0] > 0).astype(int)


# ------------------------------------------------------------------------- decision_regions
def test_decision_regions_draws_regions_and_points():
    X, y = make_blobs(n_samples=60, centers=3)
    calls = []

    def predict(points):
        calls.append(points.shape)
        return np.argmin(np.abs(points[:, :1] - [-2.0, 0.0, 2.0]), axis=1)

    ax = plot.decision_regions(predict, X, y, resolution=50, title="three blobs")
    assert isinstance(ax, Axes)
    assert calls == [(2500, 2)]
    assert len(ax.images) == 1 and ax.images[0].get_array().shape == (50, 50)
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatters) == 3
    assert sum(len(s.get_offsets()) for s in scatters) == 60
    assert ax.get_title() == "three blobs"
    assert ax.get_xlim()[0] == pytest.approx(X[:, 0].min() - 0.5)


def test_decision_regions_uses_given_axes_and_handles_pm1_labels():
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [2.0, 1.0]])
    y = np.array([-1, 1, 1])
    fig, ax = plt.subplots()
    out = plot.decision_regions(lambda P: np.where(P[:, 0] >= 0, 1, -1), X, y, ax=ax,
                                resolution=20, padding=1.0)
    assert out is ax
    region = ax.images[0].get_array()
    assert set(np.unique(region)) == {0, 1}                      # -1 -> colour 0, +1 -> 1
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["class -1", "class 1"]


def test_decision_regions_errors():
    X, y = make_blobs(n_samples=20)
    with pytest.raises(ValueError, match=r"decision_regions: predict must return one value per "
                                         r"row .*shape \(100,\), got shape \(100, 2\)"):
        plot.decision_regions(lambda P: np.zeros((len(P), 2)), X, y, resolution=10)
    with pytest.raises(ValueError, match=r"did you return scores or probabilities"):
        plot.decision_regions(lambda P: P[:, 0], X, y, resolution=10)
    with pytest.raises(ValueError, match=r"decision_regions: X must have shape \(N, 2\)"):
        plot.decision_regions(_left_of_zero, np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match=r"decision_regions: y must have shape \(20,\)"):
        plot.decision_regions(_left_of_zero, X, y[:5])
    with pytest.raises(TypeError, match=r"decision_regions: predict must be a function"):
        plot.decision_regions("predict", X, y)
    with pytest.raises(TypeError, match=r"decision_regions: ax must be a matplotlib Axes or "
                                        r"None, got str"):
        plot.decision_regions(_left_of_zero, X, y, ax="left")
    with pytest.raises(ValueError, match=r"decision_regions: resolution must be an int >= 2, "
                                         r"got 1"):
        plot.decision_regions(_left_of_zero, X, y, resolution=1)
    with pytest.raises(ValueError, match=r"decision_regions: padding must be a non-negative "
                                         r"number, got -1"):
        plot.decision_regions(_left_of_zero, X, y, padding=-1)


# ------------------------------------------------------------------------- activation_surface
def test_activation_surface_heatmap_values_and_colorbar():
    seen = []

    def f(points):
        seen.append(points.shape)
        return points[:, 0] + 10 * points[:, 1]

    ax = plot.activation_surface(f, xlim=(0, 1), ylim=(0, 2), resolution=11, title="plane")
    assert seen == [(121, 2)]
    image = ax.images[0].get_array()
    assert image.shape == (11, 11)
    assert image[0, -1] == pytest.approx(1.0)       # row = y index, column = x index
    assert image[-1, 0] == pytest.approx(20.0)
    assert len(ax.figure.axes) == 2                  # the axes and its colour bar
    assert ax.get_title() == "plane"


def test_activation_surface_3d():
    ax = plot.activation_surface(lambda P: np.tanh(P.sum(axis=1)), kind="surface",
                                 resolution=10)
    assert ax.name == "3d" and len(ax.collections) == 1
    fig = plt.figure()
    ax3d = fig.add_subplot(projection="3d")
    assert plot.activation_surface(lambda P: P[:, 0], ax=ax3d, kind="surface",
                                   resolution=5) is ax3d


def test_activation_surface_errors():
    f = lambda P: P[:, 0]  # noqa: E731
    with pytest.raises(ValueError, match=r"activation_surface: kind must be 'heatmap' or "
                                         r"'surface', got 'contour'"):
        plot.activation_surface(f, kind="contour")
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"kind='surface' needs a 3-D axes"):
        plot.activation_surface(f, ax=ax, kind="surface")
    ax3d = plt.figure().add_subplot(projection="3d")
    with pytest.raises(ValueError, match=r"kind='heatmap' needs a 2-D axes"):
        plot.activation_surface(f, ax=ax3d)
    with pytest.raises(ValueError, match=r"activation_surface: xlim must be finite with low < "
                                         r"high, got \(5, -5\)"):
        plot.activation_surface(f, xlim=(5, -5))
    with pytest.raises(TypeError, match=r"activation_surface: ylim must be a pair"):
        plot.activation_surface(f, ylim=3)
    with pytest.raises(ValueError, match=r"f must return one value per row"):
        plot.activation_surface(lambda P: P, resolution=4)


# ------------------------------------------------------------------------- loss_curves
def test_loss_curves_lines_legend_and_log_scale():
    curves = {"train": [3.0, 2.0, 1.0, 0.5], "validation": np.array([3.0, 2.5, 2.4])}
    ax = plot.loss_curves(curves, logy=True, title="losses")
    assert [line.get_label() for line in ax.lines] == ["train", "validation"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 1, 2, 3])
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), [3.0, 2.5, 2.4])
    assert ax.get_yscale() == "log"
    assert ax.get_legend() is not None
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "loss"
    ax = plot.loss_curves({"acc": [0.5, 0.9]}, ylabel="accuracy", xlabel="epoch")
    assert ax.get_yscale() == "linear" and ax.get_ylabel() == "accuracy"


def test_loss_curves_errors():
    with pytest.raises(TypeError, match=r"loss_curves: curves must be a dict mapping a label to "
                                        r"a 1-D sequence, e.g. \{'train': losses\}, got list"):
        plot.loss_curves([1.0, 0.5])
    with pytest.raises(ValueError, match=r"loss_curves: curve 'train' must be 1-D, got shape "
                                         r"\(2, 2\)"):
        plot.loss_curves({"train": [[1.0, 0.5], [0.4, 0.3]]})


# ------------------------------------------------------------------------- optimizer_paths
def test_optimizer_paths():
    path = np.array([[1.5, 1.5], [1.0, 0.5], [0.2, 0.1]])
    bowl = lambda P: P[:, 0] ** 2 + 10 * P[:, 1] ** 2  # noqa: E731
    ax = plot.optimizer_paths(bowl, {"sgd": path, "adam": path / 2}, resolution=30,
                              levels=np.logspace(-2, 2, 9), title="bowl")
    assert [line.get_label() for line in ax.lines] == ["sgd", "adam"]
    np.testing.assert_array_equal(ax.lines[0].get_xydata(), path)
    assert ax.get_xlim() == (-2.0, 2.0)
    with pytest.raises(TypeError, match=r"optimizer_paths: paths must be a dict"):
        plot.optimizer_paths(bowl, [path])
    with pytest.raises(ValueError, match=r"optimizer_paths: path 'sgd' must have shape \(T, 2\), "
                                         r"got \(3,\)"):
        plot.optimizer_paths(bowl, {"sgd": [1.0, 2.0, 3.0]}, resolution=5)


# ------------------------------------------------------------------------- confusion matrix
def test_confusion_matrix_hand_example():
    y_true = np.array([0, 0, 1, 1, 1, 2])
    y_pred = np.array([0, 1, 1, 1, 2, 2])
    cm = plot.confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(cm, [[1, 1, 0],
                                       [0, 2, 1],
                                       [0, 0, 1]])
    assert cm.dtype == np.int64
    np.testing.assert_array_equal(cm.sum(axis=1), np.bincount(y_true))


def test_confusion_matrix_n_classes_and_float_labels():
    cm = plot.confusion_matrix([0.0, 1.0], np.array([1, 1]), n_classes=4)
    assert cm.shape == (4, 4) and cm.sum() == 2 and cm[0, 1] == 1 and cm[1, 1] == 1


def test_confusion_matrix_errors():
    with pytest.raises(ValueError, match=r"confusion_matrix: y_true and y_pred must have the same "
                                         r"length, got 3 and 2"):
        plot.confusion_matrix([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match=r"confusion_matrix: labels must be in 0..1 for "
                                         r"n_classes=2, found 2"):
        plot.confusion_matrix([0, 2], [0, 1], n_classes=2)
    with pytest.raises(ValueError, match=r"confusion_matrix: y_pred must hold labels 0..K-1, "
                                         r"found -1"):
        plot.confusion_matrix([0, 1], [0, -1])
    with pytest.raises(TypeError, match=r"confusion_matrix: y_true must hold integer class "
                                        r"labels, got dtype float64"):
        plot.confusion_matrix([0.5, 1.0], [0, 1])
    with pytest.raises(ValueError, match=r"confusion_matrix: n_classes must be a positive int, "
                                         r"got 0"):
        plot.confusion_matrix([0], [0], n_classes=0)
    with pytest.raises(ValueError, match=r"confusion_matrix: y_true must be 1-D"):
        plot.confusion_matrix([[0, 1]], [0, 1])


def test_plot_confusion_matrix_writes_every_count():
    cm = np.array([[5, 1], [0, 7]])
    ax = plot.plot_confusion_matrix(cm, labels=["cat", "dog"])
    assert len(ax.images) == 1
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "5", "7"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog"]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    rates = plot.plot_confusion_matrix(cm / cm.sum(axis=1, keepdims=True))
    assert "0.83" in [t.get_text() for t in rates.texts]
    with pytest.raises(ValueError, match=r"plot_confusion_matrix: cm must be a square \(K, K\) "
                                         r"array, got shape \(2, 3\)"):
        plot.plot_confusion_matrix(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"plot_confusion_matrix: labels must have 2 entries, "
                                         r"got 3"):
        plot.plot_confusion_matrix(cm, labels=["a", "b", "c"])


# ------------------------------------------------------------------------- weight_templates
def test_weight_templates_one_image_per_column():
    W = np.random.default_rng(0).standard_normal((64, 10))
    axes = plot.weight_templates(W)
    assert isinstance(axes, np.ndarray) and axes.shape == (10,)
    assert all(len(ax.images) == 1 for ax in axes)
    np.testing.assert_array_equal(axes[3].images[0].get_array(), W[:, 3].reshape(8, 8))
    assert [ax.get_title() for ax in axes] == [str(k) for k in range(10)]
    low, high = axes[0].images[0].get_clim()
    assert low == -high == -np.abs(W[:, 0]).max()                 # symmetric colour scale


def test_weight_templates_given_axes_titles_and_shape():
    W = np.arange(12.0).reshape(6, 2)
    fig, axes = plt.subplots(2, 1)
    out = plot.weight_templates(W, image_shape=(2, 3), ax=axes, titles=["a", "b"])
    assert list(out) == list(axes)
    assert out[1].images[0].get_array().shape == (2, 3)
    assert out[1].get_title() == "b"
    zero = plot.weight_templates(np.zeros((4, 1)), image_shape=(2, 2))
    assert zero[0].images[0].get_clim() == (-1.0, 1.0)


def test_weight_templates_errors():
    with pytest.raises(ValueError, match=r"weight_templates: W has D=65 rows but image_shape "
                                         r"\(8, 8\) has 64 pixels \(is the bias included in W\?\)"):
        plot.weight_templates(np.zeros((65, 10)))
    with pytest.raises(ValueError, match=r"weight_templates: W must have shape \(D, K\), got "
                                         r"\(64,\)"):
        plot.weight_templates(np.zeros(64))
    _, axes = plt.subplots(1, 3)
    with pytest.raises(ValueError, match=r"weight_templates: ax must hold 2 Axes \(one per column "
                                         r"of W\), got 3 objects"):
        plot.weight_templates(np.zeros((64, 2)), ax=axes)
    with pytest.raises(ValueError, match=r"weight_templates: titles must have 2 entries, got 1"):
        plot.weight_templates(np.zeros((64, 2)), titles=["x"])


# ------------------------------------------------------------------------- line_2d
def _line_points(ax):
    line = ax.lines[-1]
    return np.array(line.get_xy1()), np.array(line.get_xy2())


@pytest.mark.parametrize("w, b", [([1.0, 1.0], -2.0), ([0.0, 2.0], 1.0), ([3.0, 0.0], -1.5),
                                  ([1.0, 1e-9], 0.5)])
def test_line_2d_points_satisfy_the_equation(w, b):
    fig, ax = plt.subplots()
    out = plot.line_2d(np.array(w), b, ax, (-5, 5), color="red", label="boundary")
    assert out is ax and len(ax.lines) == 1
    assert ax.lines[0].get_color() == "red" and ax.lines[0].get_label() == "boundary"
    p1, p2 = _line_points(ax)
    assert np.dot(w, p1) + b == pytest.approx(0.0, abs=1e-9)
    assert np.dot(w, p2) + b == pytest.approx(0.0, abs=1e-9)
    assert np.linalg.norm(p2 - p1) == pytest.approx(1.0)


def test_line_2d_vertical_line_and_limits_untouched():
    fig, ax = plt.subplots()
    ax.scatter([-1, 1], [-1, 1])
    plot.line_2d([1.0, 1e-12], -0.5, ax)              # nearly vertical: x = 0.5
    p1, p2 = _line_points(ax)
    assert p1[0] == pytest.approx(0.5) and p2[0] == pytest.approx(0.5)
    low, high = ax.get_ylim()
    assert -3 < low and high < 3                       # no huge y range


def test_line_2d_creates_axes_and_accepts_array_bias():
    ax = plot.line_2d([0.0, 1.0], np.array([0.5]))
    assert isinstance(ax, Axes)
    p1, _ = _line_points(ax)
    assert p1[1] == pytest.approx(-0.5)


def test_line_2d_errors():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"line_2d: w must be finite and not zero"):
        plot.line_2d([0.0, 0.0], 1.0, ax)
    with pytest.raises(ValueError, match=r"line_2d: w must have shape \(2,\), got \(3,\)"):
        plot.line_2d([1.0, 2.0, 3.0], 1.0, ax)
    with pytest.raises(ValueError, match=r"line_2d: b must be a finite number"):
        plot.line_2d([1.0, 2.0], np.nan, ax)
    with pytest.raises(ValueError, match=r"line_2d: xlim must be finite with low < high"):
        plot.line_2d([1.0, 2.0], 0.0, ax, (3, 3))


# ------------------------------------------------------------------------- readable by everyone
OKABE_ITO = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}


def _hex(color):
    return matplotlib.colors.to_hex(color).upper()


def test_palette_is_okabe_ito_and_markers_are_distinct():
    assert set(plot.PALETTE) == OKABE_ITO and len(plot.PALETTE) == 8
    assert len(set(plot.MARKERS)) == len(plot.MARKERS) == 10
    styles = [plot.class_style(k) for k in range(10)]
    assert len({s["marker"] for s in styles}) == 10                 # shapes tell classes apart
    assert {s["color"] for s in styles[:8]} == OKABE_ITO


def test_three_classes_get_three_palette_colours_and_three_markers():
    X, y = make_blobs(n_samples=90, centers=3)
    ax = plot.decision_regions(lambda P: np.argmin(np.abs(P[:, :1] - [-2.0, 0.0, 2.0]), axis=1),
                               X, y, resolution=20)
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    colours = [_hex(s.get_facecolor()[0]) for s in scatters]
    assert len(set(colours)) == 3 and set(colours) <= OKABE_ITO
    paths = [s.get_paths()[0].vertices.round(6).tobytes() for s in scatters]
    assert len(set(paths)) == 3                                       # three different markers
    assert [_hex(c) for c in ax.images[0].get_cmap().colors] == colours   # regions match
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["class 0", "class 1", "class 2"]


def test_every_figure_a_function_creates_has_a_title_labels_and_a_key():
    X, y = make_blobs(n_samples=20, centers=2)
    bowl = lambda P: P[:, 0] ** 2 + P[:, 1] ** 2  # noqa: E731
    axes = [
        plot.decision_regions(_left_of_zero, X, y, resolution=10),
        plot.activation_surface(bowl, resolution=10),
        plot.optimizer_paths(bowl, {"gd": np.zeros((3, 2))}, resolution=10),
        plot.loss_curves({"train": [1.0, 0.5]}),
        plot.plot_confusion_matrix(np.array([[3, 1], [0, 4]])),
    ]
    for ax in axes:
        assert ax.get_title(), ax
        assert ax.get_xlabel() and ax.get_ylabel(), ax
    for ax in (axes[0], axes[2], axes[3]):
        assert ax.get_legend() is not None
    assert axes[1].figure.axes[1].get_ylabel() == "output"            # the colour bar's label
    assert axes[3].get_title() == "Loss per step"
    templates = plot.weight_templates(np.ones((4, 2)), image_shape=(2, 2))
    assert "red > 0, blue < 0" in templates[0].figure.get_suptitle()


def test_given_axes_keep_their_own_title():
    _, ax = plt.subplots()
    ax.set_title("mine")
    plot.loss_curves({"train": [1.0]}, ax=ax)
    assert ax.get_title() == "mine"
    _, ax = plt.subplots()
    plot.decision_regions(_left_of_zero, np.array([[-1.0, 0.0], [1.0, 0.0]]), np.array([0, 1]),
                          ax=ax, resolution=5)
    assert ax.get_title() == ""                                       # the caller's figure


def test_surfaces_are_perceptually_uniform_and_lines_differ_by_style():
    ax = plot.activation_surface(lambda P: P[:, 0], resolution=5)
    assert ax.images[0].get_cmap().name == "viridis"
    assert plot.plot_confusion_matrix(np.eye(2)).images[0].get_cmap().name == "cividis"
    ax = plot.loss_curves({"a": [1.0, 0.5], "b": [2.0, 1.0]})
    assert ax.lines[0].get_linestyle() != ax.lines[1].get_linestyle()
    assert {_hex(line.get_color()) for line in ax.lines} <= OKABE_ITO
    ax = plot.optimizer_paths(lambda P: P[:, 0] ** 2, {"a": np.zeros((2, 2)), "b": np.ones((2, 2))},
                              resolution=5)
    assert ax.lines[0].get_marker() != ax.lines[1].get_marker()


def test_confusion_matrix_text_is_readable_on_its_cell():
    ax = plot.plot_confusion_matrix(np.array([[0, 9], [9, 0]]))
    colours = {t.get_text(): t.get_color() for t in ax.texts}
    assert colours["0"] == "white" and colours["9"] == "black"        # cividis: dark low, light high
