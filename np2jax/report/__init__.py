"""Everything ``np2jax grade`` writes: one module per report, each file written atomically.

``np2jax report OUT`` rebuilds them from OUT's gradebook without grading, and ``--changes``
lists what regrades changed for whom (np2jax/grade/gradebook.py holds both).
"""
from __future__ import annotations

import sys
from pathlib import Path

from np2jax.report import feedback, gradebook, json_report, summary


def write_all(grades, out: Path, reveal_hidden: bool = False, pending: list[tuple[str, str]] = ()) -> list[Path]:
    """Every report for these grades (np2jax.grade.records.Grade), into `out`. `pending` names the
    run's submissions (student, path) that have no grade yet: the reports say they are incomplete."""
    from np2jax.grade.gradebook import now

    results = [g.to_dict() for g in grades]
    out.mkdir(parents=True, exist_ok=True)
    written = [json_report.write(results, out / "report.json", list(pending), now()),
               gradebook.write(results, out / "grades.csv")]
    written += feedback.write(results, out / "feedback", reveal_hidden=reveal_hidden)
    written += summary.write(results, out, pending=len(pending))
    return written


def rebuild(book, out: Path, reveal_hidden: bool = False) -> list[Path]:
    """Every report from the gradebook's latest run (np2jax.grade.gradebook.Gradebook), no grading."""
    snapshot = book.current()
    return write_all(snapshot.grades, out, reveal_hidden=reveal_hidden, pending=snapshot.pending)


def print_changes(changes, stream=sys.stdout) -> None:
    """One block per regrade that changed something: who, which file, why it was regraded, what changed."""
    same = 0
    for change in changes:
        lines = change.differences()
        if not lines:
            same += 1
            continue
        print(f"{change.student}/{Path(change.path).name} ({change.why}, graded {change.after.graded_at}):", file=stream)
        for line in lines:
            print(f"  {line}", file=stream)
    print(f"{len(changes)} regrade(s): {len(changes) - same} changed, {same} unchanged", file=stream)


def main(args) -> int:
    from np2jax.grade.gradebook import FILE, Gradebook

    out = Path(args.out)
    if not (out / FILE).is_file():
        print(f"np2jax report: no gradebook in {out} (run `np2jax grade ... --out {out}` first)", file=sys.stderr)
        return 2
    with Gradebook(out / FILE) as book:
        if args.changes:
            print_changes(book.changes())
            return 0
        for path in rebuild(book, out, reveal_hidden=args.show_hidden):
            print(f"wrote {path}")
        pending = len(book.current().pending)
    if pending:
        print(f"incomplete: {pending} submission(s) of the last run not graded yet; run the same "
              "`np2jax grade` command again to grade them", file=sys.stderr)
    return 0


def add_arguments(parser) -> None:
    parser.add_argument("out", help="a grading output folder (the --out of np2jax grade), with its gradebook")
    parser.add_argument("--show-hidden", action="store_true", help="feedback shows hidden-test details (instructors)")
    parser.add_argument("--changes", action="store_true",
                        help="list every regrade that changed a result: who, why, and what changed")
