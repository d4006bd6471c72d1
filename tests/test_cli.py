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
    assert "2/2 graded, 0 failed" in done.stderr  # the live summary


def test_release_check_names_the_stale_file(tmp_path):
    import os

    for folder in ("solutions", "notebooks"):
        shutil.copytree(course.ROOT / folder, tmp_path / folder)
    env = {**os.environ, "NP2JAX_COURSE": str(tmp_path)}
    assert np2jax("release", "--check", env=env).returncode == 0
    stale = tmp_path / "notebooks" / LESSON / f"{LESSON}.ipynb"
    stale.write_text(stale.read_text().replace("Exercise 1", "Exercise one"))
    done = np2jax("release", "--check", env=env)
    assert done.returncode == 1 and f"notebooks/{LESSON}/{LESSON}.ipynb" in done.stdout
    assert np2jax("release", env=env).returncode == 0
    assert np2jax("release", "--check", env=env).returncode == 0
