"""The judge: runs one submission's test cells in a trusted process that never runs learner code.

It runs the lesson's setup cells, then each test cell (hidden tests included) when the grader
asks. A learner name the test uses becomes its value (plain data) or a stand-in; every call,
attribute, item or iteration on a stand-in is a request to the submission's process, answered in
plain data (np2jax/grade/wire.py). Expected values, messages and hidden tests stay here; the
verdict is this process's, from the exceptions the checks raise.

Lines to the grader: {"rpc": REQUEST} (forwarded to the submission's process; the answer comes
back as {"reply": REPLY} or {"gone": WHY}) and, per test, {"done": RESULT}.
"""
from __future__ import annotations

import ast
import builtins
import contextlib
import io
import json
import os
import traceback

from np2jax.grade import wire
from np2jax.grade.records import exception_name
from np2jax.learner import probe

MESSAGE_CHARS = 300


class SubmissionGone(Exception):
    """The submission's process died or was stopped while a test needed it."""


class LearnerTimeout(Exception):
    """The learner's code ran past its time limit during a test."""


class WireFault(Exception):
    """The submission's process answered with something that is not plain data."""


_RAISED: dict[tuple[str, ...], type] = {}


def learner_exception(info: dict) -> BaseException:
    """An exception standing for one the learner's code raised: same builtin or JAX class (so a
    test's ``except TypeError`` works), the learner's class names, a bounded message."""
    types = tuple(t for t in info.get("types", []) if isinstance(t, str))[:12] or ("builtins.Exception",)
    message = str(info.get("message", ""))[:MESSAGE_CHARS]
    if info.get("timeout") is True:
        return LearnerTimeout("the learner's code ran past its time limit")
    if types not in _RAISED:
        base = Exception
        for path in (p for t in types for p in (t, "jax.errors." + t.rsplit(".", 1)[-1])):
            found = wire._resolve(path, strict=False)
            if isinstance(found, type) and issubclass(found, Exception) and (
                    found.__module__ == "builtins" or found.__module__.startswith(("jax", "jaxlib"))):
                base = found
                break
        short = types[0].rsplit(".", 1)[-1][:60] or "Exception"

        def init(self, text=""):
            Exception.__init__(self, text)

        _RAISED[types] = type(short, (base,), {"__init__": init, "__str__": lambda self: self.args[0] if self.args else "",
                                               "learner_types": types, "__module__": "learner"})
    return _RAISED[types](message)


class Remote:
    """A learner's object that is not plain data: it stays in the submission's process."""

    __slots__ = ("_handle", "_channel")

    def __init__(self, handle: wire.Handle, channel: "Channel"):
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_channel", channel)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._channel.ask("getattr", obj=self, name=name)

    def __getitem__(self, key):
        return self._channel.ask("getitem", obj=self, key=key)

    def __iter__(self):
        return self._channel.ask("iter", obj=self)

    def __next__(self):
        return self._channel.ask("next", obj=self)

    def __len__(self) -> int:
        value = self._channel.ask("len", obj=self)
        if type(value) is not int or value < 0:
            raise WireFault("len() of a learner object was not a non-negative int")
        return value

    def __repr__(self) -> str:
        return f"<the learner's {self._handle.type_name}>"


class RemoteFunction(Remote):
    """A learner's callable (function, jitted function, layer, bound method)."""

    __slots__ = ()

    def __call__(self, *args, **kwargs):
        return self._channel.ask("call", fn=self, args=list(args), kwargs=kwargs)


