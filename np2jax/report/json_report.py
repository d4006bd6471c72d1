"""report.json: the machine-readable record our tests and tools read.

``complete`` is false while submissions of the run are still pending (a run in progress, or one
that was killed); they are listed under ``pending`` and have no entry in ``submissions``.
"""
from __future__ import annotations

import json
from pathlib import Path

from np2jax.report.files import write_atomically

FIELDS = ("student", "notebook", "path", "score", "max_score", "status", "reason", "tests",
          "answer_errors", "tampered", "seconds", "graded_at")


def write(results: list[dict], path: Path, pending: list[tuple[str, str]], written_at: str) -> Path:
    rows = [{k: r.get(k) for k in FIELDS if k in r} for r in results]
    report = {"written_at": written_at, "complete": not pending,
              "pending": [{"student": student, "path": name} for student, name in pending], "submissions": rows}
    return write_atomically(path, json.dumps(report, indent=1, sort_keys=False) + "\n")
