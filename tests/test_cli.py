"""The command line as instructors and authors type it: one verb per subpackage."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from np2jax import course

LESSON = "00-numpy-api"


def np2jax(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "np2jax", *args], capture_output=True, text=True,
                          timeout=900, cwd=cwd, env=env)


def test_grade_writes_every_report(tmp_path):
    folder = tmp_path / "submitted"
    for student, source in (("alice", course.source_notebook(LESSON)), ("bob", course.released_notebook(LESSON))):
        (folder / student / LESSON).mkdir(parents=True)  # nbgrader's submitted/<student>/<assignment>/ layout
        shutil.copy(source, folder / student / LESSON / f"{LESSON}.ipynb")
    out = tmp_path / "graded"
    done = np2jax("grade", str(folder), "--out", str(out), "--workers", "2")
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads((out / "report.json").read_text())["submissions"]
    assert {(r["student"], r["score"]) for r in report} == {("alice", 8.0), ("bob", 0.0)}
    assert (out / "grades.csv").read_text().splitlines()[1:] == ["alice,8,8", "bob,0,0"]
    assert (out / "feedback" / "bob" / f"{LESSON}.html").is_file() and (out / "scores.png").is_file()
    assert (out / "gradebook.sqlite").is_file()  # tests/grade/test_gradebook.py: what it holds
    assert "2/2 graded, 0 failed, 0 kept from earlier runs" in done.stderr  # the live summary


def test_release_check_names_the_stale_file(tmp_path):
    import os

    for folder in ("solutions", "notebooks"):
        shutil.copytree(course.ROOT / folder, tmp_path / folder)
    shutil.copy(course.ROOT / "nbgrader_config.py", tmp_path)
    env = {**os.environ, "NP2JAX_COURSE": str(tmp_path)}
    assert np2jax("release", "--check", env=env).returncode == 0
    stale = tmp_path / "notebooks" / LESSON / f"{LESSON}.ipynb"
    stale.write_text(stale.read_text().replace("Exercise 1", "Exercise one"))
    done = np2jax("release", "--check", env=env)
    assert done.returncode == 1 and f"notebooks/{LESSON}/{LESSON}.ipynb" in done.stdout
    assert np2jax("release", env=env).returncode == 0
    assert np2jax("release", "--check", env=env).returncode == 0


def test_a_plain_install_finds_the_course_through_course_or_the_current_folder(tmp_path):
    """After a non-editable `pip install`, the package is not inside a course: `--course DIR` or the
    current folder names it, and anywhere else the error says what to do."""
    import os

    wheels, target = tmp_path / "wheels", tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                            "-w", str(wheels), str(course.ROOT)], capture_output=True, text=True, timeout=600,
                           cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = wheels.glob("np2jax-*.whl")
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                                str(target), str(wheel)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr[-2000:]
    the_course = tmp_path / "course"
    for folder in ("solutions", "notebooks"):
        shutil.copytree(course.ROOT / folder, the_course / folder)
    shutil.copy(course.ROOT / "nbgrader_config.py", the_course)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The installed copy comes first (the checkout's editable install stays behind it).
    env = {k: v for k, v in os.environ.items() if k != "NP2JAX_COURSE"}
    env["PYTHONPATH"] = str(target)

    where = np2jax_in(elsewhere, env, "-c", "import np2jax; print(np2jax.__file__)")
    assert where.stdout.strip().startswith(str(target)), where

    done = np2jax_in(elsewhere, env, "-m", "np2jax", "--course", str(the_course), "release", "--check")
    assert done.returncode == 0 and "in sync" in done.stdout, done.stdout + done.stderr
    done = np2jax_in(the_course / "notebooks", env, "-m", "np2jax", "release", "--check")
    assert done.returncode == 0 and "in sync" in done.stdout, done.stdout + done.stderr

    lost = np2jax_in(elsewhere, env, "-m", "np2jax", "release", "--check")
    assert lost.returncode == 2 and "Traceback" not in lost.stderr, lost.stderr
    assert "cannot find the course" in lost.stderr and "--course DIR" in lost.stderr, lost.stderr
    wrong = np2jax_in(elsewhere, env, "-m", "np2jax", "--course", str(elsewhere), "release", "--check")
    assert wrong.returncode == 2 and f"{elsewhere} is not a course folder" in wrong.stderr, wrong.stderr


def np2jax_in(cwd, env, *args):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=600, cwd=cwd, env=env)
