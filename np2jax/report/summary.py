"""summary.md and scores.png: per-exercise pass rates and the score distribution."""
from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

from np2jax.report.files import write_atomically


def exercise_stats(results: list[dict]) -> dict[str, dict]:
    stats: dict[str, dict] = defaultdict(lambda: {"attempts": 0, "passed": 0, "points": 0.0, "max": 0.0})
    for result in results:
        for test in (result.get("tests") or {}).values():
            s = stats[test["exercise"]]
            s["attempts"] += 1
            s["passed"] += int(test["passed"])
            s["points"] += test["score"]
            s["max"] += test["max_score"]
    return dict(sorted(stats.items()))


def markdown(results: list[dict], pending: int = 0) -> str:
    graded = [r for r in results if r["status"] == "graded"]
    failed = [r for r in results if r["status"] == "failed"]
    lines = ["# Grading summary", "", f"{len(results)} submissions: {len(graded)} graded, {len(failed)} failed.", ""]
    if pending:
        lines += [f"**Incomplete:** {pending} more not graded yet (the run is still going, or it was stopped: "
                  "run the same `np2jax grade` command again to grade only those).", ""]
    if failed:
        lines += ["## Failed (each with its reason)", ""]
        lines += [f"- {r['student']} / {Path(r['path']).name}: {r['reason']}" for r in failed] + [""]
    lines += ["## Exercises", "", "| exercise | passed | mean points |", "|---|---|---|"]
    for name, s in exercise_stats(results).items():
        mean = s["points"] / s["attempts"] if s["attempts"] else 0
        lines.append(f"| {name} | {s['passed']}/{s['attempts']} | {mean:.2f} / {s['max'] / max(s['attempts'], 1):g} |")
    return "\n".join(lines) + "\n"


def figure(results: list[dict], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_lesson: dict[str, list[float]] = defaultdict(list)
    for r in results:
        if r.get("notebook") and r["max_score"]:
            by_lesson[r["notebook"]].append(100 * r["score"] / r["max_score"])
    fig, ax = plt.subplots(figsize=(7, 3.5))
    if by_lesson:
        ax.hist(list(by_lesson.values()), bins=10, range=(0, 100), label=list(by_lesson), stacked=True)
        ax.legend(fontsize="small")
    ax.set_xlabel("score (% of the lesson's points)")
    ax.set_ylabel("submissions")
    ax.set_title("Score distribution")
    fig.tight_layout()
    image = io.BytesIO()
    fig.savefig(image, format="png", dpi=100)
    plt.close(fig)
    return write_atomically(path, image.getvalue())


def write(results: list[dict], out: Path, pending: int = 0) -> list[Path]:
    return [write_atomically(out / "summary.md", markdown(results, pending)), figure(results, out / "scores.png")]
