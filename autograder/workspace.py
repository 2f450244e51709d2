"""nbgrader work areas: a course root with its own gradebook, configured for this course.

A work area is a folder laid out the way nbgrader expects::

    ROOT/gradebook.db
    ROOT/source/<lesson>/<lesson>.ipynb          the notebook the hidden tests come from
    ROOT/release/<lesson>/<lesson>.ipynb         generated student version
    ROOT/submitted/<student>/<lesson>/...        ROOT/autograded/...   ROOT/feedback/...

Work areas live in a temporary folder or in the folder the instructor names, never in
``course/`` or ``solutions/``.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from traitlets.config import Config

from .lessons import COURSE, REPO, SOLUTIONS, UsageError

SANITIZE = [
    "autograder.normalize.Normalize",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "autograder.execution.StripHiddenTests",
    "nbgrader.preprocessors.CheckCellMetadata",
]
AUTOGRADE = [
    "autograder.execution.GuardedExecute",
    "autograder.judge.Judge",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
FEEDBACK = [
    "nbgrader.preprocessors.GetGrades",
    "autograder.preprocessors.GradingNotes",
    "autograder.preprocessors.CompactFeedback",
    "nbgrader.preprocessors.ClearHiddenTests",
    "autograder.preprocessors.ShortTracebacks",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
GENERATE = [   # nbgrader's own list, with PredictionStubs right after ClearSolutions
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
    "autograder.preprocessors.PredictionStubs",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Templates made once per lesson version (cached_template); hidden from grading kernels.
CACHE = Path(os.environ.get("NNSCRATCH_CACHE", Path.home() / ".cache" / "nnscratch"))


def config(root: Path, timeout: int = 30, memory_mb: int = 2048, hide: tuple = (),
           full_run: bool = False) -> Config:
    """The nbgrader configuration of the work area ``root``.

    ``timeout`` is per cell and ``total_timeout(timeout)`` per submission, in seconds;
    kernels run in the sandbox with ``memory_mb`` MiB and the ``hide`` folders hidden;
    ``full_run`` runs the lesson's experiment cells too (see ``autograder.skipping``).
    """
    root = Path(root).resolve()
    for inside in (COURSE, SOLUTIONS):
        if root == inside or inside in root.parents:
            raise UsageError(f"a grading work area cannot be inside {inside}: choose another folder")
    c = Config()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    c.ClearSolutions.code_stub = {"python": STUB}
    c.Execute.timeout = int(timeout)
    c.Execute.shutdown_kernel = "immediate"   # the kernel is thrown away: no polite goodbye
    c.GuardedExecute.total_timeout = total_timeout(timeout)
    c.GuardedExecute.skip_experiments = not full_run
    c.SandboxedKernelManager.memory_mb = int(memory_mb)
    c.SandboxedKernelManager.hide = [str(p) for p in (SOLUTIONS, REPO / "autograder", *git_data(),
                                                      CACHE, *hide)]
    c.Autograde.sanitize_preprocessors = SANITIZE
    c.Autograde.autograde_preprocessors = AUTOGRADE
    for step in ("Normalize", "Judge", "GradingNotes", "GuardedExecute"):
        c[step].course_root = str(root)
    c.GenerateFeedback.preprocessors = FEEDBACK
    c.GenerateAssignment.preprocessors = GENERATE
    c.ClearHiddenTests.enforce_metadata = False   # strip hidden tests from any cell a student copied
    c.Application.log_level = "WARN"
    return c


def git_data(repo: Path = REPO) -> list[Path]:
    """The repository's git data, hidden from grading kernels: its objects hold every
    version of the solution notebooks, hidden regions included.

    ``.git`` is a folder, or (in a linked worktree or a submodule) a file naming the git
    folder elsewhere; then that folder and the common folder it shares with the main
    worktree are hidden too. ``[]`` outside a repository."""
    dot_git = repo / ".git"
    if not os.path.lexists(dot_git):
        return []
    found = [dot_git]
    if dot_git.is_file():
        try:
            text = dot_git.read_text(errors="replace").strip()
        except OSError:
            text = ""
        if text.startswith("gitdir:"):
            gitdir = (repo / text.removeprefix("gitdir:").strip()).resolve()
            found.append(gitdir)
            try:
                common = (gitdir / (gitdir / "commondir").read_text().strip()).resolve()
            except OSError:
                common = None
            if common is not None and common not in found:
                found.append(common)
    return found


def total_timeout(timeout: int) -> int:
    """Seconds a whole submission may run: ten cells' worth."""
    return 10 * int(timeout)


def api(root: Path, timeout: int = 30, **options):
    """An ``NbGraderAPI`` working on the work area ``root`` (options: see ``config``)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    _tools_on_path()
    cfg = config(root, timeout, **options)
    return NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)


def _tools_on_path() -> None:
    """nbgrader runs the ``alembic`` command; find it beside this Python even in an
    environment that was not activated (``.venv/bin/python -m autograder ...``)."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def succeed(result: dict, what: str) -> None:
    """Raise ``RuntimeError`` with nbgrader's log when an API call did not succeed."""
    if not result.get("success"):
        details = (result.get("error") or "") + (result.get("log") or "")
        raise RuntimeError(f"nbgrader {what} failed:\n{details.strip()}")


def create(root: Path, lesson: str, source: Path, timeout: int = 30) -> Path:
    """Make ``root`` a work area whose gradebook knows ``lesson`` from the notebook ``source``.

    Returns the generated student notebook (``ROOT/release/<lesson>/<lesson>.ipynb``).
    """
    root = Path(root)
    target = root / "source" / lesson
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target / f"{lesson}.ipynb")
    succeed(api(root, timeout).generate_assignment(lesson, force=True, create=True),
            f"generate_assignment {lesson}")
    return root / "release" / lesson / f"{lesson}.ipynb"


def cached_template(lesson: str, source: Path) -> Path:
    """A work area for ``source`` made once and kept in ``CACHE`` (hidden from kernels).

    nbgrader takes seconds to make a gradebook and release a notebook; ``check`` and every
    ``grade`` run of an unchanged lesson reuse this one. The key is the source notebook, the
    stub and nbgrader's version, so a changed lesson gets a new template.
    """
    from importlib.metadata import version   # not ``import nbgrader``, which takes a second

    key = hashlib.sha256(source.read_bytes() + STUB.encode() + version("nbgrader").encode())
    folder = CACHE / f"{lesson}-{key.hexdigest()[:16]}"
    if not (folder / "gradebook.db").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{lesson}-", dir=CACHE))
        create(fresh, lesson, source)
        try:
            fresh.rename(folder)          # atomic: a parallel run may have made it first
        except OSError:
            shutil.rmtree(fresh, ignore_errors=True)
    return folder


def copy(template: Path, root: Path) -> None:
    """A fresh work area at ``root`` with the gradebook, sources and release of ``template``."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template / "gradebook.db", root / "gradebook.db")
    for folder in ("source", "release"):
        shutil.copytree(template / folder, root / folder, dirs_exist_ok=True)
