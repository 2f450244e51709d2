"""The class report: mistakes.csv and report.html, built from the grading record.

The fast tests parse messages and build reports from synthetic records (no kernel); one
end-to-end test grades a class of lesson 01 made from the bug catalogue and checks the
exact count of every mistake.
"""
import ast
import contextlib
import csv
import importlib
import inspect
import io
import json
import re
import shutil
import time
from html.parser import HTMLParser
from types import SimpleNamespace

import nbformat
import pytest

from autograder import reference, report
from autograder.__main__ import main
from autograder.bugs import catalogue
from autograder.hidden import check as hidden_check
from autograder.lessons import available_lessons, source_notebook, topic
from autograder.nbmeta import function_of, grade_id, is_answer, is_test
from nnscratch.checks.record import exercise_of
from conftest import answer_cells, autograder, submission, write

WHERE = "sigmoid(z=array of shape (2, 3), dtype float64, a=10.0)"


# ------------------------------------------------------------------ one message
@pytest.mark.parametrize("message, outcome, mistake", [
    ("passed", "failed", "failed a check"),   # (only `passed=True` makes it a pass)
    (f"AssertionError: {WHERE}: the result has wrong values (5 of 6 entries differ; received dtype "
     "float64)\n  largest error 0.37 at index (0, 1): expected 0.0067, got 0.38\n"
     "  Likely mistake: the slope `a` is ignored: compute sigma(a z).", "failed",
     "the slope `a` is ignored: compute sigma(a z)"),
    (f"AssertionError: {WHERE} emitted a warning: overflow encountered in exp.\n  Likely mistake: "
     "overflow in exp. Only ever exponentiate numbers <= 0, for example exp(-|t|).", "failed", "overflow in exp"),
    (f"AssertionError: {WHERE}: the result has shape (3,), expected (2, 3)", "failed", "wrong shape"),
    (f"AssertionError: {WHERE}: the result has wrong values (1 of 6 entries differ)", "failed", "wrong values"),
    ("AssertionError: softplus(z=...): `dy_dz` has wrong values (2 of 7 entries differ)", "failed",
     "wrong values of `dy_dz`"),
    (f"AssertionError: {WHERE} raised ValueError: operands could not be broadcast", "failed", "raised ValueError"),
    (f"AssertionError: {WHERE} raised RuntimeError: oops\n  Likely mistake: I am right.\n"
     "  Likely mistake: a sum lost its axis; use keepdims=True.", "failed", "a sum lost its axis; use keepdims=True"),
    (f"AssertionError: {WHERE} emitted a warning: invalid value encountered in divide.", "failed",
     "warning: invalid value encountered in divide"),
    (f"AssertionError: {WHERE} modified its input `z` in place.", "failed", "modified its input in place"),
    (f"AssertionError: {WHERE}: the result is None: did you forget `return`?", "failed", "missing return"),
    ("AssertionError: neuron_forward(...) returned array([-1.0]) instead of raising ValueError.", "failed",
     "did not raise ValueError"),
    ("AssertionError: sigmoid is not implemented yet: replace `raise NotImplementedError` in its cell",
     "failed", "not implemented"),
    ("AssertionError: band_prediction: no prediction yet: replace None by your answer", "failed", "not implemented"),
    ("AssertionError: band_prediction: you predicted 'a'; the answer is 'c'. The output ...", "failed",
     "predicted 'a'"),
    ("AssertionError: gate_weights('OR') returned w=[1.0, 1.0], b=-1.5: the neuron gives [0, 0, 0, 1] on the "
     "inputs (0,0), (0,1), (1,0), (1,1), but OR needs [0, 1, 1, 1].", "failed", "wrong outputs for OR"),
    ("AssertionError: Tampering detected: these checks passed inside the notebook but fail when re-checked "
     f"by the grader.\n{WHERE}: the result has wrong values", "tampering", "tampering detected"),
    ("TimeoutError: this cell ran longer than 10 s and was stopped (an endless loop?)", "timed out", "ran too long"),
    ("NotRun: not run: the submission used up its 100 s time budget", "not run",
     "not run: the submission used up its time budget"),
    ("KernelDied: the kernel stopped while running this cell", "failed", "the kernel died (exit, crash or memory)"),
    ("NameError: name 'relu' is not defined", "failed", "raised NameError"),
    ("test cell missing from the submission", "not run", "test cell missing"),
    ("AssertionError: the checks of relu did not run: the test cell was stopped before reaching them",
     "not run", "checks did not run"),
    ("AssertionError: something nobody foresaw", "failed", "failed a check"),
])
def test_classify_names_the_mistake_or_a_class_of_failure(message, outcome, mistake):
    assert report.classify(message) == (outcome, mistake)
    assert report.classify(message, passed=True) == ("passed", "")


