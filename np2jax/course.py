"""Where the course lives: one :class:`Course` object names every folder, and the grading sandbox
hides what it names as private.

    solutions/<lesson>/<lesson>.ipynb   instructor source (nbgrader 'source' step)
    notebooks/<lesson>/<lesson>.ipynb   student version   (nbgrader 'release' step)
    submitted/, autograded/, feedback/  nbgrader's class folders
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The checkout this package was imported from (an editable install); after a plain
# `pip install`, it is site-packages' parent and not a course: see Course.find.
ROOT = Path(__file__).resolve().parent.parent


class CourseNotFound(RuntimeError):
    """No course folder could be found; the message says how to name one."""


def _is_course(folder: Path) -> bool:
    return (folder / "solutions").is_dir() and (folder / "nbgrader_config.py").is_file()


@dataclass(frozen=True)
class Course:
    root: Path

    @classmethod
    def find(cls, explicit: str | os.PathLike | None = None) -> "Course":
        """The course named by `explicit` (``--course DIR``), else $NP2JAX_COURSE, else the current
        folder or one above it, else the checkout the package runs from."""
        named = explicit or os.environ.get("NP2JAX_COURSE")
        if named:
            folder = Path(named).resolve()
            if not _is_course(folder):
                raise CourseNotFound(f"{folder} is not a course folder (it needs solutions/ and nbgrader_config.py)")
            return cls(folder)
        here = Path.cwd().resolve()
        for folder in (here, *here.parents, ROOT):
            if _is_course(folder):
                return cls(folder)
        raise CourseNotFound(
            "cannot find the course: run this from the course folder (the one with solutions/ and "
            "nbgrader_config.py), or pass --course DIR")

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    def lessons(self) -> list[str]:
        """Lesson names in course order (their folders sort by number)."""
        return sorted(p.name for p in self.solutions.iterdir() if (p / f"{p.name}.ipynb").is_file())

    def source(self, lesson: str) -> Path:
        return self.solutions / lesson / f"{lesson}.ipynb"

    def released(self, lesson: str) -> Path:
        return self.notebooks / lesson / f"{lesson}.ipynb"

    def lesson_of(self, notebook_path: Path) -> str | None:
        """Which lesson a submitted file is, judged by its file name ('02-prng-keys.ipynb')."""
        stem = Path(notebook_path).stem
        return stem if stem in self.lessons() else None

    def private(self) -> list[Path]:
        """What a submission must never see: sources, answers, class folders and gradebook."""
        names = ("solutions", "tests", "submitted", "autograded", "feedback", "exchange", "gradebook.db",
                 "graded", ".git")
        return [self.root / name for name in names]


@lru_cache(maxsize=None)
def _default(cwd: str, env: str | None) -> Course:
    return Course.find()


def default() -> Course:
    """The course for this process (see Course.find), looked up once per folder and setting."""
    return _default(os.getcwd(), os.environ.get("NP2JAX_COURSE"))


def _course(root: Path | None) -> Course:
    return Course(Path(root).resolve()) if root is not None else default()


# Shorthands on the default course (or the one at `root`), for tests and scripts.
def course_root() -> Path:
    return default().root


def solutions_dir(root: Path | None = None) -> Path:
    return _course(root).solutions


def notebooks_dir(root: Path | None = None) -> Path:
    return _course(root).notebooks


def lessons(root: Path | None = None) -> list[str]:
    return _course(root).lessons()


def source_notebook(lesson: str, root: Path | None = None) -> Path:
    return _course(root).source(lesson)


def released_notebook(lesson: str, root: Path | None = None) -> Path:
    return _course(root).released(lesson)


def lesson_of(notebook_path: Path, root: Path | None = None) -> str | None:
    return _course(root).lesson_of(notebook_path)
