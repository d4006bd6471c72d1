"""Inside one submission's process: run its cells in order and report each result.

Runs in a child forked from the warm worker, so JAX (and Trax) are imported but no backend is
initialised yet: the notebook may still choose its devices. Every test cell is compiled before
any learner code runs, and the integrity guard restores the checking helpers before each test
cell, so learner code can neither rewrite the tests nor the functions they call.
"""
from __future__ import annotations

import ast
import io
import json
import os
import signal
import sys
import traceback

from np2jax.grade import integrity, limits as limits_mod

_write, _dumps = os.write, json.dumps


class CellTimeout(Exception):
    """The cell ran past its time limit."""


class _CappedText(io.TextIOBase):
    """A stdout/stderr stand-in that keeps at most `cap` characters."""

    def __init__(self, cap: int):
        self.cap, self.parts, self.size, self.dropped = cap, [], 0, 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        room = self.cap - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def getvalue(self) -> str:
        tail = f"\n[... {self.dropped} more characters of output dropped]" if self.dropped else ""
        return "".join(self.parts) + tail


def _emit(fd: int, event: dict) -> None:
    data = (_dumps(event, default=repr) + "\n").encode()
    while data:
        data = data[_write(fd, data):]


def _compile_cell(shell, source: str, name: str):
    """Python code objects for a cell: (body, last expression or None)."""
    code = shell.transform_cell(source)
    tree = ast.parse(code, filename=name)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    body = compile(tree, name, "exec")
    return body, (compile(last, name, "eval") if last is not None else None)


def _on_alarm(signum, frame):
    raise CellTimeout("the cell ran longer than its time limit")


def _describe_error(exc: BaseException, name: str) -> dict:
    from np2jax.learner import ExerciseFailure, explain

    info = {"ename": type(exc).__name__, "evalue": str(exc)[:2000]}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == name]
    if frames:  # the line of the cell that failed: tells hidden tests from visible ones
        info["line"] = frames[-1].lineno
    if isinstance(exc, ExerciseFailure):
        info.update(why=exc.why, hint=exc.hint, detail=exc.detail)
    else:
        explanation = explain(exc)
        if explanation is not None:
            info["explanation"] = explanation.render()
    return info


def run(job: dict, fd: int) -> None:
    """Execute the job's cells, writing one JSON event per line to `fd`. Never returns."""
    limits = limits_mod.Limits(**job["limits"])
    os.setsid()  # its own process group, so a timeout kills everything it started
    os.chdir(job["workdir"])
    os.environ.clear()
    os.environ.update(job["env"])
    try:
        limits_mod.apply(limits)
    except OSError as exc:
        _emit(fd, {"event": "warning", "message": f"could not apply all limits: {exc}"})

    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    ns = shell.user_ns
    ns["__name__"] = "__main__"
    cells = job["cells"]
    compiled = {}
    for i, cell in enumerate(cells):  # tests first, before any learner code exists
        if cell["kind"] == "test":
            compiled[i] = _compile_cell(shell, cell["source"], f"<cell {cell['name']}>")
    guard = None
    signal.signal(signal.SIGALRM, _on_alarm)
    real_out, real_err = sys.stdout, sys.stderr
    for i, cell in enumerate(cells):
        name = f"<cell {cell['name']}>"
        _emit(fd, {"event": "start", "index": i})
        out, err = _CappedText(limits.output_kb * 512), _CappedText(limits.output_kb * 512)
        result = {"event": "cell", "index": i, "status": "ok"}
        if cell["kind"] == "answer" and guard is None:
            guard = integrity.Guard.snapshot()  # as the instructor's cells left it: pristine
        elif cell["kind"] != "answer" and guard is not None:
            guard.extend()
        if cell["kind"] == "test" and guard is not None:
            tampered = guard.restore()
            if tampered:
                result["tampered"] = tampered
        try:
            sys.stdout, sys.stderr = out, err
            signal.setitimer(signal.ITIMER_REAL, limits.cell_seconds)
            body, last = compiled[i] if i in compiled else _compile_cell(shell, cell["source"], name)
            exec(body, ns)
            value = eval(last, ns) if last is not None else None
            signal.setitimer(signal.ITIMER_REAL, 0)
            if value is not None:
                result["value"] = _safe_repr(value)
                if cell["kind"] == "test":
                    result["partial"] = _as_float(value)
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
            signal.setitimer(signal.ITIMER_REAL, 0)
            result["status"] = "timeout" if isinstance(exc, CellTimeout) else "error"
            result.update(_describe_error(exc, name))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            sys.stdout, sys.stderr = real_out, real_err
        result["stdout"], result["stderr"] = out.getvalue(), err.getvalue()
        _emit(fd, result)
    _emit(fd, {"event": "finished"})


def _safe_repr(value) -> str:
    try:
        text = repr(value)
    except BaseException as exc:  # noqa: BLE001
        text = f"<unprintable {type(value).__name__}: {type(exc).__name__}>"
    return text[:2000]


def _as_float(value):
    """nbgrader's partial-credit rule: a test cell whose value is a plain number earns that many points."""
    return float(value) if type(value) in (int, float) else None
