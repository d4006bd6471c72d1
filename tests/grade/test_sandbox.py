"""The sandbox hides the instructor's files, and never the code or the environment grading needs."""
from __future__ import annotations

import sys
from pathlib import Path

from np2jax import course
from np2jax.grade import sandbox


def _hidden(args: list[str]) -> list[Path]:
    return [Path(args[i + 1]) for i, a in enumerate(args) if a == "--tmpfs"]


def test_sandbox_never_hides_python_or_the_package(tmp_path):
    args = sandbox.wrap(["python"], str(tmp_path))
    if args == ["python"]:
        assert sandbox.mode() == "process"
        return
    needed = [Path(sys.prefix), Path(sys.base_prefix), Path(sandbox.__file__).resolve().parents[2]]
    for hidden in _hidden(args):
        for path in needed:
            assert not path.resolve().is_relative_to(hidden.resolve()), f"--tmpfs {hidden} hides {path}"
    assert course.solutions_dir() in _hidden(args)


def test_child_environment_is_scrubbed(monkeypatch, tmp_path):
    monkeypatch.setenv("INSTRUCTOR_SECRET", "s3cret")
    env = sandbox.child_env(str(tmp_path), "cpu")
    assert "INSTRUCTOR_SECRET" not in env and env["HOME"] == str(tmp_path)
    assert env["JAX_PLATFORMS"] == "cpu"
    gpu = sandbox.child_env(str(tmp_path), "gpu")
    assert gpu["XLA_PYTHON_CLIENT_PREALLOCATE"] == "false" and gpu["JAX_DEFAULT_MATMUL_PRECISION"] == "highest"
