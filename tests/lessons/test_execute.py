"""Every claim runs: each source notebook executes top to bottom in a real Jupyter kernel, where
only cells tagged raises-exception may fail; graded, the sources earn full marks and the student
versions earn zero without breaking the grader."""
from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from np2jax import course
from np2jax.grade import grade_notebook
from np2jax.grade.limits import Limits

LESSONS = course.lessons()


@pytest.mark.parametrize("lesson", LESSONS)
def test_source_runs_in_a_real_kernel(lesson):
    path = course.source_notebook(lesson)
    nb = nbformat.read(path, as_version=4)
    env_path = os.pathsep.join(filter(None, [str(course.ROOT), os.environ.get("PYTHONPATH")]))
    os.environ["PYTHONPATH"] = env_path  # the kernel imports np2jax.learner like a learner's would
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError for any untagged failing cell
    tagged = [c for c in nb.cells if "raises-exception" in c.metadata.get("tags", [])]
    silent = [c.source.splitlines()[0] for c in tagged if not any(o.output_type == "error" for o in c.outputs)]
    assert not silent, f"cells tagged raises-exception that did not raise: {silent}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_source_earns_full_marks(lesson, pool):
    result = grade_notebook(course.source_notebook(lesson), "instructor", pool, Limits(cell_seconds=300))
    failing = {k: t.full_message for k, t in result.tests.items() if not t.passed}
    assert result.status == "graded", result.reason
    assert result.score == result.max_score > 0, failing
    # nbgrader scores a test cell 0 when it writes to stderr (JAX warnings do): none may.
    noisy = {k: t.stderr for k, t in result.tests.items() if t.stderr}
    assert not noisy, f"test cells wrote to stderr, which costs the points under nbgrader: {noisy}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_student_version_earns_zero(lesson, pool):
    result = grade_notebook(course.released_notebook(lesson), "blank", pool, Limits(cell_seconds=300))
    assert result.status == "graded", result.reason
    assert result.score == 0 and result.max_score > 0
