"""``np2jax grade``: grade notebooks against their sources in solutions/, in parallel.

Python API: :func:`grade` returns one report entry (a dict) per submission; :func:`grade_notebook`
grades a single file. Every entry ends ``graded`` or ``failed`` with a reason, whatever the file.
"""
from __future__ import annotations

import os
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from np2jax import cells as C, course
from np2jax.grade import assemble, discover, score
from np2jax.grade.limits import Limits
from np2jax.grade.pool import Pool, WorkerDied

BASE_PRELOAD = ("numpy", "jax", "jax.numpy", "matplotlib", "matplotlib.pyplot")


def _preload(source: nbformat.NotebookNode) -> tuple[str, ...]:
    text = "\n".join(c.source for c in source.cells if c.cell_type == "code")
    return BASE_PRELOAD + (("trax",) if re.search(r"^\s*(import|from)\s+trax\b", text, re.M) else ())


def _max_score(source) -> float:
    return sum(C.points(c) for c in source.cells if C.is_test(c))


def _identify(path: Path, submission, root: Path) -> str | None:
    """Which lesson a file really is: by name, else by the grade_ids inside it."""
    lesson = course.lesson_of(path, root)
    if lesson is not None:
        return lesson
    ids = {C.grade_id(c) for c in getattr(submission, "cells", []) if isinstance(c, dict)}
    for name in course.lessons(root):
        source = nbformat.read(course.source_notebook(name, root), as_version=4)
        if ids & {C.grade_id(c) for c in source.cells if C.is_answer(c)}:
            return name
    return None


def _other_lesson(submission, lesson: str, root: Path) -> str | None:
    ids = {C.grade_id(c) for c in submission.cells if isinstance(c, dict)} - {None}
    for name in course.lessons(root):
        if name == lesson:
            continue
        source = nbformat.read(course.source_notebook(name, root), as_version=4)
        if ids & {C.grade_id(c) for c in source.cells if C.is_answer(c)}:
            return name
    return None


def _failure(entry: dict, events: list[dict], plan_cells: list[dict]) -> str | None:
    """The reason a run did not finish, in words an instructor can act on."""
    if any(e.get("event") == "finished" for e in events):
        return None
    started = [e["index"] for e in events if e.get("event") == "start"]
    done = {e["index"] for e in events if e.get("event") == "cell"}
    running = next((i for i in reversed(started) if i not in done), None)
    where = f" while running cell {plan_cells[running]['name']}" if running is not None else ""
    last = events[-1] if events else {}
    crash = next((e for e in events if e.get("event") == "crash"), None)
    if last.get("event") == "worker-died":
        return "the grading worker died; this submission was not graded (grade it again)"
    if last.get("killed"):
        return f"{last['killed']}{where}; the process was stopped"
    if crash is not None:
        return f"the grader failed inside the submission's process{where}: {crash['message'].strip().splitlines()[-1]}"
    if last.get("signal"):
        sig = last["signal"]
        hint = " (out of memory?)" if sig == 9 else ""
        return f"the notebook's process was killed by signal {sig}{hint}{where}"
    return f"the notebook's process exited with code {last.get('code')}{where} (os._exit or a crash)"


