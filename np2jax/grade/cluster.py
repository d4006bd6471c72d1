"""Grade on a Dask cluster (``np2jax grade --scheduler ADDRESS``) when a class outgrows one machine.

The instructor's sources travel to the workers once (scattered with the tasks), so workers need
no shared filesystem; each Dask worker process keeps one warm Pool, sized to its threads, and
grades each submission exactly as ``grade_notebook`` does on one machine: the same isolation,
the same limits, the same report entry.
"""
from __future__ import annotations

import atexit
import hashlib
import os
import tempfile
import threading
from pathlib import Path

from np2jax import course

_LOCAL = threading.Lock()
_POOLS: dict[str, object] = {}
_COURSES: dict[str, Path] = {}


def pack_course(root: Path) -> dict[str, bytes]:
    """The files a worker needs to grade: everything under solutions/."""
    src = course.solutions_dir(root)
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(src.rglob("*")) if p.is_file()}


def _materialise(files: dict[str, bytes]) -> Path:
    digest = hashlib.sha256(b"".join(k.encode() + v for k, v in sorted(files.items()))).hexdigest()[:16]
    with _LOCAL:
        if digest not in _COURSES:
            root = Path(tempfile.mkdtemp(prefix=f"np2jax-course-{digest}-"))
            for name, data in files.items():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
            _COURSES[digest] = root
        return _COURSES[digest]


def _pool(device: str):
    from np2jax.grade.pool import Pool

    with _LOCAL:
        if device not in _POOLS:
            try:
                from distributed import get_worker

                parallel = get_worker().state.nthreads
            except (ImportError, ValueError, AttributeError):
                parallel = os.cpu_count() or 1
            _POOLS[device] = Pool(parallel, device=device)
            atexit.register(_POOLS[device].close)
        return _POOLS[device]


def grade_remote(files: dict[str, bytes], student: str, name: str, data: bytes, original: str,
                 device: str, limits: dict) -> dict:
    """Runs on a Dask worker: one submission, given as bytes."""
    from np2jax.grade import grade_notebook
    from np2jax.grade.limits import Limits

    root = _materialise(files)
    folder = Path(tempfile.mkdtemp(prefix="submission-"))
    path = folder / name
    path.write_bytes(data)
    try:
        result = grade_notebook(path, student, _pool(device), Limits(**limits), root)
    finally:
        path.unlink(missing_ok=True)
        folder.rmdir()
    result["path"] = original
    result["graded_on"] = os.uname().nodename
    return result


def grade_on_cluster(address: str, submissions, *, device: str, limits, root: Path, on_result=None) -> list[dict]:
    from distributed import Client, as_completed

    with Client(address) as client:
        [files] = client.scatter([pack_course(root)], broadcast=True)
        futures = [
            client.submit(grade_remote, files, sub.student, sub.path.name, sub.path.read_bytes(), str(sub.path),
                          device, limits.to_dict(), pure=False)
            for sub in submissions
        ]
        order = {future.key: index for index, future in enumerate(futures)}
        results: list[dict | None] = [None] * len(futures)
        for future in as_completed(futures):
            result = future.result()
            results[order[future.key]] = result
            if on_result is not None:
                on_result(result)
        return results
