"""Running a submission so that nothing it does stops the grading.

``GuardedExecute`` replaces nbgrader's ``Execute`` preprocessor:

* the kernel starts in the sandbox of ``autograder.sandbox`` (memory cap, no network,
  read-only files, hidden solutions) and talks over Unix sockets;
* a cell that runs too long is interrupted; if the kernel ignores the interrupt
  (a loop that swallows ``KeyboardInterrupt`` or SIGINT), or if the kernel dies
  (``os._exit``, a segfault, ``exit()``), the cell gets a plain error, the kernel is
  restarted and the definitions run so far are replayed, and grading goes on;
* the whole submission has a time budget: once spent, the remaining cells are not run
  and say so;
* the hidden region of each test cell is sent to the kernel when the cell runs, but never
  written into any file the kernel can read: ``StripHiddenTests`` removes it from the
  notebook nbgrader saves before execution, and ``GuardedExecute`` takes it from the
  lesson's source notebook, which the sandbox hides.
"""
from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat.v4 import new_output
import nbformat
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Integer, List, Unicode

from nnscratch.checks.fixtures import dumps
from nnscratch.checks.record import GRADING_DIR

from .hidden import hidden_inputs
from .lessons import REPO
from .nbmeta import grade_id, is_test, split_hidden
from .notes import add_remark, add_time
from .skipping import experiments_to_skip


class SandboxedKernelManager(AsyncKernelManager):
    """Starts the kernel through ``python -m autograder.sandbox``."""

    memory_mb = Integer(2048).tag(config=True)
    hide = List(Unicode()).tag(config=True)
    socket_dir = Unicode("")
    grading_dir = Unicode("")   # the kernel's inputs, stand-in package and records

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments) + [
            f"--InteractiveShellApp.exec_lines={KEEP_BUILTINS}"]
        wrapper = [sys.executable, "-m", "autograder.sandbox", "--memory-mb", str(self.memory_mb),
                   "--keep", ".", "--keep", self.socket_dir]
        if self.grading_dir:
            wrapper += ["--pythonpath", f"{self.grading_dir}/pkg",
                        "--env", f"{GRADING_DIR}={self.grading_dir}"]
        for path in self.hide:
            wrapper += ["--hide", path]
        for path in {sys.prefix, sys.base_prefix, str(REPO)}:
            wrapper += ["--readable", path]
        return wrapper + ["--"] + command


# Run by the kernel before any notebook code: a copy of the builtins, so that FRESH_IMPORTS
# can undo a notebook that replaced some (isinstance, AssertionError, ...).
KEEP_BUILTINS = "import builtins, sys; sys._nn_builtins = dict(vars(builtins))"
# Sent before each test cell: builtins restored, and the checks imported afresh from the
# (read-only) files, so a notebook that replaced them cannot stop later exercises being recorded.
FRESH_IMPORTS = ("import sys as _nn_sys, builtins as _nn_builtins\n"
                 "_nn_builtins.__dict__.update(getattr(_nn_sys, '_nn_builtins', {}))\n"
                 "for _nn_name in [n for n in list(_nn_sys.modules) "
                 "if n.partition('.')[0] in ('nnscratch', 'autograder')]:\n"
                 "    del _nn_sys.modules[_nn_name]\n")


def write_kernel_inputs(folder: Path, lesson: str) -> None:
    """What a grading kernel reads: the hidden *inputs* (never the expected results), and a
    stand-in ``autograder`` package whose ``hidden.check`` records instead of judging."""
    package = folder / "pkg" / "autograder"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text('"""Stand-in used inside grading kernels."""\n')
    (package / "hidden.py").write_text("from nnscratch.checks.record import record as check  # noqa\n")
    (folder / "hidden_inputs.json").write_text(dumps(hidden_inputs(lesson)))
    (folder / "records.jsonl").write_text("")


def error_output(name: str, message: str):
    return new_output("error", ename=name, evalue=message, traceback=[f"{name}: {message}"])


class StripHiddenTests(NbGraderPreprocessor):
    """Remove the hidden region of every test cell (a sanitize step, after nbgrader has put
    the lesson's test cells back), so the notebook on disk holds none."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and is_test(cell):
            cell.source = split_hidden(cell.source)[0].rstrip("\n")
        return cell, resources


def hidden_regions(source: Path) -> dict[str, str]:
    """``{test cell grade id: hidden region}`` of the lesson's source notebook."""
    if not source.is_file():
        return {}
    nb = nbformat.read(source, as_version=4)
    return {grade_id(cell): split_hidden(cell.source)[1] for cell in nb.cells if is_test(cell)}


