"""grades.csv: a row per student, a column per lesson, ready for an LMS import.

A lesson that failed to grade shows its partial score; the reason is in report.json.
"""
from __future__ import annotations

import csv
from pathlib import Path


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
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path
