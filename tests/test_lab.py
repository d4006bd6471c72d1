"""The learner's own copy: `np2jax lab` (what `make lab` runs) fills my-work/ from notebooks/ with
new lessons only, never overwrites the learner's work, and `np2jax release` never touches it."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from np2jax import course
from np2jax.course import Course
from np2jax.lab import RECORD, fill, lab_command

ROOT = course.ROOT


@pytest.fixture
def copy(tmp_path):
    root = tmp_path / "course"
    for name in ("solutions", "notebooks"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / "nbgrader_config.py", root)
    return Course(root)


def test_first_run_copies_every_lesson_in_order(copy):
    work = copy.root / "my-work"
    said = fill(copy, work)
    lessons = copy.lessons()
    assert sorted(p.stem for p in work.glob("*.ipynb")) == lessons
    assert said == [f"added my-work/{lesson}.ipynb" for lesson in lessons]
    for lesson in lessons:
        assert (work / f"{lesson}.ipynb").read_bytes() == copy.released(lesson).read_bytes()


def test_later_runs_add_new_lessons_and_keep_the_learners_work(copy):
    work = copy.root / "my-work"
    first, *rest = copy.lessons()
    hidden = copy.notebooks / rest[-1]
    shutil.move(hidden, copy.root / "held-back")  # a lesson the course has not released yet
    fill(copy, work)
    assert not (work / f"{rest[-1]}.ipynb").exists()
    mine = work / f"{first}.ipynb"
    mine.write_text(mine.read_text().replace("raise NotImplementedError()", "return 42", 1))
    answered = mine.read_bytes()
    # The course releases the held-back lesson and a new version of lesson 00.
    shutil.move(copy.root / "held-back", hidden)
    released = copy.released(first)
    released.write_text(released.read_text().replace("Exercise 1", "Exercise One"))
    said = fill(copy, work)
    assert mine.read_bytes() == answered, "the learner's answered lesson was overwritten"
    assert (work / f"{rest[-1]}.ipynb").read_bytes() == copy.released(rest[-1]).read_bytes()
    assert f"added my-work/{rest[-1]}.ipynb" in said
    assert f"kept your my-work/{first}.ipynb; the course's newer version is notebooks/{first}/{first}.ipynb" in said


def test_an_untouched_copy_takes_the_course_update(copy):
    work = copy.root / "my-work"
    lesson = copy.lessons()[1]
    fill(copy, work)
    released = copy.released(lesson)
    released.write_text(released.read_text().replace("Exercise 1", "Exercise One"))
    assert fill(copy, work) == [f"updated my-work/{lesson}.ipynb (you had not changed it)"]
    assert (work / f"{lesson}.ipynb").read_bytes() == released.read_bytes()
    assert fill(copy, work) == []


def test_release_and_release_check_never_touch_my_work(copy):
    work = copy.root / "my-work"
    fill(copy, work)
    mine = work / f"{copy.lessons()[0]}.ipynb"
    mine.write_text(mine.read_text().replace("raise NotImplementedError()", "return 42", 1))
    (work / "scratch.txt").write_text("notes")
    before = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    for args in (["release", "--check"], ["release"]):
        done = subprocess.run([sys.executable, "-m", "np2jax", "--course", str(copy.root), *args],
                              capture_output=True, text=True, timeout=600, cwd=copy.root)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "my-work" not in done.stdout
    assert {p: p.read_bytes() for p in work.rglob("*") if p.is_file()} == before


def test_jupyter_serves_the_course_browses_my_work_and_opens_lesson_00(copy):
    work = copy.root / "my-work"
    command = lab_command(copy, work, ["--port=8899"])
    assert command[1] == "lab" and command[-1] == "--port=8899"
    assert f"--ServerApp.root_dir={copy.root}" in command  # formgrader finds the course
    assert f"--FileContentsManager.preferred_dir={work}" in command
    assert f"--LabApp.default_url=/lab/tree/my-work/{copy.lessons()[0]}.ipynb" in command
    assert any(a.startswith("--ServerApp.terminado_settings=") and '"-l"' not in a for a in command)


def test_fill_only_from_the_command_line(copy):
    done = subprocess.run([sys.executable, "-m", "np2jax", "lab", "--fill-only"], capture_output=True,
                          text=True, timeout=300, cwd=copy.root)
    assert done.returncode == 0, done.stderr
    assert (copy.root / "my-work" / RECORD).is_file()
    assert len(list((copy.root / "my-work").glob("*.ipynb"))) == len(copy.lessons())
