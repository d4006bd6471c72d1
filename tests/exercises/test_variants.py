"""Exercises have teeth: a differently written correct answer earns full marks, and every wrong
answer (one misconception each) earns less, with a message that explains instead of a bare
AssertionError, and no student's feedback shows a hidden test's inputs."""
from __future__ import annotations

import pytest

from np2jax import course
from tests.exercises.variants import exercise_tests, exercises, graded, variants
from tests.lessons.hidden import hidden_literals, leaks

ALL = variants()


def test_every_exercise_has_one_correct_and_two_wrong_variants():
    missing = []
    for lesson in course.lessons():
        for exercise in exercises(lesson):
            kinds = [v.correct for v in ALL if v.lesson == lesson and v.exercise == exercise]
            if kinds.count(True) < 1 or kinds.count(False) < 2:
                missing.append(f"{lesson}/{exercise}: {kinds.count(True)} correct, {kinds.count(False)} wrong")
    assert not missing, "exercises without enough answer variants:\n" + "\n".join(missing)


def test_every_variant_names_an_existing_exercise():
    strays = [v.id for v in ALL if v.lesson not in course.lessons() or v.exercise not in exercises(v.lesson)]
    assert not strays, f"variants for exercises that do not exist: {strays}"


@pytest.fixture(scope="module")
def variant_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("variants")


@pytest.mark.parametrize("variant", ALL, ids=[v.id for v in ALL])
def test_variant_is_graded_as_expected(variant, pool, variant_folder):
    result = graded(variant.lesson, pool, variant_folder)[variant.id]
    assert result.status == "graded", result.reason
    tests = exercise_tests(result, variant.exercise)
    assert tests, f"no test cell belongs to {variant.exercise}"
    earned = sum(t.score for t in tests)
    possible = sum(t.max_score for t in tests)
    messages = "\n".join(t.full_message for t in tests)
    if variant.correct:
        assert earned == possible, f"a correct answer lost points:\n{messages}"
    else:
        assert earned < possible, "a wrong answer earned full marks: the tests have no teeth here"
        failing = [t.full_message for t in tests if not t.passed]
        assert not any(m.startswith("✗ AssertionError") for m in failing), (
            f"the learner would see a bare AssertionError:\n{messages}")
    shown = "\n".join(t.message for t in result.tests.values())  # what the student's feedback says
    # Text the tests compute from visible inputs (a shape, say) may hold a small number by chance.
    leaked = leaks(shown, hidden_literals(variant.lesson), stated_values=False, shortest_number=3)
    assert not leaked, f"the student's feedback shows hidden-test inputs {leaked}:\n{shown}"
    others = [t for t in result.tests.values() if t.exercise != variant.exercise]
    assert all(t.passed for t in others), "changing one answer broke another exercise's tests"
