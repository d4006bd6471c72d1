"""Answer variants: tests/exercises/<lesson>/<exercise>/{correct,wrong}_<name>.py.

Each file is the whole source of that exercise's answer cell. A correct variant is written
differently from the solution and must earn the exercise's full marks; a wrong variant embodies
one misconception (its first line says which) and must earn less.
"""
from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat

from np2jax import cells as C, course
from np2jax.grade import grade_notebook
from np2jax.grade.limits import Limits

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Variant:
    lesson: str
    exercise: str
    path: Path

    @property
    def correct(self) -> bool:
        return self.path.name.startswith("correct")

    @property
    def id(self) -> str:
        return f"{self.lesson}/{self.exercise}/{self.path.stem}"


def variants(lesson: str | None = None) -> list[Variant]:
    found = []
    for path in sorted(HERE.glob("*/*/*.py")):
        if path.name.startswith(("correct", "wrong")) and (lesson is None or path.parts[-3] == lesson):
            found.append(Variant(path.parts[-3], path.parts[-2], path))
    return found


def exercises(lesson: str) -> list[str]:
    source = nbformat.read(course.source_notebook(lesson), as_version=4)
    return [C.grade_id(c) for c in source.cells if C.is_answer(c) and c.cell_type == "code"]


def submission_with(variant: Variant, folder: Path) -> Path:
    """The solution notebook with one answer cell swapped for the variant."""
    source = nbformat.read(course.source_notebook(variant.lesson), as_version=4)
    nb = copy.deepcopy(source)
    matched = [c for c in nb.cells if C.grade_id(c) == variant.exercise and C.is_answer(c)]
    assert matched, f"{variant.id}: no answer cell {variant.exercise!r} in {variant.lesson}"
    matched[0].source = variant.path.read_text(encoding="utf-8")
    target = folder / variant.id.replace("/", "__") / f"{variant.lesson}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target


@lru_cache(maxsize=None)
def graded(lesson: str, pool, folder: Path) -> dict:
    """Grade every variant of a lesson at once; results by variant id."""
    todo = variants(lesson)
    paths = [submission_with(v, folder) for v in todo]
    with ThreadPoolExecutor(max_workers=4) as executor:
        results = executor.map(
            lambda p: grade_notebook(p, "variant", pool, Limits(cell_seconds=120)), paths)
        return {v.id: r for v, r in zip(todo, results)}


def exercise_tests(result, exercise: str) -> list:
    return [t for t in result.tests.values() if t.exercise == exercise]
