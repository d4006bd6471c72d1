"""Everything ``np2jax grade`` writes: one module per report."""
from __future__ import annotations

from pathlib import Path

from np2jax.report import feedback, gradebook, json_report, summary


def write_all(results: list[dict], out: Path, reveal_hidden: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [json_report.write(results, out / "report.json"), gradebook.write(results, out / "grades.csv")]
    written += feedback.write(results, out / "feedback", reveal_hidden=reveal_hidden)
    written += summary.write(results, out)
    return written
