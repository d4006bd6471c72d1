import functools


@functools.partial(jax.tree_util.register_dataclass, data_fields=["w", "b"], meta_fields=["activation"])
@dataclasses.dataclass(frozen=True)
class Linear:
    w: jax.Array
    b: jax.Array
    activation: str
