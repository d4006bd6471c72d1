"""The warm worker: imports JAX (and Trax) once, then forks one fresh child per submission.

Protocol, one JSON object per line. In on stdin: {"op": "run", "job": ID, "cells": [...],
"workdir": DIR, "env": {...}, "limits": {...}} and {"op": "exit"}. Out on stdout: each event
the child reports, tagged with its job, then {"job": ID, "event": "exit", "code": N,
"signal": S, "killed": WHY}. The worker never runs learner code itself and never touches a JAX
backend, so forking stays safe; a hard deadline per job and per cell SIGKILLs the child's
whole process group.

Run as ``python -m np2jax.grade.worker [--preload jax,trax]``.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import select
import signal
import sys
import time

_GRACE = 5.0
_CHILD_EVENTS = {"start", "cell", "finished", "warning", "crash"}  # seconds past a soft limit before the hard kill


class _Job:
    def __init__(self, request: dict, pid: int, fd: int):
        self.id, self.pid, self.fd = request["job"], pid, fd
        limits = request["limits"]
        self.cell_seconds = float(limits["cell_seconds"])
        self.deadline = time.monotonic() + float(limits["submission_seconds"])
        self.cell_started = time.monotonic()
        self.buffer, self.status, self.killed = b"", None, None
        self.max_line = 64 * 1024 * 1024


_protocol = sys.stdout  # replaced in main() by a private copy of the real stdout


def _send(event: dict) -> None:
    _protocol.write(json.dumps(event) + "\n")
    _protocol.flush()


def _start(request: dict, inherited: list[int]) -> _Job:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to this loop
        code = 70
        try:
            # Keep only its own result pipe: with the worker's protocol pipe or another job's
            # pipe, learner code could forge other students' results.
            for fd in [read_fd, _protocol.fileno(), *inherited]:
                os.close(fd)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            # C-level output (XLA logs, os.write(1, ...)) goes to a file, capped by RLIMIT_FSIZE.
            log = os.open(os.path.join(request["workdir"], ".native-output"), os.O_WRONLY | os.O_CREAT, 0o600)
            os.dup2(log, 1)
            os.dup2(log, 2)
            from np2jax.grade import child

            child.run(request, write_fd)
            code = 0
        except BaseException:  # noqa: BLE001 - report and leave
            import traceback

            os.write(write_fd, (json.dumps({"event": "crash", "message": traceback.format_exc()[-4000:]}) + "\n").encode())
        finally:
            os._exit(code)
    os.close(write_fd)
    return _Job(request, pid, read_fd)


def _read_child(job: _Job) -> bool:
    """Forward complete lines; False once the child closed its end."""
    try:
        data = os.read(job.fd, 1 << 16)
    except OSError:
        data = b""
    if not data:
        return False
    job.buffer += data
    *lines, job.buffer = job.buffer.split(b"\n")
    if len(job.buffer) > job.max_line:
        _kill(job, "it produced an oversized result")
    for line in lines:
        try:
            event = json.loads(line)
        except ValueError:
            continue  # not ours: junk written to the result pipe is ignored
        if not isinstance(event, dict) or event.get("event") not in _CHILD_EVENTS:
            continue  # 'exit' and 'forked' come from the worker alone
        if event.get("event") == "start":
            job.cell_started = time.monotonic()
        event["job"] = job.id
        _send(event)
    return True


def _kill(job: _Job, why: str) -> None:
    if job.killed is None:
        job.killed = why
    for target in (lambda: os.killpg(job.pid, signal.SIGKILL), lambda: os.kill(job.pid, signal.SIGKILL)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass


def serve(stdin=sys.stdin.buffer) -> None:
    jobs: dict[int, _Job] = {}   # by pipe fd
    exited: dict[int, int] = {}  # pid -> wait status, for children reaped before their pipe closed
    pending = b""
    in_fd = stdin.fileno()
    open_input = True
    while open_input or jobs:
        fds = ([in_fd] if open_input else []) + list(jobs)
        ready, _, _ = select.select(fds, [], [], 0.2)
        for fd in ready:
            if fd == in_fd:
                chunk = os.read(in_fd, 1 << 20)
                if not chunk:
                    open_input = False
                    continue
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    request = json.loads(line)
                    if request.get("op") == "exit":
                        open_input = False
                    elif request.get("op") == "run":
                        job = _start(request, list(jobs))
                        jobs[job.fd] = job
                        _send({"job": job.id, "event": "forked", "pid": job.pid})
            elif not _read_child(jobs[fd]):
                job = jobs.pop(fd)
                os.close(fd)
                _finish(job, exited)
        now = time.monotonic()
        for job in jobs.values():
            if now > job.deadline:
                _kill(job, "the notebook ran past its time limit")
            elif now > job.cell_started + job.cell_seconds + _GRACE:
                _kill(job, "a cell ran past its time limit and could not be interrupted")
        _reap(exited)


def _reap(exited: dict[int, int]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        exited[pid] = status


def _finish(job: _Job, exited: dict[int, int]) -> None:
    if job.pid not in exited:
        try:  # the pipe closed; wait briefly, then make sure nothing it started lives on
            deadline = time.monotonic() + 2.0
            while job.pid not in exited and time.monotonic() < deadline:
                _reap(exited)
                time.sleep(0.01)
        finally:
            if job.pid not in exited:
                _kill(job, job.killed)
                _, status = os.waitpid(job.pid, 0)
                exited[job.pid] = status
    status = exited.pop(job.pid)
    _send({
        "job": job.id, "event": "exit",
        "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "killed": job.killed,
    })


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preload", default="", help="comma-separated modules to import once")
    args = parser.parse_args(argv)
    global _protocol
    # Only protocol lines go to the real stdout; whatever imports print goes to stderr.
    _protocol = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    for name in filter(None, args.preload.split(",")):
        importlib.import_module(name)
    import IPython.core.interactiveshell  # noqa: F401 - every child needs it
    import np2jax.grade.child  # noqa: F401
    import np2jax.learner  # noqa: F401
    _send({"event": "ready", "pid": os.getpid()})
    serve()


if __name__ == "__main__":
    main()
