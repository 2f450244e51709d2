"""Tests for nnscratch.widgets: the neuron drawing and its slider explorer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from nnscratch.widgets import draw_neuron, neuron_explorer  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


class RecordingNeuron:
    """A forward(X, w, b, a) that remembers how it was called (a sigmoid neuron)."""

    def __init__(self):
        self.calls = []

    def __call__(self, X, w, b, a):
        self.calls.append({"X": X.copy(), "w": w.copy(), "b": b, "a": a})
        return 1.0 / (1.0 + np.exp(-a * (X @ w + b)))


def test_draw_neuron_calls_forward_with_the_right_shapes():
    forward = RecordingNeuron()
    ax = draw_neuron(forward, 1.0, 2.0, -2.0, a=10, resolution=30)
    assert isinstance(ax, Axes)
    (call,) = forward.calls
    assert call["X"].shape == (900, 2) and call["X"].dtype == np.float64
    assert call["w"].shape == (2,)
    np.testing.assert_array_equal(call["w"], [1.0, 2.0])
    assert type(call["b"]) is float and call["b"] == -2.0
    assert type(call["a"]) is float and call["a"] == 10.0
    assert call["X"][:, 0].min() == -5.0 and call["X"][:, 1].max() == 5.0


def test_draw_neuron_draws_heatmap_boundary_and_normal():
    forward = RecordingNeuron()
    ax = draw_neuron(forward, 1, 1, -2, resolution=20, xlim=(-3, 3), ylim=(-4, 4))
    assert len(ax.images) == 1
    image = ax.images[0].get_array()
    assert image.shape == (20, 20)
    np.testing.assert_allclose(image.ravel(), forward(forward.calls[0]["X"], np.ones(2), -2.0, 1.0))
    assert len(ax.figure.axes) == 2                                  # plus the colour bar
    (line,) = ax.lines                                               # the boundary w.x + b = 0
    for point in (line.get_xy1(), line.get_xy2()):
        assert point[0] + point[1] - 2 == pytest.approx(0.0, abs=1e-9)
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert len(arrows) == 1
    np.testing.assert_allclose(arrows[0].xy, np.array([1.0, 1.0]) + np.ones(2))  # foot + w
    assert ax.get_xlim() == (-3.0, 3.0) and ax.get_ylim() == (-4.0, 4.0)
    assert "b = -2.00" in ax.get_title()


def test_draw_neuron_zero_weights_has_no_line():
    ax = draw_neuron(RecordingNeuron(), 0.0, 0.0, 1.0, resolution=10)
    assert len(ax.lines) == 0 and len(ax.images) == 1


def test_draw_neuron_on_given_axes():
    fig, axes = plt.subplots(1, 3)
    for ax, a in zip(axes, [10, 1, 0.1]):
        assert draw_neuron(RecordingNeuron(), 1, 1, -2, a=a, ax=ax, resolution=10) is ax
    assert all(len(ax.images) == 1 for ax in axes)


def test_draw_neuron_errors():
    forward = RecordingNeuron()
    with pytest.raises(ValueError, match=r"draw_neuron: forward\(X, w, b, a\) must return one "
                                         r"value per row of X, i.e. shape \(100,\) for X of "
                                         r"shape \(100, 2\), got \(100, 1\)"):
        draw_neuron(lambda X, w, b, a: (X @ w)[:, None], 1, 1, 0, resolution=10)
    with pytest.raises(TypeError, match=r"draw_neuron: forward must be a function"):
        draw_neuron(None, 1, 1, 0)
    with pytest.raises(ValueError, match=r"draw_neuron: a must be positive, got -1.0"):
        draw_neuron(forward, 1, 1, 0, a=-1)
    with pytest.raises(TypeError, match=r"draw_neuron: w1 must be a number, got '1' \(str\)"):
        draw_neuron(forward, "1", 1, 0)
    with pytest.raises(ValueError, match=r"draw_neuron: b must be a finite number, got nan"):
        draw_neuron(forward, 1, 1, float("nan"))
    with pytest.raises(ValueError, match=r"draw_neuron: resolution must be an int >= 2, got 1"):
        draw_neuron(forward, 1, 1, 0, resolution=1)


def test_neuron_explorer_sliders_have_requested_values():
    import ipywidgets

    forward = RecordingNeuron()
    widget = neuron_explorer(forward, w1=0.5, w2=-1.5, b=3.0, a=2.0)
    assert isinstance(widget, ipywidgets.interactive)
    sliders = {child.description: child for child in widget.children
               if isinstance(child, (ipywidgets.FloatSlider, ipywidgets.FloatLogSlider))}
    assert set(sliders) == {"w1", "w2", "b", "a"}
    assert sliders["w1"].value == 0.5 and sliders["w2"].value == -1.5
    assert sliders["b"].value == 3.0 and sliders["a"].value == pytest.approx(2.0)
    assert (sliders["w1"].min, sliders["w1"].max) == (-5.0, 5.0)
    assert isinstance(sliders["a"], ipywidgets.FloatLogSlider)
    assert 10 ** sliders["a"].min == pytest.approx(0.1) and 10 ** sliders["a"].max == pytest.approx(10)
    # building the widget draws once with the initial values
    assert forward.calls[-1]["b"] == 3.0 and forward.calls[-1]["a"] == pytest.approx(2.0)


def test_neuron_explorer_redraws_when_a_slider_moves():
    import ipywidgets

    forward = RecordingNeuron()
    widget = neuron_explorer(forward)
    n_calls = len(forward.calls)
    slider = next(c for c in widget.children
                  if isinstance(c, ipywidgets.FloatSlider) and c.description == "b")
    assert slider.value == -2.0                               # the default
    slider.value = 1.0
    assert len(forward.calls) == n_calls + 1
    assert forward.calls[-1]["b"] == 1.0


def test_neuron_explorer_errors():
    with pytest.raises(ValueError, match=r"neuron_explorer: w1 must be between -5 and 5 \(the "
                                         r"slider's range\), got 7"):
        neuron_explorer(RecordingNeuron(), w1=7)
    with pytest.raises(ValueError, match=r"neuron_explorer: a must be between 0.1 and 10 \(the "
                                         r"slider's range\), got 0.0"):
        neuron_explorer(RecordingNeuron(), a=0.0)
    with pytest.raises(TypeError, match=r"neuron_explorer: forward must be a function"):
        neuron_explorer("sigmoid")
