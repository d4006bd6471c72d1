"""What a submission's process can see: a scrubbed environment, a scratch directory, and,
where bubblewrap is installed, a filesystem view without the instructor's files or a network.

What each mode protects is written down in docs/grading.md.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from np2jax import course


def _device_env(device: str) -> dict:
    if device == "gpu":
        return {
            "JAX_PLATFORMS": "cuda,cpu",
            # Several submissions share one card: no 75% preallocation per process.
            "XLA_PYTHON_CLIENT_PREALLOCATE": "false",
            "XLA_PYTHON_CLIENT_ALLOCATOR": "platform",
            # TF32 matmuls on recent GPUs would change numbers the tests compare.
            "JAX_DEFAULT_MATMUL_PRECISION": "highest",
        }
    return {"JAX_PLATFORMS": "cpu", "CUDA_VISIBLE_DEVICES": ""}


def worker_env(device: str, scratch: str) -> dict:
    """The worker's environment: nothing of the instructor's shell but what Python needs."""
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "TZ") if k in os.environ}
    package_parent = str(Path(__file__).resolve().parents[2])
    return {
        **keep,
        "HOME": scratch,
        "PYTHONPATH": package_parent,
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "NP2JAX_GRADING": "1",
        **_device_env(device),
    }


def child_env(workdir: str, device: str) -> dict:
    env = worker_env(device, workdir)
    env.update(HOME=workdir, TMPDIR=workdir, MPLCONFIGDIR=workdir)
    return env


def bubblewrap() -> str | None:
    return None if os.environ.get("NP2JAX_NO_BWRAP") else shutil.which("bwrap")


def wrap(command: list[str], scratch: str) -> list[str]:
    """Run the worker under bubblewrap when it is installed and works; else as it is."""
    bwrap = bubblewrap()
    if not bwrap or not _bwrap_works(bwrap):
        return command
    hidden = [course.solutions_dir(), course.course_root() / "submitted",
              course.course_root() / "autograded", course.course_root() / "feedback"]
    args = [bwrap, "--die-with-parent", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--bind", scratch, scratch]  # everything else, /tmp included, stays read-only
    for path in hidden:
        if path.exists():
            args += ["--tmpfs", str(path)]
    return args + ["--"] + command


_BWRAP_OK: dict[str, bool] = {}


def _bwrap_works(bwrap: str) -> bool:
    if bwrap not in _BWRAP_OK:
        import subprocess

        probe = [bwrap, "--unshare-net", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                 sys.executable, "-c", "pass"]
        try:
            _BWRAP_OK[bwrap] = subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            _BWRAP_OK[bwrap] = False
    return _BWRAP_OK[bwrap]


def mode() -> str:
    bwrap = bubblewrap()
    if bwrap and _bwrap_works(bwrap):
        return "bubblewrap"
    return "process"
