"""Where grading time goes: the fixed costs of a kernel-based grader and of ours, and how much of
a submission is XLA compilation that a persistent compilation cache would save (issue 3, §3).

    .venv/bin/python benchmarks/costs.py                         # everything, 3 repeats
    .venv/bin/python benchmarks/costs.py --lessons 00 04 --repeats 5 --json costs.json
    .venv/bin/python benchmarks/costs.py --skip-process          # only the per-lesson part

Part 1, fixed costs (each repeated, median): Python start, `import jax`, the CPU backend's first
use, `import trax`; a Jupyter kernel's start, then `import jax` and the first op inside it; our
warm worker's start (JAX only, JAX + Trax), and a fork + run of a trivial job and of one jnp op.

Part 2, per lesson: the lesson's solution, one wrong variant and the blank release are graded
through our Pool exactly as `np2jax grade` does (same plan, limits and sandbox), with two
extra cells: a first one that records JAX's compile events (jax.monitoring: tracing, lowering to
MLIR, XLA backend compile, persistent-cache hits) against the cell that caused them, and a last
one that reports them with the child's CPU time. Three conditions:
    no cache    - as we grade today;
    cache cold  - jax_compilation_cache_dir set to an empty folder, min compile time 0: the
                  instructor's solution graded first, which fills the cache;
    cache warm  - every submission again with that pre-warmed cache.
Nothing in np2jax/ is changed: the cache is switched on by the benchmark's first cell
(jax.config.update before the child's backend exists), in a folder inside the pool's scratch
(the only place the sandbox lets a submission write).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from np2jax import cells as C, course  # noqa: E402
from np2jax.grade import BASE_PRELOAD, _preload, assemble, score  # noqa: E402
from np2jax.grade.limits import Limits  # noqa: E402
from np2jax.grade.pool import Pool  # noqa: E402
from np2jax.release import student_version  # noqa: E402

PY = sys.executable
BIN = Path(PY).parent
EXERCISES = ROOT / "tests" / "exercises"
LIMITS = Limits(cell_seconds=300, submission_seconds=900).to_dict()

# The benchmark's first cell: attribute every JAX compile event to the grading cell running it
# (found on the stack: np2jax.grade.child.run's local `cell`), optionally switch the cache on.
PREFIX = r'''
import sys as _bm_sys, time as _bm_time, resource as _bm_resource
import jax as _bm_jax
_BM_RECORDS = []
def _bm_cell():
    frame = _bm_sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "run" and frame.f_globals.get("__name__") == "np2jax.grade.child":
            cell = frame.f_locals.get("cell") or {}
            return cell.get("name")
        frame = frame.f_back
    return None
def _bm_duration(event, duration, **kw):
    _BM_RECORDS.append((event, float(duration), _bm_cell()))
def _bm_event(event, **kw):
    _BM_RECORDS.append((event, 0.0, _bm_cell()))
_bm_jax.monitoring.register_event_duration_secs_listener(_bm_duration)
_bm_jax.monitoring.register_event_listener(_bm_event)
CACHE_DIR = None
if CACHE_DIR:
    _bm_jax.config.update("jax_compilation_cache_dir", CACHE_DIR)
    _bm_jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
    _bm_jax.config.update("jax_persistent_cache_min_entry_size_bytes", -1)
'''
SUFFIX = r'''
import json as _bm_json
_bm_usage = _bm_resource.getrusage(_bm_resource.RUSAGE_SELF)
_bm_sums = {}
for _bm_e, _bm_d, _bm_c in _BM_RECORDS:  # summed per (event, cell): a long notebook compiles thousands of times
    _bm_slot = _bm_sums.setdefault(f"{_bm_e}|{_bm_c}", [_bm_e, _bm_c, 0, 0.0])
    _bm_slot[2] += 1
    _bm_slot[3] += _bm_d
print(_bm_json.dumps({"sums": list(_bm_sums.values()), "cpu_s": _bm_usage.ru_utime + _bm_usage.ru_stime,
                      "maxrss_mb": _bm_usage.ru_maxrss / 1024}))
'''
TRACE = "/jax/core/compile/jaxpr_trace_duration"
LOWER = "/jax/core/compile/jaxpr_to_mlir_module_duration"
BACKEND = "/jax/core/compile/backend_compile_duration"
HITS = "/jax/compilation_cache/cache_hits"
MISSES = "/jax/compilation_cache/cache_misses"
SAVED = "/jax/compilation_cache/compile_time_saved_sec"


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 3) if values else None


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def env() -> dict:
    return {**os.environ, "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")])}


# --------------------------------------------------------------------------- part 1: fixed costs

def timed_command(code: str, repeats: int, extra_env: dict | None = None) -> dict:
    walls, cpus = [], []
    for _ in range(repeats):
        c0, t0 = children_cpu(), time.monotonic()
        done = subprocess.run([PY, "-c", code], env={**env(), **(extra_env or {})}, capture_output=True, text=True)
        walls.append(time.monotonic() - t0)
        cpus.append(children_cpu() - c0)
        if done.returncode != 0:
            return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}
    return {"wall_s": median(walls), "cpu_s": median(cpus), "runs": [round(w, 2) for w in walls]}


def kernel_costs(repeats: int, trax: bool) -> dict:
    from jupyter_client.manager import KernelManager

    os.environ["PATH"] = env()["PATH"]  # the kernelspec runs `python`: the venv's
    def quiet(msg):
        pass

    steps = {"start_to_ready_s": [], "import_jax_s": [], "first_op_s": [], "shutdown_s": [], "total_cpu_s": []}
    if trax:
        steps["import_trax_s"] = []
    for _ in range(repeats):
        c0 = children_cpu()
        km = KernelManager(kernel_name="python3")
        t0 = time.monotonic()
        km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # TF/absl log noise
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=300)
        t1 = time.monotonic()
        kc.execute_interactive("import jax", timeout=300, output_hook=quiet)
        t2 = time.monotonic()
        kc.execute_interactive("import jax.numpy as jnp; jnp.zeros(1).block_until_ready()", timeout=300,
                              output_hook=quiet)
        t3 = time.monotonic()
        if trax:
            kc.execute_interactive("import trax", timeout=600, output_hook=quiet)
        t4 = time.monotonic()
        kc.stop_channels()
        km.shutdown_kernel()
        t5 = time.monotonic()
        steps["start_to_ready_s"].append(t1 - t0)
        steps["import_jax_s"].append(t2 - t1)
        steps["first_op_s"].append(t3 - t2)
        if trax:
            steps["import_trax_s"].append(t4 - t3)
        steps["shutdown_s"].append(t5 - t4)
        steps["total_cpu_s"].append(children_cpu() - c0)
    return {k: median(v) for k, v in steps.items()}


def cell(name: str, source: str, kind: str = "setup") -> dict:
    return {"name": name, "kind": kind, "source": source, "grade_id": None, "points": 0.0, "hidden_from": None}


def pool_costs(repeats: int, trax: bool) -> dict:
    found = {}
    with Pool(1) as pool:
        trivial = [cell("trivial", "pass")]
        one_op = [cell("op", "import jax.numpy as jnp\njnp.zeros(1).block_until_ready()")]

        def run(cells, preload):
            t0 = time.monotonic()
            events = pool.run(cells, pool.workdir(), LIMITS, preload)
            assert events[-1].get("code") == 0, events[-3:]
            return time.monotonic() - t0

        found["worker_start_plus_first_job_s"] = round(run(trivial, BASE_PRELOAD), 3)
        found["fork_run_trivial_s"] = median([run(trivial, BASE_PRELOAD) for _ in range(repeats)])
        found["fork_run_one_jnp_op_s"] = median([run(one_op, BASE_PRELOAD) for _ in range(repeats)])
        if trax:
            found["trax_worker_start_plus_first_job_s"] = round(run(trivial, BASE_PRELOAD + ("trax",)), 3)
            found["trax_fork_run_trivial_s"] = median([run(trivial, BASE_PRELOAD + ("trax",)) for _ in range(repeats)])
    return found


def part1(repeats: int, trax: bool) -> dict:
    preload = ", ".join(BASE_PRELOAD) + ", IPython.core.interactiveshell, np2jax.learner"
    commands = {
        "python_start": "pass",
        "import_jax": "import jax",
        "import_jax_first_op": "import jax, jax.numpy as jnp; jnp.zeros(1).block_until_ready()",
        "worker_preload_imports": f"import {preload}",
    }
    if trax:
        commands["import_trax"] = "import trax"
    result = {}
    for name, code in commands.items():
        result[name] = timed_command(code, repeats, {"JAX_PLATFORMS": "cpu"})
        print(f"  {name}: {result[name]}", flush=True)
    result["kernel"] = kernel_costs(repeats, trax)
    print(f"  kernel: {result['kernel']}", flush=True)
    result["ours"] = pool_costs(repeats, trax)
    print(f"  ours: {result['ours']}", flush=True)
    return result


# --------------------------------------------------------------------------- part 2: per lesson

def submissions(lesson: str) -> dict:
    source = nbformat.read(course.source_notebook(lesson), as_version=4)
    subs = {"solution": source, "blank": student_version(source)}
    answers = {C.grade_id(c) for c in source.cells if C.is_answer(c) and c.cell_type == "code"}
    wrong = [p for p in sorted((EXERCISES / lesson).glob("*/wrong_*.py")) if p.parent.name in answers]
    if wrong:
        nb = copy.deepcopy(source)
        target = next(c for c in nb.cells if C.grade_id(c) == wrong[0].parent.name and C.is_answer(c))
        target.source = wrong[0].read_text(encoding="utf-8")
        subs[f"wrong ({wrong[0].parent.name}/{wrong[0].stem})"] = nb
    return subs


def run_instrumented(pool: Pool, source, submission, cache_dir: str | None) -> dict:
    plan = assemble.plan(source, submission)
    prefix = PREFIX.replace("CACHE_DIR = None", f"CACHE_DIR = {cache_dir!r}")
    cells = [cell("bench-prefix", prefix)] + plan.cells + [cell("bench-suffix", SUFFIX, "instructor")]
    stamps: dict[int, list[float]] = {}

    def on_event(event):
        if event.get("event") in ("start", "cell"):
            stamps.setdefault(event["index"], []).append(time.monotonic())

    t0 = time.monotonic()
    events = pool.run(cells, pool.workdir(), LIMITS, _preload(source), on_event=on_event)
    wall = time.monotonic() - t0
    done = {e["index"]: e for e in events if e.get("event") == "cell"}
    last = done.get(len(cells) - 1)
    if last is None or last["status"] != "ok":
        raise RuntimeError(f"the benchmark's last cell did not run: {events[-3:]}")
    report = json.loads(last["stdout"].strip().splitlines()[-1])
    tests = score.tests(cells, events)
    kinds = {c["name"]: c["kind"] for c in cells}
    out = {"wall_s": wall, "child_cpu_s": report["cpu_s"], "maxrss_mb": report["maxrss_mb"],
           "score": sum(t["score"] for t in tests.values()), "max_score": sum(t["max_score"] for t in tests.values()),
           "cells_s": {}, "compiles": 0, "trace_s": 0.0, "lower_s": 0.0, "backend_s": 0.0, "hits": 0, "misses": 0,
           "saved_s": 0.0, "by_kind": {}}
    for i, c in enumerate(cells):
        if i in stamps and len(stamps[i]) == 2:
            out["cells_s"][c["kind"]] = out["cells_s"].get(c["kind"], 0.0) + stamps[i][1] - stamps[i][0]
    first_start = stamps.get(0, [t0])[0]
    out["before_first_cell_s"] = first_start - t0  # the fork, limits, IPython shell, compiling the tests
    for event, name, count, duration in report["sums"]:
        kind = kinds.get(name, "outside")
        slot = out["by_kind"].setdefault(kind, {"compiles": 0, "backend_s": 0.0, "trace_lower_s": 0.0})
        if event == BACKEND:
            out["compiles"] += count
            out["backend_s"] += duration
            slot["compiles"] += count
            slot["backend_s"] += duration
        elif event == TRACE:
            out["trace_s"] += duration
            slot["trace_lower_s"] += duration
        elif event == LOWER:
            out["lower_s"] += duration
            slot["trace_lower_s"] += duration
        elif event == HITS:
            out["hits"] += count
        elif event == MISSES:
            out["misses"] += count
        elif event == SAVED:
            out["saved_s"] += duration
    return out


def summarize(runs: list[dict]) -> dict:
    keys = ("wall_s", "child_cpu_s", "before_first_cell_s", "compiles", "trace_s", "lower_s", "backend_s", "hits",
            "misses", "saved_s", "maxrss_mb")
    result = {k: median([r[k] for r in runs]) for k in keys}
    kinds = sorted({k for r in runs for k in r["cells_s"]})
    result["cells_s"] = {k: median([r["cells_s"].get(k, 0.0) for r in runs]) for k in kinds}
    kinds = sorted({k for r in runs for k in r["by_kind"]})
    result["by_kind"] = {k: {f: median([r["by_kind"].get(k, {}).get(f, 0.0) for r in runs])
                             for f in ("compiles", "backend_s", "trace_lower_s")} for k in kinds}
    result["scores"] = sorted({f"{r['score']:g}/{r['max_score']:g}" for r in runs})
    result["runs"] = len(runs)
    return result


def part2(lessons: list[str], repeats: int, results: dict) -> dict:
    """Fills `results` lesson by lesson (so a crash keeps what was measured)."""
    with Pool(1) as pool:
        for lesson in lessons:
            try:
                measure_lesson(pool, lesson, repeats, results)
            except Exception as exc:  # noqa: BLE001 - a lesson mid-edit must not end the run
                results[lesson] = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
                print(f"\n{lesson}: not measured ({results[lesson]['error'][:300]})", flush=True)
    return results


def measure_lesson(pool: Pool, lesson: str, repeats: int, results: dict) -> None:
    source = nbformat.read(course.source_notebook(lesson), as_version=4)
    subs = submissions(lesson)
    cache = tempfile.mkdtemp(prefix="jax-cache-", dir=pool.scratch)
    lesson_result = {}
    # Warm the worker (and the page cache) so the first measured run is not the odd one out.
    run_instrumented(pool, source, subs["solution"], None)
    for name, nb in subs.items():
        lesson_result[name] = {"no cache": summarize([run_instrumented(pool, source, nb, None)
                                                      for _ in range(repeats)])}
    lesson_result["solution"]["cache cold"] = summarize([run_instrumented(pool, source, subs["solution"], cache)])
    for name, nb in subs.items():
        lesson_result[name]["cache warm"] = summarize([run_instrumented(pool, source, nb, cache)
                                                       for _ in range(repeats)])
    size = sum(p.stat().st_size for p in Path(cache).rglob("*") if p.is_file())
    files = sum(1 for p in Path(cache).rglob("*") if p.is_file())
    results[lesson] = {"submissions": lesson_result, "cache_mb": round(size / 2**20, 2), "cache_files": files}
    print_lesson(lesson, results[lesson], flush=True)


def print_lesson(lesson: str, result: dict, flush=False) -> None:
    print(f"\n{lesson}  (cache after warming: {result['cache_files']} files, {result['cache_mb']} MB)")
    print(f"  {'submission / condition':44} {'wall s':>7} {'CPU s':>6} {'pre s':>6} {'#comp':>6} {'trace+lower':>11} "
          f"{'XLA s':>6} {'hits':>5} {'score':>8}")
    for name, conditions in result["submissions"].items():
        for condition, r in conditions.items():
            print(f"  {name[:30] + ' / ' + condition:44} {r['wall_s']:>7.2f} {r['child_cpu_s']:>6.2f} "
                  f"{r['before_first_cell_s']:>6.2f} {r['compiles']:>6.0f} {r['trace_s'] + r['lower_s']:>11.2f} "
                  f"{r['backend_s']:>6.2f} {r['hits']:>5.0f} {','.join(r['scores']):>8}")
    if flush:
        sys.stdout.flush()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lessons", nargs="*", help="lesson names or numbers (default: every lesson in solutions/)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-process", action="store_true", help="skip part 1 (fixed costs)")
    parser.add_argument("--skip-lessons", action="store_true", help="skip part 2 (per lesson, compile cache)")
    parser.add_argument("--no-trax", action="store_true", help="do not time `import trax`")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    everything = course.lessons()
    lessons = everything if not args.lessons else [
        next(f for f in everything if f == n or f.split("-")[0] == n) for n in args.lessons]
    result = {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "cores": os.cpu_count(), "repeats": args.repeats,
              "load_start": os.getloadavg()}
    print(f"load {os.getloadavg()}", flush=True)
    try:
        if not args.skip_process:
            print("part 1: fixed costs", flush=True)
            result["fixed"] = part1(args.repeats, trax=not args.no_trax)
        if not args.skip_lessons:
            print("part 2: per lesson, no cache / cache cold / cache warm", flush=True)
            result["lessons"] = {}
            part2(lessons, args.repeats, result["lessons"])
    finally:
        result["load_end"] = os.getloadavg()
        print(f"load {os.getloadavg()}")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(result, indent=1, default=str) + "\n")
            print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
