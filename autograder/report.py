"""The class report: which mistakes a class made, exercise by exercise.

At the end of ``python -m autograder grade LESSON SUBMISSIONS --out DIR`` the class's
grading record is saved as ``DIR/.work/outcomes.json`` (scores, problems, notes and every
exercise's points and feedback message: nothing the feedback pages and ``grades.csv``
do not already hold), and from it are written

* ``DIR/mistakes.csv``: one row per student and exercise, sorted by student and by the
  exercise's place in the lesson: ``student_id, exercise, function, points, max_points,
  outcome, mistake, message``;
* ``DIR/report.html``: one self-contained page (no scripts, no network) with the score
  distribution, each exercise's pass rate, its mistakes ranked by how many students made
  them, the submissions that could not be graded normally, and the exercises nobody tried.

``python -m autograder report DIR [--top N]`` writes both again from the saved record,
without running any notebook.
"""
from __future__ import annotations

import base64
import csv
import html
import io
import json
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .lessons import UsageError
from .nbmeta import function_of, grade_id, is_test, points

RECORD = Path(".work") / "outcomes.json"
COLUMNS = ["student_id", "exercise", "function", "points", "max_points", "outcome", "mistake", "message"]
OUTCOMES = ("passed", "failed", "not run", "timed out", "tampering", "not submitted")
NOT_IMPLEMENTED = "not implemented"
TOP = 5   # mistakes shown per exercise by default

# Okabe & Ito's colour-blind-safe palette
BLUE, ORANGE, VERMILION, GREEN, GREY = "#0072B2", "#E69F00", "#D55E00", "#009E73", "#6b6b6b"


# ---------------------------------------------------------------- one message
# (phrase of the message, mistake) tried in order when no "Likely mistake:" line names it
CLASSES = [
    (r"not implemented yet|no prediction yet", NOT_IMPLEMENTED),
    (r"did you forget `return`", "missing return"),
    (r"instead of raising (\w+)", r"did not raise \1"),
    (r"raised (\w+) as it should, but its message", "error message does not name the allowed values"),
    (r"\braised (\w+)", r"raised \1"),
    (r"modified its input", "modified its input in place"),
    (r"emitted a warning: (.+?)\.?$", r"warning: \1"),
    (r"has shape", "wrong shape"),
    (r"are right, but", "wrong dtype"),
    (r"(`\w+`) has wrong values", r"wrong values of \1"),
    (r"has wrong values", "wrong values"),
    (r"should be numeric", "not numeric"),
    (r"should (?:be|return) a (tuple|dict)", r"not a \1"),
    (r"has keys", "wrong keys"),
    (r"you predicted ('[^']*'|\S+);", r"predicted \1"),
    (r"but (.+?) needs", r"wrong outputs for \1"),
    (r"gradient disagrees with central differences", "gradient disagrees with central differences"),
    (r"expected a function", "not a function"),
]
KERNEL = {   # the error a test cell ended with when the kernel was in trouble
    "TimeoutError": ("timed out", "ran too long"),
    "NotRun": ("not run", "not run: the submission used up its time budget"),
    "KernelDied": ("failed", "the kernel died (exit, crash or memory)"),
}


def first_line(message: str) -> str:
    """The first line of a feedback message, without nbgrader's ``AssertionError:``."""
    text = message.removeprefix("AssertionError:").strip()
    return text.splitlines()[0].strip() if text else ""


def classify(message: str, passed: bool = False) -> tuple[str, str]:
    """The outcome of one exercise and the mistake its feedback message names.

    Parameters
    ----------
    message : str
        The exercise's message in ``result.json``: ``"passed"``, or the error its test
        cell ended with (``"AssertionError: sigmoid(...): the result has wrong values
        ...\\n  Likely mistake: the slope `a` is ignored."``, ``"TimeoutError: ..."``).
    passed : bool
        Whether the exercise earned its points.

    Returns
    -------
    (outcome, mistake) : tuple of str
        ``outcome`` is one of ``OUTCOMES``; ``mistake`` is the first sentence of the
        message's "Likely mistake:" line, else a short class of failure ("wrong shape",
        "raised ValueError", "not implemented"), ``""`` when the exercise passed.
    """
    if passed:
        return "passed", ""
    ename = re.match(r"([A-Za-z_]\w*): ", message)
    if ename and ename.group(1) in KERNEL:
        return KERNEL[ename.group(1)]
    text = message.removeprefix("AssertionError:").strip()
    if text.startswith("Tampering detected"):
        return "tampering", "tampering detected"
    if text == "test cell missing from the submission":
        return "not run", "test cell missing"
    if re.match(r"the checks of \S+ did not run", text):
        return "not run", "checks did not run"
    named = re.findall(r"^\s*Likely mistake: (.+?)\.?\s*$", text, flags=re.MULTILINE)
    if named:   # the last one: the checks append theirs after anything the student's code said
        return "failed", re.split(r"\.\s+(?=[A-Z])", named[-1])[0]   # its first sentence
    if ename and ename.group(1) != "AssertionError":   # the test cell itself raised
        return "failed", f"raised {ename.group(1)}"
    line = first_line(text)
    for pattern, mistake in CLASSES:
        found = re.search(pattern, line)
        if found:
            return "failed", found.expand(mistake)
    return "failed", "failed a check"


