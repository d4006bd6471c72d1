"""report.json: the machine-readable record our tests and tools read."""
from __future__ import annotations

import json
from pathlib import Path

FIELDS = ("student", "notebook", "path", "score", "max_score", "status", "reason", "tests",
          "answer_errors", "tampered", "seconds")


def write(results: list[dict], path: Path) -> Path:
    rows = [{k: r.get(k) for k in FIELDS if k in r} for r in results]
    path.write_text(json.dumps({"submissions": rows}, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return path
