"""``np2jax check NOTEBOOK``: a learner's self-check, with the visible tests only.

It grades the learner's answers exactly as the instructor's grader would (answers spliced into
the source, tests from the source), minus the hidden tests, and prints one line per exercise
with the reason and hint for each failure. Exit status 1 when anything fails.
"""
from __future__ import annotations

from pathlib import Path

from np2jax.course import Course
from np2jax.grade import grade_notebook
from np2jax.grade.records import Grade
from np2jax.grade.limits import Limits
from np2jax.grade.pool import Pool


def check(path: Path, course: Course | None = None, device: str = "cpu") -> Grade:
    """Your notebook graded on the visible tests. Your own notebook is trusted: where this
    machine cannot isolate a submission, the check runs without isolation."""
    from np2jax.grade import isolate

    with Pool(1, device=device, isolate=isolate.check_host() is None) as pool:
        return grade_notebook(Path(path), "you", pool, Limits(), course, visible_only=True)


def format_result(result: Grade) -> str:
    lines = [f"Self-check of {result.path} (visible tests only; the grader also runs hidden ones)"]
    if result.status == "failed" and not result.tests:
        return "\n".join(lines + [f"✗ Could not check this notebook: {result.reason}"])
    for test in result.tests.values():
        mark = "✓" if test.passed else "✗"
        lines.append(f"\n{mark} {test.exercise}  ({test.score:g}/{test.max_score:g})")
        if not test.passed:
            answer_error = result.answer_errors.get(test.exercise)
            if answer_error:
                lines.append("  Your answer cell raised " + answer_error.full().replace("\n", "\n  "))
            lines.append("  " + test.full_message.replace("\n", "\n  "))
    if result.reason:
        lines.append(f"\nNote: {result.reason}")
    lines.append(f"\nScore on visible tests: {result.score:g}/{result.max_score:g}")
    return "\n".join(lines)


def main(args) -> int:
    result = check(Path(args.notebook))
    print(format_result(result))
    ok = result.status == "graded" and all(t.passed for t in result.tests.values())
    return 0 if ok else 1


def add_arguments(parser) -> None:
    parser.add_argument("notebook", help="your copy of a lesson, e.g. notebooks/00-numpy-api/00-numpy-api.ipynb")
