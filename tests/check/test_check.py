"""`np2jax check`: the learner's self-check speaks like the test cells, and exits non-zero on failure."""
from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat

from np2jax import course

LESSON = "00-numpy-api"


def run_check(path):
    return subprocess.run([sys.executable, "-m", "np2jax", "check", str(path)],
                          capture_output=True, text=True, timeout=600)


def test_blank_notebook_fails_with_explanations(tmp_path):
    done = run_check(course.released_notebook(LESSON))
    assert done.returncode == 1
    out = done.stdout
    assert "✗ l00-ex2" in out and "This exercise is not answered yet" in out
    assert "Score on visible tests: 0/8" in out and "AssertionError" not in out


def test_wrong_answer_gets_its_misconception_and_hint(tmp_path):
    nb = nbformat.read(course.released_notebook(LESSON), as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "l00-ex3":
            cell.source = "def lookup(table, idx, missing):\n    return table[idx]\n"
    path = tmp_path / f"{LESSON}.ipynb"
    nbformat.write(nb, path)
    out = run_check(path).stdout
    assert "JAX clamps out-of-bounds reads" in out and "Hint: Ask for another mode" in out


def test_solved_notebook_passes(tmp_path):
    path = tmp_path / f"{LESSON}.ipynb"
    shutil.copy(course.source_notebook(LESSON), path)
    done = run_check(path)
    assert done.returncode == 0, done.stdout
    assert "Score on visible tests: 8/8" in done.stdout


def test_self_check_never_runs_hidden_tests(tmp_path):
    # This answer fits the visible example only: the hidden test would catch it, self-check must not.
    nb = nbformat.read(course.released_notebook(LESSON), as_version=4)
    hardcoded = (course.ROOT / "tests/exercises/00-numpy-api/l00-ex3/wrong_hardcoded_length.py").read_text()
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "l00-ex3":
            cell.source = hardcoded
    path = tmp_path / f"{LESSON}.ipynb"
    nbformat.write(nb, path)
    assert "✓ l00-ex3" in run_check(path).stdout
