"""Reading nbgrader cell metadata (schema v3) without a gradebook database."""
from __future__ import annotations


def nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def grade_id(cell) -> str | None:
    return nbgrader(cell).get("grade_id")


def is_answer(cell) -> bool:
    """A cell the learner writes in (nbgrader 'solution' cell, autograded answer)."""
    meta = nbgrader(cell)
    return bool(meta.get("solution")) and not meta.get("grade")


def is_test(cell) -> bool:
    """A locked, autograded test cell that carries points."""
    meta = nbgrader(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def points(cell) -> float:
    return float(nbgrader(cell).get("points", 0) or 0)


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def may_raise(cell) -> bool:
    return "raises-exception" in tags(cell)


def exercise_of(test_id: str) -> str:
    """'l00-ex1-test' -> 'l00-ex1': the exercise a test cell belongs to."""
    return test_id[: -len("-test")] if test_id.endswith("-test") else test_id
