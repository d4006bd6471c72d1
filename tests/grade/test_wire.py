"""The plain-data wire between a submission's process and its judge: values survive a round
trip with their types, and a hostile message is refused, never turned into an object."""
from __future__ import annotations

import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.sharding import PartitionSpec

from np2jax.grade import wire


def round_trip(value, keep=None):
    kept = {}

    def store(obj):
        kept[len(kept) + 1] = obj
        return len(kept)

    message = json.loads(json.dumps(wire.Encoder(keep or store)(value), allow_nan=False))
    return wire.Decoder(lambda h: ("handle", h.id, h.type_name, h.callable))(message)


@pytest.mark.parametrize("value", [None, True, 3, -(2 ** 70), 2.5, float("inf"), "ünïcode", b"\x00\xff",
                                   1 + 2j, [1, "a"], (1, (2, None)), {"a": 1, 2: [3.0], (1, 2): None}])
def test_python_values_keep_their_type(value):
    back = round_trip(value)
    assert back == value and type(back) is type(value)


def test_nan_survives():
    assert np.isnan(round_trip(float("nan")))


def test_arrays_keep_dtype_shape_and_values():
    arr = np.arange(6, dtype=np.int16).reshape(2, 3)
    back = round_trip(arr)
    assert type(back) is np.ndarray and back.dtype == np.int16 and np.array_equal(back, arr)
    scalar = round_trip(np.float32(1.5))
    assert type(scalar) is np.float32 and scalar == 1.5
    assert round_trip(np.dtype("float64")) == np.dtype("float64")


def test_jax_arrays_stay_jax_arrays_and_keep_64_bits():
    back = round_trip(jnp.arange(3.0))
    assert isinstance(back, jax.Array) and back.dtype == jnp.float32
    with jax.enable_x64(True):
        wide = jnp.arange(3.0)
    assert wide.dtype == jnp.float64
    assert round_trip(wide).dtype == jnp.float64  # a learner's x64 result stays visibly 64-bit


def test_typed_keys_and_partition_specs():
    key = jax.random.key(7)
    back = round_trip(key)
    assert jax.dtypes.issubdtype(back.dtype, jax.dtypes.prng_key)
    assert np.array_equal(jax.random.key_data(back), jax.random.key_data(key))
    assert round_trip(PartitionSpec("x", None, ("x", "y"))) == PartitionSpec("x", None, ("x", "y"))


def test_library_functions_travel_by_name_and_others_as_handles():
    assert round_trip(jax.vmap) is jax.vmap and round_trip(jnp.sum) is jnp.sum

    def mine(x):
        return x

    class Thing:
        pass

    kind, _, type_name, is_callable = round_trip(mine)
    assert kind == "handle" and is_callable and type_name.endswith("function")
    assert round_trip(Thing())[3] is False


def test_subclasses_are_not_plain_data():
    class Sneaky(np.ndarray):
        def __eq__(self, other):
            return True

    assert round_trip(np.zeros(2).view(Sneaky))[0] == "handle"

    class MyInt(int):
        pass

    assert round_trip(MyInt(3))[0] == "handle"


@pytest.mark.parametrize("message", [
    {"$": "ndarray", "dtype": "object", "shape": [1], "data": ""},                 # no object arrays
    {"$": "ndarray", "dtype": "float32", "shape": [1 << 30], "data": "AAAA"},      # size mismatch
    {"$": "ndarray", "dtype": "float32", "shape": [-1], "data": ""},               # bad shape
    {"$": "ndarray", "dtype": "float32", "shape": [1], "data": "%%%%"},            # not base64
    {"$": "lib", "path": "os.system"},                                             # not a library
    {"$": "lib", "path": "numpy._core.multiarray"},                                # private names
    {"$": "pickle", "data": ""},                                                   # unknown tag
    {"$": "int", "v": "1" * 5000},                                                 # huge int
    {"$": "dict", "items": [[[1], 2]]},                                            # unhashable key
    {"$": "pspec", "items": [1]},                                                  # not axis names
    {"$": "handle", "id": "1", "type": "x"},                                       # bad handle
    {"no": "tag"},
])
def test_hostile_messages_are_refused(message):
    with pytest.raises(wire.WireError):
        wire.Decoder(lambda h: h)(message)


def test_depth_is_bounded():
    deep = "x"
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(wire.WireError):
        wire.Decoder(lambda h: h)(deep)
    with pytest.raises(wire.WireError):
        wire.Encoder(lambda v: 0)(deep)