def test_first_line_drops_nbgraders_assertion_prefix():
    assert report.first_line("AssertionError: relu(z=...): wrong\n  Likely mistake: x.") == "relu(z=...): wrong"
    assert report.first_line("TimeoutError: ran long") == "TimeoutError: ran long"
    assert report.first_line("") == ""


def failure_message(lesson, bug):
    """The message a test cell shows for ``bug`` (its visible, then hidden checks, in process)."""
    checks = importlib.import_module(f"nnscratch.checks.{topic(lesson)}")
    uses = [reference.load(lesson)[name] for name in exercise_of(lesson, bug.function).uses]
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            getattr(checks, f"check_{bug.function}")(bug.code, *uses)
            hidden_check(lesson, bug.function, bug.code, *uses)
    except AssertionError as exc:
        return f"AssertionError: {exc}"
    return "passed"


CATALOGUE = [(lesson, bug) for lesson in available_lessons() for bug in catalogue(lesson)]


@pytest.mark.parametrize("lesson, bug", CATALOGUE, ids=[f"{b.function}: {b.phrase[:30]}" for _, b in CATALOGUE])
def test_every_catalogued_bug_gets_a_named_mistake(lesson, bug):
    message = failure_message(lesson, bug)
    assert bug.phrase in message
    outcome, mistake = report.classify(message)
    assert outcome == "failed" and mistake not in ("", "failed a check"), message
    named = re.findall(r"Likely mistake: (.+)", message)
    if named:
        assert named[-1].startswith(mistake)


# ------------------------------------------------------------------ synthetic records
EXERCISES = [{"id": f"test_{name}", "function": name, "max_points": pts}
             for name, pts in (("affine", 1.0), ("sigmoid", 2.0), ("relu", 1.0))]
SLOPE = (f"AssertionError: {WHERE}: the result has wrong values\n"
         "  Likely mistake: the slope `a` is ignored: compute sigma(a z).")
SIGN = f"AssertionError: {WHERE}: the result has wrong values\n  Likely mistake: the sign is flipped."
STUB = "AssertionError: {} is not implemented yet: replace `raise NotImplementedError` in its cell"
PASS = "passed"


def student(sid, messages=None, problem="", notes=()):
    """A student of the synthetic record: ``messages`` maps function -> message."""
    if problem:
        return {"student_id": sid, "score": 0.0, "max_score": 4.0, "problem": problem, "notes": list(notes),
                "exercises": []}
    exercises = []
    for ex in EXERCISES:
        message = (messages or {}).get(ex["function"], PASS)
        ok = message == PASS
        exercises.append({"id": ex["id"], "function": ex["function"], "points": ex["max_points"] if ok else 0.0,
                          "max_points": ex["max_points"], "passed": ok, "message": message})
    return {"student_id": sid, "score": sum(e["points"] for e in exercises), "max_score": 4.0,
            "problem": "", "notes": list(notes), "exercises": exercises[::-1]}   # any order


def record(*students):
    return {"lesson": "01_neuron", "exercises": EXERCISES, "students": list(students)}


CLASS = record(
    student("zoe", {"sigmoid": SLOPE}), student("amy", {"sigmoid": SLOPE}), student("kim", {"sigmoid": SIGN}),
    student("ben"), student("<b>eve</b>", {"sigmoid": SLOPE, "relu": "TimeoutError: this cell ran too long"}),
    student("blank", {name: STUB.format(name) for name in ("affine", "sigmoid", "relu")}),
    student("tom", {"relu": "AssertionError: Tampering detected: these checks passed inside the notebook\n..."},
            notes=["relu: tampering detected, the grader's re-check fails"]),
    student("nobody", problem="no 01_neuron.ipynb in the student's folder"),
    student("slow", problem="timed out: the whole submission took longer than 420 s"),
)