# ---------------------------------------------------------------- the grading record
def save_record(out: Path, lesson: str, source: Path, outcomes: list) -> dict:
    """Save what the report needs of a graded class as ``out/.work/outcomes.json``.

    Parameters
    ----------
    out : Path
        The results folder of ``grade``.
    lesson : str
        The lesson graded.
    source : Path
        Its solution notebook (for the list of exercises, in the lesson's order).
    outcomes : list of grade.Outcome
        One per student: ``student``, ``row`` (of grades.csv), ``problem``, ``notes``,
        ``exercises`` (from ``result.json``).

    Returns
    -------
    dict
        The record: ``{"lesson", "exercises": [{"id", "function", "max_points"}],
        "students": [{"student_id", "score", "max_score", "problem", "notes", "exercises"}]}``.
    """
    cells = nbformat.read(source, as_version=4).cells
    record = {
        "lesson": lesson,
        "exercises": [{"id": grade_id(c), "function": function_of(c), "max_points": points(c)}
                      for c in cells if is_test(c)],
        "students": [{"student_id": o.student, "score": float(o.row["score"]),
                      "max_score": float(o.row["max_score"]), "problem": o.problem,
                      "notes": list(o.notes), "exercises": list(o.exercises)}
                     for o in sorted(outcomes, key=lambda o: o.student)],
    }
    (out / RECORD).parent.mkdir(parents=True, exist_ok=True)
    (out / RECORD).write_text(json.dumps(record, indent=1))
    return record


def load_record(out: Path) -> dict:
    """The record ``grade`` saved in the results folder ``out`` (UsageError if none)."""
    path = out / RECORD
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        raise UsageError(f"{out}: not a results folder of `grade` (no readable {RECORD}); "
                         "grade the class first: python -m autograder grade LESSON SUBMISSIONS "
                         f"--out {out}") from None


# ---------------------------------------------------------------- rows of mistakes.csv
@dataclass(frozen=True)
class Row:
    student_id: str
    exercise: str
    function: str
    points: float
    max_points: float
    outcome: str
    mistake: str
    message: str


def rows(record: dict) -> list[Row]:
    """One row per student and exercise, sorted by student, then the lesson's order.

    A student whose submission could not be graded gets a row per exercise of the lesson
    (outcome "not submitted" when the folder held no notebook, "timed out" when the
    submission ran out of time, else "not run": an empty, unreadable or refused file, or
    grading failed), with the reason as the message.
    """
    order = {ex["id"]: i for i, ex in enumerate(record["exercises"])}
    table = []
    for student in sorted(record["students"], key=lambda s: s["student_id"]):
        sid, problem = student["student_id"], student["problem"]
        if problem:
            outcome = ("not submitted" if problem.startswith("no ") else
                       "timed out" if problem.startswith("timed out") else "not run")
            table += [Row(sid, ex["id"], ex["function"], 0.0, float(ex["max_points"]), outcome, "",
                          first_line(problem)) for ex in record["exercises"]]
            continue
        for ex in sorted(student["exercises"], key=lambda ex: order.get(ex["id"], len(order))):
            outcome, mistake = classify(ex["message"], ex["passed"])
            table.append(Row(sid, ex["id"], ex["function"], float(ex["points"]), float(ex["max_points"]),
                             outcome, mistake, first_line(ex["message"])))
    return table


