"""Everything ``np2jax grade`` writes: one module per report."""
from __future__ import annotations

from pathlib import Path

from np2jax.report import feedback, gradebook, json_report, summary


def write_all(grades, out: Path, reveal_hidden: bool = False) -> list[Path]:
    """Every report for these grades (np2jax.grade.records.Grade), into `out`."""
    results = [g.to_dict() for g in grades]
    out.mkdir(parents=True, exist_ok=True)
    written = [json_report.write(results, out / "report.json"), gradebook.write(results, out / "grades.csv")]
    written += feedback.write(results, out / "feedback", reveal_hidden=reveal_hidden)
    written += summary.write(results, out)
    return written
