"""A real JupyterLab in a real Chromium: one server and one browser for the whole session.

The server is started the way the README says, by typing `make lab`, in a temporary copy of the
course (solutions/, notebooks/, nbgrader_config.py, Makefile, pyproject.toml, requirements/, scripts/,
and .venv as a link to this environment), with LAB_ARGS for 127.0.0.1, a port and a token, isolated
from the user's Jupyter settings. `make lab` fills my-work/ there, as on a learner's first run. The browser is Debian's Chromium (`scripts/install-system-deps` installs it), driven by
Playwright. Screenshots of every step go to artifacts/journey/.

Without Chromium these tests fail, saying how to install it: they never skip.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from np2jax import course

ROOT = course.ROOT
ARTIFACTS = ROOT / "artifacts" / "journey"
CHROMIUM = os.environ.get("JOURNEY_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home, and this closed network
# refuses those connections loudly; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 900}
SERVER_START_TIMEOUT_S = 300  # make checks .venv, np2jax fills my-work/, then the server starts


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))


class Lab:
    """A running `jupyter lab`: its URL, token, course copy and log."""

    def __init__(self, root: Path, port: int, token: str, proc: subprocess.Popen, log: Path):
        self.root, self.port, self.token, self.proc, self.log = root, port, token, proc, log
        self.base = f"http://127.0.0.1:{port}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no server log)"


def _wait_until_up(lab: Lab) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if lab.proc.poll() is not None:
            pytest.fail(f"jupyter lab exited with code {lab.proc.returncode}:\n{lab.log_tail()}")
        try:
            with urllib.request.urlopen(lab.url("api/status"), timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)  # polling a process we do not control: there is no event to wait on
    pytest.fail(f"jupyter lab did not answer within {SERVER_START_TIMEOUT_S}s:\n{lab.log_tail()}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop `make lab` (and the `jupyter lab` it became) through the process group we started it
    in, whose id is its pid. On SIGTERM the server shuts down its own kernels."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    return ARTIFACTS


@pytest.fixture(scope="session")
def lab(tmp_path_factory, artifacts) -> Lab:
    """`jupyter lab` serving a temporary copy of the course."""
    tmp = tmp_path_factory.mktemp("journey")
    root = tmp / "course"
    root.mkdir()
    for name in ("solutions", "notebooks", "requirements", "scripts"):
        shutil.copytree(ROOT / name, root / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    for name in ("nbgrader_config.py", "Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, root / name)  # copy2 keeps the times: make sees .venv up to date
    venv = Path(sys.executable).parent.parent
    (root / ".venv").symlink_to(venv, target_is_directory=True)

    # Isolate from the user's own Jupyter and IPython configuration, and keep JupyterLab quiet:
    # no news or update pop-ups over the notebook.
    home = tmp / "jupyter"
    settings = home / "lab-settings"
    _write_json(settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings",
                {"fetchNews": "false", "checkForUpdates": False})
    env = dict(os.environ)
    env.update({
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "IPYTHONDIR": str(home / "ipython"),
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("JUPYTER_TOKEN", None)
    # As a learner's shell would be: no environment activated (`make lab` puts its bin/ first).
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and Path(p).resolve() != Path(sys.executable).parent.resolve())
    for name in ("VIRTUAL_ENV", "NP2JAX_COURSE", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(name, None)

    port, token = _free_port(), secrets.token_hex(16)
    lab_args = " ".join([
        "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
        f"--IdentityProvider.token={token}", "--LabApp.news_url=",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, as Galata does
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"])
    log = tmp / "make-lab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "lab", f"LAB_ARGS={lab_args}"],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, which _stop ends by its id
        )
    lab = Lab(root, port, token, proc, log)
    try:
        _wait_until_up(lab)
        yield lab
    finally:
        _stop(proc)
        shutil.copy2(log, artifacts / "make-lab.log")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium. Fails, with the fix, when it is not installed."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the JupyterLab journey tests need it. Install it with "
            "`scripts/install-system-deps` (as root; `make test` runs it) or `sudo apt-get install "
            "chromium`, or point JOURNEY_CHROMIUM at a Chromium binary.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except Exception as exc:
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}", pytrace=False)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, lab, artifacts, request):
    """A fresh browser tab; on failure, a screenshot named after the test."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        try:
            tab.screenshot(path=str(artifacts / f"FAILED-{request.node.name}.png"))
        except Exception:
            pass
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)

