"""The command line: ``python -m autograder {build,check,grade,report} ...`` (see --help)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .lessons import REPO, UsageError, available_lessons, source_notebook, topic


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("build", help="regenerate course/ and the fixtures from solutions/")
    p.add_argument("lessons", nargs="*", help="only these lessons (default: every lesson)")
    p.add_argument("--check", action="store_true", help="change nothing; fail if course/ is stale")

    p = commands.add_parser("figures", help="save each lesson's key figure for the README")
    p.add_argument("lessons", nargs="*", help="only these lessons (default: every lesson)")

    p = commands.add_parser("check", help="grade one notebook in a fresh kernel")
    p.add_argument("notebook", type=Path)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--timeout", type=int, default=30, help="seconds per cell (default 30)")
    p.add_argument("--memory-mb", type=int, default=2048, help="memory cap per kernel (default 2048)")
    p.add_argument("--full-run", action="store_true",
                   help="also run the lesson's experiment cells (they decide no grade)")

    p = commands.add_parser("grade", help="grade a class with nbgrader")
    p.add_argument("lesson")
    p.add_argument("submissions", type=Path, help="folder of <student_id>/<lesson>.ipynb")
    p.add_argument("--out", type=Path, required=True, help="folder for grades.csv and feedback/")
    p.add_argument("--jobs", type=int, default=1, help="students graded in parallel (default 1)")
    p.add_argument("--timeout", type=int, default=30, help="seconds per cell (default 30)")
    p.add_argument("--memory-mb", type=int, default=2048, help="memory cap per kernel (default 2048)")
    p.add_argument("--full-run", action="store_true",
                   help="also run the lesson's experiment cells (they decide no grade)")

    p = commands.add_parser("report", help="rebuild mistakes.csv and report.html of a graded class")
    p.add_argument("out", type=Path, metavar="DIR", help="the --out folder of a `grade` run")
    p.add_argument("--top", type=int, default=5, help="mistakes shown per exercise (default 5)")

    args = parser.parse_args(argv)
    try:
        return run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from .build import build

        for lesson in args.lessons:
            if not source_notebook(lesson).exists():
                raise UsageError(f"lesson {lesson} has no solution notebook yet "
                                 f"({source_notebook(lesson)}); lessons with one: "
                                 + (", ".join(available_lessons()) or "none"))
        stale = build(check=args.check, lessons=args.lessons or None)
        names = [str(p.relative_to(REPO)) for p in stale]
        if args.check:
            if stale:
                print("stale, run `python -m autograder build`:\n  " + "\n  ".join(names))
                return 1
            print("course/ and fixtures are up to date")
        else:
            print(f"wrote {len(stale)} file(s)" + "".join(f"\n  {n}" for n in names))
        return 0
    if args.command == "figures":
        from .figures import make_figures

        for lesson in args.lessons:
            topic(lesson)                      # an unknown name is a usage error
        for path in make_figures(args.lessons or None):
            print(f"wrote {path.relative_to(REPO)}")
        return 0
    if args.command == "check":
        from .check import check, report

        result = check(args.notebook, timeout=args.timeout, memory_mb=args.memory_mb,
                       full_run=args.full_run)
        print(json.dumps(result, indent=1) if args.json else report(result))
        return 0
    if args.command == "report":
        from .report import write_report

        for path in write_report(args.out.resolve(), top=args.top):
            print(f"wrote {path}")
        return 0
    from .grade import Progress, grade, summary

    outcomes, ignored = grade(args.lesson, args.submissions, args.out, jobs=args.jobs,
                              timeout=args.timeout, memory_mb=args.memory_mb, full_run=args.full_run,
                              progress=Progress())
    print(summary(outcomes, ignored))
    print(f"grades: {args.out / 'grades.csv'}\nfeedback: {args.out / 'feedback'}")
    print(f"class report: {args.out / 'report.html'}\nmistakes: {args.out / 'mistakes.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
