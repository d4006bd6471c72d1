"""Warm workers and the run of one submission: its process, its judge, and every line between them.

Per preload set (plain JAX, or JAX + Trax) there is one learner worker and one judge worker
(np2jax/grade/worker.py). For each submission this module makes two pipe pairs per process,
hands the process's ends to the worker that forks it, and from then on talks to both processes
directly: cell by cell to the submission's process, and at each test cell between the judge and
the submission's process, one validated line at a time. Timeouts and kills are decided here, from
this side's clock; nothing a submission sends can extend them.
"""
from __future__ import annotations

import itertools
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from np2jax.grade import sandbox
from np2jax.grade.records import CellRun, Plan, RunResult, Verdict

GRACE = 5.0                   # seconds past a soft limit before the hard kill
MAX_LINE = 64 * 1024 * 1024   # largest line a submission may send


class WorkerDied(RuntimeError):
    pass


class IsolationUnavailable(RuntimeError):
    """This host cannot isolate submissions; the message says why and what to do."""


class Gone(Exception):
    """The process is gone or was stopped; the message is the reason."""


class Process:
    """One forked process (a submission's or a judge), reached through its own two pipes."""

    def __init__(self, job: str, to_fd: int, from_fd: int, strict: bool):
        self.job, self.to_fd, self.from_fd = job, to_fd, from_fd
        self.strict = strict  # a submission's process: exactly one line per request
        os.set_blocking(to_fd, False)
        self.pid: int | None = None
        self.forked = threading.Event()
        self.exited = threading.Event()
        self.status: dict = {}
        self.chunks: list[bytes] = []
        self.killed: str | None = None

    def send(self, message: dict, deadline: float | None = None) -> None:
        """Write one line; a process that stops reading is killed at the deadline."""
        if self.strict and (self.chunks or select.select([self.from_fd], [], [], 0)[0]):
            if not self.chunks and not os.read(self.from_fd, 1 << 16):
                raise Gone(self.killed or "the process exited")
            self.kill("it sent a message nobody asked for")
            raise Gone(self.killed)
        view = memoryview((json.dumps(message) + "\n").encode())
        deadline = deadline or time.monotonic() + 60
        try:
            while view:
                left = deadline - time.monotonic()
                if left <= 0:
                    self.kill("it stopped reading what the grader sent")
                    raise Gone(self.killed)
                if select.select([], [self.to_fd], [], left)[1]:
                    try:
                        view = view[os.write(self.to_fd, view):]
                    except BlockingIOError:
                        pass
        except OSError:
            raise Gone(self.killed or "the process exited") from None

    def read(self, deadline: float) -> dict:
        """The next line as a JSON object; Gone on a timeout, a closed pipe or a malformed line."""
        size = sum(map(len, self.chunks))
        while not self.chunks or b"\n" not in self.chunks[-1]:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill("a cell ran past its time limit and could not be interrupted")
                raise Gone(self.killed)
            if not select.select([self.from_fd], [], [], left)[0]:
                continue
            data = os.read(self.from_fd, 1 << 20)
            if not data:
                raise Gone(self.killed or "the process exited")
            self.chunks.append(data)
            size += len(data)
            if size > MAX_LINE:
                self.kill("it sent an oversized message")
                raise Gone(self.killed)
        head, _, rest = self.chunks.pop().partition(b"\n")
        line = b"".join([*self.chunks, head])
        self.chunks = [rest] if rest else []
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):
            message = None
        if not isinstance(message, dict):
            self.kill("it sent a line that is not a message")
            raise Gone(self.killed)
        return message

    def request(self, message: dict, seconds: float) -> dict:
        deadline = time.monotonic() + seconds + GRACE
        self.send(message, deadline)
        return self.read(deadline)

    def kill(self, why: str) -> None:
        if self.killed is None:
            self.killed = why
        if self.pid is not None:
            for target in (lambda: os.killpg(self.pid, signal.SIGKILL), lambda: os.kill(self.pid, signal.SIGKILL)):
                try:
                    target()
                except (ProcessLookupError, PermissionError):
                    pass

    def close(self) -> None:
        """Close our ends; it exits on end of input, or is killed 2 s later."""
        for fd in (self.to_fd, self.from_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        if not self.exited.wait(2.0):
            self.kill(self.killed or "it did not exit at the end")
            self.exited.wait(5.0)
        if self.pid is not None:  # nothing it started lives on
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


class _Worker:
    def __init__(self, role: str, preload: tuple[str, ...], device: str, home: str):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        command = [sys.executable, "-I", "-m", "np2jax.grade.worker", "--role", role,
                   "--socket", str(theirs.fileno()), "--preload", ",".join(preload)]
        debug = bool(os.environ.get("NP2JAX_DEBUG"))  # workers' and processes' errors on our stderr
        self.process = subprocess.Popen(command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=None if debug else subprocess.DEVNULL,
                                        env={**sandbox.worker_env(device, home), **({"NP2JAX_DEBUG": "1"} if debug else {})},
                                        cwd="/")
        theirs.close()
        self.sock, self.role = ours, role
        self.lock = threading.Lock()
        self.jobs: dict[str, Process] = {}
        self.ready = threading.Event()
        self.alive = True
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        while True:
            try:
                data = self.sock.recv(1 << 16)
            except OSError:
                data = b""
            if not data:
                break
            message = json.loads(data)
            if message.get("event") == "ready":
                self.ready.set()
                continue
            with self.lock:
                proc = self.jobs.get(message.get("job"))
            if proc is None:
                continue
            if message["event"] == "forked":
                proc.pid = message["pid"]
                proc.forked.set()
            elif message["event"] == "exit":
                proc.status = {"code": message.get("code"), "signal": message.get("signal")}
                proc.exited.set()
                with self.lock:
                    self.jobs.pop(proc.job, None)
        self.alive = False
        self.ready.set()
        with self.lock:  # the worker is gone: nobody will report these processes' exits
            for proc in self.jobs.values():
                proc.forked.set()
                proc.exited.set()

    def start(self, job: str, spec: dict) -> Process:
        self.ready.wait()  # set when it is ready, or when it died (a Trax preload can take minutes)
        if not self.alive:
            raise WorkerDied(f"the {self.role} worker could not start (run `python -I -m np2jax.grade.worker` to see why)")
        child_in, to_child = os.pipe()
        from_child, child_out = os.pipe()
        proc = Process(job, to_child, from_child, strict=self.role == "learner")
        with self.lock:
            self.jobs[job] = proc
        try:
            socket.send_fds(self.sock, [json.dumps({"op": "start", "job": job, "spec": spec}).encode()],
                            [child_in, child_out])
        except OSError as exc:
            raise WorkerDied(f"the {self.role} worker is gone ({exc})") from None
        finally:
            os.close(child_in)
            os.close(child_out)
        if not proc.forked.wait(600) or proc.pid is None:
            raise WorkerDied(f"the {self.role} worker died; this submission was not graded (grade it again)")
        return proc

    def close(self) -> None:
        try:
            self.sock.send(json.dumps({"op": "exit"}).encode())
            self.process.wait(timeout=30)
        except Exception:  # noqa: BLE001
            self.process.kill()
        self.sock.close()


class Pool:
    """Warm workers plus the scratch folder of their processes (removed on close).

    With `isolate` (the default) every submission's process is isolated (np2jax/grade/isolate.py);
    where this host cannot do that, the pool refuses to start unless `isolate=False` says the
    submissions are trusted.
    """

    def __init__(self, parallel: int, device: str = "cpu", isolate: bool = True):
        if isolate:
            from np2jax.grade import isolate as isolation

            reason = isolation.check_host()
            if reason:
                raise IsolationUnavailable(
                    f"this machine cannot isolate submissions: {reason}. Grade only trusted notebooks "
                    "here, with --trusted (no isolation), or on a host with user namespaces")
        self.device, self.isolate = device, isolate
        self.scratch = tempfile.mkdtemp(prefix="np2jax-")
        os.chmod(self.scratch, 0o711)
        self.learner_root = os.path.join(self.scratch, "learner")  # covered by a private tmpfs per process
        os.makedirs(self.learner_root, mode=0o711)
        self.judge_root = os.path.join(self.scratch, "judge")  # hidden from every submission
        os.makedirs(self.judge_root, mode=0o700)
        self.slots = threading.Semaphore(max(1, parallel))
        self.workers: dict[tuple[str, tuple[str, ...]], _Worker] = {}
        self.lock = threading.Lock()
        self.ids = itertools.count()

    def _worker(self, role: str, preload: tuple[str, ...]) -> _Worker:
        with self.lock:
            key = (role, preload)
            if key not in self.workers or not self.workers[key].alive:
                self.workers[key] = _Worker(role, preload, self.device, self.scratch)
            return self.workers[key]

    def run(self, plan: Plan, limits, hidden: list[str]) -> RunResult:
        """Run one submission's plan: its cells in its process, its tests in its judge."""
        with self.slots:
            job = f"job{next(self.ids)}"
            workdir = os.path.join(self.learner_root, job)
            judge_dir = os.path.join(self.judge_root, job)
            learner_spec = {"workdir": workdir, "limits": limits.to_dict(),
                            "env": sandbox.child_env(workdir, self.device)}
            if self.isolate:
                learner_spec["isolation"] = {"scratch_root": self.learner_root, "scratch_mb": limits.scratch_mb,
                                             "hidden": sandbox.hideable([*hidden, self.judge_root])}
            judge_spec = {"workdir": judge_dir, "env": sandbox.child_env(judge_dir, self.device),
                          "setup": [{"name": c.name, "source": c.source} for c in plan.cells if c.kind == "setup"],
                          "tests": {str(i): {"name": c.name, "source": c.source, "hidden_from": c.hidden_from}
                                    for i, c in enumerate(plan.cells) if c.kind == "test"}}
            learner = self._worker("learner", plan.preload).start(job, learner_spec)
            try:
                judge = self._worker("judge", plan.preload).start(job, judge_spec)
            except BaseException:
                learner.kill("the judge could not start")
                learner.close()
                raise
            try:
                return _Session(plan, limits, learner, judge).run()
            finally:
                judge.close()
                learner.close()
                shutil.rmtree(judge_dir, ignore_errors=True)
                if not self.isolate:
                    shutil.rmtree(workdir, ignore_errors=True)

    def close(self) -> None:
        for worker in self.workers.values():
            worker.close()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _Session:
    """The conversation for one submission."""

    def __init__(self, plan: Plan, limits, learner: Process, judge: Process):
        self.plan, self.limits, self.learner, self.judge = plan, limits, learner, judge
        self.deadline = time.monotonic() + limits.submission_seconds
        self.result = RunResult()

    def _seconds(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.learner.kill("the notebook ran past its time limit")
            raise Gone(self.learner.killed)
        return min(self.limits.cell_seconds, left)

    def run(self) -> RunResult:
        for index, cell in enumerate(self.plan.cells):
            try:
                if cell.kind == "test":
                    self.result.verdicts[index] = self._test(index)
                else:
                    reply = self.learner.request({"op": "cell", "kind": cell.kind, "name": cell.name,
                                                  "source": cell.source}, self._seconds())
                    self.result.cells[index] = CellRun.from_reply(reply)
            except Gone as exc:
                self.result.stopped = (index, str(exc))
                break
        self.result.finished = self.result.stopped is None
        return self.result

    def _test(self, index: int) -> Verdict:
        reply = self.learner.request({"op": "test-start"}, self._seconds())
        tampered = reply.get("value")
        if isinstance(tampered, list):
            self.result.tampered.update(t for t in tampered[:50] if isinstance(t, str))
        self.judge.send({"op": "test", "index": index}, time.monotonic() + 60)
        deadline = time.monotonic() + self._seconds() + GRACE
        while True:
            try:
                message = self.judge.read(deadline)
            except Gone:
                self.learner.kill("a test ran past its time limit")
                raise Gone(self.learner.killed) from None
            if "done" in message:
                return Verdict.from_judge(message["done"])
            request = message.get("rpc")
            try:
                answer = self.learner.request(request, self._seconds())
            except Gone as exc:
                self.judge.send({"gone": str(exc)}, time.monotonic() + 60)
                verdict = Verdict.from_judge(self.judge.read(time.monotonic() + 30).get("done", {}))
                self.result.verdicts[index] = verdict
                raise
            self.judge.send({"reply": answer}, time.monotonic() + 60)
