"""Import Trax without the start-up noise of the libraries under it, keeping real warnings.

Trax 1.4.1 imports TensorFlow (for ``trax.data``) and Gym (for its reinforcement-learning code).
On import they print lines that say nothing about the learner's code:

- TensorFlow's C++ start-up log, written straight to the process's stderr (file descriptor 2)
  before any Python setting can reach it (TensorFlow 2.21 ignores TF_CPP_MIN_LOG_LEVEL for these):
  absl's "All log messages before absl::InitializeLog()" banner, "oneDNN custom operations are
  on" (TensorFlow's CPU kernels may round differently; JAX, not TensorFlow, computes the lessons'
  numbers), "Could not find cuda drivers" (TensorFlow's own CUDA probe; JAX finds GPUs itself),
  and the CPU-instructions note.
- Gym's notice that it is unmaintained (this course never uses Gym; Trax imports it).

:func:`import_trax` drops exactly those lines and passes every other line through to stderr,
sets TF_CPP_MIN_LOG_LEVEL=1 (TensorFlow's later INFO lines; its warnings stay) and absl's
Python logging to WARNING before TensorFlow loads. Python warnings are untouched.
"""
from __future__ import annotations

import contextlib
import importlib
import os
import re
import sys
import tempfile
import time

NOISE = (
    re.compile(r"All log messages before absl::InitializeLog\(\) is called are written to STDERR"),
    re.compile(r"oneDNN custom operations are on\."),
    re.compile(r"Could not find cuda drivers on your machine, GPU will not be used\."),
    re.compile(r"This TensorFlow binary is optimized to use available CPU instructions"),
    re.compile(r"^To enable the following instructions: .* in other operations, rebuild TensorFlow"),
    re.compile(r"Unable to register cu(DNN|FFT|BLAS) factory"),
    re.compile(r"computation placer already registered"),
)


def _noise(line: str) -> bool:
    return any(pattern.search(line) for pattern in NOISE)


@contextlib.contextmanager
def _filtered_stderr():
    """Send file descriptor 2 to a temporary file meanwhile; then replay all but the noise."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        capture = tempfile.TemporaryFile(mode="w+b")
    except OSError:  # no descriptor to spare, no writable temporary folder: stay as we are
        yield
        return
    try:
        os.dup2(capture.fileno(), 2)
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        capture.seek(0)
        kept = [line for line in capture.read().decode(errors="replace").splitlines() if not _noise(line)]
        capture.close()
        if kept:
            print("\n".join(kept), file=sys.stderr)


def _drop_gym_notice() -> None:
    """Gym prints a notice for its version from the gym_notices package on import: remove it."""
    try:
        from importlib import metadata

        import gym_notices.notices as notices

        notices.notices.pop(metadata.version("gym"), None)
    except Exception:  # no Gym or no notices: nothing to drop
        pass


def import_trax():
    """``import trax`` quietly; returns ``(trax, seconds it took)``."""
    started = time.perf_counter()
    if "trax" in sys.modules:  # already imported (a grader's warm worker): nothing to quiet
        return sys.modules["trax"], time.perf_counter() - started
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
    _drop_gym_notice()
    with _filtered_stderr():
        with contextlib.suppress(ImportError):
            import absl.logging

            absl.logging.set_verbosity(absl.logging.WARNING)
        trax = importlib.import_module("trax")
        importlib.import_module("trax.layers")
        importlib.import_module("trax.supervised.training")
    return trax, time.perf_counter() - started