class GuardedExecute(Execute):
    total_timeout = Integer(300, help="seconds the whole submission may run").tag(config=True)
    course_root = Unicode("", help="the work area, where source/ and release/ are").tag(config=True)
    skip_experiments = Bool(False, help="leave out the lesson's experiment cells when no "
                            "graded cell needs them (autograder.skipping)").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxedKernelManager
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources, *args, **kwargs):
        self._started = None            # the budget starts with the first cell
        self._replay: list[int] = []    # cells that defined things, to replay after a restart
        self._grading_dir = Path(resources["metadata"]["path"]).resolve() / ".nnscratch"
        lesson = resources["nbgrader"]["assignment"]
        write_kernel_inputs(self._grading_dir, lesson)
        self._begun, self._kernel_ready = time.perf_counter(), None
        root = Path(self.course_root) if self.course_root else None
        self._hidden = hidden_regions(root / "source" / lesson / f"{lesson}.ipynb") if root else {}
        self._skip = set()
        if root and self.skip_experiments:
            release = nbformat.read(root / "release" / lesson / f"{lesson}.ipynb", as_version=4)
            self._skip = experiments_to_skip(nb, release)
            if self._skip:
                add_remark(root, f"{len(self._skip)} experiment cells of the lesson were not run: "
                                 "they decide no grade, and nothing you wrote needs them")
        try:
            return super().preprocess(nb, resources, *args, **kwargs)
        finally:
            self._time("execute", time.perf_counter() - (self._kernel_ready or self._begun))

    def _time(self, phase: str, seconds: float) -> None:
        if self.course_root:
            add_time(self.course_root, phase, seconds)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        km.socket_dir = tempfile.mkdtemp(prefix="nnk-")
        km.connection_file = f"{km.socket_dir}/kernel.json"  # readable inside the sandbox
        if sys.platform.startswith("linux"):   # no network in the sandbox: Unix sockets
            km.transport = "ipc"
            km.ip = f"{km.socket_dir}/k"
        km.grading_dir = str(self._grading_dir)
        return km

    def _remaining(self) -> float:
        if self._started is None:
            self._started = time.monotonic()
        return self.total_timeout - (time.monotonic() - self._started)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if self._kernel_ready is None:
            self._kernel_ready = time.perf_counter()
            self._time("kernel start", self._kernel_ready - self._begun)
        if cell_index in self._skip:
            return cell
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        remaining = self._remaining()
        if remaining < 1:
            cell.outputs = [error_output("NotRun", "not run: the submission used up its "
                                         f"{self.total_timeout} s time budget")]
            return cell
        limit = int(max(1, min(self.timeout or remaining, remaining)))
        problem = ""
        try:
            await self._run(cell, cell_index, execution_count, store_history, limit)
            timed_out = any(o.get("ename") == "CellTimeoutError" for o in cell.outputs)
            if timed_out:
                stdout = [o for o in cell.outputs if o.output_type == "stream"]
                cell.outputs = stdout + [error_output(
                    "TimeoutError", f"this cell ran longer than {limit} s and was stopped "
                    "(an endless loop?)")]
                if not await self._responsive():
                    problem = "hung"
        except CellTimeoutError:
            cell.outputs = [error_output(
                "TimeoutError", f"this cell ran longer than {limit} s and ignored the interrupt; "
                "the kernel was restarted")]
            problem = "hung"
        except DeadKernelError:
            cell.outputs = [error_output(
                "KernelDied", "the kernel stopped while running this cell (exit(), os._exit(), "
                "a crash, or too much memory); it was restarted")]
            problem = "died"
        if problem:
            await self._restart_and_replay()
        elif not is_test(cell):
            self._replay.append(cell_index)
        return cell

    execute_cell = run_sync(async_execute_cell)

    async def _run(self, cell, cell_index, execution_count, store_history, limit):
        saved, self.timeout = self.timeout, limit
        source = cell.source
        if is_test(cell):
            cell.source = FRESH_IMPORTS + source + "\n" + self._hidden.get(grade_id(cell), "")
        try:
            await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        finally:
            self.timeout, cell.source = saved, source

    async def _responsive(self, seconds: float = 5.0) -> bool:
        """Does the kernel answer a kernel_info request within ``seconds``?"""
        try:
            msg_id = await ensure_async(self.kc.kernel_info())
            while True:
                reply = await asyncio.wait_for(ensure_async(self.kc.shell_channel.get_msg()), seconds)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return True
        except Exception:
            return False

    async def _restart_and_replay(self) -> None:
        """A fresh kernel that has run the cells that defined things so far."""
        await ensure_async(self.km.restart_kernel(now=True))
        await ensure_async(self.kc.wait_for_ready(timeout=self.startup_timeout))
        for index in self._replay:
            if self._remaining() < 1:
                return
            copy = self.nb.cells[index].copy()
            try:
                await self._run(copy, index, None, False, int(min(self.timeout or 30, self._remaining())))
            except (CellTimeoutError, DeadKernelError):
                await ensure_async(self.km.restart_kernel(now=True))
                await ensure_async(self.kc.wait_for_ready(timeout=self.startup_timeout))
                return
