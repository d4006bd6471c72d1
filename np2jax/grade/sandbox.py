"""What a submission's process starts with: a scrubbed environment, and the list of paths its
isolation hides (np2jax/grade/isolate.py does the hiding). docs/grading.md says what each mode
protects."""
from __future__ import annotations

import os
import sys
from pathlib import Path

# Credentials and settings of the account that grades, hidden on top of the course's private paths.
_SECRETS = (".ssh", ".gnupg", ".aws", ".azure", ".config", ".docker", ".kube", ".netrc", ".git-credentials",
            ".jupyter", ".ipython", ".bash_history", ".python_history", ".pypirc", ".cache")


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


def worker_env(device: str, home: str) -> dict:
    """A worker's environment: nothing of the instructor's shell but what Python needs."""
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "TZ") if k in os.environ}
    return {
        **keep,
        "HOME": home,
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "NP2JAX_GRADING": "1",
        **_device_env(device),
    }


def child_env(workdir: str, device: str) -> dict:
    env = worker_env(device, workdir)
    env.update(HOME=workdir, TMPDIR=workdir, MPLCONFIGDIR=workdir)
    return env


def host_secrets() -> list[Path]:
    home = Path.home()
    return [home / name for name in _SECRETS]


def _needed() -> list[Path]:
    """What every process must still see: the interpreter, its packages, and this package."""
    import np2jax

    return [Path(p).resolve() for p in (sys.prefix, sys.base_prefix, Path(np2jax.__file__).parent)]


def hideable(paths: list[str]) -> list[str]:
    """`paths` made safe to hide: a folder that holds the interpreter or this package (a course
    checkout with its .venv inside, say) is replaced by its other entries, recursively."""
    needed = _needed()
    out: list[str] = []

    def add(path: Path) -> None:
        if not path.exists() and not path.is_symlink():
            return
        holds = [n for n in needed if n == path or path in n.parents]
        if not holds:
            out.append(str(path))
        elif all(n != path for n in holds) and path.is_dir() and not path.is_symlink():
            for entry in sorted(path.iterdir()):
                add(entry)

    for given in paths:
        add(Path(os.path.abspath(given)))
    return sorted(set(out))
