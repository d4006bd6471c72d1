"""grades.csv: a row per student, a column per lesson, ready for an LMS import.

A lesson that failed to grade shows its partial score; the reason is in report.json.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from np2jax.report.files import write_atomically


def table(results: list[dict]) -> tuple[list[str], list[dict]]:
    lessons = sorted({r["notebook"] for r in results if r.get("notebook")})
    students: dict[str, dict] = {}
    for r in results:
        row = students.setdefault(r["student"], {"student": r["student"]})
        if r.get("notebook"):
            row[r["notebook"]] = f"{r['score']:g}"
    for row in students.values():
        row["total"] = f"{sum(float(row.get(l, 0) or 0) for l in lessons):g}"
    return ["student", *lessons, "total"], [students[s] for s in sorted(students)]


def write(results: list[dict], path: Path) -> Path:
    columns, rows = table(results)
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=columns, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return write_atomically(path, text.getvalue())