def write_mistakes(path: Path, table: list[Row]) -> None:
    """``mistakes.csv``: the rows as given (``rows`` sorts them)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in table:
            writer.writerow([r.student_id, r.exercise, r.function, str(r.points), str(r.max_points),
                             r.outcome, r.mistake, r.message])


# ---------------------------------------------------------------- the summary
@dataclass
class Mistake:
    text: str
    students: list     # their ids, sorted
    example: str       # the message of the first of them


@dataclass
class ExerciseSummary:
    id: str
    function: str
    max_points: float
    graded: int          # students whose notebook was graded
    passed: int
    mean_points: float   # over the graded students
    mistakes: list       # [Mistake], most frequent first (then alphabetical)
    not_attempted: list  # ids of graded students who left the stub

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.graded if self.graded else None


def summarize(record: dict, table: list[Row] | None = None) -> list[ExerciseSummary]:
    """Per exercise of the lesson: pass rate, mean points and ranked mistakes.

    Only students whose notebook was graded count; an exercise's mistakes are those of its
    failed, timed-out, tampered or unrun rows ("not implemented" is listed apart).
    """
    table = rows(record) if table is None else table
    graded = {s["student_id"] for s in record["students"] if not s["problem"]}
    summaries = []
    for ex in record["exercises"]:
        mine = [r for r in table if r.exercise == ex["id"] and r.student_id in graded]
        groups = defaultdict(list)
        for r in mine:
            if r.outcome != "passed" and r.mistake != NOT_IMPLEMENTED:
                groups[r.mistake or r.outcome].append(r)
        mistakes = [Mistake(text, sorted(r.student_id for r in group),
                            min(group, key=lambda r: r.student_id).message)
                    for text, group in groups.items()]
        mistakes.sort(key=lambda m: (-len(m.students), m.text))
        summaries.append(ExerciseSummary(
            ex["id"], ex["function"], float(ex["max_points"]), len(mine),
            sum(r.outcome == "passed" for r in mine),
            sum(r.points for r in mine) / len(mine) if mine else 0.0, mistakes,
            sorted(r.student_id for r in mine if r.mistake == NOT_IMPLEMENTED)))
    return summaries


# ---------------------------------------------------------------- the page
def histogram_png(scores: list[float], max_score: float, ungraded: list[float] = ()) -> bytes:
    """A PNG histogram of the class's scores (matplotlib's Agg canvas, the same bytes every
    time); ``ungraded`` are the scores of submissions that could not be graded, stacked
    on top in another colour."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    top = max([max_score, *scores, *ungraded, 1.0])
    # one bar per point, centred on it, for up to 40 points; else 20 bins
    edges = [k - 0.5 for k in range(int(top) + 2)] if top <= 40 else [top * k / 20 for k in range(21)]
    fig = Figure(figsize=(6.4, 2.6), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    data, colours, labels = [list(scores)], [BLUE], ["graded"]
    if ungraded:
        data, colours, labels = data + [list(ungraded)], colours + [ORANGE], labels + ["could not be graded"]
    ax.hist(data, bins=edges, color=colours, label=labels, stacked=True, edgecolor="white")
    if ungraded:
        ax.legend(frameon=False)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel(f"score (out of {max_score:g})")
    ax.set_ylabel("students")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


CSS = f"""
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }}
h1, h2 {{ border-bottom: 1px solid #ddd; padding-bottom: .2rem; }}
table {{ border-collapse: collapse; margin: .5rem 0 1rem; }}
th, td {{ border-bottom: 1px solid #e3e3e3; padding: .25rem .6rem; text-align: left; vertical-align: top; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.rate {{ white-space: nowrap; }}
.bar {{ background: #eee; width: 8rem; height: .8rem; display: inline-block; vertical-align: middle; }}
.bar span {{ background: {GREEN}; height: 100%; display: block; }}
.count {{ font-weight: bold; color: {VERMILION}; }}
.ids {{ color: {GREY}; }}
code {{ background: #f6f6f6; padding: 0 .2rem; font-size: .9em; word-break: break-word; }}
section.exercise {{ margin-bottom: 1.2rem; }}
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _n(count: float, noun: str) -> str:
    return f"{count:g} {noun}{'' if count == 1 else 's'}"


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{100 * rate:.0f}%"


def render(record: dict, table: list[Row], top: int = TOP) -> str:
    """The report as one HTML page (figure inline, no scripts)."""
    students = record["students"]
    graded = [s for s in students if not s["problem"]]
    max_score = sum(float(ex["max_points"]) for ex in record["exercises"])
    scores = [s["score"] for s in students]
    summaries = summarize(record, table)
    png = base64.b64encode(histogram_png([s["score"] for s in graded], max_score,
                                         [s["score"] for s in students if s["problem"]])).decode()
    counts = ", ".join(f"{score:g}: {scores.count(score)}" for score in sorted(set(scores)))
    mean = sum(scores) / len(scores) if scores else 0.0
    median = statistics.median(scores) if scores else 0.0
    lesson = _e(record["lesson"])

    parts = [f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
             f"<title>{lesson}: class report</title><style>{CSS}</style></head><body>",
             f"<h1>{lesson}: class report</h1>",
             f"<p><b>{_n(len(students), 'student')}</b>, {len(graded)} of them graded normally; "
             f"mean score <b>{mean:.1f}</b>, median <b>{median:g}</b>, out of {max_score:g} points. "
             "Pass rates and mean points are over the graded submissions; mistakes are ranked by "
             "how many students made them. Every student's every exercise is a row of "
             "<code>mistakes.csv</code>.</p>",
             "<h2>Score distribution</h2>",
             f"<img src='data:image/png;base64,{png}' alt='histogram of scores (score: students) "
             f"{_e(counts)}' width='640' height='260'>",
             "<h2>Exercises</h2>",
             "<table><tr><th>exercise</th><th>points</th><th>passed</th><th></th>"
             "<th>mean points</th><th>not attempted</th><th>most common mistake</th></tr>"]
    for s in summaries:
        width = 0 if s.pass_rate is None else round(100 * s.pass_rate)
        common = (f"{_e(s.mistakes[0].text)} ({len(s.mistakes[0].students)})" if s.mistakes else "")
        parts.append(f"<tr><td><a href='#{_e(s.id)}'>{_e(s.function)}</a></td>"
                     f"<td class='num'>{s.max_points:g}</td>"
                     f"<td class='num'>{s.passed} / {s.graded}</td>"
                     f"<td class='rate'><span class='bar' title='{_pct(s.pass_rate)}'><span style='width:{width}%'>"
                     f"</span></span> {_pct(s.pass_rate)}</td>"
                     f"<td class='num'>{s.mean_points:.2f}</td><td class='num'>{len(s.not_attempted)}</td>"
                     f"<td>{common}</td></tr>")
    parts.append("</table>")

    parts.append("<h2>Mistakes, exercise by exercise</h2>")
    for s in summaries:
        parts.append(f"<section class='exercise' id='{_e(s.id)}'><h3>{_e(s.function)} "
                     f"<small>({_n(s.max_points, 'point')}; passed by {s.passed} of {s.graded})</small></h3>")
        if s.mistakes:
            parts.append("<ol>")
            for m in s.mistakes[:top]:
                n = len(m.students)
                parts.append(f"<li><span class='count'>{_n(n, 'student')}</span>: "
                             f"{_e(m.text)}<br><span class='ids'>{_e(', '.join(m.students))}</span>"
                             f"<br>e.g. <code>{_e(m.example)}</code></li>")
            parts.append("</ol>")
            if len(s.mistakes) > top:
                rest = s.mistakes[top:]
                parts.append(f"<p>and {len(rest)} more mistake{'s' if len(rest) != 1 else ''} "
                             f"({sum(len(m.students) for m in rest)} student-exercises): "
                             "see <code>mistakes.csv</code>.</p>")
        elif s.graded:
            parts.append("<p>No mistakes.</p>")
        if s.not_attempted:
            parts.append(f"<p>Not attempted by {len(s.not_attempted)}: "
                         f"<span class='ids'>{_e(', '.join(s.not_attempted))}</span></p>")
        parts.append("</section>")

    parts.append("<h2>Submissions not graded normally</h2>")
    troubled = [s for s in students if s["problem"] or s["notes"]]
    if troubled:
        parts.append("<table><tr><th>student</th><th>score</th><th>what happened</th></tr>")
        for s in troubled:
            what = ([f"<b>{_e(s['problem'])}</b>"] if s["problem"] else []) + [_e(n) for n in s["notes"]]
            parts.append(f"<tr><td>{_e(s['student_id'])}</td><td class='num'>{s['score']:g}</td>"
                         f"<td>{'<br>'.join(what)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>None: every submission was graded normally.</p>")

    parts.append("<h2>Exercises nobody attempted</h2>")
    nobody = [s for s in summaries if len(s.not_attempted) == s.graded]
    parts.append("<p>" + (", ".join(_e(s.function) for s in nobody) if nobody else "None.") + "</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


# ---------------------------------------------------------------- writing both
def write_report(out: Path, record: dict | None = None, top: int = TOP) -> tuple[Path, Path]:
    """Write ``out/mistakes.csv`` and ``out/report.html`` from the grading record.

    Parameters
    ----------
    out : Path
        A results folder of ``grade``.
    record : dict, optional
        The record (default: the one saved in ``out``; nothing is graded again).
    top : int
        How many mistakes to show per exercise in the page (the CSV has them all).

    Returns
    -------
    (Path, Path)
        The CSV and the page.
    """
    if top < 1:
        raise UsageError(f"--top must be at least 1, got {top}")
    record = load_record(out) if record is None else record
    table = rows(record)
    write_mistakes(out / "mistakes.csv", table)
    (out / "report.html").write_text(render(record, table, top), encoding="utf-8")
    return out / "mistakes.csv", out / "report.html"


def report_after_grading(out: Path, lesson: str, source: Path, outcomes: list) -> None:
    """What ``grade`` calls last: save the class's record, then write the report."""
    write_report(out, save_record(out, lesson, source, outcomes))
