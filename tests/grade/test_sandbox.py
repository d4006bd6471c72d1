"""np2jax/grade/sandbox.py: what a submission's process starts with (a scrubbed environment) and
which paths its isolation may hide (never the interpreter or this package)."""
from __future__ import annotations

import sys
from pathlib import Path

import np2jax
from np2jax import course
from np2jax.grade import sandbox

PACKAGE = Path(np2jax.__file__).resolve().parent
NEEDED = [Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), PACKAGE]


def _hides(hidden: list[str], path: Path) -> bool:
    return any(path == Path(h) or Path(h) in path.parents for h in hidden)


def test_hideable_never_hides_the_interpreter_or_the_package():
    everything = [str(course.ROOT), str(course.ROOT.parent), "/", sys.prefix, sys.base_prefix, str(PACKAGE),
                  str(PACKAGE.parent), *map(str, course.Course.find().private())]
    hidden = sandbox.hideable(everything)
    for path in NEEDED:
        assert not _hides(hidden, path), f"{path} would be hidden by {hidden}"
    assert str(course.solutions_dir()) in hidden
    assert hidden == sorted(set(hidden))


def test_hideable_splits_a_course_folder_that_holds_its_venv(tmp_path, monkeypatch):
    venv, pkg = tmp_path / "course" / ".venv", tmp_path / "course" / "np2jax"
    for folder in (venv / "lib" / "python3.12" / "site-packages", pkg, tmp_path / "course" / "solutions",
                   tmp_path / "course" / "submitted" / "alice", tmp_path / "other"):
        folder.mkdir(parents=True)
    (tmp_path / "course" / "gradebook.db").write_text("")
    (venv / "pyvenv.cfg").write_text("")
    monkeypatch.setattr(sandbox, "_needed", lambda: [venv.resolve(), pkg.resolve()])
    hidden = sandbox.hideable([str(tmp_path / "course"), str(tmp_path / "other")])
    root = tmp_path / "course"
    # the course folder is replaced by its other entries; .venv and the package stay visible
    assert hidden == sorted(str(p) for p in (root / "gradebook.db", root / "solutions", root / "submitted",
                                             tmp_path / "other"))
    # a folder above the course: split the same way, recursively
    above = sandbox.hideable([str(tmp_path)])
    assert str(tmp_path / "other") in above and str(root / "solutions") in above
    assert not any(_hides(above, p) for p in (venv, pkg))
    # the venv or the package named outright are never hidden
    assert sandbox.hideable([str(venv), str(pkg)]) == []


def test_hideable_skips_missing_paths_and_does_not_follow_links(tmp_path, monkeypatch):
    needed = tmp_path / "python"
    needed.mkdir()
    link = tmp_path / "link-to-python"
    link.symlink_to(needed)
    monkeypatch.setattr(sandbox, "_needed", lambda: [needed])
    hidden = sandbox.hideable([str(tmp_path / "missing"), str(link), "relative/nowhere"])
    assert hidden == [str(link)]  # the link itself is covered; what it points to is not hidden


def test_hideable_makes_paths_absolute(tmp_path, monkeypatch):
    (tmp_path / "solutions").mkdir()
    monkeypatch.chdir(tmp_path)
    assert sandbox.hideable(["solutions"]) == [str(tmp_path / "solutions")]


def test_child_environment_is_scrubbed(monkeypatch, tmp_path):
    monkeypatch.setenv("INSTRUCTOR_SECRET", "s3cret")
    monkeypatch.setenv("PYTHONPATH", "/somewhere/evil")
    env = sandbox.child_env(str(tmp_path), "cpu")
    assert "INSTRUCTOR_SECRET" not in env and "PYTHONPATH" not in env
    assert env["HOME"] == env["TMPDIR"] == env["MPLCONFIGDIR"] == str(tmp_path)
    assert env["JAX_PLATFORMS"] == "cpu" and env["CUDA_VISIBLE_DEVICES"] == "" and env["NP2JAX_GRADING"] == "1"
    gpu = sandbox.child_env(str(tmp_path), "gpu")
    assert gpu["XLA_PYTHON_CLIENT_PREALLOCATE"] == "false" and gpu["JAX_DEFAULT_MATMUL_PRECISION"] == "highest"


def test_worker_environment_keeps_only_what_python_needs(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    env = sandbox.worker_env("cpu", "/nowhere")
    assert set(env) <= {"PATH", "LANG", "LC_ALL", "TZ", "HOME", "MPLBACKEND", "TF_CPP_MIN_LOG_LEVEL",
                        "NP2JAX_GRADING", "JAX_PLATFORMS", "CUDA_VISIBLE_DEVICES"}
    assert env["HOME"] == "/nowhere"


def test_host_secrets_are_under_home():
    secrets = sandbox.host_secrets()
    home = Path.home()
    assert home / ".ssh" in secrets and home / ".aws" in secrets and home / ".git-credentials" in secrets
    assert all(p.parent == home for p in secrets)
