"""Build the notebook that is graded: the instructor's source with the learner's answers in it.

Only answer cells are taken from the submission, matched by grade_id; every other cell (setup,
demos, visible and hidden tests) comes from solutions/. So deleting, editing, reordering or
retyping test cells in a submission changes nothing. The submission is read strictly: a file
that is not a plain, bounded, schema-valid notebook is refused with the reason.
"""
from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import nbformat

from np2jax import cells as C
from np2jax.grade.records import Plan, PlanCell
from np2jax.release import student_version

MAX_FILE_MB = 16
BASE_PRELOAD = ("numpy", "jax", "jax.numpy", "matplotlib", "matplotlib.pyplot")


class NotGradable(Exception):
    """The submission cannot be graded at all; the message is the stated reason."""


def read_submission(path: Path, root: Path) -> nbformat.NotebookNode:
    """The submitted notebook, refused unless it is a regular file inside `root` (the folder the
    instructor named), at most MAX_FILE_MB, valid JSON and valid nbformat 4."""
    path = Path(path)
    inside = Path(os.path.abspath(path))
    if any(p.is_symlink() for p in [inside, *inside.parents] if p == root or root in p.parents):
        raise NotGradable("the file is, or lies under, a symbolic link; submissions must be regular files")
    if root != inside and root not in inside.parents:
        raise NotGradable("the file lies outside the folder given to the grader")
    try:
        fd = os.open(inside, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise NotGradable(f"the file cannot be opened ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotGradable("the file is not a regular file")
        data = handle.read(MAX_FILE_MB * 1024 * 1024 + 1)
    if not data:
        raise NotGradable("the file is empty")
    if len(data) > MAX_FILE_MB * 1024 * 1024:
        raise NotGradable(f"the file is larger than {MAX_FILE_MB} MB")
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotGradable("the file is not text (not a notebook saved by Jupyter)") from None
    except ValueError as exc:
        raise NotGradable(f"the file is not a readable notebook (invalid JSON: {str(exc)[:120]})") from None
    if not isinstance(raw, dict) or raw.get("nbformat") != 4:
        raise NotGradable("the file is not an nbformat 4 notebook")
    try:
        nbformat.validate(raw)  # strictly, before nbformat's reader (which only logs schema errors)
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises several kinds
        first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        raise NotGradable(f"the notebook does not follow the notebook format ({first})") from None
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is not None and (not isinstance(meta, dict) or not isinstance(meta.get("grade_id", ""), str)):
            raise NotGradable("a cell's nbgrader metadata is malformed")
    return nb


def preload(source: nbformat.NotebookNode) -> tuple[str, ...]:
    text = "\n".join(c.source for c in source.cells if c.cell_type == "code")
    return BASE_PRELOAD + (("trax",) if re.search(r"^\s*(import|from)\s+trax\b", text, re.M) else ())


def plan(lesson: str, source: nbformat.NotebookNode, submission: nbformat.NotebookNode) -> Plan:
    answers = {}
    for cell in submission.cells:
        if cell.get("cell_type") == "code" and C.grade_id(cell):
            answers.setdefault(C.grade_id(cell), cell)
    stubs = {C.grade_id(c): c for c in student_version(source).cells if C.is_answer(c)}
    source_answers = [C.grade_id(c) for c in source.cells if C.is_answer(c) and c.cell_type == "code"]
    if source_answers and not set(source_answers) & set(answers):
        raise NotGradable(
            "none of this lesson's answer cells are in the file "
            f"(expected grade_ids like {source_answers[0]!r}); is it another lesson's notebook?")
    cells, missing = [], []
    seen_answer = False
    for index, cell in enumerate(source.cells):
        if cell.cell_type != "code":
            continue
        gid = C.grade_id(cell)
        name = gid or f"#{index}"
        if C.is_answer(cell):
            seen_answer = True
            if gid in answers:
                text = answers[gid].source
            else:
                missing.append(gid)
                text = stubs[gid].source
            cells.append(PlanCell(name, "answer", text, gid))
        elif C.is_test(cell):
            cells.append(PlanCell(name, "test", cell.source, gid, C.points(cell), _hidden_line(cell.source)))
        elif "grader-skip" in C.tags(cell):
            continue
        elif (gid or "").endswith("-setup") and not seen_answer:
            cells.append(PlanCell(name, "setup", cell.source, gid))
        else:
            cells.append(PlanCell(name, "instructor", cell.source, gid))
    return Plan(lesson, cells, preload(source), missing)


def _hidden_line(source: str) -> int | None:
    """First line number (1-based) of the hidden tests in a test cell, if it has any."""
    for number, line in enumerate(source.splitlines(), start=1):
        if "BEGIN HIDDEN TESTS" in line:
            return number
    return None
