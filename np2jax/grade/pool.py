"""Talk to warm workers: start them, hand them jobs, collect each job's events.

One worker process per preload set (plain JAX, or JAX + Trax); each forks a child per
submission, and at most `parallel` children run at once across the pool.
"""
from __future__ import annotations

import itertools
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading

from np2jax.grade import sandbox


class WorkerDied(RuntimeError):
    pass


class _Worker:
    def __init__(self, preload: tuple[str, ...], device: str, scratch: str):
        command = [sys.executable, "-m", "np2jax.grade.worker", "--preload", ",".join(preload)]
        self.process = subprocess.Popen(
            sandbox.wrap(command, scratch), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=sandbox.worker_env(device, scratch), cwd=scratch,
        )
        self.lock = threading.Lock()
        self.queues: dict[str, queue.Queue] = {}
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "ready":
                self.ready.set()
                continue
            with self.lock:
                target = self.queues.get(event.get("job"))
            if target is not None:
                target.put(event)
        self.ready.set()
        with self.lock:  # the worker itself is gone: every waiting job learns it
            for target in self.queues.values():
                target.put({"event": "worker-died"})

    def submit(self, job_id: str, request: dict) -> queue.Queue:
        events: queue.Queue = queue.Queue()
        with self.lock:
            self.queues[job_id] = events
        self.ready.wait()
        if self.process.poll() is not None:
            raise WorkerDied("the grading worker could not start (see `np2jax doctor`)")
        line = json.dumps({"op": "run", "job": job_id, **request}) + "\n"
        with self.lock:
            self.process.stdin.write(line.encode())
            self.process.stdin.flush()
        return events

    def done(self, job_id: str) -> None:
        with self.lock:
            self.queues.pop(job_id, None)

    def close(self) -> None:
        try:
            self.process.stdin.write(b'{"op": "exit"}\n')
            self.process.stdin.close()
            self.process.wait(timeout=30)
        except Exception:  # noqa: BLE001
            self.process.kill()


class Pool:
    """Warm workers plus the one scratch folder their submissions work in (removed on close)."""

    def __init__(self, parallel: int, device: str = "cpu"):
        self.device = device
        self.scratch = tempfile.mkdtemp(prefix="np2jax-")
        self.slots = threading.Semaphore(max(1, parallel))
        self.workers: dict[tuple[str, ...], _Worker] = {}
        self.lock = threading.Lock()
        self.ids = itertools.count()

    def _worker(self, preload: tuple[str, ...]) -> _Worker:
        with self.lock:
            if preload not in self.workers or self.workers[preload].process.poll() is not None:
                self.workers[preload] = _Worker(preload, self.device, self.scratch)
            return self.workers[preload]

    def workdir(self) -> str:
        """A fresh, empty folder for one submission."""
        return tempfile.mkdtemp(prefix="job-", dir=self.scratch)

    def run(self, cells: list[dict], workdir: str, limits: dict, preload: tuple[str, ...],
            env: dict | None = None, on_event=None) -> list[dict]:
        """Run one submission; return its events, ending with an 'exit' or 'worker-died' event."""
        with self.slots:
            worker = self._worker(preload)
            job_id = f"job{next(self.ids)}"
            request = {"cells": cells, "workdir": workdir, "limits": limits,
                       "env": env or sandbox.child_env(workdir, self.device)}
            events_queue = worker.submit(job_id, request)
            events = []
            try:
                while True:
                    event = events_queue.get()
                    events.append(event)
                    if on_event is not None:
                        on_event(event)
                    if event.get("event") in ("exit", "worker-died"):
                        return events
            finally:
                worker.done(job_id)

    def close(self) -> None:
        for worker in self.workers.values():
            worker.close()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
