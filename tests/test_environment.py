"""One source of truth for versions: pyproject's supported range, the two locks inside it,
environment.yml installing the 3.12 lock, and the running environment equal to its lock."""
from __future__ import annotations

import sys
import tomllib
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from np2jax import course

ROOT = course.ROOT
LOCKS = {"3.12": ROOT / "requirements/py3.12.txt", "3.11": ROOT / "requirements/py3.11.txt"}


def pins(path):
    result = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            result[canonicalize_name(name)] = version.strip()
    return result


def test_environment_yml_installs_the_312_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.12" in deps and "conda-forge" in env["channels"]
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict))
    assert "-r requirements/py3.12.txt" in pip_section and "-e .[grader,trax,test]" in pip_section
    assert "# python 3.12" in LOCKS["3.12"].read_text()


@pytest.mark.parametrize("version", sorted(LOCKS))
def test_lock_satisfies_the_supported_range(version):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    locked = pins(LOCKS[version])
    extras = project["optional-dependencies"]
    assert set(extras) == {"grader", "trax", "test"}
    for spec in project["dependencies"] + [spec for group in extras.values() for spec in group]:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in locked, f"{name} is required but not in the {version} lock"
        assert req.specifier.contains(locked[name], prereleases=True), f"{name}=={locked[name]} is outside {req}"


def test_running_environment_is_the_lock():
    version = "%d.%d" % sys.version_info[:2]
    if version not in LOCKS:
        pytest.fail(f"Python {version} is not supported (locks exist for {sorted(LOCKS)})")
    wrong = {}
    for name, pinned in pins(LOCKS[version]).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != pinned:
            wrong[name] = (pinned, installed)
    assert not wrong, f"installed versions differ from the lock (pinned, installed): {wrong}"


def test_the_default_install_is_the_learners_light_package():
    # Colab, Kaggle or any Jupyter: `pip install np2jax` brings what the lessons import, not the
    # grader's JupyterLab and nbgrader or Trax's TensorFlow.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {canonicalize_name(Requirement(spec).name) for spec in project["dependencies"]}
    assert names == {"numpy", "jax", "jaxlib", "matplotlib", "rich"}
    grader = {canonicalize_name(Requirement(s).name) for s in project["optional-dependencies"]["grader"]}
    assert {"nbgrader", "nbclient", "nbformat", "ipykernel", "jupyterlab", "dask", "pyseccomp"} <= grader
    assert [Requirement(s).name for s in project["optional-dependencies"]["trax"]] == ["trax"]
    assert "<" not in project["requires-python"], "no upper Python cap: JAX decides which Pythons work"


def test_license_is_mit_in_spdx_form():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert metadata.metadata("np2jax")["License-Expression"] == "MIT"


def test_record_latest_writes_the_outcome_into_the_version_table(tmp_path):
    """`make test-latest` ends with scripts/record-latest: the README's table gains (then updates)
    its "newest on the index" row with the versions that ran and the test tally."""
    import os
    import subprocess

    readme = tmp_path / "README.md"
    readme.write_text((ROOT / "README.md").read_text())
    env = {**os.environ, "NP2JAX_README": str(readme)}
    script = str(ROOT / "scripts" / "record-latest")
    ok = [sys.executable, "-c", "print('=== 10 passed in 1.0s ===')"]
    done = subprocess.run([script, sys.executable, "--", *ok], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = [line for line in readme.read_text().splitlines() if line.startswith("| newest on the index")]
    jax = f"{metadata.version('jax')} / {metadata.version('jaxlib')}"
    assert len(rows) == 1 and f"jax / jaxlib {jax}: every notebook ran, 10 passed" in rows[0], rows
    bad = [sys.executable, "-c", "import sys; print('=== 1 failed, 9 passed in 1.0s ==='); sys.exit(1)"]
    done = subprocess.run([script, sys.executable, "--", *bad], env=env, capture_output=True, text=True)
    assert done.returncode == 1
    rows = [line for line in readme.read_text().splitlines() if line.startswith("| newest on the index")]
    assert len(rows) == 1 and "FAILED, 1 failed, 9 passed" in rows[0], rows
