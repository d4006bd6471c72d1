"""Where things live in the course: one folder per lesson, as nbgrader expects.

    solutions/<lesson>/<lesson>.ipynb   instructor source (nbgrader 'source' step)
    notebooks/<lesson>/<lesson>.ipynb   student version   (nbgrader 'release' step)
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def course_root() -> Path:
    """The course checkout; NP2JAX_COURSE overrides it (tests use temp copies)."""
    return Path(os.environ.get("NP2JAX_COURSE", ROOT)).resolve()


def solutions_dir(root: Path | None = None) -> Path:
    return (root or course_root()) / "solutions"


def notebooks_dir(root: Path | None = None) -> Path:
    return (root or course_root()) / "notebooks"


def lessons(root: Path | None = None) -> list[str]:
    """Lesson names in course order (their folders sort by number)."""
    src = solutions_dir(root)
    return sorted(p.name for p in src.iterdir() if (p / f"{p.name}.ipynb").is_file())


def source_notebook(lesson: str, root: Path | None = None) -> Path:
    return solutions_dir(root) / lesson / f"{lesson}.ipynb"


def released_notebook(lesson: str, root: Path | None = None) -> Path:
    return notebooks_dir(root) / lesson / f"{lesson}.ipynb"


def lesson_of(notebook_path: Path, root: Path | None = None) -> str | None:
    """Which lesson a submitted file is, judged by its file name ('02-prng-keys.ipynb')."""
    stem = Path(notebook_path).stem
    return stem if stem in lessons(root) else None
