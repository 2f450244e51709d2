"""Hints on demand: every graded function has two to four, none gives the answer away."""
import re

import nbformat
import pytest

from autograder import reference
from autograder.bugs import catalogue
from autograder.lessons import COURSE, FIXTURES, available_lessons, source_notebook
from autograder.nbmeta import grade_id, is_answer
from nnscratch import hints
from nnscratch.checks import core
from nnscratch.checks.core import Exercise
from nnscratch.checks.record import exercise_of

LESSONS = available_lessons()


def answer_cells(lesson):
    return [c for c in nbformat.read(source_notebook(lesson), as_version=4).cells if is_answer(c)]


FUNCTIONS = [(lesson, grade_id(cell)) for lesson in LESSONS for cell in answer_cells(lesson)
             if isinstance(exercise_of(lesson, grade_id(cell)), Exercise)]


WRAPPERS = re.compile(r"^(float|int|bool|np\.asarray|np\.array)\((.*)\)$")


def cores(line):
    """A solution line, and what a hint could quote of it without the conversion around it:
    ``np.sum(d * d)`` of ``loss = float(np.sum(d * d))`` or of ``return float(...)``."""
    found = [line]
    match = re.match(r"^(?:return\s+|[\w\[\]'\", .]+?\s*=(?!=)\s*)(.+)$", line)
    rest = match.group(1) if match else line
    while (wrapped := WRAPPERS.match(rest)) and wrapped.group(2).count("(") == wrapped.group(2).count(")"):
        rest = wrapped.group(2).split(", dtype=")[0].strip()
        found.append(rest)
    return found


def solution_lines(lesson, name):
    """The code lines of the reference solution, as a student would type them, and their
    cores (see ``cores``); only those of 12 characters or more, shorter ones say too little."""
    cell = next(c for c in answer_cells(lesson) if grade_id(c) == name)
    region = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
    lines = [line.split("#")[0].strip() for line in region.splitlines()]
    return sorted({core for line in lines for core in cores(line) if len(core) >= 12})


def squeeze(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lesson, name", FUNCTIONS)
def test_every_graded_function_has_two_to_four_hints(lesson, name):
    assert 2 <= len(hints.hints_of(name)) <= 4


@pytest.mark.parametrize("lesson, name", FUNCTIONS)
def test_no_hint_contains_a_line_of_the_reference_solution(lesson, name):
    text = squeeze(" ".join(hints.hints_of(name)))
    for line in solution_lines(lesson, name):
        assert squeeze(line) not in text, f"a hint of {name} gives away: {line}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_student_stubs_point_to_an_idea_not_the_code(lesson):
    nb = nbformat.read(COURSE / lesson / f"{lesson}.ipynb", as_version=4)
    refs = reference.load(lesson)
    for cell in nb.cells:
        if not is_answer(cell) or not callable(refs.get(grade_id(cell))):
            continue
        assert "# Hint:" not in cell.source, grade_id(cell)
        idea = [line for line in cell.source.splitlines() if line.strip().startswith("# Idea:")]
        assert len(idea) == 1 and re.search(r"\(about \d+(-\d+)? lines?\)", idea[0]), grade_id(cell)
        for line in solution_lines(lesson, grade_id(cell)):
            assert squeeze(line) not in squeeze(idea[0]), f"{grade_id(cell)}: the idea gives away {line}"


def test_hint_prints_the_next_level_each_time_and_stops_at_the_last(capsys):
    hints._asked.pop("affine", None)
    count = len(hints.hints_of("affine"))
    for level in range(1, count + 2):
        hints.hint("affine")
        out = capsys.readouterr().out
        assert f"affine, hint {min(level, count)} of {count}:" in out
    assert "last hint" in out
    hints.hint("affine", 1)
    assert "hint 1 of" in capsys.readouterr().out


def test_hint_for_an_unknown_name_says_what_was_expected():
    with pytest.raises(KeyError, match="name of a graded function"):
        hints.hint("no_such_function")
    with pytest.raises(ValueError, match="has hints 1 to"):
        hints.hint("affine", 99)


def test_hint_button_reveals_hints_one_by_one():
    hints._asked.pop("relu", None)
    box = hints.hint_button("relu")
    button, output = box.children
    for _ in range(len(hints.hints_of("relu"))):
        button.click()
    assert hints._asked["relu"] == len(hints.hints_of("relu")) and button.disabled


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_student_prediction_cell_only_asks_for_the_answer(lesson):
    nb = nbformat.read(COURSE / lesson / f"{lesson}.ipynb", as_version=4)
    cells = [c for c in nb.cells if is_answer(c) and grade_id(c).endswith("_prediction")]
    assert len(cells) >= 2
    for cell in cells:
        assert "NotImplementedError" not in cell.source and f"{grade_id(cell)} = None" in cell.source


def feedback_texts(lesson):
    """``[(function, text)]``: every mistake the checks may name to a student of ``lesson``: the
    bug catalogue's, the likely mistakes of the checks' phrases and of their expected errors."""
    texts = [(bug.function, bug.mistake) for bug in catalogue(lesson)]
    for name in {name for _, name in FUNCTIONS_OF[lesson]}:
        exercise = exercise_of(lesson, name)
        texts += [(name, text) for text in exercise.phrases.values()]
        texts += [(name, raises.mistake) for raises in exercise.raises]
    return texts + [("any", core.OVERFLOW_HINT), ("any", core.FORBIDDEN_HINT)]


FUNCTIONS_OF = {lesson: [(l, n) for l, n in FUNCTIONS if l == lesson] for lesson in LESSONS}

# The results lesson 03 asks students to derive, as they would write them.
DERIVED_03 = ("softmax(S) - Y", "softmax(S) - one_hot", "P - Y", "Y - P", "sigmoid(s) - y",
              "y - sigmoid(s)", "p - y", "X.T @ d", "logaddexp(0, s) - y * s", "S - np.max(S")


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_mistake_text_contains_a_line_of_the_reference_solution(lesson):
    lines = {line for _, name in FUNCTIONS_OF[lesson] for line in solution_lines(lesson, name)}
    for function, text in feedback_texts(lesson):
        for line in lines:
            assert squeeze(line) not in squeeze(text), f"{function}: the mistake {text!r} gives away {line}"


def test_lesson_03_feedback_and_hints_do_not_state_the_derived_gradient():
    lesson = "03_logistic_regression"
    texts = feedback_texts(lesson) + [(name, h) for _, name in FUNCTIONS_OF[lesson]
                                      for h in hints.hints_of(name)]
    fixture = (FIXTURES / f"{lesson}.json").read_text()   # what students can read
    for formula in DERIVED_03:
        for function, text in texts:
            assert squeeze(formula) not in squeeze(text), f"{function}: {text!r} states {formula}"
        assert formula not in fixture, f"the fixtures of {lesson} state {formula}"
