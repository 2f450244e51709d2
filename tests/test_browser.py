"""The course as students meet it: JupyterLab in a real browser (Chromium, driven by Playwright).

One JupyterLab server, started with the README's student command on a copy of ``course/``
(the solution notebooks copied beside the student notebooks), serves the whole module. For
every lesson with a solution notebook:

* the solution notebook runs top to bottom in the browser with no error, every cell that
  shows a figure shows an image, the interactive explorers render sliders, and moving a
  slider redraws the figure;
* in the student notebook, an answer cell typed in with a known bug from the catalogue makes
  the test cell print the bug's diagnosis.

The students' session has none of nbgrader's instructor tools (no "Nbgrader" menu, no
formgrader); plain ``jupyter lab``, the instructors' command, still has them.

Chromium is Debian's (``apt-get install chromium``, at /usr/bin/chromium): Playwright never
downloads a browser here. Outside CI the module is skipped when Chromium is missing; with
``CI=true`` it fails instead. Screenshots go to tests/screenshots/.
"""
from __future__ import annotations

import ast
import inspect
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder.bugs import catalogue
from autograder.lessons import COURSE, REPO, available_lessons
from autograder.nbmeta import grade_id, is_answer, is_test

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "tests" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() == "true"

# The students' command line. The README's first command is used once it opens JupyterLab with
# the students' configuration; until then, this one (the same with the configuration added).
INSTRUCTOR_COMMAND = ".venv/bin/jupyter lab course/"

SERVER_START = 90          # seconds for JupyterLab to answer
NOTEBOOK_OPEN = 90         # seconds for a notebook to open with an idle kernel
RUN_ALL = 300              # seconds for a whole solution notebook to run in the browser
REDRAW = 60                # seconds for a cell or a slider's redraw

LESSONS = [lesson for lesson in available_lessons()]
STUDENT_LESSONS = [lesson for lesson in LESSONS
                   if (COURSE / lesson / f"{lesson}.ipynb").exists() and catalogue(lesson)]


def readme_student_command() -> str:
    """The README's command that opens the course in JupyterLab (the students' view)."""
    commands = re.findall(r"```bash\n(.+?)\n```", (REPO / "README.md").read_text())
    return next(command for command in commands if "jupyter lab" in command)


def require_browser():
    """Skip (fail in CI) without Debian's Chromium or Playwright's Python package."""
    problem = None
    if not Path(CHROMIUM).exists():
        problem = f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Playwright is not installed: pip install -e '.[dev]'"
    if problem:
        if IN_CI:
            pytest.fail(problem)
        pytest.skip(problem)


