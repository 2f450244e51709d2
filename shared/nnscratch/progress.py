"""A progress bar for the loops of the lessons that take more than a moment.

>>> for epoch in progress(range(30), "training"):     # doctest: +SKIP
...     train_one_epoch()

In JupyterLab it draws an ipywidgets bar with the count and the elapsed time, updated at
most ten times a second; anywhere else (a terminal, nbconvert, a test) it prints nothing
and costs nothing, so notebooks run the same everywhere.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator


def _widgets_shown() -> bool:
    """Is there a front end that draws widgets (an IPython kernel with ipywidgets)?"""
    try:
        from IPython import get_ipython
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


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