def test_rows_are_sorted_by_student_then_lesson_order_with_every_outcome():
    table = report.rows(CLASS)
    assert [(r.student_id, r.function) for r in table] == [
        (sid, ex["function"]) for sid in sorted(s["student_id"] for s in CLASS["students"]) for ex in EXERCISES]
    got = {(r.student_id, r.function): (r.outcome, r.mistake) for r in table}
    assert got[("zoe", "sigmoid")] == ("failed", "the slope `a` is ignored: compute sigma(a z)")
    assert got[("zoe", "affine")] == ("passed", "")
    assert got[("<b>eve</b>", "relu")] == ("timed out", "ran too long")
    assert got[("tom", "relu")] == ("tampering", "tampering detected")
    assert got[("blank", "relu")] == ("failed", "not implemented")
    assert got[("nobody", "relu")] == ("not submitted", "")
    assert got[("slow", "affine")] == ("timed out", "")
    assert {r.outcome for r in table} <= set(report.OUTCOMES)
    nobody = next(r for r in table if r.student_id == "nobody")
    assert nobody.message == "no 01_neuron.ipynb in the student's folder" and nobody.max_points == 1.0


def test_a_notebook_handed_in_but_not_gradable_is_not_run_rather_than_not_submitted():
    problems = {"empty": "the notebook file is empty",
                "broken": "not a readable notebook (JSONDecodeError: Expecting value)",
                "link": "01_neuron.ipynb is a symbolic link; refused",
                "crash": "could not be graded (internal error: OSError: disk full)",
                "absent": "no 01_neuron.ipynb in the student's folder"}
    table = report.rows(record(*(student(sid, problem=why) for sid, why in problems.items())))
    outcome = {r.student_id: r.outcome for r in table}
    assert outcome == {"empty": "not run", "broken": "not run", "link": "not run", "crash": "not run",
                       "absent": "not submitted"}


def test_the_median_of_an_even_class_is_the_mean_of_the_middle_two():
    two = record(student("a", {"sigmoid": SLOPE}), student("b"))
    page = report.render(two, report.rows(two), top=3)
    scores = sorted(s["score"] for s in two["students"])
    assert scores[0] != scores[1]
    assert f"median <b>{(scores[0] + scores[1]) / 2:g}</b>" in page


def test_summary_ranks_mistakes_by_how_many_students_made_them():
    by_function = {s.function: s for s in report.summarize(CLASS)}
    sigmoid = by_function["sigmoid"]
    assert [(m.text, m.students) for m in sigmoid.mistakes] == [
        ("the slope `a` is ignored: compute sigma(a z)", ["<b>eve</b>", "amy", "zoe"]),
        ("the sign is flipped", ["kim"])]
    assert sigmoid.mistakes[0].example.startswith("sigmoid(z=array of shape (2, 3)")
    assert sigmoid.not_attempted == ["blank"]
    assert (sigmoid.graded, sigmoid.passed) == (7, 2)          # nobody and slow were not graded
    assert sigmoid.mean_points == pytest.approx(4 / 7)
    assert [(m.text, m.students) for m in by_function["relu"].mistakes] == [
        ("ran too long", ["<b>eve</b>"]), ("tampering detected", ["tom"])]
    assert by_function["affine"].mistakes == [] and by_function["affine"].passed == 6


def test_mistakes_csv_has_the_promised_columns(tmp_path):
    report.write_mistakes(tmp_path / "m.csv", report.rows(CLASS))
    with open(tmp_path / "m.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["student_id", "exercise", "function", "points", "max_points", "outcome",
                             "mistake", "message"]
    assert len(rows) == len(CLASS["students"]) * len(EXERCISES)
    assert rows[0]["student_id"] == "<b>eve</b>" and rows[0]["exercise"] == "test_affine"


class Page(HTMLParser):
    """Checks that tags are closed in order; collects text, tags and attributes."""
    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self, text):
        super().__init__()
        self.stack, self.tags, self.attrs, self.text = [], [], [], []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [value or "" for _, value in attrs]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing open"

    def handle_data(self, data):
        self.text.append(data)


