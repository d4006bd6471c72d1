"""The errors JAX learners meet most are recognised from the real exceptions JAX raises."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import pytest

from np2jax.learner import explain


def item_assignment():
    jnp.arange(3)[0] = 1


def tracer_in_if():
    jax.jit(lambda x: 1 if x > 0 else 2)(1.0)


def tracer_in_range():
    jax.jit(lambda n: sum(range(n)))(3)


def tracer_to_numpy():
    import numpy as np

    jax.jit(lambda x: np.sin(x))(1.0)


def vmap_sizes():
    jax.vmap(lambda a, b: a + b)(jnp.ones(3), jnp.ones(4))


def vmap_in_axes_length():
    jax.vmap(lambda a, b: a + b, in_axes=(0,))(jnp.ones(3), jnp.ones(3))


def list_to_jnp():
    jnp.sum([1.0, 2.0])


def key_reuse():
    with jax.debug_key_reuse(True):
        key = jax.random.key(0)
        jax.random.normal(key)
        jax.random.normal(key)


def psum_unknown_axis():
    from jax.sharding import AxisType, PartitionSpec as P

    mesh = jax.make_mesh((1,), ("i",), axis_types=(AxisType.Auto,), devices=jax.devices()[:1])
    jax.shard_map(lambda x: jax.lax.psum(x, "j"), mesh=mesh, in_specs=P("i"), out_specs=P())(jnp.ones(2))


CASES = {
    item_assignment: "JAX arrays are immutable",
    tracer_in_if: "A traced value was used in Python control flow",
    tracer_in_range: "traced value was used as a Python integer|A concrete value was needed",
    tracer_to_numpy: "A traced value was passed to NumPy",
    vmap_sizes: "vmap was given batches of different sizes",
    vmap_in_axes_length: "vmap's in_axes do not fit the arguments",
    list_to_jnp: "jax.numpy wants arrays",
    key_reuse: "A PRNG key was used twice",
    psum_unknown_axis: "A collective named an axis the mesh does not have",
}


@pytest.mark.parametrize("trigger", CASES, ids=[f.__name__ for f in CASES])
def test_real_error_is_explained(trigger):
    import re

    with pytest.raises(Exception) as info:
        trigger()
    explanation = explain(info.value)
    assert explanation is not None, f"{type(info.value).__name__}: {info.value}"
    assert re.search(CASES[trigger], explanation.title)
    assert "See lesson" in explanation.render()


def test_unrelated_errors_are_not_explained():
    assert explain(ZeroDivisionError("division by zero")) is None
    with pytest.raises(AssertionError) as own:
        assert 1 + 1 == 3  # the learner's own bare assert is not a collective's
    assert explain(own.value) is None
    assert explain(ModuleNotFoundError("No module named 'jax.shard_map'")) is None


def test_check_failures_speak_for_themselves():
    from np2jax.learner import ExerciseFailure

    assert explain(ExerciseFailure("why", "hint")) is None


def test_traced_shape_and_unhashable_static_argument_are_explained():
    with pytest.raises(TypeError) as shape:
        jax.jit(lambda n: jnp.ones(n))(3)
    assert explain(shape.value).title == "A traced value was used as a shape"
    with pytest.raises(ValueError) as static:
        jax.jit(lambda x: x, static_argnums=0)(jnp.ones(2))
    assert explain(static.value).title == "A static argument must be hashable"
