"""Grade one synthetic class three ways on the same machine, and compare (issue 3, section 3).

    .venv/bin/python benchmarks/grade_class.py                       # 30 students x every lesson
    .venv/bin/python benchmarks/grade_class.py --students 3 --lessons 00-numpy-api 04-jaxprs

What it does, in one run:
  1. copies the course (solutions/, notebooks/, nbgrader_config.py) of the chosen lessons into a
     temp folder, and (unless --no-precheck) grades each lesson's solution once with ours,
     dropping any lesson whose solution does not earn full marks (lessons may be mid-edit);
  2. builds submitted/<student>/<lesson>/<lesson>.ipynb for N students: a fixed mix of correct
     (the solution), wrong (the solution with one answer cell swapped for a wrong variant from
     tests/exercises/<lesson>/<exercise>/wrong_*.py), blank (the released notebook) and broken
     (truncated JSON; an answer cell that calls os._exit(1)) submissions, shuffled by --seed;
  3. times (a) ours: `np2jax grade submitted --out ...` (default workers = cores),
     (b) nbgrader: `generate_assignment` then `autograde --create` for each lesson,
     (c) bare nbclient: the notebook nbgrader executes (source + the student's answer cells), one
     fresh kernel per notebook, sequentially: the floor for any kernel-based grader;
     optionally (--serial) ours again with --workers 1, to compare like with like;
  4. prints submissions per minute, CPU seconds per submission, the load average during each
     phase, ours/nbgrader, ours/nbclient, and every score on which ours and nbgrader disagree
     (broken submissions excluded); --json writes all of it.

It takes long: on a 2-core machine nbgrader and nbclient need ~20 s per submission (5-50 s by
lesson), so the default 30 students x 10 lessons takes about 4 hours with --serial; see
docs/benchmarks.md for the figures and how they scale. Not part of the test suite; `make
benchmark` runs the default size. CPU seconds count every descendant: this process becomes a child
subreaper so that orphaned workers are reaped (and counted) here.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from np2jax import cells as C  # noqa: E402
from np2jax.release import student_version  # noqa: E402

BIN = Path(sys.executable).parent
EXERCISES = ROOT / "tests" / "exercises"
# Per 20 submissions: 9 correct, 7 wrong, 2 blank, 1 truncated JSON, 1 os._exit(1).
MIX = ["correct"] * 9 + ["wrong"] * 7 + ["blank"] * 2 + ["broken-json", "broken-exit"]
BROKEN = ("broken-json", "broken-exit")


# --------------------------------------------------------------------------- measuring helpers

class LoadSampler:
    """The 1-minute load average, sampled every `every` seconds while a phase runs."""

    def __init__(self, every: float = 2.0):
        self.every, self.samples, self._stop = every, [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(self.every)

    def __enter__(self):
        self.start_avg = os.getloadavg()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.end_avg = os.getloadavg()

    def summary(self) -> dict:
        s = self.samples or [os.getloadavg()[0]]
        return {"start": [round(x, 2) for x in self.start_avg], "end": [round(x, 2) for x in self.end_avg],
                "mean_1min": round(statistics.mean(s), 2), "min_1min": round(min(s), 2),
                "max_1min": round(max(s), 2)}


def cpu_seconds() -> float:
    """CPU time of this process plus every child it has waited for (and theirs)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def become_subreaper() -> None:
    """Orphaned descendants are re-parented to this process, so their CPU time can be counted.

    Needed for ours: each isolated submission is pid 1 of its own namespace under an intermediate
    process that `np2jax grade` kills at the end, so without a subreaper those descendants are
    reaped by init and their CPU never reaches our RUSAGE_CHILDREN.
    """
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans(timeout: float = 15.0) -> int:
    """Wait for every remaining child (only orphans are left after subprocess.run); return how many."""
    reaped, deadline = 0, time.monotonic() + timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return reaped
        if pid:
            reaped += 1
        elif time.monotonic() > deadline:
            return reaped
        else:
            time.sleep(0.05)


