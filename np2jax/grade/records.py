"""The records a submission flows through, top to bottom:

    Found (discover.py)  ->  Plan (assemble.py)  ->  RunResult (pool.py)  ->  Grade (score.py)

Each is a small typed class; only Grade turns into a dict, at the edge, for the reports and the
gradebook (np2jax/grade/gradebook.py), which turns it back with Grade.from_dict.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

TEXT = 300  # characters of any text a submission's process controls, wherever it is shown


@dataclass(frozen=True)
class Found:
    """A file to grade, whose it is, and the folder the instructor named (nothing outside it is read)."""
    student: str
    path: Path
    root: Path


@dataclass(frozen=True)
class PlanCell:
    name: str
    kind: str                      # "setup" | "instructor" | "answer" | "test"
    source: str
    grade_id: str | None = None
    points: float = 0.0
    hidden_from: int | None = None  # test cells: first line of the hidden tests


@dataclass(frozen=True)
class Plan:
    """The notebook to grade: the source's cells with the learner's answer cells put in."""
    lesson: str
    cells: list[PlanCell]
    preload: tuple[str, ...]
    missing: list[str] = field(default_factory=list)  # answer cells the submission lacks

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.cells if c.kind == "test")


def _text(value, limit: int = TEXT) -> str:
    """Bounded, printable-anywhere text from a value a submission may control (lone surrogates
    and other unencodable characters become escapes)."""
    if not isinstance(value, str):
        return ""
    return value[:limit].encode("utf-8", "backslashreplace").decode("utf-8")


def exception_name(types) -> str:
    """The name shown for an exception: the first builtin or JAX class among its classes, never a
    name the learner's code chose."""
    for path in types:
        module, _, name = str(path).rpartition(".")
        if (module == "builtins" or module.split(".")[0] in ("jax", "jaxlib")) and name.isidentifier():
            return name[:60]
    return "Exception"


@dataclass(frozen=True)
class CellRun:
    """What the submission's process says about one non-test cell (validated: it may lie)."""
    status: str                    # "ok" | "error" | "timeout"
    error_types: tuple[str, ...] = ()
    message: str = ""
    line: int | None = None

    @classmethod
    def from_reply(cls, reply: dict) -> "CellRun":
        status = reply.get("status")
        if status not in ("ok", "error", "timeout"):
            status = "error"
        types = reply.get("types") if isinstance(reply.get("types"), list) else []
        line = reply.get("line")
        return cls(status, tuple(_text(t, 120) for t in types[:12] if isinstance(t, str)),
                   _text(reply.get("message")), line if type(line) is int else None)

    @property
    def error_name(self) -> str:
        return exception_name(self.error_types)


@dataclass(frozen=True)
class Verdict:
    """The judge's decision on one test cell."""
    status: str                    # "passed" | "failed" | "error" | "timeout" | "gone"
    why: str = ""
    hint: str = ""
    detail: str = ""
    ename: str = ""
    message: str = ""
    explanation: str = ""
    learner: bool = False          # the error was raised by the learner's code
    line: int | None = None
    hidden: bool = False
    stderr: str = ""               # what the test itself wrote to stderr (nbgrader scores that 0)

    @classmethod
    def from_judge(cls, done: dict) -> "Verdict":
        fields = {k: _text(v, 2000) if isinstance(v, str) else v
                  for k, v in done.items() if k in cls.__dataclass_fields__}
        return cls(**fields) if fields.get("status") else cls("error", ename="JudgeError",
                                                                  message="the judge gave no verdict")


@dataclass
class RunResult:
    """Everything one run produced, by cell index."""
    cells: dict[int, CellRun] = field(default_factory=dict)
    verdicts: dict[int, Verdict] = field(default_factory=dict)
    tampered: set[str] = field(default_factory=set)
    stopped: tuple[int, str] | None = None   # (cell index, why) when the run ended early
    finished: bool = False


@dataclass(frozen=True)
class AnswerError:
    """An answer cell that raised: the class shown to students, the message for instructors."""
    error: str
    message: str = ""
    explanation: str = ""

    def shown(self) -> str:
        return "\n".join(filter(None, [f"{self.error} (run the cell in your notebook to see the message)",
                                        self.explanation]))

    def full(self) -> str:
        return "\n".join(filter(None, [f"{self.error}: {self.message}", self.explanation]))


@dataclass(frozen=True)
class TestResult:
    exercise: str
    score: float
    max_score: float
    passed: bool
    message: str          # what the learner may read (no hidden inputs or expected values)
    full_message: str     # everything, for instructors (--show-hidden)
    stderr: str = ""      # what the test cell wrote to stderr in the judge


@dataclass
class Grade:
    """One submission's grade: what every report is made from."""
    student: str
    path: str
    notebook: str | None = None
    score: float = 0.0
    max_score: float = 0.0
    status: str = "failed"         # "graded" | "failed"
    reason: str | None = None
    tests: dict[str, TestResult] = field(default_factory=dict)
    answer_errors: dict[str, AnswerError] = field(default_factory=dict)
    tampered: list[str] = field(default_factory=list)
    seconds: float = 0.0
    graded_at: str | None = None   # when grading ended: ISO 8601, UTC ("2025-01-31T09:15:02+00:00")

    def to_dict(self) -> dict:
        out = asdict(self)
        out["score"] = 0.0 if not math.isfinite(self.score) else self.score
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Grade":
        """The grade :meth:`to_dict` gave (the gradebook stores grades that way)."""
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["tests"] = {k: TestResult(**v) for k, v in (data.get("tests") or {}).items()}
        fields["answer_errors"] = {k: AnswerError(**v) for k, v in (data.get("answer_errors") or {}).items()}
        return cls(**fields)
