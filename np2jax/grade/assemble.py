"""Build the notebook that is graded: the instructor's source with the learner's answers in it.

Only answer cells are taken from the submission, matched by grade_id; every other cell (setup,
demos, visible and hidden tests) comes from solutions/. So deleting, editing, reordering or
retyping test cells in a submission changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import nbformat

from np2jax import cells as C
from np2jax.release import student_version


class NotGradable(Exception):
    """The submission cannot be graded at all; the message is the stated reason."""


@dataclass
class Plan:
    cells: list[dict]                      # {"name", "kind", "source", "grade_id", "points", "hidden_from"}
    missing: list[str] = field(default_factory=list)  # answer cells the submission lacks


def read_submission(path) -> nbformat.NotebookNode:
    try:
        with open(path, encoding="utf-8") as handle:
            nb = nbformat.read(handle, as_version=4)
    except UnicodeDecodeError:
        raise NotGradable("the file is not text (not a notebook saved by Jupyter)")
    except Exception as exc:  # nbformat raises several kinds for broken JSON and schemas
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise NotGradable(f"the file is not a readable notebook ({detail})")
    if not isinstance(nb.get("cells"), list):
        raise NotGradable("the notebook has no cells")
    return nb


def plan(source: nbformat.NotebookNode, submission: nbformat.NotebookNode) -> Plan:
    answers = {}
    for cell in submission.cells:
        if isinstance(cell, dict) and C.grade_id(cell) and cell.get("cell_type") == "code":
            answers.setdefault(C.grade_id(cell), cell)
    stubs = {C.grade_id(c): c for c in student_version(source).cells if C.is_answer(c)}
    source_answers = [C.grade_id(c) for c in source.cells if C.is_answer(c) and c.cell_type == "code"]
    if source_answers and not set(source_answers) & set(answers):
        raise NotGradable(
            "none of this lesson's answer cells are in the file "
            f"(expected grade_ids like {source_answers[0]!r}); is it another lesson's notebook?"
        )
    result = Plan(cells=[])
    seen_answer = False
    for index, cell in enumerate(source.cells):
        if cell.cell_type != "code":
            continue
        gid = C.grade_id(cell)
        entry = {"name": gid or f"#{index}", "grade_id": gid, "points": C.points(cell), "hidden_from": None}
        if C.is_answer(cell):
            seen_answer = True
            if gid in answers:
                text = answers[gid].get("source", "")
                entry.update(kind="answer", source=text if isinstance(text, str) else "".join(text))
            else:
                result.missing.append(gid)
                entry.update(kind="answer", source=stubs[gid].source)
        elif C.is_test(cell):
            entry.update(kind="test", source=cell.source, hidden_from=_hidden_line(cell.source))
        elif "grader-skip" in C.tags(cell):
            continue
        else:
            entry.update(kind="setup" if not seen_answer else "instructor", source=cell.source)
        result.cells.append(entry)
    return result


def _hidden_line(source: str) -> int | None:
    """First line number (1-based) of the hidden tests in a test cell, if it has any."""
    for number, line in enumerate(source.splitlines(), start=1):
        if "BEGIN HIDDEN TESTS" in line:
            return number
    return None
