"""A corpus of broken and hostile submissions, graded as a class: nothing is lost or faked.

Each student of the corpus has an expected score (what the honest parts of the notebook
earn) and a phrase that the feedback or the run's summary must contain.
"""
import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder.lessons import COURSE, REPO, available_lessons, source_notebook
from autograder.nbmeta import function_of, grade_id, is_test
from autograder.nbmeta import points as points_of
from conftest import answer_cells, autograder, submission, write

pytestmark = pytest.mark.e2e   # runs kernels: the end-to-end tier

L = "01_neuron"


def points(lesson, *names):
    nb = nbformat.read(source_notebook(lesson), as_version=4)
    table = {function_of(c): points_of(c) for c in nb.cells if is_test(c)}
    return sum(table[n] for n in names) if names else sum(table.values())


MAX = points(L)
# sigmoid is used by sigmoid_grad and neuron_forward; relu by neuron_forward
SIGMOID_LOST = points(L, "sigmoid", "sigmoid_grad", "neuron_forward")
RELU_LOST = points(L, "relu", "neuron_forward")

WRONG_SIGMOID = "def sigmoid(z, a=1.0):\n    return z\n"
LOOP = "def signed_distance(x, w, b):\n    while True:\n        pass\n"


# Walks the folders around its working folder and prints every file holding a hidden region.
READ_HIDDEN = ("import os\nfound = []\n"
               "for top in ['.', '..', '../..', '../../..', '../../../..']:\n"
               "    for root, dirs, files in os.walk(top):\n"
               "        for name in files:\n"
               "            try:\n"
               "                text = open(os.path.join(root, name), errors='replace').read()\n"
               "            except OSError:\n"
               "                continue\n"
               "            if 'HIDDEN' + ' TESTS' in text or 'hidden' + '_check(' in text:\n"
               "                found.append(os.path.join(root, name))\n"
               "print('HIDDEN REGIONS READABLE:', found)\n"
               "import numpy as np\ndef relu(z):\n    return np.maximum(z, 0.0)\n")


def answers(**replace):
    return lambda: submission(L, replace=replace)


def edited_cells(edit):
    """The solution notebook with its list of cells edited by ``edit(cells, by_id)``."""
    def make():
        nb = submission(L)
        by_id = {grade_id(c): c for c in nb.cells}
        edit(nb.cells, by_id)
        return nb
    return make


def move_to_top(cells, by_id):
    cell = by_id["test_gate_weights"]
    cells.remove(cell)
    cells.insert(0, cell)


def to_markdown(cells, by_id):
    cell = by_id["test_heaviside"]
    cells[cells.index(cell)] = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata, id=cell.id)


