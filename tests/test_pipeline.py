"""The whole road: build, check and grade, run as a user runs them.

Lesson 01 gets the thorough treatment (a class with a correct, a blank, a buggy, a looping,
a noisy and a missing submission); every other lesson is checked end to end with its
solution, its untouched student notebook and a small class.
"""
import csv
import hashlib
import json

import nbformat
import pytest

from autograder.lessons import COURSE, available_lessons, source_notebook
from autograder import nbmeta
from autograder.nbmeta import grade_id, is_test
from conftest import answer_cells, autograder, submission, write

pytestmark = pytest.mark.e2e   # runs kernels: the end-to-end tier

LESSON = "01_neuron"
SOURCE = source_notebook(LESSON)
STUDENT = COURSE / LESSON / f"{LESSON}.ipynb"


LESSONS = available_lessons()


def max_score(lesson):
    return nbmeta.max_score(nbformat.read(source_notebook(lesson), as_version=4).cells)


def points(name, lesson=LESSON):
    nb = nbformat.read(source_notebook(lesson), as_version=4)
    return next(nbmeta.points(c) for c in nb.cells if grade_id(c) == f"test_{name}")


MAX = max_score(LESSON)


def with_extra_line(name, line):
    """The reference answer of ``name`` with ``line`` added at the top of its body."""
    src = answer_cells(nbformat.read(SOURCE, as_version=4))[name].source
    head, rest = src.split('"""', 2)[:2], src.split('"""', 2)[2]
    return '"""'.join(head) + '"""\n    ' + line + rest


NAIVE_SIGMOID = "import numpy as np\ndef sigmoid(z, a=1.0):\n    return 1 / (1 + np.exp(-a * z))\n"
RELU_GRAD_AT_ZERO = "def relu_grad(z):\n    return (z >= 0).astype(float)\n"
LEAKY_CONSTANT = "import numpy as np\ndef leaky_relu(z, alpha=0.01):\n    return np.where(z > 0, z, alpha)\n"
LOOP = "def signed_distance(x, w, b):\n    while True:\n        pass\n"


def run_json(*args):
    result = autograder(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# ------------------------------------------------------------------ build
def test_build_check_passes_on_the_committed_course():
    result = autograder("build", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


@pytest.mark.parametrize("lesson", LESSONS)
def test_student_notebook_has_stubs_and_no_solutions_or_hidden_tests(lesson):
    text = (COURSE / lesson / f"{lesson}.ipynb").read_text()
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "hidden_check" not in text
    assert "raise NotImplementedError()" in text


# ------------------------------------------------------------------ check
@pytest.mark.parametrize("lesson", LESSONS)
def test_check_gives_the_solution_full_marks(lesson):
    result = run_json("check", source_notebook(lesson), "--json")
    assert result["lesson"] == lesson and result["hidden_tests"] is True
    assert result["score"] == result["max_score"] == max_score(lesson)
    assert all(ex["passed"] and ex["message"] == "passed" for ex in result["exercises"])
    assert {"id", "function", "points", "max_points", "passed", "message"} <= set(result["exercises"][0])


@pytest.mark.parametrize("lesson", LESSONS)
def test_check_gives_the_untouched_student_notebook_zero_saying_not_implemented(lesson):
    result = run_json("check", COURSE / lesson / f"{lesson}.ipynb", "--json")
    assert result["score"] == 0 and result["max_score"] == max_score(lesson)
    for ex in result["exercises"]:
        assert not ex["passed"], ex
        assert "not implemented yet" in ex["message"] or "no prediction yet" in ex["message"], ex


def test_check_names_the_mistake(tmp_path):
    nb = submission(LESSON, replace={"sigmoid": NAIVE_SIGMOID})
    result = autograder("check", write(nb, tmp_path / "mine.ipynb"))
    assert result.returncode == 0
    # sigmoid_grad and neuron_forward use the student's sigmoid, so they fail too
    lost = points("sigmoid") + points("sigmoid_grad") + points("neuron_forward")
    assert f"{LESSON}: {MAX - lost:g} / {MAX:g} points" in result.stdout
    assert "FAIL sigmoid" in result.stdout and "overflow" in result.stdout
    assert "ok   affine" in result.stdout


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ("{not json", "not a Jupyter notebook"),
    (json.dumps(nbformat.v4.new_notebook()), "not a notebook of this course"),
])
def test_check_refuses_what_it_cannot_grade(tmp_path, content, message):
    path = tmp_path / "homework.ipynb"
    if content is not None:
        path.write_text(content)
    result = autograder("check", path)
    assert result.returncode != 0 and message in result.stderr


