"""Inside one submission's process: run the cells it is handed and answer the judge's questions.

Runs in a child forked from the warm learner worker, isolated before any learner code exists
(np2jax/grade/isolate.py). It is a strict request/response server on two pipes: each request line
gets exactly one reply line. It never sees a test cell: at a test cell's place the judge (a
trusted process) asks for the learner's names and calls their functions, with plain data going
both ways (np2jax/grade/wire.py). Whatever this process replies is treated as hostile.

Requests (one JSON object per line):
    {"op": "cell", "kind": "setup|instructor|answer", "name": ..., "source": ...}
    {"op": "test-start"}                  restore tampered modules and JAX options; list them
    {"op": "names", "names": [...]}       the answer-bound names among these, as wire values
    {"op": "call", "fn": V, "args": [V], "kwargs": V}, {"op": "getattr", "obj": V, "name": S},
    {"op": "getitem", "obj": V, "key": V}, {"op": "iter"|"next"|"len", "obj": V}
Replies: {"status": "ok"|"error"|"timeout", ...} for cells; {"value": V} or {"raised": {...}}.
"""
from __future__ import annotations

import ast
import io
import json
import os
import signal
import sys
import traceback

from np2jax.grade import integrity, limits as limits_mod, wire

MAX_HANDLES = 100_000
MESSAGE_CHARS = 500


class CellTimeout(Exception):
    """The cell (or call) ran past its time limit."""


class _CappedText(io.TextIOBase):
    """A stdout/stderr stand-in that keeps at most `cap` characters."""

    def __init__(self, cap: int):
        self.cap, self.parts, self.size = cap, [], 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        room = self.cap - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        return len(text)

    def getvalue(self) -> str:
        return "".join(self.parts)


def _on_alarm(signum, frame):
    raise CellTimeout("the cell ran longer than its time limit")


def _compile_cell(shell, source: str, name: str):
    """Python code objects for a cell: (body, last expression or None)."""
    tree = ast.parse(shell.transform_cell(source), filename=name)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    return compile(tree, name, "exec"), (compile(last, name, "eval") if last is not None else None)


def describe_exception(exc: BaseException) -> dict:
    """What the judge learns about a learner exception: its class names and a bounded message."""
    types = [f"{c.__module__}.{c.__qualname__}"[:120] for c in type(exc).__mro__][:12]
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001 - a hostile __str__
        message = ""
    return {"types": types, "message": message[:MESSAGE_CHARS], "timeout": isinstance(exc, CellTimeout)}