class Phase:
    """Wall time, CPU time and load for one measured block."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.load = LoadSampler().__enter__()
        self.cpu0, self.t0 = cpu_seconds(), time.monotonic()
        return self

    def __exit__(self, *exc):
        self.wall = time.monotonic() - self.t0
        self.cpu = cpu_seconds() - self.cpu0
        self.load.__exit__(*exc)
        print(f"  [{self.name}] {self.wall:.1f} s wall, {self.cpu:.1f} s CPU, "
              f"load {self.load.summary()['mean_1min']}", flush=True)

    def record(self, count: int) -> dict:
        return {"submissions": count, "wall_s": round(self.wall, 2), "cpu_s": round(self.cpu, 2),
                "per_minute": round(60 * count / self.wall, 2) if self.wall else None,
                "wall_s_per_submission": round(self.wall / count, 2) if count else None,
                "cpu_s_per_submission": round(self.cpu / count, 2) if count else None,
                "load": self.load.summary()}


def env_with_venv(course_dir: Path) -> dict:
    # As from an activated environment: nbgrader runs `alembic`, kernels run `python`, from PATH.
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    env["NP2JAX_COURSE"] = str(course_dir)
    return env


# --------------------------------------------------------------------------- building the class

def lesson_list(names: list[str] | None) -> list[str]:
    found = sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file())
    if not names:
        return found
    chosen = []
    for name in names:  # accept '00' or '00-numpy-api'
        match = [f for f in found if f == name or f.split("-")[0] == name]
        if not match:
            raise SystemExit(f"no lesson {name!r} in solutions/ (have: {', '.join(found)})")
        chosen += match
    return chosen


def copy_course(lessons: list[str], course_dir: Path) -> list[str]:
    """solutions/, notebooks/ (regenerated where stale) and nbgrader_config.py; notes returned."""
    notes = []
    shutil.copy(ROOT / "nbgrader_config.py", course_dir)
    for lesson in lessons:
        shutil.copytree(ROOT / "solutions" / lesson, course_dir / "solutions" / lesson)
        source = nbformat.read(course_dir / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
        released = ROOT / "notebooks" / lesson / f"{lesson}.ipynb"
        fresh = student_version(source)
        target = course_dir / "notebooks" / lesson / f"{lesson}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        if released.is_file():
            old = nbformat.read(released, as_version=4)
            if [c.source for c in old.cells] == [c.source for c in fresh.cells]:
                shutil.copy(released, target)
                continue
            notes.append(f"{lesson}: notebooks/ was stale (mid-edit); blank submissions use a fresh release")
        nbformat.write(fresh, target)
    return notes


def wrong_variants(lesson: str, source) -> list[tuple[str, Path]]:
    answers = {C.grade_id(c) for c in source.cells if C.is_answer(c) and c.cell_type == "code"}
    return [(p.parent.name, p) for p in sorted((EXERCISES / lesson).glob("*/wrong_*.py")) if p.parent.name in answers]


def make_submission(kind: str, lesson: str, course_dir: Path, rng: random.Random, target: Path) -> str:
    """Write one submission; return a description of what it is."""
    source = nbformat.read(course_dir / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
    target.parent.mkdir(parents=True, exist_ok=True)
    detail = kind
    if kind == "blank":
        shutil.copy(course_dir / "notebooks" / lesson / f"{lesson}.ipynb", target)
        return detail
    nb = copy.deepcopy(source)
    answers = [c for c in nb.cells if C.is_answer(c) and c.cell_type == "code"]
    if kind == "wrong":
        variants = wrong_variants(lesson, source)
        if variants:
            exercise, path = rng.choice(variants)
            cell = next(c for c in answers if C.grade_id(c) == exercise)
            cell.source = path.read_text(encoding="utf-8")
            detail = f"wrong:{exercise}/{path.stem}"
        else:  # a lesson without answer variants: one exercise left as released (unanswered)
            stubs = {C.grade_id(c): c for c in student_version(source).cells if C.is_answer(c)}
            cell = rng.choice(answers)
            cell.source = stubs[C.grade_id(cell)].source
            detail = f"wrong:{C.grade_id(cell)}/left-blank"
    elif kind == "broken-exit":
        answers[0].source = "import os\nos._exit(1)\n"
        detail = f"broken-exit:{C.grade_id(answers[0])}"
    text = nbformat.writes(nb)
    if kind == "broken-json":
        text = text[: len(text) // 2]
    target.write_text(text, encoding="utf-8")
    return detail


def build_class(lessons: list[str], students: int, seed: int, course_dir: Path) -> list[dict]:
    pairs = [(f"s{i + 1:02d}", lesson) for i in range(students) for lesson in lessons]
    shuffler, kinds = random.Random(seed), []
    while len(kinds) < len(pairs):  # whole blocks of MIX, each shuffled: the mix holds at any size
        block = list(MIX)
        shuffler.shuffle(block)
        kinds += block
    rows = []
    for (student, lesson), kind in zip(pairs, kinds):
        rng = random.Random(f"{seed}/{student}/{lesson}")
        path = course_dir / "submitted" / student / lesson / f"{lesson}.ipynb"
        detail = make_submission(kind, lesson, course_dir, rng, path)
        rows.append({"student": student, "lesson": lesson, "kind": kind, "detail": detail, "path": str(path)})
    return rows


# --------------------------------------------------------------------------- the three graders

def run_ours(course_dir: Path, out: Path, workers: int | None, cell_timeout: float, label: str) -> tuple[dict, dict]:
    command = [str(BIN / "np2jax"), "grade", "submitted", "--out", str(out), "--cell-timeout", str(cell_timeout)]
    if workers:
        command += ["--workers", str(workers)]
    with Phase(label) as phase:
        done = subprocess.run(command, cwd=course_dir, env=env_with_venv(course_dir), capture_output=True, text=True)
        phase.orphans = reap_orphans()
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"`np2jax grade` exited with {done.returncode}")
    report = json.loads((out / "report.json").read_text())["submissions"]
    by_key = {}
    for entry in report:
        parts = Path(entry["path"]).parts
        by_key[(entry["student"], parts[-2])] = entry
    return phase, by_key


def run_nbgrader(course_dir: Path, lessons: list[str], count: int) -> tuple[dict, dict, dict]:
    env = env_with_venv(course_dir)
    nbgrader = [sys.executable, "-m", "nbgrader"]
    per_lesson = {}
    with Phase("nbgrader generate_assignment + autograde") as phase:
        for lesson in lessons:
            t0, c0 = time.monotonic(), cpu_seconds()
            gen = subprocess.run(nbgrader + ["generate_assignment", lesson, "--force"], cwd=course_dir, env=env,
                                 capture_output=True, text=True)
            reap_orphans(2)
            t1, c1 = time.monotonic(), cpu_seconds()
            auto = subprocess.run(nbgrader + ["autograde", lesson, "--create", "--force"], cwd=course_dir, env=env,
                                  capture_output=True, text=True)
            reap_orphans(2)
            t2, c2 = time.monotonic(), cpu_seconds()
            per_lesson[lesson] = {"generate_s": round(t1 - t0, 2), "autograde_s": round(t2 - t1, 2),
                                  "generate_cpu_s": round(c1 - c0, 2), "autograde_cpu_s": round(c2 - c1, 2),
                                  "generate_rc": gen.returncode, "autograde_rc": auto.returncode}
            if gen.returncode != 0:
                print(f"  nbgrader generate_assignment {lesson} failed:\n{gen.stderr[-2000:]}", file=sys.stderr)
            print(f"    {lesson}: generate {t1 - t0:.1f} s, autograde {t2 - t1:.1f} s (rc {auto.returncode})",
                  flush=True)
    return phase, per_lesson, nbgrader_scores(course_dir, lessons)


def nbgrader_scores(course_dir: Path, lessons: list[str]) -> dict:
    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        for student in gb.students:
            for lesson in lessons:
                autograded = course_dir / "autograded" / student.id / lesson / f"{lesson}.ipynb"
                try:
                    nb = gb.find_submission_notebook(lesson, lesson, student.id)
                except MissingEntry:
                    scores[(student.id, lesson)] = None
                    continue
                tests = {g.name: g.auto_score for g in nb.grades if g.cell_type == "code"}
                scores[(student.id, lesson)] = {"score": nb.score, "max_score": nb.max_score, "tests": tests,
                                                "autograded": autograded.is_file()}
    return scores


def assembled(source, submission):
    """What nbgrader executes: the source's cells, the student's answer cells in place of its own."""
    answers = {C.grade_id(c): c for c in submission.cells if C.is_answer(c) and C.grade_id(c)}
    nb = copy.deepcopy(source)
    for cell in nb.cells:
        if C.is_answer(cell) and C.grade_id(cell) in answers:
            cell.source = answers[C.grade_id(cell)].source
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def _stamp(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def run_nbclient(course_dir: Path, rows: list[dict], cell_timeout: float) -> tuple[Phase, dict]:
    from nbclient import NotebookClient

    env = env_with_venv(course_dir)
    old_path = os.environ["PATH"]
    os.environ["PATH"] = env["PATH"]  # the kernelspec runs `python`: the venv's
    results = {}
    todo = [r for r in rows if r["kind"] != "broken-json"]
    try:
        with Phase("bare nbclient, one kernel per notebook") as phase:
            for row in todo:
                lesson = row["lesson"]
                source = nbformat.read(course_dir / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
                nb = assembled(source, nbformat.read(row["path"], as_version=4))
                workdir = course_dir / "nbclient" / row["student"] / lesson
                workdir.mkdir(parents=True)
                for item in (course_dir / "solutions" / lesson).iterdir():
                    if item.suffix != ".ipynb" and item.is_file():
                        shutil.copy2(item, workdir)
                client = NotebookClient(nb, timeout=cell_timeout, kernel_name="python3", allow_errors=True,
                                        record_timing=True, resources={"metadata": {"path": str(workdir)}})
                t0, c0 = time.monotonic(), cpu_seconds()
                error = None
                try:
                    client.execute()
                except Exception as exc:  # noqa: BLE001 - a dead kernel (os._exit) ends the notebook
                    error = type(exc).__name__
                wall, cpu = time.monotonic() - t0, cpu_seconds() - c0
                cells, skipped, first = 0.0, 0.0, None
                for cell in nb.cells:
                    timing = cell.get("metadata", {}).get("execution", {})
                    if "iopub.status.busy" in timing and "shell.execute_reply" in timing:
                        seconds = _stamp(timing["shell.execute_reply"]) - _stamp(timing["iopub.status.busy"])
                        first = first if first is not None else _stamp(timing["iopub.status.busy"])
                        cells += seconds
                        if "grader-skip" in C.tags(cell):
                            skipped += seconds
                results[(row["student"], lesson)] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "cells_s": round(cells, 2),
                                                     "grader_skip_cells_s": round(skipped, 2), "error": error}
    finally:
        os.environ["PATH"] = old_path
    return phase, results


# --------------------------------------------------------------------------- checks and report

def precheck(lessons: list[str], course_dir: Path, cell_timeout: float) -> tuple[list[str], list[str]]:
    """Grade each solution once (untimed; also warms the disk cache); keep lessons at full marks."""
    folder = course_dir / "precheck" / "instructor"
    for lesson in lessons:
        target = folder / lesson / f"{lesson}.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copy(course_dir / "solutions" / lesson / f"{lesson}.ipynb", target)
    done = subprocess.run([str(BIN / "np2jax"), "grade", str(course_dir / "precheck"), "--out",
                           str(course_dir / "precheck-out"), "--cell-timeout", str(cell_timeout)],
                          cwd=course_dir, env=env_with_venv(course_dir), capture_output=True, text=True)
    report = json.loads((course_dir / "precheck-out" / "report.json").read_text())["submissions"] \
        if done.returncode == 0 else []
    good, notes = [], []
    for lesson in lessons:
        entry = next((e for e in report if e.get("notebook") == lesson), None)
        if entry and entry["status"] == "graded" and entry["score"] == entry["max_score"] and entry["max_score"] > 0:
            good.append(lesson)
        else:
            why = entry["reason"] if entry else "not graded"
            score = f"{entry['score']}/{entry['max_score']}" if entry else "-"
            notes.append(f"{lesson}: excluded, its solution scored {score} ({why})")
    return good, notes


def compare(rows, ours, theirs) -> tuple[int, list[str]]:
    compared, disagreements = 0, []
    for row in rows:
        if row["kind"] in BROKEN:
            continue
        key = (row["student"], row["lesson"])
        mine, other = ours.get(key), theirs.get(key)
        if mine is None or other is None:
            disagreements.append(f"{key[0]}/{key[1]} ({row['detail']}): ours {mine and mine['score']}, "
                                 f"nbgrader {'no result' if other is None else other['score']}")
            continue
        compared += 1
        if abs(mine["score"] - other["score"]) > 1e-9 or abs(mine["max_score"] - other["max_score"]) > 1e-9:
            tests = sorted(set(mine["tests"]) | set(other["tests"]))
            diff = [f"{t}: ours {mine['tests'].get(t, {}).get('score')} nbgrader {other['tests'].get(t)}"
                    for t in tests if mine["tests"].get(t, {}).get("score") != other["tests"].get(t)]
            disagreements.append(f"{key[0]}/{key[1]} ({row['detail']}): ours {mine['score']}/{mine['max_score']}, "
                                 f"nbgrader {other['score']}/{other['max_score']}; " + "; ".join(diff))
    return compared, disagreements


def versions() -> dict:
    import importlib.metadata as md

    found = {"python": platform.python_version()}
    for name in ("jax", "jaxlib", "nbgrader", "nbclient", "jupyter_client", "ipykernel", "trax"):
        try:
            found[name] = md.version(name)
        except md.PackageNotFoundError:
            pass
    return found


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), None)
    return {"cpu": model, "cores": os.cpu_count(), "memory_gb": mem, "kernel": platform.release(),
            "sandbox": "namespaces"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--lessons", nargs="*", help="lesson names or numbers (default: every lesson in solutions/)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None, help="ours: --workers (default: cores)")
    parser.add_argument("--serial", action="store_true", help="also time ours with --workers 1")
    parser.add_argument("--cell-timeout", type=float, default=300,
                        help="seconds per cell for ours and nbclient (nbgrader_config.py sets 300)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["ours", "nbgrader", "nbclient"])
    parser.add_argument("--no-precheck", action="store_true", help="do not grade the solutions first")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--keep", action="store_true", help="keep the temp course folder (its path is printed)")
    args = parser.parse_args(argv)

    lessons = lesson_list(args.lessons)
    become_subreaper()
    tmp = Path(tempfile.mkdtemp(prefix="grade-class-"))
    course_dir = tmp / "course"
    course_dir.mkdir()
    result = {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "machine": machine(), "versions": versions(),
              "argv": sys.argv[1:], "seed": args.seed, "students": args.students, "notes": [], "phases": {}}
    print(f"course copy in {course_dir}; load {os.getloadavg()}", flush=True)
    try:
        result["notes"] += copy_course(lessons, course_dir)
        if not args.no_precheck:
            print("precheck: grading each solution once (untimed)", flush=True)
            lessons, notes = precheck(lessons, course_dir, args.cell_timeout)
            result["notes"] += notes
            for lesson in {p.name for p in (course_dir / "solutions").iterdir()} - set(lessons):
                shutil.rmtree(course_dir / "solutions" / lesson)
                shutil.rmtree(course_dir / "notebooks" / lesson, ignore_errors=True)
        for note in result["notes"]:
            print("note:", note)
        if not lessons:
            raise SystemExit("no lesson left to grade")
        result["lessons"] = lessons
        rows = build_class(lessons, args.students, args.seed, course_dir)
        result["class"] = {k: sum(r["kind"] == k for r in rows) for k in dict.fromkeys(MIX)}
        count = len(rows)
        print(f"class: {args.students} students x {len(lessons)} lessons = {count} submissions {result['class']}",
              flush=True)

        ours = theirs = None
        if "ours" not in args.skip:
            phase, ours = run_ours(course_dir, tmp / "ours", args.workers, args.cell_timeout,
                                   f"ours, workers={args.workers or os.cpu_count()}")
            result["phases"]["ours"] = {**phase.record(count), "workers": args.workers or os.cpu_count(),
                                        "orphans_reaped": phase.orphans,
                                        "sum_submission_s": round(sum(e.get("seconds") or 0 for e in ours.values()), 2)}
            if args.serial:
                phase, serial = run_ours(course_dir, tmp / "ours-serial", 1, args.cell_timeout, "ours, workers=1")
                result["phases"]["ours_serial"] = {**phase.record(count), "workers": 1, "sum_submission_s": round(
                    sum(e.get("seconds") or 0 for e in serial.values()), 2)}
                result["serial_scores_equal"] = all(serial[k]["score"] == ours[k]["score"] for k in ours)
        if "nbgrader" not in args.skip:
            phase, per_lesson, theirs = run_nbgrader(course_dir, lessons, count)
            total = {k: round(sum(v[k] for v in per_lesson.values()), 2)
                     for k in ("generate_s", "autograde_s", "generate_cpu_s", "autograde_cpu_s")}
            result["phases"]["nbgrader"] = {**phase.record(count), **total, "per_lesson": per_lesson}
            result["phases"]["nbgrader_autograde_only"] = {
                "submissions": count, "wall_s": total["autograde_s"], "cpu_s": total["autograde_cpu_s"],
                "per_minute": round(60 * count / total["autograde_s"], 2),
                "wall_s_per_submission": round(total["autograde_s"] / count, 2),
                "cpu_s_per_submission": round(total["autograde_cpu_s"] / count, 2),
                "load": result["phases"]["nbgrader"]["load"]}
        if "nbclient" not in args.skip:
            phase, bare = run_nbclient(course_dir, rows, args.cell_timeout)
            executed = len(bare)
            skip_s = sum(b["grader_skip_cells_s"] for b in bare.values())
            result["phases"]["nbclient"] = {**phase.record(executed), "grader_skip_cells_s": round(skip_s, 2),
                                            "cells_s": round(sum(b["cells_s"] for b in bare.values()), 2),
                                            "kernel_errors": sorted({b["error"] for b in bare.values()} - {None})}
            result["nbclient_per_submission"] = {f"{k[0]}/{k[1]}": v for k, v in bare.items()}

        for row in rows:
            key = (row["student"], row["lesson"])
            if ours is not None and key in ours:
                row["ours"] = {k: ours[key].get(k) for k in ("score", "max_score", "status", "reason", "seconds")}
            if theirs is not None:
                t = theirs.get(key)
                row["nbgrader"] = t and {k: t[k] for k in ("score", "max_score", "autograded")}
        result["submissions"] = rows
        if ours is not None and theirs is not None:
            compared, disagreements = compare(rows, ours, theirs)
            result["agreement"] = {"compared": compared, "disagreements": disagreements}
        report(result)
    finally:
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(result, indent=1, default=str) + "\n")
            print(f"wrote {args.json}")
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(result: dict) -> None:
    phases = result["phases"]
    print()
    print(f"{'grader':42} {'subs':>5} {'wall s':>8} {'subs/min':>9} {'s/sub':>7} {'CPU s/sub':>10} {'load':>6}")
    names = {"ours": "ours (np2jax grade)", "ours_serial": "ours, --workers 1",
             "nbgrader": "nbgrader generate_assignment + autograde", "nbgrader_autograde_only": "  of which autograde",
             "nbclient": "bare nbclient (kernel/notebook)"}
    for key, phase in phases.items():
        print(f"{names[key]:42} {phase['submissions']:>5} {phase['wall_s']:>8.1f} {phase['per_minute']:>9.2f} "
              f"{phase['wall_s_per_submission']:>7.2f} {phase['cpu_s_per_submission']:>10.2f} "
              f"{phase['load']['mean_1min']:>6.1f}")
    ratios = {}
    if "ours" in phases and "nbgrader" in phases:
        ratios["ours/nbgrader (subs per min)"] = phases["ours"]["per_minute"] / phases["nbgrader"]["per_minute"]
        ratios["ours/nbgrader autograde only (subs per min)"] = (
            phases["ours"]["per_minute"] / phases["nbgrader_autograde_only"]["per_minute"])
        ratios["nbgrader/ours (CPU s per sub)"] = (phases["nbgrader"]["cpu_s_per_submission"]
                                                  / phases["ours"]["cpu_s_per_submission"])
    if "nbclient" in phases:
        if "nbgrader" in phases:
            ratios["nbgrader autograde wall per sub / nbclient"] = (
                phases["nbgrader_autograde_only"]["wall_s_per_submission"] / phases["nbclient"]["wall_s_per_submission"])
            ratios["nbgrader autograde CPU per sub / nbclient"] = (
                phases["nbgrader_autograde_only"]["cpu_s_per_submission"] / phases["nbclient"]["cpu_s_per_submission"])
        for key in ("ours", "ours_serial"):
            if key in phases:
                ratios[f"{key} wall per sub / nbclient"] = (phases[key]["wall_s_per_submission"]
                                                           / phases["nbclient"]["wall_s_per_submission"])
                ratios[f"{key} CPU per sub / nbclient"] = (phases[key]["cpu_s_per_submission"]
                                                          / phases["nbclient"]["cpu_s_per_submission"])
    result["ratios"] = {k: round(v, 3) for k, v in ratios.items()}
    for name, value in result["ratios"].items():
        print(f"  {name}: {value:.2f}")
    if "agreement" in result:
        agreement = result["agreement"]
        print(f"scores compared on {agreement['compared']} non-broken submissions: "
              f"{len(agreement['disagreements'])} disagreement(s)")
        for line in agreement["disagreements"]:
            print("  DISAGREE", line)


if __name__ == "__main__":
    sys.exit(main())
