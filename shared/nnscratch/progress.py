"""A progress bar for the loops of the lessons that take more than a moment.

>>> for epoch in progress(range(30), "training"):     # doctest: +SKIP
...     train_one_epoch()

In a notebook that someone runs (JupyterLab, Notebook, VS Code) it draws an ipywidgets bar
with the count and the elapsed time, updated at most ten times a second. Where nobody watches
it draws nothing and the loop runs as if the bar were not there: outside a kernel (a terminal,
a test), in a notebook executed headless by nbconvert or nbclient (nbgrader and the course's
own tools included), and in a grading kernel (started by ``python -m autograder``, which sets
``NNSCRATCH_ISOLATION``). A kernel tells the two kinds of notebook apart the way ``input()``
does: an interactive front end asks each cell to run with ``allow_stdin`` (it can answer an
``input()``), while nbclient runs every cell without it.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator


def _widgets_shown() -> bool:
    """Does someone watch this kernel's output (IPython with ipywidgets, an interactive front
    end, not grading)?"""
    if "NNSCRATCH_ISOLATION" in os.environ:   # a grading kernel: nobody watches
        return False
    try:
        from IPython import get_ipython
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None) if shell is not None else None
    if kernel is None:                         # plain IPython in a terminal, or no IPython
        return False
    # ipykernel sets this from the running cell's execute request, and input() relies on it:
    # True from JupyterLab and other interactive front ends, False from nbclient.
    return bool(getattr(kernel, "_allow_stdin", True))


def progress(items: Iterable, description: str = "", total: int | None = None) -> Iterator:
    """Yield ``items`` one by one while a bar shows how many are done.

    Parameters
    ----------
    items : iterable
        What the loop runs over (a ``range``, a list, a generator).
    description : str
        A few words shown before the bar ("training", "lr sweep").
    total : int, optional
        The number of items, when ``len(items)`` does not tell.
    """
    if total is None:
        total = len(items) if hasattr(items, "__len__") else None
    if not _widgets_shown() or not total:
        yield from items
        return
    import ipywidgets as widgets
    from IPython.display import display

    bar = widgets.IntProgress(min=0, max=total, description=description)
    label = widgets.Label(f"0/{total}")
    display(widgets.HBox([bar, label]))
    start = last = time.monotonic()
    for done, item in enumerate(items, start=1):
        yield item
        now = time.monotonic()
        if now - last > 0.1 or done == total:
            bar.value, last = done, now
            label.value = f"{done}/{total}, {now - start:.1f} s"
    bar.bar_style = "success"
