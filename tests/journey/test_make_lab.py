"""`make lab` starts JupyterLab the way the journey tests do (no browser needed to check that)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.journey.conftest import ROOT


def test_make_lab_puts_the_environment_first_on_path():
    # nbgrader's formgrader runs `alembic` from PATH; without the environment's bin/ there it
    # answers 500 and the instructor sees "Loading, please wait..." forever.
    if shutil.which("make") is None:
        pytest.fail("`make` is not installed; the course's commands need it")
    plan = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert plan.returncode == 0, plan.stderr
    lab_line = next(line for line in plan.stdout.splitlines() if "jupyter lab" in line)
    assert f'PATH="{ROOT / ".venv" / "bin"}:' in lab_line, lab_line
