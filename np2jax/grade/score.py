"""Turn a run into a grade, by nbgrader's rules: a test cell earns its points unless it failed.

Two deliberate differences from nbgrader: writing to stderr costs nothing (JAX writes warnings
there), and a test's verdict comes from the judge, never from the submission's process.
What a student's feedback shows is text the instructor wrote (a check's why and hint, our
explanations of JAX errors) and builtin or JAX exception class names: nothing the submission's
code controls, since it sees hidden inputs and could echo them. ``full_message`` keeps everything
(got/expected details, exception messages, hidden-test lines) for instructors and self-checks.
"""
from __future__ import annotations

from np2jax import cells as C
from np2jax.grade.records import AnswerError, Plan, RunResult, TestResult, Verdict

NOT_RUN = "This test did not run: the notebook stopped before reaching it."
TIMEOUT = "✗ The test ran past its time limit (an endless loop, or far too slow)."


def _messages(verdict: Verdict | None, stopped: str | None) -> tuple[bool, str, str]:
    """(passed, message for the learner, full message for the instructor)."""
    if verdict is None:
        text = NOT_RUN + (f" ({stopped})" if stopped else "")
        return False, text, text
    if verdict.status == "passed":
        return True, "✓ passed", "✓ passed"
    if verdict.status == "timeout":
        return False, TIMEOUT, TIMEOUT
    if verdict.status == "gone":
        text = f"✗ The notebook's process stopped during this test: {verdict.message}"
        return False, text, text
    where = f" (hidden test, line {verdict.line})" if verdict.hidden else ""
    if verdict.status == "failed":
        head, hint = f"✗ {verdict.why}", f"Hint: {verdict.hint}" if verdict.hint else ""
        full = "\n".join(filter(None, [head + where, verdict.detail, hint]))
        shown = "\n".join(filter(None, [f"✗ A hidden test (other inputs): {verdict.why}" if verdict.hidden else head,
                                         hint]))
        return False, shown, full
    who = "your code raised" if verdict.learner else "the test stopped with"
    full = f"✗ {verdict.ename}: {verdict.message}{where}"
    shown = f"✗ {'A hidden test' if verdict.hidden else 'The test'} failed: {who} {verdict.ename}."
    if verdict.explanation:
        full, shown = f"{full}\n{verdict.explanation}", f"{shown}\n{verdict.explanation}"
    return False, shown, full


def tests(plan: Plan, run: RunResult) -> dict[str, TestResult]:
    stopped = run.stopped[1] if run.stopped else None
    results = {}
    for index, cell in enumerate(plan.cells):
        if cell.kind != "test":
            continue
        verdict = run.verdicts.get(index)
        passed, message, full = _messages(verdict, stopped)
        results[cell.grade_id] = TestResult(C.exercise_of(cell.grade_id), cell.points if passed else 0.0,
                                            cell.points, passed, message, full, verdict.stderr if verdict else "")
    return results


def answer_errors(plan: Plan, run: RunResult) -> dict[str, AnswerError]:
    """Errors raised by answer cells, by grade_id: shown in feedback next to the exercise."""
    from np2jax.learner.explain import explain

    found = {}
    for index, cell in enumerate(plan.cells):
        outcome = run.cells.get(index)
        if cell.kind == "answer" and outcome is not None and outcome.status != "ok":
            if outcome.status == "timeout":
                found[cell.grade_id] = AnswerError("CellTimeout", "the cell ran past its time limit")
                continue
            explanation = explain(outcome.error_name, outcome.message)
            found[cell.grade_id] = AnswerError(outcome.error_name, outcome.message,
                                               explanation.render() if explanation is not None else "")
    return found
