"""Find the submissions under the paths given to ``np2jax grade``.

Accepted layouts (relative to a folder given on the command line):
    <lesson>.ipynb                          one student's notebooks (student = the folder's name)
    <student>/<lesson>.ipynb                a class
    <student>/<assignment>/<lesson>.ipynb   nbgrader's submitted/ layout
A single file given directly is graded for the student named by its parent folder.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path

    @property
    def lesson_hint(self) -> str:
        """The lesson the file claims to be, by its name."""
        return self.path.stem


def _notebooks(folder: Path):
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" not in path.parts:
            yield path


def find(paths: list[str | Path]) -> list[Submission]:
    found: list[Submission] = []
    for given in map(Path, paths):
        if given.is_file():
            found.append(Submission(given.resolve().parent.name, given))
            continue
        if not given.is_dir():
            raise FileNotFoundError(f"no such file or folder: {given}")
        for path in _notebooks(given):
            parts = path.relative_to(given).parts
            student = given.resolve().name if len(parts) == 1 else parts[0]
            found.append(Submission(student, path))
    return found