def parsed(text):
    page = Page(text)
    assert page.stack == [], f"unclosed tags: {page.stack}"
    return page


def test_report_page_is_self_contained_escaped_and_complete(tmp_path):
    html = report.render(CLASS, report.rows(CLASS))
    page = parsed(html)
    text = " ".join(page.text)
    assert "script" not in page.tags and not any(a.startswith(("http", "//")) for a in page.attrs)
    assert any(a.startswith("data:image/png;base64,") for a in page.attrs)
    assert "<b>eve</b>" in text and "<b>eve</b>" not in html          # shown, as text
    for ex in EXERCISES:
        assert ex["function"] in text
    assert "9 students" in text and "3 students" in text and "the slope `a` is ignored" in text
    assert "no 01_neuron.ipynb in the student's folder" in text and "relu: tampering detected" in text
    assert report.render(CLASS, report.rows(CLASS)) == html          # the same page every time


def test_top_limits_the_mistakes_shown(tmp_path):
    text = " ".join(parsed(report.render(CLASS, report.rows(CLASS), top=1)).text)
    assert "the slope `a` is ignored" in text and "the sign is flipped" not in text
    assert "and 1 more mistake" in text


@pytest.mark.parametrize("students", [
    [student("solo", {"relu": SIGN})],                                   # a class of one
    [student("solo", problem="the notebook file is empty")],             # ... who handed in nothing
    [],                                                                  # no student at all
])
def test_small_classes_still_get_a_report(tmp_path, students):
    (tmp_path / ".work").mkdir()
    (tmp_path / report.RECORD).write_text(json.dumps(record(*students)))
    report.write_report(tmp_path)
    page = parsed((tmp_path / "report.html").read_text())
    text = " ".join(page.text)
    assert all(ex["function"] in text for ex in EXERCISES)
    if not any(not s["problem"] for s in students):      # nobody graded: nobody attempted anything
        assert "Exercises nobody attempted affine, sigmoid, relu" in " ".join(text.split())
    lines = (tmp_path / "mistakes.csv").read_text().splitlines()
    assert len(lines) == 1 + len(students) * len(EXERCISES)


@pytest.mark.parametrize("scores, top, ungraded", [
    ([], 20.0, []), ([0.0, 16.5, 20.0], 20.0, [0.0]), ([0.0, 55.5, 100.0], 100.0, []), ([3.0], 0.0, [])])
def test_the_histogram_is_a_png_the_same_every_time(scores, top, ungraded):
    png = report.histogram_png(scores, top, ungraded)
    assert png.startswith(b"\x89PNG") and report.histogram_png(scores, top, ungraded) == png


def test_save_record_keeps_what_the_report_needs(tmp_path):
    outcome = SimpleNamespace(student="amy", row={"score": "3.0", "max_score": "20.0"}, problem="",
                              notes=["a note"], exercises=[{"id": "test_relu", "message": "passed"}])
    saved = report.save_record(tmp_path, "01_neuron", source_notebook("01_neuron"), [outcome])
    assert json.loads((tmp_path / report.RECORD).read_text()) == saved
    nb = nbformat.read(source_notebook("01_neuron"), as_version=4)
    tests = [grade_id(c) for c in nb.cells if is_test(c)]
    assert [ex["id"] for ex in saved["exercises"]] == tests
    assert saved["students"] == [{"student_id": "amy", "score": 3.0, "max_score": 20.0, "problem": "",
                                  "notes": ["a note"], "exercises": outcome.exercises}]


def test_report_command_rebuilds_from_the_record_without_grading(tmp_path, capsys, monkeypatch):
    import subprocess

    import autograder.grade

    def no_grading(*args, **kwargs):
        raise AssertionError("the report must not grade nor start a process")
    for module, name in ((autograder.grade, "grade"), (autograder.grade, "grade_student"),
                         (subprocess, "Popen")):
        monkeypatch.setattr(module, name, no_grading)
    (tmp_path / ".work").mkdir()
    (tmp_path / report.RECORD).write_text(json.dumps(CLASS))
    assert main(["report", str(tmp_path), "--top", "1"]) == 0
    assert "and 1 more mistake" in (tmp_path / "report.html").read_text()
    assert (tmp_path / "mistakes.csv").read_text().count("\n") == 1 + 27
    assert "report.html" in capsys.readouterr().out


