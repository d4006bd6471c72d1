"""What the notebooks import: checks that speak to the learner, and error explanations.

Test cells are ``with expect.test(): ...`` blocks of ``expect.*`` checks; a failed check raises
:class:`ExerciseFailure`, whose message says what is wrong, why, and a hint, never a bare
AssertionError. ``probe`` holds the helpers a test uses for work that must happen beside the
learner's code (see its docstring). In IPython, :func:`install` makes failures print as a short
message, explains the JAX errors learners meet most, and lets Run All pass unanswered exercises.
"""
from np2jax.learner.failure import ExerciseFailure
from np2jax.learner import expect, probe
from np2jax.learner.explain import explain
from np2jax.learner.ipython import install

__all__ = ["ExerciseFailure", "expect", "explain", "install", "probe"]
