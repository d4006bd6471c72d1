"""Grade on a Dask cluster (``np2jax grade --scheduler ADDRESS``) when a class outgrows one machine.

The instructor's sources travel to the workers once (scattered with the tasks), so workers need
no shared filesystem. Each Dask worker keeps one warm Pool, sized to its threads, and grades each
submission exactly as on one machine: the same isolation, limits and grade. On a worker, the
course copy and the submissions live in one private folder that every submission's process has
hidden, and that folder is removed when the run ends.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from np2jax.course import Course
from np2jax.grade.records import Found, Grade

_LOCAL = threading.Lock()
_POOLS: dict[tuple[str, bool], object] = {}
_COURSES: dict[str, Course] = {}


def pack_course(course: Course) -> dict[str, bytes]:
    """The files a worker needs to grade: everything under solutions/, and the course config."""
    files = {str(p.relative_to(course.root)): p.read_bytes() for p in sorted(course.solutions.rglob("*")) if p.is_file()}
    files["nbgrader_config.py"] = (course.root / "nbgrader_config.py").read_bytes()
    return files


def _materialise(files: dict[str, bytes]) -> Course:
    digest = hashlib.sha256(b"".join(k.encode() + v for k, v in sorted(files.items()))).hexdigest()[:16]
    with _LOCAL:
        if digest not in _COURSES:
            root = Path(tempfile.mkdtemp(prefix=f"np2jax-course-{digest}-"))
            os.chmod(root, 0o711)
            for name, data in files.items():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
            (root / "submitted").mkdir(mode=0o711)
            _COURSES[digest] = Course(root)
        return _COURSES[digest]


def _pool(device: str, trusted: bool):
    from np2jax.grade.pool import Pool

    with _LOCAL:
        if (device, trusted) not in _POOLS:
            try:
                from distributed import get_worker

                parallel = get_worker().state.nthreads
            except (ImportError, ValueError, AttributeError):
                parallel = os.cpu_count() or 1
            _POOLS[device, trusted] = Pool(parallel, device=device, isolate=not trusted)
        return _POOLS[device, trusted]


def grade_remote(files: dict[str, bytes], student: str, name: str, data: bytes, original: str,
                 device: str, limits: dict, trusted: bool) -> Grade:
    """Runs on a Dask worker: one submission, given as bytes."""
    from np2jax.grade import _grade
    from np2jax.grade.limits import Limits

    course = _materialise(files)
    folder = Path(tempfile.mkdtemp(prefix="sub-", dir=course.root / "submitted"))
    os.chmod(folder, 0o711)
    path = folder / Path(name).name
    path.write_bytes(data)
    try:
        result = _grade(Found(student, path, folder), _pool(device, trusted), Limits(**limits), course)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result.path = original
    return result


def cleanup() -> int:
    """Runs on every worker after a run: close the pools, remove the course copies."""
    with _LOCAL:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()
        for course in _COURSES.values():
            shutil.rmtree(course.root, ignore_errors=True)
        removed = len(_COURSES)
        _COURSES.clear()
    return removed


def grade_on_cluster(address: str, found: list[Found], *, device: str, limits, course: Course,
                     on_result=None, trusted: bool = False) -> list[Grade]:
    from distributed import Client, as_completed

    with Client(address) as client:
        [files] = client.scatter([pack_course(course)], broadcast=True)
        futures = [
            client.submit(grade_remote, files, item.student, item.path.name, item.path.read_bytes(),
                          str(item.path), device, limits.to_dict(), trusted, pure=False)
            for item in found
        ]
        order = {future.key: index for index, future in enumerate(futures)}
        results: list[Grade | None] = [None] * len(futures)
        try:
            for future in as_completed(futures):
                result = future.result()
                results[order[future.key]] = result
                if on_result is not None:
                    on_result(result)
        finally:
            client.run(cleanup)
        return results
