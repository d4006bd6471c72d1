"""The nbgrader format of every lesson, and the house style every lesson shares."""
from __future__ import annotations

import re
from collections import Counter

import nbformat
import pytest

from np2jax import cells as C, course
from np2jax.learner.explain import known_sections

LESSONS = course.lessons()
GRADE_ID = re.compile(r"^l\d\d-[a-z0-9-]+$")


def load(lesson):
    return nbformat.read(course.source_notebook(lesson), as_version=4)


def test_the_course_has_its_lessons_in_order():
    assert LESSONS, "no lessons in solutions/"
    numbers = [int(name[:2]) for name in LESSONS]
    assert numbers == list(range(len(numbers))), f"lessons must be numbered 00, 01, ...: {LESSONS}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_nbgrader_metadata_is_valid(lesson):
    nb = load(lesson)
    nbformat.validate(nb)
    prefix = f"l{lesson[:2]}-"
    for cell in nb.cells:
        meta = C.nbgrader(cell)
        if not meta:
            continue
        gid = meta.get("grade_id", "")
        assert meta.get("schema_version") == 3, f"{gid}: nbgrader schema_version must be 3"
        assert GRADE_ID.match(gid) and gid.startswith(prefix), f"{gid!r}: grade_ids look like {prefix}ex1"
        if C.is_test(cell):
            assert C.points(cell) > 0 and meta.get("locked"), f"{gid}: test cells are locked and carry points"
            assert gid.endswith("-test"), f"{gid}: test cells are named <exercise>-test"
        if C.is_answer(cell) and cell.cell_type == "code":
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, gid


def test_grade_ids_are_unique_across_the_course():
    ids = Counter(C.grade_id(c) for lesson in LESSONS for c in load(lesson).cells if C.grade_id(c))
    assert not [i for i, n in ids.items() if n > 1], f"duplicate grade_ids: {[i for i, n in ids.items() if n > 1]}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_exercise_has_an_answer_cell_and_a_test_cell(lesson):
    nb = load(lesson)
    answers = [C.grade_id(c) for c in nb.cells if C.is_answer(c) and c.cell_type == "code"]
    tests = [C.grade_id(c) for c in nb.cells if C.is_test(c)]
    assert len(answers) >= 3, f"{lesson}: at least 3 graded exercises"
    assert sorted(f"{a}-test" for a in answers) == sorted(tests)
    for gid in answers:  # the test cell comes after its answer cell
        order = [C.grade_id(c) for c in nb.cells]
        assert order.index(gid) < order.index(f"{gid}-test")
    assert any("BEGIN HIDDEN TESTS" in c.source for c in nb.cells if C.is_test(c)), f"{lesson}: no hidden tests"


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_opens_with_goals_and_devices_then_a_locked_setup_cell(lesson):
    nb = load(lesson)
    intro = nb.cells[0]
    assert intro.cell_type == "markdown" and intro.source.startswith("# ")
    assert "Learning goals" in intro.source and "Devices:" in intro.source and "Time:" in intro.source
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert C.nbgrader(first_code).get("locked") and "np2jax.learner" in first_code.source


def test_every_explained_error_points_to_a_section_that_exists():
    missing = []
    for lesson, section in sorted(known_sections()):
        if lesson not in LESSONS:
            continue
        headings = [line.lstrip("#").strip() for c in load(lesson).cells if c.cell_type == "markdown"
                    for line in c.source.splitlines() if line.startswith("#")]
        if not any(section in h for h in headings):
            missing.append(f"{lesson}: “{section}”")
    assert not missing, "explanations point to sections that no lesson has:\n" + "\n".join(missing)


def _bound(tree) -> set[str]:
    """Names a cell binds at top level or anywhere (assignments, imports, defs, loop targets)."""
    import ast

    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


@pytest.mark.parametrize("lesson", LESSONS)
def test_test_cells_use_only_setup_answer_and_own_names(lesson):
    """Under the grader a test cell runs in a judge that has the setup cell, the learner's answers
    and nothing else: a name from a demonstration cell would be undefined there."""
    import ast
    import builtins

    nb = load(lesson)
    allowed = set(dir(builtins)) | {"__name__"}
    for cell in nb.cells:
        if cell.cell_type == "code" and ((C.grade_id(cell) or "").endswith("-setup") or C.is_answer(cell)):
            allowed |= _bound(ast.parse(cell.source))
    problems = []
    for cell in nb.cells:
        if C.is_test(cell):
            tree = ast.parse(cell.source)
            own = _bound(tree)
            used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            if used - own - allowed:
                problems.append(f"{C.grade_id(cell)}: {sorted(used - own - allowed)}")
    assert not problems, "test cells use names only a demonstration cell defines:\n" + "\n".join(problems)


def test_readme_lesson_table_states_each_notebooks_own_time():
    readme = (course.ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    wrong = []
    for lesson in LESSONS:
        stated = re.search(r"\*\*Time:\*\* (~\d+ min)", load(lesson).cells[0].source)
        row = next((line for line in readme if line.startswith(f"| {lesson[:2]} | ")), "")
        if not stated or f"| {stated.group(1)} |" not in row:
            wrong.append(f"{lesson}: the notebook says {stated and stated.group(1)}, the README row is {row!r}")
    assert not wrong, "README lesson times disagree with the notebooks:\n" + "\n".join(wrong)
