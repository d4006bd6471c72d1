"""``np2jax grade``: grade notebooks against their sources in solutions/, in parallel.

A submission goes through these steps, one module each, as typed records (records.py):

    discover.find        Found       the files under the paths given, and whose they are
    assemble.read_submission, assemble.plan
                         Plan        the source with the learner's answer cells put in
    pool.Pool.run        RunResult   its cells in an isolated process, its tests in a judge
    score.tests          Grade       points, messages, and a reason for anything that failed

    gradebook.Gradebook  (SQLite)    ``np2jax grade`` commits each grade the moment it is made;
                                     a rerun grades only what is new or changed

Python API: :func:`grade` returns one :class:`Grade` per submission; :func:`grade_notebook`
grades a single file. Every grade ends ``graded`` or ``failed`` with a reason, whatever the file.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from np2jax import cells as C
from np2jax.course import Course
from np2jax.grade import assemble, discover, gradebook, sandbox, score
from np2jax.grade.limits import Limits
from np2jax.grade.pool import Pool, WorkerDied
from np2jax.grade.records import Found, Grade, Plan, RunResult


def _identify(found: Found, submission, course: Course) -> str | None:
    """Which lesson a file really is: by name, else by the grade_ids inside it."""
    lesson = course.lesson_of(found.path)
    if lesson is not None:
        return lesson
    return _holding(submission, course)


def _holding(submission, course: Course, besides: str | None = None) -> str | None:
    """The lesson whose answer cells the submission holds."""
    ids = {C.grade_id(c) for c in submission.cells} - {None}
    for name in course.lessons():
        if name == besides:
            continue
        source = nbformat.read(course.source(name), as_version=4)
        if ids & {C.grade_id(c) for c in source.cells if C.is_answer(c)}:
            return name
    return None


def without_hidden_tests(source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The source as a learner's self-check sees it: hidden tests cut out by nbgrader."""
    import copy

    from nbgrader.preprocessors import ClearHiddenTests

    nb, _ = ClearHiddenTests().preprocess(copy.deepcopy(source), {})
    return nb


def _failure(plan: Plan, run: RunResult) -> str | None:
    """The reason a run did not finish, in words an instructor can act on."""
    if run.stopped is None:
        return None
    index, why = run.stopped
    return f"{why} while running cell {plan.cells[index].name}; the process was stopped"


def grade_notebook(path: Path, student: str, pool: Pool, limits: Limits, course: Course | None = None,
                   visible_only: bool = False, hide: tuple[Path, ...] = (), root: Path | None = None) -> Grade:
    """Grade one file for `student`. `root` is the folder the instructor named (default: the
    file's own folder); nothing outside it is read, and it is hidden from every submission."""
    course = course or Course.find()
    found = Found(student, Path(os.path.abspath(path)), Path(os.path.abspath(root or Path(path).parent)))
    return _grade(found, pool, limits, course, visible_only, hide)


def _grade(found: Found, pool: Pool, limits: Limits, course: Course, visible_only: bool = False,
           hide: tuple[Path, ...] = ()) -> Grade:
    started = time.monotonic()
    grade = Grade(found.student, str(found.path), notebook=course.lesson_of(found.path))
    try:
        if grade.notebook:  # by name, so even a broken file has a column
            grade.max_score = _max_score(nbformat.read(course.source(grade.notebook), as_version=4))
        submission = assemble.read_submission(found.path, found.root)
        lesson = _identify(found, submission, course)
        if lesson is None:
            raise assemble.NotGradable(f"'{found.path.name}' is not one of the course's lessons")
        grade.notebook = lesson
        source = nbformat.read(course.source(lesson), as_version=4)
        if visible_only:
            source = without_hidden_tests(source)
        try:
            plan = assemble.plan(lesson, source, submission)
        except assemble.NotGradable as exc:
            other = _holding(submission, course, besides=lesson)
            raise assemble.NotGradable(
                f"this file holds lesson {other}'s notebook, not {lesson}'s" if other else str(exc)) from None
        grade.max_score = plan.max_score
        hidden = [str(p) for p in (*course.private(), found.root, *hide, *sandbox.host_secrets())]
        run = pool.run(plan, limits, hidden)
        grade.tests = score.tests(plan, run)
        grade.answer_errors = score.answer_errors(plan, run)
        grade.score = sum(t.score for t in grade.tests.values())
        grade.tampered = sorted(run.tampered)
        reasons = [r for r in [_failure(plan, run)] if r]
        if plan.missing:
            reasons.append("answer cell(s) missing from the file, scored as unanswered: " + ", ".join(plan.missing))
        grade.status = "failed" if reasons else "graded"
        grade.reason = "; ".join(reasons) or None
    except (assemble.NotGradable, WorkerDied) as exc:
        grade.reason = str(exc)
    grade.seconds = round(time.monotonic() - started, 2)
    grade.graded_at = gradebook.now()
    return grade


def _max_score(source) -> float:
    return sum(C.points(c) for c in source.cells if C.is_test(c))