# student -> (submission maker, expected score, phrase in feedback or summary)
CORPUS = {
    "raises": (answers(leaky_relu="raise RuntimeError('oops')\n"), MAX - points(L, "leaky_relu"), "RuntimeError"),
    "syntax-error": (answers(signed_distance="def signed_distance(x, w, b)\n    return 0\n"),
                     MAX - points(L, "signed_distance"), "SyntaxError"),
    "missing-import": (answers(tanh_grad="import torch_is_not_installed\ndef tanh_grad(z):\n    return z\n"),
                       MAX - points(L, "tanh_grad"), "ModuleNotFoundError"),
    "loops": (answers(signed_distance=LOOP), MAX - points(L, "signed_distance"), "ran too long"),
    "ignores-sigint": (answers(signed_distance="import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                               + LOOP), MAX - points(L, "signed_distance"), "ran too long"),
    "sys-exit": (answers(relu="import sys\ndef relu(z):\n    sys.exit(3)\n"), MAX - RELU_LOST, "SystemExit"),
    "os-exit": (answers(relu="import os\ndef relu(z):\n    os._exit(1)\n"), MAX - RELU_LOST, "kernel died"),
    "segfault": (answers(relu="import ctypes\ndef relu(z):\n    return ctypes.string_at(0)\n"),
                 MAX - RELU_LOST, "kernel died"),
    "memory-hog": (answers(relu="import numpy as np\ndef relu(z):\n    hog = [np.ones(10**8) for _ in range(80)]\n"
                           "    return np.maximum(z, 0)\n"), MAX - RELU_LOST, "ran out of memory"),
    "patches-numpy": (answers(sigmoid="import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                              "np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)\n"
                              "np.testing.assert_allclose = lambda *a, **k: None\n" + WRONG_SIGMOID),
                      MAX - SIGMOID_LOST, "tampering detected"),
    "patches-checks": (answers(sigmoid="import nnscratch.checks.neuron as m, nnscratch.checks.core as c\n"
                               "m.check_sigmoid = lambda *a, **k: print('sigmoid: all 4 visible checks passed.')\n"
                               "c.run = lambda *a, **k: 1\n" + WRONG_SIGMOID),
                       MAX - SIGMOID_LOST, "wrong values"),
    "patches-sys-modules": (answers(sigmoid="import sys, types\nfake = types.ModuleType('autograder.hidden')\n"
                                    "fake.check = lambda *a, **k: None\nsys.modules['autograder.hidden'] = fake\n"
                                    + WRONG_SIGMOID), MAX - SIGMOID_LOST, "wrong values"),
    "patches-builtins": (answers(sigmoid="import builtins\nbuiltins.isinstance = lambda *a: True\n"
                                 "builtins.AssertionError = type('Nope', (Exception,), {})\n" + WRONG_SIGMOID),
                         MAX - SIGMOID_LOST, "ran too long"),   # IPython itself hangs
    "lying-subclass": (answers(sigmoid="import numpy as np\nclass Liar(np.ndarray):\n"
                               "    def __eq__(self, other): return np.ones(self.shape, bool)\n"
                               "def sigmoid(z, a=1.0):\n    return np.zeros_like(z).view(Liar)\n"),
                       MAX - SIGMOID_LOST, "wrong values"),
    "lying-object": (answers(sigmoid="class Anything:\n    def __eq__(self, other): return True\n"
                             "    def __array__(self, dtype=None, copy=None):\n        import numpy as np\n"
                             "        return np.zeros(3)\ndef sigmoid(z, a=1.0):\n    return Anything()\n"),
                     MAX - SIGMOID_LOST, "sigmoid("),
    "nan-trick": (answers(sigmoid="import numpy as np\ndef sigmoid(z, a=1.0):\n"
                          "    return np.full(np.shape(z), np.nan)\n"), MAX - SIGMOID_LOST, "nan"),
    "fake-success": (answers(sigmoid="print('sigmoid: all 4 visible checks passed.')\n"
                             "print('all hidden checks passed, 15 / 15 points')\n" + WRONG_SIGMOID),
                     MAX - SIGMOID_LOST, "wrong values"),
    "numpy-warning": (answers(leaky_relu="import numpy as np\ndef leaky_relu(z, alpha=0.01):\n"
                              "    np.log(np.zeros(2))   # a RuntimeWarning on stderr\n"
                              "    return np.where(z > 0, z, alpha * z)\n"), MAX, "passed"),
    "huge-output": (answers(relu="import numpy as np\nprint('x' * 5_000_000)\nfor i in range(50_000):\n"
                            "    print(i)\ndef relu(z):\n    return np.maximum(z, 0.0)\n"), MAX, "passed"),
    "snoops-and-writes": (answers(sigmoid="import glob\nfound = glob.glob('" + str(REPO) + "/solutions/*/*')\n"
                                  "found += glob.glob('" + str(REPO) + "/autograder/*.py')\n"
                                  "found += glob.glob('/tmp/**/gradebook.db', recursive=True)\n"
                                  "found += glob.glob('../../../../../**/gradebook.db', recursive=True)\n"
                                  "found += glob.glob('../../../../*/submitted/**/*.ipynb', recursive=True)\n"
                                  "import sys\n"   # the kernel's own Python (nbgrader's test files) is readable by design
                                  "found = [f for f in found if not f.startswith((sys.prefix, sys.base_prefix))]\n"
                                  "print('FOUND', found)\n"
                                  "for target in ('" + str(REPO / "README.md") + "', '"
                                  + str(COURSE / L / f"{L}.ipynb") + "'):\n"
                                  "    try:\n        open(target, 'a').write('pwned')\n"
                                  "    except OSError as e:\n        print('write refused', e)\n"
                                  + WRONG_SIGMOID), MAX - SIGMOID_LOST, "wrong values"),
    "reads-hidden-tests": (answers(relu=READ_HIDDEN), MAX, "passed"),
    "edits-test-cell": (edited_cells(lambda cells, by: setattr(by["test_sigmoid"], "source", "pass")),
                        MAX, "the test cell of sigmoid was changed; it was restored"),
    "deletes-test-cell": (edited_cells(lambda cells, by: cells.remove(by["test_relu"])),
                          MAX, "the test cell of relu was missing; it was restored"),
    "duplicates-test-cell": (edited_cells(lambda cells, by: cells.insert(0, by["test_affine"])),
                             MAX, "duplicate of a lesson cell (test_affine) was removed"),
    "moves-test-cell": (edited_cells(move_to_top), MAX, "put back in the lesson's order"),
    "retypes-test-cell": (edited_cells(to_markdown), MAX, "the test cell of heaviside was changed"),
    "changes-points": (edited_cells(lambda cells, by: by["test_affine"].metadata["nbgrader"].update(points=100)),
                       MAX, "the test cell of affine was changed"),
    "deletes-answer-cell": (edited_cells(lambda cells, by: cells.remove(by["relu_grad"])),
                            MAX - points(L, "relu_grad"), "the answer cell of relu_grad was missing"),
}


def special_submissions(subs: Path) -> dict:
    """Students whose folder itself is the problem: student -> (expected score, phrase)."""
    write(submission(L), subs / "jean dupont" / f"{L}.ipynb")
    write(submission(L), subs / "o'brien.x" / f"{L}.ipynb")
    write(submission(L), subs / "renamed" / "Untitled (1).ipynb")
    write(submission(L), subs / "extra-files" / f"{L}.ipynb")
    (subs / "extra-files" / "notes.txt").write_text("my notes")
    (subs / "extra-files" / "helper.py").write_text("raise SystemExit('never imported')\n")
    (subs / "corrupt").mkdir()
    (subs / "corrupt" / f"{L}.ipynb").write_text('{"cells": [ {"cell_type": ')
    (subs / "empty").mkdir()
    (subs / "empty" / f"{L}.ipynb").write_text("")
    other = next(lesson for lesson in available_lessons() if lesson != L)
    write(submission(other), subs / "other-lesson" / f"{L}.ipynb")
    (subs / "symlinked-file").mkdir()
    (subs / "symlinked-file" / f"{L}.ipynb").symlink_to(source_notebook(L))
    (subs / "symlinked-folder").symlink_to(source_notebook(L).parent, target_is_directory=True)
    (subs / "loose-file.ipynb").write_text("{}")
    return {
        "jean dupont": (MAX, ""), "o'brien.x": (MAX, ""), "extra-files": (MAX, ""),
        "renamed": (MAX, "graded Untitled (1).ipynb"),
        "corrupt": (0.0, "not a readable notebook"), "empty": (0.0, "the notebook file is empty"),
        "other-lesson": (0.0, f"belongs to lesson '{other}'"),
        "symlinked-file": (0.0, "symbolic link; refused"), "symlinked-folder": (0.0, "symbolic link; refused"),
    }


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    subs = root / "submissions"
    expected = {}
    for student, (make, score, phrase) in CORPUS.items():
        write(make(), subs / student / f"{L}.ipynb")
        expected[student] = (score, phrase)
    expected.update(special_submissions(subs))
    readme = (REPO / "README.md").read_text()
    start = time.monotonic()
    result = autograder("grade", L, subs, "--out", root / "out", "--jobs", 2, "--timeout", 5)
    seconds = time.monotonic() - start
    assert result.returncode == 0, result.stdout + result.stderr
    return {"root": root, "subs": subs, "expected": expected, "log": result.stdout, "seconds": seconds,
            "readme_unchanged": (REPO / "README.md").read_text() == readme}


def rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_student_gets_what_their_honest_work_earns(corpus):
    got = {row["student_id"]: float(row["score"]) for row in rows(corpus["root"] / "out" / "grades.csv")}
    want = {student: float(score) for student, (score, _) in corpus["expected"].items()}
    assert got == want


def test_grades_are_sorted_and_complete(corpus):
    ids = [row["student_id"] for row in rows(corpus["root"] / "out" / "grades.csv")]
    assert ids == sorted(corpus["expected"])
    assert "ignored: loose-file.ipynb" in corpus["log"]


@pytest.mark.parametrize("student", list(CORPUS) + ["renamed", "corrupt", "empty", "other-lesson",
                                                    "symlinked-file", "symlinked-folder"])
def test_feedback_or_summary_says_what_happened(corpus, student):
    page = corpus["root"] / "out" / "feedback" / student / f"{L}.html"
    text = page.read_text() + corpus["log"]
    phrase = corpus["expected"][student][1]
    assert phrase.replace("'", "&#x27;") in text or phrase in text, f"{student}: {phrase!r} not found"


def test_no_feedback_page_contains_hidden_tests(corpus):
    for page in (corpus["root"] / "out" / "feedback").rglob("*.html"):
        text = page.read_text()
        assert "HIDDEN TESTS" not in text and "hidden_check" not in text, page


def test_student_code_could_not_read_or_write_what_it_must_not(corpus):
    graded = next((corpus["root"] / "out" / ".work" / "students").glob("snoops-and-writes-*"))
    nb = nbformat.read(graded / "autograded" / "student" / L / f"{L}.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "FOUND []" in printed and printed.count("write refused") == 2
    assert corpus["readme_unchanged"]
    assert "pwned" not in (corpus["root"] / "out" / "grades.csv").read_text()


def test_no_file_a_grading_kernel_can_read_holds_a_hidden_region(corpus):
    graded = next((corpus["root"] / "out" / ".work" / "students").glob("reads-hidden-tests-*"))
    nb = nbformat.read(graded / "autograded" / "student" / L / f"{L}.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "HIDDEN REGIONS READABLE: []" in printed


def test_submissions_are_never_modified(corpus):
    assert (corpus["subs"] / "corrupt" / f"{L}.ipynb").read_text() == '{"cells": [ {"cell_type": '
    assert not list(corpus["subs"].rglob("*.nnscratch*")) and not list(corpus["subs"].rglob("autograded"))


def test_regrading_gives_the_same_csv_and_reuses_results(corpus):
    before = (corpus["root"] / "out" / "grades.csv").read_text()
    start = time.monotonic()
    result = autograder("grade", L, corpus["subs"], "--out", corpus["root"] / "out", "--jobs", 2, "--timeout", 5)
    assert result.returncode == 0
    assert (corpus["root"] / "out" / "grades.csv").read_text() == before
    assert time.monotonic() - start < corpus["seconds"] / 2


def test_an_interrupted_run_keeps_its_grades_and_finishes(tmp_path):
    subs = tmp_path / "subs"
    for i in range(4):
        write(submission(L), subs / f"s{i}" / f"{L}.ipynb")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "grade", L, str(subs), "--out", str(out)]
    run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    deadline = time.monotonic() + 300
    while len(list(out.glob(".work/students/*/submission.sha256"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    started = psutil.Process(run.pid).children(recursive=True)   # its workers and their kernels
    assert started
    os.killpg(run.pid, 9)
    run.wait()
    _, left = psutil.wait_procs(started, timeout=5)   # they stop with it, within a few seconds
    assert not left, f"still running after the grading command was killed: {left}"
    finished = {p.parent.name: p.stat().st_mtime for p in out.glob(".work/students/*/result.json")}
    assert 2 <= len(finished) < 4
    result = autograder("grade", L, subs, "--out", out)
    assert result.returncode == 0
    assert {row["student_id"]: float(row["score"]) for row in rows(out / "grades.csv")} == \
        {f"s{i}": float(MAX) for i in range(4)}
    for name, mtime in finished.items():   # finished students were not graded again
        assert (out / ".work" / "students" / name / "result.json").stat().st_mtime == mtime


# ------------------------------------------------------------------ every other lesson
@pytest.mark.parametrize("lesson", [lesson for lesson in available_lessons() if lesson != L])
def test_hostile_submissions_of_other_lessons(lesson, tmp_path):
    """Tampering with a wrong last function, an endless loop, and a deleted test cell."""
    names = list(answer_cells(nbformat.read(source_notebook(lesson), as_version=4)))
    last, first = names[-1], names[0]
    student_stub = answer_cells(nbformat.read(COURSE / lesson / f"{lesson}.ipynb", as_version=4))[last].source
    head = student_stub.split(":", 1)[0]            # "def name(args)"
    tamper = ("import numpy as np\nnp.allclose = lambda *a, **k: True\n"
              "np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)\n"
              f"{head}:\n    return 0\n")
    subs = tmp_path / "subs"
    write(submission(lesson, replace={last: tamper}), subs / "tamper" / f"{lesson}.ipynb")
    write(submission(lesson, replace={last: f"{head}:\n    while True:\n        pass\n"}),
          subs / "loop" / f"{lesson}.ipynb")
    nb = submission(lesson)
    nb.cells = [c for c in nb.cells if grade_id(c) != f"test_{first}"]
    write(nb, subs / "deleted" / f"{lesson}.ipynb")
    result = autograder("grade", lesson, subs, "--out", tmp_path / "out", "--jobs", 2, "--timeout", 5)
    assert result.returncode == 0, result.stdout + result.stderr
    scores = {r["student_id"]: float(r["score"]) for r in rows(tmp_path / "out" / "grades.csv")}
    total = points(lesson)
    assert scores == {"tamper": total - points(lesson, last), "loop": total - points(lesson, last),
                      "deleted": total}
    assert f"test cell of {first} was missing; it was restored" in result.stdout


# ------------------------------------------------------------------ lesson 04 (04_mlp_backprop): BEGIN
# Three students of lesson 04 aimed at its challenge, mlp_loss_and_grad: each loses exactly that
# exercise's points and its feedback says why.
import html  # noqa: E402 - kept inside this block

L04 = "04_mlp_backprop"


def _mlp_answer():
    return answer_cells(nbformat.read(source_notebook(L04), as_version=4))["mlp_loss_and_grad"].source


def _given_softmax():
    """The part of the answer cell the lesson gives: softmax_cross_entropy."""
    source = _mlp_answer()
    return source[:source.index("def mlp_loss_and_grad")]


# No backward pass: the student's own forward pass and numerical_gradient. Central differences agree
# with backpropagation everywhere but at ReLU's kink, which the kink cases put pre-activations on.
MLP_NUMERICAL = (
    "def mlp_loss_and_grad(params, X, y, activation=\"relu\"):\n"
    "    forward = {\"relu\": relu_forward, \"sigmoid\": sigmoid_forward, \"tanh\": tanh_forward}[activation]\n"
    "    L = len(params) // 2\n"
    "    def loss_of(p):\n"
    "        A = np.asarray(X, dtype=float)\n"
    "        for l in range(1, L + 1):\n"
    "            A, _ = linear_forward(A, p[f\"W{l}\"], p[f\"b{l}\"])\n"
    "            if l < L:\n"
    "                A, _ = forward(A)\n"
    "        return softmax_cross_entropy(A, y)[0]\n"
    "    grads = {}\n"
    "    for key in params:   # no backward pass: numerical_gradient does it\n"
    "        grads[key] = numerical_gradient(lambda v: loss_of({**params, key: v}),\n"
    "                                        np.array(params[key], dtype=float))\n"
    "    return loss_of(params), grads\n")

# Replaces the checks and NumPy's comparisons in its own cell, then returns zeros.
MLP_TAMPER = (
    "import numpy as np\nimport nnscratch.checks.mlp as m\n"
    "m.check_mlp_loss_and_grad = lambda *a, **k: print('mlp_loss_and_grad: all 7 visible checks passed.')\n"
    "np.allclose = lambda *a, **k: True\n"
    "np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)\n"
    "def mlp_loss_and_grad(params, X, y, activation=\"relu\"):\n"
    "    return 0.0, {key: np.zeros_like(value) for key, value in params.items()}\n")


def _mlp_mutates():
    """The reference, plus a training step on params inside the function (params changed in place)."""
    source = _mlp_answer()
    changed = source.replace("    return loss, {key: grads[key]",
                             "    for key in params:   # a training step while we are at it\n"
                             "        params[key] -= 0.1 * grads[key]\n"
                             "    return loss, {key: grads[key]")
    assert changed != source
    return changed


def test_hostile_submissions_of_lesson_04(tmp_path):
    lost = points(L04) - points(L04, "mlp_loss_and_grad")
    students = {   # student -> (answer cell of mlp_loss_and_grad, expected score, phrase in feedback)
        "numerical": (_given_softmax() + MLP_NUMERICAL, lost, "instead of by backpropagation"),
        "mutates-params": (_mlp_mutates(), lost, "modified its input `params` in place"),
        "tamper": (MLP_TAMPER, lost, "tampering detected"),
    }
    subs = tmp_path / "subs"
    for student, (source, _, _) in students.items():
        write(submission(L04, replace={"mlp_loss_and_grad": source}), subs / student / f"{L04}.ipynb")
    result = autograder("grade", L04, subs, "--out", tmp_path / "out", "--jobs", 2, "--timeout", 5)
    assert result.returncode == 0, result.stdout + result.stderr
    scores = {r["student_id"]: float(r["score"]) for r in rows(tmp_path / "out" / "grades.csv")}
    assert scores == {student: float(score) for student, (_, score, _) in students.items()}
    for student, (_, _, phrase) in students.items():
        page = html.unescape((tmp_path / "out" / "feedback" / student / f"{L04}.html").read_text())
        assert phrase in page, f"{student}: {phrase!r} not found"
# ------------------------------------------------------------------ lesson 04 (04_mlp_backprop): END
