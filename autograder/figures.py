"""The README's pictures: ``python -m autograder figures`` runs every solution notebook and
saves its key figure (the first image of the cell tagged ``readme-figure``) as
``docs/figures/<lesson>.png``, so the pictures always show what the code draws."""
from __future__ import annotations

import base64
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .lessons import REPO, available_lessons, source_notebook

FIGURES = REPO / "docs" / "figures"
TAG = "readme-figure"


def key_figure(nb) -> bytes | None:
    """The PNG of the first image output of the cell tagged ``readme-figure``, if any."""
    for cell in nb.cells:
        if TAG in cell.get("metadata", {}).get("tags", []):
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    return base64.b64decode(png)
    return None


def small(png: bytes, width: int = 900) -> bytes:
    """The picture at most ``width`` pixels wide, in 256 colours: a few dozen kB for the README."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    out = io.BytesIO()
    image.quantize(colors=256).save(out, format="PNG", optimize=True)
    return out.getvalue()


def run(notebook: Path):
    """The notebook, executed in its own folder."""
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(notebook.parent)}}).execute()
    return nb


def make_figures(lessons: list[str] | None = None, folder: Path = FIGURES) -> list[Path]:
    """Write ``folder/<lesson>.png`` for every lesson whose notebook tags a key figure."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lesson in lessons or available_lessons():
        png = key_figure(run(source_notebook(lesson)))
        if png is not None:
            (folder / f"{lesson}.png").write_bytes(small(png))
            written.append(folder / f"{lesson}.png")
    return written
