"""``np2jax release``: regenerate notebooks/ from solutions/ with nbgrader's preprocessors.

The student version of a lesson is a pure function of its source: the same preprocessors, in the
same order, as ``nbgrader generate_assignment`` (less the database step), outputs cleared and the
JSON written the way nbformat writes it. So ``--check`` can rebuild in memory and compare bytes.
"""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from np2jax import course

# nbgrader's GenerateAssignment order, without SaveCells (it needs the gradebook database).
# ClearHiddenTests must follow the first ComputeChecksums; checksums are computed again after it.
_PIPELINE = [
    "IncludeHeaderFooter",
    "LockCells",
    "ClearSolutions",
    "ClearOutput",
    "CheckCellMetadata",
    "ComputeChecksums",
    "ClearHiddenTests",
    "ClearMarkScheme",
    "ComputeChecksums",
    "CheckCellMetadata",
]


def student_version(source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The released notebook for one source notebook (the source is left untouched)."""
    from nbgrader import preprocessors

    nb = copy.deepcopy(source)
    resources: dict = {"metadata": {"path": "."}}
    for name in _PIPELINE:
        nb, resources = getattr(preprocessors, name)().preprocess(nb, resources)
    nb.metadata.pop("celltoolbar", None)
    return nb


def render(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb, version=4) + "\n"


def _plan(root: Path, lesson_names: list[str] | None):
    for lesson in lesson_names or course.lessons(root):
        source = nbformat.read(course.source_notebook(lesson, root), as_version=4)
        yield lesson, course.released_notebook(lesson, root), render(student_version(source))


def release(root: Path | None = None, lesson_names: list[str] | None = None) -> list[Path]:
    """Write notebooks/<lesson>/<lesson>.ipynb for each lesson; return the files that changed."""
    root = root or course.course_root()
    changed = []
    for _, target, text in _plan(root, lesson_names):
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed


def stale(root: Path | None = None) -> list[str]:
    """Why notebooks/ is out of date, one line per file; empty when in sync."""
    root = root or course.course_root()
    problems = []
    for lesson, target, text in _plan(root, None):
        if not target.exists():
            problems.append(f"{target.relative_to(root)}: missing (run `np2jax release`)")
        elif target.read_text(encoding="utf-8") != text:
            problems.append(f"{target.relative_to(root)}: differs from solutions/{lesson} (run `np2jax release`)")
    released = {p.parent.name for p in course.notebooks_dir(root).glob("*/*.ipynb")}
    for orphan in sorted(released - set(course.lessons(root))):
        problems.append(f"notebooks/{orphan}: has no source in solutions/")
    return problems


def main(args) -> int:
    root = course.course_root()
    if args.check:
        problems = stale(root)
        for line in problems:
            print(f"stale: {line}")
        if not problems:
            print(f"notebooks/ is in sync with solutions/ ({len(course.lessons(root))} lessons)")
        return 1 if problems else 0
    changed = release(root, args.lessons or None)
    for path in changed:
        print(f"wrote {path.relative_to(root)}")
    print(f"{len(changed)} notebook(s) changed")
    return 0


def add_arguments(parser) -> None:
    parser.add_argument("lessons", nargs="*", help="lesson names (default: all)")
    parser.add_argument("--check", action="store_true", help="exit 1 if notebooks/ is stale, naming each file")
