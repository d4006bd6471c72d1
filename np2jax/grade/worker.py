"""A warm worker: imports JAX (and Trax) once, then forks one fresh process per submission.

There are two roles, never mixed in one worker. A *learner* worker forks the submissions'
processes, each isolated before any learner code runs. A *judge* worker forks each submission's
judge, which holds its tests. A worker never runs learner code and never sees what its processes
are told or answer: the grader hands it, with each job, the two pipe ends the new process talks
through (SCM_RIGHTS over a private socket), so no other student's answers, tests or results ever
pass through a worker's memory, which every process it forks inherits.

Socket protocol, one JSON object per message. In: {"op": "start", "job": J, "spec": {...}} with
two file descriptors (the process's input and output), {"op": "exit"}. Out: {"event": "ready"},
{"event": "forked", "job": J, "pid": P}, {"event": "exit", "job": J, "code": C, "signal": S}.

Run as ``python -I -m np2jax.grade.worker --role learner|judge --socket FD [--preload jax,trax]``.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import select
import socket
import sys

MAX_MESSAGE = 1 << 20


def _close_all_but(keep: set[int]) -> None:
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _run(role: str, spec: dict, read_fd: int, write_fd: int) -> None:
    """In the forked process: become the submission (learner role) or its judge."""
    os.setsid()  # its own process group: one kill reaches everything it has
    _close_all_but({read_fd, write_fd})
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1) if os.environ.get("NP2JAX_DEBUG") else (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    if role == "learner":
        from np2jax.grade import child, isolate

        isolation = spec.get("isolation")
        if isolation:
            isolate.enter(workdir=spec["workdir"], scratch_root=isolation["scratch_root"],
                          hidden=isolation["hidden"], keep_fds=[read_fd, write_fd],
                          scratch_mb=isolation["scratch_mb"])
        else:
            os.makedirs(spec["workdir"], exist_ok=True)
        child.serve(spec, read_fd, write_fd)
    else:
        from np2jax.grade import judge

        judge.serve(spec, read_fd, write_fd)


class Worker:
    def __init__(self, role: str, sock: socket.socket):
        self.role, self.sock = role, sock
        self.pids: dict[int, str] = {}

    def emit(self, message: dict) -> None:
        self.sock.send(json.dumps(message).encode())

    def start(self, job: str, spec: dict, fds: list[int]) -> None:
        read_fd, write_fd = fds
        pid = os.fork()
        if pid == 0:
            code = 70
            try:
                self.sock.close()
                _run(self.role, spec, read_fd, write_fd)
                code = 0
            except BaseException:  # noqa: BLE001 - nothing may return into the worker's loop
                if os.environ.get("NP2JAX_DEBUG"):
                    import traceback

                    traceback.print_exc()
                code = 70
            finally:
                os._exit(code)
        os.close(read_fd)
        os.close(write_fd)
        self.pids[pid] = job
        self.emit({"event": "forked", "job": job, "pid": pid})

    def reap(self) -> None:
        while self.pids:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            job = self.pids.pop(pid, None)
            if job is not None:
                self.emit({"event": "exit", "job": job,
                           "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                           "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None})

    def serve(self) -> None:
        while True:
            ready, _, _ = select.select([self.sock], [], [], 0.05)
            if ready:
                data, fds, _, _ = socket.recv_fds(self.sock, MAX_MESSAGE, 2)
                if not data:
                    break
                message = json.loads(data)
                if message.get("op") == "exit":
                    break
                if message.get("op") == "start" and len(fds) == 2:
                    self.start(message["job"], message["spec"], fds)
                else:
                    for fd in fds:
                        os.close(fd)
            self.reap()
        for pid in list(self.pids):
            try:
                os.killpg(pid, 9)
            except (ProcessLookupError, PermissionError):
                pass


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--role", choices=["learner", "judge"], required=True)
    parser.add_argument("--socket", type=int, required=True, help="file descriptor of the grader's socket")
    parser.add_argument("--preload", default="", help="comma-separated modules to import once")
    args = parser.parse_args(argv)
    sys.dont_write_bytecode = True
    sock = socket.socket(fileno=args.socket)
    for name in filter(None, args.preload.split(",")):
        importlib.import_module(name)
    import IPython.core.interactiveshell  # noqa: F401 - every process needs it
    import np2jax.learner  # noqa: F401
    importlib.import_module("np2jax.grade.child" if args.role == "learner" else "np2jax.grade.judge")
    if args.role == "learner":
        importlib.import_module("np2jax.grade.isolate")
        importlib.import_module("np2jax.grade.seccomp")
    worker = Worker(args.role, sock)
    worker.emit({"event": "ready", "pid": os.getpid()})
    worker.serve()


if __name__ == "__main__":
    main()
