"""Every lesson's checks, tested on function objects directly (no notebook runs here).

* the reference solution passes the visible and the hidden checks of every exercise;
* an unfinished stub fails with "not implemented yet";
* every bug of the catalogue fails its exercise, with feedback naming the mistake;
* the notebooks, the check modules and the catalogue agree on the graded functions.
"""
import importlib

import nbformat
import pytest

from autograder import reference
from autograder.nbmeta import grade_id, is_answer, is_test
from nnscratch.checks.core import Prediction
from nnscratch.checks.record import exercise_of
from autograder.bugs import catalogue
from autograder.hidden import check as hidden_check
from autograder.lessons import available_lessons, source_notebook, topic

LESSONS = available_lessons()


def graded_functions(lesson):
    nb = nbformat.read(source_notebook(lesson), as_version=4)
    return [grade_id(c) for c in nb.cells if is_answer(c)]


def checks_module(lesson):
    return importlib.import_module(f"nnscratch.checks.{topic(lesson)}")


def uses(lesson, name):
    """The reference versions of the other graded functions an exercise's check needs."""
    return [reference.load(lesson)[other] for other in exercise_of(lesson, name).uses]


def run_exercise(lesson, name, fn):
    """What a test cell does: the visible checks, then the hidden ones."""
    getattr(checks_module(lesson), f"check_{name}")(fn, *uses(lesson, name))
    hidden_check(lesson, name, fn, *uses(lesson, name))


EXERCISES = [(lesson, name) for lesson in LESSONS for name in graded_functions(lesson)]
BUGS = [(lesson, bug) for lesson in LESSONS for bug in catalogue(lesson)]


def test_there_is_a_lesson_to_check():
    assert "01_neuron" in LESSONS


@pytest.mark.parametrize("lesson, name", EXERCISES)
def test_reference_passes_visible_and_hidden_checks(lesson, name, capsys):
    run_exercise(lesson, name, reference.load(lesson)[name])
    out = capsys.readouterr().out
    visible = "prediction is recorded" if isinstance(exercise_of(lesson, name), Prediction) \
        else "visible checks passed"
    assert f"{name}: all" in out and visible in out and "hidden checks passed" in out


@pytest.mark.parametrize("lesson, name", EXERCISES)
def test_stub_fails_with_not_implemented(lesson, name):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    with pytest.raises(AssertionError, match="not implemented yet"):
        run_exercise(lesson, name, stub)


@pytest.mark.parametrize("lesson, bug", BUGS, ids=[f"{b.function}: {b.phrase[:40]}" for _, b in BUGS])
def test_every_catalogued_bug_fails_its_exercise_naming_the_mistake(lesson, bug):
    with pytest.raises(AssertionError) as info:
        run_exercise(lesson, bug.function, bug.code)
    message = str(info.value)
    assert bug.function in message
    assert bug.phrase in message, f"feedback does not name the mistake:\n{message}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_graded_function_has_checks_and_at_least_two_bugs(lesson):
    module = checks_module(lesson)
    names = graded_functions(lesson)
    for name in names:
        assert callable(getattr(module, f"check_{name}", None)), f"no check_{name}"
        assert sum(b.function == name for b in catalogue(lesson)) >= 2, f"fewer than 2 bugs for {name}"
    assert set(b.function for b in catalogue(lesson)) <= set(names)
    assert set(module.visible_inputs()) <= set(names)


@pytest.mark.parametrize("lesson", LESSONS)
def test_test_cells_call_the_checks_of_their_function(lesson):
    nb = nbformat.read(source_notebook(lesson), as_version=4)
    tests = {grade_id(c): c.source for c in nb.cells if is_test(c)}
    for name in graded_functions(lesson):
        source = tests[f"test_{name}"]
        call = ", ".join([name, *exercise_of(lesson, name).uses])
        assert f"check_{name}({call})" in source
        hidden = source.split("### BEGIN HIDDEN TESTS")[1]
        assert f'hidden_check("{lesson}", "{name}", {call})' in hidden


# ------------------------------------------------------------------ grading mode
def replayed(lesson, name, fn, folder, monkeypatch):
    """Record ``fn`` as a grading kernel does, then judge the records as the grader does."""
    from autograder.execution import write_kernel_inputs
    from autograder.judge import load_records, verdict
    from nnscratch.checks.record import GRADING_DIR, record

    write_kernel_inputs(folder, lesson)
    monkeypatch.setenv(GRADING_DIR, str(folder))
    try:
        record(lesson, name, fn, *uses(lesson, name))
    except Exception:  # noqa: BLE001 - a failing check may stop the recording; judged below
        pass
    return verdict(lesson, name, load_records(folder / "records.jsonl"))


@pytest.mark.parametrize("lesson, name", EXERCISES)
def test_grading_mode_passes_the_reference(lesson, name, tmp_path, monkeypatch):
    outcome, message = replayed(lesson, name, reference.load(lesson)[name], tmp_path, monkeypatch)
    assert outcome == "passed", message


@pytest.mark.parametrize("lesson, bug", BUGS, ids=[f"{b.function}: {b.phrase[:40]}" for _, b in BUGS])
def test_grading_mode_fails_every_bug_with_the_same_message(lesson, bug, tmp_path, monkeypatch):
    outcome, message = replayed(lesson, bug.function, bug.code, tmp_path, monkeypatch)
    assert outcome in ("failed", "failed visible"), (outcome, message)
    assert bug.phrase in message
