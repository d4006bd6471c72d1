"""What the notebooks import: checks that speak to the learner, and error explanations.

Test cells call ``expect.*``; a failed check raises :class:`ExerciseFailure`, whose message says
what is wrong, why, and a hint — never a bare AssertionError. In IPython, :func:`install` makes
failures print as a short message and adds an explanation under the JAX errors learners meet most.
"""
from np2jax.learner.failure import ExerciseFailure
from np2jax.learner import expect
from np2jax.learner.explain import explain
from np2jax.learner.ipython import install

__all__ = ["ExerciseFailure", "expect", "explain", "install"]
