"""nnscratch: the small helper package of "Neural Networks from Scratch".

Modules (import the one you need; ``import nnscratch`` alone loads nothing heavy):

- ``nnscratch.data``: toy 2-D data sets (blobs, XOR, moons, circles, spirals), the bundled
  8x8 handwritten digits, an MNIST / Fashion-MNIST downloader, ``train_test_split`` and
  ``standardize``.
- ``nnscratch.gradcheck``: numerical gradients by central differences, ``relative_error``
  and a report that points at the wrong entries of a gradient.
- ``nnscratch.plot``: decision regions, activation heat maps and surfaces, loss curves,
  optimizer paths, confusion matrices, weight templates, boundary lines (matplotlib).
- ``nnscratch.widgets``: interactive explorers for the lessons (ipywidgets), each backed by
  a plain drawing function.
- ``nnscratch.checks``: the checks the lesson notebooks run on your answers.
- ``nnscratch.hints``: hints on demand, ``hint("softmax")`` or a button, one level at a time.
- ``nnscratch.progress``: a progress bar for the lessons' longer loops.

The functions you write in the lessons (sigmoid, softmax, backprop, ...) are not here:
that is your job.
"""

import importlib

__all__ = ["data", "gradcheck", "plot", "widgets", "checks", "hints", "progress"]


def __getattr__(name: str):
    """Load a submodule on first use, so ``nnscratch.data`` works after ``import nnscratch``."""
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'nnscratch' has no attribute {name!r}")
