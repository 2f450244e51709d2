"""The notebook progress bar: invisible outside a kernel and in grading kernels, counts to
the end inside a kernel."""
import IPython.display

from nnscratch import progress as progress_module
from nnscratch.progress import progress


def test_outside_a_kernel_the_items_pass_through_unchanged():
    assert list(progress(range(5), "x")) == [0, 1, 2, 3, 4]
    assert list(progress(iter("abc"))) == ["a", "b", "c"]       # no len: no bar either


def test_in_a_kernel_the_bar_counts_every_item(monkeypatch):
    shown = []
    monkeypatch.setattr(progress_module, "_widgets_shown", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda widget: shown.append(widget))
    assert list(progress(range(7), "training")) == list(range(7))
    bar, label = shown[0].children
    assert bar.value == bar.max == 7 and bar.description == "training" and bar.bar_style == "success"
    assert label.value.startswith("7/7")


def test_a_grading_kernel_draws_no_bar(monkeypatch):
    import types

    kernel_shell = types.SimpleNamespace(kernel=object())
    monkeypatch.setattr("IPython.get_ipython", lambda: kernel_shell)
    monkeypatch.delenv("NNSCRATCH_ISOLATION", raising=False)
    assert progress_module._widgets_shown()                 # a kernel with ipywidgets: a bar
    monkeypatch.setenv("NNSCRATCH_ISOLATION", "no network, read-only file system")
    assert not progress_module._widgets_shown()             # the same kernel, grading: none
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda widget: shown.append(widget))
    assert list(progress(range(3), "training")) == [0, 1, 2] and shown == []
