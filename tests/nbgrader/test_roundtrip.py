"""The repository works as an nbgrader course: the real nbgrader CLI releases, autogrades and
writes feedback for our lessons, and agrees with `np2jax` on every score. Three students: alice
submits the solution (full marks), bob the release unanswered (0: under nbgrader a stub raises and
a failing test cell raises, though a learner's Run All goes on past both), carol a wrong answer to
every exercise, each a misconception from tests/exercises (0).

This is also the guard against nbgrader's stderr trap: nbgrader scores a test cell 0 when it
writes anything to stderr, so a lesson whose test cells print JAX warnings fails here.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from np2jax import cells as C, course
from np2jax.grade import grade_notebook
from np2jax.grade.limits import Limits
from np2jax.release import student_version

# The real nbgrader CLI costs ~1 min per lesson here, so the round trip covers the exemplar and the
# lesson with the heaviest imports; every lesson's test cells are checked for stderr (nbgrader's
# trap) by tests/lessons/test_execute.py, with our grader. ROUNDTRIP_ALL=1 runs every lesson.
LESSONS = course.lessons() if os.environ.get("ROUNDTRIP_ALL") else [
    name for name in course.lessons() if name.startswith(("00-", "08-"))]
NBGRADER = [sys.executable, "-m", "nbgrader"]
STUDENTS = ("alice", "bob", "carol")


def all_wrong(lesson: str, released: Path) -> nbformat.NotebookNode:
    """The released lesson with every answer cell replaced by one wrong variant of its exercise."""
    from tests.exercises.variants import variants

    wrong = {}
    for variant in variants(lesson):
        if not variant.correct:
            wrong.setdefault(variant.exercise, variant.path.read_text())
    nb = nbformat.read(released, as_version=4)
    for cell in nb.cells:
        if C.is_answer(cell) and C.grade_id(cell) in wrong:
            cell.source = wrong.pop(C.grade_id(cell))
    assert not wrong, f"{lesson}: answer cells not found for {sorted(wrong)}"
    return nb


def run(args, cwd):
    # As from an activated environment: nbgrader runs helper programs (alembic) from PATH.
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    done = subprocess.run(NBGRADER + args, cwd=cwd, capture_output=True, text=True, timeout=1500, env=env)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def nbgrader_course(tmp_path_factory):
    """A copy of the course, released, submitted by two students and autograded by nbgrader."""
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(course.solutions_dir(), root / "solutions")
    shutil.copy(course.ROOT / "nbgrader_config.py", root)
    for lesson in LESSONS:
        run(["generate_assignment", lesson, "--force"], root)
        released = root / "notebooks" / lesson / f"{lesson}.ipynb"
        for student, source in (("alice", course.source_notebook(lesson)),   # every answer right
                                ("bob", released),                           # unanswered
                                ("carol", None)):                            # every answer wrong
            target = root / "submitted" / student / lesson / f"{lesson}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            if source is None:
                nbformat.write(all_wrong(lesson, released), target)
            else:
                shutil.copy(source, target)
        run(["autograde", lesson, "--create", "--force"], root)
        run(["generate_feedback", lesson, "--force"], root)
    return root


@pytest.mark.parametrize("lesson", LESSONS)
def test_nbgrader_release_matches_ours(nbgrader_course, lesson):
    theirs = nbformat.read(nbgrader_course / "notebooks" / lesson / f"{lesson}.ipynb", as_version=4)
    ours = student_version(nbformat.read(course.source_notebook(lesson), as_version=4))
    assert [c.source for c in theirs.cells] == [c.source for c in ours.cells]
    assert [C.nbgrader(c) for c in theirs.cells] == [C.nbgrader(c) for c in ours.cells]


@pytest.mark.parametrize("lesson", LESSONS)
def test_nbgrader_scores_agree_with_ours(nbgrader_course, lesson, pool):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{nbgrader_course / 'gradebook.db'}") as gradebook:
        scores = {s: gradebook.find_submission(lesson, s).score for s in STUDENTS}
        max_score = gradebook.find_assignment(lesson).max_score
    assert max_score > 0
    assert scores == {"alice": max_score, "bob": 0.0, "carol": 0.0}, (
        f"nbgrader gave {scores} of {max_score}: a test cell probably wrote to stderr, failed, "
        "or stopped raising under nbgrader")
    for student, expected in (("alice", max_score), ("bob", 0.0), ("carol", 0.0)):
        path = nbgrader_course / "submitted" / student / lesson / f"{lesson}.ipynb"
        ours = grade_notebook(path, student, pool, Limits(cell_seconds=300))
        assert (ours.score, ours.max_score) == (expected, max_score)
    feedback = nbgrader_course / "feedback" / "alice" / lesson / f"{lesson}.html"
    assert feedback.is_file() and "BEGIN HIDDEN TESTS" not in feedback.read_text()
