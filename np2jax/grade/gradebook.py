"""The gradebook: an SQLite database in the output folder (``<out>/gradebook.sqlite``) that holds
every result ``np2jax grade`` ever produced there, each committed the moment it is graded.

    runs      one row per ``np2jax grade``: when, with which grader and settings
    results   one row per grading of one submission, never overwritten: a regrade adds a row,
              so history is kept; each row has the keys it was graded under and why it was graded
    roster    per run, the submissions it covers and the result that counts for each (NULL:
              not graded yet, because the run is still going or was killed)

A result is kept (not graded again) when its submission file, its lesson's source notebook, the
grader (package version and a hash of its grading code) and the settings (limits, device) are all what
they were; otherwise the submission is graded again and the reason recorded. A killed run loses
only the submissions it was still grading. The reports are made from the latest run's roster
(:meth:`Gradebook.current`), so they can be rebuilt at any time without grading.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import np2jax
from np2jax.course import Course
from np2jax.grade.records import Found, Grade

FILE = "gradebook.sqlite"

# Why a submission was graded (results.why).
NEW = "new"
ASKED = "regrade asked (--regrade)"
SUBMISSION_CHANGED = "submission changed"
SOURCE_CHANGED = "lesson source changed"
GRADER_CHANGED = "grader changed"
SETTINGS_CHANGED = "settings changed"
UNREADABLE = "file not readable as a regular file"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    grader      TEXT NOT NULL,
    settings    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    id             INTEGER PRIMARY KEY,
    run            INTEGER NOT NULL REFERENCES runs(id),
    student        TEXT NOT NULL,
    path           BLOB NOT NULL,
    submission_sha TEXT,
    source_sha     TEXT NOT NULL,
    grader         TEXT NOT NULL,
    settings       TEXT NOT NULL,
    why            TEXT NOT NULL,
    notebook       TEXT,
    score          REAL NOT NULL,
    max_score      REAL NOT NULL,
    status         TEXT NOT NULL,
    graded_at      TEXT NOT NULL,
    grade          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS results_by_submission ON results (student, path, id);
CREATE TABLE IF NOT EXISTS roster (
    run      INTEGER NOT NULL REFERENCES runs(id),
    position INTEGER NOT NULL,
    student  TEXT NOT NULL,
    path     BLOB NOT NULL,
    result   INTEGER REFERENCES results(id),
    PRIMARY KEY (run, position),
    UNIQUE (run, student, path)
);
PRAGMA user_version = 1;
"""


def now() -> str:
    """The current time as ISO 8601 in UTC, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha(path: Path) -> str | None:
    """The content hash of a submission, or None when it is not a regular file (a link, a FIFO,
    a folder): such a file is graded again every run (it fails at once, with its reason)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest = hashlib.sha256()
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def grader_version() -> str:
    """The package version plus a hash of the code a grade depends on (all of np2jax but the
    reports, which are rebuilt from the gradebook anyway): a fixed check regrades."""
    package = Path(np2jax.__file__).parent
    code = b"".join(p.relative_to(package).as_posix().encode() + p.read_bytes()
                    for p in sorted(package.rglob("*.py")) if p.relative_to(package).parts[0] != "report")
    return f"{np2jax.__version__}+{_sha(code)[:12]}"


def source_hashes(course: Course) -> dict[str | None, str]:
    """Each lesson's source notebook hash; under None, a hash of the lesson list (what a file that
    is no lesson was judged against)."""
    lessons = course.lessons()
    hashes: dict[str | None, str] = {name: _sha(course.source(name).read_bytes()) for name in lessons}
    hashes[None] = _sha("\n".join(lessons).encode())
    return hashes


def _key(student: str, path: str | Path) -> tuple[str, bytes]:
    """A submission's key in the database (paths as bytes: folder names need not be UTF-8)."""
    return student, os.fsencode(path)


@dataclass
class Run:
    """One ``np2jax grade`` in the gradebook: what it keeps from earlier runs, what it grades and why,
    and the keys its results are recorded under."""
    id: int
    grader: str
    settings: str
    sources: dict[str | None, str]
    kept: list[Grade] = field(default_factory=list)
    todo: list[Found] = field(default_factory=list)
    why: dict[tuple[str, bytes], tuple[str, str | None]] = field(default_factory=dict)  # key -> (why, sha)


@dataclass(frozen=True)
class Snapshot:
    """What the reports show: the latest run's submissions, graded or still pending."""
    grades: list[Grade]
    pending: list[tuple[str, str]]  # (student, path) of submissions with no result yet


