"""The learner's light route (Colab, Kaggle, any Jupyter): a fresh virtual environment with only
jax, numpy, matplotlib, ipykernel and nbclient, plus the default `pip install .` of the project,
runs the released lessons 00-07 to the end, unanswered, as Run All does.

Every code cell must execute; a cell tagged `raises-exception` (a demonstration of an error) may
fail. No TensorFlow, Trax, nbgrader or JupyterLab may come with the default install. Versions come
from the lock (as constraints), so this needs PyPI or a warm pip cache. It prints its size and time.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from np2jax import course

pytestmark = pytest.mark.slow

ROOT = course.ROOT
LOCK = ROOT / "requirements" / ("py%d.%d.txt" % sys.version_info[:2])
LESSONS = [name for name in course.lessons() if name[:2].isdigit() and int(name[:2]) <= 7]
FORBIDDEN = ("tensorflow", "trax", "nbgrader", "jupyterlab", "notebook", "dask", "gym")

RUNNER = r'''
import json, sys, time
import nbformat
from nbclient import NotebookClient

results = {}
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    error = None
    try:
        # allow_errors=False: nbclient stops at the first failing cell unless it is tagged
        # `raises-exception`, exactly what a learner's Run All must survive.
        NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False,
                       resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}).execute()
    except Exception as exc:
        error = f"{type(exc).__name__}: {str(exc)[-3000:]}"
    code = [c for c in nb.cells if c.cell_type == "code"]
    results[path] = {
        "seconds": round(time.perf_counter() - started, 1),
        "error": error,
        "code_cells": len(code),
        "executed": sum(c.get("execution_count") is not None for c in code),
        "failed_tags": [c.metadata.get("tags", []) for c in code
                        if any(o.get("output_type") == "error" for o in c.get("outputs", []))],
    }
print(json.dumps(results))
'''


def _pip(python: Path, *args: str, cwd: Path | None = None) -> None:
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           *args], capture_output=True, text=True, timeout=1200, cwd=cwd)
    assert done.returncode == 0, f"pip install {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


@pytest.mark.timeout(1800)
def test_released_lessons_run_to_the_end_with_only_the_light_install(tmp_path):
    assert LOCK.is_file(), f"no lock for this Python: {LOCK}"
    started = time.perf_counter()
    venv = tmp_path / "light-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    # Only what the brief allows, at the lock's versions; then the project's default install.
    _pip(python, "-c", str(LOCK), "jax", "jaxlib", "numpy", "matplotlib", "ipykernel", "nbclient")
    source = tmp_path / "src"  # a clean copy: no build/ or egg-info left over from the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv*", ".git", "build", "dist", "*.egg-info", "artifacts", "my-work", "__pycache__",
        "benchmarks", "tests", "docs"))
    _pip(python, "-c", str(LOCK), str(source))
    installed_s = time.perf_counter() - started

    freeze = subprocess.run([str(python), "-m", "pip", "freeze"], capture_output=True, text=True,
                            check=True).stdout.lower()
    names = {line.split("==")[0].split(" @ ")[0] for line in freeze.splitlines()}
    assert "np2jax" in names, freeze
    assert not [n for n in names if n.startswith(FORBIDDEN)], f"the light install pulled in {sorted(names)}"

    # Run the released lessons where a learner would have them (a folder of its own, not the course).
    work = tmp_path / "work"
    work.mkdir()
    paths = []
    for lesson in LESSONS:
        target = work / f"{lesson}.ipynb"
        shutil.copy(course.released_notebook(lesson), target)
        paths.append(str(target))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NBGRADER", "NP2JAX", "JUPYTER", "PYTHON"))}
    env.update({"JUPYTER_PLATFORM_DIRS": "1", "HOME": str(tmp_path / "home"), "MPLBACKEND": "Agg"})
    done = subprocess.run([str(python), "-c", RUNNER, *paths], capture_output=True, text=True,
                          timeout=1500, cwd=work, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    total_s = time.perf_counter() - started
    size = _size_mb(venv)
    print(f"\nlight install: {size:.0f} MB, installed in {installed_s:.0f} s; lessons 00-07 "
          f"ran in {total_s - installed_s:.0f} s; total {total_s:.0f} s")
    for path, result in results.items():
        print(f"  {Path(path).name}: {result['executed']}/{result['code_cells']} cells in {result['seconds']} s")
    problems = {Path(p).name: r for p, r in results.items()
                if r["error"] or r["executed"] != r["code_cells"]
                or any("raises-exception" not in tags for tags in r["failed_tags"])}
    assert not problems, json.dumps(problems, indent=1)
