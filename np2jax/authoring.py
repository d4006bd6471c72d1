"""Write nbgrader-format lesson notebooks from Python (lessons are usually edited in JupyterLab
with nbgrader's Create Assignment toolbar; this is the same metadata, for scripts and tests).

    nb = Notebook()
    nb.md("# Title")
    nb.setup("import jax.numpy as jnp", grade_id="l00-setup")
    nb.answer("l00-ex1", "def f(x):\\n    ### BEGIN SOLUTION\\n    return x\\n    ### END SOLUTION")
    nb.test("l00-ex1-test", "expect.array(f(1), 1, why='...')", points=2)
    nb.write(path)
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import v4


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


class Notebook:
    def __init__(self):
        self.nb = v4.new_notebook()
        self.nb.metadata = {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        }
        self._count = 0

    def _add(self, cell, tags=None):
        self._count += 1
        cell["id"] = f"cell-{self._count:03d}"
        if tags:
            cell.metadata["tags"] = list(tags)
        self.nb.cells.append(cell)
        return cell

    def md(self, text: str):
        return self._add(v4.new_markdown_cell(text.strip("\n")))

    def code(self, source: str, tags=None):
        """A demonstration cell; tag it 'raises-exception' when it is meant to fail."""
        return self._add(v4.new_code_cell(source.strip("\n")), tags)

    def setup(self, source: str, grade_id: str):
        cell = self._add(v4.new_code_cell(source.strip("\n")))
        cell.metadata["nbgrader"] = _meta(grade_id, grade=False, solution=False, locked=True)
        return cell

    def answer(self, grade_id: str, source: str):
        cell = self._add(v4.new_code_cell(source.strip("\n")))
        cell.metadata["nbgrader"] = _meta(grade_id, grade=False, solution=True, locked=False)
        return cell

    def test(self, grade_id: str, source: str, points: float):
        cell = self._add(v4.new_code_cell(source.strip("\n")))
        cell.metadata["nbgrader"] = _meta(grade_id, grade=True, solution=False, locked=True, points=points)
        return cell

    def write(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.validate(self.nb)
        path.write_text(nbformat.writes(self.nb) + "\n", encoding="utf-8")
        return path