class Channel:
    """Requests from the judge to the submission's process, through the grader."""

    def __init__(self, read_fd: int, write_fd: int):
        self.reader = os.fdopen(read_fd, "rb", buffering=1 << 16)
        self.write_fd = write_fd
        self.encode = wire.Encoder(self._keep)

    def _keep(self, value) -> int:
        if isinstance(value, Remote):
            return value._handle.id
        raise wire.WireError(
            f"a test cannot send a {type(value).__module__}.{type(value).__qualname__} to the learner's code "
            "(only plain data or the learner's own objects); build it beside the learner with probe.apply")

    def _stand_in(self, handle: wire.Handle):
        return (RemoteFunction if handle.callable else Remote)(handle, self)

    def send(self, message: dict) -> None:
        data = (json.dumps(message) + "\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(self.write_fd, view):]

    def read(self) -> dict:
        line = self.reader.readline()
        if not line:
            raise SystemExit(0)
        return json.loads(line)

    def ask(self, op: str, **fields):
        request = {"op": op, **{k: self.encode(v) for k, v in fields.items()}}
        self.send({"rpc": request})
        answer = self.read()
        if "gone" in answer:
            raise SubmissionGone(str(answer["gone"])[:200])
        reply = answer.get("reply")
        if not isinstance(reply, dict):
            raise WireFault("the submission's process sent no answer")
        if "wire-error" in reply:
            raise WireFault(f"the submission's process could not use what the test sent: {str(reply['wire-error'])[:200]}")
        if "raised" in reply and isinstance(reply["raised"], dict):
            raise learner_exception(reply["raised"])
        if "value" not in reply:
            raise WireFault("the submission's process sent a malformed answer")
        try:
            return wire.Decoder(self._stand_in)(reply["value"])
        except wire.WireError as exc:
            raise WireFault(f"the submission's process sent something that is not plain data ({exc})") from None

    def apply(self, helper, args, kwargs):
        """probe helpers under the judge: run them beside the learner's code."""
        return self.ask("call", fn=helper, args=list(args), kwargs=kwargs)


def _loaded_names(tree: ast.AST) -> set[str]:
    """Names a test may read: every loaded name, and every string that could be one
    (``expect.defined(globals(), "mean_of")`` names it in a string)."""
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return names | {n.value for n in ast.walk(tree)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.isidentifier()}


class Judge:
    def __init__(self, spec: dict, channel: Channel):
        from IPython.core.interactiveshell import InteractiveShell

        self.channel = channel
        self.shell = InteractiveShell.instance()
        self.ns = self.shell.user_ns
        self.ns["__name__"] = "__main__"
        self.tests = {int(i): t for i, t in spec["tests"].items()}
        self.learner_names: set[str] = set()
        self.setup_error = None
        for cell in spec["setup"]:
            try:
                exec(compile(self.shell.transform_cell(cell["source"]), f"<cell {cell['name']}>", "exec"), self.ns)
            except Exception as exc:  # noqa: BLE001 - reported with every test
                self.setup_error = f"the lesson's setup cell failed in the judge: {type(exc).__name__}: {exc}"[:500]
        self.setup_names = set(self.ns)

    def run(self, index: int) -> dict:
        """One test cell's verdict, as plain facts for score.py."""
        from np2jax.learner.explain import explain
        from np2jax.learner.failure import ExerciseFailure

        test = self.tests[index]
        name = f"<cell {test['name']}>"
        if self.setup_error:
            return {"status": "error", "ename": "SetupError", "message": self.setup_error}
        tree = ast.parse(self.shell.transform_cell(test["source"]), filename=name)
        for stale in self.learner_names:
            self.ns.pop(stale, None)
        wanted = sorted(n for n in _loaded_names(tree) if n not in self.setup_names and not hasattr(builtins, n))
        result: dict = {"status": "passed"}
        err = io.StringIO()
        try:
            values = self.channel.ask("names", names=wanted) if wanted else {}
            if not isinstance(values, dict) or not all(isinstance(k, str) and k in wanted for k in values):
                raise WireFault("the submission's process answered with names it was not asked for")
            self.ns.update(values)
            self.learner_names = set(values)
            with contextlib.redirect_stderr(err):
                exec(compile(tree, name, "exec"), self.ns)
        except ExerciseFailure as exc:
            result = {"status": "failed", "why": exc.why, "hint": exc.hint, "detail": exc.detail}
            _where(result, exc, name)
        except LearnerTimeout:
            result = {"status": "timeout"}
        except SubmissionGone as exc:
            result = {"status": "gone", "message": str(exc)}
        except WireFault as exc:
            result = {"status": "error", "ename": "WireFault", "message": str(exc)}
        except Exception as exc:  # noqa: BLE001 - a learner exception or one the test raised on learner data
            learner = getattr(type(exc), "learner_types", None)
            shown = exception_name(learner) if learner else type(exc).__name__[:60]
            result = {"status": "error", "ename": shown, "learner": learner is not None, "message": _bounded(exc)}
            explanation = explain(exc)
            if explanation is not None:
                result["explanation"] = explanation.render()
            _where(result, exc, name)
        if err.getvalue():  # nbgrader would score this cell 0: it fails a cell that writes to stderr
            result["stderr"] = err.getvalue()[:MESSAGE_CHARS]
        hidden_from = test.get("hidden_from")
        result["hidden"] = hidden_from is not None and result.get("line", 0) >= hidden_from
        return result


def _bounded(exc: BaseException) -> str:
    try:
        return str(exc)[:MESSAGE_CHARS]
    except Exception:  # noqa: BLE001
        return ""


def _where(result: dict, exc: BaseException, name: str) -> None:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == name]
    if frames:
        result["line"] = frames[-1].lineno


def serve(spec: dict, read_fd: int, write_fd: int) -> None:
    """The judge's life: set up, then run each test the grader names until told to stop."""
    os.environ.clear()
    os.environ.update(spec["env"])
    os.makedirs(spec["workdir"], exist_ok=True)
    os.chdir(spec["workdir"])
    channel = Channel(read_fd, write_fd)
    probe._remote = channel
    judge = Judge(spec, channel)
    while True:
        request = channel.read()
        if request.get("op") != "test":
            return
        channel.send({"done": judge.run(int(request["index"]))})
