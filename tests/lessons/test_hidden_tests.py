"""Hidden tests stay hidden: what a student's feedback shows of a hidden check (its why and
hint) names the mistake, never the hidden inputs or the values they should give.
tests/exercises/test_variants.py checks the same on the feedback of every graded variant."""
from __future__ import annotations

import pytest

from np2jax import course
from tests.lessons.hidden import hidden_blocks, hidden_literals, leaks

LESSONS = course.lessons()


def test_a_hidden_input_in_a_message_is_found():
    assert set(leaks("mean_of(np.arange(5.0)) should be 2.0.", {"5.0", "np.arange(5.0)"})) == \
        {"5.0", "np.arange(5.0)", "should be 2"}
    assert leaks("for a 24 x 5 matrix", {"24"}) == ["24"]
    assert leaks("float32 results", {"32"}) == []  # a number inside a word is not that number
    assert leaks("a 2.5 s call", {"2"}) == []


def test_hidden_literals_are_found():
    assert {"(2, 4)", "[7, 0, 4, 3]", "[9.0, 0.0, 9.0, 3.0]", "16777216"} <= hidden_literals("00-numpy-api")


@pytest.mark.parametrize("lesson", LESSONS)
def test_hidden_checks_name_the_mistake_not_the_hidden_inputs(lesson):
    found = [f"{block.grade_id}: {leaks(text, block.literals)} in {text!r}"
             for block in hidden_blocks(lesson) for text in block.texts if leaks(text, block.literals)]
    assert not found, "hidden inputs or expected values in what feedback shows:\n" + "\n".join(found)
