"""The release: notebooks/ is exactly what nbgrader's preprocessors make of solutions/."""
from __future__ import annotations

import nbformat
import pytest

from np2jax import cells as C, course
from np2jax.release import render, stale, student_version

LESSONS = course.lessons()


def test_notebooks_are_in_sync_with_solutions():
    assert stale() == []


@pytest.mark.parametrize("lesson", LESSONS)
def test_release_is_deterministic(lesson):
    source = nbformat.read(course.source_notebook(lesson), as_version=4)
    assert render(student_version(source)) == render(student_version(source))


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_solution_or_hidden_test_reaches_students(lesson):
    released = course.released_notebook(lesson).read_text(encoding="utf-8")
    source = nbformat.read(course.source_notebook(lesson), as_version=4)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in released
    for cell in source.cells:
        for block in _between(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"):
            assert block not in released, f"hidden test of {C.grade_id(cell)} leaked"
        if C.is_answer(cell):
            for block in _between(cell.source, "### BEGIN SOLUTION", "### END SOLUTION"):
                assert block not in released, f"solution of {C.grade_id(cell)} leaked"


@pytest.mark.parametrize("lesson", LESSONS)
def test_student_version_has_no_outputs_and_locked_tests(lesson):
    nb = nbformat.read(course.released_notebook(lesson), as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    for cell in nb.cells:
        if C.is_test(cell):
            assert cell.metadata.get("editable") is False and cell.metadata.get("deletable") is False


def test_check_names_the_stale_file(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(course.solutions_dir(), tmp_path / "solutions")
    shutil.copytree(course.notebooks_dir(), tmp_path / "notebooks")
    lesson = LESSONS[0]
    target = course.released_notebook(lesson, tmp_path)
    target.write_text(target.read_text().replace("import", "imp0rt", 1))
    problems = stale(tmp_path)
    assert len(problems) == 1 and f"notebooks/{lesson}/{lesson}.ipynb" in problems[0]


def _between(text: str, start: str, end: str) -> list[str]:
    blocks, inside, current = [], False, []
    for line in text.splitlines():
        if line.strip() == start:
            inside, current = True, []
        elif line.strip() == end and inside:
            inside = False
            body = "\n".join(l for l in current if l.strip())
            if body.strip():
                blocks.append(body)
        elif inside:
            current.append(line)
    return blocks