# ----------------------------------------------------------------------------- the server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server started from a command line of the README, on a folder of ours."""

    def __init__(self, command: str, root: Path, home: Path, name: str):
        jupyter_lab = shlex.split(command.split("&&")[-1])
        assert jupyter_lab[0] == ".venv/bin/jupyter" and jupyter_lab[1] == "lab", command
        assert "course/" in jupyter_lab, command
        self.port, self.token = free_port(), f"token-{name}-{os.getpid()}"
        argv = [str(Path(sys.executable).parent / "jupyter"), "lab"]
        argv += [str(root) if arg == "course/" else arg for arg in jupyter_lab[2:]]
        argv += ["--no-browser", f"--port={self.port}", "--ServerApp.ip=127.0.0.1",
                 f"--IdentityProvider.token={self.token}", "--ServerApp.port_retries=0"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            argv.append("--allow-root")
        home.mkdir(parents=True, exist_ok=True)
        # The test's own user settings: every cell in the page (JupyterLab draws only the
        # cells in view by default), so that every output can be inspected.
        tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
        tracker.parent.mkdir(parents=True, exist_ok=True)
        tracker.write_text('{"windowingMode": "none"}')
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"),
                   JUPYTER_RUNTIME_DIR=str(home / "runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
                   IPYTHONDIR=str(home / "ipython"))
        self.log = (home / "server.log").open("w")
        self.argv = argv
        # The command's relative paths (course/, jupyter_student/...) are the repository's.
        self.process = subprocess.Popen(argv, cwd=REPO, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self.home = home
        self.wait_until_up()

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{sep}token={self.token}"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def wait_until_up(self):
        deadline = time.monotonic() + SERVER_START
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited:\n{(self.home / 'server.log').read_text()}")
            try:
                if self.get("api/status")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer in {SERVER_START} s:\n"
                           f"{(self.home / 'server.log').read_text()}")

    def shutdown_kernels(self):
        import json
        _, body = self.get("api/kernels")
        for kernel in json.loads(body or "[]"):
            request = urllib.request.Request(self.url(f"api/kernels/{kernel['id']}"), method="DELETE")
            try:
                urllib.request.urlopen(request, timeout=30).close()
            except OSError:
                pass

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory) -> Path:
    """course/ copied, with each lesson's solution notebook beside its student notebook."""
    root = tmp_path_factory.mktemp("browser") / "course"
    shutil.copytree(COURSE, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for lesson in LESSONS:
        (root / lesson).mkdir(exist_ok=True)
        shutil.copy(REPO / "solutions" / lesson / f"{lesson}.ipynb", root / lesson / f"solution_{lesson}.ipynb")
    return root


@pytest.fixture(scope="session")
def lab(course_copy):
    require_browser()
    server = Lab(readme_student_command(), course_copy, course_copy.parent / "student-home", "student")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
    lab.shutdown_kernels()


# ----------------------------------------------------------------------------- the page
def open_notebook(page, lab: Lab, path: str, workspace: str, n_cells: int):
    """Open a notebook in a workspace of its own; wait for all its cells and an idle kernel."""
    page.goto(lab.url(f"lab/workspaces/{workspace}/tree/{path}"))
    page.wait_for_function(
        """n => document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').length === n""",
        arg=n_cells, timeout=NOTEBOOK_OPEN * 1000, polling=250)
    wait_idle(page, NOTEBOOK_OPEN)


def wait_idle(page, seconds: float):
    """Until the kernel is idle and no cell waits to run ([*])."""
    page.wait_for_function(
        """() => {
            const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
            if (!panel) return false;
            const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
            if (!status || status.getAttribute('data-status') !== 'idle') return false;
            return ![...panel.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'));
        }""", timeout=seconds * 1000, polling=500)


def run_all_cells(page):
    """Run > Run All Cells, again if the first click came before the command was enabled."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(3):
        page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        try:
            page.wait_for_function(
                """() => [...document.querySelectorAll(
                        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
                     .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))""", timeout=15_000, polling=250)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError("Run > Run All Cells did not start the notebook")


def cells(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")


def errors_on_page(page) -> list[str]:
    """Every traceback shown (errors render as stderr output)."""
    texts = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]') \
        .all_inner_texts()
    return [t for t in texts if "Traceback" in t]


def menu_labels(page) -> list[str]:
    return [t.strip() for t in page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()]


def shows_figure(source: str) -> bool:
    """A cell that shows a figure at its top level (not only inside a function it defines)."""
    return bool(re.search(r"^(plt\.show\(\)|\S.*\b(plt\.subplots|plot\.\w+|draw_\w+)\()", source, re.M)) \
        and not source.lstrip().startswith(("def ", "class "))


def has_widgets(source: str) -> bool:
    return bool(re.search(r"\binteract(ive)?\(|_explorer\(", source))


def screenshot(page, name: str):
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


# ----------------------------------------------------------------------------- the tests
@pytest.mark.parametrize("lesson", LESSONS)
def test_solution_notebook_runs_in_the_browser_with_figures_and_widgets(lesson, lab, page, course_copy):
    nb = nbformat.read(course_copy / lesson / f"solution_{lesson}.ipynb", as_version=4)
    open_notebook(page, lab, f"{lesson}/solution_{lesson}.ipynb", f"solution-{lesson}", len(nb.cells))

    run_all_cells(page)
    wait_idle(page, RUN_ALL)
    # Every code cell ran (Run All stops at the first error).
    prompts = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt") \
        .all_inner_texts()
    screenshot(page, f"{lesson}-solution")
    assert not errors_on_page(page), f"{lesson}: errors in the browser:\n" + "\n".join(errors_on_page(page))
    assert all(re.search(r"\[\d+\]", p) for p in prompts), f"{lesson}: cells not run: {prompts}"

    images = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img")
    if any(shows_figure(c.source) for c in nb.cells if c.cell_type == "code"):
        assert images.count() > 0, f"{lesson}: no figure in the page"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and shows_figure(cell.source):
            assert cells(page).nth(index).locator(".jp-OutputArea-output img").count() > 0, \
                f"{lesson}: cell {index} ({cell.get('id')}) shows no figure:\n{cell.source[:300]}"

    assert page.get_by_text("Error displaying widget").count() == 0
    widget_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and has_widgets(c.source)]
    for index in widget_cells:
        interact = cells(page).nth(index).locator(".widget-interact").first
        interact.wait_for(timeout=REDRAW * 1000)
        sliders = interact.locator(".widget-slider")
        assert sliders.count() > 0, f"{lesson}: cell {index} has no slider"
    if widget_cells:
        move_slider_and_see_redraw(page, cells(page).nth(widget_cells[0]), lesson)


def move_slider_and_see_redraw(page, cell, lesson: str):
    interact = cell.locator(".widget-interact").first
    interact.scroll_into_view_if_needed()
    image = interact.locator("img").first
    image.wait_for(timeout=REDRAW * 1000)
    before = image.get_attribute("src")
    handle = interact.locator(".widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """([root, before]) => {
            const img = root.querySelector('img');
            return img && img.getAttribute('src') && img.getAttribute('src') !== before;
        }""", arg=[interact.element_handle(), before], timeout=REDRAW * 1000, polling=250)
    screenshot(page, f"{lesson}-slider-moved")


def bug_source(bug, stub: str) -> str:
    """Cell source defining the graded name as the bug does: the catalogue's code, via inspect."""
    if not stub.lstrip().startswith("def "):                     # a prediction: a value
        return f"{bug.function} = {bug.code()!r}\n"
    module = inspect.getmodule(bug.code)
    tree = ast.parse(inspect.getsource(module))
    module_source = inspect.getsource(module)
    definitions = {node.name: ast.get_source_segment(module_source, node) for node in tree.body
                   if isinstance(node, ast.FunctionDef)}
    code = bug.code
    if code.__name__ == "<lambda>":
        arguments = list(code.__code__.co_varnames[:code.__code__.co_argcount])
        lambdas = [node for node in ast.walk(tree) if isinstance(node, ast.Lambda)
                   and node.lineno == code.__code__.co_firstlineno
                   and [a.arg for a in node.args.args] == arguments]
        assert len(lambdas) == 1, f"cannot find the source of {bug}"
        body = f"{bug.function} = {ast.get_source_segment(module_source, lambdas[0])}\n"
    else:
        body = textwrap.dedent(inspect.getsource(code)) + f"\n{bug.function} = {code.__name__}\n"
    # Module-level helpers the bug calls, then numpy.
    needed, queue = [], [code.__code__]
    while queue:
        current = queue.pop()
        queue += [c for c in current.co_consts if inspect.iscode(c)]
        for name in current.co_names:
            if name in definitions and name != code.__name__ and name not in needed:
                needed.append(name)
                queue.append(getattr(module, name).__code__)
    helpers = "".join(definitions[name] + "\n\n\n" for name in reversed(needed))
    return "import numpy as np\n\n\n" + helpers + body


@pytest.mark.parametrize("lesson", STUDENT_LESSONS)
def test_student_notebook_names_a_catalogued_bug(lesson, lab, page, course_copy):
    nb = nbformat.read(course_copy / lesson / f"{lesson}.ipynb", as_version=4)
    answers = {grade_id(c): i for i, c in enumerate(nb.cells) if is_answer(c) and c.cell_type == "code"}
    # The catalogue's first bug of a function (a prediction's test cell only records the
    # choice: its diagnosis comes later in the lesson).
    bug = next(b for b in catalogue(lesson)
               if nb.cells[answers[b.function]].source.lstrip().startswith("def "))
    answer = answers[bug.function]
    test = answer + 1
    assert is_test(nb.cells[test]), "the test cell follows the answer cell"
    setup = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    source = bug_source(bug, nb.cells[answer].source)

    open_notebook(page, lab, f"{lesson}/{lesson}.ipynb", f"student-{lesson}", len(nb.cells))
    assert "Nbgrader" not in menu_labels(page)                   # nor nbgrader's Validate button
    assert page.locator(".jp-ToolbarButtonComponent-label", has_text="Validate").count() == 0

    def run(index):
        cell = cells(page).nth(index)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputArea-prompt").click()             # select the cell (command mode)
        page.keyboard.press("Control+Enter")                      # run it, stay on it
        page.wait_for_timeout(300)
        wait_idle(page, REDRAW)

    run(setup)
    editor = cells(page).nth(answer).locator(".cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)
    page.keyboard.press("Escape")
    typed = cells(page).nth(answer).locator(".cm-content").inner_text()
    assert f"{bug.function} =" in typed or f"def {bug.function}" in typed, typed
    run(answer)
    run(test)
    output = cells(page).nth(test).locator(".jp-OutputArea")
    output.evaluate("e => e.scrollIntoView({block: 'end'})")     # the diagnosis ends the output
    screenshot(page, f"{lesson}-student-bug")
    text = output.inner_text()
    assert bug.function in text and bug.phrase in text, \
        f"{lesson}: the test cell does not name the mistake {bug.phrase!r}:\n{text}"


def test_students_see_no_instructor_tools(lab, page):
    page.goto(lab.url("lab/workspaces/student-view"))
    page.wait_for_selector("#jp-menu-panel .lm-MenuBar-itemLabel")
    page.wait_for_selector(".jp-DirListing-item")
    page.wait_for_timeout(2000)                                   # late plugins, notifications
    screenshot(page, "student-view")
    labels = menu_labels(page)
    assert "Run" in labels and "Nbgrader" not in labels, labels
    assert page.locator("#jp-mainmenu-nbgrader").count() == 0
    assert page.get_by_text("official Jupyter news").count() == 0
    assert page.get_by_text("Create Assignment").count() == 0
    assert page.get_by_text("Formgrader").count() == 0
    assert lab.get("formgrader")[0] == 404                       # nbgrader's server side is off


def test_instructors_keep_nbgrader_with_plain_jupyter_lab(course_copy, browser, lab):
    """The students' configuration is for their session only: plain `jupyter lab` has nbgrader."""
    instructor = Lab(f"python3 -m venv .venv && {INSTRUCTOR_COMMAND}", course_copy,
                     course_copy.parent / "instructor-home", "instructor")
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(instructor.url("lab/workspaces/instructor-view"))
        page.wait_for_function(
            """() => [...document.querySelectorAll('#jp-menu-panel .lm-MenuBar-itemLabel')]
                     .some(e => e.textContent.trim() === 'Nbgrader')""", timeout=NOTEBOOK_OPEN * 1000)
        assert page.get_by_text("Create Assignment").count() > 0
        screenshot(page, "instructor-view")
        page.goto(instructor.url("lab/workspaces/instructor-notebook/tree/01_neuron/01_neuron.ipynb"))
        page.locator(".jp-ToolbarButtonComponent-label", has_text="Validate").first \
            .wait_for(timeout=NOTEBOOK_OPEN * 1000)
        context.close()
        assert instructor.get("formgrader")[0] in (200, 302)
    finally:
        instructor.shutdown_kernels()
        instructor.stop()
