"""The checks cannot be fooled by objects that lie about equality, and speak when they fail."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

from np2jax.learner import ExerciseFailure, expect


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __bool__(self):
        return True


class RiggedStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class RiggedArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), bool)


def test_equal_rejects_objects_that_claim_to_equal_everything():
    for liar in (AlwaysEqual(), RiggedStr("nope")):
        with pytest.raises(ExerciseFailure):
            expect.equal(liar, "float32", why="w")
    with pytest.raises(ExerciseFailure):
        expect.equal([AlwaysEqual()] * 3, [1, 2, 3], why="w")


def test_array_compares_plain_values_not_the_objects_methods():
    rigged = np.zeros(3).view(RiggedArray)
    with pytest.raises(ExerciseFailure):
        expect.array(rigged, [1.0, 2.0, 3.0], why="w")
    with pytest.raises(ExerciseFailure, match="should hold numbers"):
        expect.array(AlwaysEqual(), 3.0, why="w")


def test_that_needs_a_real_true():
    with pytest.raises(ExerciseFailure):
        expect.that(AlwaysEqual(), why="w")
    expect.that(bool(jnp.all(jnp.ones(2) > 0)), why="w")


def test_failure_names_why_detail_and_hint():
    with pytest.raises(ExerciseFailure) as info:
        expect.array(jnp.array([1.0, 2.0]), [1.0, 3.0], why="The second value is off.", hint="Add one.")
    text = str(info.value)
    assert text.startswith("✗ The second value is off.") and "Hint: Add one." in text
    assert "expected" in text and not text.startswith("AssertionError")


def test_shape_and_dtype_mismatches_are_reported():
    with pytest.raises(ExerciseFailure, match="shape"):
        expect.array(jnp.ones(2), np.ones(3), why="w")
    with pytest.raises(ExerciseFailure, match="dtype"):
        expect.array(jnp.ones(2), np.ones(2), why="w", dtype="float64")


def test_raises_reports_what_happened_instead():
    with pytest.raises(ExerciseFailure, match="raised nothing"):
        expect.raises(ValueError, lambda: None, why="w")
    with pytest.raises(ExerciseFailure, match="KeyError"):
        expect.raises(ValueError, lambda: {}["x"], why="w")
    assert isinstance(expect.raises(ValueError, lambda: int("x"), why="w"), ValueError)


def test_a_failing_test_block_prints_and_goes_on_for_learners(monkeypatch, capsys):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("NP2JAX_GRADING", raising=False)
    with expect.test():
        expect.that(False, why="the learner's mistake", hint="a hint")
    out = capsys.readouterr().out
    assert "✗ the learner's mistake" in out and "Hint: a hint" in out
    with expect.test():
        pass
    assert "✓ Visible checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("variable", ["NBGRADER_EXECUTION", "NP2JAX_GRADING"])
def test_a_failing_test_block_raises_under_a_grader(monkeypatch, variable):
    monkeypatch.setenv(variable, "autograde")
    with pytest.raises(ExerciseFailure):
        with expect.test():
            expect.that(False, why="wrong")


def test_a_real_error_in_a_test_block_is_explained_for_learners(monkeypatch, capsys):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("NP2JAX_GRADING", raising=False)
    with expect.test():
        raise NotImplementedError()
    assert "This exercise is not answered yet" in capsys.readouterr().out


def test_an_unanswered_stub_prints_instead_of_stopping_run_all():
    import ast

    from np2jax.learner.ipython import UNANSWERED, Unanswered

    tree = Unanswered().visit(ast.parse("x = 1\nraise NotImplementedError()\ny = x + 1\n"))
    printed = []
    exec(compile(tree, "<cell>", "exec"), {"print": printed.append})
    assert printed == [UNANSWERED]
    inside = Unanswered().visit(ast.parse("def f():\n    raise NotImplementedError()\n"))
    namespace = {}
    exec(compile(inside, "<cell>", "exec"), namespace)
    with pytest.raises(NotImplementedError):  # calling an unanswered function still fails
        namespace["f"]()