class Server:
    """One submission's cells and objects, answering one request at a time."""

    def __init__(self, limits: limits_mod.Limits):
        from IPython.core.interactiveshell import InteractiveShell

        self.limits = limits
        self.shell = InteractiveShell.instance()
        self.ns = self.shell.user_ns
        self.ns["__name__"] = "__main__"
        self.answer_names: set[str] = set()
        self.handles: dict[int, object] = {}
        self.guard: integrity.Guard | None = None
        self.encode = wire.Encoder(self._keep)
        self.op = {"cell": self.cell, "test-start": self.test_start, "names": self.names,
                   "call": self.call, "getattr": self.getattr, "getitem": self.getitem,
                   "iter": self.iterate, "next": self.next, "len": self.length}

    def _keep(self, value) -> int:
        if len(self.handles) >= MAX_HANDLES:
            raise wire.WireError("too many objects kept for the judge")
        ident = len(self.handles) + 1
        self.handles[ident] = value
        return ident

    def _object(self, handle: wire.Handle):
        if handle.id not in self.handles:
            raise wire.WireError("unknown handle")
        return self.handles[handle.id]

    def _decode(self, msg):
        return wire.Decoder(self._object)(msg)

    def _timed(self, fn):
        """Run fn under the per-cell soft limit, with learner output captured and capped."""
        out = _CappedText(self.limits.output_kb * 512)
        real_out, real_err = sys.stdout, sys.stderr
        try:
            sys.stdout = sys.stderr = out
            signal.setitimer(signal.ITIMER_REAL, self.limits.cell_seconds)
            return fn(), out.getvalue()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            sys.stdout, sys.stderr = real_out, real_err

    # -- cells -----------------------------------------------------------------------------
    def cell(self, request: dict) -> dict:
        kind, name = request["kind"], f"<cell {request['name']}>"
        if kind == "answer" and self.guard is None:
            self.guard = integrity.Guard.snapshot()  # as the instructor's cells left things: pristine
        elif kind != "answer" and self.guard is not None:
            self.guard.extend()
        before = {k: id(v) for k, v in self.ns.items()}
        reply: dict = {"status": "ok"}
        try:
            def run():
                body, last = _compile_cell(self.shell, request["source"], name)
                exec(body, self.ns)
                if last is not None:
                    eval(last, self.ns)
            _, reply["stdout"] = self._timed(run)
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
            reply = {"status": "timeout" if isinstance(exc, CellTimeout) else "error", **describe_exception(exc)}
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == name]
            if frames:
                reply["line"] = frames[-1].lineno
        changed = {k for k, v in self.ns.items() if before.get(k) != id(v)}
        if kind == "answer":
            self.answer_names |= changed
        else:
            self.answer_names -= changed
        return reply

    def test_start(self, request: dict) -> dict:
        """Before a test: put back what learner code changed in guarded modules and JAX options."""
        tampered = self.guard.restore() if self.guard is not None else []
        if self.guard is not None:
            tampered += self.guard.restore_jax_config()
        return {"value": self.encode(sorted(set(tampered))[:50])}

    # -- the judge's questions ---------------------------------------------------------------
    def names(self, request: dict) -> dict:
        wanted = request.get("names")
        if not isinstance(wanted, list):
            raise wire.WireError("names must be a list")
        found = {n: self.ns[n] for n in wanted if isinstance(n, str) and n in self.answer_names and n in self.ns}
        return {"value": self.encode(found)}

    def _answer(self, fn) -> dict:
        """Run a request's learner code and encode its result, both under the time limit
        (encoding may touch learner objects)."""
        try:
            encoded, _ = self._timed(lambda: self.encode(fn()))
        except BaseException as exc:  # noqa: BLE001
            return {"raised": describe_exception(exc)}
        return {"value": encoded}

    def call(self, request: dict) -> dict:
        fn = self._decode(request.get("fn"))
        args = self._decode(request.get("args", []))
        kwargs = self._decode(request.get("kwargs", {"$": "dict", "items": []}))
        if not isinstance(args, list) or not isinstance(kwargs, dict) or not all(type(k) is str for k in kwargs):
            raise wire.WireError("bad call")
        return self._answer(lambda: fn(*args, **kwargs))

    def getattr(self, request: dict) -> dict:
        obj, attr = self._decode(request.get("obj")), request.get("name")
        if not isinstance(attr, str) or attr.startswith("__"):
            raise wire.WireError("bad attribute name")
        return self._answer(lambda: getattr(obj, attr))

    def getitem(self, request: dict) -> dict:
        obj, key = self._decode(request.get("obj")), self._decode(request.get("key"))
        return self._answer(lambda: obj[key])

    def iterate(self, request: dict) -> dict:
        obj = self._decode(request.get("obj"))
        return self._answer(lambda: iter(obj))

    def next(self, request: dict) -> dict:
        obj = self._decode(request.get("obj"))
        return self._answer(lambda: next(obj))

    def length(self, request: dict) -> dict:
        obj = self._decode(request.get("obj"))
        return self._answer(lambda: len(obj))

    def handle(self, line: bytes) -> dict:
        try:
            request = json.loads(line)
            op = self.op[request["op"]]
        except (ValueError, KeyError, TypeError):
            return {"status": "error", "types": ["builtins.ValueError"], "message": "bad request"}
        try:
            return op(request)
        except wire.WireError as exc:
            return {"wire-error": str(exc)[:200]}


def serve(job: dict, read_fd: int, write_fd: int) -> None:
    """The child's life: isolate, limit, then answer requests until the input closes."""
    limits = limits_mod.Limits(**job["limits"])
    os.chdir(job["workdir"])
    os.environ.clear()
    os.environ.update(job["env"])
    limits_mod.apply(limits)
    server = Server(limits)
    if job.get("isolation"):
        from np2jax.grade import seccomp

        seccomp.lock_down()  # last: no new processes, namespaces or mounts from here on
    signal.signal(signal.SIGALRM, _on_alarm)
    dumps, write = json.dumps, os.write
    reader = os.fdopen(read_fd, "rb", buffering=1 << 16)
    for line in reader:
        reply = server.handle(line)
        try:
            data = (dumps(reply) + "\n").encode()
        except (TypeError, ValueError) as exc:
            data = (dumps({"wire-error": f"reply not encodable: {type(exc).__name__}"}) + "\n").encode()
        while data:
            data = data[write(write_fd, data):]
