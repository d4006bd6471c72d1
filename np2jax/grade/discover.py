"""Find the submissions under the paths given to ``np2jax grade``.

Accepted layouts (relative to a folder given on the command line):
    <lesson>.ipynb                          one student's notebooks (student = the folder's name)
    <student>/<lesson>.ipynb                a class
    <student>/<assignment>/<lesson>.ipynb   nbgrader's submitted/ layout
A single file given directly is graded for the student named by its parent folder. Symbolic
links to folders are not followed; a linked notebook is found, then refused with a reason.
"""
from __future__ import annotations

import os
from pathlib import Path

from np2jax.grade.records import Found


def _student(name: str) -> str:
    """A folder name as text: bytes that are not UTF-8 become escapes (the name stays distinct)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _notebooks(folder: Path):
    for top, dirs, files in os.walk(folder):  # never follows links to folders
        dirs[:] = sorted(d for d in dirs if d != ".ipynb_checkpoints")
        for name in sorted(files):
            if name.endswith(".ipynb"):
                yield Path(top) / name


def find(paths: list[str | Path]) -> list[Found]:
    found: list[Found] = []
    for given in map(lambda p: Path(os.path.abspath(p)), paths):
        if given.is_file() or given.is_symlink():
            found.append(Found(_student(given.parent.name), given, given.parent))
            continue
        if not given.is_dir():
            raise FileNotFoundError(f"no such file or folder: {given}")
        for path in _notebooks(given):
            parts = path.relative_to(given).parts
            found.append(Found(_student(given.name if len(parts) == 1 else parts[0]), path, given))
    return found