# ------------------------------------------------------------------ grade
def tree_digest(folder):
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    """A small class graded with --jobs 1 and --jobs 2 (and the first run repeated)."""
    root = tmp_path_factory.mktemp("class")
    subs = root / "submissions"
    write(submission(LESSON), subs / "alice" / LESSON / f"{LESSON}.ipynb")      # nbgrader layout
    write(submission(LESSON, student=True), subs / "bob" / f"{LESSON}.ipynb")   # blank
    write(submission(LESSON, replace={"leaky_relu": LEAKY_CONSTANT, "relu_grad": RELU_GRAD_AT_ZERO}),
          subs / "carol" / f"{LESSON}.ipynb")                                  # buggy
    write(submission(LESSON, replace={"signed_distance": LOOP}), subs / "dave" / f"{LESSON}.ipynb")
    noisy = with_extra_line("relu", 'import sys; print("debug: relu called", file=sys.stderr)')
    write(submission(LESSON, replace={"relu": noisy}), subs / "erin" / f"{LESSON}.ipynb")
    (subs / "frank").mkdir()                                                    # nothing handed in
    before = tree_digest(subs)
    runs = {}
    for name, jobs in (("one", 1), ("two", 2), ("one", 1)):
        result = autograder("grade", LESSON, subs, "--out", root / name, "--jobs", jobs, "--timeout", 5)
        assert result.returncode == 0, result.stdout + result.stderr
        runs.setdefault(name, []).append((root / name / "grades.csv").read_text())
    return {"root": root, "runs": runs, "unchanged": tree_digest(subs) == before, "log": result.stdout}


def scores(csv_text):
    return {row["student_id"]: float(row["score"]) for row in csv.DictReader(csv_text.splitlines())}


def test_grade_gives_each_student_the_score_their_work_earns(graded_class):
    assert scores(graded_class["runs"]["one"][0]) == {
        "alice": MAX, "bob": 0.0, "carol": MAX - points("leaky_relu") - points("relu_grad"),
        "dave": MAX - points("signed_distance"), "erin": MAX, "frank": 0.0}


def test_grade_is_the_same_with_two_jobs_and_when_run_again(graded_class):
    first, again = graded_class["runs"]["one"]
    assert graded_class["runs"]["two"] == [first] and again == first
    header = first.splitlines()[0].split(",")
    assert {"student_id", "score", "max_score"} <= set(header)
    assert [r["student_id"] for r in csv.DictReader(first.splitlines())] == sorted(scores(first))


def test_grade_never_modifies_submissions(graded_class):
    assert graded_class["unchanged"]


def test_grade_summary_names_the_student_without_a_notebook(graded_class):
    assert "frank: no 01_neuron.ipynb" in graded_class["log"]


def test_feedback_for_everyone_without_hidden_tests(graded_class):
    feedback = graded_class["root"] / "one" / "feedback"
    pages = {p.parent.name: p.read_text() for p in feedback.glob(f"*/{LESSON}.html")}
    assert set(pages) == {"alice", "bob", "carol", "dave", "erin", "frank"}
    for page in pages.values():
        assert "HIDDEN TESTS" not in page and "hidden_check" not in page and "autograder.hidden" not in page
    assert "alpha instead of alpha * z" in pages["carol"] and "not implemented yet" in pages["bob"]


# ------------------------------------------------------------------ every other lesson
@pytest.mark.parametrize("lesson", [lesson for lesson in LESSONS if lesson != LESSON])
def test_grade_a_small_class(lesson, tmp_path):
    """A correct, a blank and a partial submission (last function left as a stub), two jobs."""
    last = list(answer_cells(nbformat.read(source_notebook(lesson), as_version=4)))[-1]
    stub = answer_cells(nbformat.read(COURSE / lesson / f"{lesson}.ipynb", as_version=4))[last].source
    subs = tmp_path / "subs"
    write(submission(lesson), subs / "full" / f"{lesson}.ipynb")
    write(submission(lesson, student=True), subs / "blank" / f"{lesson}.ipynb")
    write(submission(lesson, replace={last: stub}), subs / "partial" / f"{lesson}.ipynb")
    result = autograder("grade", lesson, subs, "--out", tmp_path / "out", "--jobs", 2)
    assert result.returncode == 0, result.stdout + result.stderr
    top = max_score(lesson)
    assert scores((tmp_path / "out" / "grades.csv").read_text()) == {
        "blank": 0.0, "full": top, "partial": top - points(last, lesson)}
    for page in (tmp_path / "out" / "feedback").glob("*/*.html"):
        assert "HIDDEN TESTS" not in page.read_text()