@dataclass(frozen=True)
class Change:
    """A regrade: the result before and after, and why the submission was graded again."""
    student: str
    path: str
    why: str
    before: Grade
    after: Grade

    def differences(self) -> list[str]:
        """What an instructor needs to know, one line each (empty: the regrade changed nothing)."""
        lines = []
        if (self.before.score, self.before.status) != (self.after.score, self.after.status):
            lines.append(f"score {self.before.score:g}/{self.before.max_score:g} ({self.before.status}) -> "
                         f"{self.after.score:g}/{self.after.max_score:g} ({self.after.status})")
        for test in sorted(set(self.before.tests) | set(self.after.tests)):
            old, new = self.before.tests.get(test), self.after.tests.get(test)
            was, is_ = (("absent" if t is None else "passed" if t.passed else "failed") for t in (old, new))
            if was != is_:
                lines.append(f"{test}: {was} -> {is_}")
        if self.before.reason != self.after.reason:
            lines.append(f"reason: {self.before.reason or '-'} -> {self.after.reason or '-'}")
        return lines


class Gradebook:
    """The database at `path` (created on first use). Safe to use from the grading threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode = WAL")  # readers (the reports) never block a commit
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Gradebook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self, found: list[Found], course: Course, settings: dict, regrade: bool = False) -> Run:
        """Open a run over `found`: each submission is kept when nothing it was graded under
        changed (and `regrade` is off), else listed to grade with the reason."""
        grader, settings_text, sources = grader_version(), json.dumps(settings, sort_keys=True), source_hashes(course)
        seen: set[tuple[str, bytes]] = set()
        with self._lock, self._db:
            run = Run(self._db.execute("INSERT INTO runs (started_at, grader, settings) VALUES (?, ?, ?)",
                                       (now(), grader, settings_text)).lastrowid, grader, settings_text, sources)
            for position, item in enumerate(found):
                key = _key(item.student, item.path)
                if key in seen:
                    continue  # the same file named twice
                seen.add(key)
                sha = file_sha(item.path)
                last = self._db.execute(
                    "SELECT id, submission_sha, source_sha, grader, settings, notebook, grade FROM results "
                    "WHERE student = ? AND path = ? ORDER BY id DESC LIMIT 1", key).fetchone()
                why = (UNREADABLE if sha is None else NEW if last is None else ASKED if regrade
                       else SUBMISSION_CHANGED if last[1] != sha
                       else SOURCE_CHANGED if last[2] != sources.get(last[5], "")
                       else GRADER_CHANGED if last[3] != grader
                       else SETTINGS_CHANGED if last[4] != settings_text else None)
                if why is None:
                    run.kept.append(Grade.from_dict(json.loads(last[6])))
                else:
                    run.todo.append(item)
                    run.why[key] = (why, sha)
                self._db.execute("INSERT INTO roster (run, position, student, path, result) VALUES (?, ?, ?, ?, ?)",
                                 (run.id, position, *key, None if why else last[0]))
        return run

    def record(self, run: Run, grade: Grade) -> None:
        """Store one submission's result and commit it, before anything else happens."""
        key = _key(grade.student, grade.path)
        why, sha = run.why[key]
        with self._lock, self._db:
            result = self._db.execute(
                "INSERT INTO results (run, student, path, submission_sha, source_sha, grader, settings, why, "
                "notebook, score, max_score, status, graded_at, grade) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run.id, *key, sha, run.sources.get(grade.notebook, ""), run.grader, run.settings, why,
                 grade.notebook, grade.to_dict()["score"], grade.max_score, grade.status,
                 grade.graded_at or now(), json.dumps(grade.to_dict()))).lastrowid
            self._db.execute("UPDATE roster SET result = ? WHERE run = ? AND student = ? AND path = ?",
                             (result, run.id, *key))

    def finish(self, run: Run) -> None:
        with self._lock, self._db:
            self._db.execute("UPDATE runs SET finished_at = ? WHERE id = ?", (now(), run.id))

    def current(self) -> Snapshot:
        """The latest run's submissions in discovery order: their results, and those still pending."""
        with self._lock:
            rows = self._db.execute(
                "SELECT roster.student, roster.path, results.grade FROM roster LEFT JOIN results "
                "ON results.id = roster.result WHERE roster.run = (SELECT MAX(run) FROM roster) "
                "ORDER BY roster.position").fetchall()
        grades = [Grade.from_dict(json.loads(grade)) for _, _, grade in rows if grade is not None]
        pending = [(student, os.fsdecode(path)) for student, path, grade in rows if grade is None]
        return Snapshot(grades, pending)

    def changes(self, run: int | None = None) -> list[Change]:
        """Every regrade (of the given run, default all), with the result it replaced, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT later.student, later.path, later.why, earlier.grade, later.grade FROM results AS later "
                "JOIN results AS earlier ON earlier.id = (SELECT MAX(id) FROM results WHERE student = later.student "
                "AND path = later.path AND id < later.id) WHERE ? IS NULL OR later.run = ? ORDER BY later.id",
                (run, run)).fetchall()
        return [Change(student, os.fsdecode(path), why, Grade.from_dict(json.loads(before)),
                       Grade.from_dict(json.loads(after))) for student, path, why, before, after in rows]