def grade(paths, *, workers: int | None = None, device: str = "cpu", limits: Limits | None = None,
          course: Course | None = None, on_result=None, scheduler: str | None = None,
          trusted: bool = False, hide: tuple[Path, ...] = ()) -> list[Grade]:
    """Grade every submission found under `paths`; results come back in discovery order.

    With `scheduler` (a Dask scheduler address) the submissions are graded on that cluster.
    `trusted` runs submissions without isolation (only for notebooks you trust). `on_result` is
    called with each grade as soon as it is made, from the thread that made it.
    """
    return grade_found(discover.find(paths), workers=workers, device=device, limits=limits, course=course,
                       on_result=on_result, scheduler=scheduler, trusted=trusted, hide=hide)


def grade_found(found: list[Found], *, workers: int | None = None, device: str = "cpu",
                limits: Limits | None = None, course: Course | None = None, on_result=None,
                scheduler: str | None = None, trusted: bool = False, hide: tuple[Path, ...] = ()) -> list[Grade]:
    """:func:`grade` for submissions already found (discover.find): the ones a run did not keep."""
    if not found:
        return []
    course = course or Course.find()
    limits = limits or Limits()
    if scheduler:
        from np2jax.grade.cluster import grade_on_cluster

        return grade_on_cluster(scheduler, found, device=_resolve_device(device), limits=limits,
                                course=course, on_result=on_result, trusted=trusted)
    workers = workers or os.cpu_count() or 1
    with Pool(workers, device=_resolve_device(device), isolate=not trusted) as pool:
        def one(item: Found) -> Grade:
            result = _grade(item, pool, limits, course, hide=hide)
            if on_result is not None:
                on_result(result)
            return result

        with ThreadPoolExecutor(max_workers=workers) as executor:
            return list(executor.map(one, found))


def _resolve_device(device: str) -> str:
    if device != "auto":
        return device
    return "gpu" if shutil.which("nvidia-smi") and os.path.exists("/dev/nvidia0") else "cpu"


REFRESH_SECONDS = 60  # during a run, the reports are rebuilt from the gradebook at most this often


def main(args) -> int:
    """``np2jax grade``: keep what the gradebook already holds, grade the rest (each result
    committed as it comes), and keep the reports in step with the gradebook throughout."""
    from np2jax.report import print_changes, rebuild
    from np2jax.report.progress import Progress

    limits = Limits(cell_seconds=args.cell_timeout, submission_seconds=args.timeout, memory_mb=args.memory_mb)
    device = _resolve_device(args.device)
    out = Path(args.out)
    found = discover.find(args.paths)
    with gradebook.Gradebook(out / gradebook.FILE) as book:
        run = book.start(found, Course.find(), {"limits": limits.to_dict(), "device": device}, regrade=args.regrade)
        rebuild(book, out, reveal_hidden=args.show_hidden)  # an older run's reports never stay up as current
        refreshing, last = threading.Lock(), [time.monotonic()]
        with Progress(len(run.todo), kept=run.kept) as progress:
            def on_result(result: Grade) -> None:
                book.record(run, result)
                progress.update(result)
                if time.monotonic() - last[0] > REFRESH_SECONDS and refreshing.acquire(blocking=False):
                    try:
                        rebuild(book, out, reveal_hidden=args.show_hidden)
                        last[0] = time.monotonic()
                    finally:
                        refreshing.release()

            grade_found(run.todo, workers=args.workers, device=device, limits=limits, on_result=on_result,
                        scheduler=args.scheduler, trusted=args.trusted, hide=(out.resolve(),))
        book.finish(run)
        with refreshing:
            written = rebuild(book, out, reveal_hidden=args.show_hidden)
        snapshot, changes = book.current(), book.changes(run.id)
    for path in written:
        print(f"wrote {path}")
    for result in snapshot.grades:
        if result.status == "failed":
            print(f"failed: {result.student}/{Path(result.path).name}: {result.reason}")
    if changes:
        print_changes(changes)
    return 0


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", help="notebooks, a folder of them, or a class folder (submitted/)")
    parser.add_argument("--out", default="graded",
                        help="folder for gradebook.sqlite, report.json, grades.csv, feedback/, summary")
    parser.add_argument("--regrade", action="store_true",
                        help="grade every submission again, even those the gradebook holds unchanged "
                             "(the old results stay in its history)")
    parser.add_argument("--workers", type=int, default=None, help="submissions graded at once (default: cores)")
    parser.add_argument("--device", choices=["cpu", "gpu", "auto"], default="cpu")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per submission (hard limit)")
    parser.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell")
    parser.add_argument("--memory-mb", type=int, default=6144, help="address-space limit per submission")
    parser.add_argument("--show-hidden", action="store_true", help="feedback shows hidden-test details (instructors)")
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address: grade on a cluster")
    parser.add_argument("--trusted", action="store_true",
                        help="run submissions without isolation: only for notebooks you trust, on hosts "
                             "that cannot isolate (no user namespaces)")