def without_hidden_tests(source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The source as a learner's self-check sees it: hidden tests cut out by nbgrader."""
    import copy

    from nbgrader.preprocessors import ClearHiddenTests

    nb, _ = ClearHiddenTests().preprocess(copy.deepcopy(source), {})
    return nb


def grade_notebook(path: Path, student: str, pool: Pool, limits: Limits, root: Path,
                   visible_only: bool = False) -> dict:
    started = time.monotonic()
    entry = {"student": student, "notebook": None, "path": str(path), "score": 0.0,
             "max_score": 0.0, "status": "failed", "reason": None, "tests": {}}
    try:
        entry["notebook"] = course.lesson_of(path, root)  # by name, so even a broken file has a column
        if entry["notebook"]:
            entry["max_score"] = _max_score(nbformat.read(course.source_notebook(entry["notebook"], root), as_version=4))
        if path.stat().st_size == 0:
            raise assemble.NotGradable("the file is empty")
        submission = assemble.read_submission(path)
        lesson = _identify(path, submission, root)
        if lesson is None:
            raise assemble.NotGradable(f"'{path.name}' is not one of the course's lessons")
        entry["notebook"] = lesson
        source = nbformat.read(course.source_notebook(lesson, root), as_version=4)
        if visible_only:
            source = without_hidden_tests(source)
        entry["max_score"] = _max_score(source)
        try:
            plan = assemble.plan(source, submission)
        except assemble.NotGradable as exc:
            other = _other_lesson(submission, lesson, root)
            raise assemble.NotGradable(
                f"this file holds lesson {other}'s notebook, not {lesson}'s" if other else str(exc))
        workdir = pool.workdir()
        events = pool.run(plan.cells, workdir, limits.to_dict(), _preload(source))
        entry["tests"] = score.tests(plan.cells, events)
        entry["answer_errors"] = score.answer_errors(plan.cells, events)
        entry["score"] = sum(t["score"] for t in entry["tests"].values())
        reasons = []
        failure = _failure(entry, events, plan.cells)
        if failure:
            reasons.append(failure)
        if plan.missing:
            reasons.append("answer cell(s) missing from the file, scored as unanswered: " + ", ".join(plan.missing))
        tampered = sorted({n for t in entry["tests"].values() for n in t.get("tampered", [])})
        if tampered:
            entry["tampered"] = tampered
        entry["status"] = "failed" if reasons else "graded"
        entry["reason"] = "; ".join(reasons) or None
        shutil.rmtree(workdir, ignore_errors=True)
    except assemble.NotGradable as exc:
        entry["reason"] = str(exc)
    except WorkerDied as exc:
        entry["reason"] = str(exc)
    entry["seconds"] = round(time.monotonic() - started, 2)
    return entry


def grade(paths, *, workers: int | None = None, device: str = "cpu", limits: Limits | None = None,
          root: Path | None = None, on_result=None, scheduler: str | None = None) -> list[dict]:
    """Grade every submission found under `paths`; results come back in discovery order.

    With `scheduler` (a Dask scheduler address) the submissions are graded on that cluster.
    """
    root = Path(root or course.course_root())
    limits = limits or Limits()
    submissions = discover.find(paths)
    if scheduler:
        from np2jax.grade.cluster import grade_on_cluster

        return grade_on_cluster(scheduler, submissions, device=_resolve_device(device), limits=limits,
                                root=root, on_result=on_result)
    workers = workers or os.cpu_count() or 1
    with Pool(workers, device=_resolve_device(device)) as pool:
        def one(sub):
            result = grade_notebook(sub.path, sub.student, pool, limits, root)
            if on_result is not None:
                on_result(result)
            return result

        with ThreadPoolExecutor(max_workers=workers) as executor:
            return list(executor.map(one, submissions))


def _resolve_device(device: str) -> str:
    if device != "auto":
        return device
    return "gpu" if shutil.which("nvidia-smi") and os.path.exists("/dev/nvidia0") else "cpu"


def main(args) -> int:
    from np2jax.grade.limits import Limits
    from np2jax.report import write_all
    from np2jax.report.progress import Progress

    limits = Limits(cell_seconds=args.cell_timeout, submission_seconds=args.timeout, memory_mb=args.memory_mb)
    submissions = discover.find(args.paths)
    with Progress(len(submissions)) as progress:
        results = grade(args.paths, workers=args.workers, device=args.device, limits=limits,
                        on_result=progress.update, scheduler=args.scheduler)
    written = write_all(results, Path(args.out), reveal_hidden=args.show_hidden)
    for path in written:
        print(f"wrote {path}")
    failed = [r for r in results if r["status"] == "failed"]
    for result in failed:
        print(f"failed: {result['student']}/{Path(result['path']).name}: {result['reason']}")
    return 0


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", help="notebooks, a folder of them, or a class folder (submitted/)")
    parser.add_argument("--out", default="graded", help="folder for report.json, grades.csv, feedback/, summary")
    parser.add_argument("--workers", type=int, default=None, help="submissions graded at once (default: cores)")
    parser.add_argument("--device", choices=["cpu", "gpu", "auto"], default="cpu")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per submission (hard limit)")
    parser.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell")
    parser.add_argument("--memory-mb", type=int, default=6144, help="address-space limit per submission")
    parser.add_argument("--show-hidden", action="store_true", help="feedback shows hidden-test details (instructors)")
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address: grade on a cluster")
