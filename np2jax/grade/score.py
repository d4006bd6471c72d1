"""Turn a submission's cell events into scores, by nbgrader's rules with one deliberate change.

nbgrader: a test cell earns its points unless it raised (0), or its value is a number (that many
points: partial credit). nbgrader also gives 0 to a test cell that wrote anything to stderr;
we do not, because JAX writes warnings there and a correct answer must not lose its points.
"""
from __future__ import annotations

from np2jax import cells as C


def _messages(cell: dict, event: dict | None) -> tuple[bool, str, str]:
    """(passed, message for the learner, full message for the instructor).

    A failure inside the hidden tests reaches the learner without its got/expected details.
    """
    if event is None:
        text = "This test did not run: the notebook stopped before reaching it."
        return False, text, text
    if event["status"] == "timeout":
        text = "✗ The test ran past its time limit (an endless loop, or far too slow)."
        return False, text, text
    if event["status"] == "ok":
        return True, "✓ passed", "✓ passed"
    hidden = cell.get("hidden_from") is not None and event.get("line", 0) >= cell["hidden_from"]
    where = f" (hidden test, line {event.get('line')})" if hidden else ""
    if "why" in event:
        head, hint = f"✗ {event['why']}", f"Hint: {event['hint']}" if event.get("hint") else ""
        full = "\n".join(filter(None, [head + where, event.get("detail"), hint]))
        shown = "\n".join(filter(None, [head, None if hidden else event.get("detail"), hint]))
        return False, shown, full
    full = f"✗ {event['ename']}: {event['evalue']}{where}"
    shown = f"✗ A hidden test raised {event['ename']}." if hidden else full
    if event.get("explanation"):
        full, shown = full + "\n" + event["explanation"], shown + "\n" + event["explanation"]
    return False, shown, full


def tests(plan_cells: list[dict], events: list[dict]) -> dict:
    by_index = {e["index"]: e for e in events if e.get("event") == "cell"}
    results = {}
    for index, cell in enumerate(plan_cells):
        if cell["kind"] != "test":
            continue
        event = by_index.get(index)
        passed, message, full_message = _messages(cell, event)
        points = cell["points"]
        score = points if passed else 0.0
        if passed and event.get("partial") is not None:
            score = max(0.0, min(points, event["partial"]))
            passed = score == points
        results[cell["grade_id"]] = {
            "exercise": C.exercise_of(cell["grade_id"]),
            "score": score, "max_score": points, "passed": passed, "message": message,
            "full_message": full_message,
        }
        if event and event.get("tampered"):
            results[cell["grade_id"]]["tampered"] = event["tampered"]
        if event and event.get("stderr"):  # costs nothing here, but 0 points under nbgrader
            results[cell["grade_id"]]["stderr"] = event["stderr"][:2000]
    return results


def answer_errors(plan_cells: list[dict], events: list[dict]) -> dict:
    """Errors raised by answer cells, by grade_id: shown in feedback next to the exercise."""
    by_index = {e["index"]: e for e in events if e.get("event") == "cell"}
    found = {}
    for index, cell in enumerate(plan_cells):
        event = by_index.get(index)
        if cell["kind"] == "answer" and event and event["status"] != "ok":
            text = f"{event.get('ename')}: {event.get('evalue')}"
            if event.get("explanation"):
                text += "\n" + event["explanation"]
            found[cell["grade_id"]] = text
    return found