@pytest.mark.parametrize("args, says", [
    (["nowhere"], "not a results folder"),
    ([".", "--top", "0"], "--top must be at least 1"),
])
def test_report_command_usage_errors_are_one_line(tmp_path, capsys, args, says):
    (tmp_path / ".work").mkdir()
    (tmp_path / report.RECORD).write_text(json.dumps(CLASS))
    assert main(["report", str(tmp_path / args[0]), *args[1:]]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err


# ------------------------------------------------------------------ a class with known bugs
L = "01_neuron"
NUMPY_PATCH = ("import numpy as np\nnp.allclose = lambda *a, **k: True\n"
               "np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)\n"
               "np.testing.assert_allclose = lambda *a, **k: None\n")


def bug_cells(lesson):
    """``[(bug, answer cell source)]`` for every bug of the catalogue: the imports and the
    helpers of the catalogue module that the bug's code needs, then
    ``<function> = <the bug's code expression>``."""
    module = importlib.import_module(f"autograder.bugs.{topic(lesson)}")
    text = inspect.getsource(module)
    tree = ast.parse(text)
    node = next(n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "BUGS")
    assert isinstance(node.value, ast.List), "BUGS is expected to be a literal list"
    before = tree.body[:tree.body.index(node)]
    imports = [n for n in before if isinstance(n, (ast.Import, ast.ImportFrom)) and not getattr(n, "level", 0)]
    helpers = {name: n for n in before if isinstance(n, (ast.FunctionDef, ast.Assign))
               for name in ([n.name] if isinstance(n, ast.FunctionDef) else
                            [t.id for t in n.targets if isinstance(t, ast.Name)])}

    def needed(expr):
        todo, found = [expr], []
        while todo:
            for name in {n.id for n in ast.walk(todo.pop()) if isinstance(n, ast.Name)}:
                if name in helpers and helpers[name] not in found:
                    found.append(helpers[name])
                    todo.append(helpers[name])
        return sorted(found, key=before.index)

    bugs = catalogue(lesson)
    assert len(bugs) == len(node.value.elts)
    cells = []
    for bug, call in zip(bugs, node.value.elts):
        code = call.args[2] if len(call.args) > 2 else next(k.value for k in call.keywords if k.arg == "code")
        parts = [ast.get_source_segment(text, n) for n in imports + needed(code)]
        cells.append((bug, "\n".join(parts) + f"\n{bug.function} = {ast.get_source_segment(text, code)}\n"))
    return cells


def independent_functions(lesson):
    """Graded functions no other answer or test cell uses (a bug in one fails one exercise)."""
    nb = nbformat.read(source_notebook(lesson), as_version=4)
    graded = [c for c in nb.cells if is_answer(c) or is_test(c)]
    names = list(answer_cells(nb))
    return [name for name in names
            if not any(re.search(rf"\b{name}\b", c.source) for c in graded
                       if grade_id(c) not in (name, f"test_{name}"))]


def known_bugs(lesson, functions=3):
    """Two bugs each (naming different mistakes) of the first ``functions`` independent
    functions, then one more independent function (and a wrong-values bug of it) for the
    hostile student: ``([(function, [(bug cell, mistake), (bug cell, mistake)])], (function, cell))``."""
    by_function = {}
    for bug, cell in bug_cells(lesson):
        message = failure_message(lesson, bug)
        by_function.setdefault(bug.function, []).append((cell, message, report.classify(message)[1]))
    chosen, hostile = [], None
    for name in independent_functions(lesson):
        distinct = {}
        for cell, _, mistake in by_function.get(name, []):
            if mistake not in ("", "failed a check") and mistake not in distinct:
                distinct[mistake] = cell
        if len(chosen) < functions and len(distinct) >= 2:
            chosen.append((name, [(cell, mistake) for mistake, cell in list(distinct.items())[:2]]))
        elif hostile is None and len(chosen) == functions:
            wrong = [cell for cell, message, _ in by_function.get(name, []) if "has wrong values" in message]
            if wrong:
                hostile = (name, NUMPY_PATCH + wrong[0])
    assert len(chosen) == functions and hostile, "lesson 01 has too few independent functions with bugs"
    return chosen, hostile


@pytest.mark.e2e
def test_a_class_with_known_bugs_gets_exactly_their_mistakes_counted(tmp_path):
    chosen, (hostile_fn, hostile_cell) = known_bugs(L)
    subs = tmp_path / "submissions"
    expected = {}       # (student, function) -> (outcome, mistake), for the students who differ from perfect
    groups = {"a": ["bug-1", "bug-2", "bug-3"], "b": ["bug-4", "bug-5"]}   # 3 students make mistake a, 2 make b
    for index, group in enumerate(groups):
        for sid in groups[group]:
            replace = {name: bugs[index][0] for name, bugs in chosen}
            write(submission(L, replace=replace), subs / sid / f"{L}.ipynb")
            expected.update({(sid, name): ("failed", bugs[index][1]) for name, bugs in chosen})
    for sid in ("perfect-1", "perfect-2"):
        write(submission(L), subs / sid / f"{L}.ipynb")
    write(submission(L, student=True), subs / "blank" / f"{L}.ipynb")
    write(submission(L, replace={hostile_fn: hostile_cell}), subs / "hostile" / f"{L}.ipynb")
    expected[("hostile", hostile_fn)] = ("tampering", "tampering detected")
    (subs / "absent").mkdir()

    start = time.monotonic()
    for jobs in (2, 1):
        result = autograder("grade", L, subs, "--out", tmp_path / f"jobs{jobs}", "--jobs", jobs, "--timeout", 10)
        assert result.returncode == 0, result.stdout + result.stderr
    seconds = time.monotonic() - start
    out = tmp_path / "jobs2"
    csv_text = (out / "mistakes.csv").read_text()
    assert (tmp_path / "jobs1" / "mistakes.csv").read_text() == csv_text
    assert (tmp_path / "jobs1" / "report.html").read_text() == (out / "report.html").read_text()

    # every row: the outcome and mistake each student's notebook was built to have
    functions = [function_of(c) for c in nbformat.read(source_notebook(L), as_version=4).cells
                 if is_test(c)]
    rows = list(csv.DictReader(csv_text.splitlines()))
    students = sorted(p.name for p in subs.iterdir())
    assert [(r["student_id"], r["function"]) for r in rows] == [(s, f) for s in students for f in functions]
    for r in rows:
        sid, fn = r["student_id"], r["function"]
        want = (("not submitted", "") if sid == "absent" else ("failed", "not implemented") if sid == "blank"
                else expected.get((sid, fn), ("passed", "")))
        assert (r["outcome"], r["mistake"]) == want, (sid, fn, r["message"])

    # the ranking: per exercise, the mistakes and who made them, most frequent first
    summaries = {s.function: s for s in report.summarize(json.loads((out / report.RECORD).read_text()))}
    for name, bugs in chosen:
        assert [(m.text, m.students) for m in summaries[name].mistakes] == [
            (bugs[0][1], groups["a"]), (bugs[1][1], groups["b"])]
    assert [(m.text, m.students) for m in summaries[hostile_fn].mistakes] == [("tampering detected", ["hostile"])]
    for name in functions:
        assert summaries[name].not_attempted == ["blank"] and summaries[name].graded == 9
        if name not in dict(chosen) and name != hostile_fn:
            assert summaries[name].mistakes == [] and summaries[name].passed == 8

    page = parsed((out / "report.html").read_text())
    text = " ".join(" ".join(page.text).split())
    assert all(name in text for name in functions)
    assert "10 students" in text and "3 students" in text and "no 01_neuron.ipynb" in text

    # `report` rebuilds both from the record alone: no notebook, gradebook or kernel needed
    shutil.rmtree(out / ".work" / "students")
    result = autograder("report", out, "--top", "1")
    assert result.returncode == 0, result.stderr
    assert (out / "mistakes.csv").read_text() == csv_text
    assert "and 1 more mistake" in (out / "report.html").read_text()
    print(f"graded the class twice in {seconds:.0f} s")
