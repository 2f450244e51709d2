"""Hints on demand: ``hint("softmax")`` prints the next hint for a graded function.

Every graded function has two to four hints, from the idea to nearly the code. Ask for
them one at a time, only when you are stuck: each call prints the next one, and asking
costs no points. ``hint_button("softmax")`` shows a button that does the same in
JupyterLab; anywhere else (a terminal, VS Code, nbconvert) call ``hint`` directly.

>>> hint("affine")            # doctest: +SKIP
affine, hint 1 of 3: ...
"""
from __future__ import annotations

import importlib

from .checks import TOPICS

_asked: dict[str, int] = {}   # function name -> hints already shown


def hints_of(name: str) -> tuple[str, ...]:
    """Every hint of graded function ``name``, in order (``KeyError`` if there is none)."""
    for topic in TOPICS.values():
        try:
            module = importlib.import_module(f"nnscratch.checks.{topic}")
        except ModuleNotFoundError:
            continue
        exercise = getattr(module, "EXERCISES", {}).get(name)
        if exercise is not None and exercise.hints:
            return tuple(exercise.hints)
    raise KeyError(f"no hints for {name!r}: expected the name of a graded function, "
                   "such as 'sigmoid' or 'softmax'")


def next_hint(name: str, level: int | None = None) -> str:
    """The text of the next hint for ``name`` (or of hint number ``level``, from 1)."""
    hints = hints_of(name)
    if level is None:
        level = min(_asked.get(name, 0) + 1, len(hints))
    if not 1 <= level <= len(hints):
        raise ValueError(f"{name} has hints 1 to {len(hints)}, asked for {level}")
    _asked[name] = max(_asked.get(name, 0), level)
    text = f"{name}, hint {level} of {len(hints)}: {hints[level - 1]}"
    if level == len(hints):
        text += "\n(That was the last hint.)"
    return text


def hint(name: str, level: int | None = None) -> None:
    """Print the next hint for graded function ``name`` (or hint number ``level``)."""
    print(next_hint(name, level))


def hint_button(name: str):
    """A "Hint" button that reveals the hints of ``name`` one by one (ipywidgets)."""
    count = len(hints_of(name))
    try:
        import ipywidgets as widgets
    except ImportError:    # no widgets: say how to ask instead
        print(f'Stuck on {name}? Run hint("{name}") for a hint ({count} in all).')
        return None
    button = widgets.Button(description=f"Hint for {name}", icon="lightbulb-o",
                            tooltip=f"{count} hints, from the idea to nearly the code")
    output = widgets.Output()

    def reveal(_):
        with output:
            hint(name)
        if _asked.get(name, 0) >= count:
            button.disabled = True
            button.description = "No more hints"
    button.on_click(reveal)
    return widgets.VBox([button, output])
